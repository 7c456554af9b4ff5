"""The HSDS tables and fields that Quartiersnetz reads and writes.

The rules follow the HSDS 1.1 tabular data package (datapackage.json of the specification): required fields,
field types, the status enumeration of services and the references between tables. Deviations, on purpose:
- `physical_addresses.state_province` is required in HSDS 1.1 (US data); German addresses usually have no state,
  so it may be empty here.
- Only `organizations.csv` and `services.csv` must be present; the other files are optional.
Columns starting with `x_` are Quartiersnetz extensions (allowed by the data package format); other producers
may leave them out. Unknown columns are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..choices import AccessRoute, LegalBasis, OfferStatus

HSDS_STATUSES = ("active", "inactive", "defunct", "temporarily closed")


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "string"  # string, number, integer, date, time, boolean, email, uri
    required: bool = False
    enum: tuple[str, ...] | None = None
    ref: str | None = None  # table whose id this field refers to
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""


def F(name, type="string", **kw) -> Field:  # noqa: N802, A002 - short constructor for the table specs
    return Field(name, type, **kw)


TABLES: dict[str, tuple[Field, ...]] = {
    "organizations": (
        F("id", required=True), F("name", required=True, max_length=200), F("alternate_name"),
        F("description"), F("email", "email"), F("url", "uri"), F("tax_status"), F("tax_id"),
        F("year_incorporated", "integer"), F("legal_status"),
        F("x_actor_type", description="Quartiersnetz actor type (slug)"),
    ),
    "services": (
        F("id", required=True), F("organization_id", required=True, ref="organizations"), F("program_id"),
        F("name", required=True, max_length=200), F("alternate_name"), F("description"), F("url", "uri"),
        F("email", "email"), F("status", required=True, enum=HSDS_STATUSES), F("interpretation_services"),
        F("application_process"), F("wait_time"), F("fees", max_length=200), F("accreditations"), F("licenses"),
        F("x_status", enum=tuple(OfferStatus.values), description="Quartiersnetz status"),
        F("x_legal_basis", enum=tuple(v for v in LegalBasis.values if v), description="legal basis"),
        F("x_access_route", enum=tuple(AccessRoute.values), description="access route"),
        F("x_capacity", "integer", minimum=0, maximum=2**31 - 1, description="places"),
        F("x_valid_from", "date"), F("x_valid_until", "date"), F("x_in_quartier", "boolean"),
        F("x_opening_hours_note", max_length=300), F("x_phone", max_length=50),
    ),
    "locations": (
        F("id", required=True), F("organization_id", ref="organizations"), F("name", max_length=200),
        F("alternate_name"), F("description"), F("transportation", max_length=300),
        F("latitude", "number", minimum=-90, maximum=90), F("longitude", "number", minimum=-180, maximum=180),
    ),
    "services_at_location": (
        F("id", required=True), F("service_id", required=True, ref="services"),
        F("location_id", required=True, ref="locations"), F("description"),
    ),
    "phones": (
        F("id", required=True), F("location_id", ref="locations"), F("service_id", ref="services"),
        F("organization_id", ref="organizations"), F("contact_id", ref="contacts"),
        F("service_at_location_id", ref="services_at_location"), F("number", required=True, max_length=50),
        F("extension"), F("type"), F("language"), F("description"),
    ),
    "contacts": (
        F("id", required=True), F("organization_id", ref="organizations"), F("service_id", ref="services"),
        F("service_at_location_id", ref="services_at_location"), F("name", max_length=201), F("title", max_length=150),
        F("department"), F("email", "email"), F("x_publish_consent_given_on", "date"),
    ),
    "physical_addresses": (
        F("id", required=True), F("location_id", ref="locations"), F("attention"),
        F("address_1", required=True, max_length=200), F("address_2"), F("address_3"), F("address_4"),
        F("city", required=True, max_length=100), F("region"), F("state_province"),
        F("postal_code", required=True, max_length=5), F("country", required=True),
    ),
    "regular_schedules": (
        F("id", required=True), F("service_id", ref="services"), F("location_id", ref="locations"),
        F("service_at_location_id", ref="services_at_location"),
        F("weekday", "integer", required=True, minimum=1, maximum=7), F("opens_at", "time"), F("closes_at", "time"),
    ),
    "languages": (
        F("id", required=True), F("service_id", ref="services"), F("location_id", ref="locations"),
        F("language", required=True),
    ),
    "accessibility_for_disabilities": (
        F("id", required=True), F("location_id", ref="locations"), F("accessibility", required=True),
        F("details"),
    ),
    "taxonomy": (
        F("id", required=True), F("name", required=True), F("parent_id", ref="taxonomy"), F("parent_name"),
        F("vocabulary"),
    ),
    "service_taxonomy": (
        F("id", required=True), F("service_id", required=True, ref="services"),
        F("taxonomy_id", required=True, ref="taxonomy"), F("taxonomy_detail"),
    ),
}
REQUIRED_TABLES = ("organizations", "services")
# Order in which the tables are written and read (referenced tables first).
TABLE_ORDER = tuple(TABLES)

VOCABULARY_TARGET_GROUP = "quartiersnetz-zielgruppe"
VOCABULARY_TOPIC = "quartiersnetz-handlungsfeld"

# Quartiersnetz status ↔ HSDS status.
STATUS_TO_HSDS = {
    OfferStatus.ACTIVE: "active", OfferStatus.PLANNED: "inactive", OfferStatus.PAUSED: "temporarily closed",
    OfferStatus.ENDED: "defunct",
}
STATUS_FROM_HSDS = {
    "active": OfferStatus.ACTIVE, "inactive": OfferStatus.PLANNED, "temporarily closed": OfferStatus.PAUSED,
    "defunct": OfferStatus.ENDED,
}


def fields_of(table: str) -> dict[str, Field]:
    return {f.name: f for f in TABLES[table]}


def table_schema(table: str) -> dict:
    """Frictionless table schema of a table (for datapackage.json)."""
    types = {"email": ("string", "email"), "uri": ("string", "uri")}
    fields = []
    for f in TABLES[table]:
        kind, fmt = types.get(f.type, (f.type, None))
        entry: dict = {"name": f.name, "type": kind}
        if fmt:
            entry["format"] = fmt
        constraints: dict = {}
        if f.required:
            constraints["required"] = True
        if f.name == "id":
            constraints["unique"] = True
        if f.enum:
            constraints["enum"] = list(f.enum)
        if f.minimum is not None:
            constraints["minimum"] = f.minimum
        if f.maximum is not None:
            constraints["maximum"] = f.maximum
        if constraints:
            entry["constraints"] = constraints
        if f.description:
            entry["description"] = f.description
        fields.append(entry)
    schema: dict = {"fields": fields, "primaryKey": "id"}
    keys = [
        {"fields": f.name, "reference": {"resource": f.ref, "fields": "id"}} for f in TABLES[table] if f.ref
    ]
    if keys:
        schema["foreignKeys"] = keys
    return schema
