"""Writes of the surveys app: the builder, freezing versions, fielding waves (sample, invitations, reminders),
answering by token, and importing external responses. Each service is one transaction; personal data
(invitations name contact persons) is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from quartiersnetz.actors.models import ContactPerson, Organisation
from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import AuditAction, ConsentPurpose
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import ConsentRecord, Quartier, User
from quartiersnetz.core.services import audit_log, audit_log_many

from .choices import SCALE_TYPES, InvitationStatus, ItemType, ResponseSource, WaveStatus
from .models import Block, Instrument, InstrumentVersion, Invitation, Item, Response, Wave
from .selectors import (
    coordinated_programme_ids,
    instrument_can_edit,
    wave_can_manage,
    wave_spec,
)
from .spec import DONT_KNOW, ItemSpec, WaveSpec, snapshot_of

# --- builder ------------------------------------------------------------------------------------------------------


def _check_instrument_edit(user: User, instrument: Instrument) -> None:
    if not instrument_can_edit(user=user, instrument=instrument):
        raise Http404


@transaction.atomic
def instrument_create(*, user: User, data: dict) -> Instrument:
    programme = data.get("programme")
    coordinated = coordinated_programme_ids(user=user)
    if coordinated is not None and (programme is None or programme.pk not in coordinated):
        raise ApplicationError(_("You may create instruments only for programmes you coordinate."),
                               {"programme": [_("Please choose a programme you coordinate.")]})
    instrument = Instrument(created_by=user, **data)
    instrument.full_clean()
    instrument.save()
    return instrument


@transaction.atomic
def block_create(*, user: User, instrument: Instrument, data: dict) -> Block:
    _check_instrument_edit(user, instrument)
    if instrument.blocks.filter(code=data.get("code")).exists():
        raise ApplicationError(_("A block with this number exists already."),
                               {"code": [_("A block with this number exists already.")]})
    order = (instrument.blocks.aggregate(m=Max("order"))["m"] or 0) + 1
    block = Block(instrument=instrument, order=order, **data)
    block.full_clean()
    block.save()
    return block


def _validate_item(item: Item) -> None:
    errors: dict[str, list[str]] = {}
    if item.item_type in SCALE_TYPES:
        if item.scale_min is None or item.scale_max is None:
            errors["scale_max"] = [_("A scale question needs a minimum and a maximum.")]
        elif item.item_type == ItemType.LIKERT and not 4 <= item.scale_max - item.scale_min + 1 <= 7:
            errors["scale_max"] = [_("An agreement scale has 4 to 7 points.")]
        elif item.item_type == ItemType.CHANGE and item.scale_max - item.scale_min + 1 != 3:
            errors["scale_max"] = [_("The change scale has exactly three points.")]
        elif len(item.scale_labels or []) > item.scale_max - item.scale_min + 1:
            errors["scale_labels"] = [_("There are more labels than scale points.")]
    elif item.reverse_coded:
        errors["reverse_coded"] = [_("Only scale questions can be reverse-coded.")]
    if item.item_type in (ItemType.SINGLE, ItemType.MULTIPLE) and len(item.choices or []) < 2:
        errors["choices"] = [_("Please give at least two answer options.")]
    if item.item_type == ItemType.MATRIX and not item.rows:
        errors["rows"] = [_("Please give at least one statement of the matrix.")]
    codes = list(Item.objects.filter(block__instrument=item.block.instrument).exclude(pk=item.pk)
                 .values_list("code", flat=True))
    if item.code in codes:
        errors["code"] = [_("A question with this number exists already in the instrument.")]
    if item.condition_item:
        if item.condition_item not in codes:
            errors["condition_item"] = [_("The condition must name another question of the instrument.")]
        if not item.condition_operator:
            errors["condition_operator"] = [_("Please choose how the condition is checked.")]
    if errors:
        raise ApplicationError(_("The question could not be saved."), errors)


@transaction.atomic
def item_create(*, user: User, block: Block, data: dict) -> Item:
    _check_instrument_edit(user, block.instrument)
    order = (block.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = Item(block=block, order=order, **data)
    _validate_item(item)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_update(*, user: User, item: Item, data: dict) -> Item:
    _check_instrument_edit(user, item.block.instrument)
    for name, value in data.items():
        setattr(item, name, value)
    _validate_item(item)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_delete(*, user: User, item: Item) -> None:
    _check_instrument_edit(user, item.block.instrument)
    if Item.objects.filter(block__instrument=item.block.instrument_id, condition_item=item.code).exists():
        raise ApplicationError(_("Another question's condition refers to this question."))
    item.delete()


def instrument_freeze(*, instrument: Instrument) -> InstrumentVersion:
    """The current structure as a version: the latest version when nothing changed, else a new one."""
    snapshot = snapshot_of(instrument)
    latest = instrument.versions.order_by("-number").first()
    if latest is not None and latest.snapshot == snapshot:
        return latest
    if not snapshot["blocks"] or not any(b["items"] for b in snapshot["blocks"]):
        raise ApplicationError(_("The instrument has no questions yet."))
    return InstrumentVersion.objects.create(instrument=instrument, number=(latest.number + 1) if latest else 1,
                                            snapshot=snapshot)


# --- waves --------------------------------------------------------------------------------------------------------


def _top(actor_type):
    return actor_type.parent if actor_type.parent_id else actor_type


def _pick_contact(org: Organisation, today: dt.date) -> ContactPerson | None:
    """The institution's respondent: a current contact, management with decision authority first."""
    contacts = [c for c in org.contacts.all()
                if (c.valid_until is None or c.valid_until >= today)
                and (c.valid_from is None or c.valid_from <= today)]
    contacts.sort(key=lambda c: (not c.decision_authority, c.level != "leitung", c.is_deputy, c.last_name, c.pk))
    return contacts[0] if contacts else None


