"""Declarative building blocks for views: a list view is a selector, a filter form, sort keys and a template.

Views stay thin (style.md rule 6): they validate a form, call one selector or service and render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .exceptions import ApplicationError


class ScopedListView(LoginRequiredMixin, TemplateView):
    """List with search, filters, sorting and pagination over a selector that applies the access scope.

    Subclasses set `selector` (callable(user=, filters=) -> QuerySet), `filter_form_class` (a plain Form whose
    cleaned data becomes `filters`), `sort_fields` ({"param": "orm_field"}), `default_sort` and `template_name`.
    """

    selector = None
    filter_form_class = None
    sort_fields: dict[str, str] = {}
    default_sort: str | None = None
    paginate_by = 25
    title = ""

    def get_filter_form(self):
        if self.filter_form_class is None:
            return None
        return self.filter_form_class(self.request.GET or None, user=self.request.user)

    def get_filters(self, form) -> dict:
        filters = {}
        if form is not None and form.is_bound and form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
        return filters

    def get_queryset(self, filters: dict):
        qs = type(self).selector(user=self.request.user, filters=filters)
        sort = self.request.GET.get("sort") or self.default_sort
        if sort:
            key = sort.lstrip("-")
            if key in self.sort_fields:
                field = self.sort_fields[key]
                qs = qs.order_by(f"-{field}" if sort.startswith("-") else field, "pk")
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.get_filter_form()
        filters = self.get_filters(form)
        qs = self.get_queryset(filters)
        paginator = Paginator(qs, self.paginate_by)
        page_obj = paginator.get_page(self.request.GET.get("page"))
        context.update(
            filter_form=form, filters=filters, page_obj=page_obj, object_list=page_obj.object_list,
            title=self.title, sort=self.request.GET.get("sort") or self.default_sort or "",
        )
        return context


def run_service(request, form, call, *, success_message: str, redirect_to):
    """Call a service for a valid form. ApplicationError becomes form errors; nothing half-written remains
    because services are atomic. Returns a redirect response or None (re-render the form)."""
    try:
        result = call()
    except ApplicationError as exc:
        fields = set(form.fields)
        placed = False
        for field, errors in (exc.extra or {}).items():
            if field in fields and isinstance(errors, list | tuple):
                for err in errors:
                    form.add_error(field, str(err) if str(err) not in ("duplicate", "required") else exc.message)
                placed = True
        if not placed:
            form.add_error(None, exc.message)
        return None
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    except Http404:
        raise
    messages.success(request, success_message)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def deny_unless(condition: bool) -> None:
    """Objects the user may see but not change: answer 404 like everything else outside the scope."""
    if not condition:
        raise Http404(_("Not found."))
