"""Pages of the surveys app: instruments and the builder, waves (sample, response monitor, reminders, import),
the analysis with charts and accessible tables, the exports and the codebook. Thin: selectors read (404 outside
the scope), services write. The public token pages are in `views_public.py`."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.generic import deny_unless, export_response, import_status_response, run_action, run_service
from quartiersnetz.core.imports import import_status_context
from quartiersnetz.core.models import ImportBatch

from . import analysis as survey_analysis
from . import exports
from .choices import GroupBy, InvitationStatus, ItemType, WaveStatus
from .forms import AnalysisForm, BlockForm, ImportForm, InstrumentForm, ItemForm, WaveForm
from .import_services import response_import_confirm, response_import_create
from .imports import read_upload, response_import_batch_get
from .selectors import (
    comparable_waves,
    instrument_can_edit,
    instrument_get,
    instrument_list,
    instrument_structure,
    invitation_list,
    item_get,
    response_rates,
    version_list,
    wave_can_manage,
    wave_can_see_people,
    wave_get,
    wave_list,
    wave_spec,
)
from .services import (
    block_create,
    instrument_create,
    item_create,
    item_delete,
    item_update,
    wave_create,
    wave_send_invitations,
    wave_send_reminders,
    wave_set_status,
)


def _check_staff(request: HttpRequest) -> None:
    """The surveys area needs a role in a Quartier (partners and users without role: 404)."""
    scope = get_scope(request.user)
    if not (scope.is_admin or scope.quartier_ids):
        raise Http404


def _crumbs(*parts) -> list[dict]:
    crumbs = [{"label": _("Surveys"), "url": reverse("surveys:index")}]
    for label, url in parts:
        crumbs.append({"label": label, "url": url})
    if crumbs:
        crumbs[-1]["url"] = None
    return crumbs


def token_link(request: HttpRequest, invitation) -> str:
    return request.build_absolute_uri(reverse("surveys_public:respond", kwargs={"token": invitation.token}))


# --- overview and instruments -------------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest):
    _check_staff(request)
    user = request.user
    scope = get_scope(user)
    return render(request, "surveys/index.html", {
        "title": _("Surveys"), "breadcrumbs": _crumbs(),
        "instruments": instrument_list(user=user), "waves": wave_list(user=user),
        "can_create_wave": scope.is_admin or bool(scope.edit_quartier_ids),
    })


@login_required
@require_http_methods(["GET", "POST"])
def instrument_add(request: HttpRequest):
    _check_staff(request)
    form = InstrumentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: instrument_create(user=request.user, data=form.cleaned_data),
            success_message=_("The instrument was created."), redirect_to=lambda obj: obj.get_absolute_url())
        if response:
            return response
    return render(request, "surveys/form.html", {
        "title": _("New instrument"), "form": form, "breadcrumbs": _crumbs((_("New instrument"), None)),
        "cancel_url": reverse("surveys:index")})


@login_required
def instrument_detail(request: HttpRequest, pk: int):
    _check_staff(request)
    instrument = instrument_get(user=request.user, pk=pk)
    can_edit = instrument_can_edit(user=request.user, instrument=instrument)
    return render(request, "surveys/instrument_detail.html", {
        "title": instrument.title, "instrument": instrument, "can_edit": can_edit,
        "blocks": instrument_structure(user=request.user, instrument=instrument),
        "versions": version_list(user=request.user, instrument=instrument),
        "waves": wave_list(user=request.user, filters={"instrument": instrument.pk}),
        "block_form": BlockForm(prefix="block") if can_edit else None,
        "breadcrumbs": _crumbs((instrument.title, None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def block_add(request: HttpRequest, pk: int):
    _check_staff(request)
    instrument = instrument_get(user=request.user, pk=pk)
    deny_unless(instrument_can_edit(user=request.user, instrument=instrument))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = BlockForm(request.POST, prefix="block")
    if form.is_valid():
        response = run_service(
            request, form, lambda: block_create(user=request.user, instrument=instrument, data=form.cleaned_data),
            success_message=_("The block was added."), redirect_to=instrument.get_absolute_url())
        if response:
            return response
    return render(request, "surveys/form.html", {
        "title": _("New block"), "form": form, "cancel_url": instrument.get_absolute_url(),
        "breadcrumbs": _crumbs((instrument.title, instrument.get_absolute_url()), (_("New block"), None))})


def _item_data(form: ItemForm) -> dict:
    return dict(form.cleaned_data.items())


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int, block: int):
    _check_staff(request)
    instrument = instrument_get(user=request.user, pk=pk)
    deny_unless(instrument_can_edit(user=request.user, instrument=instrument))
    block_obj = instrument.blocks.filter(pk=block).first()
    if block_obj is None:
        raise Http404
    form = ItemForm(request.POST or None, initial={"item_type": ItemType.LIKERT, "scale_min": 1, "scale_max": 5})
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: item_create(user=request.user, block=block_obj, data=_item_data(form)),
            success_message=_("The question was added."), redirect_to=instrument.get_absolute_url())
        if response:
            return response
    return render(request, "surveys/form.html", {
        "title": _("New question in block {code}").format(code=block_obj.code), "form": form,
        "cancel_url": instrument.get_absolute_url(),
        "breadcrumbs": _crumbs((instrument.title, instrument.get_absolute_url()), (_("New question"), None))})


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int):
    _check_staff(request)
    item = item_get(user=request.user, pk=pk)
    instrument = item.block.instrument
    deny_unless(instrument_can_edit(user=request.user, instrument=instrument))
    form = ItemForm(request.POST or None, initial=ItemForm.initial_from(item))
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: item_update(user=request.user, item=item, data=_item_data(form)),
            success_message=_("The question was saved. Waves already fielded keep their version."),
            redirect_to=instrument.get_absolute_url())
        if response:
            return response
    return render(request, "surveys/form.html", {
        "title": _("Edit question {code}").format(code=item.code), "form": form,
        "cancel_url": instrument.get_absolute_url(),
        "breadcrumbs": _crumbs((instrument.title, instrument.get_absolute_url()), (item.code, None))})


@login_required
@require_http_methods(["GET", "POST"])
def item_remove(request: HttpRequest, pk: int):
    _check_staff(request)
    item = item_get(user=request.user, pk=pk)
    instrument = item.block.instrument
    deny_unless(instrument_can_edit(user=request.user, instrument=instrument))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    response, error = run_action(request, lambda: item_delete(user=request.user, item=item),
                                 success_message=_("The question was deleted."),
                                 redirect_to=instrument.get_absolute_url())
    if error:
        messages.error(request, error)
        return redirect(instrument.get_absolute_url())
    return response


# --- waves --------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def wave_add(request: HttpRequest):
    _check_staff(request)
    scope = get_scope(request.user)
    deny_unless(scope.is_admin or (bool(scope.edit_quartier_ids) and not scope.aggregates_only))
    initial = {}
    if (instrument_id := request.GET.get("instrument")) and instrument_id.isdigit():
        initial["instrument"] = instrument_get(user=request.user, pk=int(instrument_id))
    form = WaveForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = run_service(
            request, form, lambda: wave_create(user=request.user, data=form.cleaned_data),
            success_message=lambda w: _("The wave was created with {count} invitations.").format(
                count=w.invitations.count()),
            redirect_to=lambda w: w.get_absolute_url())
        if response:
            return response
    return render(request, "surveys/form.html", {
        "title": _("New wave"), "form": form, "cancel_url": reverse("surveys:index"),
        "breadcrumbs": _crumbs((_("New wave"), None))})


@login_required
def wave_detail(request: HttpRequest, pk: int):
    """The response monitor: rates per group, invitations (for users who may see people), actions."""
    _check_staff(request)
    user = request.user
    wave = wave_get(user=user, pk=pk)
    group_by = request.GET.get("gruppe") if request.GET.get("gruppe") in ("actor_type", "quartier") else "actor_type"
    see_people = wave_can_see_people(user=user, wave=wave)
    invitations = list(invitation_list(user=user, wave=wave)) if see_people else []
    can_manage = wave_can_manage(user=user, wave=wave)
    return render(request, "surveys/wave_detail.html", {
        "title": wave.title, "wave": wave, "spec": wave_spec(wave), "rates": response_rates(
            user=user, wave=wave, group_by=group_by), "group_by": group_by,
        "invitations": invitations, "see_people": see_people, "can_manage": can_manage,
        "links": can_manage,
        "invitation_rows": [(i, token_link(request, i) if can_manage else None) for i in invitations],
        "statuses": InvitationStatus, "wave_statuses": WaveStatus,
        "breadcrumbs": _crumbs((wave.title, None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def wave_status(request: HttpRequest, pk: int):
    _check_staff(request)
    wave = wave_get(user=request.user, pk=pk)
    deny_unless(wave_can_manage(user=request.user, wave=wave))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    status = request.POST.get("status")
    if status not in WaveStatus.values:
        raise Http404
    wave_set_status(user=request.user, wave=wave, status=status)
    messages.success(request, _("The status of the wave was changed."))
    return redirect(wave.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def wave_send(request: HttpRequest, pk: int):
    _check_staff(request)
    wave = wave_get(user=request.user, pk=pk)
    deny_unless(wave_can_manage(user=request.user, wave=wave))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    reminder = request.POST.get("kind") == "reminder"
    call = wave_send_reminders if reminder else wave_send_invitations
    try:
        count = call(user=request.user, wave=wave, link=lambda i: token_link(request, i))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(wave.get_absolute_url())
    messages.success(request, (_("{count} reminders sent.") if reminder else _("{count} invitations sent."))
                     .format(count=count))
    return redirect(wave.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def wave_import(request: HttpRequest, pk: int):
    _check_staff(request)
    wave = wave_get(user=request.user, pk=pk)
    deny_unless(wave_can_manage(user=request.user, wave=wave))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = response_import_create(user=request.user, wave=wave, filename=upload.name, content=upload.read())
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("surveys:wave_import_preview", pk=wave.pk, batch=batch.pk)
    return render(request, "surveys/import.html", {
        "title": _("Import responses"), "wave": wave, "form": form, "spec": wave_spec(wave),
        "breadcrumbs": _crumbs((wave.title, wave.get_absolute_url()), (_("Import"), None))})


def _import_batch(request: HttpRequest, pk: int, batch: int):
    """The wave (scope, may manage) and the user's own import batch for it; anything else is a 404."""
    _check_staff(request)
    wave = wave_get(user=request.user, pk=pk)
    return wave, response_import_batch_get(user=request.user, wave=wave, pk=batch)


