"""Public token pages (no login): /umfrage/<token>/."""

from django.urls import path

from . import views_public

app_name = "surveys_public"

urlpatterns = [
    path("<str:token>/", views_public.respond, name="respond"),
]
