"""Filter forms of the acquisition lists; their cleaned data is the selector's `filters` dict (page, export and API
filter alike). Choices come from selectors and stay inside the user's scope."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.filtersets import FilterForm

from .choices import AcquisitionStage, CooperationPath, NetworkForm, SizeClass
from .selectors import owner_choices, quartier_list_work
from .wz2008 import SECTIONS


def _blank(label) -> list[tuple[str, str]]:
    return [("", label)]


def _quartier_choices(user) -> list[tuple[str, str]]:
    return _blank(_("All neighbourhoods")) + [(q.slug, q.display_name) for q in quartier_list_work(user=user)]


class CaseFilterForm(FilterForm):
    quartier = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    owner = forms.TypedChoiceField(label=_("Responsible"), required=False, coerce=int, empty_value=None)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("Organisation, next step, objections or benefit")
        self.fields["quartier"].choices = _quartier_choices(self.user)
        self.fields["stage"].choices = _blank(_("All stages")) + list(AcquisitionStage.choices)
        ids = list(quartier_list_work(user=self.user).values_list("pk", flat=True))
        self.fields["owner"].choices = _blank(_("All persons")) + [
            (u.pk, u.get_full_name() or u.username) for u in owner_choices(user=self.user, quartier_ids=ids)]


class CompanyFilterForm(FilterForm):
    quartier = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    section = forms.ChoiceField(label=_("Sector (WZ 2008 section)"), required=False)
    size_class = forms.ChoiceField(label=_("Size class"), required=False)
    cooperation_path = forms.ChoiceField(label=_("Cooperation path"), required=False)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("Company name or WZ code")
        self.fields["quartier"].choices = _quartier_choices(self.user)
        self.fields["section"].choices = _blank(_("All sectors")) + [
            (letter, f"{letter} – {name}") for letter, (name, _a, _b) in SECTIONS.items()]
        self.fields["size_class"].choices = _blank(_("All sizes")) + list(SizeClass.choices)
        self.fields["cooperation_path"].choices = _blank(_("All paths")) + list(CooperationPath.choices)


class NetworkFilterForm(FilterForm):
    quartier = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    form = forms.ChoiceField(label=_("Form"), required=False)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("Name, goals or format")
        self.fields["quartier"].choices = _quartier_choices(self.user)
        self.fields["form"].choices = _blank(_("All forms")) + list(NetworkForm.choices)
