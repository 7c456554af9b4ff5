"""`quartiersnetz monitoring-index`: JSON and CSV output, German Excel files, German errors and exit codes."""

import csv
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from quartiersnetz.analytics.areas_csv import AreasFileError, parse_column_list, read_areas

BIN = Path(sys.executable).parent / "quartiersnetz"

# The hand-made example of analytics/tests/test_monitoring.py with all indicators oriented "higher is worse"
# (GYM is entered negated as "NOGYM" = −GYM), and the changes 2019 → 2023 as columns. Expected indices:
# status   S = −1, −0,5, −0,5, −0,5, 1,5, 1 → × √(6/5): hoch, mittel, mittel, mittel, sehr niedrig, niedrig
# dynamics D = −3, −1, −1, 1, 2, 2 → / √(20/6): positiv, stabil, stabil, stabil, negativ, negativ
# "Werft" has no NOGYM value ("." = unknown in official statistics) and is excluded.
ROWS = [
    ("Nord", "4", "18", "-40", "-1", "-2"),
    ("Süd", "7", "12", "-30", "-1", "0"),
    ("Ost", "9", "18", "-60", "-1", "0"),
    ("West", "9", "12", "-40", "1", "0"),
    ("Mitte", "9", "18", "-40", "1", "1"),
    ("Hafen", "10", "12", "-30", "1", "1"),
    ("Werft", "11", "25", ".", "-1", "1"),
]
HEADER = ("Gebiet", "ALQ", "SGB2", "NOGYM", "dALQ", "dSGB2")


def _write(tmp_path, text: str, encoding: str = "utf-8", name: str = "gebiete.csv") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def _csv_text(delimiter=",", decimal="."):
    lines = [delimiter.join(HEADER)]
    for row in ROWS:
        lines.append(delimiter.join(cell.replace(".", decimal) if cell != "." else cell for cell in row))
    return "\n".join(lines) + "\n"


def _run(*args):
    out = io.StringIO()
    call_command("monitoring_index", *args, stdout=out)
    return out.getvalue()


def _env():
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _cli(*args):
    return subprocess.run(
        [str(BIN), "monitoring-index", *args], capture_output=True, text=True, env=_env(), timeout=120
    )


def test_json_output_has_the_documented_shape_and_values(tmp_path):
    path = _write(tmp_path, _csv_text())
    payload = json.loads(
        _run("--areas", path, "--id-column", "Gebiet", "--status", "ALQ,SGB2,NOGYM", "--dynamics", "dALQ,dSGB2")
    )
    assert set(payload) == {"areas", "excluded"}
    assert payload["excluded"] == ["Werft"]
    areas = payload["areas"]
    assert [a["id"] for a in areas] == ["Nord", "Süd", "Ost", "West", "Mitte", "Hafen"]
    assert list(areas[0]) == [
        "id",
        "status_sum",
        "status_index",
        "status_class",
        "dynamics_sum",
        "dynamics_index",
        "dynamics_class",
    ]
    assert [a["status_sum"] for a in areas] == pytest.approx([-1, -0.5, -0.5, -0.5, 1.5, 1])
    factor = math.sqrt(6 / 5)
    assert [a["status_index"] for a in areas] == pytest.approx([v * factor for v in (-1, -0.5, -0.5, -0.5, 1.5, 1)])
    assert [a["status_class"] for a in areas] == ["hoch", "mittel", "mittel", "mittel", "sehr niedrig", "niedrig"]
    assert [a["dynamics_sum"] for a in areas] == pytest.approx([-3, -1, -1, 1, 2, 2])
    assert [a["dynamics_index"] for a in areas] == pytest.approx([v / math.sqrt(20 / 6) for v in (-3, -1, -1, 1, 2, 2)])
    assert [a["dynamics_class"] for a in areas] == ["positiv", "stabil", "stabil", "stabil", "negativ", "negativ"]


def test_json_without_dynamics_has_nulls(tmp_path):
    path = _write(tmp_path, _csv_text())
    payload = json.loads(_run("--areas", path, "--id-column", "Gebiet", "--status", "ALQ, SGB2"))
    first = payload["areas"][0]
    assert first["dynamics_sum"] is None and first["dynamics_index"] is None and first["dynamics_class"] is None
    assert payload["excluded"] == []  # NOGYM is not used, so "Werft" is complete
    assert len(payload["areas"]) == 7


