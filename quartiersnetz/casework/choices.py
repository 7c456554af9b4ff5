from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    CONSULTATION = "sprechstunde", _("Consultation hours")
    OUTREACH = "aufsuchend", _("Outreach")
    PHONE = "telefonisch", _("By phone")
    ONLINE = "online", _("Online")
    EVENT = "veranstaltung", _("Event")


class AgeBand(models.TextChoices):
    UNDER_25 = "u25", _("under 25")
    FROM_25 = "25-34", _("25–34")
    FROM_35 = "35-49", _("35–49")
    FROM_50 = "50-64", _("50–64")
    FROM_65 = "65+", _("65 and older")


class Gender(models.TextChoices):
    FEMALE = "w", _("female")
    MALE = "m", _("male")
    DIVERSE = "d", _("diverse")


class Household(models.TextChoices):
    SINGLE = "single", _("living alone")
    SINGLE_PARENT = "single_parent", _("single parent")
    COUPLE = "couple", _("couple without children")
    FAMILY = "family", _("couple with children")
    OTHER = "other", _("other household")


class Origin(models.TextChoices):
    GERMAN = "de", _("German, no migration background")
    MIGRATION = "migration", _("German with migration background")
    EU = "eu", _("EU citizenship")
    NON_EU = "non_eu", _("Non-EU citizenship")


class YesNo(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")


class UnemploymentBand(models.TextChoices):
    EMPLOYED = "none", _("not unemployed")
    UNDER_1 = "u1", _("under 1 year")
    FROM_1 = "1-2", _("1–2 years")
    OVER_2 = "2+", _("more than 2 years")


class AccessRoute(models.TextChoices):
    PUBLICITY = "publicity", _("Public relations")
    AUTHORITY = "authority", _("Recommendation by an authority")
    PARTNER = "partner", _("Referral by a partner")
    WORD = "word_of_mouth", _("Word of mouth")
    OUTREACH = "outreach", _("Outreach work")
    OTHER = "other", _("Other")


class ConsentKind(models.TextChoices):
    STORAGE = "storage", _("Storage of identifying data")
    RELEASE = "release", _("Release from confidentiality (Schweigepflichtentbindung)")


class ConsentScope(models.TextChoices):
    NAME = "name", _("Name")
    CONTACT = "contact", _("Phone and e-mail")
    BIRTH_DATE = "birth_date", _("Date of birth")
    ADDRESS = "address", _("Address")


class CaseConsentMethod(models.TextChoices):
    WRITTEN = "written", _("written")
    VERBAL = "verbal", _("verbal (documented)")
    ROUTING_SLIP = "routing_slip", _("routing slip (Laufzettel)")


class HandoverMode(models.TextChoices):
    ACCOMPANIED = "begleitet", _("accompanied")
    JOINT = "gemeinsamer_termin", _("joint appointment")
    PHONE = "telefonisch", _("phone introduction")
    REFERENCE = "verweis", _("reference only")


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    TRANSMITTED = "transmitted", _("transmitted")
    ACCEPTED = "accepted", _("accepted")
    FIRST_CONTACT = "first_contact", _("first contact made")
    COMPLETED = "completed", _("completed")
    REJECTED = "rejected", _("rejected")
    CANCELLED = "cancelled", _("broken off")


OPEN_STATUSES = (ReferralStatus.PROPOSED, ReferralStatus.TRANSMITTED, ReferralStatus.ACCEPTED,
                 ReferralStatus.FIRST_CONTACT)
CLOSED_STATUSES = (ReferralStatus.COMPLETED, ReferralStatus.REJECTED, ReferralStatus.CANCELLED)


class ReferralResult(models.TextChoices):
    SOLVED = "solved", _("solved")
    PARTLY = "partly", _("partly solved")
    ONGOING = "ongoing", _("in ongoing support")
    NONE = "none", _("no result")


class StatisticKind(models.TextChoices):
    CONTACT = "contact", _("Contacts")
    PROBLEM = "problem", _("Problem situations")
    REFERRAL = "referral", _("Referrals")
