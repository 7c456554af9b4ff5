from django.urls import path

from . import views
from .views_import import urlpatterns as import_urlpatterns

app_name = "actors"

urlpatterns = [
    path("organisationen/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("organisationen/neu/", views.organisation_create_view, name="organisation_create"),
    path("organisationen/export/", views.OrganisationExportView.as_view(), name="organisation_export"),
    path("organisationen/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisationen/<int:pk>/bearbeiten/", views.organisation_update_view, name="organisation_update"),
    path("organisationen/<int:pk>/loeschen/", views.organisation_delete_view, name="organisation_delete"),
    path("ansprechpersonen/", views.ContactPersonListView.as_view(), name="contact_list"),
    path("ansprechpersonen/neu/", views.contact_create_view, name="contact_create"),
    path("ansprechpersonen/export/", views.ContactPersonExportView.as_view(), name="contact_export"),
    path("ansprechpersonen/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("ansprechpersonen/<int:pk>/bearbeiten/", views.contact_update_view, name="contact_update"),
    path("ansprechpersonen/<int:pk>/loeschen/", views.contact_delete_view, name="contact_delete"),
    path("ansprechpersonen/<int:pk>/einwilligungen/neu/", views.consent_create_view, name="consent_create"),
    path(
        "ansprechpersonen/<int:pk>/einwilligungen/<int:consent_pk>/widerrufen/",
        views.consent_withdraw_view, name="consent_withdraw",
    ),
    *import_urlpatterns,
]
