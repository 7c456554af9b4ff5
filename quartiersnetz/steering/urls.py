from django.urls import path

from . import views

app_name = "steering"


def crud(key: str, slug: str, *, detail=None, list_view=None, parent_slug: str | None = None):
    """List/export/create at the collection, detail/edit/delete under <pk>/ (children: create under the parent)."""
    spec = views.SPECS[key]
    patterns = []
    if spec.parent_getter is None:
        patterns += [
            path(f"{slug}/", list_view or views.make_list_view(spec), name=f"{key}_list"),
            path(f"{slug}/neu/", views.make_create_view(spec), name=f"{key}_create"),
            path(f"{slug}/export/", views.make_export_view(spec), name=f"{key}_export"),
        ]
    if detail is not None:
        patterns.append(path(f"{slug}/<int:pk>/", detail, name=f"{key}_detail"))
    if spec.parent_getter is None or key in ("case", "fundproject", "impactstep", "caseperiod", "indicatortarget",
                                             "indicatorvalue"):
        patterns += [
            path(f"{slug}/<int:pk>/bearbeiten/", views.make_update_view(spec), name=f"{key}_update"),
            path(f"{slug}/<int:pk>/loeschen/", views.make_delete_view(spec), name=f"{key}_delete"),
        ]
    return patterns


urlpatterns = [
    path("", views.overview, name="overview"),
    path("zielpyramide/", views.pyramid, name="pyramid"),
    *crud("goal", "ziele", detail=views.goal_detail),
    path("ziele/<int:pk>/status/", views.goal_status, name="goal_status"),
    path("kennzahlen/rba/", views.indicator_rba, name="indicator_rba"),
    *crud("indicator", "kennzahlen", detail=views.indicator_detail),
    path("kennzahlen/<int:pk>/sollwerte/neu/", views.make_create_view(views.SPECS["indicatortarget"]),
         name="indicator_target_create"),
    path("kennzahlen/<int:pk>/istwerte/neu/", views.make_create_view(views.SPECS["indicatorvalue"]),
         name="indicator_value_create"),
    *crud("indicatortarget", "sollwerte"),
    *crud("indicatorvalue", "istwerte"),
    *crud("measure", "massnahmen", detail=views.measure_detail),
    path("massnahmen/<int:pk>/vorlage/", views.measure_template, name="measure_template"),
    path("massnahmen/<int:pk>/schritte/neu/", views.make_create_view(views.SPECS["impactstep"]),
         name="measure_step_create"),
    path("massnahmen/<int:pk>/faelle/neu/", views.make_create_view(views.SPECS["case"]), name="measure_case_create"),
    *crud("impactstep", "wirkungsschritte"),
    *crud("case", "faelle", detail=views.case_detail),
    path("faelle/", views.make_list_view(views.SPECS["case"]), name="case_list"),
    path("faelle/export/", views.make_export_view(views.SPECS["case"]), name="case_export"),
    path("faelle/<int:pk>/zeitraeume/neu/", views.make_create_view(views.SPECS["caseperiod"]),
         name="case_period_create"),
    *crud("caseperiod", "fallzeitraeume"),
    *crud("socialarea", "sozialraeume", detail=views.socialarea_detail),
    path("sozialraeume/import/", views.areaimport_start, name="areaimport_start"),
    path("sozialraeume/import/<int:pk>/", views.areaimport_preview, name="areaimport_preview"),
    path("sozialraeume/import/<int:pk>/status/", views.areaimport_status, name="areaimport_status"),
    path("sozialmonitoring/", views.monitoring, name="monitoring"),
    path("sozialmonitoring/export/", views.monitoring_export, name="monitoring_export"),
    *crud("milestone", "planungszyklus", list_view=views.MilestoneListView.as_view()),
    *crud("fund", "praeventionsfonds", detail=views.fund_detail),
    path("praeventionsfonds/<int:pk>/projekte/neu/", views.make_create_view(views.SPECS["fundproject"]),
         name="fund_project_create"),
    *crud("fundproject", "fondsprojekte"),
    path("praeventionsrechner/", views.calculator, name="calculator"),
]