def test_cp1252_semicolon_decimal_comma_file_with_title_line(tmp_path):
    # German Excel: Windows-1252, ";" and decimal comma with thousands points; a title line above the header.
    text = "Sozialmonitoring 2023 – Bezirke\r\n" + _csv_text(";", ",").replace("\n", "\r\n")
    text = text.replace("Süd;7;12;-30", "Süd;7,0;12;-30").replace("Hafen;10;", "Hafen;10,0;")
    text += "Lände;1.234,5;12;-30;1;1\r\n"  # thousands point + decimal comma, and an umlaut in the id
    path = _write(tmp_path, text, encoding="cp1252")
    payload = json.loads(_run("--areas", path, "--id-column", "Gebiet", "--status", "ALQ,SGB2"))
    ids = [a["id"] for a in payload["areas"]]
    assert ids == ["Nord", "Süd", "Ost", "West", "Mitte", "Hafen", "Werft", "Lände"]
    # Lände's unemployment rate of 1234,5 dominates: the highest index by far.
    assert max(payload["areas"], key=lambda a: a["status_index"])["id"] == "Lände"
    assert payload["areas"][-1]["status_class"] == "sehr niedrig"


def test_csv_output_for_german_excel(tmp_path):
    path = _write(tmp_path, _csv_text())
    output = _run(
        "--areas",
        path,
        "--id-column",
        "Gebiet",
        "--status",
        "ALQ,SGB2,NOGYM",
        "--dynamics",
        "dALQ,dSGB2",
        "--format",
        "csv",
    )
    assert output.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(output.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "id",
        "status_sum",
        "status_index",
        "status_class",
        "dynamics_sum",
        "dynamics_index",
        "dynamics_class",
        "excluded",
    ]
    nord = rows[1]
    assert nord[0] == "Nord"
    assert float(nord[1].replace(",", ".")) == pytest.approx(-1)
    assert nord[2].startswith("-1,09544511")
    assert nord[3] == "hoch"
    assert nord[6] == "positiv"
    assert nord[7] == "nein"
    assert rows[-1] == ["Werft", "", "", "", "", "", "", "ja"]
    assert len(rows) == 8


@pytest.mark.parametrize(
    ("content", "encoding", "args", "message"),
    [
        (
            "Gebiet;ALQ\nNord;4\nSüd;abc\n",
            "utf-8",
            ("--status", "ALQ"),
            "Zeile 3: Spalte „ALQ“: „abc“ ist keine Zahl.",
        ),
        (
            "Gebiet;ALQ\nNord;4\nSüd;4;5\n",
            "utf-8",
            ("--status", "ALQ"),
            "Zeile 3: 3 Felder statt 2 wie in der Kopfzeile (Zeile 1).",
        ),
        (
            "Gebiet;ALQ\nNord;4\n",
            "utf-8",
            ("--status", "ALQ,SGB2"),
            "Zeile 1: Die Spalte „SGB2“ gibt es nicht. Die Kopfzeile enthält: „Gebiet“, „ALQ“.",
        ),
        (
            "Bezirk;ALQ\nNord;4\n",
            "utf-8",
            ("--status", "ALQ"),
            "Zeile 1: Die Spalte „Gebiet“ (Gebietskennung) steht in keiner Kopfzeile. Die erste Zeile enthält: "
            "„Bezirk“, „ALQ“.",
        ),
        ("Gebiet;ALQ\nNord;4\n", "utf-8", ("--status", "ALQ,,X"), "--status: Ein Spaltenname ist leer"),
    ],
)
def test_unreadable_input_is_a_german_error_with_exit_code_2(tmp_path, content, encoding, args, message):
    path = _write(tmp_path, content, encoding)
    with pytest.raises(CommandError) as exc:
        _run("--areas", path, "--id-column", "Gebiet", *args)
    assert exc.value.returncode == 2
    assert str(exc.value).startswith(message)


def test_missing_file_is_a_german_error(tmp_path):
    with pytest.raises(CommandError) as exc:
        _run("--areas", str(tmp_path / "fehlt.csv"), "--id-column", "Gebiet", "--status", "ALQ")
    assert exc.value.returncode == 2
    assert str(exc.value) == f"Die Datei „{tmp_path / 'fehlt.csv'}“ gibt es nicht."


def test_constant_indicator_exits_with_1(tmp_path):
    path = _write(tmp_path, "Gebiet;ALQ;K\nNord;4;1\nSüd;5;1\n")
    with pytest.raises(CommandError) as exc:
        _run("--areas", path, "--id-column", "Gebiet", "--status", "ALQ,K")
    assert exc.value.returncode == 1
    assert "Der Indikator „K“ hat in allen 2 Gebieten denselben Wert (1)" in str(exc.value)


# ---------------------------------------------------------------------------------------------------------------
# The installed console command (subprocess): output on stdout, German errors on stderr, exit codes.

needs_bin = pytest.mark.skipif(not BIN.exists(), reason="console script not installed")


@needs_bin
def test_cli_prints_json(tmp_path):
    path = _write(tmp_path, _csv_text(";", ","), encoding="cp1252")
    result = _cli("--areas", path, "--id-column", "Gebiet", "--status", "ALQ,SGB2,NOGYM", "--dynamics", "dALQ,dSGB2")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["excluded"] == ["Werft"]
    assert [a["status_class"] for a in payload["areas"]][-2:] == ["sehr niedrig", "niedrig"]


