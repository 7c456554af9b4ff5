"""Ties between organisations that are stored: entered by hand or declared in a network survey.

Observed ties (co-attendance, co-membership, joint agreements) are not stored: `network.selectors` derives them
from the meetings app every time (data flows once).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import Organisation
from quartiersnetz.core.models import Quartier

from .choices import Frequency, StoredSource, TieType

SCALE_FIELDS = ("reliability", "openness", "shared_mission", "influence", "resources", "involvement")
TRUST_FIELDS = ("reliability", "openness", "shared_mission")
VALUE_FIELDS = ("influence", "resources", "involvement")


def _scale(label, help_text):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, help_text=help_text,
        validators=[
            MinValueValidator(1, message=_("Please choose a value between 1 and 4.")),
            MaxValueValidator(4, message=_("Please choose a value between 1 and 4.")),
        ],
    )


class ManualTie(models.Model):
    """Kooperationsbeziehung between two organisations of one Quartier, entered by hand or declared in a survey.

    The tie is undirected for the analysis. Both organisations must be active in the Quartier (checked by the
    service), so a tie never names an organisation of another Quartier.
    """

    quartier = models.ForeignKey(
        Quartier, on_delete=models.CASCADE, related_name="network_ties", verbose_name=_("Neighbourhood")
    )
    organisation_a = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("Organisation")
    )
    organisation_b = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("Partner organisation")
    )
    tie_type = models.CharField(_("Level of cooperation"), max_length=12, choices=TieType.choices)
    frequency = models.CharField(_("Frequency of contact"), max_length=10, choices=Frequency.choices, blank=True)
    reliability = _scale(_("Reliability"), _("Trust: does the partner do what it promised? 1 = low, 4 = high."))
    openness = _scale(_("Openness"), _("Trust: does the partner share information openly? 1 = low, 4 = high."))
    shared_mission = _scale(_("Shared mission"), _("Trust: does the partner pursue the same goals? 1 = low, 4 = high."))
    influence = _scale(_("Influence"), _("Value: how much influence does the partner have? 1 = low, 4 = high."))
    resources = _scale(_("Resources"), _("Value: what resources does the partner contribute? 1 = low, 4 = high."))
    involvement = _scale(_("Involvement"), _("Value: how actively is the partner involved? 1 = low, 4 = high."))
    valid_from = models.DateField(_("Valid from"), null=True, blank=True)
    valid_until = models.DateField(_("Valid until"), null=True, blank=True)
    source = models.CharField(_("Source"), max_length=10, choices=StoredSource.choices, default=StoredSource.MANUAL)
    wave = models.CharField(
        _("Survey wave"), max_length=60, blank=True, help_text=_("For declared ties, e.g. “Welle 1 (2013)”.")
    )
    note = models.TextField(_("Note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Created by"),
    )
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        ordering = ["quartier", "organisation_a__name", "organisation_b__name", "pk"]
        verbose_name = _("Tie")
        verbose_name_plural = _("Ties")
        indexes = [models.Index(fields=["quartier", "source"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(organisation_a=F("organisation_b")), name="manualtie_two_organisations"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="manualtie_valid_range",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 1, f"{name}__lte": 4}),
                    name=f"manualtie_{name}_1_4",
                )
                for name in SCALE_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.organisation_a} – {self.organisation_b} ({self.get_tie_type_display()})"