@transaction.atomic
def wave_create(*, user: User, data: dict) -> Wave:
    """Field an instrument: freeze its version, create the wave and sample one invitation per institution of the
    chosen actor types in the chosen Quartiere (contact persons of the actor registry)."""
    instrument: Instrument = data["instrument"]
    quartiere: list[Quartier] = list(data.get("quartiere") or [])
    actor_types = list(data.get("actor_types") or [])
    programme = data["programme"]
    scope = get_scope(user)
    errors: dict[str, list[str]] = {}
    if not quartiere:
        errors["quartiere"] = [_("Please choose at least one neighbourhood.")]
    if any(q.programme_id != programme.pk for q in quartiere):
        errors["quartiere"] = [_("All neighbourhoods must belong to the wave's programme.")]
    if not scope.is_admin and any(q.pk not in scope.edit_quartier_ids for q in quartiere):
        raise Http404
    if instrument.programme_id and instrument.programme_id != programme.pk:
        errors["instrument"] = [_("The instrument belongs to another programme.")]
    version = instrument_freeze(instrument=instrument)
    block_codes = [c for c in (data.get("block_codes") or []) if c]
    known = [b["code"] for b in version.snapshot["blocks"]]
    unknown = [c for c in block_codes if c not in known]
    if unknown:
        errors["block_codes"] = [_("Unknown blocks: {codes}.").format(codes=", ".join(unknown))]
    wave = Wave(
        instrument=instrument, version=version, programme=programme, title=data["title"], code=data["code"],
        purpose=data.get("purpose") or "other", anonymous=bool(data.get("anonymous")), block_codes=block_codes,
        opens_on=data.get("opens_on"), closes_on=data.get("closes_on"), intro=data.get("intro", ""),
        status=WaveStatus.OPEN if data.get("open_now") else WaveStatus.DRAFT, created_by=user,
    )
    if wave.anonymous and not errors and wave_spec(wave).network_items:
        errors["anonymous"] = [_("An anonymous wave cannot contain network questions: a named partner would "
                                 "reveal the respondent.")]
    if errors:
        raise ApplicationError(_("The wave could not be created."), errors)
    try:
        wave.full_clean()
    except ValidationError as exc:
        raise ApplicationError(_("The wave could not be created."), exc.message_dict) from exc
    wave.save()
    wave.quartiere.set(quartiere)
    wave.actor_types.set(actor_types)
    invitations = sample_invitations(wave=wave, quartiere=quartiere, actor_types=actor_types)
    audit_log_many(user=user, action=AuditAction.CREATE,
                   entries=[(i, ["contact", "organisation"], i.quartier) for i in invitations if i.contact_id])
    return wave


