"""Filter forms of the offers app. Cleaned data is the selector's `filters` dict (page, export, map and API)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.filtersets import FilterForm
from quartiersnetz.core.selectors import quartier_list

from .choices import AccessRoute, LegalBasis, OfferStatus
from .selectors import target_group_list, topic_list


def _blank(label) -> list[tuple[str, str]]:
    return [("", label)]


def _terms(model_list, label) -> list[tuple[str, str]]:
    return _blank(label) + [(t.slug, t.name) for t in model_list(active_only=True)]


class OfferFilterForm(FilterForm):
    quartier = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    topic = forms.ChoiceField(label=_("Field of action"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), required=False)
    access_route = forms.ChoiceField(label=_("Access route"), required=False)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("Title, description, provider, language or street")
        self.fields["quartier"].choices = _blank(_("All neighbourhoods")) + [
            (q.slug, q.display_name) for q in quartier_list(user=self.user)
        ]
        self.fields["target_group"].choices = _terms(target_group_list, _("All target groups"))
        self.fields["topic"].choices = _terms(topic_list, _("All fields of action"))
        self.fields["status"].choices = _blank(_("All statuses")) + list(OfferStatus.choices)
        self.fields["legal_basis"].choices = _blank(_("All legal bases")) + [
            c for c in LegalBasis.choices if c[0]]
        self.fields["access_route"].choices = _blank(_("All access routes")) + list(AccessRoute.choices)


class MapFilterForm(FilterForm):
    """Filters of the map (the Quartier is fixed by the URL)."""

    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    topic = forms.ChoiceField(label=_("Field of action"), required=False)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("Title, description, provider, language or street")
        self.fields["target_group"].choices = _terms(target_group_list, _("All target groups"))
        self.fields["topic"].choices = _terms(topic_list, _("All fields of action"))


class PublicFilterForm(MapFilterForm):
    """The search of the public directory: no user, only text, target group and topic."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, user=None, **kwargs)
