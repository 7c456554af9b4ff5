"""Reading CSV edge lists from other tools (Gephi, Kumu, UCINET exports, spreadsheets). Pure: no Django imports.

Format
- A header row is required. It must name the columns `source` and `target` (case and surrounding spaces are
  ignored); further columns are allowed. A weight column is read only when its name is given (`weight_column`,
  the command's `--weight COLUMN`); without it every tie has weight 1.
- Separator `,` or `;` (or tab), taken from the header: the one that splits it into fields containing both
  `source` and `target`. Fields may be quoted ("…") as usual in CSV.
- Encoding UTF-8 with or without BOM; a file that is not valid UTF-8 is read as Windows-1252 (German Excel).
- Node ids are text, surrounding spaces removed; empty rows (also rows of separators only) are skipped.
- Weights: decimal point or decimal comma ("1.5", "1,5", "1.234,5"); finite and >= 0.

Errors raise `EdgeListError(line, message)` with a German message naming the line (the header is line 1). The
messages are plain German literals in `MESSAGES` (analytics has no Django and no gettext); they are shown by
the `network-metrics` console command. Self-loops and duplicate rows are not errors: `build_graph` reports them,
and `describe_ignored` words the report with line numbers.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass

from .network import GraphBuildReport, GraphSpec

MESSAGES = {
    "not_found": "Die Datei „{path}“ wurde nicht gefunden.",
    "not_a_file": "„{path}“ ist keine Datei.",
    "no_permission": "Keine Berechtigung, die Datei „{path}“ zu lesen.",
    "unreadable": "Die Datei „{path}“ kann nicht gelesen werden ({reason}).",
    "empty": "Die Datei ist leer.",
    "binary": "Zeile {line}: Die Datei enthält NUL-Zeichen und ist keine CSV-Textdatei.",
    "encoding": "Zeile {line}: Die Datei ist weder gültiges UTF-8 noch Windows-1252.",
    "quotes": "Zeile {line}: Die Anführungszeichen sind nicht korrekt geschlossen ({reason}).",
    "missing_columns": (
        "Zeile 1: Die Kopfzeile muss die Spalten „source“ und „target“ enthalten (getrennt durch Komma oder "
        "Semikolon). Gefunden: {found}."
    ),
    "duplicate_column": "Zeile 1: Die Spalte „{column}“ kommt in der Kopfzeile mehrfach vor.",
    "missing_weight_column": "Zeile 1: Die Gewichtsspalte „{column}“ fehlt in der Kopfzeile. Gefunden: {found}.",
    "missing_field": "Zeile {line}: Der Wert in der Spalte „{column}“ fehlt.",
    "too_many_fields": "Zeile {line}: Die Zeile hat {found} Felder, die Kopfzeile nur {expected}.",
    "bad_weight": "Zeile {line}: Das Gewicht „{value}“ ist keine Zahl.",
    "negative_weight": "Zeile {line}: Das Gewicht „{value}“ darf nicht negativ sein.",
    "no_edges": "Die Datei enthält keine Kanten (nur die Kopfzeile).",
    "self_loop_ignored": "Zeile {line}: Schleife ({source} – {target}) wird ignoriert.",
    "duplicate_ignored": "Zeile {line}: Doppelte Kante {source} – {target} wird ignoriert (zuerst in Zeile {first}).",
    "more_ignored": "… und {count} weitere ignorierte Zeilen.",
    "ignored_summary": "Ignorierte Zeilen – Schleifen: {self_loops}, doppelte Kanten: {duplicates}.",
}

DELIMITERS = (",", ";", "\t")
SOURCE_COLUMN = "source"
TARGET_COLUMN = "target"
_GERMAN_NUMBER_RE = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[+-]?\d+,\d+")


class EdgeListError(ValueError):
    """The edge list cannot be read. `line` is the 1-based line of the file (header = 1)."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class EdgeList:
    edges: list[tuple[str, str, float | None]]
    lines: list[int]  # line number of each edge
    delimiter: str
    encoding: str  # "utf-8", "utf-8-sig" or "cp1252"
    weight_column: str | None

    def spec(self, *, directed: bool = False) -> GraphSpec:
        return GraphSpec(nodes=(), edges=self.edges, directed=directed)


def _decode(data: bytes) -> tuple[str, str]:
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise EdgeListError(line, MESSAGES["binary"].format(line=line))
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            line = data[: exc.start + 3].count(b"\n") + 1
            raise EdgeListError(line, MESSAGES["encoding"].format(line=line)) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EdgeListError(line, MESSAGES["encoding"].format(line=line)) from exc


def _normalise(name: str) -> str:
    return name.strip().casefold()


def _parse_weight(text: str, line: int) -> float:
    value = text.strip()
    candidate = value
    if _GERMAN_NUMBER_RE.fullmatch(value):
        candidate = value.replace(".", "").replace(",", ".")
    try:
        weight = float(candidate)
    except ValueError as exc:
        raise EdgeListError(line, MESSAGES["bad_weight"].format(line=line, value=value)) from exc
    if not math.isfinite(weight):
        raise EdgeListError(line, MESSAGES["bad_weight"].format(line=line, value=value))
    if weight < 0:
        raise EdgeListError(line, MESSAGES["negative_weight"].format(line=line, value=value))
    return weight


