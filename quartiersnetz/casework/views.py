"""Pages of the case work under /fallarbeit/. Thin: a selector or one service per request."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.generic import (
    ScopedExportView,
    ScopedListView,
    deny_unless,
    export_response,
    run_action,
    run_service,
)
from quartiersnetz.core.selectors import quartier_list_editable

from . import services
from .flowchart import end_labels, flow_svg, stage_labels
from .forms import (
    CaseConsentForm,
    ClientFilterForm,
    ConferenceForm,
    ContactFilterForm,
    ContactForm,
    ContactPointForm,
    IdentityForm,
    OutreachForm,
    QuartierFilterForm,
    ReferralFilterForm,
    ReferralForm,
    ReferralStepForm,
    StatsFilterForm,
)
from .models import IDENTITY_FIELDS, ConferenceStep
from .selectors import (
    case_scope,
    client_get,
    client_get_by_code,
    client_list,
    conference_get,
    conference_list,
    consent_get,
    consent_list,
    contact_get,
    contact_list,
    contact_point_get,
    contact_point_list,
    has_storage_consent,
    identity_get,
    outreach_get,
    outreach_list,
    referral_get,
    referral_list,
    referral_view,
)
from .stats import chain_analysis, statistics_for


def _crumbs(*items) -> list[dict]:
    out = [{"label": _("Case work"), "url": reverse("casework:index")}]
    out += [{"label": label, "url": url} for label, url in items]
    return out


def _need(condition: bool) -> None:
    deny_unless(condition)


def _form_page(request, form, title, cancel_url, crumbs, template="casework/form.html", **extra):
    return render(request, template, {"form": form, "title": title, "cancel_url": cancel_url,
                                      "breadcrumbs": crumbs, **extra})


@login_required
def index(request: HttpRequest):
    scope = case_scope(request.user)
    _need(scope.has_referrals or scope.has_stats)
    context = {"title": _("Case work"), "scope": scope}
    if scope.has_cases:
        context["contact_count"] = contact_list(user=request.user).filter(
            date__gte=timezone.localdate().replace(day=1)).count()
    if scope.has_referrals:
        refs = referral_list(user=request.user)
        context["open_referrals"] = refs.filter(status__in=["proposed", "transmitted", "accepted",
                                                           "first_contact"]).count()
        context["at_risk"] = refs.filter(at_risk=True).count()
        context["incoming"] = referral_list(user=request.user, filters={"incoming": True}).filter(
            status="transmitted").count()
    return render(request, "casework/index.html", context)


# --- contact points -----------------------------------------------------------------------------------------------


class ContactPointListView(ScopedListView):
    selector = staticmethod(contact_point_list)
    filter_form_class = QuartierFilterForm
    sort_fields = {"name": "name", "quartier": "quartier__city"}
    default_sort = "name"
    template_name = "casework/contact_point_list.html"
    partial_template_name = "casework/includes/contact_point_results.html"

    def check_access(self):
        _need(case_scope(self.request.user).has_network)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Contact points"), breadcrumbs=_crumbs((_("Contact points"), None)),
                       can_create=quartier_list_editable(user=self.request.user).exists())
        return context


@login_required
def contact_point_detail(request: HttpRequest, pk: int):
    cp = contact_point_get(user=request.user, pk=pk)
    return render(request, "casework/contact_point_detail.html", {
        "title": cp.name, "cp": cp, "staff": cp.staff.all(),
        "can_edit": get_scope(request.user).can_edit_quartier(cp.quartier_id),
        "breadcrumbs": _crumbs((_("Contact points"), reverse("casework:contact_point_list")), (cp.name, None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def contact_point_create_view(request: HttpRequest):
    user = request.user
    _need(quartier_list_editable(user=user).exists())
    form = ContactPointForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: services.contact_point_create(
                user=user, quartier=form.cleaned_data["quartier"], data=form.data_for_service(),
                staff=form.cleaned_data["staff"]),
            success_message=lambda cp: _("Contact point “{name}” was saved.").format(name=cp.name),
            redirect_to=lambda cp: cp.get_absolute_url())
        if response:
            return response
    return _form_page(request, form, _("New contact point"), reverse("casework:contact_point_list"),
                      _crumbs((_("Contact points"), reverse("casework:contact_point_list")), (_("New"), None)))


@login_required
@require_http_methods(["GET", "POST"])
def contact_point_update_view(request: HttpRequest, pk: int):
    user = request.user
    cp = contact_point_get(user=user, pk=pk)
    _need(get_scope(user).can_edit_quartier(cp.quartier_id))
    form = ContactPointForm(request.POST or None, user=user, instance=cp)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: services.contact_point_update(
                user=user, contact_point=cp, data=form.data_for_service(), staff=form.cleaned_data["staff"]),
            success_message=lambda c: _("Contact point “{name}” was saved.").format(name=c.name),
            redirect_to=lambda c: c.get_absolute_url())
        if response:
            return response
    return _form_page(request, form, _("Edit contact point"), cp.get_absolute_url(),
                      _crumbs((_("Contact points"), reverse("casework:contact_point_list")),
                              (cp.name, cp.get_absolute_url()), (_("Edit"), None)))


# --- cases --------------------------------------------------------------------------------------------------------


class ClientListView(ScopedListView):
    selector = staticmethod(client_list)
    filter_form_class = ClientFilterForm
    sort_fields = {"code": "code", "last_activity": "last_activity_on"}
    default_sort = "-last_activity"
    template_name = "casework/client_list.html"
    partial_template_name = "casework/includes/client_results.html"

    def check_access(self):
        _need(case_scope(self.request.user).has_cases)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Cases"), breadcrumbs=_crumbs((_("Cases"), None)))
        return context


@login_required
@require_http_methods(["GET", "POST"])
def client_detail(request: HttpRequest, pk: int):
    user = request.user
    client = client_get(user=user, pk=pk)
    identity = identity_get(user=user, client=client)
    identity_form = IdentityForm(
        request.POST if request.POST.get("action") == "identity" else None,
        initial={f: getattr(identity, f) for f in IDENTITY_FIELDS} if identity else None, prefix="identity")
    consent_form = CaseConsentForm(request.POST if request.POST.get("action") == "consent" else None,
                                   user=user, client=client, prefix="consent")
    if request.method == "POST":
        action = request.POST.get("action")
        response = None
        if action == "identity" and identity_form.is_valid():
            response = run_service(
                request, identity_form,
                lambda: services.identity_save(user=user, client=client, data=identity_form.cleaned_data),
                success_message=_("The identifying data were saved (encrypted)."),
                redirect_to=client.get_absolute_url())
        elif action == "consent" and consent_form.is_valid():
            d = consent_form.cleaned_data
            response = run_service(
                request, consent_form,
                lambda: services.case_consent_record(
                    user=user, client=client, kind=d["kind"], method=d["method"], given_on=d["given_on"],
                    recipient=d["recipient"], scope=d["scope"], valid_until=d["valid_until"]),
                success_message=_("The consent was recorded."), redirect_to=client.get_absolute_url())
        if response:
            return response
    return render(request, "casework/client_detail.html", {
        "title": _("Case {code}").format(code=client.code), "client": client, "identity": identity,
        "identity_form": identity_form, "consent_form": consent_form,
        "has_storage_consent": has_storage_consent(client),
        "consents": consent_list(user=user, client=client),
        "contacts": contact_list(user=user, filters={"client": client}),
        "referrals": referral_list(user=user, filters={"client": client}),
        "breadcrumbs": _crumbs((_("Cases"), reverse("casework:client_list")), (client.code, None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw_view(request: HttpRequest, pk: int):
    consent = consent_get(user=request.user, pk=pk)
    client = consent.client
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: services.case_consent_withdraw(user=request.user, consent=consent),
            success_message=_("The consent was withdrawn. It takes effect immediately."),
            redirect_to=client.get_absolute_url())
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "title": _("Withdraw consent"), "error": error, "cancel_url": client.get_absolute_url(),
        "question": _("Do you really want to record the withdrawal of “{consent}”?").format(
            consent=consent.get_kind_display()),
        "consequences": _("It takes effect immediately: released data are no longer shown to the receiving "
                          "organisation; withdrawing the storage consent deletes the identifying data."),
        "confirm_label": _("Yes, withdraw"),
        "breadcrumbs": _crumbs((_("Cases"), reverse("casework:client_list")),
                               (client.code, client.get_absolute_url()), (_("Withdraw consent"), None)),
    })


@login_required
def client_export_view(request: HttpRequest, pk: int):
    client = client_get(user=request.user, pk=pk)
    data = services.client_export(user=request.user, client=client)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="auskunft-{client.code}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def client_erase_view(request: HttpRequest, pk: int):
    user = request.user
    client = client_get(user=user, pk=pk)
    error = None
    if request.method == "POST":
        code = client.code
        response, error = run_action(
            request, lambda: services.client_erase(user=user, client=client),
            success_message=_("Case {code} and all its data were deleted.").format(code=code),
            redirect_to=reverse("casework:client_list"))
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "title": _("Erase case"), "error": error, "cancel_url": client.get_absolute_url(),
        "question": _("Do you really want to erase case {code} (Art. 17 GDPR)?").format(code=client.code),
        "consequences": _("Identity, consents, contacts and referrals are deleted for good. Case conferences keep "
                          "their anonymised text without the case code."),
        "breadcrumbs": _crumbs((_("Cases"), reverse("casework:client_list")),
                               (client.code, client.get_absolute_url()), (_("Erase"), None)),
    })


@login_required
def client_lookup(request: HttpRequest):
    """Jump to a case by its code (the rights of access and erasure are exercised by pseudonym)."""
    _need(case_scope(request.user).has_cases)
    client = client_get_by_code(user=request.user, code=request.GET.get("code", ""))
    return redirect(client.get_absolute_url())


# --- contacts -----------------------------------------------------------------------------------------------------


class ContactListView(ScopedListView):
    selector = staticmethod(contact_list)
    filter_form_class = ContactFilterForm
    sort_fields = {"date": "date", "code": "client__code", "contact_point": "contact_point__name"}
    default_sort = "-date"
    template_name = "casework/contact_list.html"
    partial_template_name = "casework/includes/contact_results.html"
    export_url_name = "casework:contact_export"

    def check_access(self):
        _need(case_scope(self.request.user).has_cases)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Contacts"), breadcrumbs=_crumbs((_("Contacts"), None)))
        return context


class ContactExportView(ScopedExportView, ContactListView):
    export_basename = "kontakte"

    @property
    def export_sheet_title(self):
        return _("Contacts")

    def export_headers(self):
        return [_("Case code"), _("Date"), _("Contact point"), _("Channel"), _("First contact"),
                _("Problem situations"), _("Time spent (minutes)"), _("Activation stage")]

    def export_rows(self, queryset):
        for c in queryset:
            yield [c.client.code, c.date, c.contact_point.name, c.get_channel_display(), c.is_first,
                   ", ".join(p.name for p in c.problems.all()), c.minutes, c.outcome.name if c.outcome else ""]


@login_required
@require_http_methods(["GET", "POST"])
def contact_create_view(request: HttpRequest):
    user = request.user
    _need(case_scope(user).has_cases)
    initial = {"date": timezone.localdate()}
    if code := request.GET.get("fall"):
        initial["client_code"] = code
    form = ContactForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        client = None
        if d["client_code"]:
            try:
                client = client_get_by_code(user=user, code=d["client_code"])
            except Http404:
                form.add_error("client_code", _("There is no case with this code in your neighbourhoods."))
        if not form.errors:
            response = run_service(
                request, form, lambda: services.contact_record(
                    user=user, contact_point=d["contact_point"], data=form.contact_data(), problems=d["problems"],
                    client=client, client_data=form.client_data(), confirm_anonymous=d["confirm_anonymous"]),
                success_message=lambda c: _("Contact saved for case {code}.").format(code=c.client.code),
                redirect_to=lambda c: reverse("casework:contact_create") + f"?saved={c.client.code}")
            if response:
                return response
    return _form_page(request, form, _("Record a contact"), reverse("casework:contact_list"),
                      _crumbs((_("Contacts"), reverse("casework:contact_list")), (_("New"), None)),
                      template="casework/contact_form.html", saved_code=request.GET.get("saved", "")[:11])


@login_required
@require_http_methods(["GET", "POST"])
def contact_update_view(request: HttpRequest, pk: int):
    user = request.user
    contact = contact_get(user=user, pk=pk)
    form = ContactForm(request.POST or None, user=user, instance=contact)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        response = run_service(
            request, form, lambda: services.contact_update(
                user=user, contact=contact, data=form.contact_data(), problems=d["problems"],
                confirm_anonymous=d["confirm_anonymous"]),
            success_message=_("The contact was saved."), redirect_to=contact.client.get_absolute_url())
        if response:
            return response
    return _form_page(request, form, _("Edit contact"), contact.client.get_absolute_url(),
                      _crumbs((_("Contacts"), reverse("casework:contact_list")), (str(contact), None)),
                      template="casework/contact_form.html")


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete_view(request: HttpRequest, pk: int):
    user = request.user
    contact = contact_get(user=user, pk=pk)
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: services.contact_delete(user=user, contact=contact),
            success_message=_("The contact was deleted."), redirect_to=contact.client.get_absolute_url())
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "title": _("Delete contact"), "error": error, "cancel_url": contact.client.get_absolute_url(),
        "question": _("Do you really want to delete the contact {contact}?").format(contact=contact),
        "breadcrumbs": _crumbs((_("Contacts"), reverse("casework:contact_list")), (_("Delete"), None)),
    })


# --- referrals ----------------------------------------------------------------------------------------------------


class ReferralListView(ScopedListView):
    selector = staticmethod(referral_list)
    filter_form_class = ReferralFilterForm
    sort_fields = {"proposed": "proposed_at", "status": "status", "receiver": "receiver__name"}
    default_sort = "-proposed"
    template_name = "casework/referral_list.html"
    partial_template_name = "casework/includes/referral_results.html"

    def check_access(self):
        _need(case_scope(self.request.user).has_referrals)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Referrals"), breadcrumbs=_crumbs((_("Referrals"), None)),
                       can_create=case_scope(self.request.user).has_cases)
        return context


@login_required
@require_http_methods(["GET", "POST"])
def referral_create_view(request: HttpRequest):
    user = request.user
    scope = case_scope(user)
    _need(scope.has_cases or bool(scope.partner_org_ids))
    form = ReferralForm(request.POST or None, user=user, initial={"client_code": request.GET.get("fall", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        from .models import Client

        client = None
        if scope.has_cases:
            client = client_list(user=user).filter(code=d["client_code"]).first()
        if client is None:  # a partner refers on a case it received
            client = Client.objects.filter(code=d["client_code"], referrals__in=referral_list(
                user=user, filters={"incoming": True})).first()
        if client is None:
            form.add_error("client_code", _("There is no case with this code that you may refer."))
        else:
            response = run_service(
                request, form, lambda: services.referral_create(
                    user=user, client=client, sender=d["sender"], receiver=d["receiver"], data=form.referral_data(),
                    transmit=d["transmit"], confirm_anonymous=d["confirm_anonymous"]),
                success_message=lambda r: _("Referral of case {code} to {receiver} was saved.").format(
                    code=r.client.code, receiver=r.receiver.name),
                redirect_to=lambda r: r.get_absolute_url())
            if response:
                return response
    return _form_page(request, form, _("New referral"), reverse("casework:referral_list"),
                      _crumbs((_("Referrals"), reverse("casework:referral_list")), (_("New"), None)))


@login_required
@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, pk: int):
    user = request.user
    referral = referral_get(user=user, pk=pk)
    view = referral_view(user=user, referral=referral)
    form = ReferralStepForm(request.POST or None, referral=referral, sender_side=view.may_act_as_sender,
                            receiver_side=view.may_act_as_receiver)
    if request.method == "POST":
        _need(form.has_steps)
        if form.is_valid():
            d = form.cleaned_data
            response = run_service(
                request, form, lambda: services.referral_transition(
                    user=user, referral=referral, to_status=d["to_status"], note=d["note"], result=d["result"],
                    appointment_at=d["appointment_at"]),
                success_message=lambda r: _("The referral is now “{status}”.").format(status=r.get_status_display()),
                redirect_to=referral.get_absolute_url())
            if response:
                return response
    labels = dict(IdentityForm.base_fields.items())
    personal = [(labels[f].label, v) for f, v in view.personal.items()]
    return render(request, "casework/referral_detail.html", {
        "title": _("Referral of case {code}").format(code=referral.client.code), "referral": referral,
        "view": view, "personal": personal, "form": form,
        "sees_case": case_scope(user).sees_cases(referral.quartier_id),
        "breadcrumbs": _crumbs((_("Referrals"), reverse("casework:referral_list")), (referral.client.code, None)),
    })


@login_required
def chains_view(request: HttpRequest):
    user = request.user
    _need(case_scope(user).has_stats)
    form = StatsFilterForm(request.GET or None, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    quartier = filters.get("quartier")
    analysis = chain_analysis(user=user, quartier_id=quartier.pk if quartier else None,
                              start=filters.get("start"), end=filters.get("end"))
    stages, ends = stage_labels(), end_labels()
    flow_rows = [{"label": stages[s], **analysis.flow[s]} for s in stages]
    return render(request, "casework/chains.html", {
        "title": _("Chain analysis"), "filter_form": form, "analysis": analysis, "svg": flow_svg(analysis.flow),
        "flow_rows": flow_rows, "end_labels": ends,
        "breadcrumbs": _crumbs((_("Chain analysis"), None)),
    })


# --- conferences --------------------------------------------------------------------------------------------------


class ConferenceListView(ScopedListView):
    selector = staticmethod(conference_list)
    filter_form_class = QuartierFilterForm
    sort_fields = {"held_on": "held_on", "title": "title"}
    default_sort = "-held_on"
    template_name = "casework/conference_list.html"
    partial_template_name = "casework/includes/conference_results.html"

    def check_access(self):
        _need(case_scope(self.request.user).has_network)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Case conferences"), breadcrumbs=_crumbs((_("Case conferences"), None)))
        return context


def _conference_call(user, form, conference=None):
    d = form.cleaned_data
    if conference is None:
        return lambda: services.conference_create(
            user=user, quartier=d["quartier"], data=form.conference_data(), organisations=d["organisations"],
            steps=form.steps(), create_tasks=d["create_tasks"], confirm_anonymous=d["confirm_anonymous"])
    return lambda: services.conference_update(
        user=user, conference=conference, data=form.conference_data(), organisations=d["organisations"],
        steps=form.steps(), create_tasks=d["create_tasks"], confirm_anonymous=d["confirm_anonymous"])


@login_required
@require_http_methods(["GET", "POST"])
def conference_create_view(request: HttpRequest):
    user = request.user
    _need(case_scope(user).has_network)
    form = ConferenceForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        response = run_service(request, form, _conference_call(user, form),
                               success_message=_("The case conference was saved."),
                               redirect_to=lambda c: c.get_absolute_url())
        if response:
            return response
    return _form_page(request, form, _("New case conference"), reverse("casework:conference_list"),
                      _crumbs((_("Case conferences"), reverse("casework:conference_list")), (_("New"), None)),
                      intro=_("Present the case by its code only. The text is checked for names, dates of birth, "
                              "addresses, phone numbers and e-mail addresses before it is saved."))


@login_required
@require_http_methods(["GET", "POST"])
def conference_update_view(request: HttpRequest, pk: int):
    user = request.user
    conference = conference_get(user=user, pk=pk)
    form = ConferenceForm(request.POST or None, user=user, instance=conference)
    if request.method == "POST" and form.is_valid():
        response = run_service(request, form, _conference_call(user, form, conference),
                               success_message=_("The case conference was saved."),
                               redirect_to=lambda c: c.get_absolute_url())
        if response:
            return response
    return _form_page(request, form, _("Edit case conference"), conference.get_absolute_url(),
                      _crumbs((_("Case conferences"), reverse("casework:conference_list")),
                              (conference.title, conference.get_absolute_url()), (_("Edit"), None)))


@login_required
@require_http_methods(["GET", "POST"])
def conference_detail(request: HttpRequest, pk: int):
    user = request.user
    conference = conference_get(user=user, pk=pk)
    if request.method == "POST":
        step = ConferenceStep.objects.filter(conference=conference, pk=request.POST.get("step")).first()
        if step is None:
            raise Http404
        services.conference_step_set_done(user=user, step=step, done=request.POST.get("done") == "1")
        return redirect(conference.get_absolute_url())
    return render(request, "casework/conference_detail.html", {
        "title": conference.title, "conference": conference, "steps": conference.steps.all(),
        "sees_case": conference.client_id and case_scope(user).sees_cases(conference.quartier_id),
        "breadcrumbs": _crumbs((_("Case conferences"), reverse("casework:conference_list")),
                               (conference.title, None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def conference_delete_view(request: HttpRequest, pk: int):
    user = request.user
    conference = conference_get(user=user, pk=pk)
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: services.conference_delete(user=user, conference=conference),
            success_message=_("The case conference was deleted."), redirect_to=reverse("casework:conference_list"))
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "title": _("Delete case conference"), "error": error, "cancel_url": conference.get_absolute_url(),
        "question": _("Do you really want to delete the case conference “{title}”?").format(title=conference.title),
        "breadcrumbs": _crumbs((_("Case conferences"), reverse("casework:conference_list")), (_("Delete"), None)),
    })


# --- outreach -----------------------------------------------------------------------------------------------------


class OutreachListView(ScopedListView):
    selector = staticmethod(outreach_list)
    filter_form_class = QuartierFilterForm
    sort_fields = {"date": "date", "place": "place", "reached": "people_reached"}
    default_sort = "-date"
    template_name = "casework/outreach_list.html"
    partial_template_name = "casework/includes/outreach_results.html"

    def check_access(self):
        _need(case_scope(self.request.user).has_network)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Outreach"), breadcrumbs=_crumbs((_("Outreach"), None)))
        return context


@login_required
@require_http_methods(["GET", "POST"])
def outreach_create_view(request: HttpRequest):
    user = request.user
    _need(case_scope(user).has_network)
    form = OutreachForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        response = run_service(
            request, form, lambda: services.outreach_create(user=user, quartier=d["quartier"],
                                                            data=form.outreach_data(), staff=d["staff"],
                                                            topics=d["topics"]),
            success_message=_("The outreach action was saved."), redirect_to=reverse("casework:outreach_list"))
        if response:
            return response
    return _form_page(request, form, _("New outreach action"), reverse("casework:outreach_list"),
                      _crumbs((_("Outreach"), reverse("casework:outreach_list")), (_("New"), None)))


@login_required
@require_http_methods(["GET", "POST"])
def outreach_update_view(request: HttpRequest, pk: int):
    user = request.user
    action = outreach_get(user=user, pk=pk)
    form = OutreachForm(request.POST or None, user=user, instance=action)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        response = run_service(
            request, form, lambda: services.outreach_update(user=user, action=action, data=form.outreach_data(),
                                                            staff=d["staff"], topics=d["topics"]),
            success_message=_("The outreach action was saved."), redirect_to=reverse("casework:outreach_list"))
        if response:
            return response
    return _form_page(request, form, _("Edit outreach action"), reverse("casework:outreach_list"),
                      _crumbs((_("Outreach"), reverse("casework:outreach_list")), (str(action), None)),
                      delete_url=reverse("casework:outreach_delete", kwargs={"pk": action.pk}))


@login_required
@require_http_methods(["GET", "POST"])
def outreach_delete_view(request: HttpRequest, pk: int):
    user = request.user
    action = outreach_get(user=user, pk=pk)
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: services.outreach_delete(user=user, action=action),
            success_message=_("The outreach action was deleted."), redirect_to=reverse("casework:outreach_list"))
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "title": _("Delete outreach action"), "error": error, "cancel_url": reverse("casework:outreach_list"),
        "question": _("Do you really want to delete the outreach action {action}?").format(action=action),
        "breadcrumbs": _crumbs((_("Outreach"), reverse("casework:outreach_list")), (_("Delete"), None)),
    })


# --- statistics ---------------------------------------------------------------------------------------------------


def _stats(request):
    user = request.user
    _need(case_scope(user).has_stats)
    form = StatsFilterForm(request.GET or None, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    quartier = filters.get("quartier")
    return form, statistics_for(user=user, quartier_id=quartier.pk if quartier else None,
                                start=filters.get("start"), end=filters.get("end"))


@login_required
def statistics_view(request: HttpRequest):
    form, stats = _stats(request)
    chart = [{"month": label, "kind": str(stats.months.columns[i]), "n": v}
             for label, cells in stats.months.rows for i, v in enumerate(cells) if v is not None]
    query = request.GET.copy()
    return render(request, "casework/statistics.html", {
        "title": _("Statistics"), "filter_form": form, "stats": stats, "chart_data": chart,
        "export_query": query.urlencode(), "export_url": reverse("casework:statistics_export"),
        "tables": [stats.months, stats.by_contact_point, stats.by_quartier],
        "breadcrumbs": _crumbs((_("Statistics"), None)),
    })


@login_required
def statistics_export(request: HttpRequest):
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, stats = _stats(request)
    rows = []
    for table in (stats.months, stats.by_contact_point, stats.by_quartier, stats.problems, stats.outcomes):
        for label, cells in table.rows:
            rows.append([str(table.caption), label, *[("–" if v is None else v) for v in cells],
                         *([""] * (2 - len(cells)))])
    headers = [_("Table"), _("Row"), _("Value 1"), _("Value 2")]
    return export_response(rows, headers, basename="fallarbeit-statistik", fmt=fmt, sheet_title=_("Statistics"))


