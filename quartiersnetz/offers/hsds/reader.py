"""Read and validate HSDS packages. Every problem is collected with file, row and field; nothing is written.

Accepted input:
- HSDS 1.1 tabular data package: a folder or a zip file with `datapackage.json` and the CSV files it lists
  (UTF-8, comma-separated, first row = column names). In a zip the package may sit in one sub-folder.
- HSDS 3.0 JSON: a list of services, one service, a page of services (`{"contents": [...]}`) or a list of
  organizations with their `services` (see `json30`).

Row numbers of CSV files are line numbers as a spreadsheet shows them (the header is row 1); in JSON the "row"
is the path of the object, e.g. `contents[2].service_at_locations[0].location`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from .schema import REQUIRED_TABLES, TABLES, Field, fields_of

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_FILES = 200
MAX_ROWS = 50_000
MAX_PROBLEMS = 1000
FORMAT_11 = "hsds-1.1"
FORMAT_30 = "hsds-3.0"


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | str | None
    field: str
    message: str

    def __str__(self) -> str:
        if self.row is not None and self.field:
            return _("{file}, row {row}, field {field}: {message}").format(
                file=self.file, row=self.row, field=self.field, message=self.message)
        if self.field:
            return _("{file}, field {field}: {message}").format(file=self.file, field=self.field, message=self.message)
        if self.row is not None:
            return _("{file}, row {row}: {message}").format(file=self.file, row=self.row, message=self.message)
        return _("{file}: {message}").format(file=self.file, message=self.message)

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "field": self.field, "message": self.message, "text": str(self)}


@dataclass
class Row:
    line: int | str
    values: dict[str, str]

    def get(self, name: str) -> str:
        return (self.values.get(name) or "").strip()


@dataclass
class Package:
    format: str
    source: str
    tables: dict[str, list[Row]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # table → file name used in messages
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def rows(self, table: str) -> list[Row]:
        return self.tables.get(table, [])

    def file(self, table: str) -> str:
        return self.files.get(table, f"{table}.csv")

    def problem(self, table: str | None, row, field_name: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.file(table) if table else self.source, row, field_name, message))

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


class PackageError(Exception):
    """The input cannot be read at all (not a zip, no datapackage.json, …)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- values -------------------------------------------------------------------------------------------------------

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$")
_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


def convert(f: Field, text: str):
    """Typed value of a non-empty cell; ValueError with a German message when it does not fit the field."""
    if f.type == "number":
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(_("“{value}” is not a number (use a point as decimal separator).").format(
                value=text)) from exc
        if not value.is_finite():
            raise ValueError(_("“{value}” is not a number (use a point as decimal separator).").format(value=text))
    elif f.type == "integer":
        if not re.fullmatch(r"[+-]?\d{1,12}", text):
            raise ValueError(_("“{value}” is not a whole number.").format(value=text))
        value = int(text)
    elif f.type == "date":
        try:
            value = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(_("“{value}” is not a date in the form YYYY-MM-DD.").format(value=text)) from exc
        return value
    elif f.type == "time":
        match = _TIME.match(text)
        if not match:
            raise ValueError(_("“{value}” is not a time in the form HH:MM.").format(value=text))
        return f"{match.group(1)}:{match.group(2)}"
    elif f.type == "boolean":
        lowered = text.casefold()
        if lowered not in ("true", "false", "1", "0", "yes", "no"):
            raise ValueError(_("“{value}” is not true or false.").format(value=text))
        return lowered in ("true", "1", "yes")
    elif f.type == "email":
        try:
            _email(text)
        except ValidationError as exc:
            raise ValueError(_("“{value}” is not a valid e-mail address.").format(value=text)) from exc
        return text
    elif f.type == "uri":
        try:
            _url(text)
        except ValidationError as exc:
            raise ValueError(_("“{value}” is not a valid web address (http:// or https://).").format(
                value=text)) from exc
        return text
    else:
        if f.enum and text not in f.enum:
            raise ValueError(_("“{value}” is not allowed; allowed are: {allowed}.").format(
                value=text, allowed=", ".join(f.enum)))
        if f.max_length and len(text) > f.max_length:
            raise ValueError(_("The text is longer than {max} characters.").format(max=f.max_length))
        return text
    if f.minimum is not None and value < f.minimum or f.maximum is not None and value > f.maximum:
        raise ValueError(_("{value} is outside the allowed range {min} to {max}.").format(
            value=text, min=_plain(f.minimum), max=_plain(f.maximum)))
    return value


