"""Reading uploaded tables (CSV/XLSX from German Excel) and writing safe exports.

Reading (`read_table`):
- XLSX is recognised by its ZIP signature or the file name; the first worksheet is read.
- CSV is decoded as UTF-8 (with or without BOM). If that fails, each line is decoded on its own: UTF-8 first,
  then Windows-1252, so that cp1252 files and files that mix both encodings are read correctly. Bytes that
  are valid in neither become cell issues ("bad encoding") of their row; a file that is mostly undecodable,
  has an undecodable header or contains NUL bytes is rejected as a whole.
- The delimiter is sniffed between `;`, tab and `,` (ties prefer `;`, the German Excel default); an Excel
  `sep=;` first line is honoured.
- Rows carry their spreadsheet number (header = row 1 when the file starts with it).

Parsing: `parse_german_decimal("1.234,5") == Decimal("1234.5")`, `parse_german_date("31.12.2014")`,
`parse_german_bool("ja")`.

Writing (`write_csv`, `write_xlsx`): German Excel formats (UTF-8 with BOM, `;`, CRLF, decimal comma) and
neutralised formulas: text starting with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe. Numbers stay
numbers. On reading, such an apostrophe is removed again so that an export can be imported unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import ApplicationError

DELIMITERS = (";", "\t", ",")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .xls
DEFAULT_MAX_ROWS = 20_000
BOOL_TRUE = frozenset({"ja", "j", "yes", "y", "true", "wahr", "1", "x"})
BOOL_FALSE = frozenset({"nein", "n", "no", "false", "falsch", "0"})

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XLSX_ILLEGAL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_TITLE_BAD_RE = re.compile(r"[\[\]:*?/\\]")
_GERMAN_DECIMAL_RE = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_POINT_DECIMAL_RE = re.compile(r"[+-]?\d+\.\d+")
_GERMAN_DATE_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")


class TableError(ApplicationError):
    """The file as a whole cannot be read. The message is shown to the user."""


@dataclass(frozen=True)
class CellIssue:
    """A problem found while reading one cell (e.g. bad encoding). `column` indexes Table.headers."""

    row: int
    column: int
    message: str


@dataclass(frozen=True)
class TableRow:
    number: int  # as in the spreadsheet (header = 1)
    cells: tuple[Any, ...]

    def get(self, index: int | None) -> Any:
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]


@dataclass
class Table:
    headers: list[str]
    rows: list[TableRow]
    format: str  # "csv" or "xlsx"
    encoding: str = ""  # "utf-8", "utf-8-sig", "cp1252", "mixed" (CSV only)
    delimiter: str = ""
    issues: list[CellIssue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    header_row: int = 1


@dataclass(frozen=True)
class ColumnMap:
    """Which header index belongs to which canonical column key."""

    indexes: dict[str, int]
    unknown: list[str]
    duplicates: list[str]


# ---------------------------------------------------------------------------------------------------------------
# Reading


def max_import_bytes() -> int:
    return int(getattr(settings, "QN_IMPORT_MAX_BYTES", 5 * 1024 * 1024))


def max_import_rows() -> int:
    return int(getattr(settings, "QN_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def check_size(size: int) -> None:
    """Raise TableError for empty or oversized files (used before reading an upload into memory)."""
    if size <= 0:
        raise TableError(_("The file is empty."))
    limit = max_import_bytes()
    if size > limit:
        raise TableError(
            _("The file is too large ({size}). At most {limit} are allowed.").format(
                size=filesizeformat(size), limit=filesizeformat(limit)
            ),
            status=413,
        )


def read_table(content: bytes, filename: str = "") -> Table:
    """Read an uploaded CSV or XLSX file. Raises TableError with a German message when the file is unusable."""
    content = bytes(content or b"")
    check_size(len(content))
    name = (filename or "").lower()
    if content.startswith(OLE_MAGIC) or name.endswith(".xls"):
        raise TableError(_("The old Excel format .xls is not supported. Please save the file as .xlsx or CSV."))
    if content.startswith(ZIP_MAGIC) or name.endswith(XLSX_EXTENSIONS):
        table = _read_xlsx(content)
    else:
        table = _read_csv(content)
    if not table.headers or not any(h for h in table.headers):
        raise TableError(_("The file has no header row."))
    return table


def _strip_neutralisation(value: str) -> str:
    """Undo our own formula neutralisation ("'=SUM" -> "=SUM") so that exports can be imported again."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
        return value[1:]
    return value


def _clean_text(value: str) -> str:
    return _strip_neutralisation(value.strip())


