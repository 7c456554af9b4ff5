from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    PLANNED = "planned", _("planned")
    PAUSED = "paused", _("temporarily closed")
    ENDED = "ended", _("ended")


class LegalBasis(models.TextChoices):
    NONE = "", _("none in particular")
    SGB2_16A = "sgb2_16a", _("SGB II § 16a (municipal integration services)")
    SGB2_16D = "sgb2_16d", _("SGB II § 16d (work opportunities)")
    SGB2_16E = "sgb2_16e", _("SGB II § 16e (integration of the long-term unemployed)")
    SGB2_16I = "sgb2_16i", _("SGB II § 16i (participation in the labour market)")
    SGB2_16H = "sgb2_16h", _("SGB II § 16h (young people who are hard to reach)")
    SGB2_OTHER = "sgb2", _("SGB II (other)")
    SGB3 = "sgb3", _("SGB III (employment promotion)")
    SGB8 = "sgb8", _("SGB VIII (child and youth welfare)")
    SGB9 = "sgb9", _("SGB IX (rehabilitation)")
    SGB12 = "sgb12", _("SGB XII (social assistance)")
    AUFENTHG = "aufenthg", _("Residence Act (integration courses)")
    OTHER = "other", _("other legal basis")


class AccessRoute(models.TextChoices):
    OPEN = "open", _("open access, no registration")
    APPOINTMENT = "appointment", _("by appointment")
    REGISTRATION = "registration", _("registration required")
    REFERRAL_JOBCENTER = "referral_jc", _("referral by the Jobcenter")
    REFERRAL = "referral", _("referral by an advice centre")


class DuplicateVerdict(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed duplicate structure")
    DISMISSED = "dismissed", _("no duplicate structure")


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")
