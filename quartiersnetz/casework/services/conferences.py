"""Anonymised case conferences (with their next steps) and outreach actions."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import User
from quartiersnetz.core.services import audit_log

from ..models import CaseConference, Client, ConferenceStep, OutreachAction
from ..selectors import case_scope, problem_choices
from .common import check_anonymous, require_network, validate

CONFERENCE_FIELDS = ("held_on", "title", "situation", "resources", "question", "outcome", "case_code")
CONFERENCE_TEXTS = ("title", "situation", "resources", "question", "outcome")
OUTREACH_FIELDS = ("contact_point", "place", "date", "start_time", "duration_minutes", "people_reached",
                   "topic_note", "follow_up_contacts")
CODE_RE = re.compile(r"^K-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


def _check_orgs(quartier, organisations, field: str) -> None:
    for org in organisations:
        if not org.quartiere.filter(pk=quartier.pk).exists():
            raise ApplicationError(_("“{name}” is not active in this neighbourhood.").format(name=org.name),
                                   extra={field: [_("Please choose an organisation of this neighbourhood.")]})


def _link_case(conference: CaseConference) -> None:
    code = (conference.case_code or "").strip().upper()
    conference.case_code = code
    conference.client = None
    if not code:
        return
    if not CODE_RE.match(code):
        raise ApplicationError(_("A case code looks like K-7F3Q-9M2X."),
                               extra={"case_code": [_("A case code looks like K-7F3Q-9M2X.")]})
    conference.client = Client.objects.filter(code=code, quartier_id=conference.quartier_id).first()


def _steps(user: User, conference: CaseConference, steps: list[dict], create_tasks: bool) -> None:
    texts = {f"steps.{i}": s.get("description", "") for i, s in enumerate(steps)}
    check_anonymous(texts)
    _check_orgs(conference.quartier, [s["responsible"] for s in steps if s.get("responsible")], "steps")
    if create_tasks and not get_scope(user).can_edit_quartier(conference.quartier_id):
        raise ApplicationError(_("Only network coaches and coordination can turn next steps into tasks."),
                               extra={"create_tasks": [_("Not possible with your role.")]}, status=403)
    for step in steps:
        description = (step.get("description") or "").strip()
        if not description:
            continue
        task = None
        if create_tasks:
            from quartiersnetz.meetings.services import task_create

            task = task_create(user=user, quartier=conference.quartier, data={
                "title": description[:200], "responsible_organisation": step.get("responsible"),
                "due_on": step.get("due_on"),
                "description": _("Agreed in the case conference “{title}”.").format(title=conference.title),
            })
        ConferenceStep.objects.create(conference=conference, description=description[:300],
                                      responsible=step.get("responsible"), due_on=step.get("due_on"), task=task)


@transaction.atomic
def conference_create(*, user: User, quartier, data: dict, organisations=(), steps=(), create_tasks: bool = False,
                      confirm_anonymous: bool = False) -> CaseConference:
    """Free texts are checked for identifiers BEFORE anything is saved."""
    if not case_scope(user).sees_network(quartier.pk):
        raise ApplicationError(_("You may not record anything in this neighbourhood."),
                               extra={"quartier": [_("You may not record anything in this neighbourhood.")]},
                               status=403)
    data = {k: v for k, v in data.items() if k in CONFERENCE_FIELDS}
    overridden = check_anonymous({k: data.get(k, "") for k in CONFERENCE_TEXTS}, confirmed=confirm_anonymous)
    conference = CaseConference(quartier=quartier, created_by=user, override_confirmed=bool(overridden), **data)
    _link_case(conference)
    validate(conference)
    _check_orgs(quartier, organisations, "organisations")
    conference.save()
    conference.organisations.set(organisations)
    _steps(user, conference, list(steps), create_tasks)
    audit_log(user=user, action=AuditAction.CREATE, obj=conference,
              fields=[*data.keys(), *[f"anonymisation_confirmed:{f}" for f in overridden]], quartier=quartier)
    return conference


@transaction.atomic
def conference_update(*, user: User, conference: CaseConference, data: dict, organisations=None, steps=(),
                      create_tasks: bool = False, confirm_anonymous: bool = False) -> CaseConference:
    require_network(user, conference.quartier_id)
    data = {k: v for k, v in data.items() if k in CONFERENCE_FIELDS}
    texts = {k: data.get(k, getattr(conference, k)) for k in CONFERENCE_TEXTS}
    overridden = check_anonymous(texts, confirmed=confirm_anonymous)
    changed = [k for k, v in data.items() if getattr(conference, k) != v]
    for key in changed:
        setattr(conference, key, data[key])
    conference.override_confirmed = bool(overridden)
    _link_case(conference)
    validate(conference)
    conference.save()
    if organisations is not None:
        _check_orgs(conference.quartier, organisations, "organisations")
        conference.organisations.set(organisations)
        changed.append("organisations")
    if steps:
        _steps(user, conference, list(steps), create_tasks)
        changed.append("steps")
    if changed:
        audit_log(user=user, action=AuditAction.UPDATE, obj=conference, fields=changed, quartier=conference.quartier)
    return conference


@transaction.atomic
def conference_delete(*, user: User, conference: CaseConference) -> None:
    require_network(user, conference.quartier_id)
    audit_log(user=user, action=AuditAction.DELETE, obj=conference, quartier=conference.quartier)
    conference.delete()


@transaction.atomic
def conference_step_set_done(*, user: User, step: ConferenceStep, done: bool) -> ConferenceStep:
    require_network(user, step.conference.quartier_id)
    step.done = done
    step.save(update_fields=["done"])
    return step


# --- outreach -----------------------------------------------------------------------------------------------------


def _check_outreach(user: User, action: OutreachAction, staff, topics) -> None:
    if action.follow_up_contacts > action.people_reached:
        raise ApplicationError(_("There cannot be more follow-up contacts than people reached."),
                               extra={"follow_up_contacts": [_("At most the number of people reached.")]})
    if action.contact_point is not None and action.contact_point.quartier_id != action.quartier_id:
        raise ApplicationError(_("The contact point belongs to another neighbourhood."),
                               extra={"contact_point": [_("Please choose a contact point of this neighbourhood.")]})
    for member in staff:
        if not case_scope(member).sees_network(action.quartier_id):
            raise ApplicationError(_("{name} has no access to this neighbourhood.").format(name=member),
                                   extra={"staff": [_("Please choose people with access to this neighbourhood.")]})
    allowed = set(problem_choices(programme_id=action.quartier.programme_id).values_list("pk", flat=True))
    if any(t.pk not in allowed for t in topics):
        raise ApplicationError(_("This problem situation is not offered in the programme."),
                               extra={"topics": [_("Please choose from the list.")]})
    check_anonymous({"place": action.place, "topic_note": action.topic_note}, confirmed=True)


@transaction.atomic
def outreach_create(*, user: User, quartier, data: dict, staff=(), topics=()) -> OutreachAction:
    if not case_scope(user).sees_network(quartier.pk):
        raise ApplicationError(_("You may not record anything in this neighbourhood."),
                               extra={"quartier": [_("You may not record anything in this neighbourhood.")]},
                               status=403)
    action = OutreachAction(quartier=quartier, created_by=user,
                            **{k: v for k, v in data.items() if k in OUTREACH_FIELDS})
    validate(action)
    _check_outreach(user, action, staff, topics)
    action.save()
    action.staff.set(staff)
    action.topics.set(topics)
    audit_log(user=user, action=AuditAction.CREATE, obj=action, fields=[*data.keys(), "staff", "topics"],
              quartier=quartier)
    return action


@transaction.atomic
def outreach_update(*, user: User, action: OutreachAction, data: dict, staff=None, topics=None) -> OutreachAction:
    require_network(user, action.quartier_id)
    changed = [k for k, v in data.items() if k in OUTREACH_FIELDS and getattr(action, k) != v]
    for key in changed:
        setattr(action, key, data[key])
    validate(action)
    _check_outreach(user, action, staff if staff is not None else action.staff.all(),
                    topics if topics is not None else action.topics.all())
    action.save()
    if staff is not None:
        action.staff.set(staff)
        changed.append("staff")
    if topics is not None:
        action.topics.set(topics)
        changed.append("topics")
    if changed:
        audit_log(user=user, action=AuditAction.UPDATE, obj=action, fields=changed, quartier=action.quartier)
    return action


@transaction.atomic
def outreach_delete(*, user: User, action: OutreachAction) -> None:
    require_network(user, action.quartier_id)
    audit_log(user=user, action=AuditAction.DELETE, obj=action, quartier=action.quartier)
    action.delete()
