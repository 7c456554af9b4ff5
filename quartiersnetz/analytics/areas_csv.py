"""Reading a statistical office's area table (CSV) for the monitoring index. Pure Python, no Django imports.

What is accepted:

- **Encoding**: UTF-8 with or without BOM; if the file is not valid UTF-8, Windows-1252 (German Excel's "CSV
  (Trennzeichen-getrennt)"). A file that mixes both, UTF-16, an Excel workbook or other binary data is rejected with
  the line of the first offending byte.
- **Delimiter**: ``;`` or ``,``. The header row is the first row that has a cell equal to the id column (so title
  lines above the table are skipped); ``;`` is tried first. An Excel ``sep=;`` first line is honoured.
- **Numbers**: decimal comma (``1.234,5``, ``12,5``) or decimal point (``1234.5``, ``1,234.5``), detected **per file**
  over the used columns. A value that only one convention can read decides (``12,5`` or ``1.234,5`` or
  ``1.234.567`` → comma; ``12.5``, ``0.234`` or ``1,234.5`` → point). Values that both can read (``1.234``,
  ``1,234``) and integers decide nothing; if nothing decides, a ``;`` file is read with decimal comma and a
  ``,`` file with decimal point. Both conventions in one file are an error. Spaces (also non-breaking) inside a
  number, a leading ``+`` and a trailing ``%`` are ignored; the typographic minus ``−`` is a minus.
- **Missing values**: an empty cell and the placeholders of German official statistics (``.``, ``...``, ``…``,
  ``/``, ``x``, ``-``, ``–``, ``—``, ``k. A.``, ``n. a.``) are missing, and the area is excluded from the index.
  Note that in official statistics ``–`` means "exactly zero"; write ``0`` if that is meant.
- Blank rows are skipped. Every other row needs as many cells as the header (trailing empty cells are tolerated).

A file that cannot be read raises ``AreasFileError(line, message)`` with the physical line number (1-based) and a
German message. ``str(error)`` is "Zeile 7: …".
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MESSAGES = {
    "file_missing": "Die Datei „{path}“ gibt es nicht.",
    "file_is_directory": "„{path}“ ist ein Ordner, keine Datei.",
    "file_permission": "Die Datei „{path}“ darf nicht gelesen werden (fehlende Berechtigung).",
    "file_unreadable": "Die Datei „{path}“ kann nicht gelesen werden ({reason}).",
    "empty": "Die Datei ist leer.",
    "xlsx": "Das ist eine Excel-Arbeitsmappe, keine CSV-Datei. Bitte in Excel als „CSV UTF-8 (durch Trennzeichen "
    "getrennt)“ speichern.",
    "utf16": "Die Datei ist in UTF-16 gespeichert. Bitte als „CSV UTF-8 (durch Trennzeichen getrennt)“ speichern.",
    "binary": "Die Datei enthält Null-Bytes und ist wohl keine CSV-Datei.",
    "encoding": "Die Datei ist weder in UTF-8 noch in Windows-1252 kodiert (unlesbares Byte 0x{byte:02X}).",
    "mixed_encoding": "Die Datei mischt UTF-8 und Windows-1252; ab hier ist sie kein gültiges UTF-8. Bitte "
    "einheitlich als „CSV UTF-8 (durch Trennzeichen getrennt)“ speichern.",
    "quote": "Die Anführungszeichen stimmen nicht: Ein Feld in Anführungszeichen wird nicht geschlossen oder geht "
    "nach dem schließenden Anführungszeichen weiter.",
    "id_column_missing": "Die Spalte „{column}“ (Gebietskennung) steht in keiner Kopfzeile. Die erste Zeile "
    "enthält: {columns}.",
    "unknown_column": "Die Spalte „{column}“ gibt es nicht. Die Kopfzeile enthält: {columns}.",
    "duplicate_header": "Die Spalte „{column}“ kommt in der Kopfzeile mehrfach vor.",
    "id_is_indicator": "Die Spalte „{column}“ ist die Gebietskennung und kann nicht zugleich Indikator sein.",
    "field_count": "{found} Felder statt {expected} wie in der Kopfzeile (Zeile {header_line}).",
    "empty_id": "Die Gebietskennung in Spalte „{column}“ ist leer.",
    "duplicate_id": "Das Gebiet „{area}“ kommt doppelt vor (zuerst in Zeile {first}).",
    "number": "Spalte „{column}“: „{value}“ ist keine Zahl.",
    "mixed_decimal": "Spalte „{column}“: „{value}“ ist mit {this}, Zeile {other_line} („{other_value}“) aber mit "
    "{other} geschrieben. Bitte einheitlich schreiben.",
    "no_rows": "Unter der Kopfzeile stehen keine Gebiete.",
    "empty_column_name": "{option}: Ein Spaltenname ist leer (zwei Kommas hintereinander oder ein Komma am Ende?).",
    "column_twice": "{option}: Die Spalte „{column}“ ist mehrfach angegeben.",
}
_DECIMAL_NAMES = {",": "Dezimalkomma", ".": "Dezimalpunkt"}

MISSING_MARKERS = frozenset({"", ".", "..", "...", "…", "/", "x", "-", "–", "—", "k.a.", "k. a.", "n.a.", "n. a."})

_COMMA_NUMBER = re.compile(r"[+-]?(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?")
_POINT_NUMBER = re.compile(r"[+-]?(?:(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)")
_INTEGER = re.compile(r"[+-]?\d+")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


class AreasFileError(ValueError):
    """The table cannot be read. ``line`` is the 1-based line of the file (None for the file as a whole)."""

    def __init__(self, line: int | None, message: str):
        super().__init__(line, message)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"Zeile {self.line}: {self.message}" if self.line is not None else self.message


@dataclass(frozen=True)
class AreasTable:
    values: dict[str, dict[str, float | None]]  # area id → column → value (None = missing)
    lines: dict[str, int]  # area id → line of the file
    headers: tuple[str, ...]
    header_line: int
    encoding: str  # "utf-8", "utf-8-sig" or "cp1252"
    delimiter: str  # ";" or ","
    decimal: str  # "," or "."


def parse_column_list(value: str, option: str) -> tuple[str, ...]:
    """``"ALQ, SGB2"`` → ``("ALQ", "SGB2")`` for a command option; empty or repeated names are errors."""
    names = tuple(_normal(part) for part in value.split(","))
    if any(not name for name in names):
        raise AreasFileError(None, MESSAGES["empty_column_name"].format(option=option))
    for position, name in enumerate(names):
        if name in names[:position]:
            raise AreasFileError(None, MESSAGES["column_twice"].format(option=option, column=name))
    return names


def read_areas_file(path: str | Path, *, id_column: str, value_columns: Sequence[str]) -> AreasTable:
    path = Path(path)
    try:
        content = path.read_bytes()
    except FileNotFoundError as exc:
        raise AreasFileError(None, MESSAGES["file_missing"].format(path=path)) from exc
    except IsADirectoryError as exc:
        raise AreasFileError(None, MESSAGES["file_is_directory"].format(path=path)) from exc
    except PermissionError as exc:
        raise AreasFileError(None, MESSAGES["file_permission"].format(path=path)) from exc
    except OSError as exc:
        raise AreasFileError(None, MESSAGES["file_unreadable"].format(path=path, reason=exc.strerror)) from exc
    return read_areas(content, id_column=id_column, value_columns=value_columns)


def read_areas(content: bytes, *, id_column: str, value_columns: Sequence[str]) -> AreasTable:
    """Read the id column and the value columns of every area row."""
    id_column = _normal(id_column)
    value_columns = [_normal(c) for c in value_columns]
    if id_column in value_columns:
        raise AreasFileError(None, MESSAGES["id_is_indicator"].format(column=id_column))
    text, encoding = _decode(content)
    if not text.strip():
        raise AreasFileError(1, MESSAGES["empty"])

    first_line = 0
    lines = text.splitlines(keepends=True)
    forced = None
    sep_match = re.fullmatch(r"sep=(.)\s*", lines[0]) if lines else None
    if sep_match:
        forced, first_line = sep_match.group(1), 1
    body = "".join(lines[first_line:])

    found = None
    for delimiter in (forced,) if forced else (";", ","):
        header = _find_header(_records(body, delimiter, first_line, strict=False), id_column)
        if header is not None:
            found = delimiter, header
            break
    if found is None:
        first = next((cells for _, cells in _records(body, forced or ";", first_line, strict=False) if cells), [])
        if len(first) == 1 and not forced:
            first = next((cells for _, cells in _records(body, ",", first_line, strict=False) if cells), [])
        raise AreasFileError(
            first_line + 1, MESSAGES["id_column_missing"].format(column=id_column, columns=_list(first))
        )
    delimiter, header_index = found
    records = _records(body, delimiter, first_line)
    header_line, header_cells = records[header_index]
    headers = tuple(_normal(c) for c in header_cells)

    positions: dict[str, int] = {}
    for column in [id_column, *value_columns]:
        if column not in headers:
            raise AreasFileError(header_line, MESSAGES["unknown_column"].format(column=column, columns=_list(headers)))
        if headers.count(column) > 1:
            raise AreasFileError(header_line, MESSAGES["duplicate_header"].format(column=column))
        positions[column] = headers.index(column)

    raw: dict[str, dict[str, str]] = {}
    row_lines: dict[str, int] = {}
    for line, cells in records[header_index + 1 :]:
        if all(not c.strip() for c in cells):
            continue
        if len(cells) < len(headers) or any(c.strip() for c in cells[len(headers) :]):
            found_count = len(cells) if len(cells) < len(headers) else _last_filled(cells)
            raise AreasFileError(
                line,
                MESSAGES["field_count"].format(found=found_count, expected=len(headers), header_line=header_line),
            )
        area = _normal(cells[positions[id_column]])
        if not area:
            raise AreasFileError(line, MESSAGES["empty_id"].format(column=id_column))
        if area in raw:
            raise AreasFileError(line, MESSAGES["duplicate_id"].format(area=area, first=row_lines[area]))
        raw[area] = {column: cells[positions[column]].strip() for column in value_columns}
        row_lines[area] = line
    if not raw:
        raise AreasFileError(header_line, MESSAGES["no_rows"])

    decimal = _detect_decimal(raw, row_lines, value_columns, default="," if delimiter == ";" else ".")
    values = {
        area: {column: _parse(cells[column], decimal, column, row_lines[area]) for column in value_columns}
        for area, cells in raw.items()
    }
    return AreasTable(
        values=values,
        lines=row_lines,
        headers=headers,
        header_line=header_line,
        encoding=encoding,
        delimiter=delimiter,
        decimal=decimal,
    )


# ---------------------------------------------------------------------------------------------------------------
# Decoding and records


def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise AreasFileError(1, MESSAGES["xlsx"])
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise AreasFileError(1, MESSAGES["utf16"])
    nul = content.find(b"\x00")
    if nul >= 0:
        raise AreasFileError(_line_of(content, nul), MESSAGES["binary"])
    try:
        if content.startswith(b"\xef\xbb\xbf"):
            return content[3:].decode("utf-8"), "utf-8-sig"
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start + (3 if content.startswith(b"\xef\xbb\xbf") else 0)
        if content.startswith(b"\xef\xbb\xbf") or _UTF8_MULTIBYTE.search(content):
            raise AreasFileError(_line_of(content, bad), MESSAGES["mixed_encoding"]) from exc
    try:
        return content.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise AreasFileError(
            _line_of(content, exc.start), MESSAGES["encoding"].format(byte=content[exc.start])
        ) from exc


def _line_of(content: bytes, offset: int) -> int:
    return content.count(b"\n", 0, offset) + 1


def _records(body: str, delimiter: str, offset: int, *, strict: bool = True) -> list[tuple[int, list[str]]]:
    """(line where the record starts, cells) for each record; ``offset`` lines were cut off before ``body``."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, quotechar='"', strict=strict)
    records = []
    previous = 0
    try:
        for cells in reader:
            records.append((offset + previous + 1, cells))
            previous = reader.line_num
    except csv.Error as exc:
        if not strict:
            return records
        raise AreasFileError(offset + previous + 1, MESSAGES["quote"]) from exc
    return records


