"""Filter form of the list of stored ties. Cleaned data is the selector's `filters` dict (page, export, API)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.filtersets import FilterForm

from .choices import StoredSource, TieType
from .selectors import network_quartier_list


def _blank(label) -> list[tuple[str, str]]:
    return [("", label)]


class ManualTieFilterForm(FilterForm):
    quartier = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    tie_type = forms.ChoiceField(label=_("Level of cooperation"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("Organisation, survey wave or note")
        self.fields["quartier"].choices = _blank(_("All neighbourhoods")) + [
            (q.slug, q.display_name) for q in network_quartier_list(user=self.user)
        ]
        self.fields["tie_type"].choices = _blank(_("All levels")) + list(TieType.choices)
        self.fields["source"].choices = _blank(_("All sources")) + list(StoredSource.choices)
