"""Organisations (Akteure) of a Quartier, their type taxonomy and their contact persons."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.models import ConsentRecord, Quartier

from .choices import ContactLevel, LegalDomain


class ActorType(models.Model):
    """Akteurstyp after seed 000 (Kommune, Jobcenter, …); multipliers have subtypes (Kita, Moschee, …)."""

    slug = models.SlugField(_("Short name"), max_length=60, unique=True)
    name = models.CharField(_("Label"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("Parent type"),
    )
    legal_domain = models.CharField(_("Legal domain"), max_length=10, choices=LegalDomain.choices, blank=True)
    description = models.TextField(_("Description"), blank=True)
    colour = models.CharField(_("Colour"), max_length=7, default="#5a6b7b")
    order = models.PositiveSmallIntegerField(_("Order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Actor type")
        verbose_name_plural = _("Actor types")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Short name"), max_length=60, blank=True)
    actor_type = models.ForeignKey(
        ActorType, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("Actor type")
    )
    quartiere = models.ManyToManyField(
        Quartier, related_name="organisations", verbose_name=_("Neighbourhoods"),
        help_text=_("Neighbourhoods in which the organisation is active."),
    )
    legal_domain = models.CharField(_("Legal domain"), max_length=10, choices=LegalDomain.choices, blank=True)
    street = models.CharField(_("Street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postcode"), max_length=5, blank=True)
    city = models.CharField(_("Town"), max_length=100, blank=True)
    phone = models.CharField(_("Phone"), max_length=50, blank=True)
    email = models.EmailField(_("E-mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    description = models.TextField(_("Description"), blank=True)
    latitude = models.DecimalField(_("Latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("Longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisations")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actors:organisation_detail", kwargs={"pk": self.pk})


class ContactPerson(models.Model):
    """Ansprechperson: personal data. Every change is audited; contact details need consent to be shown."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("Organisation")
    )
    first_name = models.CharField(_("First name"), max_length=100)
    last_name = models.CharField(_("Last name"), max_length=100)
    function = models.CharField(_("Function"), max_length=150, blank=True)
    level = models.CharField(_("Level"), max_length=10, choices=ContactLevel.choices, blank=True)
    decision_authority = models.BooleanField(_("Decision authority"), default=False)
    is_deputy = models.BooleanField(_("Deputy"), default=False)
    email = models.EmailField(_("E-mail"), blank=True)
    phone = models.CharField(_("Phone (direct line)"), max_length=50, blank=True)
    valid_from = models.DateField(_("Responsible since"), null=True, blank=True)
    valid_until = models.DateField(_("Responsible until"), null=True, blank=True)
    note = models.TextField(_("Note"), blank=True)
    consents = GenericRelation(ConsentRecord, related_query_name="contact_person")
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    # Fields whose display depends on consent (see actors.selectors.contact_person_view).
    CONTACT_FIELDS = ("email", "phone")

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("Contact person")
        verbose_name_plural = _("Contact persons")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="contactperson_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("actors:contact_detail", kwargs={"pk": self.pk})