def _plain(number) -> str:
    return str(int(number)) if number is not None and float(number).is_integer() else str(number)


def value(package_row: Row, table: str, name: str):
    """Typed value of a cell of a validated package (None when empty)."""
    text = package_row.get(name)
    return convert(fields_of(table)[name], text) if text else None


# --- validation ---------------------------------------------------------------------------------------------------


def validate(package: Package, headers: dict[str, list[str]] | None = None) -> Package:
    """Check required columns (CSV), required values, types, enumerations, unique ids and references."""
    headers = headers or {}
    for table in REQUIRED_TABLES:
        if table not in package.tables:
            package.problem(None, None, "", _("The file {file} is missing.").format(file=f"{table}.csv"))
    ids: dict[str, set[str]] = {}
    for table, rows in package.tables.items():
        spec = TABLES[table]
        present = headers.get(table)
        skip = set()
        if present is not None:
            for f in spec:
                if f.required and f.name not in present:
                    package.problem(table, 1, f.name, _("The required column is missing."))
                    skip.add(f.name)
        seen: dict[str, int | str] = {}
        for row in rows:
            for f in spec:
                if f.name in skip:
                    continue
                text = row.get(f.name)
                if not text:
                    if f.required:
                        package.problem(table, row.line, f.name, _("A value is required."))
                    continue
                try:
                    convert(f, text)
                except ValueError as exc:
                    package.problem(table, row.line, f.name, str(exc))
            row_id = row.get("id")
            if row_id:
                if row_id in seen:
                    package.problem(table, row.line, "id", _("The id “{id}” occurs more than once (first in row "
                                                             "{row}).").format(id=row_id, row=seen[row_id]))
                else:
                    seen[row_id] = row.line
        ids[table] = set(seen)
    for table, rows in package.tables.items():
        for f in TABLES[table]:
            if not f.ref:
                continue
            target = ids.get(f.ref, set())
            for row in rows:
                ref = row.get(f.name)
                if ref and ref not in target:
                    package.problem(table, row.line, f.name, _("There is no entry “{id}” in {file}.").format(
                        id=ref, file=package.file(f.ref)))
    for row in package.rows("regular_schedules"):
        opens, closes = row.get("opens_at"), row.get("closes_at")
        if opens and closes and _TIME.match(opens) and _TIME.match(closes) and closes[:5] <= opens[:5]:
            package.problem("regular_schedules", row.line, "closes_at",
                            _("The closing time must be after the opening time."))
    for row in package.rows("services"):
        start, end = row.get("x_valid_from"), row.get("x_valid_until")
        try:
            if start and end and dt.date.fromisoformat(end) < dt.date.fromisoformat(start):
                package.problem("services", row.line, "x_valid_until", _("The end date is before the start date."))
        except ValueError:
            pass
    for row in package.rows("locations"):
        if bool(row.get("latitude")) != bool(row.get("longitude")):
            package.problem("locations", row.line, "longitude" if row.get("latitude") else "latitude",
                            _("Latitude and longitude must be given together."))
    return package


# --- HSDS 1.1 data packages ---------------------------------------------------------------------------------------


def _decode(data: bytes, file: str, package: Package) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        package.problems.append(Problem(file, line, "", _(
            "The file is not UTF-8 encoded (first invalid byte in line {line}). HSDS files must be saved as UTF-8."
        ).format(line=line)))
        return None


def _read_csv(table: str, file: str, data: bytes, package: Package, headers: dict) -> None:
    text = _decode(data, file, package)
    if text is None:
        return
    if "\x00" in text:
        package.problems.append(Problem(file, None, "", _("The file contains NUL characters.")))
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        package.problems.append(Problem(file, None, "", _("The file is empty.")))
        return
    except csv.Error as exc:
        package.problems.append(Problem(file, 1, "", _("The file is not valid CSV: {error}").format(error=exc)))
        return
    headers[table] = header
    rows = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                package.problems.append(Problem(file, line, "", _("The row has more cells than the header.")))
                continue
            rows.append(Row(line, dict(zip(header, values, strict=False))))
            if len(rows) > MAX_ROWS:
                package.problems.append(Problem(file, line, "", _("The file has more than {max} rows.").format(
                    max=MAX_ROWS)))
                break
    except csv.Error as exc:
        package.problems.append(Problem(file, reader.line_num, "", _("The file is not valid CSV: {error}").format(
            error=exc)))
    package.tables[table] = rows


