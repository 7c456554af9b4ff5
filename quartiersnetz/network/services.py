"""Writes of the network analysis: stored ties (entered by hand or declared in a survey). One transaction each.

Ties are not personal data (they link organisations), so they are not audited. Only users who may edit the
Quartier write; others get 404 like everything outside their scope.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import Quartier, User

from .models import ManualTie
from .selectors import network_can_edit

TIE_FIELDS = (
    "organisation_a", "organisation_b", "tie_type", "frequency", "reliability", "openness", "shared_mission",
    "influence", "resources", "involvement", "valid_from", "valid_until", "source", "wave", "note",
)


def _check(tie: ManualTie) -> None:
    errors: dict[str, list[str]] = {}
    a, b = tie.organisation_a, tie.organisation_b
    if a is not None and b is not None and a.pk == b.pk:
        errors.setdefault("organisation_b", []).append(
            _("Please choose two different organisations: an organisation cannot have a tie with itself.")
        )
    for name in ("organisation_a", "organisation_b"):
        org = getattr(tie, name)
        if org is not None and not org.quartiere.filter(pk=tie.quartier_id).exists():
            errors.setdefault(name, []).append(
                _("“{name}” is not active in this neighbourhood.").format(name=org.name)
            )
    if tie.valid_from and tie.valid_until and tie.valid_until < tie.valid_from:
        errors.setdefault("valid_until", []).append(_("The end of the period must not be before its start."))
    if errors:
        raise ApplicationError(_("The input is not valid."), extra=errors)
    try:
        tie.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc


def _apply(tie: ManualTie, data: dict) -> None:
    unknown = set(data) - set(TIE_FIELDS)
    if unknown:
        raise ValueError(f"unknown tie fields: {sorted(unknown)}")
    for name, value in data.items():
        if name in ("frequency", "wave", "note") and value is None:
            value = ""
        setattr(tie, name, value)
    if not tie.wave:
        tie.wave = ""


@transaction.atomic
def manual_tie_create(*, user: User, quartier: Quartier, data: dict) -> ManualTie:
    if not network_can_edit(user=user, quartier_id=quartier.pk):
        raise Http404
    tie = ManualTie(quartier=quartier, created_by=user if user.is_authenticated else None)
    _apply(tie, data)
    _check(tie)
    tie.save()
    return tie


@transaction.atomic
def manual_tie_update(*, user: User, tie: ManualTie, data: dict) -> ManualTie:
    if not network_can_edit(user=user, quartier_id=tie.quartier_id):
        raise Http404
    _apply(tie, data)
    _check(tie)
    tie.save()
    return tie


@transaction.atomic
def manual_tie_delete(*, user: User, tie: ManualTie) -> None:
    if not network_can_edit(user=user, quartier_id=tie.quartier_id):
        raise Http404
    tie.delete()
