"""Choices of the surveys app: item types, wave purposes, invitation states and answer sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemType(models.TextChoices):
    LIKERT = "likert", _("Agreement scale (Likert)")
    CHANGE = "change", _("Three-point change scale")
    RATING = "rating", _("Rating scale (school grades)")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    TEXT = "text", _("Free text")
    MATRIX = "matrix", _("Matrix (several statements, one scale)")
    NETWORK = "network", _("Network item (organisations you work with)")


SCALE_TYPES = (ItemType.LIKERT, ItemType.CHANGE, ItemType.RATING, ItemType.MATRIX)
"""Item types whose answers are points of an integer scale (statistics with counts)."""


class ConditionOperator(models.TextChoices):
    EQUALS = "eq", _("equals")
    NOT_EQUALS = "ne", _("does not equal")
    AT_MOST = "lte", _("is at most")
    AT_LEAST = "gte", _("is at least")
    CONTAINS = "contains", _("contains (multiple choice)")
    ANSWERED = "answered", _("was answered")


class WavePurpose(models.TextChoices):
    BASELINE = "expectation", _("Baseline / expectations")
    EFFECT = "effect", _("Realised effects")
    OTHER = "other", _("Other")


class WaveStatus(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    STARTED = "started", _("started")
    SUBMITTED = "submitted", _("submitted")


class ResponseSource(models.TextChoices):
    ONLINE = "online", _("online (personal link)")
    IMPORT = "import", _("imported (paper or other tool)")
    DEMO = "demo", _("demo data")


class GroupBy(models.TextChoices):
    NONE = "", _("all respondents")
    ACTOR_TYPE = "actor_type", _("Actor type")
    QUARTIER = "quartier", _("Neighbourhood")
    PROGRAMME = "programme", _("Programme")


# Network item: the answers per named organisation.
NETWORK_FREQUENCIES = [
    ("weekly", _("weekly or more often")),
    ("monthly", _("monthly")),
    ("quarterly", _("quarterly")),
    ("yearly", _("once or twice a year")),
    ("rarely", _("rarely")),
]
COOPERATION_LEVELS = [
    ("kenntnis", _("Acquaintance (Kenntnis)")),
    ("austausch", _("Exchange (Austausch)")),
    ("abstimmung", _("Coordination (Abstimmung)")),
    ("kooperation", _("Cooperation (Kooperation)")),
    ("verbund", _("Alliance (Verbund)")),
]
TRUST_VALUE_FIELDS = [
    ("reliability", _("Reliability")),
    ("openness", _("Openness")),
    ("shared_mission", _("Shared mission")),
    ("influence", _("Influence")),
    ("resources", _("Resources")),
    ("involvement", _("Involvement")),
]
