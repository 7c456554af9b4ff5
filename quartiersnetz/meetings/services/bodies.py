"""Writes for bodies (Gremien) and their memberships."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from quartiersnetz.actors.models import ContactPerson, Organisation
from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import Quartier, User
from quartiersnetz.core.services import apply_and_validate, audit_log

from ..models import Body, BodyMembership
from .common import check_organisation, check_person, pick, require_edit, require_edit_new, validate

BODY_FIELDS = (
    "body_type", "name", "topics", "target_groups", "rhythm", "chair", "predecessor", "is_active", "founded_on",
    "description",
)
MEMBERSHIP_FIELDS = ("contact_person", "role", "since", "until")


def _check_body(body: Body) -> None:
    check_organisation(body.chair, body.quartier_id, field="chair")
    if body.predecessor is not None:
        if body.pk and body.predecessor.pk == body.pk:
            raise ApplicationError(
                _("A body cannot be its own predecessor."), extra={"predecessor": [_("Please choose another body.")]}
            )
        if body.predecessor.quartier_id != body.quartier_id:
            raise ApplicationError(
                _("The predecessor must belong to the same neighbourhood."),
                extra={"predecessor": [_("Please choose a body of this neighbourhood.")]},
            )
    duplicate = Body.objects.filter(quartier_id=body.quartier_id, name__iexact=body.name.strip())
    if body.pk:
        duplicate = duplicate.exclude(pk=body.pk)
    if duplicate.exists():
        raise ApplicationError(
            _("A body named “{name}” already exists in this neighbourhood.").format(name=body.name),
            extra={"name": ["duplicate"]}, status=409,
        )


@transaction.atomic
def body_create(*, user: User, quartier: Quartier, data: dict) -> Body:
    require_edit_new(user, quartier)
    body = Body(quartier=quartier, **pick(data, BODY_FIELDS))
    body.name = (body.name or "").strip()
    validate(body)
    _check_body(body)
    body.save()
    audit_log(user=user, action=AuditAction.CREATE, obj=body, fields=pick(data, BODY_FIELDS).keys(),
              quartier=quartier)
    return body


@transaction.atomic
def body_update(*, user: User, body: Body, data: dict) -> Body:
    require_edit(user, body.quartier_id)
    data = pick(data, BODY_FIELDS)
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
    try:
        fields = apply_and_validate(body, data)
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc
    _check_body(body)
    body.save()
    if fields:
        audit_log(user=user, action=AuditAction.UPDATE, obj=body, fields=fields, quartier=body.quartier)
    return body


@transaction.atomic
def body_delete(*, user: User, body: Body) -> None:
    require_edit(user, body.quartier_id)
    if body.meetings.exists():
        raise ApplicationError(
            _("The body has meetings and cannot be deleted. Mark it as inactive instead."), status=409
        )
    audit_log(user=user, action=AuditAction.DELETE, obj=body, quartier=body.quartier)
    body.delete()


def _check_membership(membership: BodyMembership) -> None:
    if membership.since and membership.until and membership.until < membership.since:
        raise ApplicationError(
            _("“Member until” must not be before “member since”."),
            extra={"until": [_("“Member until” must not be before “member since”.")]},
        )
    current = BodyMembership.objects.filter(
        body_id=membership.body_id, organisation_id=membership.organisation_id, until__isnull=True
    )
    if membership.pk:
        current = current.exclude(pk=membership.pk)
    if membership.until is None and current.exists():
        raise ApplicationError(
            _("{name} is already a member of this body.").format(name=membership.organisation.name),
            extra={"organisation": ["duplicate"]}, status=409,
        )


@transaction.atomic
def membership_add(
    *, user: User, body: Body, organisation: Organisation, data: dict | None = None
) -> BodyMembership:
    require_edit(user, body.quartier_id)
    data = pick(data or {}, MEMBERSHIP_FIELDS)
    check_organisation(organisation, body.quartier_id, field="organisation")
    check_person(data.get("contact_person"), organisation, field="contact_person")
    membership = BodyMembership(body=body, organisation=organisation, **data)
    validate(membership)
    _check_membership(membership)
    membership.save()
    audit_log(user=user, action=AuditAction.CREATE, obj=membership, fields=["organisation", *data.keys()],
              quartier=body.quartier)
    return membership


@transaction.atomic
def membership_update(*, user: User, membership: BodyMembership, data: dict) -> BodyMembership:
    require_edit(user, membership.body.quartier_id)
    data = pick(data, MEMBERSHIP_FIELDS)
    person: ContactPerson | None = data.get("contact_person", membership.contact_person)
    check_person(person, membership.organisation, field="contact_person")
    try:
        fields = apply_and_validate(membership, data)
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc
    _check_membership(membership)
    membership.save()
    if fields:
        audit_log(user=user, action=AuditAction.UPDATE, obj=membership, fields=fields,
                  quartier=membership.body.quartier)
    return membership


@transaction.atomic
def membership_end(*, user: User, membership: BodyMembership, on: dt.date) -> BodyMembership:
    """End a membership but keep it (co-membership history for the network analysis)."""
    return membership_update(user=user, membership=membership, data={"until": on})


@transaction.atomic
def membership_remove(*, user: User, membership: BodyMembership) -> None:
    """Delete a membership entered by mistake (use membership_end for members who left)."""
    if membership.body_id is None:
        raise Http404
    require_edit(user, membership.body.quartier_id)
    audit_log(user=user, action=AuditAction.DELETE, obj=membership, quartier=membership.body.quartier)
    membership.delete()