@login_required
@require_http_methods(["GET", "POST"])
def wave_import_preview(request: HttpRequest, pk: int, batch: int):
    """Preview (GET) and confirmation (POST): the confirmation queues the import and leads to the status page."""
    wave, batch_obj = _import_batch(request, pk, batch)
    status_url = reverse("surveys:wave_import_status", kwargs={"pk": wave.pk, "batch": batch_obj.pk})
    if batch_obj.status != ImportBatch.Status.PREVIEW and request.method != "POST":
        return redirect(status_url)
    if request.method == "POST":
        try:
            response_import_confirm(user=request.user, wave=wave, batch=batch_obj)
        except ApplicationError as exc:
            batch_obj.refresh_from_db()
            if batch_obj.status != ImportBatch.Status.PREVIEW:
                messages.error(request, exc.message)
                return redirect(status_url)
            if not exc.extra.get("rows"):  # row errors are shown in the preview itself
                messages.error(request, exc.message)
        else:
            messages.success(request, _("The import has been started."))
            return redirect(status_url)
    try:
        preview = read_upload(wave=wave, content=bytes(batch_obj.content), filename=batch_obj.filename)
    except ApplicationError as exc:  # the wave changed since the upload
        messages.error(request, exc.message)
        return redirect("surveys:wave_import", pk=wave.pk)
    spec = wave_spec(wave)
    codes = [v for item in spec.items for v, _l in item.variables()][:8]
    return render(request, "surveys/import_preview.html", {
        "title": _("Check the import"), "wave": wave, "preview": preview, "batch": batch_obj, "codes": codes,
        "rows": [{"number": n, "values": [_preview_value(a, c) for c in codes], "group": g,
                  "errors": preview.errors.get(n, [])}
                 for n, a, g in zip(preview.numbers, preview.answers, preview.groups, strict=True)],
        "breadcrumbs": _crumbs((wave.title, wave.get_absolute_url()),
                               (_("Import"), reverse("surveys:wave_import", kwargs={"pk": wave.pk})),
                               (_("Preview"), None))})


