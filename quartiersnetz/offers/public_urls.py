"""The public directory of offers under /verzeichnis/ (no login)."""

from django.urls import path

from . import views_public

app_name = "offers_public"

urlpatterns = [
    path("", views_public.public_index, name="index"),
    path("<slug:slug>/", views_public.public_directory, name="directory"),
    path("<slug:slug>/flyer.pdf", views_public.public_flyer, name="flyer"),
]
