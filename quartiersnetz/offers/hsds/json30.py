"""HSDS 3.0 JSON → the table rows of `reader` (same validation and import as HSDS 1.1).

Accepted shapes: a service object, a list of services, a page of services (`{"contents": [...]}`, as the HSDS
3.0 API answers `/services`), or organizations with their `services` (a list, or `{"organizations": [...]}`).
Each service names its organization as a nested `organization` object or by `organization_id` (an organization
given elsewhere in the same file). Locations are nested in `service_at_locations[].location`.

Opening hours: weekly schedules (`freq` WEEKLY with `byday`, `opens_at`, `closes_at`) become regular schedules;
a schedule with only a `description` is the note on the opening hours. Target groups and topics come from
`attributes[].taxonomy_term` of our vocabularies.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from .reader import FORMAT_30, Package, PackageError, Row, validate
from .schema import TABLES, fields_of

BYDAY = {"MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6, "SU": 7}
LOCATION_TYPES = ("physical", "postal", "virtual")


class _Reader:
    def __init__(self, filename: str):
        self.package = Package(FORMAT_30, filename)
        self.package.tables = {name: [] for name in TABLES}
        self.package.files = dict.fromkeys(TABLES, filename)
        self.seen: dict[str, set[str]] = {name: set() for name in TABLES}
        self.counter = 0

    def problem(self, path: str, field: str, message: str) -> None:
        self.package.problem("services", path, field, message)

    def scalar(self, obj: dict, key: str, path: str) -> str:
        value = obj.get(key)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return repr(value) if isinstance(value, float) else str(value)
        if isinstance(value, str):
            return value
        self.problem(path, key, _("A single value is expected here."))
        return ""

    def add(self, table: str, path: str, obj: dict, extra: dict | None = None, *, dedupe: bool = False) -> Row | None:
        values = {f: self.scalar(obj, f, path) for f in fields_of(table) if f in obj}
        values.update(extra or {})
        if not values.get("id") and table not in ("services", "organizations", "locations"):
            self.counter += 1
            values["id"] = f"{table}-{self.counter}"
        row_id = values.get("id", "")
        if dedupe and row_id and row_id in self.seen[table]:
            return None
        if row_id:
            self.seen[table].add(row_id)
        row = Row(path, values)
        self.package.tables[table].append(row)
        return row

    def obj(self, value, path: str) -> dict | None:
        if not isinstance(value, dict):
            self.problem(path, "", _("An object is expected here."))
            return None
        return value

    def items(self, obj: dict, key: str, path: str) -> list[tuple[str, dict]]:
        value = obj.get(key)
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            self.problem(path, key, _("A list is expected here."))
            return []
        out = []
        for index, item in enumerate(value):
            item_path = f"{path}.{key}[{index}]"
            item = self.obj(item, item_path)
            if item is not None:
                out.append((item_path, item))
        return out

    # --- objects ---

    def organization(self, org: dict, path: str) -> str:
        url = self.scalar(org, "website", path) or self.scalar(org, "url", path)
        row = self.add("organizations", path, org, {"url": url}, dedupe=True)
        return (row.values["id"] if row else self.scalar(org, "id", path)) or ""

    def service(self, service: dict, path: str, organization_id: str | None = None) -> None:
        org = service.get("organization")
        if organization_id is None and isinstance(org, dict):
            organization_id = self.organization(org, f"{path}.organization")
        extra = {
            "organization_id": organization_id or self.scalar(service, "organization_id", path),
            "fees": self.scalar(service, "fees_description", path) or self.scalar(service, "fees", path),
        }
        row = self.add("services", path, service, extra)
        service_id = row.values.get("id", "") if row else ""
        for item_path, phone in self.items(service, "phones", path):
            self.add("phones", item_path, phone, {"service_id": service_id})
        for item_path, language in self.items(service, "languages", path):
            name = self.scalar(language, "name", item_path) or self.scalar(language, "code", item_path)
            self.add("languages", item_path, language, {"service_id": service_id, "language": name})
        for item_path, contact in self.items(service, "contacts", path):
            crow = self.add("contacts", item_path, contact, {"service_id": service_id})
            for phone_path, phone in self.items(contact, "phones", item_path):
                self.add("phones", phone_path, phone, {"contact_id": crow.values["id"] if crow else ""})
        for item_path, schedule in self.items(service, "schedules", path):
            self.schedule(schedule, item_path, service_id)
        for item_path, attribute in self.items(service, "attributes", path):
            self.attribute(attribute, item_path, service_id)
        for item_path, sal in self.items(service, "service_at_locations", path):
            location = sal.get("location")
            location_id = self.scalar(sal, "location_id", item_path)
            if isinstance(location, dict):
                location_id = self.location(location, f"{item_path}.location") or location_id
            elif not location_id:
                self.package.problem("services", item_path, "location", _("The location is missing."))
            self.add("services_at_location", item_path, sal,
                     {"service_id": service_id, "location_id": location_id})

    def location(self, location: dict, path: str) -> str:
        location_type = self.scalar(location, "location_type", path)
        if not location_type:
            self.package.problem("locations", path, "location_type", _("A value is required."))
        elif location_type not in LOCATION_TYPES:
            self.package.problem("locations", path, "location_type", _(
                "“{value}” is not allowed; allowed are: {allowed}.").format(
                value=location_type, allowed=", ".join(LOCATION_TYPES)))
        location_id = self.scalar(location, "id", path)
        if location_id and location_id in self.seen["locations"]:
            return location_id
        row = self.add("locations", path, location)
        location_id = row.values.get("id", "") if row else ""
        for item_path, address in self.items(location, "addresses", path):
            self.add("physical_addresses", item_path, address, {"location_id": location_id})
        for item_path, access in self.items(location, "accessibility", path):
            text = self.scalar(access, "description", item_path) or self.scalar(access, "accessibility", item_path)
            self.add("accessibility_for_disabilities", item_path, access,
                     {"location_id": location_id, "accessibility": text})
        return location_id

    def schedule(self, schedule: dict, path: str, service_id: str) -> None:
        byday = self.scalar(schedule, "byday", path)
        opens, closes = self.scalar(schedule, "opens_at", path), self.scalar(schedule, "closes_at", path)
        if not byday:
            note = self.scalar(schedule, "description", path)
            if note:
                for row in self.package.tables["services"]:
                    if row.values.get("id") == service_id and not row.values.get("x_opening_hours_note"):
                        row.values["x_opening_hours_note"] = note
            return
        freq = self.scalar(schedule, "freq", path).upper()
        if freq and freq != "WEEKLY":
            self.package.warnings.append(_("{path}: only weekly schedules are imported.").format(path=path))
            return
        for index, day in enumerate(byday.split(",")):
            weekday = BYDAY.get(day.strip().upper()[-2:])
            if weekday is None:
                self.package.problem("regular_schedules", path, "byday", _(
                    "“{value}” is not a weekday (MO, TU, WE, TH, FR, SA, SU).").format(value=day.strip()))
                continue
            self.add("regular_schedules", f"{path}/{index}", {}, {
                "id": f"{self.scalar(schedule, 'id', path) or 'schedule'}-{weekday}", "service_id": service_id,
                "weekday": str(weekday), "opens_at": opens[:5], "closes_at": closes[:5],
            })

    def attribute(self, attribute: dict, path: str, service_id: str) -> None:
        term = attribute.get("taxonomy_term")
        if not isinstance(term, dict):
            return
        term_path = f"{path}.taxonomy_term"
        term_id = self.scalar(term, "id", term_path)
        if term_id not in self.seen["taxonomy"]:
            self.add("taxonomy", term_path, term, {
                "id": term_id, "name": self.scalar(term, "name", term_path) or self.scalar(term, "term", term_path),
                "vocabulary": self.scalar(term, "taxonomy", term_path) or self.scalar(term, "vocabulary", term_path),
            })
        self.add("service_taxonomy", path, {}, {
            "id": self.scalar(attribute, "id", path) or f"{service_id}:{term_id}", "service_id": service_id,
            "taxonomy_id": term_id, "taxonomy_detail": self.scalar(term, "code", term_path),
        })


def read_json(content: bytes, filename: str) -> Package:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise PackageError(_("{file} is not UTF-8 encoded.").format(file=filename)) from exc
    except (ValueError, RecursionError) as exc:
        raise PackageError(_("{file} is not valid JSON.").format(file=filename)) from exc
    reader = _Reader(filename)
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        items, base = data["contents"], "contents"
    elif isinstance(data, dict) and isinstance(data.get("organizations"), list):
        items, base = data["organizations"], "organizations"
    elif isinstance(data, list):
        items, base = data, ""
    elif isinstance(data, dict):
        items, base = [data], ""
    else:
        raise PackageError(_("{file} holds no HSDS services.").format(file=filename))
    for index, item in enumerate(items):
        path = f"{base}[{index}]"
        item = reader.obj(item, path)
        if item is None:
            continue
        if isinstance(item.get("services"), list) and "status" not in item:
            org_id = reader.organization(item, path)
            for service_path, service in reader.items(item, "services", path):
                reader.service(service, service_path, org_id)
        else:
            reader.service(item, path)
    package = reader.package
    keep = ("organizations", "services")
    package.tables = {name: rows for name, rows in package.tables.items() if rows or name in keep}
    return validate(package)
