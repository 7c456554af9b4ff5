"""Impact-oriented steering (issue 9): goal pyramid, indicators, small-area monitoring, measures with impact chains,
the planning cycle, case-level controlling and prevention funds. Field meanings: docs/models/steering.md.

Scope: every top-level object belongs to a programme and, optionally, to one Quartier (see `Scoped`); children
(targets, values, steps, cases, fund projects) follow their parent. Access rules are in `steering.selectors`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import (
    RBA_DEFAULT,
    ChainStage,
    Direction,
    GoalStatus,
    IndicatorType,
    MilestoneKind,
    RbaQuestion,
    SavingsMethod,
)

VALUE = {"max_digits": 18, "decimal_places": 4}
MONEY = {"max_digits": 14, "decimal_places": 2}


class Scoped(models.Model):
    """Programme-level (quartier empty) or Quartier-level object."""

    programme = models.ForeignKey(
        "core.Programme", on_delete=models.CASCADE, related_name="+", verbose_name=_("Programme")
    )
    quartier = models.ForeignKey(
        "core.Quartier", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("Neighbourhood"), help_text=_("Empty: applies to the whole programme."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.quartier_id and self.programme_id and self.quartier.programme_id != self.programme_id:
            raise ValidationError({"quartier": _("The neighbourhood does not belong to the programme.")})

    @property
    def scope_label(self) -> str:
        return self.quartier.display_name if self.quartier_id else self.programme.name


# --- Goal pyramid -------------------------------------------------------------------------------------------------


class GoalLevel(models.Model):
    order = models.PositiveSmallIntegerField(_("Order"), unique=True, help_text=_("1 = top of the pyramid."))
    name = models.CharField(_("Name"), max_length=80, unique=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("Goal level")
        verbose_name_plural = _("Goal levels")

    def __str__(self) -> str:
        return self.name


class Goal(Scoped):
    level = models.ForeignKey(GoalLevel, on_delete=models.PROTECT, related_name="goals", verbose_name=_("Level"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("Parent goal"),
    )
    number = models.CharField(_("Local number"), max_length=20, blank=True)
    title = models.CharField(_("Title"), max_length=300)
    description = models.TextField(_("Description"), blank=True)
    owner_organisation = models.ForeignKey(
        "actors.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Responsible organisation"),
    )
    owner_text = models.CharField(_("Responsible (text)"), max_length=200, blank=True)
    period_start = models.DateField(_("Period start"), null=True, blank=True)
    period_end = models.DateField(_("Deadline (period end)"), null=True, blank=True)
    nkf_product = models.CharField(_("NKF product"), max_length=60, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.DRAFT)
    smart_override_reason = models.TextField(
        _("Reason for adopting without a complete SMART check"), blank=True,
    )
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)

    class Meta:
        ordering = ["level__order", "number", "title"]
        verbose_name = _("Goal")
        verbose_name_plural = _("Goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="goal_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("steering:goal_detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if not self.level_id:
            return
        top = GoalLevel.objects.order_by("order").values_list("order", flat=True).first()
        if self.parent_id:
            parent = self.parent
            if parent.pk == self.pk:
                raise ValidationError({"parent": _("A goal cannot be its own parent.")})
            if parent.level.order != self.level.order - 1:
                raise ValidationError({"parent": _(
                    "The parent goal must be on the level directly above ({level})."
                ).format(level=GoalLevel.objects.filter(order=self.level.order - 1).first() or "–")})
            if self.programme_id and parent.programme_id != self.programme_id:
                raise ValidationError({"parent": _("The parent goal belongs to another programme.")})
            if parent.quartier_id and parent.quartier_id != self.quartier_id:
                raise ValidationError({"parent": _("The parent goal belongs to another neighbourhood.")})
        elif self.level.order != top:
            raise ValidationError({"parent": _("Every goal below the top level needs a parent goal.")})


# --- Indicators ---------------------------------------------------------------------------------------------------


class Indicator(Scoped):
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators", verbose_name=_("Goal")
    )
    name = models.CharField(_("Name"), max_length=200)
    type = models.CharField(_("Type"), max_length=10, choices=IndicatorType.choices, default=IndicatorType.OUTPUT)
    rba_question = models.CharField(
        _("RBA question"), max_length=12, choices=RbaQuestion.choices, blank=True,
        help_text=_("Empty: Input and Output answer “How much?”, Outcome and Impact “Is anyone better off?”."),
    )
    unit = models.CharField(_("Unit"), max_length=40, blank=True)
    direction = models.CharField(
        _("Direction"), max_length=15, choices=Direction.choices, default=Direction.HIGHER_BETTER
    )
    tolerance_percent = models.DecimalField(
        _("Tolerance for yellow (%)"), max_digits=5, decimal_places=2, default=10,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    source = models.CharField(_("Source"), max_length=200, blank=True)
    baseline_value = models.DecimalField(_("Baseline value"), null=True, blank=True, **VALUE)
    baseline_date = models.DateField(_("Baseline date"), null=True, blank=True)
    notes = models.TextField(_("Notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Indicator")
        verbose_name_plural = _("Indicators")

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name

    def get_absolute_url(self) -> str:
        return reverse("steering:indicator_detail", kwargs={"pk": self.pk})

    @property
    def rba(self) -> str:
        return self.rba_question or RBA_DEFAULT[self.type]

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.HIGHER_BETTER

    def clean(self):
        super().clean()
        if self.goal_id and self.programme_id and (self.goal.programme_id != self.programme_id or (
            self.goal.quartier_id and self.goal.quartier_id != self.quartier_id
        )):
            raise ValidationError({"goal": _("The goal belongs to another programme or neighbourhood.")})


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets",
                                  verbose_name=_("Indicator"))
    period = models.CharField(_("Period"), max_length=40, help_text=_("E.g. 2024 or 2024-T1."))
    start = models.DateField(_("Start"), null=True, blank=True)
    end = models.DateField(_("End"), null=True, blank=True)
    value = models.DecimalField(_("Target value"), **VALUE)

    class Meta:
        ordering = ["indicator", "start", "period"]
        verbose_name = _("Target value")
        verbose_name_plural = _("Target values")
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="indicatortarget_unique")]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.period}"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("Indicator"))
    period = models.CharField(_("Period"), max_length=40)
    area = models.ForeignKey("SocialArea", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("Social area"))
    value = models.DecimalField(_("Actual value"), **VALUE)

    class Meta:
        ordering = ["indicator", "period"]
        verbose_name = _("Actual value")
        verbose_name_plural = _("Actual values")

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.period}"


# --- Small-area monitoring ----------------------------------------------------------------------------------------


class SocialArea(models.Model):
    programme = models.ForeignKey("core.Programme", on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("Programme"))
    city = models.CharField(_("City / municipality"), max_length=100)
    code = models.CharField(_("Code"), max_length=40)
    name = models.CharField(_("Name"), max_length=150)
    population = models.PositiveIntegerField(_("Population"), null=True, blank=True)
    boundary = models.JSONField(_("Boundary (GeoJSON)"), null=True, blank=True)

    class Meta:
        ordering = ["city", "code"]
        verbose_name = _("Social area")
        verbose_name_plural = _("Social areas")
        constraints = [models.UniqueConstraint(fields=["programme", "city", "code"], name="socialarea_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("steering:socialarea_detail", kwargs={"pk": self.pk})


class AreaIndicator(models.Model):
    programme = models.ForeignKey("core.Programme", on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("Programme"))
    name = models.CharField(_("Name"), max_length=120)
    unit = models.CharField(_("Unit"), max_length=40, blank=True)
    higher_is_worse = models.BooleanField(
        _("Higher means more disadvantage"), default=True,
        help_text=_("Untick for indicators such as voter turnout, where a higher value means less disadvantage."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Area indicator")
        verbose_name_plural = _("Area indicators")
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="areaindicator_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


class AreaValue(models.Model):
    area = models.ForeignKey(SocialArea, on_delete=models.CASCADE, related_name="values",
                             verbose_name=_("Social area"))
    indicator = models.ForeignKey(AreaIndicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("Indicator"))
    year = models.PositiveSmallIntegerField(_("Year"), validators=[MinValueValidator(1900), MaxValueValidator(2200)])
    value = models.DecimalField(_("Value"), **VALUE)

    class Meta:
        ordering = ["area", "indicator", "year"]
        verbose_name = _("Area value")
        verbose_name_plural = _("Area values")
        constraints = [models.UniqueConstraint(fields=["area", "indicator", "year"], name="areavalue_unique")]

    def __str__(self) -> str:
        return f"{self.area} {self.indicator.name} {self.year}"


# --- Measures and impact chains -----------------------------------------------------------------------------------


class Measure(Scoped):
    title = models.CharField(_("Title"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="measures", verbose_name=_("Goals"))
    start = models.DateField(_("Start"), null=True, blank=True)
    end = models.DateField(_("End"), null=True, blank=True)
    personnel_costs_per_period = models.DecimalField(
        _("Personnel costs per period (€)"), default=0, validators=[MinValueValidator(0)], **MONEY,
        help_text=_("Staff deployed only on this measure; used in the case controlling."),
    )
    template_code = models.CharField(_("Created from template"), max_length=20, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("Measure")
        verbose_name_plural = _("Measures")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("steering:measure_detail", kwargs={"pk": self.pk})


class ImpactStep(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="steps", verbose_name=_("Measure"))
    stage = models.CharField(_("Stage"), max_length=12, choices=ChainStage.choices)
    order = models.PositiveSmallIntegerField(_("Order"), default=0)
    text = models.TextField(_("Text"))
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="steps", verbose_name=_("Indicators"))

    class Meta:
        ordering = ["measure", "order", "pk"]
        verbose_name = _("Impact chain step")
        verbose_name_plural = _("Impact chain steps")

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.text[:60]}"


class ImpactTemplate(models.Model):
    """One impact level of network coaching (seed 000: A1–A4, B1–B5, C1–C4) with measurable indicators."""

    code = models.CharField(_("Code"), max_length=10, unique=True)
    group = models.CharField(_("Group"), max_length=80)
    title = models.CharField(_("Impact level"), max_length=200)
    stage = models.CharField(_("Stage"), max_length=12, choices=ChainStage.choices)
    indicators = models.JSONField(_("Indicators"), default=list)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Impact level template")
        verbose_name_plural = _("Impact level templates")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


# --- Planning cycle -----------------------------------------------------------------------------------------------


class PlanningMilestone(models.Model):
    programme = models.ForeignKey("core.Programme", on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("Programme"))
    month = models.PositiveSmallIntegerField(_("Month"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    title = models.CharField(_("Title"), max_length=200)
    kind = models.CharField(_("Kind"), max_length=20, choices=MilestoneKind.choices, default=MilestoneKind.OTHER)
    responsible = models.CharField(_("Responsible"), max_length=200, blank=True)
    is_report = models.BooleanField(_("Report due"), default=False)

    class Meta:
        ordering = ["month", "title"]
        verbose_name = _("Planning milestone")
        verbose_name_plural = _("Planning milestones")

    def __str__(self) -> str:
        return self.title


# --- Case-level controlling ---------------------------------------------------------------------------------------


class PreventionCase(models.Model):
    """A pseudonymised case of a prevention measure: only a code, amounts and periods, never personal data."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="cases", verbose_name=_("Measure"))
    code = models.CharField(
        _("Case code (pseudonym)"), max_length=30,
        help_text=_("Pseudonym only; the key stays in the specialist system. No names."),
    )
    avoided_alternative = models.CharField(_("Avoided alternative"), max_length=120,
                                           help_text=_("E.g. residential care."))
    monthly_rate = models.DecimalField(_("Cost of the alternative per month (€)"),
                                       validators=[MinValueValidator(0)], **MONEY)
    goal_reached = models.BooleanField(_("Professional goal reached"), null=True, blank=True)

    class Meta:
        ordering = ["measure", "code"]
        verbose_name = _("Prevention case")
        verbose_name_plural = _("Prevention cases")
        constraints = [models.UniqueConstraint(fields=["measure", "code"], name="preventioncase_unique")]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("steering:case_detail", kwargs={"pk": self.pk})


