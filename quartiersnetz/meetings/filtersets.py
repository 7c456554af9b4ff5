"""Filter forms of the meetings lists. Cleaned data is the selector's `filters` dict, so page, export and API filter
identically. Choices come from selectors and stay inside the user's scope."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.filtersets import FilterForm
from quartiersnetz.core.selectors import quartier_list

from .choices import IMPACT_GROUPS, ActivityType, AgreementKind, ImpactLevel, MeetingStatus, TaskStatus
from .selectors import body_list, body_type_list


def _blank(label) -> list[tuple[str, str]]:
    return [("", label)]


def _quartier_choices(user) -> list[tuple[str, str]]:
    return _blank(_("All neighbourhoods")) + [(q.slug, q.display_name) for q in quartier_list(user=user)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class BodyFilterForm(FilterForm):
    quartier = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    body_type = forms.ChoiceField(label=_("Body type"), required=False)
    is_active = forms.ChoiceField(label=_("Status"), required=False)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("Name, topics or target groups")
        self.fields["quartier"].choices = _quartier_choices(self.user)
        self.fields["body_type"].choices = _blank(_("All body types")) + [
            (t.slug, t.name) for t in body_type_list()
        ]
        self.fields["is_active"].choices = [("", _("active and inactive")), ("true", _("active only")),
                                            ("false", _("inactive only"))]


class MeetingFilterForm(FilterForm):
    quartier = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    body = forms.TypedChoiceField(label=_("Body"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("Title, body, agenda or location")
        self.fields["quartier"].choices = _quartier_choices(self.user)
        bodies = body_list(user=self.user).values_list("pk", "name", "quartier__city")
        self.fields["body"].choices = _blank(_("All bodies")) + [(pk, f"{name} ({city})") for pk, name, city in bodies]
        self.fields["status"].choices = _blank(_("All statuses")) + list(MeetingStatus.choices)


class TaskFilterForm(FilterForm):
    quartier = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("overdue only"), required=False)
    mine = forms.BooleanField(label=_("my tasks only"), required=False)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("Title or description")
        self.fields["quartier"].choices = _quartier_choices(self.user)
        self.fields["status"].choices = _blank(_("All statuses")) + list(TaskStatus.choices)


class MyTaskFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("overdue only"), required=False)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("Title or description")
        self.fields["status"].choices = _blank(_("open and in progress")) + list(TaskStatus.choices)


class AgreementFilterForm(FilterForm):
    quartier = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("Title or text")
        self.fields["quartier"].choices = _quartier_choices(self.user)
        self.fields["kind"].choices = _blank(_("All kinds")) + list(AgreementKind.choices)


class WorkLogFilterForm(FilterForm):
    quartier = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    activity_type = forms.ChoiceField(label=_("Activity"), required=False)
    impact_level = forms.ChoiceField(label=_("Impact level"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    mine = forms.BooleanField(label=_("my entries only"), required=False)

    def setup_choices(self) -> None:
        self.fields["q"].help_text = _("Note")
        self.fields["quartier"].choices = _quartier_choices(self.user)
        self.fields["activity_type"].choices = _blank(_("All activities")) + list(ActivityType.choices)
        self.fields["impact_level"].choices = (
            _blank(_("All impact levels")) + list(IMPACT_GROUPS.items()) + list(ImpactLevel.choices)
        )


class WorkLogSummaryFilterForm(WorkLogFilterForm):
    def setup_choices(self) -> None:
        super().setup_choices()
        del self.fields["q"]
        del self.fields["mine"]