def _decode(content: bytes) -> tuple[str, str, list[str]]:
    """Return (text, encoding, warnings). See the module docstring for the strategy."""
    if b"\x00" in content:
        raise TableError(_encoding_message())
    if content.startswith(b"\xef\xbb\xbf"):
        body, bom = content[3:], True
    else:
        body, bom = content, False
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8", []
    except UnicodeDecodeError:
        pass
    parts: list[str] = []
    kinds = {"utf8": 0, "cp1252": 0, "bad": 0}
    first_nonempty_kind = None
    nonempty = 0
    for raw in body.split(b"\n"):
        try:
            text = raw.decode("utf-8")
            kind = "ascii" if raw.isascii() else "utf8"
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
                kind = "cp1252"
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="replace")
                kind = "bad"
        if kind in kinds:
            kinds[kind] += 1
        if raw.strip():
            nonempty += 1
            if first_nonempty_kind is None:
                first_nonempty_kind = kind
        parts.append(text)
    if first_nonempty_kind == "bad" or kinds["bad"] * 2 > max(nonempty - 1, 1):
        raise TableError(_encoding_message())
    warnings = []
    if kinds["utf8"] and kinds["cp1252"]:
        encoding = "mixed"
        warnings.append(_("The file mixes UTF-8 and Windows-1252 encoding; it was read line by line."))
    else:
        encoding = "cp1252"
    return "\n".join(parts), encoding, warnings


def _encoding_message() -> str:
    return _(
        "The file is encoded neither in UTF-8 nor in Windows-1252. "
        "Please save it in Excel as “CSV UTF-8 (comma delimited)”."
    )


