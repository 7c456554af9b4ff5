"""Partner acquisition (Akquise) and the local economy of a Quartier.

- `AcquisitionCase`: one organisation being won as a partner in one Quartier; its current stage and every move
  (`StageChange`, with the date of the move) — the funnel is computed from the stage history.
- `CompanyProfile`: an organisation of actor type Unternehmen with Branche (WZ 2008), size and its current
  cooperation path (seed 001; history in `CooperationPathChange`).
- `BusinessNetwork` (Unternehmerverein, Business Brunch, Gründer-Stammtisch …) with memberships and a publicity log.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.models import Quartier

from .choices import AcquisitionStage, CooperationPath, NetworkForm, PublicityKind, SizeClass
from .wz2008 import WzError, parse_wz, section_name

ORGANISATION = "actors.Organisation"


def validate_wz_code(value: str) -> None:
    if not value:
        return
    try:
        parse_wz(value)
    except WzError as exc:
        messages = {
            "format": _("Please enter a WZ 2008 code: a section letter A–U and/or a number such as 47.11."),
            "unknown_division": _("There is no WZ 2008 division {division}.").format(division=value.strip()[-5:]),
            "mismatch": _("The number does not belong to the section letter."),
        }
        raise ValidationError(messages[exc.kind], code=f"wz_{exc.kind}") from exc


class AcquisitionCase(models.Model):
    quartier = models.ForeignKey(
        Quartier, on_delete=models.PROTECT, related_name="acquisition_cases", verbose_name=_("Neighbourhood")
    )
    organisation = models.ForeignKey(
        ORGANISATION, on_delete=models.CASCADE, related_name="acquisition_cases", verbose_name=_("Organisation")
    )
    stage = models.CharField(_("Stage"), max_length=12, choices=AcquisitionStage.choices,
                             default=AcquisitionStage.IDENTIFIED)
    stage_since = models.DateField(_("In this stage since"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Responsible"),
    )
    next_step = models.CharField(_("Next step"), max_length=300, blank=True)
    next_step_on = models.DateField(_("Next step on"), null=True, blank=True)
    objections = models.TextField(
        _("Objections"), blank=True,
        help_text=_("Reservations of the organisation, e.g. “yet another body”, “a short-lived project”."),
    )
    benefit = models.TextField(_("Benefit argument"), blank=True,
                               help_text=_("What the organisation gains from taking part (added value)."))
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        ordering = ["quartier", "organisation__name"]
        verbose_name = _("Acquisition case")
        verbose_name_plural = _("Acquisition cases")
        constraints = [
            models.UniqueConstraint(fields=["quartier", "organisation"], name="acquisitioncase_one_per_quartier"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return reverse("acquisition:case_detail", kwargs={"pk": self.pk})


class StageChange(models.Model):
    """One move of a case (the first row is the stage it was created in; from_stage is empty there)."""

    case = models.ForeignKey(AcquisitionCase, on_delete=models.CASCADE, related_name="stage_changes",
                             verbose_name=_("Acquisition case"))
    from_stage = models.CharField(_("From stage"), max_length=12, choices=AcquisitionStage.choices, blank=True)
    to_stage = models.CharField(_("To stage"), max_length=12, choices=AcquisitionStage.choices)
    on = models.DateField(_("Date of the move"))
    note = models.CharField(_("Note"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("Recorded by"))
    recorded_at = models.DateTimeField(_("Recorded"), auto_now_add=True)

    class Meta:
        ordering = ["case", "on", "pk"]
        verbose_name = _("Stage change")
        verbose_name_plural = _("Stage changes")

    def __str__(self) -> str:
        return f"{self.case}: {self.get_to_stage_display()} ({self.on:%d.%m.%Y})"

    @property
    def is_backwards(self) -> bool:
        from .funnel import RANK

        if self.from_stage not in RANK or self.to_stage not in RANK:
            return False
        return RANK[self.to_stage] < RANK[self.from_stage]


class CompanyProfile(models.Model):
    organisation = models.OneToOneField(
        ORGANISATION, on_delete=models.CASCADE, related_name="company_profile", verbose_name=_("Company")
    )
    wz_code = models.CharField(
        _("Sector (WZ 2008)"), max_length=12, blank=True, validators=[validate_wz_code],
        help_text=_("Section letter A–U and/or code, e.g. “G”, “47.11” or “G 47.11”."),
    )
    size_class = models.CharField(_("Size class"), max_length=10, choices=SizeClass.choices, blank=True)
    employees = models.PositiveIntegerField(_("Employees"), null=True, blank=True,
                                            validators=[MaxValueValidator(1_000_000)])
    founded_year = models.PositiveSmallIntegerField(
        _("Founded (year)"), null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    trains_apprentices = models.BooleanField(_("Trains apprentices"), default=False)
    cooperation_path = models.CharField(_("Cooperation path"), max_length=15, choices=CooperationPath.choices,
                                        blank=True)
    cooperation_path_since = models.DateField(_("On this path since"), null=True, blank=True)
    note = models.TextField(_("Note"), blank=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("Company profile")
        verbose_name_plural = _("Company profiles")

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return reverse("acquisition:company_detail", kwargs={"pk": self.pk})

    @property
    def wz_section(self) -> str:
        try:
            return parse_wz(self.wz_code)[0] if self.wz_code else ""
        except WzError:
            return ""

    @property
    def wz_section_name(self) -> str:
        return section_name(self.wz_section)


class CooperationPathChange(models.Model):
    profile = models.ForeignKey(CompanyProfile, on_delete=models.CASCADE, related_name="path_changes",
                                verbose_name=_("Company profile"))
    from_path = models.CharField(_("From path"), max_length=15, choices=CooperationPath.choices, blank=True)
    to_path = models.CharField(_("To path"), max_length=15, choices=CooperationPath.choices, blank=True)
    on = models.DateField(_("Date"))
    note = models.CharField(_("Note"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("Recorded by"))
    recorded_at = models.DateTimeField(_("Recorded"), auto_now_add=True)

    class Meta:
        ordering = ["profile", "on", "pk"]
        verbose_name = _("Change of cooperation path")
        verbose_name_plural = _("Changes of cooperation path")

    def __str__(self) -> str:
        return f"{self.profile}: {self.get_to_path_display()} ({self.on:%d.%m.%Y})"


class BusinessNetwork(models.Model):
    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="business_networks",
                                 verbose_name=_("Neighbourhood"))
    name = models.CharField(_("Name"), max_length=200)
    form = models.CharField(_("Form"), max_length=12, choices=NetworkForm.choices)
    meeting_format = models.CharField(_("Format and rhythm"), max_length=200, blank=True,
                                      help_text=_("e.g. “quarterly brunch” or “monthly with speakers”."))
    founded_on = models.DateField(_("Founded on"), null=True, blank=True)
    organisation = models.ForeignKey(
        ORGANISATION, on_delete=models.SET_NULL, null=True, blank=True, related_name="business_networks_run",
        verbose_name=_("Organisation (e.g. the association)"),
    )
    critical_mass = models.PositiveSmallIntegerField(
        _("Critical mass"), default=10, validators=[MinValueValidator(1), MaxValueValidator(10_000)],
        help_text=_("Number of active members below which the network is at risk of falling asleep."),
    )
    goals = models.TextField(_("Goals"), blank=True,
                             help_text=_("e.g. apprenticeships, new businesses, awareness and satisfaction."))
    strategic_partners = models.TextField(_("Strategic partners"), blank=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        ordering = ["quartier", "name"]
        verbose_name = _("Business network")
        verbose_name_plural = _("Business networks")
        constraints = [
            models.UniqueConstraint(fields=["quartier", "name"], name="businessnetwork_name_unique_per_quartier"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("acquisition:network_detail", kwargs={"pk": self.pk})


class BusinessNetworkMembership(models.Model):
    network = models.ForeignKey(BusinessNetwork, on_delete=models.CASCADE, related_name="memberships",
                                verbose_name=_("Business network"))
    organisation = models.ForeignKey(ORGANISATION, on_delete=models.CASCADE,
                                     related_name="business_network_memberships", verbose_name=_("Member"))
    since = models.DateField(_("Member since"), null=True, blank=True)
    until = models.DateField(_("Member until"), null=True, blank=True)

    class Meta:
        ordering = ["network", "organisation__name"]
        verbose_name = _("Business network membership")
        verbose_name_plural = _("Business network memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], condition=Q(until__isnull=True),
                                    name="bnmembership_one_current"),
            models.CheckConstraint(condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=F("since")),
                                   name="bnmembership_until_after_since"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.network}"


class PublicityEntry(models.Model):
    network = models.ForeignKey(BusinessNetwork, on_delete=models.CASCADE, related_name="publicity",
                                verbose_name=_("Business network"))
    on = models.DateField(_("Date"))
    kind = models.CharField(_("Kind"), max_length=12, choices=PublicityKind.choices)
    text = models.CharField(_("Description"), max_length=500)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)

    class Meta:
        ordering = ["network", "-on", "-pk"]
        verbose_name = _("Publicity entry")
        verbose_name_plural = _("Publicity entries")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.on:%d.%m.%Y})"
