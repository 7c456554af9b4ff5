"""Pages for organisations (Akteure) and their contact persons (Ansprechpersonen), including consent.

Views are thin: a selector reads (always scoped), a form validates, a service writes. Whatever the user may see
but not change answers 404 on its edit and delete URLs, like everything outside the scope.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import ConsentPurpose
from quartiersnetz.core.forms import ConsentForm, ConsentWithdrawForm
from quartiersnetz.core.generic import ScopedExportView, ScopedListView, deny_unless, run_action, run_service
from quartiersnetz.core.selectors import quartier_list_editable

from .filtersets import ContactPersonFilterForm, OrganisationFilterForm
from .forms import ContactPersonForm, OrganisationForm
from .selectors import (
    contact_person_can_edit,
    contact_person_get,
    contact_person_list,
    contact_person_view,
    organisation_can_edit,
    organisation_get,
    organisation_list,
    organisation_list_editable,
)
from .services import (
    contact_consent_record,
    contact_consent_withdraw,
    contact_person_create,
    contact_person_delete,
    contact_person_export_record,
    contact_person_update,
    organisation_create,
    organisation_delete,
    organisation_update,
)

# --- helpers -----------------------------------------------------------------------------------------------------


def _visible_quartiere(user, organisation) -> list:
    """The organisation's Quartiere that the user may see (others are not named)."""
    scope = get_scope(user)
    return [q for q in organisation.quartiere.all() if scope.can_see_quartier(q.pk)]


def _can_delete_organisation(user, organisation) -> bool:
    scope = get_scope(user)
    if not organisation_can_edit(user=user, organisation=organisation):
        return False
    return scope.is_admin or organisation.pk not in scope.partner_org_ids


def _org_crumbs(organisation=None, last=None) -> list[dict]:
    crumbs = [{"label": _("Organisations"), "url": reverse("actors:organisation_list")}]
    if organisation is not None:
        crumbs.append({"label": organisation.name, "url": organisation.get_absolute_url() if last else None})
    if last:
        crumbs.append({"label": last, "url": None})
    return crumbs


def _contact_crumbs(person=None, last=None) -> list[dict]:
    crumbs = [{"label": _("Contact persons"), "url": reverse("actors:contact_list")}]
    if person is not None:
        crumbs.append({"label": person.full_name, "url": person.get_absolute_url() if last else None})
    if last:
        crumbs.append({"label": last, "url": None})
    return crumbs


def _deny_personal_data_for_evaluation(user) -> None:
    """Evaluation users work with aggregates only: contact pages do not exist for them."""
    deny_unless(not get_scope(user).aggregates_only)


def _contact_rows(user, persons) -> list[dict]:
    """For each person: what may be shown (ContactView) and the consent status per purpose, in purpose order."""
    rows = []
    for person in persons:
        view = contact_person_view(user=user, person=person)
        statuses = [{"label": label, "active": view.consents.get(value, False)}
                    for value, label in ConsentPurpose.choices]
        rows.append({"cv": view, "statuses": statuses})
    return rows


def _consent_state(record, today) -> str:
    if record.withdrawn_on and record.withdrawn_on <= today:
        return "withdrawn"
    if record.valid_until and record.valid_until < today:
        return "expired"
    if record.given_on > today:
        return "pending"
    return "active"


# --- organisations -----------------------------------------------------------------------------------------------


class OrganisationListView(ScopedListView):
    selector = staticmethod(organisation_list)
    filter_form_class = OrganisationFilterForm
    sort_fields = {"name": "name", "actor_type": "actor_type__name", "city": "city", "contacts": "contact_count"}
    default_sort = "name"
    template_name = "actors/organisation_list.html"
    partial_template_name = "actors/includes/organisation_results.html"
    export_url_name = "actors:organisation_export"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        for org in context["object_list"]:
            org.visible_quartiere = _visible_quartiere(user, org)
        context.update(
            title=_("Organisations"),
            can_create=quartier_list_editable(user=user).exists(),
            show_contacts=not get_scope(user).aggregates_only,
        )
        return context


