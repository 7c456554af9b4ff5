"""Forms of the case work: plain forms that offer only permitted choices; services write."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartiersnetz.core.forms import KernForm
from quartiersnetz.core.models import User
from quartiersnetz.core.selectors import quartier_list_editable

from .choices import (
    AccessRoute,
    AgeBand,
    CaseConsentMethod,
    Channel,
    ConsentKind,
    ConsentScope,
    Gender,
    HandoverMode,
    Household,
    Origin,
    ReferralResult,
    ReferralStatus,
    UnemploymentBand,
    YesNo,
)
from .models import OutcomeStage, ProblemCategory
from .selectors import (
    case_contact_points,
    case_scope,
    network_quartiere,
    referral_receiver_choices,
    referral_sender_choices,
    stats_quartiere,
)
from .services.referrals import TRANSITIONS

BLANK = [("", "–")]
CONFIRM_LABEL = _("The suspected names, dates or addresses are not about the person (confirm)")
CONFIRM_HELP = _("E-mail addresses, phone numbers and dates of birth can never be confirmed.")


def _taxonomy(model, programme_ids):
    own = model.objects.filter(programme_id__in=programme_ids, is_active=True)
    defaults = model.objects.filter(programme__isnull=True, is_active=True)
    with_own = set(own.values_list("programme_id", flat=True))
    if with_own and with_own >= set(programme_ids):
        return own
    return model.objects.filter(Q(pk__in=own) | Q(pk__in=defaults))


def _choices(enum):
    return BLANK + list(enum.choices)


def dash_empty_labels(form) -> None:
    """Optional selects show "–" for "nothing chosen", like the band fields."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and not field.required and \
                not isinstance(field, forms.ModelMultipleChoiceField) and field.empty_label is not None:
            field.empty_label = "–"
            field.widget.choices = field.choices


