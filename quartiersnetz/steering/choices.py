from django.db import models
from django.utils.translation import gettext_lazy as _


class GoalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    ACHIEVED = "achieved", _("Achieved")
    DISCARDED = "discarded", _("Discarded")


class IndicatorType(models.TextChoices):
    INPUT = "input", _("Input")
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")
    IMPACT = "impact", _("Impact")


class RbaQuestion(models.TextChoices):
    """Results-Based Accountability: the three questions."""

    HOW_MUCH = "how_much", _("How much did we do?")
    HOW_WELL = "how_well", _("How well did we do it?")
    BETTER_OFF = "better_off", _("Is anyone better off?")


RBA_DEFAULT = {
    IndicatorType.INPUT: RbaQuestion.HOW_MUCH,
    IndicatorType.OUTPUT: RbaQuestion.HOW_MUCH,
    IndicatorType.OUTCOME: RbaQuestion.BETTER_OFF,
    IndicatorType.IMPACT: RbaQuestion.BETTER_OFF,
}


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("higher is better")
    HIGHER_WORSE = "higher_worse", _("higher is worse")


class ChainStage(models.TextChoices):
    INPUT = "input", _("Input")
    ACTIVITIES = "activities", _("Activities")
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")
    IMPACT = "impact", _("Impact")


class MilestoneKind(models.TextChoices):
    FORUM = "forum", _("Specialist forum")
    PRIORITIES = "priorities", _("Political priority setting")
    WORKSHOP = "workshop", _("Planning workshop")
    GOAL_MATRIX = "goal_matrix", _("Goal matrix")
    PRESENTATION = "presentation", _("Presentation to committees")
    TERTIAL_REPORT = "tertial_report", _("Four-monthly report")
    OTHER = "other", _("Other")


class SavingsMethod(models.TextChoices):
    ESTIMATED = "estimated", _("estimated")
    EXTRAPOLATED = "extrapolated", _("extrapolated")
    PROVEN = "proven", _("proven per case")


SMART_LABELS = {
    "specific": _("Specific: an indicator is linked"),
    "measurable": _("Measurable: a target value with a unit"),
    "responsible": _("Responsible: an owner is named"),
    "deadline": _("Time-bound: an end date is set"),
    "baseline": _("Realistic: a baseline value is known"),
}
SMART_SHORT = {
    "specific": _("indicator"),
    "measurable": _("target value with unit"),
    "responsible": _("responsible"),
    "deadline": _("deadline"),
    "baseline": _("baseline"),
}
TRAFFIC_LABELS = {"green": _("green"), "yellow": _("yellow"), "red": _("red")}