class OrganisationExportView(ScopedExportView, OrganisationListView):
    export_basename = "organisationen"

    @property
    def export_sheet_title(self):
        return _("Organisations")

    def export_headers(self):
        headers = [
            _("Name"), _("Short name"), _("Actor type"), _("Neighbourhoods"), _("Legal domain"),
            _("Street and number"), _("Postcode"), _("Town"), _("Phone"), _("E-mail"), _("Website"),
            _("Description"), _("Latitude"), _("Longitude"), _("active"),
        ]
        if not get_scope(self.request.user).aggregates_only:
            headers.append(_("Contact persons"))
        return headers

    def export_rows(self, queryset):
        user = self.request.user
        with_contacts = not get_scope(user).aggregates_only
        for org in queryset:
            row = [
                org.name, org.short_name, org.actor_type.name,
                ", ".join(q.display_name for q in _visible_quartiere(user, org)),
                org.get_legal_domain_display() if org.legal_domain else "", org.street, org.postal_code, org.city,
                org.phone, org.email, org.website, org.description, org.latitude, org.longitude, org.is_active,
            ]
            if with_contacts:
                row.append(org.contact_count)
            yield row


@login_required
def organisation_detail(request: HttpRequest, pk: int):
    user = request.user
    organisation = organisation_get(user=user, pk=pk)
    scope = get_scope(user)
    can_edit = organisation_can_edit(user=user, organisation=organisation)
    contacts = None
    if not scope.aggregates_only:
        contacts = _contact_rows(user, contact_person_list(user=user, filters={"organisation": organisation.pk}))
    return render(request, "actors/organisation_detail.html", {
        "title": organisation.name,
        "organisation": organisation,
        "quartiere": _visible_quartiere(user, organisation),
        "contacts": contacts,
        "can_edit": can_edit,
        "can_delete": _can_delete_organisation(user, organisation),
        "breadcrumbs": _org_crumbs(organisation),
    })


def _saved_org_message(org) -> str:
    return _("Organisation “{name}” was saved.").format(name=org.name)


