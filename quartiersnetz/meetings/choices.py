"""Choices of the meetings app. Values are stable German-ish slugs (they appear in exports and the API); labels are
English msgids translated into German."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rhythm(models.TextChoices):
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")
    BIMONTHLY = "bimonthly", _("every two months")
    QUARTERLY = "quarterly", _("quarterly")
    HALF_YEARLY = "half_yearly", _("every six months")
    YEARLY = "yearly", _("yearly")
    IRREGULAR = "irregular", _("as needed")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    GUEST = "guest", _("Guest")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class AttendanceLevel(models.TextChoices):
    MANAGEMENT = "leitung", _("Management")
    OPERATIONAL = "operativ", _("operational")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("being worked on")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


OPEN_TASK_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


class AgreementKind(models.TextChoices):
    LETTER_OF_INTENT = "loi", _("Letter of intent")
    COOPERATION = "cooperation", _("Cooperation agreement")
    TARGET = "target", _("Target agreement")
    DECLARATION = "declaration", _("Declaration of intent")


class CommitmentPeriod(models.TextChoices):
    PER_YEAR = "per_year", _("per year")
    PROJECT = "project", _("project term")


class ActivityType(models.TextChoices):
    ANALYSIS = "analysis", _("Analysis")
    ACQUISITION = "acquisition", _("Acquisition")
    BODIES = "bodies", _("Work in bodies")
    PUBLIC_RELATIONS = "public_relations", _("Public relations")
    CASES = "cases", _("Individual cases")
    ADMINISTRATION = "administration", _("Administration")
    PROFESSIONALISATION = "professionalisation", _("Professionalisation")
    EXPERT_INPUT = "expert_input", _("Expert input")
    OTHER = "other", _("Other")


class ImpactLevel(models.TextChoices):
    """The impact levels (Wirkungsebenen) of seed 000, §§ 6 and 7.2; the codes A/B/C are the project's."""

    A1 = "A1", _("A1 Analysis of cooperation structures")
    A2 = "A2", _("A2 Acquisition of multipliers and network partners")
    A3 = "A3", _("A3 Framework for added value and balance of interests")
    A4 = "A4", _("A4 Administrative management")
    B1 = "B1", _("B1 Involvement of the job centre / stable core")
    B2 = "B2", _("B2 Professionalisation")
    B3 = "B3", _("B3 Trust and empathy")
    B4 = "B4", _("B4 Identity and meaning")
    B5 = "B5", _("B5 Securing lasting impact")
    C1 = "C1", _("C1 Broad range of support")
    C2 = "C2", _("C2 Close-meshed support / warm handover")
    C3 = "C3", _("C3 Active outreach, low-threshold offers")
    C4 = "C4", _("C4 Support structure in the neighbourhood")


IMPACT_GROUPS = {
    "A": _("A Network management"),
    "B": _("B Network level"),
    "C": _("C Target-group level"),
}
