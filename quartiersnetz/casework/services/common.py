"""Helpers shared by the case-work services."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from quartiersnetz.core.exceptions import ApplicationError

from ..anonymise import BIRTH_DATE, DATE, EMAIL, NAME, PHONE, blocking, find_identifiers
from ..selectors import case_scope


def kind_label(kind: str) -> str:
    labels = {
        NAME: _("first name"), DATE: _("date"), BIRTH_DATE: _("date of birth"), "address": _("address"),
        PHONE: _("phone number"), EMAIL: _("e-mail address"),
    }
    return str(labels.get(kind, kind))


def validate(instance: models.Model, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_constraints=False, validate_unique=False)
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc


def require_cases(user, quartier_id: int) -> None:
    if not case_scope(user).sees_cases(quartier_id):
        raise Http404


def require_network(user, quartier_id: int) -> None:
    if not case_scope(user).sees_network(quartier_id):
        raise Http404


def check_anonymous(texts: dict[str, str], *, confirmed: bool = False) -> list[str]:
    """Block saving when free texts contain suspected identifiers ("Bitte anonymisieren").

    Returns the names of the fields whose findings the author confirmed (for the audit), raises otherwise. The
    message lists what was found: the author sees their own text, nothing leaves the form.
    """
    errors: dict[str, list[str]] = {}
    overridden: list[str] = []
    for field, text in texts.items():
        findings = find_identifiers(text or "")
        if not findings:
            continue
        stop = blocking(findings, confirmed=confirmed)
        if stop:
            errors[field] = [
                _("Please anonymise: {kind} “{text}”{hint}").format(
                    kind=kind_label(f.kind), text=f.text,
                    hint="" if f.overridable else _(" (cannot be confirmed)"),
                )
                for f in stop
            ]
        else:
            overridden.append(field)
    if errors:
        raise ApplicationError(
            _("Please anonymise the text: it seems to contain names, dates of birth, addresses, phone numbers or "
              "e-mail addresses."),
            extra={**errors, "confirm_anonymous": [_("Names, plain dates and addresses that are not about the "
                                                     "person may be confirmed as harmless.")]},
        )
    return overridden
