"""Validation of organisation and contact-person imports: reads only, writes nothing.

`validate_file(...)` reads an uploaded table (core.tabular) and checks every row against the database and the
user's access scope. The result (`PreviewResult`) lists per row what would happen (new, update, error) and the
German messages; its rows also carry the cleaned values that `import_services.import_batch_run` writes.

Header names are a data format, not UI text: they stay plain German constants (English aliases accepted).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import ConsentPurpose
from quartiersnetz.core.models import ImportBatch, Quartier, User
from quartiersnetz.core.selectors import quartier_list
from quartiersnetz.core.tabular import (
    Table,
    TableError,
    cell_text,
    match_columns,
    normalise_header,
    parse_german_bool,
    parse_german_date,
    parse_german_decimal,
    read_table,
)

from .choices import ContactLevel, LegalDomain
from .models import ActorType, ContactPerson, Organisation
from .selectors import organisation_can_edit

KIND_ORGANISATIONS = "organisations"
KIND_CONTACTS = "contacts"
KINDS = (KIND_ORGANISATIONS, KIND_CONTACTS)


class RowAction(models.TextChoices):
    CREATE = "create", gettext_lazy("new")
    UPDATE = "update", gettext_lazy("will be updated")
    ERROR = "error", gettext_lazy("error")


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the German header written into templates and named in messages
    aliases: tuple[str, ...] = ()
    required: bool = False
    description: Any = ""
    example: str = ""


ORGANISATION_COLUMNS: tuple[Column, ...] = (
    Column("name", "Name", ("Name der Organisation", "Organisationsname"), True,
           gettext_lazy("Name of the organisation. An existing organisation with this name is updated."),
           "Stadtteilbüro Marxloh"),
    Column("short_name", "Kurzname", ("Kurzbezeichnung", "Abkürzung", "short name"), False,
           gettext_lazy("Short name or abbreviation."), "STB"),
    Column("actor_type", "Akteurstyp", ("Typ", "Art", "actor type", "type"), True,
           gettext_lazy("Actor type by its name or short name."), "Kommune"),
    Column("quartiere", "Quartiere", ("Quartier", "quarters"), False,
           gettext_lazy("Neighbourhoods by name or short name, separated by “,” or “|”. Empty: the "
                        "neighbourhood chosen for the import. Existing assignments are kept."),
           "Duisburg-Marxloh"),
    Column("legal_domain", "Rechtskreis", ("legal domain",), False,
           gettext_lazy("SGB II, SGB III, SGB VIII, SGB IX or SGB XII."), "SGB II"),
    Column("street", "Straße", ("Strasse", "Straße und Hausnummer", "Adresse", "Anschrift", "street"), False,
           gettext_lazy("Street and house number."), "Weseler Straße 12"),
    Column("postal_code", "PLZ", ("Postleitzahl", "postal code", "zip"), False,
           gettext_lazy("Five digits."), "47169"),
    Column("city", "Ort", ("Stadt", "city"), False, "", "Duisburg"),
    Column("phone", "Telefon", ("Tel", "Telefonnummer", "phone"), False, "", "0203 283-0"),
    Column("email", "E-Mail", ("Mail", "E-Mail-Adresse", "email address"), False, "", "info@example.org"),
    Column("website", "Website", ("Webseite", "Homepage", "Internet", "URL"), False, "", "www.example.org"),
    Column("description", "Beschreibung", ("description",), False, "", ""),
    Column("latitude", "Breitengrad", ("Breite", "lat", "latitude"), False,
           gettext_lazy("Decimal number with a comma."), "51,5034"),
    Column("longitude", "Längengrad", ("Länge", "lon", "lng", "longitude"), False,
           gettext_lazy("Decimal number with a comma."), "6,7788"),
)

CONSENT_COLUMNS = {
    "consent_contact": ConsentPurpose.CONTACT,
    "consent_share": ConsentPurpose.SHARE,
    "consent_publish": ConsentPurpose.PUBLISH,
}

CONTACT_COLUMNS: tuple[Column, ...] = (
    Column("organisation", "Organisation", ("organization",), True,
           gettext_lazy("Name of an existing organisation that you may edit."), "Jobcenter Duisburg"),
    Column("first_name", "Vorname", ("first name",), True, "", "Erika"),
    Column("last_name", "Nachname", ("Name", "Familienname", "last name"), True,
           gettext_lazy("An existing person with the same name at the same organisation is updated."),
           "Mustermann"),
    Column("function", "Funktion", ("Position", "Rolle", "function"), False, "", "Teamleitung"),
    Column("level", "Ebene", ("level",), False, gettext_lazy("Leitung or operativ."), "Leitung"),
    Column("decision_authority", "Entscheidungskompetenz", ("decision authority",), False,
           gettext_lazy("ja or nein."), "ja"),
    Column("is_deputy", "Vertretung", ("Stellvertretung", "deputy"), False, gettext_lazy("ja or nein."), "nein"),
    Column("email", "E-Mail", ("Mail", "E-Mail-Adresse", "email address"), False, "", "erika@example.org"),
    Column("phone", "Telefon", ("Tel", "Durchwahl", "Telefon (Durchwahl)", "phone"), False, "", "0203 123-45"),
    Column("valid_from", "Zuständig seit", ("seit", "valid from"), False, gettext_lazy("Date."), "01.02.2023"),
    Column("valid_until", "Zuständig bis", ("bis", "valid until"), False, gettext_lazy("Date."), ""),
    Column("note", "Notiz", ("Bemerkung", "note"), False, "", ""),
    Column("consent_contact", "Einwilligung Kontaktaufnahme", ("consent contact",), False,
           gettext_lazy("Date on which the written consent was given; empty: no consent."), "15.01.2024"),
    Column("consent_share", "Einwilligung Weitergabe", ("consent share",), False,
           gettext_lazy("Date on which the written consent was given; empty: no consent."), ""),
    Column("consent_publish", "Einwilligung Veröffentlichung", ("consent publish",), False,
           gettext_lazy("Date on which the written consent was given; empty: no consent."), ""),
)

COLUMNS = {KIND_ORGANISATIONS: ORGANISATION_COLUMNS, KIND_CONTACTS: CONTACT_COLUMNS}

# Accepted spellings of the legal domain (data format): codes, "SGB II", "SGB 2", "SGB-II" and the labels.
_ROMAN = {"ii": "2", "iii": "3", "viii": "8", "ix": "9", "xii": "12"}
_LEVEL_ALIASES = {"leitung": ContactLevel.MANAGEMENT, "leitungsebene": ContactLevel.MANAGEMENT,
                  "fuehrung": ContactLevel.MANAGEMENT, "operativ": ContactLevel.OPERATIONAL,
                  "operativeebene": ContactLevel.OPERATIONAL, "arbeitsebene": ContactLevel.OPERATIONAL}


# ---------------------------------------------------------------------------------------------------------------
# Results


@dataclass
class RowMessage:
    column: str
    message: str


@dataclass
class RowResult:
    number: int
    label: str = ""
    messages: list[RowMessage] = field(default_factory=list)
    update: bool = False
    payload: Any = None  # cleaned values for the writer; never serialised

    @property
    def action(self) -> str:
        if self.messages:
            return RowAction.ERROR
        return RowAction.UPDATE if self.update else RowAction.CREATE

    @property
    def action_label(self) -> str:
        return str(RowAction(self.action).label)

    @property
    def has_errors(self) -> bool:
        return bool(self.messages)

    def error(self, column: str, message: str) -> None:
        self.messages.append(RowMessage(column, message))

    def as_dict(self) -> dict:
        return {
            "row": self.number, "action": self.action, "label": self.label,
            "messages": [{"column": m.column, "message": m.message} for m in self.messages],
        }


@dataclass
class PreviewResult:
    kind: str
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.has_errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and not self.error_rows

    @property
    def counts(self) -> dict[str, int]:
        counts = {RowAction.CREATE.value: 0, RowAction.UPDATE.value: 0, RowAction.ERROR.value: 0}
        for row in self.rows:
            counts[str(row.action)] += 1
        return counts

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(r.messages) for r in self.rows)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind, "file_errors": list(self.file_errors), "warnings": list(self.warnings),
            "counts": self.counts, "rows": [r.as_dict() for r in self.rows],
        }


@dataclass
class OrganisationPayload:
    data: dict
    quartiere: list[Quartier]
    existing: Organisation | None


@dataclass
class ContactPayload:
    organisation: Organisation
    data: dict
    existing: ContactPerson | None
    consents: dict[str, dt.date]


# ---------------------------------------------------------------------------------------------------------------
# Entry points


def import_batch_list(*, user: User) -> models.QuerySet[ImportBatch]:
    """A batch is visible only to the user who created it."""
    if not getattr(user, "is_authenticated", False):
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(created_by=user, kind__in=KINDS).select_related("quartier")


def import_batch_get(*, user: User, pk: int) -> ImportBatch:
    try:
        return import_batch_list(user=user).get(pk=pk)
    except ImportBatch.DoesNotExist as exc:
        raise Http404 from exc


def validate_file(
    *, user: User, kind: str, quartier: Quartier, filename: str, content: bytes,
    progress: Callable[[int], None] | None = None,
) -> PreviewResult:
    """Read and check a whole file. File-level problems end up in `file_errors`, row problems in the rows."""
    try:
        table = read_table(content, filename)
    except TableError as exc:
        return PreviewResult(kind=kind, file_errors=[exc.message])
    return validate_table(user=user, kind=kind, quartier=quartier, table=table, progress=progress)


def check_columns(*, kind: str, table: Table) -> list[str]:
    """File-level problems: duplicate or missing required columns, no data rows."""
    columns = COLUMNS[kind]
    colmap = match_columns(table.headers, {c.key: (c.header, *c.aliases) for c in columns})
    errors = [
        _("The column “{column}” appears more than once in the header row.").format(column=header)
        for header in colmap.duplicates
    ]
    for column in columns:
        if column.required and column.key not in colmap.indexes:
            errors.append(_("The required column “{column}” is missing.").format(column=column.header))
    if not errors and not table.rows:
        errors.append(_("The file contains no data rows."))
    return errors


def validate_table(
    *, user: User, kind: str, quartier: Quartier, table: Table, progress: Callable[[int], None] | None = None
) -> PreviewResult:
    if kind not in COLUMNS:
        raise Http404
    columns = COLUMNS[kind]
    colmap = match_columns(table.headers, {c.key: (c.header, *c.aliases) for c in columns})
    result = PreviewResult(kind=kind, warnings=list(table.warnings))
    if quartier is None or not get_scope(user).can_edit_quartier(quartier.pk):
        result.file_errors.append(_("You may not import into this neighbourhood."))
    result.file_errors.extend(check_columns(kind=kind, table=table))
    for header in colmap.unknown:
        result.warnings.append(_("The column “{column}” is not known and will be ignored.").format(column=header))
    if result.file_errors:
        return result
    validator_class = _OrganisationValidator if kind == KIND_ORGANISATIONS else _ContactValidator
    validator = validator_class(user=user, quartier=quartier, table=table, colmap=colmap.indexes, columns=columns)
    result.rows = validator.run(progress=progress)
    return result


# ---------------------------------------------------------------------------------------------------------------
# Shared row checks


def _chunks(values: Sequence, size: int = 500) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _name_key(value: str) -> str:
    """Organisation names are unique case-insensitively (see Organisation.Meta)."""
    return re.sub(r"\s+", " ", value.strip()).lower()


class _Validator:
    def __init__(self, *, user: User, quartier: Quartier, table: Table, colmap: dict[str, int],
                 columns: Sequence[Column]):
        self.user = user
        self.quartier = quartier
        self.table = table
        self.colmap = colmap
        self.columns = {c.key: c for c in columns}
        self.scope = get_scope(user)
        self.issues: dict[int, list] = {}
        for issue in table.issues:
            self.issues.setdefault(issue.row, []).append(issue)

    def header(self, key: str) -> str:
        """The column name as written in the file (messages name what the user sees)."""
        index = self.colmap.get(key)
        if index is not None and index < len(self.table.headers):
            return self.table.headers[index]
        return self.columns[key].header

    def raw(self, row, key: str) -> Any:
        return row.get(self.colmap.get(key))

    def text(self, row, key: str) -> str:
        return cell_text(self.raw(row, key))

    def run(self, progress: Callable[[int], None] | None = None) -> list[RowResult]:
        self.prepare()
        results = []
        step = max(1, len(self.table.rows) // 50)
        for count, row in enumerate(self.table.rows, start=1):
            result = RowResult(number=row.number)
            for issue in self.issues.get(row.number, []):
                if issue.column in self.colmap.values():
                    result.error(self.table.headers[issue.column], issue.message)
            self.check_row(row, result)
            if result.has_errors:
                result.payload = None
            results.append(result)
            if progress is not None and (count % step == 0 or count == len(self.table.rows)):
                progress(count)
        return results

    def prepare(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def check_row(self, row, result: RowResult) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    # -- field helpers: each returns the cleaned value or None and records an error on the result

    def clean_text(self, row, result: RowResult, key: str, model, *, required: bool = False) -> str:
        value = self.text(row, key)
        if not value:
            if required:
                result.error(self.header(key), _("“{column}” must not be empty.").format(column=self.header(key)))
            return ""
        max_length = model._meta.get_field(key).max_length
        if max_length and len(value) > max_length:
            result.error(self.header(key), _("At most {max} characters are allowed.").format(max=max_length))
        return value

    def clean_email(self, row, result: RowResult, key: str = "email") -> str:
        value = self.text(row, key)
        if not value:
            return ""
        try:
            validate_email(value)
        except ValidationError:
            result.error(self.header(key), _("“{value}” is not a valid e-mail address.").format(value=value))
        return value

    def clean_date(self, row, result: RowResult, key: str) -> dt.date | None:
        value = self.raw(row, key)
        if value in (None, ""):
            return None
        try:
            return parse_german_date(value)
        except ValueError:
            result.error(
                self.header(key),
                _("“{value}” is not a date (example: 31.12.2024).").format(value=cell_text(value)),
            )
            return None

    def clean_bool(self, row, result: RowResult, key: str) -> bool | None:
        value = self.raw(row, key)
        try:
            return parse_german_bool(value)
        except ValueError:
            result.error(self.header(key), _("“{value}” is neither “ja” nor “nein”.").format(value=cell_text(value)))
            return None


# ---------------------------------------------------------------------------------------------------------------
# Organisations


def _quartier_keys(quartier: Quartier) -> set[str]:
    return {normalise_header(k) for k in (quartier.slug, quartier.display_name, f"{quartier.city} {quartier.name}")}


def _legal_domain_key(value: str) -> str:
    text = normalise_header(value.split("(")[0])
    match = re.fullmatch(r"sgb(ii|iii|viii|ix|xii|\d+)", text)
    if match:
        return "sgb" + _ROMAN.get(match.group(1), match.group(1))
    return text


class _OrganisationValidator(_Validator):
    def prepare(self) -> None:
        self.actor_types: dict[str, ActorType] = {}
        for actor_type in ActorType.objects.all():
            for key in (actor_type.name, actor_type.slug):
                self.actor_types.setdefault(normalise_header(key), actor_type)
        self.quartiere: dict[str, Quartier] = {}
        for quartier in quartier_list(user=self.user):
            for key in _quartier_keys(quartier):
                self.quartiere.setdefault(key, quartier)
        self.legal_domains: dict[str, str] = {}
        for code, label in LegalDomain.choices:
            if code:
                for key in (code, str(label)):
                    self.legal_domains.setdefault(_legal_domain_key(key), code)
        names = sorted({self.text(row, "name") for row in self.table.rows} - {""})
        self.existing: dict[str, Organisation] = {}
        for chunk in _chunks(names):
            keys = [_name_key(n) for n in chunk]
            # Exact names as well: SQLite's LOWER() only folds ASCII letters.
            qs = (Organisation.objects.annotate(lname=Lower("name"))
                  .filter(Q(lname__in=keys) | Q(name__in=chunk)).prefetch_related("quartiere"))
            for org in qs:
                self.existing.setdefault(_name_key(org.name), org)
        self.seen: dict[str, int] = {}

    def check_row(self, row, result: RowResult) -> None:
        name = self.clean_text(row, result, "name", Organisation, required=True)
        result.label = name
        existing = None
        if name:
            key = _name_key(name)
            if key in self.seen:
                result.error(self.header("name"), _("Duplicate name “{name}” (also in row {row})").format(
                    name=name, row=self.seen[key]))
            else:
                self.seen[key] = row.number
            existing = self.existing.get(key)
            if existing is not None and not organisation_can_edit(user=self.user, organisation=existing):
                result.error(self.header("name"), _(
                    "Name already taken: the organisation “{name}” exists and you may not change it."
                ).format(name=existing.name))
                existing = None
        data: dict[str, Any] = {}
        actor_type = self._actor_type(row, result)
        if actor_type is not None:
            data["actor_type"] = actor_type
        quartiere = self._quartiere(row, result)
        data["short_name"] = self.clean_text(row, result, "short_name", Organisation)
        data["legal_domain"] = self._legal_domain(row, result)
        data["street"] = self.clean_text(row, result, "street", Organisation)
        data["postal_code"] = self._postal_code(row, result)
        data["city"] = self.clean_text(row, result, "city", Organisation)
        data["phone"] = self.clean_text(row, result, "phone", Organisation)
        data["email"] = self.clean_email(row, result)
        data["website"] = self._website(row, result)
        data["description"] = self.clean_text(row, result, "description", Organisation)
        latitude = self._coordinate(row, result, "latitude", 90)
        longitude = self._coordinate(row, result, "longitude", 180)
        given = {k for k in ("latitude", "longitude") if self.raw(row, k) not in (None, "")}
        if len(given) == 1:
            result.error(self.header(given.pop()), _("Please give both latitude and longitude."))
        data["latitude"], data["longitude"] = latitude, longitude
        if existing is not None:
            result.update = True
            # Empty cells leave existing values unchanged; the name keeps its stored spelling.
            data = {k: v for k, v in data.items() if v not in ("", None)}
        else:
            data["name"] = name
        result.payload = OrganisationPayload(data=data, quartiere=quartiere, existing=existing)

    def _actor_type(self, row, result: RowResult) -> ActorType | None:
        value = self.text(row, "actor_type")
        if not value:
            header = self.header("actor_type")
            result.error(header, _("“{column}” must not be empty.").format(column=header))
            return None
        actor_type = self.actor_types.get(normalise_header(value))
        if actor_type is None:
            result.error(self.header("actor_type"), _("Unknown actor type “{value}”").format(value=value))
        return actor_type

    def _quartiere(self, row, result: RowResult) -> list[Quartier]:
        value = self.text(row, "quartiere")
        if not value:
            return [self.quartier]
        found: list[Quartier] = []
        for part in re.split(r"[,|\n]", value):
            part = part.strip()
            if not part:
                continue
            quartier = self.quartiere.get(normalise_header(part))
            if quartier is None:
                result.error(self.header("quartiere"), _("Unknown neighbourhood “{value}”").format(value=part))
            elif not self.scope.can_edit_quartier(quartier.pk):
                result.error(self.header("quartiere"), _(
                    "You may not add organisations to the neighbourhood “{name}”."
                ).format(name=quartier.display_name))
            elif quartier not in found:
                found.append(quartier)
        return found or [self.quartier]

    def _legal_domain(self, row, result: RowResult) -> str:
        value = self.text(row, "legal_domain")
        if not value:
            return ""
        code = self.legal_domains.get(_legal_domain_key(value))
        if code is None:
            result.error(self.header("legal_domain"), _(
                "Unknown legal domain “{value}” (allowed: SGB II, SGB III, SGB VIII, SGB IX, SGB XII)"
            ).format(value=value))
            return ""
        return code

    def _postal_code(self, row, result: RowResult) -> str:
        raw = self.raw(row, "postal_code")
        if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer() and 0 < raw < 1e5:
            return f"{int(raw):05d}"  # Excel drops the leading zero of 01067
        value = cell_text(raw)
        if value and not re.fullmatch(r"\d{5}", value):
            result.error(self.header("postal_code"), _("The postcode must have exactly 5 digits."))
        return value

    def _website(self, row, result: RowResult) -> str:
        value = self.text(row, "website")
        if not value:
            return ""
        url = value if re.match(r"^[a-z][a-z0-9+.-]*://", value, flags=re.IGNORECASE) else f"https://{value}"
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            result.error(self.header("website"), _("“{value}” is not a valid web address.").format(value=value))
            return ""
        if len(url) > Organisation._meta.get_field("website").max_length:
            result.error(self.header("website"), _("At most {max} characters are allowed.").format(
                max=Organisation._meta.get_field("website").max_length))
        return url

    def _coordinate(self, row, result: RowResult, key: str, limit: int) -> Decimal | None:
        raw = self.raw(row, key)
        if raw in (None, ""):
            return None
        try:
            value = parse_german_decimal(raw)
        except ValueError:
            result.error(self.header(key), _("“{value}” is not a number (example: 51,4963).").format(
                value=cell_text(raw)))
            return None
        if not -limit <= value <= limit:
            message = (_("The latitude must be between -90 and 90.") if key == "latitude"
                       else _("The longitude must be between -180 and 180."))
            result.error(self.header(key), message)
            return None
        return value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------------------------
# Contact persons


def _person_key(first_name: str, last_name: str) -> str:
    return f"{_name_key(first_name)}|{_name_key(last_name)}"


class _ContactValidator(_Validator):
    def prepare(self) -> None:
        from .selectors import organisation_list

        names = sorted({self.text(row, "organisation") for row in self.table.rows} - {""})
        self.organisations: dict[str, Organisation] = {}
        for chunk in _chunks(names):
            keys = [_name_key(n) for n in chunk]
            qs = (organisation_list(user=self.user).annotate(lname=Lower("name"))
                  .filter(Q(lname__in=keys) | Q(name__in=chunk)))
            for org in qs:
                self.organisations.setdefault(_name_key(org.name), org)
        self.people: dict[int, dict[str, list[ContactPerson]]] = {}
        org_ids = [o.pk for o in self.organisations.values()]
        for chunk in _chunks(org_ids):
            for person in ContactPerson.objects.filter(organisation_id__in=chunk).prefetch_related("consents"):
                key = _person_key(person.first_name, person.last_name)
                self.people.setdefault(person.organisation_id, {}).setdefault(key, []).append(person)
        self.seen: dict[tuple[int, str], int] = {}
        self.today = timezone.localdate()

    def check_row(self, row, result: RowResult) -> None:
        organisation = self._organisation(row, result)
        first_name = self.clean_text(row, result, "first_name", ContactPerson, required=True)
        last_name = self.clean_text(row, result, "last_name", ContactPerson, required=True)
        result.label = " ".join(p for p in (first_name, last_name) if p)
        if organisation is not None:
            result.label = f"{result.label} ({organisation.name})"
        existing = None
        if organisation is not None and first_name and last_name:
            key = _person_key(first_name, last_name)
            if (organisation.pk, key) in self.seen:
                result.error(self.header("last_name"), _(
                    "Duplicate person “{name}” at “{organisation}” (also in row {row})"
                ).format(name=f"{first_name} {last_name}", organisation=organisation.name,
                         row=self.seen[(organisation.pk, key)]))
            else:
                self.seen[(organisation.pk, key)] = row.number
            matches = self.people.get(organisation.pk, {}).get(key, [])
            if len(matches) > 1:
                result.error(self.header("last_name"), _(
                    "Several contact persons named “{name}” exist at “{organisation}”; the row cannot be assigned."
                ).format(name=f"{first_name} {last_name}", organisation=organisation.name))
            elif matches:
                existing = matches[0]
        data: dict[str, Any] = {"first_name": first_name, "last_name": last_name}
        data["function"] = self.clean_text(row, result, "function", ContactPerson)
        data["level"] = self._level(row, result)
        data["decision_authority"] = self.clean_bool(row, result, "decision_authority")
        data["is_deputy"] = self.clean_bool(row, result, "is_deputy")
        data["email"] = self.clean_email(row, result)
        data["phone"] = self.clean_text(row, result, "phone", ContactPerson)
        data["valid_from"] = self.clean_date(row, result, "valid_from")
        data["valid_until"] = self.clean_date(row, result, "valid_until")
        data["note"] = self.clean_text(row, result, "note", ContactPerson)
        valid_from = data["valid_from"] or (existing.valid_from if existing else None)
        if data["valid_until"] and valid_from and data["valid_until"] < valid_from:
            result.error(self.header("valid_until"), _("“{until}” is before “{since}”.").format(
                until=self.header("valid_until"), since=self.header("valid_from")))
        consents: dict[str, dt.date] = {}
        for key, purpose in CONSENT_COLUMNS.items():
            given_on = self.clean_date(row, result, key)
            if given_on is None:
                continue
            if given_on > self.today:
                result.error(self.header(key), _("A consent cannot be given in the future."))
                continue
            consents[purpose] = given_on
        if existing is not None:
            result.update = True
            data = {k: v for k, v in data.items() if v not in ("", None)}
        else:
            data = {k: v for k, v in data.items() if v is not None}
        if organisation is not None:
            result.payload = ContactPayload(organisation=organisation, data=data, existing=existing,
                                            consents=consents)

    def _organisation(self, row, result: RowResult) -> Organisation | None:
        value = self.text(row, "organisation")
        header = self.header("organisation")
        if not value:
            result.error(header, _("“{column}” must not be empty.").format(column=header))
            return None
        organisation = self.organisations.get(_name_key(value))
        if organisation is None:
            result.error(header, _("Unknown organisation “{value}”").format(value=value))
            return None
        if not organisation_can_edit(user=self.user, organisation=organisation):
            result.error(header, _("You may not add contact persons to the organisation “{name}”.").format(
                name=organisation.name))
            return None
        return organisation

    def _level(self, row, result: RowResult) -> str:
        value = self.text(row, "level")
        if not value:
            return ""
        key = normalise_header(value)
        for code, label in ContactLevel.choices:
            if key in (normalise_header(code), normalise_header(str(label))):
                return code
        if key in _LEVEL_ALIASES:
            return _LEVEL_ALIASES[key]
        result.error(self.header("level"), _("Unknown level “{value}” (allowed: Leitung, operativ)").format(
            value=value))
        return ""
