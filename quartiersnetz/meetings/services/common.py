"""Helpers shared by the services of the meetings app."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from quartiersnetz.actors.models import ContactPerson, Organisation
from quartiersnetz.core.access import get_scope
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import Quartier, User


def require_edit(user: User, quartier_id: int) -> None:
    """Visible but not editable, or not visible at all: 404 like everything outside the scope."""
    if not get_scope(user).can_edit_quartier(quartier_id):
        raise Http404


def require_edit_new(user: User, quartier: Quartier) -> None:
    """For creating in a Quartier the caller chose: a readable message instead of 404."""
    if not get_scope(user).can_edit_quartier(quartier.pk):
        raise ApplicationError(
            _("You may not record anything in the neighbourhood {name}.").format(name=quartier.display_name),
            extra={"quartier": [_("You may not record anything in this neighbourhood.")]}, status=403,
        )


def validate(instance: models.Model, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_constraints=False, validate_unique=False)
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc


def check_organisation(organisation: Organisation | None, quartier_id: int, *, field: str) -> None:
    """An organisation referred to must be active in the Quartier of the record."""
    if organisation is None:
        return
    if not Organisation.quartiere.through.objects.filter(
        organisation_id=organisation.pk, quartier_id=quartier_id
    ).exists():
        raise ApplicationError(
            _("“{name}” is not active in this neighbourhood.").format(name=organisation.name),
            extra={field: [_("Please choose an organisation of this neighbourhood.")]},
        )


def check_person(person: ContactPerson | None, organisation: Organisation | None, *, field: str) -> None:
    if person is None:
        return
    if organisation is None or person.organisation_id != organisation.pk:
        raise ApplicationError(
            _("{person} is not a contact person of the chosen organisation.").format(person=person.full_name),
            extra={field: [_("Please choose a contact person of the organisation.")]},
        )


def pick(data: dict, fields: Iterable[str]) -> dict:
    return {k: v for k, v in data.items() if k in fields}
