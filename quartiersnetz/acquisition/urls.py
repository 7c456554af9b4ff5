"""Pages of the acquisition pipeline and the local economy under /akquise/."""

from django.urls import path

from . import views

app_name = "acquisition"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case_list"),
    path("neu/", views.case_create_view, name="case_create"),
    path("export/", views.CaseExportView.as_view(), name="case_export"),
    path("trichter/", views.funnel_view, name="funnel"),
    path("board/<slug:slug>/", views.board, name="board"),
    path("faelle/<int:pk>/", views.case_detail, name="case_detail"),
    path("faelle/<int:pk>/bearbeiten/", views.case_update_view, name="case_update"),
    path("faelle/<int:pk>/loeschen/", views.case_delete_view, name="case_delete"),
    path("faelle/<int:pk>/verschieben/", views.case_move_view, name="case_move"),
    path("unternehmen/", views.CompanyListView.as_view(), name="company_list"),
    path("unternehmen/neu/", views.company_create_view, name="company_create"),
    path("unternehmen/export/", views.CompanyExportView.as_view(), name="company_export"),
    path("unternehmen/<int:pk>/", views.company_detail, name="company_detail"),
    path("unternehmen/<int:pk>/bearbeiten/", views.company_update_view, name="company_update"),
    path("unternehmen/<int:pk>/kooperationspfad/", views.company_path_view, name="company_path"),
    path("unternehmen/<int:pk>/loeschen/", views.company_delete_view, name="company_delete"),
    path("netzwerke/", views.NetworkListView.as_view(), name="network_list"),
    path("netzwerke/neu/", views.network_create_view, name="network_create"),
    path("netzwerke/export/", views.NetworkExportView.as_view(), name="network_export"),
    path("netzwerke/<int:pk>/", views.network_detail, name="network_detail"),
    path("netzwerke/<int:pk>/bearbeiten/", views.network_update_view, name="network_update"),
    path("netzwerke/<int:pk>/loeschen/", views.network_delete_view, name="network_delete"),
    path("netzwerke/<int:pk>/mitglieder/neu/", views.network_member_add_view, name="network_member_add"),
    path("netzwerke/<int:pk>/mitglieder/<int:membership_pk>/entfernen/", views.network_member_remove_view,
         name="network_member_remove"),
    path("netzwerke/<int:pk>/oeffentlichkeit/neu/", views.publicity_create_view, name="publicity_create"),
    path("netzwerke/<int:pk>/oeffentlichkeit/<int:entry_pk>/loeschen/", views.publicity_delete_view,
         name="publicity_delete"),
]