def sample_invitations(*, wave: Wave, quartiere, actor_types) -> list[Invitation]:
    """One invitation per active organisation of the Quartiere whose (top-level) type is chosen."""
    today = timezone.localdate()
    wanted = {t.pk for t in actor_types}
    invitations = []
    orgs = (Organisation.objects.filter(quartiere__in=quartiere, is_active=True)
            .select_related("actor_type", "actor_type__parent").prefetch_related("contacts", "quartiere")
            .order_by("name", "pk").distinct())
    for org in orgs:
        top = _top(org.actor_type)
        if wanted and top.pk not in wanted and org.actor_type_id not in wanted:
            continue
        for quartier in org.quartiere.all():
            if quartier in quartiere:
                invitations.append(Invitation(wave=wave, organisation=org, quartier=quartier, actor_type=top,
                                              contact=_pick_contact(org, today)))
    return Invitation.objects.bulk_create(invitations, batch_size=500)


@transaction.atomic
def wave_set_status(*, user: User, wave: Wave, status: str) -> Wave:
    if not wave_can_manage(user=user, wave=wave):
        raise Http404
    wave.status = status
    wave.save(update_fields=["status"])
    return wave


def _contact_consented(contact: ContactPerson | None, consents: dict[int, list[ConsentRecord]]) -> bool:
    if contact is None or not contact.email:
        return False
    today = timezone.localdate()
    return any(r.purpose == ConsentPurpose.CONTACT and r.is_active(today) for r in consents.get(contact.pk, []))


def _mail_invitations(*, user: User, wave: Wave, link: Callable[[Invitation], str], reminder: bool) -> int:
    if not wave_can_manage(user=user, wave=wave):
        raise Http404
    if wave.status != WaveStatus.OPEN:
        raise ApplicationError(_("Invitations can only be sent while the wave is open."))
    qs = wave.invitations.exclude(status=InvitationStatus.SUBMITTED).select_related("contact", "organisation")
    if not reminder:
        qs = qs.filter(sent_at__isnull=True)
    invitations = list(qs)
    contact_ids = [i.contact_id for i in invitations if i.contact_id]
    consents: dict[int, list[ConsentRecord]] = {}
    for record in ConsentRecord.objects.filter(contact_person__in=contact_ids):
        consents.setdefault(record.object_id, []).append(record)
    now = timezone.now()
    messages, sent = [], []
    for invitation in invitations:
        if not _contact_consented(invitation.contact, consents):
            continue
        subject = (_("Reminder: {title}") if reminder else _("Invitation: {title}")).format(title=wave.title)
        body = _(
            "Dear {name},\n\nyou are invited to answer the survey “{title}” for {organisation}. Your personal "
            "link (please do not pass it on):\n{link}\n\nYou can save your answers and continue later.{closes}\n"
        ).format(
            name=invitation.contact.full_name, title=wave.title, organisation=invitation.organisation.name,
            link=link(invitation),
            closes=(" " + _("The survey closes on {date}.").format(date=wave.closes_on.strftime("%d.%m.%Y"))
                    if wave.closes_on else ""),
        )
        messages.append((subject, body, None, [invitation.contact.email]))
        sent.append(invitation)
    send_mass_mail(messages, fail_silently=False)
    for invitation in sent:
        if reminder:
            invitation.reminded_at = now
            invitation.reminders += 1
        else:
            invitation.sent_at = now
    Invitation.objects.bulk_update(sent, ["reminded_at", "reminders", "sent_at"])
    return len(sent)


@transaction.atomic
def wave_send_invitations(*, user: User, wave: Wave, link: Callable[[Invitation], str]) -> int:
    """E-mail the personal link to every invited contact not yet mailed who has an active contact consent."""
    return _mail_invitations(user=user, wave=wave, link=link, reminder=False)


@transaction.atomic
def wave_send_reminders(*, user: User, wave: Wave, link: Callable[[Invitation], str]) -> int:
    """Remind every contact that has not submitted (with an active contact consent)."""
    return _mail_invitations(user=user, wave=wave, link=link, reminder=True)


# --- answering ----------------------------------------------------------------------------------------------------


