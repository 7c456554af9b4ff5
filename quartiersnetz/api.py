"""The REST API under /api/v1/ (django-ninja). Each app contributes a router from its api.py."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Quartiersnetz API",
    version="1.0.0",
    description="REST-API von Quartiersnetz. Authentifizierung per Token (Header `Authorization: Bearer <token>`) "
    "oder Sitzung. Fehler als RFC 9457 problem+json.",
    urls_namespace="api-1.0.0",
)
