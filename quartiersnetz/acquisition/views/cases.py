"""Pages of the acquisition pipeline: case list, board, funnel, case detail, create/edit/delete and the move."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.generic import ScopedExportView, ScopedListView, deny_unless, run_action, run_service

from ..choices import AcquisitionStage
from ..filtersets import CaseFilterForm
from ..forms import CaseForm, MoveForm
from ..selectors import (
    acquisition_funnel,
    board_columns,
    can_edit_quartier,
    can_work,
    case_get,
    case_list,
    funnel_programme_list,
    funnel_quartier_list,
    quartier_for_board,
    quartier_list_editable,
    quartier_list_work,
    stage_history,
)
from ..services import acquisition_move, case_create, case_delete, case_update
from .common import case_crumbs, require_work


class CaseListView(ScopedListView):
    selector = staticmethod(case_list)
    filter_form_class = CaseFilterForm
    sort_fields = {
        "organisation": "organisation__name", "quartier": "quartier__city", "stage": "stage",
        "since": "stage_since", "owner": "owner__last_name", "next_step_on": "next_step_on",
    }
    default_sort = "quartier"
    template_name = "acquisition/case_list.html"
    partial_template_name = "acquisition/includes/case_results.html"
    export_url_name = "acquisition:case_export"

    def check_access(self) -> None:
        require_work(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(title=_("Acquisition"), can_create=quartier_list_editable(user=user).exists(),
                       board_quartiere=list(quartier_list_work(user=user)))
        return context


class CaseExportView(ScopedExportView, CaseListView):
    export_basename = "akquise"

    @property
    def export_sheet_title(self):
        return _("Acquisition")

    def export_headers(self):
        return [_("Organisation"), _("Neighbourhood"), _("Stage"), _("In this stage since"), _("Responsible"),
                _("Next step"), _("Next step on"), _("Objections"), _("Benefit argument")]

    def export_rows(self, queryset):
        for case in queryset:
            yield [case.organisation.name, case.quartier.display_name, case.get_stage_display(), case.stage_since,
                   (case.owner.get_full_name() or case.owner.username) if case.owner else "", case.next_step,
                   case.next_step_on, case.objections, case.benefit]


@login_required
def case_detail(request: HttpRequest, pk: int):
    user = request.user
    case = case_get(user=user, pk=pk)
    can_edit = can_edit_quartier(user=user, quartier_id=case.quartier_id)
    return render(request, "acquisition/case_detail.html", {
        "title": case.organisation.name, "case": case, "can_edit": can_edit,
        "history": stage_history(user=user, case=case),
        "move_form": MoveForm(case=case, auto_id="move_%s") if can_edit else None,
        "breadcrumbs": case_crumbs(case),
    })


def _saved(case) -> str:
    return _("The acquisition case “{name}” was saved.").format(name=case.organisation.name)


@login_required
@require_http_methods(["GET", "POST"])
def case_create_view(request: HttpRequest):
    user = request.user
    deny_unless(quartier_list_editable(user=user).exists())
    initial_quartier = quartier_list_editable(user=user).filter(slug=request.GET.get("quartier") or "").first()
    form = CaseForm(request.POST or None, user=user, quartier=initial_quartier)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = run_service(
            request, form,
            lambda: case_create(user=user, quartier=data["quartier"], organisation=data["organisation"],
                                stage=data["stage"], on=data.get("on"), data=form.case_data()),
            success_message=_saved, redirect_to=lambda c: c.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "acquisition/form.html", {
        "form": form, "title": _("New acquisition case"), "breadcrumbs": case_crumbs(last=_("New acquisition case")),
        "cancel_url": reverse("acquisition:case_list"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def case_update_view(request: HttpRequest, pk: int):
    user = request.user
    case = case_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=case.quartier_id))
    form = CaseForm(request.POST or None, user=user, instance=case)
    if request.method == "POST" and form.is_valid():
        response = run_service(request, form, lambda: case_update(user=user, case=case, data=form.case_data()),
                               success_message=_saved, redirect_to=lambda c: c.get_absolute_url())
        if response:
            return response
    return render(request, "acquisition/form.html", {
        "form": form, "title": _("Edit {name}").format(name=case.organisation.name),
        "breadcrumbs": case_crumbs(case, _("Edit")), "cancel_url": case.get_absolute_url(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def case_delete_view(request: HttpRequest, pk: int):
    user = request.user
    case = case_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=case.quartier_id))
    name = case.organisation.name
    error = None
    if request.method == "POST":
        response, error = run_action(
            request, lambda: case_delete(user=user, case=case),
            success_message=_("The acquisition case “{name}” was deleted.").format(name=name),
            redirect_to=reverse("acquisition:case_list"))
        if response:
            return response
    return render(request, "core/confirm_delete.html", {
        "object": case, "error": error, "title": _("Delete {name}").format(name=name),
        "question": _("Do you really want to delete the acquisition case “{name}”?").format(name=name),
        "consequences": _("Its stage history is deleted as well and no longer counts in the funnel."),
        "cancel_url": case.get_absolute_url(), "breadcrumbs": case_crumbs(case, _("Delete")),
    })


# --- board --------------------------------------------------------------------------------------------------------


def _board_context(request, quartier, *, focus=None, status=None, error=None) -> dict:
    user = request.user
    columns = board_columns(user=user, quartier=quartier)
    can_edit = can_edit_quartier(user=user, quartier_id=quartier.pk)
    return {
        "title": _("Acquisition board {name}").format(name=quartier.display_name), "quartier": quartier,
        "columns": columns, "stages": AcquisitionStage.choices, "can_edit": can_edit, "focus": focus,
        "board_status": status, "board_error": error, "quartiere": list(quartier_list_work(user=user)),
        "breadcrumbs": case_crumbs(last=quartier.display_name),
    }


@login_required
def board(request: HttpRequest, slug: str):
    """Columns per stage; every card can be moved with its form (keyboard, no JavaScript) or by drag and drop."""
    quartier = quartier_for_board(user=request.user, slug=slug)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return render(request, "acquisition/board.html", _board_context(request, quartier))


@login_required
@require_http_methods(["GET", "POST"])
def case_move_view(request: HttpRequest, pk: int):
    """Move a case. From the board (htmx) the answer is the new board with a status message and the focus on the
    moved card; without JavaScript the browser is redirected to the board (or shown this form with the errors)."""
    user = request.user
    case = case_get(user=user, pk=pk)
    deny_unless(can_edit_quartier(user=user, quartier_id=case.quartier_id))
    from_board = request.POST.get("from") == "board" or request.GET.get("from") == "board"
    form = MoveForm(request.POST or None, case=case, auto_id="move_%s")
    is_htmx = request.headers.get("HX-Request") == "true"
    if request.method == "POST":
        if form.is_valid():
            try:
                acquisition_move(user=user, case=case, to_stage=form.cleaned_data["to_stage"],
                                 on=form.cleaned_data.get("on"), note=form.cleaned_data.get("note") or "")
            except ApplicationError as exc:
                for field, errors in (exc.extra or {}).items():
                    for err in errors:
                        form.add_error(field if field in form.fields else None, str(err))
                if not exc.extra:
                    form.add_error(None, exc.message)
            else:
                case.refresh_from_db()
                message = _("{name} was moved to “{stage}”.").format(name=case.organisation.name,
                                                                    stage=case.get_stage_display())
                if is_htmx:
                    return render(request, "acquisition/includes/board_body.html", {**_board_context(
                        request, case.quartier, focus=case.pk, status=message), "oob": True})
                messages.success(request, message)
                if from_board:
                    return redirect(reverse("acquisition:board", args=[case.quartier.slug]) + f"#fall-{case.pk}")
                return redirect(case.get_absolute_url())
        if is_htmx:
            error = "; ".join(str(e) for errors in form.errors.values() for e in errors)
            return render(request, "acquisition/includes/board_body.html", {**_board_context(
                request, case.quartier, focus=case.pk,
                error=_("{name} was not moved: {error}").format(name=case.organisation.name, error=error)),
                "oob": True})
    title = _("Move {name}").format(name=case.organisation.name)
    return render(request, "acquisition/move.html", {
        "form": form, "case": case, "title": title, "from_board": from_board,
        "cancel_url": (reverse("acquisition:board", args=[case.quartier.slug]) if from_board
                       else case.get_absolute_url()),
        "breadcrumbs": case_crumbs(case, _("Move")),
    })


# --- funnel -------------------------------------------------------------------------------------------------------


def _percent(value):
    return None if value is None else value * 100


@login_required
def funnel_view(request: HttpRequest):
    """Funnel per Quartier, per programme or over all Quartiere the user sees (evaluation included)."""
    user = request.user
    quartiere = list(funnel_quartier_list(user=user))
    programmes = list(funnel_programme_list(user=user))
    if not quartiere:
        raise Http404
    by_slug = {q.slug: q for q in quartiere}
    programme_by_slug = {p.slug: p for p in programmes}
    quartier = by_slug.get(request.GET.get("quartier") or "")
    programme = programme_by_slug.get(request.GET.get("programme") or "")
    result = acquisition_funnel(user=user, quartier_id=quartier.pk if quartier else None,
                                programme_id=programme.pk if programme and not quartier else None)
    labels = dict(AcquisitionStage.choices)
    rows = [{
        "stage": row.stage, "label": labels[row.stage], "reached": row.reached, "current": row.current,
        "conversion": _percent(row.conversion), "median_days": row.median_days, "dropped": row.dropped,
    } for row in result.funnel.rows]
    chart = [{"stage": str(r["label"]), "order": i, "reached": r["reached"]} for i, r in enumerate(rows)]
    if quartier:
        scope_label = quartier.display_name
    elif programme:
        scope_label = programme.name
    else:
        scope_label = _("all neighbourhoods in your scope")
    return render(request, "acquisition/funnel.html", {
        "title": _("Acquisition funnel"), "rows": rows, "funnel": result.funnel, "chart_data": chart,
        "scope_label": scope_label, "quartier": quartier, "programme": programme if not quartier else None,
        "quartiere": quartiere, "programmes": programmes, "quartier_count": result.quartier_count,
        "dropout_rate": _percent(result.funnel.dropout_rate),
        "overall_conversion": _percent(result.funnel.overall_conversion),
        "dormant_label": labels[AcquisitionStage.DORMANT], "active_reached": rows[-1]["reached"],
        "show_cases": can_work(user=user),
        "breadcrumbs": [{"label": _("Acquisition funnel"), "url": None}],
    })