def wave_is_open(wave: Wave, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    if wave.status != WaveStatus.OPEN:
        return False
    if wave.opens_on and today < wave.opens_on:
        return False
    return not (wave.closes_on and today > wave.closes_on)


def visible_items(spec: WaveSpec, answers: dict) -> list[ItemSpec]:
    """Items whose condition holds for the answers (items without condition always)."""
    return [i for i in spec.items if i.condition is None or i.condition.holds(answers)]


def _drop_hidden(spec: WaveSpec, answers: dict) -> dict:
    # Conditions may chain: repeat until stable.
    while True:
        shown = {i.code for i in visible_items(spec, answers)}
        cleaned = {k: v for k, v in answers.items() if k in shown}
        if cleaned == answers:
            return cleaned
        answers = cleaned


def _missing_required(spec: WaveSpec, answers: dict) -> list[ItemSpec]:
    return [i for i in visible_items(spec, answers) if i.required and answers.get(i.code) in (None, "", [], {})]


@transaction.atomic
def response_save(*, invitation: Invitation, answers: dict, submit: bool) -> Invitation:
    """Save the answers of one page (merged into the draft); with `submit` write the response.

    One submission per token: a submitted invitation cannot be changed. In an anonymous wave the response has no
    link to the invitation, the organisation or the person, and the draft is deleted."""
    invitation = Invitation.objects.select_for_update().select_related("wave", "wave__version").get(pk=invitation.pk)
    wave = invitation.wave
    if invitation.status == InvitationStatus.SUBMITTED:
        raise ApplicationError(_("This link has already been used to submit the survey."), status=409)
    if not wave_is_open(wave):
        raise ApplicationError(_("The survey is not open."), status=409)
    spec = wave_spec(wave)
    draft = {**invitation.draft, **answers}
    draft = {k: v for k, v in draft.items() if v not in (None, "", [], {})}
    draft = _drop_hidden(spec, draft)
    if not submit:
        invitation.draft = draft
        invitation.status = InvitationStatus.STARTED
        invitation.save(update_fields=["draft", "status"])
        return invitation
    missing = _missing_required(spec, draft)
    if missing:
        raise ApplicationError(
            _("Please answer the required questions: {codes}.").format(codes=", ".join(i.code for i in missing)),
            {i.code: [_("Please answer this question.")] for i in missing})
    today = timezone.localdate()
    if wave.anonymous:
        Response.objects.create(wave=wave, quartier=invitation.quartier, actor_type=invitation.actor_type,
                                answers=draft, source=ResponseSource.ONLINE, submitted_on=today)
    else:
        Response.objects.create(wave=wave, invitation=invitation, organisation=invitation.organisation,
                                quartier=invitation.quartier, actor_type=invitation.actor_type, answers=draft,
                                source=ResponseSource.ONLINE, submitted_on=today)
    invitation.draft = {}
    invitation.status = InvitationStatus.SUBMITTED
    invitation.submitted_on = today
    invitation.save(update_fields=["draft", "status", "submitted_on"])
    return invitation


def clean_value(item: ItemSpec, raw, *, network_org_ids: set[int] | None = None):
    """Check one answer against its item; raises ValueError with a German message. Returns the stored value."""
    if raw in (None, "", [], {}):
        return None
    if item.type in SCALE_TYPES and item.type != ItemType.MATRIX:
        return _scale_value(item, raw)
    if item.type == ItemType.MATRIX:
        if not isinstance(raw, dict):
            raise ValueError(_("Expected one answer per statement."))
        rows = {code for code, _t in item.rows}
        return {k: _scale_value(item, v) for k, v in raw.items() if k in rows and v not in (None, "")}
    if item.type == ItemType.SINGLE:
        if raw == DONT_KNOW and item.dont_know:
            return DONT_KNOW
        if str(raw) not in {v for v, _l in item.choices}:
            raise ValueError(_("“{value}” is not an answer option.").format(value=raw))
        return str(raw)
    if item.type == ItemType.MULTIPLE:
        values = raw if isinstance(raw, list) else [v.strip() for v in str(raw).split(",") if v.strip()]
        allowed = {v for v, _l in item.choices}
        bad = [v for v in values if str(v) not in allowed]
        if bad:
            raise ValueError(_("“{value}” is not an answer option.").format(value=bad[0]))
        return [str(v) for v in values]
    if item.type == ItemType.NUMBER:
        try:
            number = float(str(raw).replace(",", "."))
        except ValueError as exc:
            raise ValueError(_("“{value}” is not a number.").format(value=raw)) from exc
        if (item.min_value is not None and number < item.min_value) or (
                item.max_value is not None and number > item.max_value):
            raise ValueError(_("The number is outside the allowed range."))
        return number
    if item.type == ItemType.DATE:
        if isinstance(raw, dt.date):
            return raw.isoformat()
        for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(str(raw), fmt).date().isoformat()
            except ValueError:
                continue
        raise ValueError(_("“{value}” is not a date (DD.MM.YYYY).").format(value=raw))
    if item.type == ItemType.NETWORK:
        return raw  # validated by the form (organisations of the Quartier only)
    return str(raw)[:5000]


def _scale_value(item: ItemSpec, raw):
    if str(raw).strip().lower() in (DONT_KNOW, "weiß nicht", "keine angabe") and item.dont_know:
        return DONT_KNOW
    try:
        number = float(str(raw).replace(",", "."))
    except ValueError as exc:
        raise ValueError(_("“{value}” is not a number.").format(value=raw)) from exc
    if number != int(number) or not item.scale_min <= number <= item.scale_max:
        raise ValueError(_("The value {value} is not on the scale {low}–{high}.").format(
            value=raw, low=item.scale_min, high=item.scale_max))
    return int(number)


# --- import of external responses ---------------------------------------------------------------------------------


def import_row_answers(spec: WaveSpec, row: dict[str, object]) -> tuple[dict, list[str]]:
    """Answers of one imported row {column: value}; columns are item codes (matrix `code_row`, multiple choice
    `code_value` with 0/1). Returns (answers, German error messages)."""
    answers: dict = {}
    errors: list[str] = []
    for item in spec.items:
        try:
            if item.type == ItemType.MATRIX:
                raw = {code: row.get(f"{item.code}_{code}") for code, _t in item.rows}
                raw = {k: v for k, v in raw.items() if v not in (None, "")}
                value = clean_value(item, raw) if raw else None
            elif item.type == ItemType.MULTIPLE:
                chosen = [v for v, _l in item.choices if str(row.get(f"{item.code}_{v}") or "").strip() in
                          ("1", "1.0", "ja", "x")]
                any_given = any(row.get(f"{item.code}_{v}") not in (None, "") for v, _l in item.choices)
                value = chosen if any_given else None
            elif item.type == ItemType.NETWORK:
                continue
            else:
                value = clean_value(item, row.get(item.code))
        except ValueError as exc:
            errors.append(_("Column “{column}”: {message}").format(column=item.code, message=exc))
            continue
        if value not in (None, [], {}):
            answers[item.code] = value
    return answers, errors


@transaction.atomic
def responses_import(*, user: User, wave: Wave, rows: list[dict], groups: list[tuple], batch=None,
                     numbers: list[int] | None = None) -> int:
    """Write imported responses (already checked: see `imports.read_upload`) in one transaction. `groups` gives
    (quartier, actor_type) per row, `numbers` the row numbers of the file (for messages). Nothing is written when a
    row fails; the failing row's number is in `extra["rows"]`."""
    if not wave_can_manage(user=user, wave=wave):
        raise Http404
    spec = wave_spec(wave)
    today = timezone.localdate()
    numbers = numbers or list(range(2, len(rows) + 2))
    objects = []
    for number, row, (quartier, actor_type) in zip(numbers, rows, groups, strict=True):
        answers, errors = import_row_answers(spec, row)
        if errors:
            raise ApplicationError(_("Row {row}: {errors}").format(row=number, errors="; ".join(errors)),
                                   {"rows": [number], "errors": errors})
        objects.append(Response(wave=wave, quartier=quartier, actor_type=actor_type, answers=answers,
                                source=ResponseSource.IMPORT, import_batch=batch, submitted_on=today))
    try:
        Response.objects.bulk_create(objects, batch_size=500)
    except IntegrityError as exc:  # pragma: no cover - constraints are checked above
        raise ApplicationError(_("The import could not be saved.")) from exc
    audit_log(user=user, action=AuditAction.IMPORT, obj=wave, fields=["responses"])
    return len(objects)