@never_cache
@login_required
def wave_import_status(request: HttpRequest, pk: int, batch: int):
    """Status of a confirmed import; while queued or running the partial is polled with htmx."""
    wave, batch_obj = _import_batch(request, pk, batch)  # another user's batch is a 404 whatever the method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if batch_obj.status == ImportBatch.Status.PREVIEW:
        return redirect("surveys:wave_import_preview", pk=wave.pk, batch=batch_obj.pk)
    context = {
        **import_status_context(batch_obj), "wave": wave, "problems": (batch_obj.result or {}).get("problems", []),
        "list_url": wave.get_absolute_url(), "list_label": _("Go to the wave"),
        "start_url": reverse("surveys:wave_import", kwargs={"pk": wave.pk}),
        "status_url": reverse("surveys:wave_import_status", kwargs={"pk": wave.pk, "batch": batch_obj.pk}),
        "title": _("Import status"),
        "breadcrumbs": _crumbs((wave.title, wave.get_absolute_url()),
                               (_("Import"), reverse("surveys:wave_import", kwargs={"pk": wave.pk})),
                               (_("Status"), None)),
    }
    return import_status_response(request, page_template="surveys/import_status.html",
                                  partial_template="surveys/import_status_partial.html", context=context)


def _preview_value(answers: dict, variable: str):
    if variable in answers:
        return answers[variable]
    code, _sep, part = variable.rpartition("_")
    value = answers.get(code)
    if isinstance(value, dict):
        return value.get(part)
    if isinstance(value, list):
        return 1 if part in value else 0
    return None