@needs_bin
def test_cli_unreadable_file_exits_2_with_the_line_on_stderr(tmp_path):
    # Byte 0x81 is undefined in Windows-1252 and not UTF-8: line 3 cannot be decoded.
    path = tmp_path / "kaputt.csv"
    path.write_bytes(b"Gebiet;ALQ\nNord;4\nS\x81d;5\n")
    result = _cli("--areas", str(path), "--id-column", "Gebiet", "--status", "ALQ")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Zeile 3: Die Datei ist weder in UTF-8 noch in Windows-1252 kodiert (unlesbares Byte 0x81)." in result.stderr


@needs_bin
def test_cli_unknown_column_exits_2(tmp_path):
    path = _write(tmp_path, _csv_text())
    result = _cli("--areas", path, "--id-column", "Gebiet", "--status", "ALQ,Kinderarmut")
    assert result.returncode == 2
    assert "Zeile 1: Die Spalte „Kinderarmut“ gibt es nicht." in result.stderr


@needs_bin
def test_cli_rejects_a_bad_format_option(tmp_path):
    path = _write(tmp_path, _csv_text())
    result = _cli("--areas", path, "--id-column", "Gebiet", "--status", "ALQ", "--format", "xlsx")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr or "ungültige Auswahl" in result.stderr


# ---------------------------------------------------------------------------------------------------------------
# Reading the table (quartiersnetz.analytics.areas_csv, pure Python)


def _read(content, columns=("ALQ",), id_column="Gebiet"):
    return read_areas(content, id_column=id_column, value_columns=list(columns))


def _error(content, columns=("ALQ",)):
    with pytest.raises(AreasFileError) as exc:
        _read(content, columns)
    return exc.value


def test_encodings():
    bom = _read("Gebiet;ALQ\r\nSüd;1,5\r\nNord;2\r\n".encode("utf-8-sig"))
    assert bom.encoding == "utf-8-sig"
    assert bom.headers == ("Gebiet", "ALQ")
    assert bom.values == {"Süd": {"ALQ": 1.5}, "Nord": {"ALQ": 2.0}}
    plain = _read("Gebiet;ALQ\nSüd;1\n".encode())
    assert plain.encoding == "utf-8" and list(plain.values) == ["Süd"]
    windows = _read("Gebiet;ALQ\nSüd;1\nGroß Ümlaut;2\n".encode("cp1252"))
    assert windows.encoding == "cp1252" and list(windows.values) == ["Süd", "Groß Ümlaut"]


def test_unicode_normalisation_of_headers_and_ids():
    table = read_areas(
        "Gebiet;Bevo\u0308lkerung\nSu\u0308d;1\n".encode(), id_column="Gebiet", value_columns=["Bevölkerung"]
    )
    assert table.values == {"Süd": {"Bevölkerung": 1.0}}


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        (b"", 1, "Die Datei ist leer."),
        (b"\n  \n", 1, "Die Datei ist leer."),
        (b"PK\x03\x04rest", 1, "Excel-Arbeitsmappe"),
        ("Gebiet;ALQ\n".encode("utf-16"), 1, "UTF-16"),
        (b"Gebiet;ALQ\nNord;1\nS\x00d;2\n", 3, "Null-Bytes"),
        ("Gebiet;ALQ\nSüd;1\n".encode() + "Nörd;2\n".encode("cp1252"), 3, "mischt UTF-8 und Windows-1252"),
        (b"Gebiet;ALQ\nNord;1\nS\x81d;2\n", 3, "unlesbares Byte 0x81"),
        (b'Gebiet;ALQ\nNord;1\n"S\xc3\xbcd;2\nOst;3\n', 3, "Anführungszeichen stimmen nicht"),
        (b'Gebiet;ALQ\nNord;1\n"S\xc3\xbcd"x;2\n', 3, "Anführungszeichen stimmen nicht"),
        (b"Gebiet;ALQ\nNord;1\n;2\n", 3, "Die Gebietskennung in Spalte „Gebiet“ ist leer."),
        (b"Gebiet;ALQ\nNord;1\nOst;2\nNord;3\n", 4, "Das Gebiet „Nord“ kommt doppelt vor (zuerst in Zeile 2)."),
        (b"Gebiet;ALQ;ALQ\nNord;1;2\n", 1, "Die Spalte „ALQ“ kommt in der Kopfzeile mehrfach vor."),
        (b"Gebiet;ALQ\n\n", 1, "Unter der Kopfzeile stehen keine Gebiete."),
        (b"Gebiet;ALQ\nNord\n", 2, "1 Felder statt 2"),
        (b"Gebiet;ALQ\nNord;1;;x\n", 2, "4 Felder statt 2"),
        (b"Gebiet;ALQ\nNord;1e5\n", 2, "„1e5“ ist keine Zahl"),
        (
            b"Gebiet;ALQ\nNord;12,5\nOst;12.5\n",
            3,
            "„12.5“ ist mit Dezimalpunkt, Zeile 2 („12,5“) aber mit Dezimalkomma",
        ),
    ],
)
def test_file_errors_have_the_line(content, line, fragment):
    error = _error(content)
    assert error.line == line
    assert fragment in error.message
    assert str(error) == f"Zeile {line}: {error.message}"


