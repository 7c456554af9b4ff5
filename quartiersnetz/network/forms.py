"""Forms of the network analysis: the stored tie (organisation choices limited to the Quartier's organisations
visible to the user) and the analysis filters shared by the graph page, the exports and the comparison."""

from __future__ import annotations

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.selectors import actor_type_list
from quartiersnetz.core.forms import KernForm, kern_widget_classes

from .choices import ALL_SOURCES, SCALE_CHOICES, Centrality, Frequency, Source, StoredSource, TieType
from .models import SCALE_FIELDS, ManualTie
from .selectors import WAVE_REQUIRED, WAVE_UNKNOWN, NetworkWave, quartier_organisations, wave_pair_errors
from .services import TIE_FIELDS

SCALE_INVALID = _("Please choose a value between 1 and 4.")


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.actor_type.name})"


def _scale_field(label, help_text):
    return forms.TypedChoiceField(
        label=label, help_text=help_text, required=False, coerce=int, empty_value=None,
        choices=[("", _("– not rated –"))] + [(str(v), label_) for v, label_ in SCALE_CHOICES],
        error_messages={"invalid_choice": SCALE_INVALID},
    )


class ManualTieForm(KernForm):
    """A tie between two organisations of one Quartier. The Quartier is fixed (from the URL or the tie)."""

    def __init__(self, *args, user, quartier, instance: ManualTie | None = None, **kwargs):
        self.user = user
        self.quartier = quartier
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            initial = model_to_dict(instance, fields=TIE_FIELDS)
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        organisations = quartier_organisations(user=user, quartier=quartier)
        model_fields = {f.name: f for f in ManualTie._meta.fields}
        self.fields["organisation_a"] = OrganisationChoiceField(
            queryset=organisations, label=_("Organisation"), empty_label=_("– please choose –"),
            error_messages={"invalid_choice": _("Please choose an organisation of this neighbourhood.")},
        )
        self.fields["organisation_b"] = OrganisationChoiceField(
            queryset=organisations, label=_("Partner organisation"), empty_label=_("– please choose –"),
            error_messages={"invalid_choice": _("Please choose an organisation of this neighbourhood.")},
        )
        self.fields["tie_type"] = forms.ChoiceField(
            label=_("Level of cooperation"), choices=[("", _("– please choose –"))] + list(TieType.choices),
            help_text=_("From loose to close: acquaintance, exchange, coordination, cooperation, alliance."),
        )
        self.fields["frequency"] = forms.ChoiceField(
            label=_("Frequency of contact"), required=False,
            choices=[("", _("– not specified –"))] + list(Frequency.choices),
        )
        for name in SCALE_FIELDS:
            self.fields[name] = _scale_field(model_fields[name].verbose_name, model_fields[name].help_text)
        self.fields["valid_from"] = forms.DateField(label=_("Valid from"), required=False)
        self.fields["valid_until"] = forms.DateField(
            label=_("Valid until"), required=False, help_text=_("Leave empty if the tie still exists.")
        )
        self.fields["source"] = forms.ChoiceField(
            label=_("Source"), choices=StoredSource.choices, initial=StoredSource.MANUAL
        )
        self.fields["wave"] = forms.CharField(
            label=_("Survey wave"), required=False, max_length=60, help_text=model_fields["wave"].help_text
        )
        self.fields["note"] = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)
        self.setup_widgets()

    def clean(self):
        data = super().clean()
        a, b = data.get("organisation_a"), data.get("organisation_b")
        if a is not None and b is not None and a.pk == b.pk:
            self.add_error("organisation_b", _(
                "Please choose two different organisations: an organisation cannot have a tie with itself."
            ))
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end of the period must not be before its start."))
        if data.get("source") == StoredSource.DECLARED and not (data.get("wave") or "").strip():
            self.add_error("wave", _("Please name the survey wave of a declared tie."))
        return data

    def tie_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in TIE_FIELDS}


def _top_level_type_choices() -> list[tuple[str, str]]:
    return [(t.slug, t.name) for t in actor_type_list() if t.parent_id is None]