class CasePeriodCost(models.Model):
    case = models.ForeignKey(PreventionCase, on_delete=models.CASCADE, related_name="periods",
                             verbose_name=_("Case"))
    period = models.CharField(_("Period"), max_length=40, help_text=_("E.g. 2012-T1."))
    start = models.DateField(_("Period start"))
    planned_savings = models.DecimalField(_("Planned savings (€)"), default=0,
                                          validators=[MinValueValidator(0)], **MONEY)
    months_avoided = models.DecimalField(_("Months of the alternative avoided"), max_digits=6, decimal_places=2,
                                         default=0, validators=[MinValueValidator(0)])
    actual_costs = models.DecimalField(_("Actual costs of the case (€)"), default=0,
                                       validators=[MinValueValidator(0)], **MONEY)

    class Meta:
        ordering = ["case", "start"]
        verbose_name = _("Case period")
        verbose_name_plural = _("Case periods")
        constraints = [models.UniqueConstraint(fields=["case", "period"], name="caseperiod_unique")]

    def __str__(self) -> str:
        return f"{self.case.code} {self.period}"


# --- Prevention fund ----------------------------------------------------------------------------------------------


class PreventionFund(models.Model):
    programme = models.ForeignKey("core.Programme", on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("Programme"))
    name = models.CharField(_("Name"), max_length=200)
    municipality = models.CharField(_("Municipality"), max_length=100, blank=True)
    cap_per_year = models.DecimalField(_("Cap per year (€)"), null=True, blank=True,
                                       validators=[MinValueValidator(0)], **MONEY)
    description = models.TextField(_("Description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Prevention fund")
        verbose_name_plural = _("Prevention funds")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("steering:fund_detail", kwargs={"pk": self.pk})


class FundProject(models.Model):
    fund = models.ForeignKey(PreventionFund, on_delete=models.CASCADE, related_name="projects",
                             verbose_name=_("Fund"))
    name = models.CharField(_("Project"), max_length=200)
    year = models.PositiveSmallIntegerField(_("Year"), null=True, blank=True,
                                            validators=[MinValueValidator(1900), MaxValueValidator(2200)])
    costs = models.DecimalField(_("Costs (€)"), validators=[MinValueValidator(0)], **MONEY)
    savings = models.DecimalField(_("Documented savings (€)"), validators=[MinValueValidator(0)], **MONEY)
    method = models.CharField(_("Method"), max_length=15, choices=SavingsMethod.choices,
                              default=SavingsMethod.ESTIMATED)

    class Meta:
        ordering = ["fund", "year", "pk"]
        verbose_name = _("Fund project")
        verbose_name_plural = _("Fund projects")

    def __str__(self) -> str:
        return self.name
