"""Pages of the case work under /fallarbeit/."""

from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("", views.index, name="index"),
    path("kontaktstellen/", views.ContactPointListView.as_view(), name="contact_point_list"),
    path("kontaktstellen/neu/", views.contact_point_create_view, name="contact_point_create"),
    path("kontaktstellen/<int:pk>/", views.contact_point_detail, name="contact_point_detail"),
    path("kontaktstellen/<int:pk>/bearbeiten/", views.contact_point_update_view, name="contact_point_update"),
    path("faelle/", views.ClientListView.as_view(), name="client_list"),
    path("faelle/suche/", views.client_lookup, name="client_lookup"),
    path("faelle/<int:pk>/", views.client_detail, name="client_detail"),
    path("faelle/<int:pk>/auskunft/", views.client_export_view, name="client_export"),
    path("faelle/<int:pk>/loeschen/", views.client_erase_view, name="client_erase"),
    path("einwilligungen/<int:pk>/widerrufen/", views.consent_withdraw_view, name="consent_withdraw"),
    path("kontakte/", views.ContactListView.as_view(), name="contact_list"),
    path("kontakte/neu/", views.contact_create_view, name="contact_create"),
    path("kontakte/export/", views.ContactExportView.as_view(), name="contact_export"),
    path("kontakte/<int:pk>/bearbeiten/", views.contact_update_view, name="contact_update"),
    path("kontakte/<int:pk>/loeschen/", views.contact_delete_view, name="contact_delete"),
    path("ueberleitungen/", views.ReferralListView.as_view(), name="referral_list"),
    path("ueberleitungen/neu/", views.referral_create_view, name="referral_create"),
    path("ueberleitungen/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("ketten/", views.chains_view, name="chains"),
    path("fallkonferenzen/", views.ConferenceListView.as_view(), name="conference_list"),
    path("fallkonferenzen/neu/", views.conference_create_view, name="conference_create"),
    path("fallkonferenzen/<int:pk>/", views.conference_detail, name="conference_detail"),
    path("fallkonferenzen/<int:pk>/bearbeiten/", views.conference_update_view, name="conference_update"),
    path("fallkonferenzen/<int:pk>/loeschen/", views.conference_delete_view, name="conference_delete"),
    path("aufsuchend/", views.OutreachListView.as_view(), name="outreach_list"),
    path("aufsuchend/neu/", views.outreach_create_view, name="outreach_create"),
    path("aufsuchend/<int:pk>/bearbeiten/", views.outreach_update_view, name="outreach_update"),
    path("aufsuchend/<int:pk>/loeschen/", views.outreach_delete_view, name="outreach_delete"),
    path("statistik/", views.statistics_view, name="statistics"),
    path("statistik/export/", views.statistics_export, name="statistics_export"),
]
