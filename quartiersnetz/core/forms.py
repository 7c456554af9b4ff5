"""Forms of the core app. Forms are plain `Form`s: they validate input and offer only permitted choices; the
service writes (a ModelForm would change the instance before the service can see what changed)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.models import fields_for_model, model_to_dict
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .choices import ApproachType, ConsentMethod, ConsentPurpose
from .models import Quartier
from .selectors import programme_list_editable


def kern_widget_classes(form: forms.BaseForm) -> None:
    """Give every widget the KERN UX class for its kind."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            css = "kern-form-check__checkbox"
        elif isinstance(widget, forms.RadioSelect):
            css = "kern-form-check__radio"
        elif isinstance(widget, forms.CheckboxInput):
            css = "kern-form-check__checkbox"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "kern-form-input__select"
        elif isinstance(widget, forms.HiddenInput):
            css = ""
        else:
            css = "kern-form-input__input"
        classes = widget.attrs.get("class", "").split()
        if css and css not in classes:
            widget.attrs["class"] = " ".join([*classes, css])


class KernForm(forms.Form):
    """A plain form with KERN UX widget classes and German-friendly inputs (dates, localized numbers).

    Subclasses that add fields in `__init__` call `self.setup_widgets()` afterwards."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_widgets()

    def setup_widgets(self) -> None:
        for field in self.fields.values():
            if getattr(field, "_qn_prepared", False):
                continue
            field._qn_prepared = True
            if isinstance(field, forms.DateField) and not isinstance(field.widget, forms.HiddenInput):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
                field.widget.is_required = field.required
            elif isinstance(field, forms.IntegerField) and not isinstance(field.widget, forms.HiddenInput):
                # Accept "16,2" and "17.500" and show values the German way. (DecimalField and FloatField are
                # IntegerFields too.)
                whole = not isinstance(field, forms.DecimalField | forms.FloatField)
                field.localize = True
                field.widget = forms.TextInput(attrs={"inputmode": "numeric" if whole else "decimal"})
                field.widget.is_localized = True
                field.widget.is_required = field.required
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 4
        kern_widget_classes(self)


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("Username"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": _("Username or password is wrong. Note that both are case-sensitive."),
        "inactive": _("This account is disabled."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kern_widget_classes(self)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def german_slug(*parts: str) -> str:
    """URL short name: "Köln", "Chorweiler" → "koeln-chorweiler"."""
    text = "-".join(p for p in parts if p)
    return slugify(text.translate(_UMLAUTS))[:80].strip("-")


# Path segments under /quartiere/ that are pages, not Quartiere.
RESERVED_SLUGS = frozenset({"neu", "export"})

QUARTIER_FORM_FIELDS = (
    "programme", "city", "name", "label", "slug", "population", "population_approx", "unemployment_rate", "sgb2_quota",
    "provider", "coach_fte", "coach_count", "loi_partners", "approach_type", "starting_situation", "start", "end",
    "extended_until", "description",
)


class QuartierForm(KernForm):
    """Master data of a Quartier. The programme can only be one the user may edit."""

    def __init__(self, *args, user, instance: Quartier | None = None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = model_to_dict(instance, fields=QUARTIER_FORM_FIELDS)
        super().__init__(*args, **kwargs)
        fields = fields_for_model(Quartier, fields=QUARTIER_FORM_FIELDS)
        for name in QUARTIER_FORM_FIELDS:
            self.fields[name] = fields[name]
        self.fields["programme"].queryset = programme_list_editable(user=user)
        self.fields["programme"].empty_label = _("– please choose –")
        self.fields["approach_type"].choices = [("", _("– not specified –")), *ApproachType.choices]
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Used in the address of the page, e.g. “duisburg-marxloh”. Left empty, it is derived from city and name."
        )
        self.fields["unemployment_rate"].help_text = _("In percent, e.g. 16,2.")
        self.fields["sgb2_quota"].help_text = _("In percent, e.g. 33,0.")
        self.setup_widgets()

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or ""
        if not slug:
            slug = german_slug(self.data.get("city", ""), self.data.get("name", ""))
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is already taken. Please choose another one."))
        # A global uniqueness check, not a scoped read: the slug must be unique across all programmes.
        qs = Quartier.objects.filter(slug=slug)
        if self.instance is not None:
            qs = qs.exclude(pk=self.instance.pk)
        if slug and qs.exists():
            raise forms.ValidationError(_("This short name is already taken. Please choose another one."))
        return slug

    def clean(self):
        data = super().clean()
        start, end, extended = data.get("start"), data.get("end"), data.get("extended_until")
        if start and end and end < start:
            self.add_error("end", _("The end must not be before the start."))
        if end and extended and extended < end:
            self.add_error("extended_until", _("The extension must not end before the original end."))
        return data


class ConsentForm(KernForm):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    given_on = forms.DateField(label=_("Given on"))
    method = forms.ChoiceField(label=_("How consent was given"), choices=ConsentMethod.choices)
    scope_note = forms.CharField(
        label=_("Scope / recipients"), max_length=300, required=False,
        help_text=_("For example which network partners may receive the data."),
    )
    valid_until = forms.DateField(label=_("Valid until"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"given_on": timezone.localdate(), "method": ConsentMethod.WRITTEN})
        super().__init__(*args, **kwargs)

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("Consent cannot be given in the future."))
        return given_on

    def clean(self):
        data = super().clean()
        if data.get("given_on") and data.get("valid_until") and data["valid_until"] < data["given_on"]:
            self.add_error("valid_until", _("The consent cannot end before it was given."))
        return data


class ConsentWithdrawForm(KernForm):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"))

    def __init__(self, *args, record, **kwargs):
        self.record = record
        kwargs.setdefault("initial", {"withdrawn_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_withdrawn_on(self):
        on = self.cleaned_data["withdrawn_on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The withdrawal cannot be dated in the future."))
        if on < self.record.given_on:
            raise forms.ValidationError(_("The withdrawal cannot be dated before the consent was given."))
        return on


class ApiTokenForm(KernForm):
    name = forms.CharField(
        label=_("Label"), max_length=100,
        help_text=_("What the token is for, e.g. “Import script Marxloh”."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, help_text=_("Left empty, the token does not expire."),
    )

    def clean_expires_on(self):
        on = self.cleaned_data.get("expires_on")
        if on and on <= timezone.localdate():
            raise forms.ValidationError(_("The expiry date must be in the future."))
        return on

