"""Case work of contact points (Kontaktstellen): pseudonymous cases and contacts, problem situations, referrals
along the service chain with consent and closed loop, anonymised case conferences, outreach, retention.

Privacy (docs/privacy-casework.md): a resident is a `Client` known by a random case code. Identifying data live
only in `ClientIdentity` (encrypted at rest, only with consent, only visible to the case role). Every other model
refers to the resident by the case code; free texts are checked for identifiers before saving.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.models import Programme, Quartier

from .choices import (
    AccessRoute,
    AgeBand,
    CaseConsentMethod,
    Channel,
    ConsentKind,
    Gender,
    HandoverMode,
    Household,
    Origin,
    ReferralResult,
    ReferralStatus,
    StatisticKind,
    UnemploymentBand,
    YesNo,
)
from .fields import EncryptedTextField

ORGANISATION = "actors.Organisation"
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: codes are read aloud and typed


def generate_case_code() -> str:
    """K-XXXX-XXXX from a CSPRNG; never derived from personal data."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"K-{chars[:4]}-{chars[4:]}"


class TaxonomyQuerySet(models.QuerySet):
    def for_programme(self, programme_id: int | None):
        """The programme's own entries if it has any, otherwise the defaults (programme empty)."""
        own = self.filter(programme_id=programme_id, is_active=True)
        if programme_id is not None and own.exists():
            return own
        return self.filter(programme__isnull=True, is_active=True)