def _after_org_save(user):
    """Back to the organisation, or to the list when the change took it out of the user's scope."""

    def target(org):
        if organisation_list(user=user).filter(pk=org.pk).exists():
            return org.get_absolute_url()
        return reverse("actors:organisation_list")

    return target


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create_view(request: HttpRequest):
    user = request.user
    deny_unless(quartier_list_editable(user=user).exists())
    initial = {"is_active": True}
    if quartier_slug := request.GET.get("quartier"):
        initial["quartiere"] = list(
            quartier_list_editable(user=user).filter(slug=quartier_slug).values_list("pk", flat=True)
        )
    form = OrganisationForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: organisation_create(
                user=user, data=form.organisation_data(), quartiere=form.cleaned_data["quartiere"]
            ),
            success_message=_saved_org_message, redirect_to=_after_org_save(user),
        )
        if response:
            return response
    return render(request, "actors/organisation_form.html", {
        "form": form, "title": _("New organisation"), "breadcrumbs": _org_crumbs(last=_("New organisation")),
        "cancel_url": reverse("actors:organisation_list"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def organisation_update_view(request: HttpRequest, pk: int):
    user = request.user
    organisation = organisation_get(user=user, pk=pk)
    deny_unless(organisation_can_edit(user=user, organisation=organisation))
    form = OrganisationForm(request.POST or None, user=user, instance=organisation)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: organisation_update(
                user=user, organisation=organisation, data=form.organisation_data(),
                quartiere=form.quartiere_for_service(),
            ),
            success_message=_saved_org_message, redirect_to=_after_org_save(user),
        )
        if response:
            return response
    kept = [q for q in form.kept_quartiere() if get_scope(user).can_see_quartier(q.pk)]
    return render(request, "actors/organisation_form.html", {
        "form": form, "title": _("Edit {name}").format(name=organisation.name), "object": organisation,
        "kept_quartiere": kept, "breadcrumbs": _org_crumbs(organisation, _("Edit")),
        "cancel_url": organisation.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def organisation_delete_view(request: HttpRequest, pk: int):
    user = request.user
    organisation = organisation_get(user=user, pk=pk)
    deny_unless(_can_delete_organisation(user, organisation))
    error = None
    name = organisation.name
    if request.method == "POST":
        response, error = run_action(
            request, lambda: organisation_delete(user=user, organisation=organisation),
            success_message=_("Organisation “{name}” was deleted.").format(name=name),
            redirect_to=reverse("actors:organisation_list"),
        )
        if response:
            return response
    count = organisation.contacts.count()
    consequences = None
    if count:
        consequences = (
            _("Its contact person and the recorded consents will be deleted as well.") if count == 1
            else _("Its {count} contact persons and their recorded consents will be deleted as well.").format(
                count=count)
        )
    return render(request, "core/confirm_delete.html", {
        "object": organisation, "error": error, "title": _("Delete {name}").format(name=name),
        "question": _("Do you really want to delete the organisation “{name}”?").format(name=name),
        "consequences": consequences, "cancel_url": organisation.get_absolute_url(),
        "breadcrumbs": _org_crumbs(organisation, _("Delete")),
    })


# --- contact persons ---------------------------------------------------------------------------------------------


class ContactPersonListView(ScopedListView):
    selector = staticmethod(contact_person_list)
    filter_form_class = ContactPersonFilterForm
    sort_fields = {
        "name": "last_name", "function": "function", "organisation": "organisation__name",
        "decision_authority": "decision_authority",
    }
    default_sort = "name"
    template_name = "actors/contact_list.html"
    partial_template_name = "actors/includes/contact_results.html"
    export_url_name = "actors:contact_export"

    def check_access(self) -> None:
        _deny_personal_data_for_evaluation(self.request.user)

    def get_queryset(self, filters: dict):
        # The first name breaks ties between equal last names.
        qs = super().get_queryset(filters)
        if self.get_sort().lstrip("-") == "name":
            desc = self.get_sort().startswith("-")
            qs = qs.order_by(*(["-last_name", "-first_name"] if desc else ["last_name", "first_name"]), "pk")
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            title=_("Contact persons"),
            rows=_contact_rows(user, context["object_list"]),
            can_create=organisation_list_editable(user=user).exists(),
        )
        return context


CONTACT_EXPORT_FIELDS = ("first_name", "last_name", "function", "organisation", "level", "decision_authority",
                         "is_deputy", "email", "phone", "valid_from", "valid_until")


class ContactPersonExportView(ScopedExportView, ContactPersonListView):
    """Export of personal data. E-mail and phone follow the consent rules of the page (contact_person_view).

    Every export is audited with one entry per exported person (action "exported", the fields that left the
    system), so that the audit log can answer "who exported data about this person?"."""

    export_basename = "ansprechpersonen"

    @property
    def export_sheet_title(self):
        return _("Contact persons")

    def get_queryset(self, filters: dict):
        return super().get_queryset(filters).prefetch_related("organisation__quartiere")

    def export_headers(self):
        return [
            _("First name"), _("Last name"), _("Function"), _("Organisation"), _("Level"), _("Decision authority"),
            _("Deputy"), _("E-mail"), _("Phone (direct line)"), _("Note on contact details"),
            _("Responsible since"), _("Responsible until"),
        ]

    def export_rows(self, queryset):
        user = self.request.user
        persons = list(queryset)
        rows = []
        exported = []
        for person in persons:
            view = contact_person_view(user=user, person=person)
            rows.append([
                person.first_name, person.last_name, person.function, person.organisation.name,
                person.get_level_display() if person.level else "",
                person.decision_authority, person.is_deputy,
                view.email or "", view.phone or "", view.hidden_reason or "",
                person.valid_from, person.valid_until,
            ])
            fields = [f for f in CONTACT_EXPORT_FIELDS if f not in ("email", "phone")]
            if view.email is not None:
                fields += ["email", "phone"]
            exported.append((person, fields))
        contact_person_export_record(user=user, exported=exported)
        return rows


@login_required
def contact_detail(request: HttpRequest, pk: int):
    user = request.user
    person = contact_person_get(user=user, pk=pk)
    view = contact_person_view(user=user, person=person)
    today = timezone.localdate()
    consents = [{"record": r, "state": _consent_state(r, today)} for r in person.consents.all()]
    return render(request, "actors/contact_detail.html", {
        "title": person.full_name,
        "person": person,
        "view": view,
        "consents": consents,
        "statuses": _contact_rows(user, [person])[0]["statuses"],
        "can_edit": contact_person_can_edit(user=user, person=person),
        "breadcrumbs": _contact_crumbs(person),
    })


def _saved_contact_message(person) -> str:
    return _("Contact person “{name}” was saved.").format(name=person.full_name)


@login_required
@require_http_methods(["GET", "POST"])
def contact_create_view(request: HttpRequest):
    user = request.user
    _deny_personal_data_for_evaluation(user)
    editable = organisation_list_editable(user=user)
    deny_unless(editable.exists())
    initial = {}
    org_param = request.GET.get("organisation", "")
    if org_param.isdigit() and editable.filter(pk=int(org_param)).exists():
        initial["organisation"] = int(org_param)
    form = ContactPersonForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: contact_person_create(
                user=user, organisation=form.cleaned_data["organisation"], data=form.contact_data()
            ),
            success_message=_saved_contact_message, redirect_to=lambda p: p.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "actors/contact_form.html", {
        "form": form, "title": _("New contact person"), "breadcrumbs": _contact_crumbs(last=_("New contact person")),
        "cancel_url": reverse("actors:contact_list"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def contact_update_view(request: HttpRequest, pk: int):
    user = request.user
    person = contact_person_get(user=user, pk=pk)
    deny_unless(contact_person_can_edit(user=user, person=person))
    form = ContactPersonForm(request.POST or None, user=user, instance=person)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: contact_person_update(
                user=user, person=person, data=form.contact_data(), organisation=form.cleaned_data["organisation"]
            ),
            success_message=_saved_contact_message, redirect_to=lambda p: p.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "actors/contact_form.html", {
        "form": form, "title": _("Edit {name}").format(name=person.full_name), "object": person,
        "breadcrumbs": _contact_crumbs(person, _("Edit")), "cancel_url": person.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete_view(request: HttpRequest, pk: int):
    user = request.user
    person = contact_person_get(user=user, pk=pk)
    deny_unless(contact_person_can_edit(user=user, person=person))
    name = person.full_name
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: contact_person_delete(user=user, person=person),
            success_message=_("Contact person “{name}” was deleted.").format(name=name),
            redirect_to=person.organisation.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": person, "error": error, "title": _("Delete {name}").format(name=name),
        "question": _("Do you really want to delete the contact person “{name}”?").format(name=name),
        "consequences": _("The recorded consents are deleted as well. The audit log keeps the deletion."),
        "cancel_url": person.get_absolute_url(), "breadcrumbs": _contact_crumbs(person, _("Delete")),
    })


# --- consent -----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def consent_create_view(request: HttpRequest, pk: int):
    user = request.user
    person = contact_person_get(user=user, pk=pk)
    deny_unless(contact_person_can_edit(user=user, person=person))
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = run_service(
            request, form,
            lambda: contact_consent_record(
                user=user, person=person, purpose=data["purpose"], given_on=data["given_on"],
                method=data["method"], scope_note=data["scope_note"], valid_until=data["valid_until"],
            ),
            success_message=lambda r: _("Consent “{purpose}” for {name} was recorded.").format(
                purpose=r.get_purpose_display(), name=person.full_name),
            redirect_to=person.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "actors/consent_form.html", {
        "form": form, "person": person, "title": _("Record consent"),
        "breadcrumbs": _contact_crumbs(person, _("Record consent")), "cancel_url": person.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw_view(request: HttpRequest, pk: int, consent_pk: int):
    user = request.user
    person = contact_person_get(user=user, pk=pk)
    deny_unless(contact_person_can_edit(user=user, person=person))
    record = next((r for r in person.consents.all() if r.pk == consent_pk), None)
    deny_unless(record is not None and record.withdrawn_on is None)
    form = ConsentWithdrawForm(request.POST or None, record=record)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form,
            lambda: contact_consent_withdraw(
                user=user, person=person, record=record, on=form.cleaned_data["withdrawn_on"],
            ),
            success_message=lambda r: _("Consent “{purpose}” for {name} was withdrawn.").format(
                purpose=r.get_purpose_display(), name=person.full_name),
            redirect_to=person.get_absolute_url(),
        )
        if response:
            return response
    title = _("Withdraw consent")
    return render(request, "core/confirm_delete.html", {
        "object": record, "form": form, "title": title,
        "question": _("Withdraw the consent “{purpose}” of {name}, given on {date}?").format(
            purpose=record.get_purpose_display(), name=person.full_name, date=record.given_on.strftime("%d.%m.%Y")),
        "consequences": _("The record is kept with the date of withdrawal. Data that needs this consent is "
                          "hidden from then on."),
        "confirm_label": _("Withdraw consent"), "cancel_url": person.get_absolute_url(),
        "breadcrumbs": _contact_crumbs(person, title),
    })
