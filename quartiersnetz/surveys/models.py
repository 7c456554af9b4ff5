"""Instruments (blocks, items), their frozen versions, waves, personal invitations (token links) and responses.

Data flows once: answers are stored here; the network analysis reads declared ties from network items through
`surveys.selectors.declared_tie_rows`, the statistics come from `analytics.survey_stats`.

Anonymous waves: a response is written without any link to its invitation, organisation or person (no foreign
key, a random UUID as primary key, the date only), and the invitation is only marked as submitted. Drafts of an
anonymous wave are kept on the invitation until submission and then deleted.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import ActorType, ContactPerson, Organisation
from quartiersnetz.core.models import ImportBatch, Programme, Quartier

from .choices import (
    ConditionOperator,
    InvitationStatus,
    ItemType,
    ResponseSource,
    WavePurpose,
    WaveStatus,
)


class Instrument(models.Model):
    """Fragebogen. Without a programme it belongs to the library (e.g. the preloaded seed instruments)."""

    slug = models.SlugField(_("Short name"), max_length=80, unique=True)
    title = models.CharField(_("Title"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    source = models.CharField(_("Source"), max_length=300, blank=True,
                              help_text=_("Where the wording comes from, e.g. a report."))
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="survey_instruments",
        verbose_name=_("Programme"), help_text=_("Empty: library instrument, available to every programme."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Created by"))
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("Survey instrument")
        verbose_name_plural = _("Survey instruments")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:instrument_detail", kwargs={"pk": self.pk})


class Block(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="blocks",
                                   verbose_name=_("Survey instrument"))
    code = models.CharField(_("Number"), max_length=20)
    title = models.CharField(_("Title"), max_length=200)
    intro = models.TextField(_("Introduction"), blank=True, help_text=_("Shown above the block's questions."))
    order = models.PositiveSmallIntegerField(_("Order"), default=0)

    class Meta:
        ordering = ["instrument", "order", "pk"]
        verbose_name = _("Block")
        verbose_name_plural = _("Blocks")
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="survey_block_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Item(models.Model):
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="items", verbose_name=_("Block"))
    code = models.CharField(_("Number"), max_length=20, help_text=_("Unique in the instrument, e.g. “2.5”."))
    text = models.TextField(_("Wording"))
    short_label = models.CharField(_("Chart label"), max_length=200, blank=True)
    reversed_label = models.CharField(
        _("Label when reverse-coded"), max_length=200, blank=True,
        help_text=_("The mirrored statement shown in charts, e.g. “Kooperationsstrukturen sind gefestigt und "
                    "dauerhaft”."),
    )
    item_type = models.CharField(_("Question type"), max_length=10, choices=ItemType.choices)
    scale_min = models.SmallIntegerField(_("Scale minimum"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("Scale maximum"), null=True, blank=True)
    scale_labels = models.JSONField(_("Labels of the scale points"), default=list, blank=True)
    reverse_coded = models.BooleanField(_("Reverse-coded"), default=False,
                                        help_text=_("Values are mirrored (min + max − value) in every evaluation."))
    dont_know = models.BooleanField(_("Offer “don't know / no answer”"), default=True,
                                    help_text=_("Counted as missing in every evaluation."))
    choices = models.JSONField(_("Answer options"), default=list, blank=True,
                               help_text=_("For single and multiple choice: list of {value, label}."))
    rows = models.JSONField(_("Matrix statements"), default=list, blank=True,
                            help_text=_("For matrix questions: list of {code, text}."))
    min_value = models.FloatField(_("Smallest number"), null=True, blank=True)
    max_value = models.FloatField(_("Largest number"), null=True, blank=True)
    required = models.BooleanField(_("Answer required"), default=False)
    condition_item = models.CharField(_("Show only if question"), max_length=20, blank=True)
    condition_operator = models.CharField(_("Condition"), max_length=10, choices=ConditionOperator.choices,
                                          blank=True)
    condition_value = models.CharField(_("Condition value"), max_length=100, blank=True)
    wording_published = models.BooleanField(
        _("Wording published"), default=True,
        help_text=_("No: the source does not publish the wording; the text describes the item."),
    )
    note = models.TextField(_("Note"), blank=True)
    order = models.PositiveSmallIntegerField(_("Order"), default=0)

    class Meta:
        ordering = ["block__order", "order", "pk"]
        verbose_name = _("Question")
        verbose_name_plural = _("Questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_min__isnull=True) | Q(scale_max__isnull=True)
                | Q(scale_max__gt=models.F("scale_min")),
                name="survey_item_scale_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.short_label or self.text[:60]}"


class InstrumentVersion(models.Model):
    """A frozen copy of an instrument as it was fielded (JSON snapshot, see `surveys.spec`)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions",
                                   verbose_name=_("Survey instrument"))
    number = models.PositiveSmallIntegerField(_("Version"))
    snapshot = models.JSONField(_("Snapshot"))
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)

    class Meta:
        ordering = ["instrument", "-number"]
        verbose_name = _("Instrument version")
        verbose_name_plural = _("Instrument versions")
        constraints = [models.UniqueConstraint(fields=["instrument", "number"], name="survey_version_unique")]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.number}"