class ProblemCategory(models.Model):
    """Problemlage. Defaults (programme empty) come from seed 002 and the issue; a programme may define its own."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("Programme"),
        help_text=_("Empty: default list for programmes without their own list."),
    )
    slug = models.SlugField(_("Short name"), max_length=60)
    name = models.CharField(_("Label"), max_length=100)
    order = models.PositiveSmallIntegerField(_("Order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    objects = TaxonomyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Problem situation")
        verbose_name_plural = _("Problem situations")
        constraints = [models.UniqueConstraint(fields=["programme", "slug"], name="problemcategory_unique_slug")]

    def __str__(self) -> str:
        return self.name


class OutcomeStage(models.Model):
    """Stage of activation (erreicht → stabilisiert → in Beratung → …), configurable per programme like Problemlagen."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("Programme"),
        help_text=_("Empty: default list for programmes without their own list."),
    )
    slug = models.SlugField(_("Short name"), max_length=60)
    name = models.CharField(_("Label"), max_length=100)
    order = models.PositiveSmallIntegerField(_("Order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    objects = TaxonomyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Activation stage")
        verbose_name_plural = _("Activation stages")
        constraints = [models.UniqueConstraint(fields=["programme", "slug"], name="outcomestage_unique_slug")]

    def __str__(self) -> str:
        return self.name


class CaseworkPolicy(models.Model):
    """Per programme: how long case records are kept and when a referral counts as stalled."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="casework_policy", verbose_name=_("Programme")
    )
    retention_months = models.PositiveSmallIntegerField(
        _("Retention (months after last activity)"), default=24, validators=[MinValueValidator(1),
                                                                             MaxValueValidator(120)],
    )
    stall_days = models.PositiveSmallIntegerField(
        _("Referral stalls after (days without progress)"), default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    class Meta:
        verbose_name = _("Case work policy")
        verbose_name_plural = _("Case work policies")

    def __str__(self) -> str:
        return str(self.programme)


DEFAULT_RETENTION_MONTHS = 24
DEFAULT_STALL_DAYS = 14


class ContactPoint(models.Model):
    """Kontaktstelle / Anlaufstelle of a Quartier: where residents come with their questions."""

    quartier = models.ForeignKey(
        Quartier, on_delete=models.PROTECT, related_name="contact_points", verbose_name=_("Neighbourhood")
    )
    organisation = models.ForeignKey(
        ORGANISATION, on_delete=models.PROTECT, related_name="contact_points", verbose_name=_("Organisation"),
        help_text=_("The organisation that runs the contact point (it sends and receives referrals)."),
    )
    name = models.CharField(_("Name"), max_length=200)
    street = models.CharField(_("Street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postcode"), max_length=5, blank=True)
    city = models.CharField(_("Town"), max_length=100, blank=True)
    latitude = models.DecimalField(_("Latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("Longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    opening_hours = models.TextField(_("Opening hours"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="contact_points", verbose_name=_("Staff"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Contact point")
        verbose_name_plural = _("Contact points")
        constraints = [models.UniqueConstraint(fields=["quartier", "name"], name="contactpoint_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("casework:contact_point_detail", kwargs={"pk": self.pk})


class Client(models.Model):
    """A resident as a pseudonymous case. Bands are coarse on purpose (no exact age, no nationality)."""

    code = models.CharField(_("Case code"), max_length=11, unique=True, default=generate_case_code, editable=False)
    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="+", verbose_name=_("Neighbourhood"))
    contact_point = models.ForeignKey(
        ContactPoint, on_delete=models.PROTECT, related_name="clients", verbose_name=_("Contact point")
    )
    age_band = models.CharField(_("Age group"), max_length=10, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("Gender"), max_length=2, choices=Gender.choices, blank=True)
    household = models.CharField(_("Household"), max_length=20, choices=Household.choices, blank=True)
    origin = models.CharField(_("Citizenship / migration background"), max_length=10, choices=Origin.choices,
                              blank=True)
    sgb2 = models.CharField(_("Receives SGB II benefits"), max_length=3, choices=YesNo.choices, blank=True)
    unemployment = models.CharField(_("Duration of unemployment"), max_length=5, choices=UnemploymentBand.choices,
                                    blank=True)
    access_route = models.CharField(_("Access route"), max_length=20, choices=AccessRoute.choices, blank=True)
    created_at = models.DateTimeField(_("Created"), default=timezone.now)
    last_activity_on = models.DateField(_("Last activity"), default=timezone.localdate, db_index=True)

    class Meta:
        ordering = ["-last_activity_on", "code"]
        verbose_name = _("Case")
        verbose_name_plural = _("Cases")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("casework:client_detail", kwargs={"pk": self.pk})


class ClientIdentity(models.Model):
    """Who the case is. Exists only with an active storage consent; encrypted; only for the case role."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="identity", verbose_name=_("Case"))
    first_name = EncryptedTextField(_("First name"), blank=True)
    last_name = EncryptedTextField(_("Last name"), blank=True)
    birth_date = EncryptedTextField(_("Date of birth"), blank=True)
    phone = EncryptedTextField(_("Phone"), blank=True)
    email = EncryptedTextField(_("E-mail"), blank=True)
    address = EncryptedTextField(_("Address"), blank=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        verbose_name = _("Identity of a case")
        verbose_name_plural = _("Identities of cases")

    def __str__(self) -> str:
        # Never the name: this string ends up in the audit log (object_repr).
        return f"{self.client.code} (Identität)"


IDENTITY_FIELDS = ("first_name", "last_name", "birth_date", "phone", "email", "address")
# Which identity fields a consent scope releases.
SCOPE_FIELDS = {
    "name": ("first_name", "last_name"),
    "contact": ("phone", "email"),
    "birth_date": ("birth_date",),
    "address": ("address",),
}


class CaseConsent(models.Model):
    """Consent of a resident: to store identifying data, or to release them to one receiving organisation
    (Schweigepflichtentbindung) with a scope. Withdrawal keeps the record; the effect is immediate."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents", verbose_name=_("Case"))
    kind = models.CharField(_("Kind"), max_length=10, choices=ConsentKind.choices)
    recipient = models.ForeignKey(
        ORGANISATION, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("Receiving organisation"),
    )
    scope = models.JSONField(_("Released data"), default=list, blank=True)
    method = models.CharField(_("How consent was given"), max_length=20, choices=CaseConsentMethod.choices)
    given_on = models.DateField(_("Given on"))
    valid_until = models.DateField(_("Valid until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("Withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Recorded by"),
    )
    recorded_at = models.DateTimeField(_("Recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("Consent of a case")
        verbose_name_plural = _("Consents of cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ConsentKind.STORAGE, recipient__isnull=True)
                | Q(kind=ConsentKind.RELEASE, recipient__isnull=False),
                name="caseconsent_recipient_for_release",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="caseconsent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("given_on")),
                name="caseconsent_valid_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client.code}: {self.get_kind_display()} ({self.given_on:%d.%m.%Y})"

    def is_active(self, on=None) -> bool:
        on = on or timezone.localdate()
        if self.given_on > on or (self.withdrawn_on and self.withdrawn_on <= on):
            return False
        return not (self.valid_until and self.valid_until < on)

    @property
    def scope_labels(self) -> str:
        from .choices import ConsentScope

        labels = dict(ConsentScope.choices)
        return ", ".join(str(labels.get(key, key)) for key in self.scope)

    def released_fields(self) -> tuple[str, ...]:
        return tuple(f for key in self.scope for f in SCOPE_FIELDS.get(key, ()))


class Contact(models.Model):
    """Kontakt / Beratung: one visit, call or encounter of a case at a contact point."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("Case"))
    contact_point = models.ForeignKey(
        ContactPoint, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("Contact point")
    )
    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="+", verbose_name=_("Neighbourhood"))
    date = models.DateField(_("Date"), db_index=True)
    channel = models.CharField(_("Channel"), max_length=20, choices=Channel.choices)
    is_first = models.BooleanField(_("First contact"), default=False)
    problems = models.ManyToManyField(ProblemCategory, blank=True, related_name="contacts",
                                      verbose_name=_("Problem situations"))
    help_given = models.TextField(_("Help given"), blank=True)
    minutes = models.PositiveSmallIntegerField(_("Time spent (minutes)"), default=0,
                                               validators=[MaxValueValidator(1440)])
    outcome = models.ForeignKey(OutcomeStage, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("Activation stage"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("Recorded by"))
    created_at = models.DateTimeField(_("Created"), default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("Contact")
        verbose_name_plural = _("Contacts")
        indexes = [models.Index(fields=["quartier", "date"])]

    def __str__(self) -> str:
        return f"{self.client.code} {self.date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("casework:contact_update", kwargs={"pk": self.pk})


class Referral(models.Model):
    """Überleitung along the service chain, with consent, warm handover and the closed loop."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("Case"))
    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="+", verbose_name=_("Neighbourhood"))
    sender = models.ForeignKey(ORGANISATION, on_delete=models.PROTECT, related_name="referrals_sent",
                               verbose_name=_("Referring organisation"))
    receiver = models.ForeignKey(ORGANISATION, on_delete=models.PROTECT, related_name="referrals_received",
                                 verbose_name=_("Receiving organisation"))
    offer_name = models.CharField(_("Offer"), max_length=200, blank=True)
    need = models.ForeignKey(ProblemCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("Need"))
    purpose = models.TextField(_("Purpose"), blank=True)
    warm_handover = models.BooleanField(_("Warm handover"), default=True)
    handover_mode = models.CharField(_("Handover mode"), max_length=20, choices=HandoverMode.choices,
                                     default=HandoverMode.JOINT)
    share_identity = models.BooleanField(
        _("Share identifying data"), default=False,
        help_text=_("Only with a release from confidentiality for the receiving organisation."),
    )
    appointment_at = models.DateTimeField(_("Appointment"), null=True, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=ReferralStatus.choices,
                              default=ReferralStatus.PROPOSED, db_index=True)
    result = models.CharField(_("Result"), max_length=10, choices=ReferralResult.choices, blank=True)
    proposed_at = models.DateTimeField(_("Proposed"), default=timezone.now)
    transmitted_at = models.DateTimeField(_("Transmitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("Accepted"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("First contact"), null=True, blank=True)
    closed_at = models.DateTimeField(_("Closed"), null=True, blank=True)
    last_progress_at = models.DateTimeField(_("Last progress"), default=timezone.now, db_index=True)
    at_risk = models.BooleanField(_("Chain at risk"), default=False)
    reminded_at = models.DateTimeField(_("Reminder sent"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Owner"))

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("Referral")
        verbose_name_plural = _("Referrals")
        constraints = [
            models.CheckConstraint(condition=~Q(sender=F("receiver")), name="referral_sender_not_receiver"),
            models.CheckConstraint(
                condition=Q(result="") | Q(status=ReferralStatus.COMPLETED), name="referral_result_when_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client.code} → {self.receiver}"

    def get_absolute_url(self) -> str:
        return reverse("casework:referral_detail", kwargs={"pk": self.pk})


class ReferralEvent(models.Model):
    """One step of a referral's status flow, with its time and who took it."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events",
                                 verbose_name=_("Referral"))
    from_status = models.CharField(_("From"), max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(_("To"), max_length=20, choices=ReferralStatus.choices)
    at = models.DateTimeField(_("Time"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("By"))
    organisation = models.ForeignKey(ORGANISATION, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("On behalf of"))
    note = models.CharField(_("Note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("Referral step")
        verbose_name_plural = _("Referral steps")

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class CaseConference(models.Model):
    """Anonymised case conference (Fallbesprechung): the case is presented by its code only."""

    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="+", verbose_name=_("Neighbourhood"))
    held_on = models.DateField(_("Held on"))
    case_code = models.CharField(_("Case code"), max_length=11, blank=True,
                                 help_text=_("Pseudonym of the case, if it is recorded here (e.g. K-7F3Q-9M2X)."))
    client = models.ForeignKey(Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("Case"))
    title = models.CharField(_("Topic"), max_length=200)
    situation = models.TextField(_("Situation"))
    resources = models.TextField(_("Resources and previous help"), blank=True)
    question = models.TextField(_("Question to the conference"), blank=True)
    outcome = models.TextField(_("Result of the discussion"), blank=True)
    organisations = models.ManyToManyField(ORGANISATION, blank=True, related_name="+",
                                           verbose_name=_("Participating organisations"))
    override_confirmed = models.BooleanField(_("Author confirmed suspected identifiers as harmless"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Created by"))
    created_at = models.DateTimeField(_("Created"), default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("Case conference")
        verbose_name_plural = _("Case conferences")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("casework:conference_detail", kwargs={"pk": self.pk})


class ConferenceStep(models.Model):
    """An agreed next step of a case conference (optionally also a task of the meetings app)."""

    conference = models.ForeignKey(CaseConference, on_delete=models.CASCADE, related_name="steps",
                                   verbose_name=_("Case conference"))
    description = models.CharField(_("Next step"), max_length=300)
    responsible = models.ForeignKey(ORGANISATION, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("Responsible organisation"))
    due_on = models.DateField(_("Due on"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    task = models.ForeignKey("meetings.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("Task"))

    class Meta:
        ordering = ["conference", "id"]
        verbose_name = _("Next step")
        verbose_name_plural = _("Next steps")

    def __str__(self) -> str:
        return self.description


class OutreachAction(models.Model):
    """Aufsuchende Arbeit: going where people are. Only counts, no persons."""

    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="+", verbose_name=_("Neighbourhood"))
    contact_point = models.ForeignKey(ContactPoint, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="outreach_actions", verbose_name=_("Contact point"))
    place = models.CharField(_("Place"), max_length=200)
    date = models.DateField(_("Date"))
    start_time = models.TimeField(_("From"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("Duration (minutes)"), default=120,
                                                        validators=[MaxValueValidator(1440)])
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("Staff"))
    people_reached = models.PositiveIntegerField(_("People reached"), default=0,
                                                 validators=[MaxValueValidator(100000)])
    topics = models.ManyToManyField(ProblemCategory, blank=True, related_name="+", verbose_name=_("Topics"))
    topic_note = models.CharField(_("Other topics"), max_length=300, blank=True)
    follow_up_contacts = models.PositiveIntegerField(_("Follow-up contacts"), default=0,
                                                     validators=[MaxValueValidator(100000)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Created by"))

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("Outreach action")
        verbose_name_plural = _("Outreach actions")
        constraints = [
            models.CheckConstraint(condition=Q(follow_up_contacts__lte=F("people_reached")),
                                   name="outreach_follow_up_le_reached"),
        ]

    def __str__(self) -> str:
        return f"{self.place} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("casework:outreach_update", kwargs={"pk": self.pk})


class RetainedStatistic(models.Model):
    """What is left of deleted case records: anonymous counts by month, contact point, Problemlage and outcome."""

    kind = models.CharField(_("Kind"), max_length=10, choices=StatisticKind.choices)
    month = models.DateField(_("Month"))
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("Neighbourhood"))
    contact_point = models.ForeignKey(ContactPoint, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("Contact point"))
    problem = models.ForeignKey(ProblemCategory, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("Problem situation"))
    outcome = models.ForeignKey(OutcomeStage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("Activation stage"))
    channel = models.CharField(_("Channel"), max_length=20, blank=True)
    is_first = models.BooleanField(_("First contact"), null=True)
    referral_status = models.CharField(_("Status"), max_length=20, blank=True)
    count = models.PositiveIntegerField(_("Count"), default=0)

    class Meta:
        ordering = ["month", "kind"]
        verbose_name = _("Retained statistic")
        verbose_name_plural = _("Retained statistics")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%m/%Y}: {self.count}"
