"""Declarative building blocks for views: a list view is a selector, a filter form, sort keys and a template.

Views stay thin (style.md rule 6): they validate a form, call one selector or service and render or redirect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .exceptions import ApplicationError

EXPORT_FORMATS = ("csv", "xlsx")
RESULTS_TARGET = "qn-results"
FILTER_FORM_ID = "qn-filter"


class ScopedListView(LoginRequiredMixin, TemplateView):
    """List with search, filters, sorting and pagination over a selector that applies the access scope.

    Subclasses set `selector` (callable(user=, filters=) -> QuerySet), `filter_form_class` (a plain Form whose
    cleaned data becomes `filters`), `sort_fields` ({"param": "orm_field"}), `default_sort` and `template_name`.
    `partial_template_name` (optional) renders only the results when htmx asks for them (HX-Target header).
    """

    selector = None
    filter_form_class = None
    sort_fields: dict[str, str] = {}
    default_sort: str | None = None
    paginate_by = 25
    title = ""
    partial_template_name: str | None = None
    export_url_name: str | None = None

    def check_access(self) -> None:
        """Hook: raise Http404 when the user may not open this list at all."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_access()
        return super().dispatch(request, *args, **kwargs)

    def get_filter_form(self):
        if self.filter_form_class is None:
            return None
        return self.filter_form_class(self.request.GET or None, user=self.request.user)

    def get_filters(self, form) -> dict:
        filters = {}
        if form is not None and form.is_bound and form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
        return filters

    def get_sort(self) -> str:
        sort = self.request.GET.get("sort") or ""
        if sort.lstrip("-") in self.sort_fields:
            return sort
        return self.default_sort or ""

    def get_queryset(self, filters: dict):
        qs = type(self).selector(user=self.request.user, filters=filters)
        sort = self.get_sort()
        if sort:
            field = F(self.sort_fields[sort.lstrip("-")])
            # Missing values (e.g. no unemployment rate) go last in both directions.
            order = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
            qs = qs.order_by(order, "pk")
        return qs

    def get_sorting(self) -> dict[str, dict[str, str]]:
        """For each sort key: the query string that sorts by it and its aria-sort state."""
        current = self.get_sort()
        sorting = {}
        for key in self.sort_fields:
            query = self.request.GET.copy()
            query.pop("page", None)
            if current == key:
                state, query["sort"] = "ascending", f"-{key}"
            elif current == f"-{key}":
                state, query["sort"] = "descending", key
            else:
                state, query["sort"] = "none", key
            sorting[key] = {"query": query.urlencode(), "state": state}
        return sorting

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.get_filter_form()
        filters = self.get_filters(form)
        qs = self.get_queryset(filters)
        paginator = Paginator(qs, self.paginate_by)
        page_obj = paginator.get_page(self.request.GET.get("page"))
        page_obj.object_list = list(page_obj.object_list)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=form, filters=filters, page_obj=page_obj, object_list=page_obj.object_list,
            title=self.title, sort=self.get_sort(), sorting=self.get_sorting(),
            is_filtered=bool(filters), export_query=query.urlencode(),
            results_target=RESULTS_TARGET, filter_form_id=FILTER_FORM_ID,
            export_url=reverse(self.export_url_name) if self.export_url_name else None,
        )
        return context

    def wants_results_only(self) -> bool:
        """htmx asks for the results block only (filter change, sorting, paging); history restores get the page."""
        headers = self.request.headers
        return bool(
            self.partial_template_name
            and headers.get("HX-Target") == RESULTS_TARGET
            and not headers.get("HX-History-Restore-Request")
        )

    def get_template_names(self):
        if self.wants_results_only():
            return [self.partial_template_name]
        return super().get_template_names()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # The same URL answers with the page or only its results: caches must keep them apart.
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response


class ScopedExportView(ScopedListView):
    """The same filters and sorting as the list, written as CSV or XLSX (`?format=csv|xlsx`).

    Subclasses set `export_basename` (file name stem, e.g. "organisationen"), `export_sheet_title` and implement
    `export_headers()` and `export_rows(queryset)`.
    """

    export_basename = "export"
    export_sheet_title = ""

    def export_headers(self) -> Sequence[str]:
        raise NotImplementedError

    def export_rows(self, queryset) -> Iterable[Sequence]:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "csv")
        if fmt not in EXPORT_FORMATS:
            raise Http404(_("Unknown export format."))
        form = self.get_filter_form()
        qs = self.get_queryset(self.get_filters(form))
        rows = list(self.export_rows(qs))
        return export_response(
            rows, list(self.export_headers()), basename=self.export_basename, fmt=fmt,
            sheet_title=str(self.export_sheet_title or self.export_basename),
        )


def export_response(rows, headers, *, basename: str, fmt: str, sheet_title: str) -> HttpResponse:
    """A download response. Cells are made formula-safe by core.tabular."""
    from . import tabular

    filename = f"{basename}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "xlsx":
        content = tabular.write_xlsx(rows, headers, sheet_title)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = tabular.write_csv(rows, headers)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _place_errors(form, errors: dict, fallback: str) -> None:
    """Put {field: [messages]} on the form's fields; everything else becomes a non-field error."""
    fields = set(form.fields)
    placed = False
    for field, field_errors in errors.items():
        if not isinstance(field_errors, list | tuple):
            field_errors = [field_errors]
        for err in field_errors:
            text = str(err)
            if text in ("duplicate", "required"):
                text = fallback
            if field in fields:
                form.add_error(field, text)
            else:
                form.add_error(None, text)
            placed = True
    if not placed:
        form.add_error(None, fallback)


def run_service(request, form, call: Callable, *, success_message, redirect_to):
    """Call a service for a valid form. ApplicationError becomes form errors; nothing half-written remains
    because services are atomic. Returns a redirect response or None (re-render the form).

    `success_message` may be a string or a callable taking the service's result."""
    try:
        result = call()
    except ApplicationError as exc:
        _place_errors(form, exc.extra or {}, exc.message)
        return None
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            _place_errors(form, exc.message_dict, _("The input is not valid."))
        else:
            for message in exc.messages:
                form.add_error(None, message)
        return None
    message = success_message(result) if callable(success_message) else success_message
    messages.success(request, message)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def run_action(request, call: Callable, *, success_message, redirect_to):
    """Like run_service for actions without a form (delete, revoke). Returns (response, error_message)."""
    try:
        result = call()
    except ApplicationError as exc:
        return None, exc.message
    message = success_message(result) if callable(success_message) else success_message
    messages.success(request, message)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to), None


def deny_unless(condition: bool) -> None:
    """Objects the user may see but not change: answer 404 like everything else outside the scope."""
    if not condition:
        raise Http404(_("Not found."))


def import_status_response(request, *, page_template: str, partial_template: str, context: dict) -> HttpResponse:
    """Status page of an import (see core.imports): the whole page, or only the partial when htmx polls it."""
    if request.headers.get("HX-Request") == "true":
        return render(request, partial_template, {**context, "htmx": True})
    return render(request, page_template, context)
