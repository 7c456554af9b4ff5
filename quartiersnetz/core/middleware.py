"""Carries the request's client address into the audit log without passing the request around."""

from __future__ import annotations

import contextvars

current_remote_addr: contextvars.ContextVar[str | None] = contextvars.ContextVar("qn_remote_addr", default=None)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_remote_addr.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            current_remote_addr.reset(token)


class RejectNulMiddleware:
    """Refuse requests whose query string or form fields contain NUL characters.

    PostgreSQL cannot store or compare text with NUL bytes (psycopg raises DataError), so such input would end as a
    server error deep in a search filter. No legitimate input contains NUL: answer 400 at the door, as
    problem+json for the API and as a plain German message for pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (
            request.method == "POST"
            and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
            and _has_nul(request.POST)
        ):
            from django.http import HttpResponseBadRequest, JsonResponse
            from django.utils.translation import gettext as _

            detail = _("The request contains a NUL character, which is not allowed.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"type": "about:blank", "title": _("Invalid input"), "status": 400, "detail": detail,
                     "instance": request.path},
                    status=400, content_type="application/problem+json",
                )
            return HttpResponseBadRequest(detail, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _has_nul(querydict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in querydict.lists())
