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

    slug = models.SlugField(_("Kurzname"), max_length=60, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("Übergeordneter Typ"),
    )
    legal_domain = models.CharField(_("Rechtskreis"), max_length=10, choices=LegalDomain.choices, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    colour = models.CharField(_("Farbe"), max_length=7, default="#5a6b7b")
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Akteurstyp")
        verbose_name_plural = _("Akteurstypen")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True)
    actor_type = models.ForeignKey(
        ActorType, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("Akteurstyp")
    )
    quartiere = models.ManyToManyField(
        Quartier, related_name="organisations", verbose_name=_("Quartiere"),
        help_text=_("Quartiere, in denen die Organisation aktiv ist."),
    )
    legal_domain = models.CharField(_("Rechtskreis"), max_length=10, choices=LegalDomain.choices, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("PLZ"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    latitude = models.DecimalField(_("Breitengrad"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
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
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    function = models.CharField(_("Funktion"), max_length=150, blank=True)
    level = models.CharField(_("Ebene"), max_length=10, choices=ContactLevel.choices, blank=True)
    decision_authority = models.BooleanField(_("Entscheidungskompetenz"), default=False)
    is_deputy = models.BooleanField(_("Vertretung"), default=False)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon (Durchwahl)"), max_length=50, blank=True)
    valid_from = models.DateField(_("Zuständig seit"), null=True, blank=True)
    valid_until = models.DateField(_("Zuständig bis"), null=True, blank=True)
    note = models.TextField(_("Notiz"), blank=True)
    consents = GenericRelation(ConsentRecord, related_query_name="contact_person")
    created_at = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert"), auto_now=True)

    # Fields whose display depends on consent (see actors.selectors.contact_person_view).
    CONTACT_FIELDS = ("email", "phone")

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
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
