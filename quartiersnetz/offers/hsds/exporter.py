"""Export the offers of a Quartier as HSDS 1.1 (folder or zip with datapackage.json) or HSDS 3.0 JSON.

Ids: offers and locations carry their stored HSDS ids; organisations the id remembered for the Quartier (from an
earlier import) or a stable id derived from their primary key. Contact persons are exported only with an active
publication consent (name, function, e-mail, direct line and the date of the consent in the extension column
`x_publish_consent_given_on`); the export of their data is audited. Cells are written as they are (no spreadsheet
formula neutralisation): HSDS is a machine exchange format and a round trip must give the same values.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from quartiersnetz.core.choices import AuditAction, ConsentPurpose
from quartiersnetz.core.models import Quartier, User
from quartiersnetz.core.services import audit_log_many

from ..models import HsdsOrganisationLink, Offer
from ..selectors import publication_consent_active
from .importer import organisation_hsds_id
from .schema import STATUS_TO_HSDS, TABLES, VOCABULARY_TARGET_GROUP, VOCABULARY_TOPIC, table_schema

BYDAY = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}


def _offers(quartier: Quartier):
    return list(
        Offer.objects.filter(quartier=quartier)
        .select_related("provider", "provider__actor_type", "contact")
        .prefetch_related("target_groups", "topics", "locations", "contact__consents")
        .order_by("pk")
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _publish_since(person):
    today = timezone.localdate()
    dates = [r.given_on for r in person.consents.all() if r.purpose == ConsentPurpose.PUBLISH and r.is_active(today)]
    return min(dates) if dates else None


@dataclass
class Catalogue:
    quartier: Quartier
    tables: dict[str, list[dict]]
    exported_contacts: list

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


def build_catalogue(quartier: Quartier) -> Catalogue:
    """All HSDS rows of the Quartier's offers, as {table: [row dicts]}."""
    offers = _offers(quartier)
    links = {link.organisation_id: link.hsds_id for link in HsdsOrganisationLink.objects.filter(quartier=quartier)}
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    organisations, locations, terms = {}, {}, {}
    contacts = []
    for offer in offers:
        provider = offer.provider
        org_id = links.get(provider.pk) or organisation_hsds_id(provider)
        if provider.pk not in organisations:
            organisations[provider.pk] = org_id
            tables["organizations"].append({
                "id": org_id, "name": provider.name, "description": provider.description, "email": provider.email,
                "url": provider.website, "x_actor_type": provider.actor_type.slug,
            })
        sid = offer.hsds_id
        tables["services"].append({
            "id": sid, "organization_id": org_id, "name": offer.title, "description": offer.description,
            "url": offer.url, "email": offer.email, "status": STATUS_TO_HSDS[offer.status],
            "application_process": offer.access_note, "fees": offer.costs, "x_status": offer.status,
            "x_legal_basis": offer.legal_basis, "x_access_route": offer.access_route,
            "x_capacity": _text(offer.capacity), "x_valid_from": _text(offer.valid_from),
            "x_valid_until": _text(offer.valid_until), "x_in_quartier": _text(offer.in_quartier),
            "x_opening_hours_note": offer.opening_hours_note,
        })
        if offer.phone:
            tables["phones"].append({"id": f"{sid}-phone", "service_id": sid, "number": offer.phone})
        for index, language in enumerate(offer.language_list, start=1):
            tables["languages"].append({"id": f"{sid}-language-{index}", "service_id": sid, "language": language})
        for slot in offer.opening_hours:
            tables["regular_schedules"].append({
                "id": f"{sid}-{slot['weekday']}-{slot['opens']}", "service_id": sid, "weekday": str(slot["weekday"]),
                "opens_at": slot["opens"], "closes_at": slot["closes"],
            })
        for vocabulary, items in ((VOCABULARY_TARGET_GROUP, offer.target_groups.all()),
                                  (VOCABULARY_TOPIC, offer.topics.all())):
            for term in items:
                term_id = f"{vocabulary}:{term.slug}"
                if term_id not in terms:
                    terms[term_id] = {"id": term_id, "name": term.name, "vocabulary": vocabulary}
                tables["service_taxonomy"].append({
                    "id": f"{sid}:{term_id}", "service_id": sid, "taxonomy_id": term_id, "taxonomy_detail": term.slug,
                })
        for loc in offer.locations.all():
            lid = loc.hsds_id
            tables["services_at_location"].append({"id": f"{sid}@{lid}", "service_id": sid, "location_id": lid})
            if lid in locations:
                continue
            locations[lid] = loc
            tables["locations"].append({
                "id": lid, "organization_id": org_id, "name": loc.name, "transportation": loc.transportation,
                "latitude": _text(loc.latitude), "longitude": _text(loc.longitude),
            })
            if loc.street and loc.city and loc.postal_code:
                tables["physical_addresses"].append({
                    "id": f"{lid}-address", "location_id": lid, "address_1": loc.street, "city": loc.city,
                    "postal_code": loc.postal_code, "country": "DE",
                })
            if loc.accessibility:
                tables["accessibility_for_disabilities"].append({
                    "id": f"{lid}-accessibility", "location_id": lid, "accessibility": loc.accessibility,
                })
        person = offer.contact
        if person is not None and publication_consent_active(person):
            cid = f"{sid}-contact"
            tables["contacts"].append({
                "id": cid, "organization_id": org_id, "service_id": sid, "name": person.full_name,
                "title": person.function, "email": person.email,
                "x_publish_consent_given_on": _text(_publish_since(person)),
            })
            if person.phone:
                tables["phones"].append({"id": f"{cid}-phone", "contact_id": cid, "number": person.phone})
            contacts.append(person)
    tables["taxonomy"] = sorted(terms.values(), key=lambda t: t["id"])
    return Catalogue(quartier, tables, contacts)