def _find_header(records: list[tuple[int, list[str]]], id_column: str) -> int | None:
    for index, (_, cells) in enumerate(records):
        if any(_normal(c) == id_column for c in cells):
            return index
    return None


def _last_filled(cells: list[str]) -> int:
    return max(i for i, c in enumerate(cells) if c.strip()) + 1


def _normal(value: str) -> str:
    return unicodedata.normalize("NFC", value.replace("\ufeff", "")).strip()


def _list(cells: Sequence[str]) -> str:
    shown = [f"„{_normal(c)}“" for c in cells if _normal(c)]
    return ", ".join(shown) if shown else "(nichts)"


# ---------------------------------------------------------------------------------------------------------------
# Numbers


def _clean(value: str) -> str:
    text = value.translate(_SPACES).replace("\u2212", "-")
    return text[:-1] if text.endswith("%") else text


def _is_missing(value: str) -> bool:
    return value.strip().lower() in MISSING_MARKERS


def _evidence(value: str) -> str | None:
    """ "," or "." when only that convention can read the value, "" when both can, None when neither can."""
    text = _clean(value)
    if _INTEGER.fullmatch(text):
        return ""
    comma, point = bool(_COMMA_NUMBER.fullmatch(text)), bool(_POINT_NUMBER.fullmatch(text))
    if comma and point:
        return ""
    if comma:
        return ","
    if point:
        return "."
    return None


