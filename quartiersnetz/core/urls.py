from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("abmelden/", views.LogoutView.as_view(), name="logout"),
    path("quartiere/", views.QuartierListView.as_view(), name="quartier_list"),
    path("quartiere/neu/", views.quartier_create_view, name="quartier_create"),
    path("quartiere/export/", views.QuartierExportView.as_view(), name="quartier_export"),
    path("quartiere/<slug:slug>/", views.quartier_detail, name="quartier_detail"),
    path("quartiere/<slug:slug>/bearbeiten/", views.quartier_update_view, name="quartier_update"),
    path("quartiere/<slug:slug>/loeschen/", views.quartier_delete_view, name="quartier_delete"),
    path("protokoll/", views.AuditListView.as_view(), name="audit_list"),
    path("api-zugang/", views.token_list, name="token_list"),
    path("api-zugang/<int:pk>/widerrufen/", views.token_delete, name="token_delete"),
]
