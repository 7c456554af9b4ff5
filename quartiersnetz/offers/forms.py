"""Forms of the offers app. Plain forms (KernForm) that validate in German and offer only permitted choices; the
services write and check the rest (provider active in the Quartier, contact person of the provider)."""

from __future__ import annotations

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import ContactPerson
from quartiersnetz.core.forms import KernForm

from .choices import AccessRoute, DuplicateVerdict, LegalBasis, OfferStatus
from .exceptions import HoursError
from .hours import format_hours, parse_hours
from .selectors import (
    offer_contact_choices,
    offer_partner_choices,
    offer_provider_choices,
    offer_quartiere_editable,
    target_group_list,
    topic_list,
)
from .similarity import DEFAULT_THRESHOLD

EMPTY = _("– please choose –")
NOT_SPECIFIED = _("– not specified –")
OFFER_FORM_FIELDS = (
    "provider", "title", "description", "legal_basis", "in_quartier", "languages", "costs", "access_route",
    "access_note", "capacity", "status", "valid_from", "valid_until", "contact", "url", "email", "phone",
    "opening_hours_note",
)
LOCATION_FORM_FIELDS = ("name", "street", "postal_code", "city", "latitude", "longitude", "accessibility",
                        "transportation")


class QuartierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ContactPerson) -> str:
        return f"{obj.full_name} ({obj.organisation.name})"


class TermsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class PartnersField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.actor_type.name})"


