"""Filter forms of the organisation and contact-person lists. Cleaned data is the selector's `filters` dict, so
the page and its export filter identically. Choices come from selectors and stay inside the user's scope."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.filtersets import FilterForm
from quartiersnetz.core.selectors import quartier_list

from .selectors import actor_type_list, organisation_list


def _blank(label) -> list[tuple[str, str]]:
    return [("", label)]


def actor_type_choices() -> list[tuple[str, str]]:
    """Top-level types with their subtypes indented below them (a parent includes its subtypes when filtering)."""
    types = list(actor_type_list())
    children: dict[int | None, list] = {}
    for t in types:
        children.setdefault(t.parent_id, []).append(t)
    choices = []

    def walk(parent_id, depth):
        for t in children.get(parent_id, []):
            choices.append((t.slug, "– " * depth + t.name))
            walk(t.pk, depth + 1)

    walk(None, 0)
    return choices



class OrganisationFilterForm(FilterForm):
    quartier = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    actor_type = forms.ChoiceField(label=_("Actor type"), required=False)
    is_active = forms.ChoiceField(label=_("Status"), required=False)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("Name, short name or town")
        self.fields["quartier"].choices = _blank(_("All neighbourhoods")) + [
            (q.slug, q.display_name) for q in quartier_list(user=self.user)
        ]
        self.fields["actor_type"].choices = _blank(_("All actor types")) + actor_type_choices()
        self.fields["is_active"].choices = [("", _("active and inactive")), ("true", _("active only")),
                                            ("false", _("inactive only"))]


class ContactPersonFilterForm(FilterForm):
    quartier = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    decision_authority = forms.ChoiceField(label=_("Decision authority"), required=False)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("Name, function or organisation")
        self.fields["quartier"].choices = _blank(_("All neighbourhoods")) + [
            (q.slug, q.display_name) for q in quartier_list(user=self.user)
        ]
        organisations = organisation_list(user=self.user).prefetch_related(None).values_list("pk", "name")
        self.fields["organisation"].choices = _blank(_("All organisations")) + [
            (str(pk), name) for pk, name in organisations
        ]
        self.fields["decision_authority"].choices = [
            ("", _("with and without")), ("true", _("with decision authority")),
            ("false", _("without decision authority")),
        ]
