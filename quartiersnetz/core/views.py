"""Core pages: login, start page per role, health check, error pages."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import quartiersnetz

from .access import get_scope
from .forms import LoginForm
from .selectors import quartier_list


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def home(request: HttpRequest):
    scope = get_scope(request.user)
    quartiere = list(quartier_list(user=request.user))
    return render(
        request,
        "core/home.html",
        {"scope": scope, "quartiere": quartiere, "title": _("Home")},
    )


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
