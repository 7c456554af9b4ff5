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
