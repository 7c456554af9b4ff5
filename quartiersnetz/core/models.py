"""Programme, Quartier, users and roles, consent and audit: what every other app stands on."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ApproachType, AuditAction, ConsentMethod, ConsentPurpose, Role


class Programme(models.Model):
    slug = models.SlugField(_("Short name (URL)"), max_length=60, unique=True)
    name = models.CharField(_("Name"), max_length=200, unique=True)
    funder = models.CharField(_("Funder"), max_length=200, blank=True)
    description = models.TextField(_("Description"), blank=True)
    start = models.DateField(_("Start date"), null=True, blank=True)
    end = models.DateField(_("End date"), null=True, blank=True)
    min_cell_size = models.PositiveSmallIntegerField(
        _("Minimum cell size"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_("Smaller groups are suppressed in every evaluation."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Programme")
        verbose_name_plural = _("Programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="programme_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Quartier(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="quartiere", verbose_name=_("Programme")
    )
    slug = models.SlugField(_("Short name (URL)"), max_length=80, unique=True)
    city = models.CharField(_("City"), max_length=100)
    name = models.CharField(_("Neighbourhood"), max_length=150)
    label = models.CharField(
        _("Display name"), max_length=200, blank=True,
        help_text=_("As the neighbourhood is usually called, e.g. “Oberhausen Innenstadt/Alt-Oberhausen”. "
                    "Empty: city and neighbourhood joined by a hyphen."),
    )
    population = models.PositiveIntegerField(_("Population"), null=True, blank=True)
    population_approx = models.BooleanField(_("Population is approximate"), default=False)
    unemployment_rate = models.DecimalField(
        _("Unemployment rate (%)"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    sgb2_quota = models.DecimalField(
        _("SGB II quota (%)"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    provider = models.CharField(_("Provider"), max_length=200, blank=True)
    coach_fte = models.DecimalField(
        _("Network coaching posts (FTE)"), max_digits=4, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    coach_count = models.PositiveSmallIntegerField(_("Number of network coaches"), null=True, blank=True)
    loi_partners = models.PositiveSmallIntegerField(_("Partners with letter of intent"), null=True, blank=True)
    approach_type = models.CharField(_("Approach"), max_length=30, choices=ApproachType.choices, blank=True)
    starting_situation = models.TextField(_("Starting situation"), blank=True)
    start = models.DateField(_("Project start"), null=True, blank=True)
    end = models.DateField(_("Project end"), null=True, blank=True)
    extended_until = models.DateField(_("Extended until"), null=True, blank=True)
    boundary = models.JSONField(_("Boundary (GeoJSON)"), null=True, blank=True)
    description = models.TextField(_("Description"), blank=True)

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("Neighbourhood")
        verbose_name_plural = _("Neighbourhoods")
        constraints = [
            models.UniqueConstraint(fields=["programme", "city", "name"], name="quartier_unique_per_programme"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="quartier_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.label:
            return self.label
        return f"{self.city}-{self.name}" if self.name else self.city

    def get_absolute_url(self) -> str:
        return reverse("core:quartier_detail", kwargs={"slug": self.slug})


class User(AbstractUser):
    """A login. What it may see comes only from its role assignments (see core.access)."""

    class Meta:
        verbose_name = _("User account")
        verbose_name_plural = _("User accounts")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("User"))
    role = models.CharField(_("Role"), max_length=20, choices=Role.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("Programme")
    )
    quartier = models.ForeignKey(
        Quartier, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("Neighbourhood")
    )
    organisation = models.ForeignKey(
        "actors.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("Organisation"),
    )

    class Meta:
        verbose_name = _("Role assignment")
        verbose_name_plural = _("Role assignments")
        constraints = [
            # Expressions instead of nulls_distinct=False, which SQLite lacks.
            models.UniqueConstraint(
                "user", "role", Coalesce("programme", 0), Coalesce("quartier", 0), Coalesce("organisation", 0),
                name="roleassignment_unique",
            ),
            # Each role carries exactly the anchor it is scoped by.
            models.CheckConstraint(
                name="roleassignment_anchor_matches_role",
                condition=(
                    Q(role=Role.ADMIN, programme__isnull=True, quartier__isnull=True, organisation__isnull=True)
                    | Q(role__in=[Role.COORDINATION, Role.EVALUATION], programme__isnull=False,
                        quartier__isnull=True, organisation__isnull=True)
                    | Q(role__in=[Role.COACH, Role.CONTACT_POINT], quartier__isnull=False,
                        programme__isnull=True, organisation__isnull=True)
                    | Q(role=Role.PARTNER, organisation__isnull=False, programme__isnull=True,
                        quartier__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        anchor = self.programme or self.quartier or self.organisation
        return f"{self.get_role_display()} – {anchor}" if anchor else self.get_role_display()


class ConsentRecord(models.Model):
    """Consent of a person (contact person, later residents) for one purpose; withdrawal keeps the record."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    purpose = models.CharField(_("Purpose"), max_length=20, choices=ConsentPurpose.choices)
    given_on = models.DateField(_("Given on"))
    method = models.CharField(_("How consent was given"), max_length=20, choices=ConsentMethod.choices)
    scope_note = models.CharField(_("Scope / recipients"), max_length=300, blank=True)
    valid_until = models.DateField(_("Valid until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("Withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Recorded by")
    )
    recorded_at = models.DateTimeField(_("Recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("Consent")
        verbose_name_plural = _("Consents")
        indexes = [models.Index(fields=["content_type", "object_id", "purpose"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_until_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_on:%d.%m.%Y})"

    def is_active(self, on=None) -> bool:
        on = on or timezone.localdate()
        if self.given_on > on:
            return False
        if self.withdrawn_on and self.withdrawn_on <= on:
            return False
        return not (self.valid_until and self.valid_until < on)


class AuditLogEntry(models.Model):
    """Who changed which personal-data object and which fields. Values are not copied here."""

    timestamp = models.DateTimeField(_("Time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("User")
    )
    username = models.CharField(_("Username"), max_length=150, blank=True)
    action = models.CharField(_("Action"), max_length=10, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("Object type"))
    object_id = models.PositiveBigIntegerField(_("Object ID"))
    object_repr = models.CharField(_("Object"), max_length=200)
    fields = models.JSONField(_("Fields"), default=list, blank=True)
    quartier = models.ForeignKey(
        Quartier, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Neighbourhood")
    )
    remote_addr = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-timestamp", "-id"]
        verbose_name = _("Audit log entry")
        verbose_name_plural = _("Audit log")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.timestamp:%d.%m.%Y %H:%M} {self.username} {self.get_action_display()} {self.object_repr}"


class ApiToken(models.Model):
    """Token for scripts. Only a SHA-256 hash is stored; the key is shown once on creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("User"))
    name = models.CharField(_("Label"), max_length=100)
    prefix = models.CharField(_("Prefix"), max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("Expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("Last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def generate_key() -> str:
        return "qn_" + secrets.token_urlsafe(32)


class ImportBatch(models.Model):
    """An uploaded file waiting for confirmation: the preview reads it, the confirmation imports it."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Preview")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("Kind"), max_length=40)
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("Created by"))
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    quartier = models.ForeignKey(
        Quartier, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("Neighbourhood")
    )
    filename = models.CharField(_("File"), max_length=255)
    content = models.BinaryField()
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Import")
        verbose_name_plural = _("Imports")

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename}"

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
