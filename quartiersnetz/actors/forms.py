"""Forms for organisations, contact persons and their consent. Plain forms: they validate in German and offer
only permitted choices; the services in actors.services write."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.forms import KernForm
from quartiersnetz.core.selectors import quartier_list_editable

from .choices import ContactLevel, LegalDomain
from .models import ActorType, ContactPerson, Organisation
from .selectors import actor_type_list, organisation_list_editable
from .services import CONTACT_FIELDS, ORGANISATION_FIELDS


class ActorTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ActorType) -> str:
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


class QuartierMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class OrganisationForm(KernForm):
    """Master data of an organisation. Only Quartiere the user may edit are offered; assignments to other
    Quartiere (set by someone else) are kept unchanged."""

    def __init__(self, *args, user, instance: Organisation | None = None, **kwargs):
        self.user = user
        self.instance = instance
        editable = quartier_list_editable(user=user).order_by("city", "name")
        self.current_quartiere = list(instance.quartiere.all()) if instance is not None else []
        if instance is not None and "initial" not in kwargs:
            initial = model_to_dict(instance, fields=ORGANISATION_FIELDS)
            editable_ids = set(editable.values_list("pk", flat=True))
            initial["quartiere"] = [q.pk for q in self.current_quartiere if q.pk in editable_ids]
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        fields = fields_for_model(Organisation, fields=ORGANISATION_FIELDS)
        fields["actor_type"] = ActorTypeChoiceField(
            queryset=actor_type_list(), label=_("Actor type"), empty_label=_("– please choose –"),
        )
        fields["legal_domain"].choices = [("", _("– not specified –"))] + [
            c for c in LegalDomain.choices if c[0]
        ]
        fields["postal_code"].validators.append(
            RegexValidator(r"^\d{5}$", message=_("Please enter a postcode with five digits, e.g. 47169."))
        )
        fields["website"].help_text = _("Complete address, e.g. https://www.example.org")
        fields["latitude"].validators += [
            MinValueValidator(Decimal(-90), message=_("The latitude must be between -90 and 90.")),
            MaxValueValidator(Decimal(90), message=_("The latitude must be between -90 and 90.")),
        ]
        fields["longitude"].validators += [
            MinValueValidator(Decimal(-180), message=_("The longitude must be between -180 and 180.")),
            MaxValueValidator(Decimal(180), message=_("The longitude must be between -180 and 180.")),
        ]
        fields["latitude"].help_text = _("Decimal degrees, e.g. 51,4961")
        fields["longitude"].help_text = _("Decimal degrees, e.g. 6,7652")
        for name in ORGANISATION_FIELDS:
            self.fields[name] = fields[name]
        if instance is None or editable.exists():
            self.fields["quartiere"] = QuartierMultipleChoiceField(
                queryset=editable, label=_("Neighbourhoods"), widget=forms.CheckboxSelectMultiple,
                required=instance is None,
                help_text=_("Neighbourhoods in which the organisation is active."),
            )
            self.order_fields(["name", "short_name", "actor_type", "quartiere"])
            if instance is None and not self.is_bound:
                only = list(editable[:2])
                if len(only) == 1:  # a coach with one Quartier: preselect it
                    self.initial["quartiere"] = [only[0].pk]
        self.setup_widgets()

    def clean_name(self):
        return (self.cleaned_data.get("name") or "").strip()

    def clean(self):
        data = super().clean()
        updating = "quartiere" in self.fields and self.instance is not None and "quartiere" in data
        if updating and not data["quartiere"] and not self.kept_quartiere():
            self.add_error("quartiere", _("Please choose at least one neighbourhood."))
        return data

    def kept_quartiere(self) -> list:
        """Current assignments the user cannot change (outside the user's edit scope)."""
        scope = get_scope(self.user)
        return [q for q in self.current_quartiere if not scope.can_edit_quartier(q.pk)]

    def organisation_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ORGANISATION_FIELDS if name in self.cleaned_data}

    def quartiere_for_service(self):
        """The full new set of Quartiere, or None when the user cannot change the assignment at all."""
        if "quartiere" not in self.fields:
            return None
        return list(self.cleaned_data["quartiere"]) + self.kept_quartiere()


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class ContactPersonForm(KernForm):
    """A contact person of an organisation the user may edit."""

    def __init__(self, *args, user, instance: ContactPerson | None = None, **kwargs):
        self.user = user
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            initial = model_to_dict(instance, fields=CONTACT_FIELDS)
            initial["organisation"] = instance.organisation_id
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = OrganisationChoiceField(
            queryset=organisation_list_editable(user=user).order_by("name"), label=_("Organisation"),
            empty_label=_("– please choose –"),
        )
        fields = fields_for_model(ContactPerson, fields=CONTACT_FIELDS)
        fields["level"].choices = [("", _("– not specified –"))] + list(ContactLevel.choices)
        fields["decision_authority"].help_text = _("May take binding decisions for the organisation.")
        fields["is_deputy"].help_text = _("Stands in for the main contact person.")
        fields["email"].help_text = _("Shown only to users who may see it under the recorded consent.")
        for name in CONTACT_FIELDS:
            self.fields[name] = fields[name]
        self.setup_widgets()

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("“Responsible until” must not be before “Responsible since”."))
        return data

    def contact_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTACT_FIELDS if name in self.cleaned_data}
