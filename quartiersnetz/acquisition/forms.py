"""Forms of the acquisition app. Plain forms (KernForm): German validation, only permitted choices; the services
check the rest (organisation active in the Quartier, dates, company type)."""

from __future__ import annotations

from django import forms
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.forms import KernForm

from .choices import AcquisitionStage, CooperationPath, NetworkForm, PublicityKind, SizeClass
from .models import validate_wz_code
from .selectors import company_organisation_choices, organisation_choices, owner_choices, quartier_list_editable

EMPTY = _("– please choose –")
NOT_SPECIFIED = _("– not specified –")


class QuartierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def _not_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date must not be in the future."))
    return value


# --- cases --------------------------------------------------------------------------------------------------------


class CaseForm(KernForm):
    def __init__(self, *args, user, instance=None, quartier=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = model_to_dict(instance, fields=["owner", "next_step", "next_step_on", "objections",
                                                                "benefit"])
        super().__init__(*args, **kwargs)
        editable = quartier_list_editable(user=user)
        if instance is not None:
            quartier_ids = [instance.quartier_id]
        else:
            quartier_ids = list(editable.values_list("pk", flat=True))
            self.fields["quartier"] = QuartierChoiceField(queryset=editable, label=_("Neighbourhood"),
                                                          empty_label=EMPTY, initial=quartier)
            self.fields["organisation"] = NamedChoiceField(
                queryset=organisation_choices(user=user, quartier_ids=quartier_ids), label=_("Organisation"),
                empty_label=EMPTY, help_text=_("An organisation active in the neighbourhood."),
            )
            self.fields["stage"] = forms.ChoiceField(label=_("Stage"), choices=AcquisitionStage.choices,
                                                     initial=AcquisitionStage.IDENTIFIED)
            self.fields["on"] = forms.DateField(label=_("In this stage since"), required=False,
                                                help_text=_("Empty: today. May lie in the past, not in the future."))
        self.fields["owner"] = OwnerChoiceField(
            queryset=owner_choices(user=user, quartier_ids=quartier_ids), label=_("Responsible"), required=False,
            empty_label=NOT_SPECIFIED,
        )
        self.fields["next_step"] = forms.CharField(label=_("Next step"), max_length=300, required=False)
        self.fields["next_step_on"] = forms.DateField(label=_("Next step on"), required=False)
        self.fields["objections"] = forms.CharField(
            label=_("Objections"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Reservations of the organisation, e.g. “yet another body”, “a short-lived project”."))
        self.fields["benefit"] = forms.CharField(
            label=_("Benefit argument"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("What the organisation gains from taking part (added value)."))
        self.setup_widgets()

    def clean_on(self):
        return _not_future(self.cleaned_data.get("on"))

    def case_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("quartier", "organisation", "stage", "on")}


class MoveForm(KernForm):
    """The board's move form on every card: works without JavaScript and by keyboard."""

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        self.fields["to_stage"] = forms.ChoiceField(
            label=_("Move to stage"), choices=AcquisitionStage.choices, initial=case.stage)
        self.fields["on"] = forms.DateField(label=_("Date of the move"), required=False,
                                            help_text=_("Empty: today. May lie in the past, not in the future."))
        self.fields["note"] = forms.CharField(label=_("Note"), max_length=500, required=False)
        self.setup_widgets()

    def clean_on(self):
        return _not_future(self.cleaned_data.get("on"))

    def clean_to_stage(self):
        stage = self.cleaned_data["to_stage"]
        if stage == self.case.stage:
            raise forms.ValidationError(_("Please choose another stage."))
        return stage


# --- company profiles ---------------------------------------------------------------------------------------------


class CompanyProfileForm(KernForm):
    def __init__(self, *args, user, instance=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = model_to_dict(instance, fields=[
                "wz_code", "size_class", "employees", "founded_year", "trains_apprentices", "note"])
        super().__init__(*args, **kwargs)
        if instance is None:
            quartier_ids = list(quartier_list_editable(user=user).values_list("pk", flat=True))
            self.fields["organisation"] = NamedChoiceField(
                queryset=company_organisation_choices(user=user, quartier_ids=quartier_ids).filter(
                    company_profile__isnull=True),
                label=_("Company"), empty_label=EMPTY,
                help_text=_("Organisations of the actor type “Unternehmen” without a profile."),
            )
        self.fields["wz_code"] = forms.CharField(
            label=_("Sector (WZ 2008)"), max_length=12, required=False, validators=[validate_wz_code],
            help_text=_("Section letter A–U and/or code, e.g. “G”, “47.11” or “G 47.11”."))
        self.fields["size_class"] = forms.ChoiceField(label=_("Size class"), required=False,
                                                      choices=[("", NOT_SPECIFIED), *SizeClass.choices],
                                                      help_text=_("Empty: derived from the number of employees."))
        self.fields["employees"] = forms.IntegerField(label=_("Employees"), required=False, min_value=0,
                                                      max_value=1_000_000)
        self.fields["founded_year"] = forms.IntegerField(label=_("Founded (year)"), required=False, min_value=1800,
                                                         max_value=2100)
        self.fields["trains_apprentices"] = forms.BooleanField(label=_("Trains apprentices"), required=False)
        if instance is None:
            self.fields["cooperation_path"] = forms.ChoiceField(
                label=_("Cooperation path"), required=False, choices=[("", NOT_SPECIFIED), *CooperationPath.choices])
        self.fields["note"] = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
        self.setup_widgets()

    def profile_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("organisation", "cooperation_path")}


class PathForm(KernForm):
    def __init__(self, *args, profile, **kwargs):
        self.profile = profile
        super().__init__(*args, **kwargs)
        self.fields["to_path"] = forms.ChoiceField(
            label=_("Cooperation path"), choices=[("", NOT_SPECIFIED), *CooperationPath.choices], required=False,
            initial=profile.cooperation_path,
            help_text=_("The five paths are chosen by starting point and resources; they are not a staged plan."))
        self.fields["on"] = forms.DateField(label=_("Since"), required=False,
                                            help_text=_("Empty: today. May lie in the past, not in the future."))
        self.fields["note"] = forms.CharField(label=_("Note"), max_length=500, required=False)
        self.setup_widgets()

    def clean_on(self):
        return _not_future(self.cleaned_data.get("on"))


# --- business networks --------------------------------------------------------------------------------------------


class BusinessNetworkForm(KernForm):
    def __init__(self, *args, user, instance=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = model_to_dict(instance, fields=[
                "name", "form", "meeting_format", "founded_on", "organisation", "critical_mass", "goals",
                "strategic_partners"])
        super().__init__(*args, **kwargs)
        editable = quartier_list_editable(user=user)
        quartier_ids = [instance.quartier_id] if instance else list(editable.values_list("pk", flat=True))
        if instance is None:
            self.fields["quartier"] = QuartierChoiceField(queryset=editable, label=_("Neighbourhood"),
                                                          empty_label=EMPTY)
        self.fields["name"] = forms.CharField(label=_("Name"), max_length=200)
        self.fields["form"] = forms.ChoiceField(label=_("Form"), choices=[("", EMPTY), *NetworkForm.choices])
        self.fields["meeting_format"] = forms.CharField(label=_("Format and rhythm"), max_length=200, required=False,
                                                        help_text=_("e.g. “quarterly brunch” or “monthly with "
                                                                    "speakers”."))
        self.fields["founded_on"] = forms.DateField(label=_("Founded on"), required=False)
        self.fields["organisation"] = NamedChoiceField(
            queryset=organisation_choices(user=user, quartier_ids=quartier_ids), required=False,
            label=_("Organisation (e.g. the association)"), empty_label=NOT_SPECIFIED)
        self.fields["critical_mass"] = forms.IntegerField(
            label=_("Critical mass"), min_value=1, max_value=10_000, initial=10,
            help_text=_("Number of active members below which the network is at risk of falling asleep."))
        self.fields["goals"] = forms.CharField(label=_("Goals"), required=False,
                                               widget=forms.Textarea(attrs={"rows": 3}))
        self.fields["strategic_partners"] = forms.CharField(label=_("Strategic partners"), required=False,
                                                            widget=forms.Textarea(attrs={"rows": 2}))
        self.setup_widgets()

    def network_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "quartier"}


class NetworkMemberForm(KernForm):
    def __init__(self, *args, user, network, **kwargs):
        self.network = network
        super().__init__(*args, **kwargs)
        current = network.memberships.filter(until__isnull=True).values("organisation_id")
        self.fields["organisation"] = NamedChoiceField(
            queryset=organisation_choices(user=user, quartier_ids=[network.quartier_id]).exclude(pk__in=current),
            label=_("Member"), empty_label=EMPTY,
            help_text=_("Companies, initiatives, clubs and institutions active in the neighbourhood."))
        self.fields["since"] = forms.DateField(label=_("Member since"), required=False)
        self.setup_widgets()


class MemberEndForm(KernForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"] = forms.DateField(
            label=_("Member until"), required=False,
            help_text=_("Enter the date on which the organisation left; the history stays. Leave empty to delete "
                        "an entry made by mistake."))
        self.setup_widgets()


class PublicityForm(KernForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"] = forms.DateField(label=_("Date"), initial=timezone.localdate)
        self.fields["kind"] = forms.ChoiceField(label=_("Kind"), choices=[("", EMPTY), *PublicityKind.choices])
        self.fields["text"] = forms.CharField(label=_("Description"), max_length=500)
        self.setup_widgets()

    def clean_on(self):
        return _not_future(self.cleaned_data.get("on"))
