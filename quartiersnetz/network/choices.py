"""Choices of the network analysis: tie types (level of cooperation), sources of ties, scales and centralities."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TieType(models.TextChoices):
    """Level of cooperation (network survey, seed 000), from loose to close. `LEVEL` gives the ordinal 1–5."""

    KNOWLEDGE = "kenntnis", _("Acquaintance (Kenntnis)")
    EXCHANGE = "austausch", _("Exchange (Austausch)")
    COORDINATION = "abstimmung", _("Coordination (Abstimmung)")
    COOPERATION = "kooperation", _("Cooperation (Kooperation)")
    ALLIANCE = "verbund", _("Alliance (Verbund)")


TIE_TYPE_LEVEL = {
    TieType.KNOWLEDGE: 1, TieType.EXCHANGE: 2, TieType.COORDINATION: 3, TieType.COOPERATION: 4, TieType.ALLIANCE: 5,
}


class Frequency(models.TextChoices):
    """How often the two organisations are in contact."""

    WEEKLY = "weekly", _("weekly or more often")
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    YEARLY = "yearly", _("once or twice a year")
    RARELY = "rarely", _("rarely")


class StoredSource(models.TextChoices):
    """Where a stored tie comes from: entered by hand, or declared in a network survey (with its wave)."""

    MANUAL = "manual", _("entered by hand")
    DECLARED = "declared", _("declared (survey)")


class Source(models.TextChoices):
    """Every source the analysis can combine. Observed ties are derived from the meetings, casework and offers
    apps, never stored."""

    MANUAL = "manual", _("Entered by hand")
    DECLARED = "declared", _("Declared in a survey")
    CO_ATTENDANCE = "co_attendance", _("Attended the same meetings")
    CO_MEMBERSHIP = "co_membership", _("Members of the same bodies")
    JOINT_AGREEMENT = "joint_agreement", _("Parties to the same agreements")
    REFERRAL_SENT = "referral_sent", _("Referrals sent between them")
    REFERRAL_ACCEPTED = "referral_accepted", _("Referrals accepted between them")
    JOINT_OFFER = "joint_offer", _("Run offers together")


OBSERVED_SOURCES = (
    Source.CO_ATTENDANCE, Source.CO_MEMBERSHIP, Source.JOINT_AGREEMENT, Source.REFERRAL_SENT,
    Source.REFERRAL_ACCEPTED, Source.JOINT_OFFER,
)
REFERRAL_SOURCES = (Source.REFERRAL_SENT, Source.REFERRAL_ACCEPTED)
ALL_SOURCES = tuple(Source.values)


class Centrality(models.TextChoices):
    DEGREE = "degree", _("Degree (number of ties)")
    BETWEENNESS = "betweenness", _("Betweenness (broker position)")
    CLOSENESS = "closeness", _("Closeness")
    EIGENVECTOR = "eigenvector", _("Eigenvector (ties to well-connected actors)")


SCALE_CHOICES = [
    (1, _("1 – low")),
    (2, _("2")),
    (3, _("3")),
    (4, _("4 – high")),
]
