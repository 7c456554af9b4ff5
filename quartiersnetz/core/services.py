"""Writes of the core app: audit, consent, Quartier master data, API tokens. Each runs in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import get_scope
from .choices import AuditAction, ConsentMethod, ConsentPurpose
from .exceptions import ApplicationError
from .middleware import current_remote_addr
from .models import ApiToken, AuditLogEntry, ConsentRecord, Quartier, User


def audit_log(
    *,
    user: User | None,
    action: str,
    obj: models.Model,
    fields: Iterable[str] = (),
    quartier: Quartier | None = None,
) -> AuditLogEntry:
    """Record who did what to which object and which fields (never the values)."""
    return AuditLogEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=getattr(user, "username", "") or "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj.__class__),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        fields=sorted(fields),
        quartier=quartier,
        remote_addr=current_remote_addr.get(),
    )


def audit_log_many(
    *, user: User | None, action: str, entries: Iterable[tuple[models.Model, Iterable[str], Quartier | None]]
) -> int:
    """Bulk variant of audit_log for exports and imports: one entry per (object, fields, quartier)."""
    username = getattr(user, "username", "") or ""
    remote = current_remote_addr.get()
    rows = [
        AuditLogEntry(
            user=user if user is not None and user.is_authenticated else None,
            username=username,
            action=action,
            content_type=ContentType.objects.get_for_model(obj.__class__),
            object_id=obj.pk,
            object_repr=str(obj)[:200],
            fields=sorted(fields),
            quartier=quartier,
            remote_addr=remote,
        )
        for obj, fields, quartier in entries
    ]
    AuditLogEntry.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def changed_fields(instance: models.Model, data: dict) -> list[str]:
    """Names of the fields in `data` whose value differs from the instance."""
    changed = []
    for name, value in data.items():
        if getattr(instance, name) != value:
            changed.append(name)
    return changed


def apply_and_validate(instance: models.Model, data: dict, *, exclude: Iterable[str] = ()) -> list[str]:
    """Set attributes, run full_clean and return the changed field names."""
    fields = changed_fields(instance, data)
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean(exclude=list(exclude))
    return fields


QUARTIER_FIELDS = (
    "programme", "slug", "city", "name", "label", "population", "population_approx", "unemployment_rate", "sgb2_quota",
    "provider", "coach_fte", "coach_count", "loi_partners", "approach_type", "starting_situation", "start", "end",
    "extended_until", "boundary", "description",
)


def _check_programme_allowed(*, user: User, programme_id: int) -> None:
    from .models import Programme

    scope = get_scope(user)
    if scope.is_admin:
        return
    allowed = set(
        Programme.objects.filter(quartiere__id__in=scope.edit_quartier_ids).values_list("id", flat=True)
    )
    if programme_id not in allowed:
        raise ApplicationError(_("You may not create neighbourhoods in this programme."), status=403)


@transaction.atomic
def quartier_create(*, user: User, data: dict) -> Quartier:
    scope = get_scope(user)
    if not (scope.is_admin or scope.has_role("coordination")):
        raise ApplicationError(
            _("Only administration and programme coordination may create neighbourhoods."), status=403
        )
    programme = data["programme"]
    _check_programme_allowed(user=user, programme_id=programme.pk)
    quartier = Quartier(**{k: v for k, v in data.items() if k in QUARTIER_FIELDS})
    try:
        quartier.full_clean()
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc
    quartier.save()
    audit_log(user=user, action=AuditAction.CREATE, obj=quartier, fields=data.keys(), quartier=quartier)
    return quartier


@transaction.atomic
def quartier_update(*, user: User, quartier: Quartier, data: dict) -> Quartier:
    if not get_scope(user).can_edit_quartier(quartier.pk):
        raise Http404
    if "programme" in data and data["programme"].pk != quartier.programme_id:
        _check_programme_allowed(user=user, programme_id=data["programme"].pk)
    try:
        fields = apply_and_validate(quartier, {k: v for k, v in data.items() if k in QUARTIER_FIELDS})
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc
    quartier.save()
    if fields:
        audit_log(user=user, action=AuditAction.UPDATE, obj=quartier, fields=fields, quartier=quartier)
    return quartier


@transaction.atomic
def quartier_delete(*, user: User, quartier: Quartier) -> None:
    scope = get_scope(user)
    if not scope.can_edit_quartier(quartier.pk) or not (scope.is_admin or scope.has_role("coordination")):
        raise Http404
    if quartier.organisations.exists():
        raise ApplicationError(
            _("The neighbourhood still has organisations assigned and cannot be deleted."), status=409
        )
    audit_log(user=user, action=AuditAction.DELETE, obj=quartier)
    try:
        quartier.delete()
    except models.ProtectedError as exc:  # bodies, tasks, agreements … still refer to it
        raise ApplicationError(
            _("The neighbourhood still has bodies, tasks or other records and cannot be deleted."), status=409
        ) from exc


@transaction.atomic
def consent_record(
    *,
    user: User | None,
    subject: models.Model,
    purpose: str,
    given_on: dt.date,
    method: str = ConsentMethod.WRITTEN,
    scope_note: str = "",
    valid_until: dt.date | None = None,
    quartier: Quartier | None = None,
) -> ConsentRecord:
    if purpose not in ConsentPurpose.values:
        raise ApplicationError(_("Unknown consent purpose."))
    if given_on > timezone.localdate():
        raise ApplicationError(_("Consent cannot be given in the future."))
    record = ConsentRecord(
        content_type=ContentType.objects.get_for_model(subject.__class__),
        object_id=subject.pk,
        purpose=purpose,
        given_on=given_on,
        method=method,
        scope_note=scope_note,
        valid_until=valid_until,
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    try:
        record.full_clean()
    except ValidationError as exc:
        raise ApplicationError(_("The consent record is incomplete."), extra=exc.message_dict) from exc
    record.save()
    audit_log(user=user, action=AuditAction.CREATE, obj=subject, fields=[f"consent:{purpose}"], quartier=quartier)
    return record


@transaction.atomic
def consent_withdraw(
    *, user: User | None, record: ConsentRecord, on: dt.date | None = None, quartier: Quartier | None = None
) -> ConsentRecord:
    on = on or timezone.localdate()
    if record.withdrawn_on:
        raise ApplicationError(_("This consent has already been withdrawn."))
    if on < record.given_on:
        raise ApplicationError(_("The withdrawal cannot be dated before the consent was given."))
    record.withdrawn_on = on
    record.save(update_fields=["withdrawn_on"])
    subject = record.subject
    if subject is not None:
        audit_log(
            user=user, action=AuditAction.UPDATE, obj=subject, fields=[f"consent:{record.purpose}:withdrawn"],
            quartier=quartier,
        )
    return record


def consent_is_active(subject: models.Model, purpose: str, *, records=None) -> bool:
    """True when the subject has an active consent for the purpose. `records` may be prefetched."""
    if records is None:
        records = ConsentRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(subject.__class__), object_id=subject.pk, purpose=purpose
        )
    today = timezone.localdate()
    return any(r.purpose == purpose and r.is_active(today) for r in records)


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token and return it with the plain key (shown once)."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Please enter a label for the token."))
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=key[3:11], key_hash=ApiToken.hash_key(key), expires_at=expires_at
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise Http404
    token.delete()