def _audit(catalogue: Catalogue, user: User | None) -> None:
    if catalogue.exported_contacts:
        audit_log_many(user=user, action=AuditAction.EXPORT, entries=[
            (p, ["first_name", "last_name", "function", "email", "phone"], catalogue.quartier)
            for p in dict.fromkeys(catalogue.exported_contacts)
        ])


def _csv(table: str, rows: list[dict]) -> bytes:
    headers = [f.name for f in TABLES[table]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return buffer.getvalue().encode("utf-8")


def datapackage_files(quartier: Quartier, *, user: User | None) -> dict[str, bytes]:
    """{file name: content} of the HSDS 1.1 data package (datapackage.json and one CSV per table)."""
    catalogue = build_catalogue(quartier)
    files = {f"{table}.csv": _csv(table, rows) for table, rows in catalogue.tables.items()}
    descriptor = {
        "name": f"quartiersnetz-{quartier.slug}",
        "title": f"Angebote im Quartier {quartier.display_name}",
        "profile": "tabular-data-package",
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "hsds_version": "1.1",
        "resources": [
            {"name": table, "path": f"{table}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "profile": "tabular-data-resource", "schema": table_schema(table)}
            for table in TABLES
        ],
    }
    files["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8")
    _audit(catalogue, user)
    return files


def export_zip(quartier: Quartier, *, user: User | None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(datapackage_files(quartier, user=user).items()):
            archive.writestr(name, content)
    return buffer.getvalue()


def export_folder(quartier: Quartier, path: Path, *, user: User | None) -> list[Path]:
    path.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in sorted(datapackage_files(quartier, user=user).items()):
        (path / name).write_bytes(content)
        written.append(path / name)
    return written


def _number(value: str):
    return float(value) if value else None


def hsds3(quartier: Quartier, *, user: User | None) -> dict:
    """HSDS 3.0 JSON: a page of full service objects, as the HSDS 3.0 API answers `/services`."""
    catalogue = build_catalogue(quartier)
    t = catalogue.tables

    def by(table: str, key: str) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for row in t[table]:
            out.setdefault(row.get(key, ""), []).append(row)
        return out

    organisations = {o["id"]: o for o in t["organizations"]}
    locations = {loc["id"]: loc for loc in t["locations"]}
    addresses, access = by("physical_addresses", "location_id"), by("accessibility_for_disabilities", "location_id")
    phones, contact_phones = by("phones", "service_id"), by("phones", "contact_id")
    languages, schedules = by("languages", "service_id"), by("regular_schedules", "service_id")
    contacts, sal = by("contacts", "service_id"), by("services_at_location", "service_id")
    links, terms = by("service_taxonomy", "service_id"), {term["id"]: term for term in t["taxonomy"]}
    contents = []
    for s in t["services"]:
        sid = s["id"]
        org = organisations[s["organization_id"]]
        grouped: dict[tuple[str, str], list[int]] = {}
        for slot in schedules.get(sid, []):
            grouped.setdefault((slot["opens_at"], slot["closes_at"]), []).append(int(slot["weekday"]))
        schedule_items = [
            {"id": f"{sid}-schedule-{index}", "freq": "WEEKLY", "wkst": "MO",
             "byday": ",".join(BYDAY[d] for d in sorted(days)), "opens_at": opens, "closes_at": closes}
            for index, ((opens, closes), days) in enumerate(sorted(grouped.items()), start=1)
        ]
        if s["x_opening_hours_note"]:
            schedule_items.append({"id": f"{sid}-schedule-note", "description": s["x_opening_hours_note"]})
        service = {
            "id": sid, "name": s["name"], "description": s["description"], "url": s["url"] or None,
            "email": s["email"] or None, "status": s["status"], "fees_description": s["fees"],
            "application_process": s["application_process"],
            "organization": {"id": org["id"], "name": org["name"], "description": org["description"],
                             "email": org["email"] or None, "website": org["url"] or None,
                             "x_actor_type": org["x_actor_type"]},
            "phones": [{"id": p["id"], "number": p["number"]} for p in phones.get(sid, [])],
            "languages": [{"id": lang["id"], "name": lang["language"]} for lang in languages.get(sid, [])],
            "schedules": schedule_items,
            "contacts": [
                {"id": c["id"], "name": c["name"], "title": c["title"], "email": c["email"] or None,
                 "x_publish_consent_given_on": c["x_publish_consent_given_on"],
                 "phones": [{"id": p["id"], "number": p["number"]} for p in contact_phones.get(c["id"], [])]}
                for c in contacts.get(sid, [])
            ],
            "attributes": [
                {"id": link["id"], "link_id": sid, "link_type": "service", "link_entity": "service",
                 "taxonomy_term_id": link["taxonomy_id"],
                 "taxonomy_term": {"id": link["taxonomy_id"], "code": link["taxonomy_detail"],
                                   "name": terms[link["taxonomy_id"]]["name"],
                                   "taxonomy": terms[link["taxonomy_id"]]["vocabulary"]}}
                for link in links.get(sid, [])
            ],
            "service_at_locations": [],
        }
        for key in ("x_status", "x_legal_basis", "x_access_route", "x_valid_from", "x_valid_until", "x_in_quartier"):
            service[key] = s[key]
        service["x_capacity"] = int(s["x_capacity"]) if s["x_capacity"] else None
        for item in sal.get(sid, []):
            loc = locations[item["location_id"]]
            service["service_at_locations"].append({"id": item["id"], "location": {
                "id": loc["id"], "location_type": "physical", "name": loc["name"],
                "transportation": loc["transportation"], "latitude": _number(loc["latitude"]),
                "longitude": _number(loc["longitude"]),
                "addresses": [{"id": a["id"], "address_1": a["address_1"], "city": a["city"],
                               "postal_code": a["postal_code"], "country": a["country"], "state_province": "",
                               "address_type": "physical"} for a in addresses.get(loc["id"], [])],
                "accessibility": [{"id": a["id"], "description": a["accessibility"]}
                                  for a in access.get(loc["id"], [])],
            }})
        contents.append(service)
    _audit(catalogue, user)
    return {"total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
            "first_page": True, "last_page": True, "empty": not contents, "contents": contents}


def export_json(quartier: Quartier, *, user: User | None) -> bytes:
    return json.dumps(hsds3(quartier, user=user), ensure_ascii=False, indent=2).encode("utf-8")
