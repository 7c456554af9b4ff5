"""Choices of the acquisition app. Values are stable English slugs (exports, API); labels are English msgids
translated into German."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import funnel


class AcquisitionStage(models.TextChoices):
    IDENTIFIED = "identified", _("identified")
    APPROACHED = "approached", _("approached")
    TALKED = "talked", _("talk held (conversation/job shadowing)")
    INTEREST = "interest", _("interest (added value clarified)")
    LOI = "loi", _("letter of intent")
    ACTIVE = "active", _("active partner")
    DORMANT = "dormant", _("dormant/left")


assert tuple(AcquisitionStage.values) == (*funnel.PIPELINE, funnel.DORMANT)


class SizeClass(models.TextChoices):
    MICRO = "micro", _("micro (fewer than 10 employees)")
    SMALL = "small", _("small (10–49 employees)")
    MEDIUM = "medium", _("medium-sized (50–249 employees)")
    LARGE = "large", _("large (250 employees or more)")


def size_class_for(employees: int) -> str:
    if employees < 10:
        return SizeClass.MICRO
    if employees < 50:
        return SizeClass.SMALL
    if employees < 250:
        return SizeClass.MEDIUM
    return SizeClass.LARGE


class CooperationPath(models.TextChoices):
    """The five paths to business cooperation (seed 001). Chosen by starting point, not a staged plan."""

    SENSITISATION = "sensitisation", _("Sensitisation")
    ACTIVATION = "activation", _("Activation (through individual projects)")
    IMPULSE = "impulse", _("Impulse projects")
    COLLABORATION = "collaboration", _("Collaborations/programmes")
    NETWORK = "network", _("Networks/platforms")


class NetworkForm(models.TextChoices):
    ASSOCIATION = "association", _("Business association (Unternehmerverein)")
    INFORMAL = "informal", _("Informal network")
    BRUNCH = "brunch", _("Business brunch")
    FOUNDERS = "founders", _("Founders' regulars' table")


class PublicityKind(models.TextChoices):
    PRESS = "press", _("Press article")
    WEBSITE = "website", _("Website")
    SOCIAL = "social", _("Social media")
    PRINT = "print", _("Flyer/poster")
    NEWSLETTER = "newsletter", _("District newspaper/newsletter")
    EVENT = "event", _("Public event")
    OTHER = "other", _("Other")