def _sniff_delimiter(first_line: str) -> str:
    best, best_count = ";", 1
    for delimiter in DELIMITERS:
        count = len(next(csv.reader([first_line], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best


def _read_csv(content: bytes) -> Table:
    text, encoding, warnings = _decode(content)
    if not text.strip():
        raise TableError(_("The file is empty."))
    delimiter = None
    lines = text.split("\n", 1)
    first = lines[0].strip().strip("\ufeff")
    if re.fullmatch(r'"?sep=(.)"?', first, flags=re.IGNORECASE):
        delimiter = re.fullmatch(r'"?sep=(.)"?', first, flags=re.IGNORECASE).group(1)
        text = lines[1] if len(lines) > 1 else ""
    if delimiter is None:
        first_nonempty = next((line for line in text.split("\n") if line.strip()), "")
        delimiter = _sniff_delimiter(first_nonempty)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    header_row = 1
    rows: list[TableRow] = []
    issues: list[CellIssue] = []
    limit = max_import_rows()
    try:
        for number, record in enumerate(reader, start=1):
            cells = [_clean_text(c) for c in record]
            if headers is None:
                if any(cells):
                    headers = [c.strip("\ufeff").strip() for c in cells]
                    header_row = number
                continue
            if not any(cells):
                continue
            if len(rows) >= limit:
                raise TableError(_("The file has more than {limit} rows.").format(limit=limit))
            for index, cell in enumerate(cells):
                if "\ufffd" in cell:
                    issues.append(CellIssue(number, index, _(
                        "Contains characters that are neither UTF-8 nor Windows-1252 (bad encoding)."
                    )))
                elif _CONTROL_RE.search(cell):
                    issues.append(CellIssue(number, index, _("Contains control characters that are not allowed.")))
            rows.append(TableRow(number, tuple(cells)))
    except csv.Error as exc:
        raise TableError(
            _("The CSV file could not be read (row {row}).").format(row=reader.line_num)
        ) from exc
    if headers is not None and any("\ufffd" in h or _CONTROL_RE.search(h) for h in headers):
        raise TableError(_encoding_message())
    return Table(
        headers=headers or [], rows=rows, format="csv", encoding=encoding, delimiter=delimiter, issues=issues,
        warnings=warnings, header_row=header_row,
    )


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return _clean_text(value)
    return value


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds of errors for broken files
        raise TableError(
            _("The Excel file could not be read. Please check that it is a valid .xlsx file.")
        ) from exc
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise TableError(_("The file has no header row."))
        sheet = sheets[0]
        warnings = []
        if len(sheets) > 1:
            warnings.append(_("Only the first worksheet “{name}” was read.").format(name=sheet.title))
        headers: list[str] | None = None
        header_row = 1
        rows: list[TableRow] = []
        limit = max_import_rows()
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_xlsx_value(v) for v in values]
            filled = any(c not in (None, "") for c in cells)
            if headers is None:
                if filled:
                    headers = [cell_text(c) for c in cells]
                    header_row = number
                elif number > limit:
                    break
                continue
            if not filled:
                if number > header_row + limit:
                    break
                continue
            if len(rows) >= limit:
                raise TableError(_("The file has more than {limit} rows.").format(limit=limit))
            rows.append(TableRow(number, tuple(cells)))
    finally:
        workbook.close()
    # Excel often reports trailing empty header cells; drop them.
    headers = headers or []
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers=headers, rows=rows, format="xlsx", warnings=warnings, header_row=header_row)


def normalise_header(value: Any) -> str:
    """Header key: case-insensitive, umlauts folded, punctuation and spaces dropped ("E-Mail" -> "email")."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip().casefold()
    for umlaut, folded in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, folded)
    return re.sub(r"[^0-9a-z]+", "", text)


def match_columns(headers: Sequence[str], spec: Mapping[str, Iterable[str]]) -> ColumnMap:
    """Map headers to canonical keys. `spec` maps each key to its accepted header names (any spelling)."""
    lookup: dict[str, str] = {}
    for key, aliases in spec.items():
        for alias in (key, *aliases):
            lookup.setdefault(normalise_header(alias), key)
    indexes: dict[str, int] = {}
    unknown: list[str] = []
    duplicates: list[str] = []
    for index, header in enumerate(headers):
        norm = normalise_header(header)
        if not norm:
            continue
        key = lookup.get(norm)
        if key is None:
            unknown.append(header)
        elif key in indexes:
            duplicates.append(header)
        else:
            indexes[key] = index
    return ColumnMap(indexes=indexes, unknown=unknown, duplicates=duplicates)


# ---------------------------------------------------------------------------------------------------------------
# Parsing cell values


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing ".0", dates in German format, None as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f").replace(".", ",")
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def parse_german_decimal(value: Any) -> Decimal:
    """'1.234,5' -> Decimal('1234.5'). Also accepts numbers, '1234,5', '51.4963' (a single point followed by
    anything but exactly three digits is a decimal point) and a leading sign. Raises ValueError otherwise."""
    if isinstance(value, bool) or value is None:
        raise ValueError(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(value)
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(value)
        return Decimal(repr(value))
    text = str(value).strip()
    for space in (" ", "\u00a0", "\u202f"):
        text = text.replace(space, "")
    text = text.replace("\u2212", "-")  # typographic minus
    if _GERMAN_DECIMAL_RE.fullmatch(text):
        normalised = text.replace(".", "").replace(",", ".")
    elif _POINT_DECIMAL_RE.fullmatch(text):
        normalised = text
    else:
        raise ValueError(value)
    try:
        return Decimal(normalised)
    except InvalidOperation as exc:  # pragma: no cover - the patterns only let numbers through
        raise ValueError(value) from exc


def parse_german_date(value: Any) -> dt.date:
    """'31.12.2014', '1.2.2014', '2014-12-31' or a date/datetime -> date. Raises ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if match := _GERMAN_DATE_RE.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DATE_RE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(value)
    return dt.date(year, month, day)  # ValueError for 31.02.


def parse_german_bool(value: Any) -> bool | None:
    """'ja'/'nein' (also x, 1/0, wahr/falsch, yes/no) -> bool; empty -> None. Raises ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold()
    if not text:
        return None
    if text in BOOL_TRUE:
        return True
    if text in BOOL_FALSE:
        return False
    raise ValueError(value)


# ---------------------------------------------------------------------------------------------------------------
# Writing


def neutralise(value: str) -> str:
    """Prefix text that a spreadsheet would read as a formula with an apostrophe."""
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _local(value: dt.datetime) -> dt.datetime:
    if timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else value
        return format(number, "f").replace(".", ",")
    if isinstance(value, dt.datetime):
        return _local(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return neutralise(str(value))


def write_csv(rows: Iterable[Sequence[Any]], headers: Sequence[Any]) -> bytes:
    """CSV for German Excel: UTF-8 with BOM, `;`, CRLF, decimal comma; formulas neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(str(h)) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_cell(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        return _local(value)
    if isinstance(value, dt.date):
        return value
    return neutralise(_XLSX_ILLEGAL_RE.sub("", str(value)))


def write_xlsx(rows: Iterable[Sequence[Any]], headers: Sequence[Any], sheet_title: str) -> bytes:
    """An .xlsx workbook with one sheet: bold, frozen header; dates as dates; formulas neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    title = _SHEET_TITLE_BAD_RE.sub(" ", str(sheet_title or "")).strip().strip("'")[:31]
    sheet.title = title or "Tabelle1"
    sheet.append([_xlsx_cell(str(h)) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    for row in rows:
        values = [_xlsx_cell(v) for v in row]
        sheet.append(values)
        for cell, value in zip(sheet[sheet.max_row], values, strict=False):
            if isinstance(value, dt.datetime):
                cell.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(value, dt.date):
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
        for index, value in enumerate(values):
            if index < len(widths):
                widths[index] = max(widths[index], min(len(cell_text(value)), 60))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(8, width + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
