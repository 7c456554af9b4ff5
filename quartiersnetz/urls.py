from django.contrib import admin
from django.urls import include, path

from quartiersnetz.api import api
from quartiersnetz.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("akteure/", include("quartiersnetz.actors.urls")),
    path("netzwerk/", include("quartiersnetz.meetings.urls")),
    path("netzwerkanalyse/", include("quartiersnetz.network.urls")),
    path("steuerung/", include("quartiersnetz.steering.urls")),
    path("akquise/", include("quartiersnetz.acquisition.urls")),
    path("befragungen/", include("quartiersnetz.surveys.urls")),
    path("umfrage/", include("quartiersnetz.surveys.urls_public")),
    path("fallarbeit/", include("quartiersnetz.casework.urls")),
    path("angebote/", include("quartiersnetz.offers.urls")),
    path("verzeichnis/", include("quartiersnetz.offers.public_urls")),
    path("", include("quartiersnetz.core.urls")),
]

handler404 = "quartiersnetz.core.views.page_not_found"
handler403 = "quartiersnetz.core.views.permission_denied"
