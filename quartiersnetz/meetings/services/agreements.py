"""Writes for agreements, their commitments and the commitments' actual values."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quartiersnetz.actors.models import Organisation
from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import Quartier, User
from quartiersnetz.core.services import apply_and_validate, audit_log

from ..models import Agreement, Commitment, CommitmentActual
from .common import check_organisation, pick, require_edit, require_edit_new, validate

AGREEMENT_FIELDS = ("kind", "title", "starts_on", "ends_on", "signed_on", "text")
COMMITMENT_FIELDS = (
    "order", "party", "party_label", "text", "indicator", "target_value", "target_value_max", "unit", "period",
    "at_least",
)
ACTUAL_FIELDS = ("on", "value", "note")


def _check_agreement(agreement: Agreement) -> None:
    if not (agreement.title or "").strip():
        raise ApplicationError(_("Please enter a title."), extra={"title": [_("Please enter a title.")]})
    if agreement.starts_on and agreement.ends_on and agreement.ends_on < agreement.starts_on:
        raise ApplicationError(
            _("The agreement cannot end before it starts."),
            extra={"ends_on": [_("The agreement cannot end before it starts.")]},
        )


def _set_parties(agreement: Agreement, parties: Iterable[Organisation]) -> None:
    parties = list(parties)
    for organisation in parties:
        check_organisation(organisation, agreement.quartier_id, field="parties")
    agreement.parties.set(parties)


@transaction.atomic
def agreement_create(
    *, user: User, quartier: Quartier, data: dict, parties: Iterable[Organisation] = ()
) -> Agreement:
    require_edit_new(user, quartier)
    agreement = Agreement(quartier=quartier, **pick(data, AGREEMENT_FIELDS))
    validate(agreement)
    _check_agreement(agreement)
    agreement.save()
    _set_parties(agreement, parties)
    audit_log(user=user, action=AuditAction.CREATE, obj=agreement, fields=[*pick(data, AGREEMENT_FIELDS), "parties"],
              quartier=quartier)
    return agreement


@transaction.atomic
def agreement_update(
    *, user: User, agreement: Agreement, data: dict, parties: Iterable[Organisation] | None = None
) -> Agreement:
    require_edit(user, agreement.quartier_id)
    try:
        fields = apply_and_validate(agreement, pick(data, AGREEMENT_FIELDS))
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc
    _check_agreement(agreement)
    agreement.save()
    if parties is not None:
        parties = list(parties)
        if {p.pk for p in parties} != set(agreement.parties.values_list("pk", flat=True)):
            fields.append("parties")
        _set_parties(agreement, parties)
    if fields:
        audit_log(user=user, action=AuditAction.UPDATE, obj=agreement, fields=fields, quartier=agreement.quartier)
    return agreement


@transaction.atomic
def agreement_delete(*, user: User, agreement: Agreement) -> None:
    require_edit(user, agreement.quartier_id)
    audit_log(user=user, action=AuditAction.DELETE, obj=agreement, quartier=agreement.quartier)
    agreement.delete()


def _check_commitment(commitment: Commitment) -> None:
    if not (commitment.text or "").strip():
        message = _("Please describe the commitment.")
        raise ApplicationError(message, extra={"text": [message]})
    target, upper = commitment.target_value, commitment.target_value_max
    if target is not None and target <= 0:
        raise ApplicationError(
            _("The target value must be greater than 0."),
            extra={"target_value": [_("The target value must be greater than 0.")]},
        )
    if upper is not None and (target is None or upper < target):
        raise ApplicationError(
            _("The upper end of the target must not be below the target value."),
            extra={"target_value_max": [_("The upper end of the target must not be below the target value.")]},
        )
    check_organisation(commitment.party, commitment.agreement.quartier_id, field="party")


@transaction.atomic
def commitment_create(*, user: User, agreement: Agreement, data: dict) -> Commitment:
    require_edit(user, agreement.quartier_id)
    data = pick(data, COMMITMENT_FIELDS)
    if "order" not in data:
        data["order"] = agreement.commitments.count() + 1
    commitment = Commitment(agreement=agreement, **data)
    validate(commitment)
    _check_commitment(commitment)
    commitment.save()
    audit_log(user=user, action=AuditAction.CREATE, obj=commitment, fields=data.keys(), quartier=agreement.quartier)
    return commitment


@transaction.atomic
def commitment_update(*, user: User, commitment: Commitment, data: dict) -> Commitment:
    require_edit(user, commitment.agreement.quartier_id)
    try:
        fields = apply_and_validate(commitment, pick(data, COMMITMENT_FIELDS))
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc
    _check_commitment(commitment)
    commitment.save()
    if fields:
        audit_log(user=user, action=AuditAction.UPDATE, obj=commitment, fields=fields,
                  quartier=commitment.agreement.quartier)
    return commitment


@transaction.atomic
def commitment_delete(*, user: User, commitment: Commitment) -> None:
    require_edit(user, commitment.agreement.quartier_id)
    audit_log(user=user, action=AuditAction.DELETE, obj=commitment, quartier=commitment.agreement.quartier)
    commitment.delete()


@transaction.atomic
def actual_record(*, user: User, commitment: Commitment, data: dict) -> CommitmentActual:
    """Record the cumulative actual value of a commitment on a date; a second value for the same date replaces
    the first."""
    require_edit(user, commitment.agreement.quartier_id)
    data = pick(data, ACTUAL_FIELDS)
    value = data.get("value")
    if value is not None and value < 0:
        raise ApplicationError(
            _("The actual value must not be negative."), extra={"value": [_("The actual value must not be negative.")]}
        )
    actual = CommitmentActual.objects.filter(commitment=commitment, on=data.get("on")).first()
    action = AuditAction.UPDATE if actual else AuditAction.CREATE
    if actual is None:
        actual = CommitmentActual(commitment=commitment)
    for key, val in data.items():
        setattr(actual, key, val)
    actual.recorded_by = user
    validate(actual, exclude=["recorded_by"])
    actual.save()
    audit_log(user=user, action=action, obj=actual, fields=data.keys(), quartier=commitment.agreement.quartier)
    return actual


@transaction.atomic
def actual_delete(*, user: User, actual: CommitmentActual) -> None:
    quartier = actual.commitment.agreement.quartier
    require_edit(user, quartier.pk)
    audit_log(user=user, action=AuditAction.DELETE, obj=actual, quartier=quartier)
    actual.delete()