def read_datapackage(files: dict[str, bytes], source: str) -> Package:
    """Read a package from {relative path: content}. The paths are relative to the folder of datapackage.json."""
    package = Package(FORMAT_11, source)
    descriptor = files.get("datapackage.json")
    if descriptor is None:
        raise PackageError(_("The package has no datapackage.json."))
    try:
        meta = json.loads(descriptor.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackageError(_("datapackage.json is not valid JSON.")) from exc
    if not isinstance(meta, dict):
        raise PackageError(_("datapackage.json is not valid JSON."))
    resources = meta.get("resources")
    if not isinstance(resources, list):
        raise PackageError(_("datapackage.json lists no resources."))
    paths: dict[str, str] = {}
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict):
            package.problems.append(Problem("datapackage.json", f"resources[{index}]", "", _("Not an object.")))
            continue
        path = resource.get("path")
        name = resource.get("name") or (PurePosixPath(path).stem if isinstance(path, str) else "")
        if name in TABLES:
            if not isinstance(path, str) or not path:
                path = f"{name}.csv"
            paths[name] = str(PurePosixPath(path))
    for table in TABLES:
        if table not in paths and f"{table}.csv" in files:
            paths[table] = f"{table}.csv"
    headers: dict[str, list[str]] = {}
    for table in TABLES:
        path = paths.get(table)
        if path is None:
            continue
        package.files[table] = path
        if path not in files:
            package.problems.append(Problem("datapackage.json", None, table, _(
                "The file {file} listed in datapackage.json is missing.").format(file=path)))
            continue
        _read_csv(table, path, files[path], package, headers)
    return validate(package, headers)


def _zip_files(content: bytes) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        raise PackageError(_("The file is not a valid zip archive.")) from exc
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_FILES:
        raise PackageError(_("The archive contains too many files."))
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
        raise PackageError(_("The archive is too large when unpacked."))
    descriptors = sorted((i.filename for i in infos if PurePosixPath(i.filename).name == "datapackage.json"),
                         key=lambda n: (n.count("/"), n))
    if not descriptors:
        raise PackageError(_("The package has no datapackage.json."))
    base = PurePosixPath(descriptors[0]).parent
    files = {}
    for info in infos:
        path = PurePosixPath(info.filename)
        if ".." in path.parts or path.is_absolute():
            continue
        try:
            relative = path.relative_to(base)
        except ValueError:
            continue
        try:
            files[str(relative)] = archive.read(info)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
            raise PackageError(_("The archive cannot be unpacked.")) from exc
    return files


def read_bytes(content: bytes, filename: str) -> Package:
    """A package uploaded as one file: a zip (HSDS 1.1) or a JSON file (HSDS 3.0)."""
    name = (filename or "").casefold()
    stripped = content.lstrip()[:1]
    if name.endswith(".json") or stripped in (b"{", b"["):
        from .json30 import read_json

        return read_json(content, filename or "hsds.json")
    if name.endswith(".zip") or content[:2] == b"PK" or zipfile.is_zipfile(io.BytesIO(content)):
        return read_datapackage(_zip_files(content), filename or "hsds.zip")
    raise PackageError(_("Please upload an HSDS 1.1 data package as .zip or an HSDS 3.0 file as .json."))


def read_path(path: Path) -> Package:
    """A package on disk: a folder with datapackage.json, a zip file or a JSON file."""
    if path.is_dir():
        files = {}
        total = 0
        for file in sorted(path.rglob("*")):
            if file.is_file():
                total += file.stat().st_size
                if total > MAX_UNCOMPRESSED_BYTES or len(files) >= MAX_FILES:
                    raise PackageError(_("The package is too large."))
                files[file.relative_to(path).as_posix()] = file.read_bytes()
        return read_datapackage(files, path.name)
    if not path.is_file():
        raise PackageError(_("There is no file or folder “{path}”.").format(path=path))
    if path.stat().st_size > MAX_UNCOMPRESSED_BYTES:
        raise PackageError(_("The package is too large."))
    return read_bytes(path.read_bytes(), path.name)