def _header(first_line: str) -> tuple[str, list[str]]:
    for delimiter in DELIMITERS:
        try:
            fields = next(csv.reader([first_line], delimiter=delimiter, strict=True))
        except (csv.Error, StopIteration):
            continue
        names = [_normalise(f) for f in fields]
        if SOURCE_COLUMN in names and TARGET_COLUMN in names:
            return delimiter, names
    found = ", ".join(f"„{f.strip()}“" for f in re.split(r"[,;\t]", first_line) if f.strip()) or "nichts"
    raise EdgeListError(1, MESSAGES["missing_columns"].format(found=found))


def parse_edge_list(data: bytes | str, *, weight_column: str | None = None) -> EdgeList:
    """Parse CSV text or bytes into an `EdgeList`; raises `EdgeListError` with a German message."""
    if isinstance(data, bytes):
        text, encoding = _decode(data)
    else:
        text, encoding = data.removeprefix("\ufeff"), "utf-8"
    if not text.strip():
        raise EdgeListError(1, MESSAGES["empty"])
    first_line = text.splitlines()[0]
    delimiter, names = _header(first_line)
    for name in (SOURCE_COLUMN, TARGET_COLUMN):
        if names.count(name) > 1:
            raise EdgeListError(1, MESSAGES["duplicate_column"].format(column=name))
    source_index, target_index = names.index(SOURCE_COLUMN), names.index(TARGET_COLUMN)
    weight_index = None
    if weight_column is not None:
        wanted = _normalise(weight_column)
        if names.count(wanted) > 1:
            raise EdgeListError(1, MESSAGES["duplicate_column"].format(column=weight_column))
        if wanted not in names:
            found = ", ".join(f"„{n}“" for n in names if n)
            raise EdgeListError(1, MESSAGES["missing_weight_column"].format(column=weight_column, found=found))
        weight_index = names.index(wanted)
    header_length = len(names)
    needed = [(source_index, SOURCE_COLUMN), (target_index, TARGET_COLUMN)]
    if weight_index is not None:
        needed.append((weight_index, weight_column))

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    edges: list[tuple[str, str, float | None]] = []
    lines: list[int] = []
    line = 1
    try:
        next(reader)  # header
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > header_length and any(cell.strip() for cell in row[header_length:]):
                raise EdgeListError(
                    line, MESSAGES["too_many_fields"].format(line=line, found=len(row), expected=header_length)
                )
            for index, column in needed:
                if index >= len(row) or not row[index].strip():
                    raise EdgeListError(line, MESSAGES["missing_field"].format(line=line, column=column))
            weight = _parse_weight(row[weight_index], line) if weight_index is not None else None
            edges.append((row[source_index].strip(), row[target_index].strip(), weight))
            lines.append(line)
    except csv.Error as exc:
        line = reader.line_num or line
        raise EdgeListError(line, MESSAGES["quotes"].format(line=line, reason=exc)) from exc
    if not edges:
        raise EdgeListError(2, MESSAGES["no_edges"])
    return EdgeList(edges=edges, lines=lines, delimiter=delimiter, encoding=encoding, weight_column=weight_column)


def read_edge_list(path: str, *, weight_column: str | None = None) -> EdgeList:
    """Read and parse the file at `path`; an unreadable file is an `EdgeListError` without line."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise EdgeListError(None, MESSAGES["not_found"].format(path=path)) from exc
    except (IsADirectoryError, NotADirectoryError) as exc:
        raise EdgeListError(None, MESSAGES["not_a_file"].format(path=path)) from exc
    except PermissionError as exc:
        raise EdgeListError(None, MESSAGES["no_permission"].format(path=path)) from exc
    except OSError as exc:
        raise EdgeListError(None, MESSAGES["unreadable"].format(path=path, reason=exc.strerror or exc)) from exc
    return parse_edge_list(data, weight_column=weight_column)


def describe_ignored(edge_list: EdgeList, report: GraphBuildReport, *, limit: int = 20) -> list[str]:
    """German lines naming the self-loops and duplicate rows that `build_graph` ignored (at most `limit`),
    followed by a summary line. Empty when nothing was ignored."""
    items: list[tuple[int, str]] = []
    for position in report.self_loops:
        source, target, _w = edge_list.edges[position]
        line = edge_list.lines[position]
        items.append((line, MESSAGES["self_loop_ignored"].format(line=line, source=source, target=target)))
    for position, first in report.duplicates:
        source, target, _w = edge_list.edges[position]
        line = edge_list.lines[position]
        items.append((line, MESSAGES["duplicate_ignored"].format(
            line=line, source=source, target=target, first=edge_list.lines[first])))
    if not items:
        return []
    items.sort()
    messages = [text for _line, text in items[:limit]]
    if len(items) > limit:
        messages.append(MESSAGES["more_ignored"].format(count=len(items) - limit))
    messages.append(
        MESSAGES["ignored_summary"].format(self_loops=report.self_loop_count, duplicates=report.duplicate_count)
    )
    return messages
