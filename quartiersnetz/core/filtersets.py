"""Filter forms of the core lists. Their cleaned data is the `filters` dict of the selector, so page, export and
API filter the same way. Choices come from selectors: nobody can filter by something outside their scope."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction
from .forms import kern_widget_classes
from .selectors import programme_list, quartier_list


class FilterForm(forms.Form):
    """GET form with a search field; subclasses add selects. Unknown choices are ignored, not errors."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.setup_choices()
        kern_widget_classes(self)

    def setup_choices(self) -> None:
        """Hook for subclasses: fill choice fields from selectors."""

    def full_clean(self):
        super().full_clean()
        # A stale or foreign choice in the URL must not break the page: drop it and filter by the rest.
        for name in list(self._errors or {}):
            self._errors.pop(name)
            self.cleaned_data.pop(name, None)


def _blank(label) -> list[tuple[str, str]]:
    return [("", label)]


class QuartierFilterForm(FilterForm):
    programme = forms.ChoiceField(label=_("Programme"), required=False)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("City, neighbourhood or provider")
        self.fields["programme"].choices = _blank(_("All programmes")) + [
            (p.slug, p.name) for p in programme_list(user=self.user)
        ]


class AuditFilterForm(FilterForm):
    action = forms.ChoiceField(label=_("Action"), required=False)
    quartier = forms.ChoiceField(label=_("Neighbourhood"), required=False)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("User name or object")
        self.fields["action"].choices = _blank(_("All actions")) + list(AuditAction.choices)
        self.fields["quartier"].choices = _blank(_("All neighbourhoods")) + [
            (q.slug, q.display_name) for q in quartier_list(user=self.user)
        ]
