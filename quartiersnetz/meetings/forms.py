"""Forms of the meetings app. Plain forms (KernForm): they validate in German and offer only permitted choices;
the services write and check the rest (e.g. that an organisation is active in the record's Quartier)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartiersnetz.actors.models import ContactPerson
from quartiersnetz.actors.selectors import contact_person_list, organisation_list
from quartiersnetz.core.forms import KernForm
from quartiersnetz.core.selectors import quartier_list_editable

from .choices import (
    ActivityType,
    AgreementKind,
    AttendanceLevel,
    CommitmentPeriod,
    ImpactLevel,
    MeetingStatus,
    MemberRole,
    Rhythm,
    TaskStatus,
)
from .selectors import body_list_editable, body_type_list, meeting_list, task_owner_choices

EMPTY = _("– please choose –")
NOT_SPECIFIED = _("– not specified –")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"]


class QuartierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ContactPerson) -> str:
        return f"{obj.full_name} ({obj.organisation.name})"


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.quartier.display_name})"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{timezone.localtime(obj.starts_at):%d.%m.%Y} – {obj.display_title}"


def datetime_field(label, required=True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Date and time, e.g. 15.03.2014 10:00"),
    )


def _editable_organisations(user, quartier_ids=None):
    if quartier_ids is None:
        quartier_ids = list(quartier_list_editable(user=user).values_list("pk", flat=True))
    ids = quartier_ids
    return organisation_list(user=user).filter(quartiere__id__in=ids).prefetch_related(None).distinct().order_by("name")


def _choice_with_blank(choices, blank=NOT_SPECIFIED):
    return [("", blank), *choices]


# --- bodies -------------------------------------------------------------------------------------------------------


class BodyForm(KernForm):
    def __init__(self, *args, user, instance=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = model_to_dict(instance, fields=[
                "body_type", "name", "topics", "target_groups", "rhythm", "chair", "predecessor", "is_active",
                "founded_on", "description",
            ])
        super().__init__(*args, **kwargs)
        editable = quartier_list_editable(user=user).order_by("city", "name")
        quartier_ids = [instance.quartier_id] if instance else list(editable.values_list("pk", flat=True))
        if instance is None:
            self.fields["quartier"] = QuartierChoiceField(
                queryset=editable, label=_("Neighbourhood"), empty_label=EMPTY
            )
        self.fields["body_type"] = NamedChoiceField(
            queryset=body_type_list(active_only=instance is None), label=_("Body type"), empty_label=EMPTY
        )
        self.fields["name"] = forms.CharField(label=_("Name"), max_length=200)
        self.fields["topics"] = forms.CharField(label=_("Topics"), required=False, widget=forms.Textarea)
        self.fields["target_groups"] = forms.CharField(
            label=_("Target groups"), required=False, widget=forms.Textarea
        )
        self.fields["rhythm"] = forms.ChoiceField(label=_("Meeting rhythm"), required=False,
                                                  choices=_choice_with_blank(Rhythm.choices))
        self.fields["chair"] = NamedChoiceField(
            queryset=_editable_organisations(user, quartier_ids), label=_("Chaired by"), required=False,
            empty_label=NOT_SPECIFIED, help_text=_("The organisation that chairs the body."),
        )
        predecessors = body_list_editable(user=user).filter(quartier_id__in=quartier_ids)
        if instance is not None:
            predecessors = predecessors.exclude(pk=instance.pk)
        self.fields["predecessor"] = BodyChoiceField(
            queryset=predecessors.order_by("name"), label=_("Predecessor body"), required=False,
            empty_label=NOT_SPECIFIED, help_text=_("The body this one continues, if any."),
        )
        self.fields["is_active"] = forms.BooleanField(label=_("active"), required=False, initial=True)
        self.fields["founded_on"] = forms.DateField(label=_("Founded on"), required=False)
        self.fields["description"] = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
        self.setup_widgets()

    def body_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "quartier"}


class MembershipForm(KernForm):
    def __init__(self, *args, user, body, instance=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = model_to_dict(instance, fields=["organisation", "contact_person", "role", "since",
                                                                "until"])
        super().__init__(*args, **kwargs)
        organisations = _editable_organisations(user, [body.quartier_id])
        if instance is None:
            self.fields["organisation"] = NamedChoiceField(queryset=organisations, label=_("Organisation"),
                                                           empty_label=EMPTY)
            persons = contact_person_list(user=user).filter(organisation__in=organisations.values("pk"))
        else:
            persons = contact_person_list(user=user, filters={"organisation": instance.organisation_id})
        self.fields["contact_person"] = PersonChoiceField(
            queryset=persons, label=_("Contact person"), required=False, empty_label=NOT_SPECIFIED,
            help_text=_("Receives the invitations (if the person consented to be contacted)."),
        )
        self.fields["role"] = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
        self.fields["since"] = forms.DateField(label=_("Member since"), required=False)
        self.fields["until"] = forms.DateField(label=_("Member until"), required=False,
                                               help_text=_("Leave empty while the organisation is a member."))
        self.setup_widgets()

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("“Member until” must not be before “member since”."))
        person, organisation = data.get("contact_person"), data.get("organisation")
        if person and organisation and person.organisation_id != organisation.pk:
            self.add_error("contact_person", _("Please choose a contact person of the organisation."))
        return data

    def membership_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "organisation"}


# --- meetings -----------------------------------------------------------------------------------------------------


class MeetingForm(KernForm):
    def __init__(self, *args, user, instance=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            initial = model_to_dict(instance, fields=["body", "title", "location", "agenda", "status"])
            initial["starts_at"] = timezone.localtime(instance.starts_at)
            initial["ends_at"] = timezone.localtime(instance.ends_at) if instance.ends_at else None
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        bodies = body_list_editable(user=user)
        if instance is not None:
            bodies = bodies.filter(quartier_id=instance.body.quartier_id)
        self.fields["body"] = BodyChoiceField(queryset=bodies.order_by("quartier__city", "name"), label=_("Body"),
                                              empty_label=EMPTY)
        self.fields["title"] = forms.CharField(label=_("Title"), max_length=200, required=False,
                                               help_text=_("Optional, e.g. “5th meeting”."))
        self.fields["starts_at"] = datetime_field(_("Starts at"))
        self.fields["ends_at"] = datetime_field(_("Ends at"), required=False)
        self.fields["location"] = forms.CharField(label=_("Location"), max_length=300, required=False)
        self.fields["agenda"] = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea,
                                                help_text=_("One item per line."))
        if instance is not None:
            self.fields["status"] = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices)
        self.setup_widgets()

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end of the meeting must be after its start."))
        return data

    def meeting_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "body"}


class MinutesForm(KernForm):
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    minutes_approved = forms.BooleanField(label=_("Minutes approved"), required=False)


class AttendanceRowForm(KernForm):
    """One organisation's row; the organisation itself is fixed by the page (hidden)."""

    organisation = forms.IntegerField(widget=forms.HiddenInput)
    attended = forms.BooleanField(label=_("attended"), required=False)
    contact_person = forms.TypedChoiceField(label=_("Attended by"), required=False, coerce=int, empty_value=None)
    represented_person = forms.TypedChoiceField(label=_("On behalf of"), required=False, coerce=int,
                                                empty_value=None)
    represented_note = forms.CharField(label=_("On behalf of (note)"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=_choice_with_blank(AttendanceLevel.choices))

    def __init__(self, *args, person_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _choice_with_blank(person_choices or [])
        self.fields["contact_person"].choices = choices
        self.fields["represented_person"].choices = choices


class DecisionRowForm(KernForm):
    text = forms.CharField(label=_("Decision"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TaskRowForm(KernForm):
    title = forms.CharField(label=_("Task"), max_length=200, required=False)
    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None)
    responsible_organisation = forms.TypedChoiceField(label=_("Responsible organisation"), required=False,
                                                      coerce=int, empty_value=None)
    due_on = forms.DateField(label=_("Due on"), required=False)

    def __init__(self, *args, owner_choices=None, organisation_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _choice_with_blank(owner_choices or [])
        self.fields["responsible_organisation"].choices = _choice_with_blank(organisation_choices or [])

    def clean(self):
        data = super().clean()
        details = data.get("owner") or data.get("responsible_organisation") or data.get("due_on")
        if not data.get("title") and details:
            self.add_error("title", _("Please enter a title."))
        return data


class BaseAttendanceFormSet(forms.BaseFormSet):
    """One row per organisation; each row offers the contact persons of its own organisation."""

    def __init__(self, *args, person_choices_per_row=(), **kwargs):
        self.person_choices_per_row = list(person_choices_per_row)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index < len(self.person_choices_per_row):
            kwargs["person_choices"] = self.person_choices_per_row[index]
        return kwargs


AttendanceFormSet = formset_factory(AttendanceRowForm, formset=BaseAttendanceFormSet, extra=0)
DecisionFormSet = formset_factory(DecisionRowForm, extra=3)
TaskRowFormSet = formset_factory(TaskRowForm, extra=3)


# --- tasks --------------------------------------------------------------------------------------------------------


class TaskForm(KernForm):
    def __init__(self, *args, user, instance=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = model_to_dict(instance, fields=[
                "title", "description", "owner", "responsible_organisation", "due_on", "status", "meeting",
            ])
        super().__init__(*args, **kwargs)
        editable = quartier_list_editable(user=user).order_by("city", "name")
        quartier_ids = [instance.quartier_id] if instance else list(editable.values_list("pk", flat=True))
        if instance is None:
            self.fields["quartier"] = QuartierChoiceField(
                queryset=editable, label=_("Neighbourhood"), empty_label=EMPTY
            )
        self.fields["title"] = forms.CharField(label=_("Title"), max_length=200)
        self.fields["description"] = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
        self.fields["owner"] = OwnerChoiceField(
            queryset=task_owner_choices(user=user, quartier_ids=quartier_ids), label=_("Owner"), required=False,
            empty_label=NOT_SPECIFIED, help_text=_("The task appears on this person's “My tasks” page."),
        )
        self.fields["responsible_organisation"] = NamedChoiceField(
            queryset=_editable_organisations(user, quartier_ids), label=_("Responsible organisation"), required=False,
            empty_label=NOT_SPECIFIED,
        )
        self.fields["due_on"] = forms.DateField(label=_("Due on"), required=False)
        self.fields["status"] = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices,
                                                  initial=TaskStatus.OPEN)
        meetings = meeting_list(user=user).filter(body__quartier_id__in=quartier_ids)
        self.fields["meeting"] = MeetingChoiceField(
            queryset=meetings, label=_("Decided in meeting"), required=False, empty_label=NOT_SPECIFIED
        )
        self.setup_widgets()

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("responsible_organisation") and not self.errors:
            self.add_error("owner", _("Please name an owner or a responsible organisation."))
        return data

    def task_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "quartier"}


class TaskStatusForm(KernForm):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)


# --- agreements ---------------------------------------------------------------------------------------------------


class AgreementForm(KernForm):
    def __init__(self, *args, user, instance=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            initial = model_to_dict(instance, fields=["kind", "title", "starts_on", "ends_on", "signed_on", "text"])
            initial["parties"] = [p.pk for p in instance.parties.all()]
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        editable = quartier_list_editable(user=user).order_by("city", "name")
        quartier_ids = [instance.quartier_id] if instance else list(editable.values_list("pk", flat=True))
        if instance is None:
            self.fields["quartier"] = QuartierChoiceField(
                queryset=editable, label=_("Neighbourhood"), empty_label=EMPTY
            )
        self.fields["kind"] = forms.ChoiceField(
            label=_("Kind"), choices=_choice_with_blank(AgreementKind.choices, EMPTY)
        )
        self.fields["title"] = forms.CharField(label=_("Title"), max_length=200)
        self.fields["parties"] = forms.ModelMultipleChoiceField(
            queryset=_editable_organisations(user, quartier_ids), label=_("Parties"), required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["starts_on"] = forms.DateField(label=_("Valid from"), required=False)
        self.fields["ends_on"] = forms.DateField(label=_("Valid until"), required=False)
        self.fields["signed_on"] = forms.DateField(label=_("Signed on"), required=False)
        self.fields["text"] = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea)
        self.setup_widgets()

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The agreement cannot end before it starts."))
        return data

    def agreement_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("quartier", "parties")}


class CommitmentForm(KernForm):
    def __init__(self, *args, user, agreement, instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = model_to_dict(instance, fields=[
                "party", "party_label", "text", "indicator", "target_value", "target_value_max", "unit", "period",
                "at_least", "order",
            ])
        super().__init__(*args, **kwargs)
        self.fields["party"] = NamedChoiceField(
            queryset=_editable_organisations(user, [agreement.quartier_id]), label=_("Party (organisation)"),
            required=False, empty_label=NOT_SPECIFIED,
        )
        self.fields["party_label"] = forms.CharField(
            label=_("Party"), max_length=100, required=False,
            help_text=_("E.g. “Jobcenter”, “Kommune” or “Netzwerkcoach”."),
        )
        self.fields["text"] = forms.CharField(label=_("Commitment"), widget=forms.Textarea)
        self.fields["indicator"] = forms.CharField(label=_("Indicator"), max_length=200, required=False)
        self.fields["target_value"] = forms.DecimalField(
            label=_("Target value"), required=False, max_digits=12, decimal_places=2,
            help_text=_("Leave empty for commitments without a number."),
        )
        self.fields["target_value_max"] = forms.DecimalField(
            label=_("Target value (upper end)"), required=False, max_digits=12, decimal_places=2,
            help_text=_("Only for ranges such as “20 to 30 young people”."),
        )
        self.fields["unit"] = forms.CharField(label=_("Unit"), max_length=60, required=False)
        self.fields["period"] = forms.ChoiceField(label=_("Period"), choices=CommitmentPeriod.choices)
        self.fields["at_least"] = forms.BooleanField(label=_("at least"), required=False)
        self.fields["order"] = forms.IntegerField(label=_("Order"), required=False, min_value=0, max_value=32767)
        self.setup_widgets()

    def clean_target_value(self):
        value = self.cleaned_data.get("target_value")
        if value is not None and value <= 0:
            raise forms.ValidationError(_("The target value must be greater than 0."))
        return value

    def clean(self):
        data = super().clean()
        target, upper = data.get("target_value"), data.get("target_value_max")
        if upper is not None and (target is None or upper < target):
            self.add_error("target_value_max", _("The upper end of the target must not be below the target value."))
        if data.get("order") is None:
            data.pop("order", None)
        return data


class ActualForm(KernForm):
    on = forms.DateField(label=_("As of"))
    value = forms.DecimalField(label=_("Actual value"), max_digits=12, decimal_places=2, min_value=Decimal(0),
                               help_text=_("Cumulative value up to this date."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["value"].error_messages["min_value"] = _("The actual value must not be negative.")


# --- work log -----------------------------------------------------------------------------------------------------


class WorkLogForm(KernForm):
    def __init__(self, *args, user, instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            initial = model_to_dict(instance, fields=["quartier", "on", "activity_type", "hours", "impact_level",
                                                      "meeting", "note"])
            kwargs["initial"] = initial
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        editable = quartier_list_editable(user=user).order_by("city", "name")
        self.fields["quartier"] = QuartierChoiceField(queryset=editable, label=_("Neighbourhood"), empty_label=EMPTY)
        if editable.count() == 1 and not self.initial.get("quartier"):
            self.initial["quartier"] = editable.first().pk
        self.fields["on"] = forms.DateField(label=_("Date"))
        self.fields["activity_type"] = forms.ChoiceField(label=_("Activity"),
                                                         choices=_choice_with_blank(ActivityType.choices, EMPTY))
        self.fields["hours"] = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=2,
                                                  help_text=_("E.g. 1,5 (more than 0, at most 24)"))
        self.fields["impact_level"] = forms.ChoiceField(
            label=_("Impact level"), choices=_choice_with_blank(ImpactLevel.choices, EMPTY),
            help_text=_("Which impact level of the network coaching the activity serves."),
        )
        meetings = meeting_list(user=user).filter(body__quartier__in=editable)
        self.fields["meeting"] = MeetingChoiceField(queryset=meetings, label=_("Meeting"), required=False,
                                                    empty_label=NOT_SPECIFIED)
        self.fields["note"] = forms.CharField(label=_("Note"), max_length=500, required=False)
        self.setup_widgets()

    def clean_hours(self):
        hours = self.cleaned_data.get("hours")
        if hours is not None and (hours <= 0 or hours > 24):
            raise forms.ValidationError(_("The hours must be more than 0 and at most 24."))
        return hours

    def clean_on(self):
        on = self.cleaned_data.get("on")
        if on and on > timezone.localdate():
            raise forms.ValidationError(_("Work cannot be logged for a future date."))
        return on

    def entry_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "quartier"}


__all__ = [
    "ActualForm", "AgreementForm", "AttendanceFormSet", "BodyForm", "CommitmentForm", "DecisionFormSet",
    "MeetingForm", "MembershipForm", "MinutesForm", "TaskForm", "TaskRowFormSet", "TaskStatusForm",
    "WorkLogForm",
]
