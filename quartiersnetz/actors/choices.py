from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalDomain(models.TextChoices):
    NONE = "", _("kein bestimmter")
    SGB2 = "sgb2", _("SGB II (Grundsicherung)")
    SGB3 = "sgb3", _("SGB III (Arbeitsförderung)")
    SGB8 = "sgb8", _("SGB VIII (Kinder- und Jugendhilfe)")
    SGB9 = "sgb9", _("SGB IX (Rehabilitation)")
    SGB12 = "sgb12", _("SGB XII (Sozialhilfe)")


class ContactLevel(models.TextChoices):
    MANAGEMENT = "leitung", _("Leitung")
    OPERATIONAL = "operativ", _("operativ")