def test_physical_line_numbers_survive_blank_lines_and_quoted_line_breaks():
    content = b'Titel\n\nGebiet;Name;ALQ\nNord;"zwei\nZeilen";1\n\nOst;x;abc\n'
    error = _error(content)
    assert error.line == 7  # title, blank, header, two lines of Nord, blank, Ost
    table = _read(b'Gebiet;Name;ALQ\nNord;"zwei\nZeilen";1\n\nOst;x;2\n')
    assert table.lines == {"Nord": 2, "Ost": 5}


def test_id_column_as_indicator_and_column_lists():
    with pytest.raises(AreasFileError) as exc:
        _read(b"Gebiet;ALQ\nNord;1\n", columns=("Gebiet",))
    assert exc.value.line is None
    assert str(exc.value) == "Die Spalte „Gebiet“ ist die Gebietskennung und kann nicht zugleich Indikator sein."
    assert parse_column_list(" ALQ , SGB II-Quote ", "--status") == ("ALQ", "SGB II-Quote")
    with pytest.raises(AreasFileError, match="--dynamics: Die Spalte „a“ ist mehrfach angegeben."):
        parse_column_list("a,b,a", "--dynamics")


@pytest.mark.parametrize(
    ("lines", "delimiter", "decimal", "values"),
    [
        # decimal comma decided by "12,5"; "1.234" is then a thousands point
        (["Gebiet;ALQ", "A;12,5", "B;1.234"], ";", ",", [12.5, 1234.0]),
        # nothing decides in a ";" file: decimal comma
        (["Gebiet;ALQ", "A;1.234", "B;7"], ";", ",", [1234.0, 7.0]),
        # nothing decides in a "," file: decimal point
        (["Gebiet,ALQ", "A,1.234", "B,7"], ",", ".", [1.234, 7.0]),
        # two thousands points can only be German
        (["Gebiet,ALQ", 'A,"1.234.567"', "B,1.234"], ",", ",", [1234567.0, 1234.0]),
        # a decimal point in a ";" file decides for the point; "1,234" is then a thousands comma
        (["Gebiet;ALQ", "A;0.234", "B;1,234"], ";", ".", [0.234, 1234.0]),
        (["Gebiet,ALQ", 'A,"1,234.5"', "B,-.5"], ",", ".", [1234.5, -0.5]),
        # quoted decimal comma in a "," file
        (["Gebiet,ALQ", 'A,"12,5"', "B,3"], ",", ",", [12.5, 3.0]),
        # spaces, non-breaking spaces, a percent sign, a typographic minus and a leading plus
        (
            ["Gebiet;ALQ", "A;1 234,5", "B;12,5 %", "C;\u22123,5", "D;+2", "E;1\u00a0000"],
            ";",
            ",",
            [1234.5, 12.5, -3.5, 2.0, 1000.0],
        ),
    ],
)
def test_decimal_convention_is_detected_per_file(lines, delimiter, decimal, values):
    table = _read(("\n".join(lines) + "\n").encode())
    assert table.delimiter == delimiter
    assert table.decimal == decimal
    assert [row["ALQ"] for row in table.values.values()] == values


@pytest.mark.parametrize("marker", ["", ".", "...", "…", "/", "x", "X", "-", "–", "—", "k. A.", "n.a."])
def test_statistical_office_placeholders_are_missing(marker):
    table = _read(f"Gebiet;ALQ\nA;{marker}\nB;1\n".encode())
    assert table.values["A"]["ALQ"] is None


def test_excel_sep_line_title_lines_and_trailing_empty_cells():
    content = b"sep=,\r\nStatistisches Amt, Tabelle 3\r\nGebiet,ALQ,\r\nA,1.5,\r\nB,2,\r\n,,\r\n"
    table = _read(content)
    assert table.delimiter == ","
    assert table.header_line == 3
    assert table.lines == {"A": 4, "B": 5}
    assert table.values == {"A": {"ALQ": 1.5}, "B": {"ALQ": 2.0}}


def test_other_columns_may_hold_text():
    table = _read("Gebiet;Bezirk;ALQ;Bemerkung\nA;Mitte;1;vorläufig\nB;Nord;2;\n".encode())
    assert table.values == {"A": {"ALQ": 1.0}, "B": {"ALQ": 2.0}}
