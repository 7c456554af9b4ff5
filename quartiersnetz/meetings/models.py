"""Network work of a Quartier: bodies (Gremien) and their members, meetings with attendance, minutes and decisions,
tasks, agreements with measurable commitments, and the coach's work log.

Attendance, memberships and agreement parties are stored where they happen; the network-analysis issue derives
ties from them through `meetings.selectors` (co-attendance, co-membership, joint agreements) without copying rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.models import Quartier

from .choices import (
    ActivityType,
    AgreementKind,
    AttendanceLevel,
    CommitmentPeriod,
    ImpactLevel,
    MeetingStatus,
    MemberRole,
    Rhythm,
    TaskStatus,
)

ORGANISATION = "actors.Organisation"
CONTACT_PERSON = "actors.ContactPerson"


class BodyType(models.Model):
    """Kind of body (Steuerungsgruppe, Runder Tisch, …); configurable in the administration."""

    slug = models.SlugField(_("Short name"), max_length=60, unique=True)
    name = models.CharField(_("Label"), max_length=100, unique=True)
    description = models.TextField(_("Description"), blank=True)
    order = models.PositiveSmallIntegerField(_("Order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Body type")
        verbose_name_plural = _("Body types")

    def __str__(self) -> str:
        return self.name


class Body(models.Model):
    """Gremium: Steuerungsgruppe, Runder Tisch, Arbeitskreis … of one Quartier."""

    quartier = models.ForeignKey(
        Quartier, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("Neighbourhood")
    )
    body_type = models.ForeignKey(
        BodyType, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("Body type")
    )
    name = models.CharField(_("Name"), max_length=200)
    topics = models.TextField(_("Topics"), blank=True)
    target_groups = models.TextField(_("Target groups"), blank=True)
    rhythm = models.CharField(_("Meeting rhythm"), max_length=20, choices=Rhythm.choices, blank=True)
    chair = models.ForeignKey(
        ORGANISATION, on_delete=models.SET_NULL, null=True, blank=True, related_name="chaired_bodies",
        verbose_name=_("Chaired by"),
    )
    predecessor = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="successors",
        verbose_name=_("Predecessor body"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    founded_on = models.DateField(_("Founded on"), null=True, blank=True)
    description = models.TextField(_("Description"), blank=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Body")
        verbose_name_plural = _("Bodies")
        constraints = [
            models.UniqueConstraint(fields=["quartier", "name"], name="body_name_unique_per_quartier"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:body_detail", kwargs={"pk": self.pk})


class BodyMembership(models.Model):
    """An organisation's seat in a body (with its contact person); ended memberships keep their dates."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Body"))
    organisation = models.ForeignKey(
        ORGANISATION, on_delete=models.CASCADE, related_name="body_memberships", verbose_name=_("Organisation")
    )
    contact_person = models.ForeignKey(
        CONTACT_PERSON, on_delete=models.SET_NULL, null=True, blank=True, related_name="body_memberships",
        verbose_name=_("Contact person"),
    )
    role = models.CharField(_("Role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    since = models.DateField(_("Member since"), null=True, blank=True)
    until = models.DateField(_("Member until"), null=True, blank=True)

    class Meta:
        ordering = ["body", "role", "organisation__name"]
        verbose_name = _("Membership")
        verbose_name_plural = _("Memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "organisation"], condition=Q(until__isnull=True), name="membership_one_current",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=F("since")),
                name="membership_until_after_since",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.body}"


class Meeting(models.Model):
    """Sitzung of a body: agenda before, minutes, attendance and decisions after."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("Body"))
    title = models.CharField(_("Title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("Starts at"))
    ends_at = models.DateTimeField(_("Ends at"), null=True, blank=True)
    location = models.CharField(_("Location"), max_length=300, blank=True)
    agenda = models.TextField(_("Agenda"), blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField(_("Minutes"), blank=True)
    minutes_approved = models.BooleanField(_("Minutes approved"), default=False)
    sequence = models.PositiveIntegerField(
        _("Revision"), default=0, help_text=_("Counts changes of time, place or status (iCalendar SEQUENCE)."),
    )
    invitations_sent_at = models.DateTimeField(_("Invitations sent"), null=True, blank=True)
    invitations_sent_count = models.PositiveIntegerField(_("Invitations sent (number)"), default=0)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("Meeting")
        verbose_name_plural = _("Meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self) -> str:
        return self.title or f"{self.body.name}"

    @property
    def display_title(self) -> str:
        return self.title or self.body.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", kwargs={"pk": self.pk})


class Attendance(models.Model):
    """Who came to a meeting for an organisation, and for whom (as a deputy). One row per organisation."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("Meeting")
    )
    organisation = models.ForeignKey(
        ORGANISATION, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("Organisation")
    )
    attended = models.BooleanField(_("attended"), default=True)
    contact_person = models.ForeignKey(
        CONTACT_PERSON, on_delete=models.SET_NULL, null=True, blank=True, related_name="attendances",
        verbose_name=_("Attended by"),
    )
    represented_person = models.ForeignKey(
        CONTACT_PERSON, on_delete=models.SET_NULL, null=True, blank=True, related_name="represented_at",
        verbose_name=_("On behalf of"), help_text=_("The person who was represented (deputy attendance)."),
    )
    represented_note = models.CharField(
        _("On behalf of (note)"), max_length=200, blank=True,
        help_text=_("For whom the person came, if not a recorded contact person."),
    )
    level = models.CharField(_("Level"), max_length=10, choices=AttendanceLevel.choices, blank=True)

    class Meta:
        ordering = ["meeting", "organisation__name"]
        verbose_name = _("Attendance")
        verbose_name_plural = _("Attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"], name="attendance_one_per_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.meeting}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("Meeting"))
    number = models.PositiveSmallIntegerField(_("Number"), default=1)
    text = models.TextField(_("Decision"))

    class Meta:
        ordering = ["meeting", "number", "pk"]
        verbose_name = _("Decision")
        verbose_name_plural = _("Decisions")

    def __str__(self) -> str:
        return self.text[:80]


class Task(models.Model):
    """Aufgabe: owner (a user) and/or a responsible organisation, due date, status, the meeting that decided it."""

    quartier = models.ForeignKey(
        Quartier, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("Neighbourhood")
    )
    title = models.CharField(_("Title"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_tasks",
        verbose_name=_("Owner"),
    )
    responsible_organisation = models.ForeignKey(
        ORGANISATION, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks",
        verbose_name=_("Responsible organisation"),
    )
    due_on = models.DateField(_("Due on"), null=True, blank=True)
    status = models.CharField(_("Status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_on = models.DateField(_("Completed on"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks",
        verbose_name=_("Decided in meeting"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Created by"),
    )
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("Task")
        verbose_name_plural = _("Tasks")
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:task_detail", kwargs={"pk": self.pk})


class Agreement(models.Model):
    """Vereinbarung (Letter of Intent, Kooperations-, Ziel-, Absichtserklärung) with its parties."""

    quartier = models.ForeignKey(
        Quartier, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("Neighbourhood")
    )
    kind = models.CharField(_("Kind"), max_length=12, choices=AgreementKind.choices)
    title = models.CharField(_("Title"), max_length=200)
    parties = models.ManyToManyField(
        ORGANISATION, related_name="agreements", blank=True, verbose_name=_("Parties")
    )
    starts_on = models.DateField(_("Valid from"), null=True, blank=True)
    ends_on = models.DateField(_("Valid until"), null=True, blank=True)
    signed_on = models.DateField(_("Signed on"), null=True, blank=True)
    text = models.TextField(_("Text"), blank=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        ordering = ["quartier", "kind", "title"]
        verbose_name = _("Agreement")
        verbose_name_plural = _("Agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:agreement_detail", kwargs={"pk": self.pk})


class Commitment(models.Model):
    """Zusage of a party: a measurable target (indicator, value, unit, period) or a qualitative promise.

    Actual values are cumulative to their date: within the project term for "project term" targets, within the
    calendar year for "per year" targets (see meetings.fulfilment)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("Agreement")
    )
    order = models.PositiveSmallIntegerField(_("Order"), default=0)
    party = models.ForeignKey(
        ORGANISATION, on_delete=models.SET_NULL, null=True, blank=True, related_name="commitments",
        verbose_name=_("Party (organisation)"),
    )
    party_label = models.CharField(
        _("Party"), max_length=100, blank=True, help_text=_("E.g. “Jobcenter”, “Kommune” or “Netzwerkcoach”."),
    )
    text = models.TextField(_("Commitment"))
    indicator = models.CharField(_("Indicator"), max_length=200, blank=True)
    target_value = models.DecimalField(_("Target value"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_value_max = models.DecimalField(
        _("Target value (upper end)"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("Only for ranges such as “20 to 30 young people”."),
    )
    unit = models.CharField(_("Unit"), max_length=60, blank=True)
    period = models.CharField(
        _("Period"), max_length=10, choices=CommitmentPeriod.choices, default=CommitmentPeriod.PROJECT
    )
    at_least = models.BooleanField(_("at least"), default=False)

    class Meta:
        ordering = ["agreement", "order", "pk"]
        verbose_name = _("Commitment")
        verbose_name_plural = _("Commitments")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | Q(target_value__gt=0), name="commitment_target_positive",
            ),
            models.CheckConstraint(
                condition=Q(target_value_max__isnull=True)
                | (Q(target_value__isnull=False) & Q(target_value_max__gte=F("target_value"))),
                name="commitment_target_range",
            ),
        ]

    def __str__(self) -> str:
        return self.indicator or self.text[:80]


class CommitmentActual(models.Model):
    """An actual value of a commitment, cumulative up to `on` (see Commitment)."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="actuals", verbose_name=_("Commitment")
    )
    on = models.DateField(_("As of"))
    value = models.DecimalField(_("Actual value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("Note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Recorded by"),
    )
    recorded_at = models.DateTimeField(_("Recorded"), auto_now_add=True)

    class Meta:
        ordering = ["commitment", "on"]
        verbose_name = _("Actual value")
        verbose_name_plural = _("Actual values")
        constraints = [
            models.UniqueConstraint(fields=["commitment", "on"], name="actual_one_per_date"),
            models.CheckConstraint(condition=Q(value__gte=0), name="actual_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.on:%d.%m.%Y})"


class WorkLogEntry(models.Model):
    """Tätigkeitsnachweis: hours of a user on one day for one activity, mapped to an impact level A1–C4."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="work_log", verbose_name=_("Person")
    )
    quartier = models.ForeignKey(
        Quartier, on_delete=models.PROTECT, related_name="work_log", verbose_name=_("Neighbourhood")
    )
    on = models.DateField(_("Date"))
    activity_type = models.CharField(_("Activity"), max_length=20, choices=ActivityType.choices)
    hours = models.DecimalField(_("Hours"), max_digits=4, decimal_places=2)
    impact_level = models.CharField(_("Impact level"), max_length=2, choices=ImpactLevel.choices)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="work_log",
        verbose_name=_("Meeting"),
    )
    note = models.CharField(_("Note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("Work log entry")
        verbose_name_plural = _("Work log")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="worklog_hours_range"),
        ]
        indexes = [models.Index(fields=["quartier", "on"])]

    def __str__(self) -> str:
        return f"{self.on:%d.%m.%Y} {self.get_activity_type_display()} ({self.hours} h)"

    def get_absolute_url(self) -> str:
        return reverse("meetings:worklog_update", kwargs={"pk": self.pk})
