"""The REST API under /api/v1/ (django-ninja). Each app contributes a router from its api.py.

Authentication: an API token (`Authorization: Bearer qn_…`, see `quartiersnetz create-api-token`) or the browser
session (with CSRF protection for unsafe methods). Every error is an RFC 9457 `application/problem+json` body.
The schema is served at /api/v1/openapi.json and the interactive documentation at /api/v1/docs.
"""

from __future__ import annotations

import datetime as dt
import logging
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from quartiersnetz.acquisition.api import router as acquisition_router
from quartiersnetz.actors.api import router as actors_router
from quartiersnetz.casework.api import router as casework_router
from quartiersnetz.core.api import LATE_BODY_SCHEMAS, ReferenceNotFound
from quartiersnetz.core.api import router as core_router
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import ApiToken
from quartiersnetz.meetings.api import router as meetings_router
from quartiersnetz.network.api import router as network_router
from quartiersnetz.offers.api import router as offers_router
from quartiersnetz.steering.api import router as steering_router
from quartiersnetz.surveys.api import router as surveys_router

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://quartiersnetz.example/probleme/"
TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=1)

# Short German titles per status (msgids in English, translated in the catalogue).
TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Not authenticated"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    409: gettext_lazy("Conflict"),
    422: gettext_lazy("Invalid input"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Internal error"),
}
DETAILS = {
    400: gettext_lazy("The request could not be processed."),
    401: gettext_lazy("Please authenticate with an API token (Authorization: Bearer …) or log in."),
    403: gettext_lazy("You are not allowed to do this."),
    404: gettext_lazy("The requested resource was not found."),
    405: gettext_lazy("This method is not allowed here."),
    409: gettext_lazy("The request conflicts with the current state of the data."),
    422: gettext_lazy("The request contains invalid values."),
    429: gettext_lazy("Too many requests. Please try again later."),
    500: gettext_lazy("An unexpected error occurred. It has been logged."),
}
TYPES = {
    401: PROBLEM_BASE + "authentifizierung",
    403: PROBLEM_BASE + "berechtigung",
    409: PROBLEM_BASE + "konflikt",
    422: PROBLEM_BASE + "validierung",
}


# --- Authentication -----------------------------------------------------------------------------------------------


