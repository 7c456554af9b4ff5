"""Offers (Angebote) of a Quartier: what is offered, by whom, for whom, where and when.

The target groups (Zielgruppen) and topics (Handlungsfelder) are configurable taxonomies; their defaults come from
the data migration `0002_default_taxonomies`. Every offer belongs to one Quartier (its access scope) and one
provider organisation active there; partner organisations of the same Quartier may run it together with the
provider (a joint offer: a source of ties in the network analysis). Its contact person is personal data: the
public directory shows an offer only when the contact person's publication consent is active (see
`selectors.public_offer_list`).

HSDS identifiers: `Offer.hsds_id` and `OfferLocation.hsds_id` are the ids used in HSDS exports and matched on
import (per Quartier), so that importing the same package twice updates and never duplicates.
`HsdsOrganisationLink` remembers which HSDS organization id stands for which organisation in a Quartier.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import ContactPerson, Organisation
from quartiersnetz.core.models import Quartier

from .choices import AccessRoute, DuplicateVerdict, LegalBasis, OfferStatus


def new_hsds_id() -> str:
    return str(uuid.uuid4())


class TaxonomyTerm(models.Model):
    slug = models.SlugField(_("Short name"), max_length=60, unique=True)
    name = models.CharField(_("Label"), max_length=100, unique=True)
    description = models.TextField(_("Description"), blank=True)
    order = models.PositiveSmallIntegerField(_("Order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class TargetGroup(TaxonomyTerm):
    """Zielgruppe, e.g. Langzeitarbeitslose, Alleinerziehende."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("Target group")
        verbose_name_plural = _("Target groups")


class Topic(TaxonomyTerm):
    """Handlungsfeld, e.g. Beratung, Qualifizierung, Sprache."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("Field of action")
        verbose_name_plural = _("Fields of action")


class Offer(models.Model):
    quartier = models.ForeignKey(
        Quartier, on_delete=models.PROTECT, related_name="offers", verbose_name=_("Neighbourhood")
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="offers", verbose_name=_("Provider")
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_offers", verbose_name=_("Partner organisations"),
        help_text=_("Organisations of the neighbourhood that run the offer together with the provider."),
    )
    title = models.CharField(_("Title"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="offers", verbose_name=_("Target groups")
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="offers", verbose_name=_("Fields of action"))
    legal_basis = models.CharField(
        _("Legal basis"), max_length=12, choices=LegalBasis.choices, blank=True
    )
    in_quartier = models.BooleanField(
        _("Offered in the neighbourhood"), default=True,
        help_text=_("Uncheck for offers outside the neighbourhood that residents are referred to."),
    )
    opening_hours = models.JSONField(
        _("Opening hours"), default=list, blank=True,
        help_text=_("Per weekday: list of {weekday: 1–7, opens: HH:MM, closes: HH:MM}."),
    )
    opening_hours_note = models.CharField(_("Note on opening hours"), max_length=300, blank=True)
    languages = models.CharField(
        _("Languages"), max_length=300, blank=True, help_text=_("Separated by commas, e.g. “Deutsch, Türkisch”.")
    )
    costs = models.CharField(_("Costs"), max_length=200, blank=True, help_text=_("E.g. “free of charge”."))
    access_route = models.CharField(_("Access route"), max_length=12, choices=AccessRoute.choices, blank=True)
    access_note = models.TextField(_("How to get the offer"), blank=True)
    capacity = models.PositiveIntegerField(_("Capacity (places)"), null=True, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.ACTIVE)
    valid_from = models.DateField(_("Valid from"), null=True, blank=True)
    valid_until = models.DateField(_("Valid until"), null=True, blank=True)
    contact = models.ForeignKey(
        ContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="offers",
        verbose_name=_("Contact person"),
    )
    url = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("E-mail"), blank=True)
    phone = models.CharField(_("Phone"), max_length=50, blank=True)
    hsds_id = models.CharField(_("HSDS id"), max_length=100, default=new_hsds_id)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Created by"),
    )
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("Offer")
        verbose_name_plural = _("Offers")
        constraints = [
            models.UniqueConstraint(fields=["quartier", "hsds_id"], name="offer_hsds_id_unique_per_quartier"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="offer_valid_range",
            ),
        ]
        indexes = [models.Index(fields=["quartier", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("offers:offer_detail", kwargs={"pk": self.pk})

    @property
    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]


def _coordinate(label, limit):
    return models.DecimalField(
        label, max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-limit), MaxValueValidator(limit)],
    )


class OfferLocation(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="locations", verbose_name=_("Offer"))
    name = models.CharField(_("Name of the place"), max_length=200, blank=True)
    street = models.CharField(_("Street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postcode"), max_length=5, blank=True)
    city = models.CharField(_("Town"), max_length=100, blank=True)
    latitude = _coordinate(_("Latitude"), 90)
    longitude = _coordinate(_("Longitude"), 180)
    accessibility = models.TextField(
        _("Accessibility"), blank=True, help_text=_("E.g. step-free entrance, accessible toilet, induction loop.")
    )
    transportation = models.CharField(_("Public transport"), max_length=300, blank=True)
    hsds_id = models.CharField(_("HSDS id"), max_length=100, default=new_hsds_id)

    class Meta:
        ordering = ["offer", "pk"]
        verbose_name = _("Location")
        verbose_name_plural = _("Locations")
        constraints = [
            models.UniqueConstraint(fields=["offer", "hsds_id"], name="offerlocation_hsds_id_unique_per_offer"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="offerlocation_both_coordinates",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.address or str(self.offer)

    @property
    def address(self) -> str:
        town = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (self.street, town) if p)


class HsdsOrganisationLink(models.Model):
    """The HSDS organization id under which an organisation is known in a Quartier's HSDS data."""

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="+", verbose_name=_("Neighbourhood"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("Organisation")
    )
    hsds_id = models.CharField(_("HSDS id"), max_length=100)

    class Meta:
        verbose_name = _("HSDS organisation id")
        verbose_name_plural = _("HSDS organisation ids")
        constraints = [
            models.UniqueConstraint(fields=["quartier", "hsds_id"], name="hsdslink_id_unique_per_quartier"),
            models.UniqueConstraint(fields=["quartier", "organisation"], name="hsdslink_org_unique_per_quartier"),
        ]

    def __str__(self) -> str:
        return f"{self.hsds_id} → {self.organisation}"


class DuplicateAssessment(models.Model):
    """A coach's verdict on a pair of offers flagged as a possible duplicate structure. `offer_a` has the smaller
    id, so each pair has exactly one assessment."""

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="+", verbose_name=_("Neighbourhood"))
    offer_a = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+", verbose_name=_("Offer"))
    offer_b = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+", verbose_name=_("Similar offer"))
    verdict = models.CharField(_("Assessment"), max_length=10, choices=DuplicateVerdict.choices)
    score = models.DecimalField(_("Similarity"), max_digits=4, decimal_places=3)
    note = models.TextField(_("Note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Assessed by"),
    )
    assessed_at = models.DateTimeField(_("Assessed"), auto_now=True)

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        verbose_name = _("Duplicate assessment")
        verbose_name_plural = _("Duplicate assessments")
        constraints = [
            models.UniqueConstraint(fields=["offer_a", "offer_b"], name="duplicateassessment_unique_pair"),
            models.CheckConstraint(condition=Q(offer_a__lt=F("offer_b")), name="duplicateassessment_ordered_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_a} – {self.offer_b}: {self.get_verdict_display()}"
