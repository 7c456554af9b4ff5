"""Pages of the HSDS import and export: overview, upload, preview, confirm, status (polled with htmx), downloads.

A batch belongs to the user who uploaded it; for everybody else it does not exist (404). Users who may edit no
Quartier get a 404 on the upload page. Exports are for users who see the Quartier's offers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.generic import import_status_response
from quartiersnetz.core.imports import import_status_context
from quartiersnetz.core.models import ImportBatch
from quartiersnetz.core.selectors import quartier_list_editable
from quartiersnetz.core.tabular import max_import_bytes

from .forms import HsdsUploadForm, QuartierChoiceField
from .hsds.exporter import export_json, export_zip
from .import_services import import_batch_confirm, import_batch_create, import_batch_get, import_batch_preview
from .selectors import analysis_quartier_get, analysis_quartier_list
from .views import deny_aggregates_only


def _crumbs(last=None) -> list[dict]:
    items = [{"label": _("HSDS import and export"), "url": reverse("offers:hsds_index") if last else None}]
    if last:
        items.append({"label": last, "url": None})
    return items


@login_required
def hsds_index(request):
    user = request.user
    deny_aggregates_only(user)
    return render(request, "offers/hsds_index.html", {
        "title": _("HSDS import and export"), "quartiere": list(analysis_quartier_list(user=user)),
        "can_import": quartier_list_editable(user=user).exists(), "breadcrumbs": _crumbs(),
    })


class HsdsStartForm(HsdsUploadForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable = quartier_list_editable(user=user).order_by("city", "name")
        self.fields["quartier"] = QuartierChoiceField(queryset=editable, label=_("Neighbourhood"),
                                                      empty_label=_("– please choose –"))
        if editable.count() == 1:
            self.fields["quartier"].initial = editable.first()
            self.fields["quartier"].empty_label = None
        self.order_fields(["quartier", "file"])
        self.setup_widgets()


@login_required
@require_http_methods(["GET", "POST"])
def hsds_import_start(request):
    user = request.user
    if not quartier_list_editable(user=user).exists():
        raise Http404
    bound = request.method == "POST"
    form = HsdsStartForm(request.POST if bound else None, request.FILES if bound else None, user=user,
                         initial={"quartier": request.GET.get("quartier")} if not bound else None)
    if bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = import_batch_create(user=user, quartier=form.cleaned_data["quartier"], filename=upload.name,
                                        content=upload.read())
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("The package has been read. Please check the preview."))
            return redirect("offers:hsds_import_preview", pk=batch.pk)
    title = _("Import HSDS package")
    return render(request, "offers/hsds_import_start.html", {
        "form": form, "title": title, "max_bytes": max_import_bytes(), "breadcrumbs": _crumbs(title),
    })


@login_required
def hsds_import_preview(request, pk: int):
    batch = import_batch_get(user=request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if batch.status != ImportBatch.Status.PREVIEW:
        return redirect("offers:hsds_import_status", pk=batch.pk)
    preview = import_batch_preview(user=request.user, batch=batch)
    return render(request, "offers/hsds_import_preview.html", {
        "batch": batch, "preview": preview, "counts": preview.plan.counts(), "tables": preview.package.counts(),
        "problems": preview.package.problems, "offers": preview.plan.offers,
        "title": _("Preview of the HSDS import"), "breadcrumbs": _crumbs(_("Preview")),
    })


@login_required
def hsds_import_confirm(request, pk: int):
    batch = import_batch_get(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        import_batch_confirm(user=request.user, batch=batch)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        batch.refresh_from_db()
        target = "offers:hsds_import_preview" if batch.status == ImportBatch.Status.PREVIEW else \
            "offers:hsds_import_status"
        return redirect(target, pk=batch.pk)
    messages.success(request, _("The import has been started."))
    return redirect("offers:hsds_import_status", pk=batch.pk)


def _problems(result: dict) -> list[dict]:
    """The HSDS problems (file, row, field) of a failed run as {row, column, message} for
    core/includes/import_status.html: a CSV line stays the row; the file, a JSON path (HSDS 3.0 has no lines)
    and the field make the column, e.g. "services.csv, field status"."""
    problems = []
    for problem in result.get("problems", []):
        row = problem.get("row")
        line = row if isinstance(row, int) else None
        parts = [problem.get("file") or "", str(row) if row is not None and line is None else ""]
        if problem.get("field"):
            parts.append(_("field {field}").format(field=problem["field"]))
        problems.append({"row": line, "column": ", ".join(part for part in parts if part),
                         "message": problem.get("message", "")})
    return problems


@never_cache
@login_required
def hsds_import_status(request, pk: int):
    batch = import_batch_get(user=request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if batch.status == ImportBatch.Status.PREVIEW:
        return redirect("offers:hsds_import_preview", pk=batch.pk)
    context = {
        **import_status_context(batch), "problems": _problems(batch.result or {}),
        "list_url": reverse("offers:offer_list") + f"?quartier={batch.quartier.slug}",
        "list_label": _("Go to the offers"), "start_url": reverse("offers:hsds_import_start"),
        "status_url": reverse("offers:hsds_import_status", kwargs={"pk": batch.pk}),
        "title": _("Status of the HSDS import"), "breadcrumbs": _crumbs(_("Status")),
    }
    return import_status_response(request, page_template="offers/hsds_import_status.html",
                                  partial_template="offers/hsds_import_status_partial.html", context=context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _export_quartier(request, slug: str):
    """The Quartier to export (404 outside the scope, whatever the method), then the method check."""
    deny_aggregates_only(request.user)
    quartier = analysis_quartier_get(user=request.user, slug=slug)
    if request.method not in ("GET", "HEAD"):
        return quartier, HttpResponseNotAllowed(["GET"])
    return quartier, None


@login_required
def hsds_export_zip(request, slug: str):
    quartier, refused = _export_quartier(request, slug)
    if refused:
        return refused
    return _download(export_zip(quartier, user=request.user), "application/zip",
                     f"hsds-{quartier.slug}-{timezone.localdate():%Y-%m-%d}.zip")


@login_required
def hsds_export_json(request, slug: str):
    quartier, refused = _export_quartier(request, slug)
    if refused:
        return refused
    return _download(export_json(quartier, user=request.user), "application/json",
                     f"hsds-{quartier.slug}-{timezone.localdate():%Y-%m-%d}.json")
