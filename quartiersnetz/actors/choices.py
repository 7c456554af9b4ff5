from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalDomain(models.TextChoices):
    NONE = "", _("none in particular")
    SGB2 = "sgb2", _("SGB II (basic income support)")
    SGB3 = "sgb3", _("SGB III (employment promotion)")
    SGB8 = "sgb8", _("SGB VIII (child and youth welfare)")
    SGB9 = "sgb9", _("SGB IX (rehabilitation)")
    SGB12 = "sgb12", _("SGB XII (social assistance)")


class ContactLevel(models.TextChoices):
    MANAGEMENT = "leitung", _("Management")
    OPERATIONAL = "operativ", _("operational")