def _detect_decimal(raw, row_lines, columns, *, default: str) -> str:
    first: dict[str, tuple[int, str, str]] = {}
    for area, cells in raw.items():
        line = row_lines[area]
        for column in columns:
            value = cells[column]
            if _is_missing(value):
                continue
            kind = _evidence(value)
            if kind is None:
                raise AreasFileError(line, MESSAGES["number"].format(column=column, value=value))
            if kind and kind not in first:
                other = "." if kind == "," else ","
                if other in first:
                    other_line, _, other_value = first[other]
                    raise AreasFileError(
                        line,
                        MESSAGES["mixed_decimal"].format(
                            column=column,
                            value=value,
                            this=_DECIMAL_NAMES[kind],
                            other_line=other_line,
                            other_value=other_value,
                            other=_DECIMAL_NAMES[other],
                        ),
                    )
                first[kind] = (line, column, value)
    if first:
        return next(iter(first))
    return default


def _parse(value: str, decimal: str, column: str, line: int) -> float | None:
    if _is_missing(value):
        return None
    text = _clean(value)
    pattern = _COMMA_NUMBER if decimal == "," else _POINT_NUMBER
    if not pattern.fullmatch(text):  # pragma: no cover - _detect_decimal has rejected such values already
        raise AreasFileError(line, MESSAGES["number"].format(column=column, value=value))
    if decimal == ",":
        return float(text.replace(".", "").replace(",", "."))
    return float(text.replace(",", ""))