# --- analysis and exports -----------------------------------------------------------------------------------------


def _analysis(request: HttpRequest, wave):
    form = AnalysisForm(request.GET or None, waves=comparable_waves(user=request.user, wave=wave))
    group_by, compare = "", None
    if form.is_bound and form.is_valid():
        group_by = form.cleaned_data.get("group_by") or ""
        compare = form.cleaned_data.get("compare")
    return form, survey_analysis.wave_analysis(user=request.user, wave=wave, group_by=group_by, compare=compare)


@login_required
def wave_analysis(request: HttpRequest, pk: int):
    _check_staff(request)
    wave = wave_get(user=request.user, pk=pk)
    form, result = _analysis(request, wave)
    by_block: dict[str, list] = {}
    for item in result.items:
        by_block.setdefault(item.item.block, []).append(item)
    sections = []
    chart_id = 0
    for block in wave_spec(wave).blocks:
        items = by_block.get(block.code, [])
        if not items:
            continue
        change = items[0].item.type == ItemType.CHANGE
        group_charts = []
        for item in items if result.group_by else []:
            chart_id += 1
            group_charts.append({"id": chart_id, "title": f"{item.variable} {item.label}",
                                 "json": _json(survey_analysis.group_means_chart(result, item))})
        diverging = {} if change else survey_analysis.diverging_chart(
            result, [i for i in items if i.item.type != ItemType.MATRIX])
        means = survey_analysis.means_chart(result, items, sort_by_mean=change)
        sections.append({
            "block": block, "change": change, "means": means, "means_json": _json(means),
            "diverging": diverging, "diverging_json": _json(diverging), "group_charts": group_charts,
            "rows": _table_rows(result, items),
        })
    query = request.GET.copy()
    query.pop("format", None)
    return render(request, "surveys/analysis.html", {
        "title": _("Analysis: {title}").format(title=wave.title), "wave": wave, "form": form, "analysis": result,
        "sections": sections, "query": query.urlencode(), "block_rows": _block_rows(result),
        "wave_ns": [(w.code, result.n_by_wave.get(w.code, 0)) for w in result.waves],
        "group_label": GroupBy(result.group_by).label if result.group_by else "",
        "can_export_data": wave_can_manage(user=request.user, wave=wave),
        "breadcrumbs": _crumbs((wave.title, wave.get_absolute_url()), (_("Analysis"), None))})