class OfferForm(KernForm):
    def __init__(self, *args, user, instance=None, quartier=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            initial = model_to_dict(instance, fields=OFFER_FORM_FIELDS)
            initial.update(target_groups=list(instance.target_groups.all()), topics=list(instance.topics.all()),
                           partners=list(instance.partners.all()), opening_hours=format_hours(instance.opening_hours))
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        editable = offer_quartiere_editable(user=user)
        if instance is None:
            self.fields["quartier"] = QuartierChoiceField(queryset=editable, label=_("Neighbourhood"),
                                                          empty_label=EMPTY, initial=quartier)
            if editable.count() == 1:
                self.fields["quartier"].initial = editable.first()
                self.fields["quartier"].empty_label = None
        quartier_ids = [instance.quartier_id] if instance else list(editable.values_list("pk", flat=True))
        providers = offer_provider_choices(user=user, quartier_ids=quartier_ids)
        self.fields["provider"] = forms.ModelChoiceField(
            queryset=providers, label=_("Provider"), empty_label=EMPTY,
            help_text=_("The organisation that runs the offer; it must be active in the neighbourhood."))
        not_here = _("Please choose organisations of this neighbourhood.")
        self.fields["partners"] = PartnersField(
            queryset=offer_partner_choices(user=user, quartier_ids=quartier_ids, offer=instance),
            label=_("Partner organisations"), required=False,
            help_text=_("Organisations of the neighbourhood that run the offer together with the provider. A joint "
                        "offer ties them in the network analysis."),
            error_messages={"invalid_choice": not_here, "invalid_pk_value": not_here},
        )
        self.fields["title"] = forms.CharField(label=_("Title"), max_length=200)
        self.fields["description"] = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
        self.fields["target_groups"] = TermsField(
            queryset=target_group_list(active_only=True), label=_("Target groups"), required=False)
        self.fields["topics"] = TermsField(queryset=topic_list(active_only=True), label=_("Fields of action"),
                                           required=False)
        self.fields["legal_basis"] = forms.ChoiceField(label=_("Legal basis"), required=False,
                                                       choices=LegalBasis.choices)
        self.fields["status"] = forms.ChoiceField(label=_("Status"), choices=OfferStatus.choices,
                                                  initial=OfferStatus.ACTIVE)
        self.fields["valid_from"] = forms.DateField(label=_("Valid from"), required=False)
        self.fields["valid_until"] = forms.DateField(label=_("Valid until"), required=False)
        self.fields["in_quartier"] = forms.BooleanField(
            label=_("Offered in the neighbourhood"), required=False, initial=True,
            help_text=_("Uncheck for offers outside the neighbourhood that residents are referred to."))
        self.fields["opening_hours"] = forms.CharField(
            label=_("Opening hours"), required=False, widget=forms.Textarea,
            help_text=_("One line per day or day range, e.g. “Mo 09:00-12:00, 14:00-16:00” or “Di-Do 9-12”."))
        self.fields["opening_hours_note"] = forms.CharField(
            label=_("Note on opening hours"), required=False, max_length=300,
            help_text=_("E.g. “closed during school holidays”."))
        self.fields["languages"] = forms.CharField(
            label=_("Languages"), required=False, max_length=300,
            help_text=_("Separated by commas, e.g. “Deutsch, Türkisch”."))
        self.fields["costs"] = forms.CharField(label=_("Costs"), required=False, max_length=200,
                                               help_text=_("E.g. “free of charge”."))
        self.fields["access_route"] = forms.ChoiceField(
            label=_("Access route"), required=False, choices=[("", NOT_SPECIFIED), *AccessRoute.choices])
        self.fields["access_note"] = forms.CharField(label=_("How to get the offer"), required=False,
                                                     widget=forms.Textarea)
        self.fields["capacity"] = forms.IntegerField(label=_("Capacity (places)"), required=False, min_value=0,
                                                     max_value=2**31 - 1)
        contacts = offer_contact_choices(user=user, organisation_ids=providers.values_list("pk", flat=True))
        self.fields["contact"] = PersonChoiceField(
            queryset=contacts, label=_("Contact person"), required=False, empty_label=NOT_SPECIFIED,
            help_text=_("A contact person of the provider. The offer appears in the public directory only if this "
                        "person has consented to publication."))
        self.fields["url"] = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
        self.fields["email"] = forms.EmailField(label=_("E-mail"), required=False)
        self.fields["phone"] = forms.CharField(label=_("Phone"), required=False, max_length=50)
        self.order_fields([
            "quartier", "provider", "partners", "title", "description", "target_groups", "topics", "legal_basis",
            "status", "valid_from", "valid_until", "in_quartier", "opening_hours", "opening_hours_note", "languages",
            "costs", "access_route", "access_note", "capacity", "contact", "url", "email", "phone",
        ])
        self.setup_widgets()

    def clean_opening_hours(self):
        try:
            return parse_hours(self.cleaned_data.get("opening_hours") or "")
        except HoursError as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end must not be before the start."))
        contact, provider = data.get("contact"), data.get("provider")
        if contact and provider and contact.organisation_id != provider.pk:
            self.add_error("contact", _("The contact person must work for the provider."))
        partners = list(data.get("partners") or [])
        if provider and any(p.pk == provider.pk for p in partners):
            self.add_error("partners", _("The provider cannot also be a partner organisation."))
        quartier = self.instance.quartier if self.instance is not None else data.get("quartier")
        linked = set(self.instance.partners.values_list("pk", flat=True)) if self.instance is not None else set()
        added = [p.pk for p in partners if p.pk not in linked]
        if quartier is not None and added and "partners" not in self.errors:
            active = set(quartier.organisations.filter(pk__in=added).values_list("pk", flat=True))
            if set(added) - active:
                self.add_error("partners", _("Partner organisations must be active in this neighbourhood."))
        return data

    def offer_data(self) -> dict:
        data = {k: self.cleaned_data.get(k) for k in OFFER_FORM_FIELDS}
        data.update(target_groups=list(self.cleaned_data.get("target_groups") or []),
                    topics=list(self.cleaned_data.get("topics") or []),
                    partners=list(self.cleaned_data.get("partners") or []),
                    opening_hours=self.cleaned_data.get("opening_hours") or [])
        for name in ("description", "legal_basis", "languages", "costs", "access_route", "access_note", "url",
                     "email", "phone", "opening_hours_note"):
            data[name] = data[name] or ""
        return data


class OfferLocationForm(KernForm):
    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = model_to_dict(instance, fields=LOCATION_FORM_FIELDS)
        super().__init__(*args, **kwargs)
        self.fields["name"] = forms.CharField(label=_("Name of the place"), required=False, max_length=200)
        self.fields["street"] = forms.CharField(label=_("Street and number"), required=False, max_length=200)
        self.fields["postal_code"] = forms.RegexField(
            label=_("Postcode"), required=False, regex=r"^\d{5}$",
            error_messages={"invalid": _("Please enter a postcode with five digits.")})
        self.fields["city"] = forms.CharField(label=_("Town"), required=False, max_length=100)
        self.fields["latitude"] = forms.DecimalField(
            label=_("Latitude"), required=False, min_value=-90, max_value=90, decimal_places=6, max_digits=9,
            help_text=_("Decimal degrees, e.g. 51,502100."))
        self.fields["longitude"] = forms.DecimalField(
            label=_("Longitude"), required=False, min_value=-180, max_value=180, decimal_places=6, max_digits=9,
            help_text=_("Decimal degrees, e.g. 6,779000."))
        self.fields["accessibility"] = forms.CharField(
            label=_("Accessibility"), required=False, widget=forms.Textarea,
            help_text=_("E.g. step-free entrance, accessible toilet, induction loop."))
        self.fields["transportation"] = forms.CharField(label=_("Public transport"), required=False,
                                                        max_length=300)
        self.setup_widgets()

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            self.add_error("longitude" if lon is None else "latitude",
                           _("Latitude and longitude must be given together."))
        parts = [data.get(n) for n in ("street", "postal_code", "city")]
        if any(parts) and not all(parts):
            for name, part in zip(("street", "postal_code", "city"), parts, strict=True):
                if not part and name not in self.errors:
                    self.add_error(name, _("Please give street, postcode and town together."))
        return data

    def location_data(self) -> dict:
        data = {k: self.cleaned_data.get(k) for k in LOCATION_FORM_FIELDS}
        for name in ("name", "street", "postal_code", "city", "accessibility", "transportation"):
            data[name] = data[name] or ""
        return data


class DuplicateAssessForm(KernForm):
    verdict = forms.ChoiceField(label=_("Assessment"), choices=DuplicateVerdict.choices,
                                widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea,
                           help_text=_("E.g. what was agreed with the providers."))


class ThresholdForm(forms.Form):
    threshold = forms.DecimalField(
        label=_("Similarity threshold"), required=False, min_value=0.1, max_value=1, decimal_places=2,
        localize=True, initial=DEFAULT_THRESHOLD,
        help_text=_("Pairs in the same cell from this score on are flagged (0,1 to 1)."),
    )

    def value(self) -> float:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("threshold") is not None:
            return float(self.cleaned_data["threshold"])
        return DEFAULT_THRESHOLD


class HsdsUploadForm(KernForm):
    file = forms.FileField(
        label=_("File (zip or JSON)"),
        help_text=_("An HSDS 1.1 data package as .zip (datapackage.json and CSV files in UTF-8) or an HSDS 3.0 "
                    "file as .json."),
    )

    def __init__(self, *args, quartier=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".zip,.json,application/zip,application/json"
