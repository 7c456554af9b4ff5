from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("instrumente/neu/", views.instrument_add, name="instrument_add"),
    path("instrumente/<int:pk>/", views.instrument_detail, name="instrument_detail"),
    path("instrumente/<int:pk>/bloecke/neu/", views.block_add, name="block_add"),
    path("instrumente/<int:pk>/bloecke/<int:block>/fragen/neu/", views.item_add, name="item_add"),
    path("fragen/<int:pk>/bearbeiten/", views.item_edit, name="item_edit"),
    path("fragen/<int:pk>/loeschen/", views.item_remove, name="item_remove"),
    path("wellen/neu/", views.wave_add, name="wave_add"),
    path("wellen/<int:pk>/", views.wave_detail, name="wave_detail"),
    path("wellen/<int:pk>/status/", views.wave_status, name="wave_status"),
    path("wellen/<int:pk>/versand/", views.wave_send, name="wave_send"),
    path("wellen/<int:pk>/import/", views.wave_import, name="wave_import"),
    path("wellen/<int:pk>/import/<int:batch>/", views.wave_import_preview, name="wave_import_preview"),
    path("wellen/<int:pk>/import/<int:batch>/status/", views.wave_import_status, name="wave_import_status"),
    path("wellen/<int:pk>/auswertung/", views.wave_analysis, name="wave_analysis"),
    path("wellen/<int:pk>/auswertung/export/", views.wave_statistics_export, name="wave_statistics_export"),
    path("wellen/<int:pk>/daten/", views.wave_export, name="wave_export"),
    path("wellen/<int:pk>/codebuch/", views.wave_codebook, name="wave_codebook"),
]