def _json(spec: dict) -> str:
    return json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")


def _table_rows(result, items) -> list[dict]:
    fmt = survey_analysis.fmt
    rows = []
    for item in items:
        first = True
        for cell in item.cells:
            test = ""
            if cell.group is None and cell.wave == result.wave_codes[-1] and len(result.waves) > 1:
                if item.test is not None:
                    test = _("Δ {diff}; Mann–Whitney U = {u}, z = {z}, p = {p} (n = {n1}/{n2})").format(
                        diff=fmt(item.difference), u=fmt(item.test.u, 1), z=fmt(item.test.z), p=fmt(item.test.p, 3),
                        n1=item.test.n1, n2=item.test.n2)
                elif item.difference is not None:
                    test = _("Δ {diff}; no test (fewer than {k} answers in a wave)").format(
                        diff=fmt(item.difference), k=result.k)
            distribution = ""
            if cell.counts and cell.n:
                distribution = " · ".join(f"{p}: {c} ({fmt(100 * c / cell.n, 0)} %)" for p, c in cell.counts.items())
            rows.append({
                "first": first, "variable": item.variable, "label": item.label,
                "group": _("Total") if cell.group is None else cell.group, "wave": cell.wave,
                "suppressed": cell.suppressed, "n": cell.n, "mean": fmt(cell.mean), "sd": fmt(cell.sd),
                "median": fmt(cell.median, 1), "distribution": distribution, "test": test,
            })
            first = False
    return rows


def _block_rows(result) -> list[dict]:
    fmt = survey_analysis.fmt
    rows = []
    for block in result.blocks:
        for cell in block.cells:
            rows.append({
                "block": f"{block.code} {block.title}", "group": _("Total") if cell.group is None else cell.group,
                "wave": cell.wave, "suppressed": cell.suppressed, "n": cell.n, "mean": fmt(cell.mean),
                "sd": fmt(cell.sd), "alpha": fmt(block.alpha.get(cell.wave)) if cell.group is None else "",
            })
    return rows


@login_required
def wave_statistics_export(request: HttpRequest, pk: int):
    _check_staff(request)
    wave = wave_get(user=request.user, pk=pk)
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, result = _analysis(request, wave)
    headers, rows = exports.statistics_rows(result)
    return export_response(rows, headers, basename=f"auswertung-{wave.code.lower()}", fmt=fmt,
                           sheet_title=_("Statistics"))


@login_required
def wave_export(request: HttpRequest, pk: int):
    """Response data (no names, no tokens) for those who manage the wave: CSV, XLSX or SPSS .sav."""
    _check_staff(request)
    wave = wave_get(user=request.user, pk=pk)
    deny_unless(wave_can_manage(user=request.user, wave=wave))
    fmt = request.GET.get("format", "csv")
    stem = f"befragung-{wave.code.lower()}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "csv":
        content, ctype = exports.responses_csv(user=request.user, wave=wave), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        content = exports.responses_xlsx(user=request.user, wave=wave)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "sav":
        content, ctype = exports.responses_sav(user=request.user, wave=wave), "application/x-spss-sav"
    else:
        raise Http404
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def wave_codebook(request: HttpRequest, pk: int):
    _check_staff(request)
    wave = wave_get(user=request.user, pk=pk)
    fmt = request.GET.get("format", "html")
    if fmt == "pdf":
        response = HttpResponse(exports.codebook_pdf(wave), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="codebuch-{wave.code.lower()}.pdf"'
        return response
    if fmt != "html":
        raise Http404
    return HttpResponse(exports.codebook_html(wave))
