"""Writes of the steering app. Keyword-only, one transaction each, audited; objects outside the user's edit scope
are a 404, a business rule that says no is an ApplicationError with a German message."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from quartiersnetz.core.choices import AuditAction
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.services import apply_and_validate, audit_log

from .choices import SMART_SHORT, ChainStage, GoalStatus
from .figures import goal_smart
from .models import (
    AreaIndicator,
    AreaValue,
    CasePeriodCost,
    FundProject,
    Goal,
    ImpactStep,
    ImpactTemplate,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Measure,
    PlanningMilestone,
    PreventionCase,
    PreventionFund,
    SocialArea,
)
from .selectors import can_edit, can_edit_scoped, owner_of

MONTH_CHOICES_DE = None  # months are shown with Django's date formats

# The fields each model's create/update service accepts (everything else in `data` is ignored).
FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Goal: ("programme", "quartier", "level", "parent", "number", "title", "description", "owner_organisation",
           "owner_text", "period_start", "period_end", "nkf_product", "smart_override_reason"),
    Indicator: ("programme", "quartier", "goal", "name", "type", "rba_question", "unit", "direction",
                "tolerance_percent", "source", "baseline_value", "baseline_date", "notes"),
    IndicatorTarget: ("indicator", "period", "start", "end", "value"),
    IndicatorValue: ("indicator", "period", "area", "value"),
    Measure: ("programme", "quartier", "title", "description", "start", "end", "personnel_costs_per_period"),
    ImpactStep: ("measure", "stage", "order", "text"),
    SocialArea: ("programme", "city", "code", "name", "population", "boundary"),
    AreaIndicator: ("programme", "name", "unit", "higher_is_worse"),
    AreaValue: ("area", "indicator", "year", "value"),
    PlanningMilestone: ("programme", "month", "title", "kind", "responsible", "is_report"),
    PreventionCase: ("measure", "code", "avoided_alternative", "monthly_rate", "goal_reached"),
    CasePeriodCost: ("case", "period", "start", "planned_savings", "months_avoided", "actual_costs"),
    PreventionFund: ("programme", "name", "municipality", "cap_per_year", "description"),
    FundProject: ("fund", "name", "year", "costs", "savings", "method"),
}


def _quartier_of(obj):
    root = owner_of(obj)
    return getattr(root, "quartier", None) if getattr(root, "quartier_id", None) else None


def _validate(instance, data, *, exclude=()) -> list[str]:
    try:
        return apply_and_validate(instance, data, exclude=exclude)
    except ValidationError as exc:
        raise ApplicationError(_("The input is not valid."), extra=exc.message_dict) from exc


def _check_create_allowed(user, instance) -> None:
    root = owner_of(instance)
    if not can_edit_scoped(user, programme_id=root.programme_id, quartier_id=getattr(root, "quartier_id", None)):
        if getattr(root, "quartier_id", None):
            raise ApplicationError(_("You may not change steering data of this neighbourhood."), status=403)
        raise ApplicationError(
            _("Only programme coordination and administration may change programme-level steering data."),
            status=403,
        )


@transaction.atomic
def object_create(*, user, model: type[models.Model], data: dict, m2m: dict | None = None):
    """Create a steering object of `model` from `data` (foreign keys as objects already resolved in scope)."""
    instance = model()
    values = {k: v for k, v in data.items() if k in FIELDS[model]}
    for name, value in values.items():
        setattr(instance, name, value)
    _check_create_allowed(user, instance)
    _validate(instance, {})
    instance.save()
    for name, objects in (m2m or {}).items():
        getattr(instance, name).set(objects)
    audit_log(user=user, action=AuditAction.CREATE, obj=instance, fields=values.keys(), quartier=_quartier_of(instance))
    return instance


@transaction.atomic
def object_update(*, user, instance, data: dict, m2m: dict | None = None):
    if not can_edit(user, instance):
        raise Http404
    values = {k: v for k, v in data.items() if k in FIELDS[type(instance)]}
    fields = _validate(instance, values)
    # A change of programme/Quartier must stay inside what the user may edit.
    _check_create_allowed(user, instance)
    instance.save()
    for name, objects in (m2m or {}).items():
        getattr(instance, name).set(objects)
        fields.append(name)
    if fields:
        audit_log(user=user, action=AuditAction.UPDATE, obj=instance, fields=fields, quartier=_quartier_of(instance))
    return instance


@transaction.atomic
def object_delete(*, user, instance) -> None:
    if not can_edit(user, instance):
        raise Http404
    if isinstance(instance, Goal) and instance.children.exists():
        raise ApplicationError(_("The goal still has subordinate goals and cannot be deleted."), status=409)
    audit_log(user=user, action=AuditAction.DELETE, obj=instance, quartier=_quartier_of(instance))
    instance.delete()


# --- goals --------------------------------------------------------------------------------------------------------


def goal_create(*, user, data: dict) -> Goal:
    return object_create(user=user, model=Goal, data=data)


def goal_update(*, user, goal: Goal, data: dict) -> Goal:
    return object_update(user=user, instance=goal, data=data)


def goal_delete(*, user, goal: Goal) -> None:
    object_delete(user=user, instance=goal)


def smart_block_message(missing) -> str:
    return _(
        "The goal cannot be adopted because the SMART check is not passed. Missing: {missing}. "
        "Complete these points or give a reason for adopting it anyway."
    ).format(missing=", ".join(str(SMART_SHORT[m]) for m in missing))


@transaction.atomic
def goal_set_status(*, user, goal: Goal, status: str, override_reason: str = "") -> Goal:
    """Change the status. "Adopted" needs a passed SMART check or a reason (kept on the goal)."""
    if not can_edit(user, goal):
        raise Http404
    if status not in GoalStatus.values:
        raise ApplicationError(_("Unknown status."), extra={"status": [_("Unknown status.")]})
    override_reason = (override_reason or "").strip()
    data = {"status": status}
    if status == GoalStatus.ADOPTED:
        result = goal_smart(goal)
        if not result.passed and not override_reason:
            message = smart_block_message(result.missing)
            raise ApplicationError(message, extra={"override_reason": [message]})
        if not result.passed:
            data["smart_override_reason"] = override_reason
    fields = _validate(goal, data)
    goal.save()
    audit_log(user=user, action=AuditAction.UPDATE, obj=goal, fields=fields, quartier=_quartier_of(goal))
    return goal


# --- measures -----------------------------------------------------------------------------------------------------


@transaction.atomic
def measure_apply_template(*, user, measure: Measure, templates) -> list[ImpactStep]:
    """Copy impact-level templates (A1 … C4) into the measure: one chain step per level, and for each of its
    indicators an indicator of the measure's scope linked to that step."""
    if not can_edit(user, measure):
        raise Http404
    templates = list(templates)
    if not templates:
        raise ApplicationError(_("Please choose at least one impact level."),
                               extra={"templates": [_("Please choose at least one impact level.")]})
    start = (measure.steps.aggregate(m=models.Max("order"))["m"] or 0) + 1
    steps = []
    for offset, template in enumerate(templates):
        step = ImpactStep.objects.create(
            measure=measure, stage=template.stage, order=start + offset,
            text=f"{template.code} {template.title}",
        )
        indicators = [
            Indicator.objects.create(
                programme_id=measure.programme_id, quartier_id=measure.quartier_id, name=f"{template.code}: {name}",
                type="outcome" if template.stage in (ChainStage.OUTCOME, ChainStage.IMPACT) else "output",
                source=_("Template network coaching (seed 000)"),
            )
            for name in template.indicators
        ]
        step.indicators.set(indicators)
        steps.append(step)
    codes = ", ".join(t.code for t in templates)
    measure.template_code = (f"{measure.template_code}, {codes}" if measure.template_code else codes)[:20]
    measure.save(update_fields=["template_code"])
    audit_log(user=user, action=AuditAction.UPDATE, obj=measure, fields=["steps"], quartier=_quartier_of(measure))
    return steps


def impact_templates_by_code(codes) -> list[ImpactTemplate]:
    return list(ImpactTemplate.objects.filter(code__in=codes).order_by("code"))
