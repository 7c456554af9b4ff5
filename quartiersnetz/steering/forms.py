"""Forms of the steering pages. Plain forms built from the model fields; every choice comes from a selector, so a
user cannot pick a goal, Quartier or organisation outside their scope. The services write."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.selectors import organisation_list
from quartiersnetz.analytics.monitoring import DEFAULT_THRESHOLDS
from quartiersnetz.core.forms import KernForm

from . import selectors
from .choices import GoalStatus


def _querysets(user, instance=None, parent=None) -> dict:
    """Scoped querysets for every foreign key a steering form may show."""
    return {
        "programme": selectors.programme_list_for_steering(user=user),
        "quartier": selectors.quartier_list_editable(user=user),
        "level": selectors.goal_level_list(),
        "parent": selectors.goal_list(user=user).exclude(pk=getattr(instance, "pk", None)),
        "goal": selectors.goal_list(user=user),
        "goals": selectors.goal_list(user=user),
        "owner_organisation": organisation_list(user=user).prefetch_related(None),
        "area": selectors.social_area_list(user=user),
        "indicator": selectors.area_indicator_list(user=user),
        "indicators": selectors.indicator_list(user=user),
    }


class SteeringForm(KernForm):
    """Fields of `model` named in `fields`; foreign keys limited to the user's scope. `cleaned_data` is the data
    dict of the create/update service (many-to-many fields are returned by `m2m()`)."""

    def __init__(self, *args, model, fields, user, instance=None, m2m_fields=(), **kwargs):
        self.model, self.user, self.instance, self.m2m_fields = model, user, instance, tuple(m2m_fields)
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = model_to_dict(instance, fields=[*fields, *m2m_fields])
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(model, fields=[*fields, *m2m_fields]))
        querysets = _querysets(user, instance)
        for name, field in self.fields.items():
            if hasattr(field, "queryset") and name in querysets:
                field.queryset = querysets[name]
            if isinstance(field, forms.JSONField):
                field.widget = forms.Textarea(attrs={"rows": 4})
        self.setup_widgets()

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.m2m_fields}

    def m2m(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.m2m_fields if k in self.cleaned_data}


class GoalStatusForm(KernForm):
    status = forms.ChoiceField(label=_("New status"), choices=GoalStatus.choices)
    override_reason = forms.CharField(
        label=_("Reason for adopting without a complete SMART check"), required=False,
        widget=forms.Textarea, max_length=2000,
        help_text=_("Only needed when the SMART check lists missing points."),
    )


class TemplateForm(KernForm):
    templates = forms.MultipleChoiceField(
        label=_("Impact levels of network coaching"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Each chosen level becomes a step of the impact chain with its indicators."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["templates"].choices = [
            (t.code, f"{t.code} {t.title} ({t.get_stage_display()})") for t in selectors.impact_template_list()
        ]
        self.setup_widgets()


class CalculatorForm(KernForm):
    """Prevention economics. Shares are entered in per cent; money in euros. German numbers (1.234,5) accepted."""

    cases = forms.DecimalField(label=_("Cases"), min_value=0, max_digits=14, decimal_places=2)
    avoided_share = forms.DecimalField(label=_("Avoided share (%)"), min_value=0, max_value=100, max_digits=7,
                                       decimal_places=3)
    cost_per_case = forms.DecimalField(label=_("Cost per avoided case (€)"), min_value=0, max_digits=14,
                                       decimal_places=2)
    staff_costs = forms.DecimalField(label=_("Staff costs (€)"), min_value=0, max_digits=14, decimal_places=2,
                                     required=False)
    programme_costs = forms.DecimalField(label=_("Programme costs (€)"), min_value=0, max_digits=14,
                                         decimal_places=2, required=False)

    def calculation_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "cases": d["cases"], "avoided_share": d["avoided_share"] / Decimal(100),
            "cost_per_case": d["cost_per_case"],
            "staff_costs": d.get("staff_costs") or 0, "programme_costs": d.get("programme_costs") or 0,
        }


class MonitoringForm(KernForm):
    """Indicators are chosen with a weight each (0 = not used); see the template for the per-indicator fields."""

    programme = forms.TypedChoiceField(label=_("Programme"), coerce=int)
    year = forms.TypedChoiceField(label=_("Year for the status index"), coerce=int)
    start_year = forms.TypedChoiceField(label=_("Dynamics: from year"), coerce=int, required=False, empty_value=None)
    end_year = forms.TypedChoiceField(label=_("Dynamics: to year"), coerce=int, required=False, empty_value=None)
    status_lower = forms.FloatField(label=_("Threshold high / medium"), initial=DEFAULT_THRESHOLDS.status_lower)
    status_upper = forms.FloatField(label=_("Threshold medium / low"), initial=DEFAULT_THRESHOLDS.status_upper)
    status_very_low = forms.FloatField(label=_("Threshold low / very low"),
                                       initial=DEFAULT_THRESHOLDS.status_very_low)
    dynamics_lower = forms.FloatField(label=_("Threshold positive / stable"),
                                      initial=DEFAULT_THRESHOLDS.dynamics_lower)
    dynamics_upper = forms.FloatField(label=_("Threshold stable / negative"),
                                      initial=DEFAULT_THRESHOLDS.dynamics_upper)

    def __init__(self, *args, programmes, years, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.fields["programme"].choices = [(p.pk, p.name) for p in programmes]
        year_choices = [(y, str(y)) for y in years]
        self.fields["year"].choices = year_choices
        self.fields["start_year"].choices = [("", "–"), *year_choices]
        self.fields["end_year"].choices = [("", "–"), *year_choices]
        for ind in self.indicators:
            self.fields[f"s_{ind.pk}"] = forms.DecimalField(
                label=_("{name}: weight in the status index").format(name=ind.name), required=False, min_value=0,
                max_digits=6, decimal_places=2, initial=1,
            )
            self.fields[f"d_{ind.pk}"] = forms.DecimalField(
                label=_("{name}: weight in the dynamics index").format(name=ind.name), required=False, min_value=0,
                max_digits=6, decimal_places=2, initial=1,
            )
        self.setup_widgets()

    def weights(self, prefix: str) -> list[tuple[int, float]]:
        return [(ind.pk, float(self.cleaned_data[f"{prefix}_{ind.pk}"])) for ind in self.indicators
                if self.cleaned_data.get(f"{prefix}_{ind.pk}")]


class AreaImportForm(KernForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    file = forms.FileField(label=_("File (CSV or XLSX)"),
                           help_text=_("Wide layout (one row per area, columns such as “SGB-II-Quote 2019”) or long "
                                       "layout (columns Code; Indikator; Jahr; Wert)."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = selectors.programme_list_editable(user=user)
        self.setup_widgets()
