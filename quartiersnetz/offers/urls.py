"""Pages of the offers under /angebote/: offers and their locations, the analysis (matrix, comparison,
duplicate assessments), the map and the HSDS import/export. The public directory is in public_urls.py."""

from django.urls import path

from . import views, views_analysis, views_hsds

app_name = "offers"

urlpatterns = [
    path("", views.OfferListView.as_view(), name="offer_list"),
    path("neu/", views.offer_create_view, name="offer_create"),
    path("export/", views.OfferExportView.as_view(), name="offer_export"),
    path("<int:pk>/", views.offer_detail, name="offer_detail"),
    path("<int:pk>/bearbeiten/", views.offer_update_view, name="offer_update"),
    path("<int:pk>/loeschen/", views.offer_delete_view, name="offer_delete"),
    path("<int:pk>/orte/neu/", views.location_create_view, name="location_create"),
    path("orte/<int:pk>/bearbeiten/", views.location_update_view, name="location_update"),
    path("orte/<int:pk>/loeschen/", views.location_delete_view, name="location_delete"),
    path("analyse/", views_analysis.analysis_index, name="analysis_index"),
    path("analyse/vergleich/", views_analysis.offer_compare, name="analysis_compare"),
    path("analyse/vergleich/export/", views_analysis.compare_export, name="analysis_compare_export"),
    path("analyse/<slug:slug>/", views_analysis.quartier_matrix, name="quartier_matrix"),
    path("analyse/<slug:slug>/export/", views_analysis.matrix_export, name="quartier_matrix_export"),
    path("analyse/<slug:slug>/doppelstrukturen/<int:pk>-<int:other>/", views_analysis.duplicate_assess_view,
         name="quartier_duplicate_assess"),
    path("analyse/<slug:slug>/bewertungen/<int:pk>/zuruecknehmen/", views_analysis.duplicate_reopen_view,
         name="quartier_duplicate_reopen"),
    path("karte/<slug:slug>/", views_analysis.offer_map, name="quartier_map"),
    path("hsds/", views_hsds.hsds_index, name="hsds_index"),
    path("hsds/import/", views_hsds.hsds_import_start, name="hsds_import_start"),
    path("hsds/import/<int:pk>/", views_hsds.hsds_import_preview, name="hsds_import_preview"),
    path("hsds/import/<int:pk>/bestaetigen/", views_hsds.hsds_import_confirm, name="hsds_import_confirm"),
    path("hsds/import/<int:pk>/status/", views_hsds.hsds_import_status, name="hsds_import_status"),
    path("hsds/<slug:slug>/export.zip", views_hsds.hsds_export_zip, name="quartier_hsds_zip"),
    path("hsds/<slug:slug>/export.json", views_hsds.hsds_export_json, name="quartier_hsds_json"),
]
