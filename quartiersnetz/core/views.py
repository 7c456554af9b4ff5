"""Core pages: login, start page per role, Quartiere, audit log, API tokens, health check, error pages."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

import quartiersnetz

from .access import get_scope
from .choices import Role
from .exceptions import ApplicationError
from .filtersets import AuditFilterForm, QuartierFilterForm
from .forms import QUARTIER_FORM_FIELDS, ApiTokenForm, LoginForm, QuartierForm
from .generic import ScopedExportView, ScopedListView, deny_unless, run_action, run_service
from .selectors import api_token_list, audit_list, programme_list, quartier_get, quartier_list, user_count
from .services import api_token_create, api_token_revoke, quartier_create, quartier_delete, quartier_update


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST (CSRF-protected). A GET shows a page with the button instead of an error."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("core:login")
        return render(request, "core/logout.html", {"title": _("Log out")})


# --- helpers shared by the start page and the Quartier pages ------------------------------------------------------


def actor_type_counts(*, user, quartier) -> list[dict]:
    """Organisations of a Quartier visible to the user, counted by top-level actor type.

    Subtypes (Kita, Moschee, …) count under their parent, so each count matches the organisation list filtered
    by that type (the filter includes subtypes)."""
    from quartiersnetz.actors.selectors import organisation_list

    rows = (
        organisation_list(user=user, filters={"quartier": quartier.slug})
        .order_by()
        .prefetch_related(None)
        .values(
            type_slug=Coalesce("actor_type__parent__slug", "actor_type__slug"),
            type_name=Coalesce("actor_type__parent__name", "actor_type__name"),
        )
        .annotate(count=Count("pk", distinct=True))
    )
    base = reverse("actors:organisation_list")
    result = [
        {**row, "url": f"{base}?quartier={quartier.slug}&actor_type={row['type_slug']}"} for row in rows
    ]
    return sorted(result, key=lambda r: (-r["count"], r["type_name"]))


def _contact_count(*, user, quartier) -> int | None:
    """Number of contact persons in the Quartier, or None for users who never see personal data."""
    from quartiersnetz.actors.selectors import contact_person_list

    if get_scope(user).aggregates_only:
        return None
    return contact_person_list(user=user, filters={"quartier": quartier.slug}).count()


def _quartier_card(*, user, quartier) -> dict:
    return {
        "quartier": quartier,
        "type_counts": actor_type_counts(user=user, quartier=quartier),
        "contact_count": _contact_count(user=user, quartier=quartier),
    }


# --- start page --------------------------------------------------------------------------------------------------


@login_required
def home(request: HttpRequest):
    user = request.user
    scope = get_scope(user)
    context: dict = {"scope": scope, "title": _("Home")}
    if scope.is_admin:
        from quartiersnetz.actors.selectors import organisation_list

        context["admin_counts"] = [
            {"label": _("Programmes"), "value": programme_list(user=user).count(), "url": None},
            {"label": _("Neighbourhoods"), "value": quartier_list(user=user).count(),
             "url": reverse("core:quartier_list")},
            {"label": _("Organisations"), "value": organisation_list(user=user).count(),
             "url": reverse("actors:organisation_list")},
            {"label": _("User accounts"), "value": user_count(user=user),
             "url": None},
        ]
    else:
        own = user.roles.values_list("role", "programme_id", "quartier_id")
        programme_ids = {p for r, p, _q in own if r in (Role.COORDINATION, Role.EVALUATION) and p}
        local_ids = {q for r, _p, q in own if r in (Role.COACH, Role.CONTACT_POINT) and q}
        if programme_ids:
            programmes = []
            quartiere = list(quartier_list(user=user).filter(programme_id__in=programme_ids))
            for programme in programme_list(user=user).filter(pk__in=programme_ids):
                rows = [q for q in quartiere if q.programme_id == programme.pk]
                programmes.append({"programme": programme, "quartiere": rows})
            context["programmes"] = programmes
        if local_ids:
            context["local_cards"] = [
                _quartier_card(user=user, quartier=q) for q in quartier_list(user=user).filter(pk__in=local_ids)
            ]
        if scope.partner_org_ids:
            from quartiersnetz.actors.selectors import contact_person_list, contact_person_view, organisation_list

            context["partner_orgs"] = [
                {
                    "organisation": org,
                    "contacts": [
                        contact_person_view(user=user, person=p)
                        for p in contact_person_list(user=user, filters={"organisation": org.pk})
                    ],
                }
                for org in organisation_list(user=user).filter(pk__in=scope.partner_org_ids)
            ]
        context["no_role"] = not (programme_ids or local_ids or scope.partner_org_ids)
    return render(request, "core/home.html", context)


# --- Quartiere ---------------------------------------------------------------------------------------------------


class QuartierListView(ScopedListView):
    selector = staticmethod(quartier_list)
    filter_form_class = QuartierFilterForm
    sort_fields = {
        "city": "city",
        "population": "population",
        "unemployment_rate": "unemployment_rate",
        "sgb2_quota": "sgb2_quota",
        "organisations": "organisation_count",
    }
    default_sort = "city"
    template_name = "core/quartier_list.html"
    partial_template_name = "core/includes/quartier_results.html"
    export_url_name = "core:quartier_export"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = get_scope(self.request.user)
        context["title"] = _("Neighbourhoods")
        context["can_create"] = scope.is_admin or Role.COORDINATION in scope.roles
        return context


class QuartierExportView(ScopedExportView, QuartierListView):
    export_basename = "quartiere"

    @property
    def export_sheet_title(self):
        return _("Neighbourhoods")

    def export_headers(self):
        return [
            _("Neighbourhood"), _("City"), _("Programme"), _("Population"), _("Population is approximate"),
            _("Unemployment rate (%)"), _("SGB II quota (%)"), _("Network coaching posts (FTE)"),
            _("Number of network coaches"), _("Provider"), _("Approach"), _("Project start"), _("Project end"),
            _("Organisations"),
        ]

    def export_rows(self, queryset):
        for q in queryset:
            yield [
                q.name, q.city, q.programme.name, q.population, q.population_approx,
                q.unemployment_rate, q.sgb2_quota, q.coach_fte, q.coach_count, q.provider,
                q.get_approach_type_display() if q.approach_type else "", q.start, q.end, q.organisation_count,
            ]


def _can_create_quartier(scope) -> bool:
    return scope.is_admin or Role.COORDINATION in scope.roles


def _can_delete_quartier(scope, quartier) -> bool:
    return scope.can_edit_quartier(quartier.pk) and (scope.is_admin or Role.COORDINATION in scope.roles)


def _quartier_crumbs(quartier=None, last=None) -> list[dict]:
    crumbs = [{"label": _("Neighbourhoods"), "url": reverse("core:quartier_list")}]
    if quartier is not None:
        crumbs.append({"label": quartier.display_name, "url": quartier.get_absolute_url() if last else None})
    if last:
        crumbs.append({"label": last, "url": None})
    return crumbs


@login_required
def quartier_detail(request: HttpRequest, slug: str):
    quartier = quartier_get(user=request.user, slug=slug)
    scope = get_scope(request.user)
    context = {
        "title": quartier.display_name,
        "quartier": quartier,
        **_quartier_card(user=request.user, quartier=quartier),
        "can_edit": scope.can_edit_quartier(quartier.pk),
        "can_delete": _can_delete_quartier(scope, quartier),
        "organisations_url": f"{reverse('actors:organisation_list')}?quartier={quartier.slug}",
        "contacts_url": f"{reverse('actors:contact_list')}?quartier={quartier.slug}",
        "breadcrumbs": _quartier_crumbs(quartier),
    }
    return render(request, "core/quartier_detail.html", context)


def _quartier_data(form) -> dict:
    return {name: form.cleaned_data[name] for name in QUARTIER_FORM_FIELDS if name in form.cleaned_data}


@login_required
@require_http_methods(["GET", "POST"])
def quartier_create_view(request: HttpRequest):
    deny_unless(_can_create_quartier(get_scope(request.user)))
    form = QuartierForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: quartier_create(user=request.user, data=_quartier_data(form)),
            success_message=lambda q: _("Neighbourhood “{name}” was saved.").format(name=q.display_name),
            redirect_to=lambda q: q.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "core/quartier_form.html", {
        "form": form, "title": _("New neighbourhood"), "breadcrumbs": _quartier_crumbs(last=_("New neighbourhood")),
        "cancel_url": reverse("core:quartier_list"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def quartier_update_view(request: HttpRequest, slug: str):
    quartier = quartier_get(user=request.user, slug=slug)
    deny_unless(get_scope(request.user).can_edit_quartier(quartier.pk))
    form = QuartierForm(request.POST or None, user=request.user, instance=quartier)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: quartier_update(user=request.user, quartier=quartier, data=_quartier_data(form)),
            success_message=lambda q: _("Neighbourhood “{name}” was saved.").format(name=q.display_name),
            redirect_to=lambda q: q.get_absolute_url(),
        )
        if response:
            return response
    title = _("Edit {name}").format(name=quartier.display_name)
    return render(request, "core/quartier_form.html", {
        "form": form, "title": title, "object": quartier, "breadcrumbs": _quartier_crumbs(quartier, _("Edit")),
        "cancel_url": quartier.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def quartier_delete_view(request: HttpRequest, slug: str):
    quartier = quartier_get(user=request.user, slug=slug)
    deny_unless(_can_delete_quartier(get_scope(request.user), quartier))
    error = None
    if request.method == "POST":
        name = quartier.display_name
        response, error = run_action(
            request, lambda: quartier_delete(user=request.user, quartier=quartier),
            success_message=_("Neighbourhood “{name}” was deleted.").format(name=name),
            redirect_to=reverse("core:quartier_list"),
        )
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": quartier, "object_label": quartier.display_name, "error": error,
        "title": _("Delete {name}").format(name=quartier.display_name),
        "question": _("Do you really want to delete the neighbourhood “{name}”?").format(name=quartier.display_name),
        "cancel_url": quartier.get_absolute_url(), "breadcrumbs": _quartier_crumbs(quartier, _("Delete")),
    })


# --- audit log ---------------------------------------------------------------------------------------------------


class AuditListView(ScopedListView):
    selector = staticmethod(audit_list)
    filter_form_class = AuditFilterForm
    sort_fields = {"timestamp": "timestamp", "user": "username", "action": "action"}
    default_sort = "-timestamp"
    paginate_by = 50
    template_name = "core/audit_list.html"
    partial_template_name = "core/includes/audit_results.html"

    def check_access(self) -> None:
        deny_unless(get_scope(self.request.user).is_admin)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Audit log")
        return context


# --- API tokens --------------------------------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest):
    """Own tokens. A new key is shown exactly once, in the response to the POST (never stored in plain text)."""
    form = ApiTokenForm(request.POST or None)
    new_key = None
    new_token = None
    if request.method == "POST" and form.is_valid():
        expires_on = form.cleaned_data.get("expires_on")
        expires_at = (
            timezone.make_aware(dt.datetime.combine(expires_on, dt.time.max)) if expires_on else None
        )
        try:
            new_token, new_key = api_token_create(user=request.user, name=form.cleaned_data["name"],
                                                  expires_at=expires_at)
        except ApplicationError as exc:
            form.add_error("name", exc.message)
        else:
            form = ApiTokenForm()
    return render(request, "core/token_list.html", {
        "title": _("API access"), "form": form, "tokens": api_token_list(user=request.user),
        "new_key": new_key, "new_token": new_token, "now": timezone.now(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def token_delete(request: HttpRequest, pk: int):
    """Revoke an own token (POST). Other users' tokens do not exist here (404), whatever the method."""
    token = api_token_list(user=request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    name = token.name
    api_token_revoke(user=request.user, token=token)
    messages.success(request, _("The token “{name}” was revoked.").format(name=name))
    return redirect("core:token_list")


# --- operations --------------------------------------------------------------------------------------------------


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db = {"status": "ok", "vendor": connection.vendor}
        status = 200
    except Exception as exc:  # noqa: BLE001 - the health check reports any database failure
        db = {"status": "error", "vendor": connection.vendor, "error": exc.__class__.__name__}
        status = 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "version": quartiersnetz.__version__, "database": db},
        status=status,
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", {"title": _("Page not found")}, status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"title": _("Access denied")}, status=403)
