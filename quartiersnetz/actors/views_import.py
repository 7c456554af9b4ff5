"""Pages of the organisation/contact import: upload, preview, confirm, status (polled with htmx), template.

A batch belongs to the user who uploaded it; for everybody else it does not exist (404). Users who may edit no
Quartier get a 404 on the upload page as well. `urlpatterns` is included by actors/urls.py.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.forms import KernForm
from quartiersnetz.core.generic import import_status_response, run_service
from quartiersnetz.core.imports import import_status_context
from quartiersnetz.core.models import ImportBatch, Quartier
from quartiersnetz.core.selectors import quartier_list_editable
from quartiersnetz.core.tabular import TableError, check_size, max_import_bytes, write_csv

from .import_services import import_batch_confirm, import_batch_create, import_batch_preview
from .imports import COLUMNS, KIND_CONTACTS, KIND_ORGANISATIONS, KINDS, import_batch_get

PREVIEW_PAGE_SIZE = 100
TITLES = {
    KIND_ORGANISATIONS: gettext_lazy("Import organisations"),
    KIND_CONTACTS: gettext_lazy("Import contact persons"),
}
# File names of the templates are a data format (German Excel users), not UI text.
TEMPLATE_FILENAMES = {
    KIND_ORGANISATIONS: "vorlage-organisationen.csv",
    KIND_CONTACTS: "vorlage-ansprechpersonen.csv",
}
ACCEPT = ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(KernForm):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        help_text=gettext_lazy(
            "CSV from Excel (separated by “;”, Windows-1252 or UTF-8) or an .xlsx workbook (first worksheet). "
            "The first row holds the column names."
        ),
    )
    quartier = forms.ModelChoiceField(
        queryset=Quartier.objects.none(),
        label=gettext_lazy("Neighbourhood"),
        help_text=gettext_lazy("Rows without their own neighbourhood are assigned to this one."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["quartier"]
        field.queryset = quartier_list_editable(user=user).order_by("city", "name")
        field.label_from_instance = lambda q: q.display_name
        if field.queryset.count() == 1:
            field.initial = field.queryset.first()
            field.empty_label = None
        self.fields["file"].widget.attrs["accept"] = ACCEPT

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except TableError as exc:
            raise ValidationError(exc.message) from exc
        return upload


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise Http404


def _crumbs(kind: str, last: str | None = None) -> list[dict]:
    name, label = (("actors:organisation_list", _("Organisations")) if kind == KIND_ORGANISATIONS
                   else ("actors:contact_list", _("Contact persons")))
    crumbs = [{"label": label, "url": reverse(name)}]
    crumbs.append({"label": TITLES[kind], "url": reverse("actors:import_start", args=[kind]) if last else None})
    if last:
        crumbs.append({"label": last, "url": None})
    return crumbs


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request, kind: str):
    _check_kind(kind)
    if not quartier_list_editable(user=request.user).exists():
        raise Http404
    bound = request.method == "POST"
    form = ImportUploadForm(request.POST if bound else None, request.FILES if bound else None, user=request.user)
    if bound and form.is_valid():
        upload = form.cleaned_data["file"]
        response = run_service(
            request, form,
            lambda: import_batch_create(
                user=request.user, kind=kind, quartier=form.cleaned_data["quartier"], filename=upload.name,
                content=upload.read(),
            ),
            success_message=_("The file has been read. Please check the preview."),
            redirect_to=lambda batch: reverse("actors:import_preview", kwargs={"pk": batch.pk}),
        )
        if response is not None:
            return response
    return render(request, "actors/import_start.html", {
        "form": form, "kind": kind, "title": TITLES[kind], "columns": COLUMNS[kind],
        "template_url": reverse("actors:import_template", kwargs={"kind": kind}),
        "max_bytes": max_import_bytes(), "breadcrumbs": _crumbs(kind),
    })


def _error_links(preview, limit: int = 50) -> list[dict]:
    """The first errors for the summary, each linking to its row in the "only errors" view."""
    links = []
    for index, row in enumerate(preview.error_rows):
        page = index // PREVIEW_PAGE_SIZE + 1
        for message in row.messages:
            if len(links) >= limit:
                return links
            links.append({
                "row": row.number, "column": message.column, "message": message.message,
                "url": f"?{urlencode({'nur': 'fehler', 'page': page})}#zeile-{row.number}",
            })
    return links


@login_required
def import_preview(request, pk: int):
    batch = import_batch_get(user=request.user, pk=pk)  # another user's batch is a 404 whatever the method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if batch.status != ImportBatch.Status.PREVIEW:
        return redirect("actors:import_status", pk=batch.pk)
    preview = import_batch_preview(user=request.user, batch=batch)
    only_errors = request.GET.get("nur") == "fehler"
    rows = preview.error_rows if only_errors else preview.rows
    page_obj = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "actors/import_preview.html", {
        "batch": batch, "preview": preview, "counts": preview.counts, "page_obj": page_obj,
        "only_errors": only_errors, "kind": batch.kind, "title": _("Preview of the import"),
        "first_errors": _error_links(preview), "error_total": preview.error_count - len(preview.file_errors),
        "breadcrumbs": _crumbs(batch.kind, _("Preview")),
        "start_url": reverse("actors:import_start", kwargs={"kind": batch.kind}),
    })


@login_required
def import_confirm(request, pk: int):
    batch = import_batch_get(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        import_batch_confirm(user=request.user, batch=batch)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        batch.refresh_from_db()
        target = "actors:import_preview" if batch.status == ImportBatch.Status.PREVIEW else "actors:import_status"
        return redirect(target, pk=batch.pk)
    messages.success(request, _("The import has been started."))
    return redirect("actors:import_status", pk=batch.pk)


def _list_url(batch: ImportBatch) -> str:
    url = reverse("actors:organisation_list" if batch.kind == KIND_ORGANISATIONS else "actors:contact_list")
    if batch.quartier is not None:
        url = f"{url}?{urlencode({'quartier': batch.quartier.slug})}"
    return url


def _problems(result: dict) -> list[dict]:
    """File errors and row errors of a failed run, for core/includes/import_status.html."""
    problems = [{"row": None, "column": "", "message": text} for text in result.get("file_errors", [])]
    for row in result.get("rows", []):
        for m in row.get("messages") or []:
            problems.append({"row": row.get("row"), "column": m.get("column", ""), "message": m.get("message", "")})
    return problems


@never_cache
@login_required
def import_status(request, pk: int):
    batch = import_batch_get(user=request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if batch.status == ImportBatch.Status.PREVIEW:
        return redirect("actors:import_preview", pk=batch.pk)
    context = {
        **import_status_context(batch), "kind": batch.kind, "problems": _problems(batch.result or {}),
        "list_url": _list_url(batch),
        "list_label": _("Go to the contact persons") if batch.kind == KIND_CONTACTS else _("Go to the organisations"),
        "start_url": reverse("actors:import_start", kwargs={"kind": batch.kind}),
        "status_url": reverse("actors:import_status", kwargs={"pk": batch.pk}),
        "title": _("Import status"), "breadcrumbs": _crumbs(batch.kind, _("Status")),
    }
    return import_status_response(request, page_template="actors/import_status.html",
                                  partial_template="actors/import_status_partial.html", context=context)


@login_required
@require_GET
def import_template(request, kind: str):
    """An empty CSV with the header row, ready for German Excel."""
    _check_kind(kind)
    content = write_csv([], [column.header for column in COLUMNS[kind]])
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILENAMES[kind]}"'
    return response


urlpatterns = [
    path("import/vorlage/<slug:kind>.csv", import_template, name="import_template"),
    path("import/<int:pk>/", import_preview, name="import_preview"),
    path("import/<int:pk>/bestaetigen/", import_confirm, name="import_confirm"),
    path("import/<int:pk>/status/", import_status, name="import_status"),
    path("import/<slug:kind>/", import_start, name="import_start"),
]
