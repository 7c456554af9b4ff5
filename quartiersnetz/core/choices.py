from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administration")
    COORDINATION = "coordination", _("Programme coordination")
    COACH = "coach", _("Network coach")
    CONTACT_POINT = "contact_point", _("Contact point")
    PARTNER = "partner", _("Partner")
    EVALUATION = "evaluation", _("Evaluation")


class ApproachType(models.TextChoices):
    STRUCTURAL = "strukturell", _("Structural approach")
    OUTREACH = "ansprachezentriert", _("Outreach-centred approach")
    CONTENT = "inhaltlich", _("Content-centred approach")


class ConsentPurpose(models.TextChoices):
    CONTACT = "contact", _("Contacting")
    SHARE = "share", _("Sharing with network partners")
    PUBLISH = "publish", _("Publication")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("written")
    ELECTRONIC = "electronic", _("electronic")
    VERBAL = "verbal", _("verbal (documented)")


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")
    IMPORT = "import", _("imported")
