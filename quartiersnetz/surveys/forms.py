"""Forms of the surveys app: instrument builder, wave (sample), import upload, analysis filter and the answer
form of the token page (one block per page, built from the wave's frozen spec)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.forms import KernForm

from .choices import (
    COOPERATION_LEVELS,
    NETWORK_FREQUENCIES,
    TRUST_VALUE_FIELDS,
    ConditionOperator,
    GroupBy,
    ItemType,
    WavePurpose,
)
from .selectors import editable_quartiere, instrument_list, programme_choices, top_level_actor_types
from .spec import DONT_KNOW, DONT_KNOW_LABEL, BlockSpec, ItemSpec

NETWORK_ROWS = 8


class InstrumentForm(KernForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(label=_("Short name"), max_length=80)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None, required=False,
                                       empty_label=_("– library (all programmes) –"))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    source = forms.CharField(label=_("Source"), required=False, max_length=300)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programme_choices(user=user)
        self.setup_widgets()


class BlockForm(KernForm):
    code = forms.CharField(label=_("Number"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ItemForm(KernForm):
    """A question. Options and matrix statements are one per line (`value = label` / `code = text`)."""

    code = forms.CharField(label=_("Number"), max_length=20)
    item_type = forms.ChoiceField(label=_("Question type"), choices=ItemType.choices)
    text = forms.CharField(label=_("Wording"), widget=forms.Textarea)
    short_label = forms.CharField(label=_("Chart label"), required=False, max_length=200)
    scale_min = forms.IntegerField(label=_("Scale minimum"), required=False)
    scale_max = forms.IntegerField(label=_("Scale maximum"), required=False)
    scale_labels = forms.CharField(label=_("Labels of the scale points"), required=False, widget=forms.Textarea,
                                   help_text=_("One line per point, from the minimum; empty lines are allowed."))
    reverse_coded = forms.BooleanField(label=_("Reverse-coded"), required=False)
    reversed_label = forms.CharField(label=_("Label when reverse-coded"), required=False, max_length=200)
    dont_know = forms.BooleanField(label=_("Offer “don't know / no answer”"), required=False, initial=True)
    choices = forms.CharField(label=_("Answer options"), required=False, widget=forms.Textarea,
                              help_text=_("One per line: value = label, e.g. “1 = ja”."))
    rows = forms.CharField(label=_("Matrix statements"), required=False, widget=forms.Textarea,
                           help_text=_("One per line: code = statement."))
    min_value = forms.FloatField(label=_("Smallest number"), required=False)
    max_value = forms.FloatField(label=_("Largest number"), required=False)
    required = forms.BooleanField(label=_("Answer required"), required=False)
    condition_item = forms.CharField(label=_("Show only if question"), required=False, max_length=20,
                                     help_text=_("Number of another question, e.g. “S12”."))
    condition_operator = forms.ChoiceField(label=_("Condition"), required=False,
                                           choices=[("", "–"), *ConditionOperator.choices])
    condition_value = forms.CharField(label=_("Condition value"), required=False, max_length=100)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)

    @staticmethod
    def initial_from(item) -> dict:
        return {
            "code": item.code, "item_type": item.item_type, "text": item.text, "short_label": item.short_label,
            "scale_min": item.scale_min, "scale_max": item.scale_max,
            "scale_labels": "\n".join(item.scale_labels or []), "reverse_coded": item.reverse_coded,
            "reversed_label": item.reversed_label, "dont_know": item.dont_know,
            "choices": "\n".join(f"{c['value']} = {c['label']}" for c in item.choices or []),
            "rows": "\n".join(f"{r['code']} = {r['text']}" for r in item.rows or []),
            "min_value": item.min_value, "max_value": item.max_value, "required": item.required,
            "condition_item": item.condition_item, "condition_operator": item.condition_operator,
            "condition_value": item.condition_value, "note": item.note,
        }

    def _pairs(self, name: str, keys: tuple[str, str]) -> list[dict]:
        out = []
        for line in _lines(self.cleaned_data.get(name, "")):
            if "=" not in line:
                raise forms.ValidationError({name: _("Each line needs “value = label”.")})
            left, right = (part.strip() for part in line.split("=", 1))
            out.append({keys[0]: left, keys[1]: right})
        return out

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["choices"] = self._pairs("choices", ("value", "label"))
        data["rows"] = self._pairs("rows", ("code", "text"))
        text = self.cleaned_data.get("scale_labels") or ""
        data["scale_labels"] = [line.strip() for line in text.splitlines()] if text.strip() else []
        while data["scale_labels"] and not data["scale_labels"][-1]:
            data["scale_labels"].pop()
        return data


class WaveForm(KernForm):
    instrument = forms.ModelChoiceField(label=_("Survey instrument"), queryset=None)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    quartiere = forms.ModelMultipleChoiceField(label=_("Neighbourhoods"), queryset=None,
                                               widget=forms.CheckboxSelectMultiple)
    actor_types = forms.ModelMultipleChoiceField(
        label=_("Actor types"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The sample: one invitation per institution of these types (none chosen: all types)."))
    title = forms.CharField(label=_("Title"), max_length=200)
    code = forms.CharField(label=_("Short label"), max_length=20, help_text=_("E.g. “W1”."))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=WavePurpose.choices)
    block_codes = forms.CharField(label=_("Blocks"), required=False,
                                  help_text=_("Numbers separated by commas, e.g. “1, 2, 3, 4, 5” (empty: all)."))
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False,
                                   help_text=_("Responses cannot be linked to the invitation or the person."))
    opens_on = forms.DateField(label=_("Opens on"), required=False)
    closes_on = forms.DateField(label=_("Closes on"), required=False)
    intro = forms.CharField(label=_("Introduction for respondents"), required=False, widget=forms.Textarea)
    open_now = forms.BooleanField(label=_("Open the wave now"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instrument_list(user=user)
        self.fields["programme"].queryset = programme_choices(user=user)
        self.fields["quartiere"].queryset = editable_quartiere(user=user)
        self.fields["actor_types"].queryset = top_level_actor_types()
        self.setup_widgets()

    def clean_block_codes(self):
        return [c.strip() for c in (self.cleaned_data.get("block_codes") or "").split(",") if c.strip()]


class ImportForm(KernForm):
    file = forms.FileField(label=_("File"), help_text=_("CSV (German Excel), XLSX or SPSS .sav; one row per "
                                                        "response, columns named by question number."))


class AnalysisForm(KernForm):
    group_by = forms.ChoiceField(label=_("Group by"), choices=GroupBy.choices, required=False)
    compare = forms.ModelChoiceField(label=_("Compare with wave"), queryset=None, required=False,
                                     empty_label=_("– no comparison –"))

    def __init__(self, *args, waves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compare"].queryset = waves
        self.setup_widgets()


# --- the answer form ----------------------------------------------------------------------------------------------


def _scale_choices(item: ItemSpec) -> list[tuple[str, str]]:
    choices = [(str(v), label) for v, label in item.points]
    if item.dont_know:
        choices.append((DONT_KNOW, DONT_KNOW_LABEL))
    return choices


class AnswerForm(forms.Form):
    """The questions of one block. Field names: the item code; a matrix `code__row`; a network item
    `code__<n>__<part>` for NETWORK_ROWS rows. `answers()` returns {code: value} for the service."""

    def __init__(self, *args, block: BlockSpec, initial_answers: dict, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.block = block
        self.organisations = list(organisations)
        self.item_fields: list[tuple[ItemSpec, list[str]]] = []
        for item in block.items:
            names = self._add(item, initial_answers.get(item.code))
            self.item_fields.append((item, names))
        from quartiersnetz.core.forms import kern_widget_classes

        kern_widget_classes(self)

    def _add(self, item: ItemSpec, value) -> list[str]:
        help_text = item.note if not item.wording_published else ""
        common = {"label": f"{item.code} {item.text}", "required": False, "help_text": help_text}
        code = item.code
        if item.type in (ItemType.LIKERT, ItemType.CHANGE, ItemType.RATING):
            self.fields[code] = forms.ChoiceField(choices=_scale_choices(item), widget=forms.RadioSelect,
                                                  initial=None if value is None else str(value), **common)
            return [code]
        if item.type == ItemType.MATRIX:
            names = []
            value = value if isinstance(value, dict) else {}
            for row_code, text in item.rows:
                name = f"{code}__{row_code}"
                self.fields[name] = forms.ChoiceField(
                    choices=_scale_choices(item), widget=forms.RadioSelect, required=False,
                    label=f"{item.code} {item.text} – {text}",
                    initial=None if value.get(row_code) is None else str(value.get(row_code)))
                names.append(name)
            return names
        if item.type == ItemType.SINGLE:
            choices = list(item.choices) + ([(DONT_KNOW, DONT_KNOW_LABEL)] if item.dont_know else [])
            self.fields[code] = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, initial=value, **common)
            return [code]
        if item.type == ItemType.MULTIPLE:
            self.fields[code] = forms.MultipleChoiceField(choices=list(item.choices),
                                                          widget=forms.CheckboxSelectMultiple,
                                                          initial=value or [], **common)
            return [code]
        if item.type == ItemType.NUMBER:
            self.fields[code] = forms.FloatField(min_value=item.min_value, max_value=item.max_value, localize=True,
                                                 initial=value, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                                                 **common)
            return [code]
        if item.type == ItemType.DATE:
            self.fields[code] = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                                initial=value, **common)
            return [code]
        if item.type == ItemType.NETWORK:
            return self._add_network(item, value or [])
        self.fields[code] = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                                            initial=value, **common)
        return [code]

    def _add_network(self, item: ItemSpec, value: list) -> list[str]:
        names = []
        org_choices = [("", _("– no organisation –"))] + [(str(o.pk), f"{o.name} ({o.actor_type.name})")
                                                          for o in self.organisations]
        scale = [("", "–"), ("1", _("1 – low")), ("2", "2"), ("3", "3"), ("4", _("4 – high"))]
        for index in range(max(NETWORK_ROWS, len(value) + 2)):
            entry = value[index] if index < len(value) else {}
            prefix = f"{item.code}__{index}__"
            row_no = index + 1
            parts = [
                ("org", forms.ChoiceField(choices=org_choices, required=False,
                                          label=_("Partner {n}: organisation").format(n=row_no),
                                          initial=str(entry.get("org", "")))),
                ("level", forms.ChoiceField(choices=[("", "–"), *COOPERATION_LEVELS], required=False,
                                            label=_("Partner {n}: level of cooperation").format(n=row_no),
                                            initial=entry.get("level", ""))),
                ("frequency", forms.ChoiceField(choices=[("", "–"), *NETWORK_FREQUENCIES], required=False,
                                                label=_("Partner {n}: frequency of contact").format(n=row_no),
                                                initial=entry.get("frequency", ""))),
            ]
            for name, label in TRUST_VALUE_FIELDS:
                parts.append((name, forms.ChoiceField(
                    choices=scale, required=False,
                    label=_("Partner {n}: {aspect}").format(n=row_no, aspect=label),
                    initial=str(entry.get(name, "") or ""))))
            for part, field in parts:
                self.fields[prefix + part] = field
                names.append(prefix + part)
        return names

    def clean(self):
        data = super().clean()
        for item, _names in self.item_fields:
            if item.type != ItemType.NETWORK:
                continue
            for index in range(len(_names) // 9):
                prefix = f"{item.code}__{index}__"
                if not data.get(prefix + "org") and any(data.get(prefix + p) for p in ("level", "frequency")):
                    self.add_error(prefix + "org", _("Please choose the organisation of this row."))
                if data.get(prefix + "org") and not data.get(prefix + "level"):
                    self.add_error(prefix + "level", _("Please choose the level of cooperation."))
        return data

    def answers(self) -> dict:
        data = self.cleaned_data
        out: dict = {}
        for item, names in self.item_fields:
            if item.type == ItemType.MATRIX:
                out[item.code] = {n.split("__", 1)[1]: _scale_or_dk(data.get(n)) for n in names if data.get(n)}
            elif item.type == ItemType.NETWORK:
                rows, seen = [], set()
                for index in range(len(names) // 9):
                    prefix = f"{item.code}__{index}__"
                    org = data.get(prefix + "org")
                    if not org or org in seen:
                        continue
                    seen.add(org)
                    entry = {"org": int(org), "level": data.get(prefix + "level") or "kenntnis",
                             "frequency": data.get(prefix + "frequency") or ""}
                    for name, _label in TRUST_VALUE_FIELDS:
                        if data.get(prefix + name):
                            entry[name] = int(data[prefix + name])
                    rows.append(entry)
                out[item.code] = rows
            elif item.is_scale:
                out[item.code] = _scale_or_dk(data.get(item.code))
            elif item.type == ItemType.DATE:
                out[item.code] = data[item.code].isoformat() if data.get(item.code) else None
            else:
                out[item.code] = data.get(item.code)
        return out

    def rendered_items(self):
        """(item, bound fields) for the template; network items come as rows of bound fields."""
        for item, names in self.item_fields:
            if item.type == ItemType.NETWORK:
                rows = [[self[n] for n in names[i:i + 9]] for i in range(0, len(names), 9)]
                yield item, [], rows
            else:
                yield item, [self[n] for n in names], []


def _scale_or_dk(value):
    if value in (None, ""):
        return None
    return DONT_KNOW if value == DONT_KNOW else int(value)