class ContactPointForm(KernForm):
    quartier = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None,
                                          help_text=_("The organisation that runs the contact point."))
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postcode"), max_length=5, required=False)
    city = forms.CharField(label=_("Town"), max_length=100, required=False)
    opening_hours = forms.CharField(label=_("Opening hours"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    staff = forms.ModelMultipleChoiceField(label=_("Staff"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args, user: User, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "quartier": instance.quartier_id, "name": instance.name, "organisation": instance.organisation_id,
                "street": instance.street, "postal_code": instance.postal_code, "city": instance.city,
                "opening_hours": instance.opening_hours, "staff": list(instance.staff.values_list("pk", flat=True)),
                "is_active": instance.is_active,
            })
        super().__init__(*args, **kwargs)
        from quartiersnetz.actors.models import Organisation
        from quartiersnetz.core.choices import Role

        quartiere = quartier_list_editable(user=user)
        self.fields["quartier"].queryset = quartiere
        self.fields["organisation"].queryset = Organisation.objects.filter(quartiere__in=quartiere).distinct()
        self.fields["staff"].queryset = User.objects.filter(
            roles__role=Role.CONTACT_POINT, roles__quartier__in=quartiere, is_active=True).distinct()
        if instance is not None:
            self.fields["quartier"].disabled = True

    def data_for_service(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("name", "organisation", "street", "postal_code", "city", "opening_hours",
                                  "is_active")}


class ContactForm(KernForm):
    """Quick entry of a contact; stays usable on a tablet (large radio and check boxes, few required fields)."""

    contact_point = forms.ModelChoiceField(label=_("Contact point"), queryset=None)
    client_code = forms.CharField(
        label=_("Case code"), max_length=11, required=False,
        help_text=_("For a repeat contact enter the case code (e.g. K-7F3Q-9M2X). Empty: a new case is opened."),
    )
    date = forms.DateField(label=_("Date"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, widget=forms.RadioSelect,
                                initial=Channel.CONSULTATION)
    problems = forms.ModelMultipleChoiceField(label=_("Problem situations"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    help_given = forms.CharField(label=_("Help given"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("No names, dates of birth, addresses, phone numbers or e-mail "
                                             "addresses."))
    minutes = forms.IntegerField(label=_("Time spent (minutes)"), min_value=0, max_value=1440, initial=30)
    outcome = forms.ModelChoiceField(label=_("Activation stage"), queryset=None, required=False)
    age_band = forms.ChoiceField(label=_("Age group"), choices=_choices(AgeBand), required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=_choices(Gender), required=False)
    household = forms.ChoiceField(label=_("Household"), choices=_choices(Household), required=False)
    origin = forms.ChoiceField(label=_("Citizenship / migration background"), choices=_choices(Origin),
                               required=False)
    sgb2 = forms.ChoiceField(label=_("Receives SGB II benefits"), choices=_choices(YesNo), required=False)
    unemployment = forms.ChoiceField(label=_("Duration of unemployment"), choices=_choices(UnemploymentBand),
                                     required=False)
    access_route = forms.ChoiceField(label=_("Access route"), choices=_choices(AccessRoute), required=False)
    confirm_anonymous = forms.BooleanField(label=CONFIRM_LABEL, help_text=CONFIRM_HELP, required=False)

    BAND_FIELDS = ("age_band", "gender", "household", "origin", "sgb2", "unemployment", "access_route")

    def __init__(self, *args, user: User, instance=None, **kwargs):
        if instance is not None:
            c = instance.client
            kwargs.setdefault("initial", {
                "contact_point": instance.contact_point_id, "client_code": c.code, "date": instance.date,
                "channel": instance.channel, "problems": list(instance.problems.values_list("pk", flat=True)),
                "help_given": instance.help_given, "minutes": instance.minutes, "outcome": instance.outcome_id,
                **{f: getattr(c, f) for f in self.BAND_FIELDS},
            })
        else:
            kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        points = case_contact_points(user=user)
        self.fields["contact_point"].queryset = points
        programmes = set(points.values_list("quartier__programme_id", flat=True))
        self.fields["problems"].queryset = _taxonomy(ProblemCategory, programmes)
        self.fields["outcome"].queryset = _taxonomy(OutcomeStage, programmes)
        if points.count() == 1:
            self.fields["contact_point"].initial = points.first().pk
        if instance is not None:
            self.fields["client_code"].disabled = True
            self.fields["contact_point"].disabled = True
        dash_empty_labels(self)

    def clean_client_code(self):
        return (self.cleaned_data.get("client_code") or "").strip().upper()

    def contact_data(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("date", "channel", "help_given", "minutes", "outcome")}

    def client_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.BAND_FIELDS if self.cleaned_data.get(k)}


class IdentityForm(KernForm):
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)


class CaseConsentForm(KernForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ConsentKind.choices, widget=forms.RadioSelect)
    recipient = forms.ModelChoiceField(label=_("Receiving organisation"), queryset=None, required=False,
                                       help_text=_("Only for a release from confidentiality."))
    scope = forms.MultipleChoiceField(label=_("Released data"), choices=ConsentScope.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    method = forms.ChoiceField(label=_("How consent was given"), choices=CaseConsentMethod.choices)
    given_on = forms.DateField(label=_("Given on"))
    valid_until = forms.DateField(label=_("Valid until"), required=False)

    def __init__(self, *args, user: User, client, **kwargs):
        kwargs.setdefault("initial", {"given_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = referral_receiver_choices(user=user, quartier_id=client.quartier_id)
        dash_empty_labels(self)


class ReferralForm(KernForm):
    client_code = forms.CharField(label=_("Case code"), max_length=11)
    sender = forms.ModelChoiceField(label=_("Referring organisation"), queryset=None)
    receiver = forms.ModelChoiceField(label=_("Receiving organisation"), queryset=None)
    offer_name = forms.CharField(label=_("Offer"), max_length=200, required=False,
                                 help_text=_("Optional: the name of the offer at the receiving organisation."))
    need = forms.ModelChoiceField(label=_("Need"), queryset=None, required=False)
    purpose = forms.CharField(label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("No names, dates of birth, addresses, phone numbers or e-mail addresses."))
    warm_handover = forms.BooleanField(label=_("Warm handover"), required=False, initial=True)
    handover_mode = forms.ChoiceField(label=_("Handover mode"), choices=HandoverMode.choices,
                                      widget=forms.RadioSelect, initial=HandoverMode.JOINT)
    appointment_at = forms.DateTimeField(label=_("Appointment"), required=False,
                                         widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                    format="%Y-%m-%dT%H:%M"))
    share_identity = forms.BooleanField(
        label=_("Share identifying data (only with a release from confidentiality)"), required=False)
    transmit = forms.BooleanField(label=_("Transmit to the receiving organisation now"), required=False,
                                  initial=True)
    confirm_anonymous = forms.BooleanField(label=CONFIRM_LABEL, help_text=CONFIRM_HELP, required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sender"].queryset = referral_sender_choices(user=user)
        self.fields["receiver"].queryset = referral_receiver_choices(user=user)
        scope = case_scope(user)
        programmes = set(network_quartiere(user=user).values_list("programme_id", flat=True))
        if scope.is_admin:
            programmes = set()
        self.fields["need"].queryset = _taxonomy(ProblemCategory, programmes) if programmes else \
            ProblemCategory.objects.filter(is_active=True)
        senders = self.fields["sender"].queryset
        if senders.count() == 1:
            self.fields["sender"].initial = senders.first().pk
        dash_empty_labels(self)

    def clean_client_code(self):
        return (self.cleaned_data.get("client_code") or "").strip().upper()

    def referral_data(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("offer_name", "need", "purpose", "warm_handover", "handover_mode",
                                  "share_identity", "appointment_at")}


class ReferralStepForm(KernForm):
    to_status = forms.ChoiceField(label=_("Next step"), choices=())
    result = forms.ChoiceField(label=_("Result"), choices=BLANK + list(ReferralResult.choices), required=False,
                               help_text=_("Only when the referral is completed."))
    appointment_at = forms.DateTimeField(label=_("Appointment"), required=False,
                                         widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                    format="%Y-%m-%dT%H:%M"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False,
                           help_text=_("No names, dates of birth, addresses, phone numbers or e-mail addresses."))

    def __init__(self, *args, referral, sender_side: bool, receiver_side: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for status, (allowed, side) in TRANSITIONS.items():
            if referral.status not in allowed:
                continue
            if (side == "sender" and sender_side) or (side == "receiver" and receiver_side) or (
                    side == "either" and (sender_side or receiver_side)):
                choices.append((status, ReferralStatus(status).label))
        self.fields["to_status"].choices = choices
        self.fields["to_status"].widget = forms.RadioSelect(choices=choices)
        self.setup_widgets()
        kern = "kern-form-check__radio"
        self.fields["to_status"].widget.attrs["class"] = kern

    @property
    def has_steps(self) -> bool:
        return bool(self.fields["to_status"].choices)


class ConferenceForm(KernForm):
    quartier = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=None)
    held_on = forms.DateField(label=_("Held on"))
    case_code = forms.CharField(label=_("Case code"), max_length=11, required=False,
                                help_text=_("Pseudonym of the case, if it is recorded here (e.g. K-7F3Q-9M2X)."))
    title = forms.CharField(label=_("Topic"), max_length=200)
    situation = forms.CharField(label=_("Situation"), widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("Describe the case without names, dates of birth, addresses, phone "
                                            "numbers or e-mail addresses."))
    resources = forms.CharField(label=_("Resources and previous help"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    question = forms.CharField(label=_("Question to the conference"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.CharField(label=_("Result of the discussion"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    organisations = forms.ModelMultipleChoiceField(label=_("Participating organisations"), queryset=None,
                                                   required=False)
    next_steps = forms.CharField(label=_("Agreed next steps"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("One step per line."))
    create_tasks = forms.BooleanField(label=_("Also create the next steps as tasks (network coaches)"),
                                      required=False)
    confirm_anonymous = forms.BooleanField(label=CONFIRM_LABEL, help_text=CONFIRM_HELP, required=False)

    TEXTS = ("held_on", "case_code", "title", "situation", "resources", "question", "outcome")

    def __init__(self, *args, user: User, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "quartier": instance.quartier_id, **{f: getattr(instance, f) for f in self.TEXTS},
                "organisations": list(instance.organisations.values_list("pk", flat=True)),
            })
        else:
            kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        from quartiersnetz.actors.models import Organisation

        quartiere = network_quartiere(user=user)
        self.fields["quartier"].queryset = quartiere
        self.fields["organisations"].queryset = Organisation.objects.filter(quartiere__in=quartiere).distinct()
        if instance is not None:
            self.fields["quartier"].disabled = True

    def conference_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.TEXTS}

    def steps(self) -> list[dict]:
        lines = [line.strip() for line in (self.cleaned_data.get("next_steps") or "").splitlines()]
        return [{"description": line} for line in lines if line]


class OutreachForm(KernForm):
    quartier = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=None)
    contact_point = forms.ModelChoiceField(label=_("Contact point"), queryset=None, required=False)
    place = forms.CharField(label=_("Place"), max_length=200,
                            help_text=_("E.g. market square, school yard, tenants' festival."))
    date = forms.DateField(label=_("Date"))
    start_time = forms.TimeField(label=_("From"), required=False,
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=0, max_value=1440, initial=120)
    people_reached = forms.IntegerField(label=_("People reached"), min_value=0, max_value=100000)
    follow_up_contacts = forms.IntegerField(label=_("Follow-up contacts"), min_value=0, max_value=100000,
                                            initial=0)
    topics = forms.ModelMultipleChoiceField(label=_("Topics"), queryset=None, required=False,
                                            widget=forms.CheckboxSelectMultiple)
    topic_note = forms.CharField(label=_("Other topics"), max_length=300, required=False)
    staff = forms.ModelMultipleChoiceField(label=_("Staff"), queryset=None, required=False)

    FIELDS = ("contact_point", "place", "date", "start_time", "duration_minutes", "people_reached",
              "follow_up_contacts", "topic_note")

    def __init__(self, *args, user: User, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "quartier": instance.quartier_id, **{f: getattr(instance, f) for f in self.FIELDS},
                "contact_point": instance.contact_point_id,
                "topics": list(instance.topics.values_list("pk", flat=True)),
                "staff": list(instance.staff.values_list("pk", flat=True)),
            })
        else:
            kwargs.setdefault("initial", {"date": timezone.localdate(), "staff": [user.pk]})
        super().__init__(*args, **kwargs)
        from quartiersnetz.casework.models import ContactPoint
        from quartiersnetz.core.choices import Role

        quartiere = network_quartiere(user=user)
        self.fields["quartier"].queryset = quartiere
        self.fields["contact_point"].queryset = ContactPoint.objects.filter(quartier__in=quartiere)
        programmes = set(quartiere.values_list("programme_id", flat=True))
        self.fields["topics"].queryset = _taxonomy(ProblemCategory, programmes)
        self.fields["staff"].queryset = User.objects.filter(
            Q(roles__quartier__in=quartiere, roles__role__in=[Role.COACH, Role.CONTACT_POINT]) | Q(pk=user.pk),
            is_active=True).distinct()
        if instance is not None:
            self.fields["quartier"].disabled = True
        dash_empty_labels(self)

    def outreach_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.FIELDS}


# --- filters ------------------------------------------------------------------------------------------------------


class _Filter(KernForm):
    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class SearchFilterForm(_Filter):
    q = forms.CharField(label=_("Search"), required=False)


class QuartierFilterForm(_Filter):
    q = forms.CharField(label=_("Search"), required=False)
    quartier = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=None, required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["quartier"].queryset = network_quartiere(user=user)
        dash_empty_labels(self)


class ClientFilterForm(_Filter):
    q = forms.CharField(label=_("Case code"), required=False)
    contact_point = forms.ModelChoiceField(label=_("Contact point"), queryset=None, required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["contact_point"].queryset = case_contact_points(user=user)
        dash_empty_labels(self)


class ContactFilterForm(ClientFilterForm):
    channel = forms.ChoiceField(label=_("Channel"), choices=_choices(Channel), required=False)
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("Until"), required=False)


class ReferralFilterForm(_Filter):
    q = forms.CharField(label=_("Case code"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=_choices(ReferralStatus), required=False)
    quartier = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=None, required=False)
    at_risk = forms.BooleanField(label=_("Only chains at risk"), required=False)
    incoming = forms.BooleanField(label=_("Only referrals to my organisation"), required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["quartier"].queryset = network_quartiere(user=user)
        dash_empty_labels(self)


class StatsFilterForm(_Filter):
    quartier = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=None, required=False,
                                      empty_label=_("All my neighbourhoods"))
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("Until"), required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["quartier"].queryset = stats_quartiere(user=user)