class Wave(models.Model):
    """Befragungswelle: one fielding of one instrument version in one or more Quartiere of a programme."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="waves",
                                   verbose_name=_("Survey instrument"))
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="waves",
                                verbose_name=_("Instrument version"))
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="survey_waves",
                                  verbose_name=_("Programme"))
    quartiere = models.ManyToManyField(Quartier, related_name="survey_waves", verbose_name=_("Neighbourhoods"))
    actor_types = models.ManyToManyField(ActorType, blank=True, related_name="+", verbose_name=_("Actor types"),
                                         help_text=_("Sample: organisations of these types (empty: all types)."))
    title = models.CharField(_("Title"), max_length=200)
    code = models.CharField(_("Short label"), max_length=20, help_text=_("E.g. “W1”; used in charts and exports."))
    purpose = models.CharField(_("Purpose"), max_length=12, choices=WavePurpose.choices, default=WavePurpose.OTHER)
    status = models.CharField(_("Status"), max_length=8, choices=WaveStatus.choices, default=WaveStatus.DRAFT)
    anonymous = models.BooleanField(
        _("Anonymous"), default=False,
        help_text=_("Responses cannot be linked to the invitation, organisation or person. Network questions "
                    "are not possible."),
    )
    block_codes = models.JSONField(
        _("Blocks"), default=list, blank=True,
        help_text=_("Numbers of the blocks asked in this wave (empty: all), e.g. wave 1 of seed 000: 1–5."),
    )
    opens_on = models.DateField(_("Opens on"), null=True, blank=True)
    closes_on = models.DateField(_("Closes on"), null=True, blank=True)
    intro = models.TextField(_("Introduction for respondents"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Created by"))
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("Survey wave")
        verbose_name_plural = _("Survey waves")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(opens_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="survey_wave_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:wave_detail", kwargs={"pk": self.pk})


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """A personal link (token) for one institution of the sample. One submission per token."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("Wave"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("Organisation"))
    contact = models.ForeignKey(ContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("Contact person"))
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("Neighbourhood"))
    actor_type = models.ForeignKey(ActorType, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("Actor type"), help_text=_("Top-level type at sampling."))
    status = models.CharField(_("Status"), max_length=10, choices=InvitationStatus.choices,
                              default=InvitationStatus.INVITED)
    draft = models.JSONField(_("Saved answers"), default=dict, blank=True)
    sent_at = models.DateTimeField(_("Invitation sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("Last reminder"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("Reminders"), default=0)
    submitted_on = models.DateField(_("Submitted on"), null=True, blank=True)

    class Meta:
        ordering = ["wave", "quartier__city", "quartier__name", "organisation__name", "pk"]
        verbose_name = _("Invitation")
        verbose_name_plural = _("Invitations")
        constraints = [
            models.UniqueConstraint(fields=["wave", "organisation", "quartier"], name="survey_invitation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.wave.code}: {self.organisation}"


class Response(models.Model):
    """Submitted answers {item code: value}. In anonymous waves `invitation` and `organisation` stay empty."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses", verbose_name=_("Wave"))
    invitation = models.OneToOneField(Invitation, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="response", verbose_name=_("Invitation"))
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("Organisation"))
    quartier = models.ForeignKey(Quartier, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("Neighbourhood"))
    actor_type = models.ForeignKey(ActorType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("Actor type"))
    answers = models.JSONField(_("Answers"), default=dict)
    source = models.CharField(_("Source"), max_length=8, choices=ResponseSource.choices,
                              default=ResponseSource.ONLINE)
    import_batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("Import"))
    submitted_on = models.DateField(_("Submitted on"))

    class Meta:
        ordering = ["wave", "submitted_on", "id"]
        verbose_name = _("Response")
        verbose_name_plural = _("Responses")
        indexes = [models.Index(fields=["wave", "quartier"])]

    def __str__(self) -> str:
        return f"{self.wave.code} {self.submitted_on:%d.%m.%Y}"