def _token_user(key: str):
    """The active user of a valid, unexpired token; None otherwise. Touches last_used_at at most once a minute."""
    if not key.startswith("qn_") or len(key) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer qn_…`; tokens are looked up by their SHA-256 hash."""

    def authenticate(self, request: HttpRequest, token: str):
        user = _token_user(token.strip())
        if user is not None:
            request.user = user
        return user


class CsrfFailed(HttpError):
    def __init__(self):
        super().__init__(403, "CSRF check failed")


class SessionAuth(APIKeyCookie):
    """The browser session of a logged-in user. Unsafe methods need the CSRF token (header X-CSRFToken).

    A request that carries an Authorization header is judged by its token alone, so a wrong token is a 401 even
    in a browser with a session.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest):
        if request.headers.get("Authorization"):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfFailed()
        return user

    def _get_key(self, request: HttpRequest):  # pragma: no cover - __call__ does not use it
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):  # pragma: no cover - __call__ does not use it
        return None


# --- Problem details (RFC 9457) -----------------------------------------------------------------------------------


def problem(
    request: HttpRequest,
    status: int,
    *,
    detail: str | None = None,
    title: str | None = None,
    type_: str | None = None,
    errors: list[dict] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": type_ or TYPES.get(status, "about:blank"),
        "title": str(title or TITLES.get(status) or HTTPStatus(status).phrase),
        "status": status,
        "detail": str(detail or DETAILS.get(status) or HTTPStatus(status).phrase),
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    content = JSONRenderer().render(request, body, response_status=status)
    response = HttpResponse(content, status=status, content_type=PROBLEM_CONTENT_TYPE)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


# pydantic error type → German message (msgid in English, placeholders from the error context).
VALIDATION_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "string_type": gettext_lazy("Please enter a text."),
    "string_too_short": gettext_lazy("Please enter at least {min_length} characters."),
    "string_too_long": gettext_lazy("Please enter at most {max_length} characters."),
    "string_pattern_mismatch": gettext_lazy("The value has an invalid format."),
    "int_type": gettext_lazy("Please enter a whole number."),
    "int_parsing": gettext_lazy("Please enter a whole number."),
    "int_parsing_size": gettext_lazy("Please enter a whole number."),
    "int_from_float": gettext_lazy("Please enter a whole number."),
    "float_type": gettext_lazy("Please enter a number."),
    "float_parsing": gettext_lazy("Please enter a number."),
    "decimal_type": gettext_lazy("Please enter a number."),
    "decimal_parsing": gettext_lazy("Please enter a number."),
    "finite_number": gettext_lazy("Please enter a finite number."),
    "greater_than_equal": gettext_lazy("The value must be at least {ge}."),
    "greater_than": gettext_lazy("The value must be greater than {gt}."),
    "less_than_equal": gettext_lazy("The value must be at most {le}."),
    "less_than": gettext_lazy("The value must be less than {lt}."),
    "decimal_max_digits": gettext_lazy("Please enter at most {max_digits} digits in total."),
    "decimal_max_places": gettext_lazy("Please enter at most {decimal_places} decimal places."),
    "decimal_whole_digits": gettext_lazy("Please enter at most {whole_digits} digits before the decimal point."),
    "bool_type": gettext_lazy("Please enter true or false."),
    "bool_parsing": gettext_lazy("Please enter true or false."),
    "date_type": gettext_lazy("Please enter a date (YYYY-MM-DD)."),
    "date_parsing": gettext_lazy("Please enter a date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": gettext_lazy("Please enter a date (YYYY-MM-DD)."),
    "date_from_datetime_inexact": gettext_lazy("Please enter a date (YYYY-MM-DD)."),
    "datetime_type": gettext_lazy("Please enter a date and time (ISO 8601)."),
    "datetime_parsing": gettext_lazy("Please enter a date and time (ISO 8601)."),
    "datetime_from_date_parsing": gettext_lazy("Please enter a date and time (ISO 8601)."),
    "literal_error": gettext_lazy("Please choose one of: {expected}."),
    "enum": gettext_lazy("Please choose one of: {expected}."),
    "list_type": gettext_lazy("Please enter a list."),
    "too_short": gettext_lazy("Please enter at least {min_length} entries."),
    "too_long": gettext_lazy("Please enter at most {max_length} entries."),
    "dict_type": gettext_lazy("Please send a JSON object."),
    "model_type": gettext_lazy("Please send a JSON object."),
    "model_attributes_type": gettext_lazy("Please send a JSON object."),
    "extra_forbidden": gettext_lazy("This field is not allowed."),
    "json_invalid": gettext_lazy("The request body is not valid JSON."),
}


def _validation_message(error: dict) -> str:
    ctx = error.get("ctx") or {}
    if error.get("type") in ("value_error", "assertion_error") and ctx.get("error"):
        return str(ctx["error"]).removeprefix("Assertion failed, ")
    template = VALIDATION_MESSAGES.get(error.get("type", ""))
    if template is None:
        return _("Invalid value.")
    try:
        return str(template).format(**{k: str(v) for k, v in ctx.items()})
    except (KeyError, IndexError, ValueError):
        return _("Invalid value.")


def _field_name(loc: tuple | list) -> str:
    """("body", "payload", "name") → "name"; ("query", "limit") → "limit"; ("body", "payload") → ""."""
    loc = [str(part) for part in loc]
    if not loc:
        return ""
    if loc[0] == "body":
        return ".".join(loc[2:])
    return ".".join(loc[1:])


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        loc = list(error.get("loc") or [])
        errors.append(
            {
                "field": _field_name(loc),
                "location": str(loc[0]) if loc else "",
                "message": _validation_message(error),
                "type": str(error.get("type", "")),
            }
        )
    return problem(request, 422, errors=errors)


def _errors_from_extra(extra: dict, fallback: str) -> list[dict]:
    errors = []
    for field, messages in (extra or {}).items():
        if not isinstance(messages, list | tuple):
            messages = [messages]
        for message in messages:
            text = str(message)
            # Services mark some fields with a code instead of a sentence ("duplicate", "required").
            errors.append({
                "field": "" if field == "__all__" else str(field),
                "message": fallback if text in ("duplicate", "required") else text,
            })
    return errors


def on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    status = exc.status if 400 <= exc.status < 600 else 400
    errors = _errors_from_extra(exc.extra, exc.message) if exc.extra else None
    if status == 400 and errors:
        # A plain "no" with errors per field is invalid input (e.g. model validation in the service): answer it
        # like schema validation, so that clients see one kind of validation problem.
        status = 422
    return problem(request, status, detail=exc.message, errors=errors)


def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = _errors_from_extra(exc.message_dict, str(DETAILS[422]))
    else:
        errors = [{"field": "", "message": str(message)} for message in exc.messages]
    return problem(request, 422, errors=errors)


def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    logger.warning("API integrity error on %s: %s", request.path, exc)
    return problem(request, 409, detail=_("The change violates a rule of the database and was not saved."))


def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    if isinstance(exc, ReferenceNotFound):
        message = _("The referenced object {field}={value} was not found.").format(field=exc.field, value=exc.value)
        return problem(request, 404, detail=message, errors=[{"field": exc.field, "message": message}])
    return problem(request, 404)


def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(request, 403)


def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(request, 401, headers={"WWW-Authenticate": 'Bearer realm="quartiersnetz"'})


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    headers = {}
    if isinstance(exc, CsrfFailed):
        return problem(request, 403, detail=_("CSRF check failed. Send the CSRF token in the X-CSRFToken header."))
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="quartiersnetz"'
    if status == 400:
        return problem(request, 400, detail=_("The request body could not be read. Please send valid JSON."))
    return problem(request, status, headers=headers)


def on_unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unexpected API error on %s %s", request.method, request.path, exc_info=exc)
    return problem(request, 500)


# --- The API ------------------------------------------------------------------------------------------------------

PROBLEM_SCHEMA = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string", "description": "URI of the problem type or about:blank."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "location": {"type": "string"},
                    "message": {"type": "string"},
                    "type": {"type": "string"},
                },
                "required": ["field", "message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
}
PROBLEM_RESPONSES = {
    "400": "Bad request (unreadable body, business rule)",
    "401": "Not authenticated",
    "403": "Forbidden (CSRF, business rule)",
    "404": "Not found or outside the user's scope",
    "409": "Conflict (duplicate, still in use)",
    "422": "Validation error",
}


class QuartiersnetzAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = PROBLEM_SCHEMA
        for name, model in LATE_BODY_SCHEMAS.items():
            json_schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(json_schema.pop("$defs", {}))
            components[name] = json_schema
        problem_ref = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for path_item in schema.get("paths", {}).values():
            for method, operation in path_item.items():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                for status, description in PROBLEM_RESPONSES.items():
                    if method == "get" and status in ("409",):
                        continue
                    operation["responses"].setdefault(status, {"description": description, "content": problem_ref})
        return schema


api = QuartiersnetzAPI(
    title="Quartiersnetz API",
    version="1.0.0",
    description=gettext_lazy(
        "REST API of Quartiersnetz. Authenticate with a token (header `Authorization: Bearer qn_…`, created with "
        "`quartiersnetz create-api-token USERNAME NAME` or `POST /api/v1/tokens`) or with the browser session "
        "(with the CSRF token for writing requests). Lists are paged with `limit` and `offset`. Errors are RFC 9457 "
        "`application/problem+json`. Objects outside your own Quartiere do not exist for the API (404)."
    ),
    urls_namespace="api-1.0.0",
    auth=[TokenAuth(), SessionAuth()],
)

api.add_exception_handler(ValidationError, on_validation_error)
api.add_exception_handler(ApplicationError, on_application_error)
api.add_exception_handler(DjangoValidationError, on_django_validation_error)
api.add_exception_handler(IntegrityError, on_integrity_error)
api.add_exception_handler(Http404, on_not_found)
api.add_exception_handler(PermissionDenied, on_permission_denied)
api.add_exception_handler(AuthenticationError, on_authentication_error)
api.add_exception_handler(HttpError, on_http_error)
api.add_exception_handler(Exception, on_unexpected_error)

api.add_router("/", core_router)
api.add_router("/", actors_router)
api.add_router("/", meetings_router)
api.add_router("/", network_router)
api.add_router("/", offers_router)
api.add_router("/", casework_router)
api.add_router("/", surveys_router)
api.add_router("/", acquisition_router)
api.add_router("/", steering_router)
