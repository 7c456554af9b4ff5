from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administration")
    COORDINATION = "coordination", _("Programmkoordination")
    COACH = "coach", _("Netzwerkcoach")
    CONTACT_POINT = "contact_point", _("Kontaktstelle")
    PARTNER = "partner", _("Partner")
    EVALUATION = "evaluation", _("Auswertung")


class ApproachType(models.TextChoices):
    STRUCTURAL = "strukturell", _("Struktureller Ansatz")
    OUTREACH = "ansprachezentriert", _("Ansprachezentrierter Ansatz")
    CONTENT = "inhaltlich", _("Inhaltlicher Ansatz")


class ConsentPurpose(models.TextChoices):
    CONTACT = "contact", _("Kontaktaufnahme")
    SHARE = "share", _("Weitergabe an Netzwerkpartner")
    PUBLISH = "publish", _("Veröffentlichung")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("schriftlich")
    ELECTRONIC = "electronic", _("elektronisch")
    VERBAL = "verbal", _("mündlich (dokumentiert)")


class AuditAction(models.TextChoices):
    CREATE = "create", _("angelegt")
    UPDATE = "update", _("geändert")
    DELETE = "delete", _("gelöscht")
    EXPORT = "export", _("exportiert")
    IMPORT = "import", _("importiert")
