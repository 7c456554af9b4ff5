from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.index, name="index"),
    path("beziehungen/", views.ManualTieListView.as_view(), name="tie_list"),
    path("beziehungen/export/", views.ManualTieExportView.as_view(), name="tie_export"),
    path("beziehungen/<int:pk>/bearbeiten/", views.tie_update, name="tie_update"),
    path("beziehungen/<int:pk>/loeschen/", views.tie_delete, name="tie_delete"),
    path("<slug:slug>/", views.quartier_graph, name="quartier_graph"),
    path("<slug:slug>/export/", views.quartier_export, name="quartier_export"),
    path("<slug:slug>/veraenderung/", views.quartier_compare, name="quartier_compare"),
    path("<slug:slug>/zeitreihe/", views.quartier_timeline, name="quartier_timeline"),
    path("<slug:slug>/beziehungen/neu/", views.quartier_tie_create, name="quartier_tie_create"),
]