class NetworkFilterForm(forms.Form):
    """GET filters of the analysis. Invalid values are dropped (the page shows the unfiltered network), except on
    the comparison, which reports them."""

    sources = forms.MultipleChoiceField(
        label=_("Sources of ties"), required=False, choices=Source.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Nothing chosen: all sources."),
    )
    tie_type = forms.MultipleChoiceField(
        label=_("Level of cooperation"), required=False, choices=TieType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Applies to ties entered by hand or declared in a survey; observed ties have no level."),
    )
    min_strength = forms.FloatField(
        label=_("Minimum tie strength"), required=False, min_value=0,
        help_text=_("Weaker ties are hidden. Strength = weighted sum over the sources."),
    )
    start = forms.DateField(label=_("Period from"), required=False)
    end = forms.DateField(label=_("Period until"), required=False)
    actor_types = forms.MultipleChoiceField(
        label=_("Actor types"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Nothing chosen: all actor types."),
    )
    size_by = forms.ChoiceField(label=_("Node size by"), required=False, choices=Centrality.choices,
                                initial=Centrality.DEGREE)

    WEIGHT_PREFIX = "w_"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor_types"].choices = _top_level_type_choices()
        for source, label in Source.choices:
            self.fields[self.WEIGHT_PREFIX + source] = forms.FloatField(
                label=_("Weight: {source}").format(source=label), required=False, min_value=0, max_value=100,
                localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
        for name in ("start", "end"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["min_strength"].localize = True
        self.fields["min_strength"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.fields["min_strength"].widget.is_localized = True
        kern_widget_classes(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period must not be before its start."))
        return data

    def weight_fields(self):
        return [self[self.WEIGHT_PREFIX + s] for s in ALL_SOURCES]

    def main_fields(self):
        return [self[name] for name in ("sources", "tie_type", "min_strength", "start", "end", "actor_types")]

    def params(self) -> dict:
        """Keyword arguments of network_ties/network_analysis from the valid fields (invalid ones are ignored)."""
        data = self.cleaned_data if self.is_bound else {}
        errors = self.errors if self.is_bound else {}

        def value(name):
            return None if name in errors else data.get(name)

        weights = {}
        for source in ALL_SOURCES:
            w = value(self.WEIGHT_PREFIX + source)
            weights[source] = 1.0 if w is None else float(w)
        period_ok = "end" not in errors
        return {
            "sources": set(value("sources") or ALL_SOURCES),
            "tie_types": set(value("tie_type") or []) or None,
            "min_strength": float(value("min_strength") or 0),
            "start": value("start") if period_ok else None,
            "end": value("end") if period_ok else None,
            "actor_types": set(value("actor_types") or []) or None,
            "weights": weights,
        }

    def chosen_size(self) -> str:
        value = self.cleaned_data.get("size_by") if self.is_bound and "size_by" not in self.errors else None
        return value or Centrality.DEGREE


class CompareForm(forms.Form):
    """Two periods of the same Quartier."""

    before_start = forms.DateField(label=_("Period 1 from"), required=True)
    before_end = forms.DateField(label=_("Period 1 until"), required=True)
    after_start = forms.DateField(label=_("Period 2 from"), required=True)
    after_end = forms.DateField(label=_("Period 2 until"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            field.error_messages["required"] = _("Please enter a date.")
        kern_widget_classes(self)

    def clean(self):
        data = super().clean()
        for prefix in ("before", "after"):
            start, end = data.get(f"{prefix}_start"), data.get(f"{prefix}_end")
            if start and end and end < start:
                self.add_error(f"{prefix}_end", _("The end of the period must not be before its start."))
        return data


class WaveCompareForm(forms.Form):
    """Two survey waves of the same Quartier, chosen from its waves with declared ties (`network_wave_list`)."""

    wave_a = forms.ChoiceField(label=_("Survey wave 1"))
    wave_b = forms.ChoiceField(label=_("Survey wave 2"))

    def __init__(self, *args, waves: list[NetworkWave], **kwargs):
        super().__init__(*args, **kwargs)
        self.waves = waves
        choices = [("", _("– please choose –"))] + [(w.key, w.label) for w in waves]
        for field in self.fields.values():
            field.choices = choices
            field.error_messages.update(required=WAVE_REQUIRED, invalid_choice=WAVE_UNKNOWN)
        if len(waves) >= 2 and not self.is_bound:
            self.initial.setdefault("wave_a", waves[-2].key)
            self.initial.setdefault("wave_b", waves[-1].key)
        kern_widget_classes(self)

    def clean(self):
        data = super().clean()
        if not self.errors:
            for name, messages in wave_pair_errors(waves=self.waves, wave_a=data.get("wave_a"),
                                                   wave_b=data.get("wave_b")).items():
                for message in messages:
                    self.add_error(name, message)
        return data
