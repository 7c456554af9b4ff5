"""core.tabular: reading German Excel files (CSV/XLSX) and writing formula-safe exports."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from quartiersnetz.core import tabular
from quartiersnetz.core.tabular import (
    TableError,
    match_columns,
    normalise_header,
    parse_german_bool,
    parse_german_date,
    parse_german_decimal,
    read_table,
    write_csv,
    write_xlsx,
)

ENCODING_ERROR = _(
    "The file is encoded neither in UTF-8 nor in Windows-1252. "
    "Please save it in Excel as “CSV UTF-8 (comma delimited)”."
)


# --- encodings ---------------------------------------------------------------------------------------------------


def test_cp1252_file_with_umlauts():
    content = "Name;Straße;Ort\r\nBürgerbüro Süd;Weseler Straße 12;Duisburg\r\nCafé „Öffi“ – Treff;;Köln\r\n"
    table = read_table(content.encode("cp1252"), "liste.csv")
    assert table.encoding == "cp1252"
    assert table.delimiter == ";"
    assert table.headers == ["Name", "Straße", "Ort"]
    assert [r.number for r in table.rows] == [2, 3]
    assert table.rows[0].cells == ("Bürgerbüro Süd", "Weseler Straße 12", "Duisburg")
    assert table.rows[1].cells == ("Café „Öffi“ – Treff", "", "Köln")
    assert table.issues == []


def test_utf8_with_bom():
    content = "Name;Ort\r\nBürgerbüro;Köln\r\n".encode("utf-8-sig")
    table = read_table(content, "liste.csv")
    assert table.encoding == "utf-8-sig"
    assert table.headers == ["Name", "Ort"]  # no BOM left in the first header
    assert table.rows[0].cells == ("Bürgerbüro", "Köln")


def test_utf8_without_bom():
    table = read_table("Name;Ort\nGrüne Mitte;Jena\n".encode(), "liste.csv")
    assert table.encoding == "utf-8"
    assert table.rows[0].cells == ("Grüne Mitte", "Jena")


def test_file_with_bytes_valid_in_neither_encoding_is_rejected():
    content = b"Name;Ort\x81\r\n" + b"".join(b"Verein \x81\x8d\x8f\x90\x9d;Duisburg\r\n" for _ in range(3))
    with pytest.raises(TableError) as exc:
        read_table(content, "kaputt.csv")
    assert exc.value.message == ENCODING_ERROR


def test_single_undecodable_row_becomes_a_cell_issue():
    content = "Name;Ort\r\nBürgerbüro;Köln\r\nXX;Duisburg\r\nTreff;Jena\r\n".encode("cp1252")
    content = content.replace(b"XX", b"Begegnungsst\x81tte")
    table = read_table(content, "liste.csv")
    assert [r.cells[0] for r in table.rows] == ["Bürgerbüro", "Begegnungsst\ufffdtte", "Treff"]
    assert [(i.row, i.column) for i in table.issues] == [(3, 0)]
    assert table.issues[0].message == _("Contains characters that are neither UTF-8 nor Windows-1252 (bad encoding).")


def test_mixed_utf8_and_cp1252_lines_are_read_line_by_line():
    content = b"Name;Ort\r\n" + "Bürgerbüro;Köln\r\n".encode() + "Grünfläche;Jena\r\n".encode("cp1252")
    table = read_table(content, "liste.csv")
    assert table.encoding == "mixed"
    assert [r.cells for r in table.rows] == [("Bürgerbüro", "Köln"), ("Grünfläche", "Jena")]
    assert table.warnings == [_("The file mixes UTF-8 and Windows-1252 encoding; it was read line by line.")]


def test_nul_bytes_are_rejected():
    content = "Name;Ort\r\nA;B\r\n".encode("utf-16")
    with pytest.raises(TableError) as exc:
        read_table(content, "unicode.txt")
    assert exc.value.message == ENCODING_ERROR


def test_control_characters_are_cell_issues():
    table = read_table(b"Name;Ort\r\nA\x07B;Duisburg\r\n", "liste.csv")
    assert [(i.row, i.column, i.message) for i in table.issues] == [
        (2, 0, _("Contains control characters that are not allowed."))
    ]


@pytest.mark.parametrize("content", [b"", b"   \r\n\r\n"])
def test_empty_file(content):
    with pytest.raises(TableError) as exc:
        read_table(content, "leer.csv")
    assert exc.value.message == _("The file is empty.")


def test_file_size_limit(settings):
    settings.QN_IMPORT_MAX_BYTES = 20
    with pytest.raises(TableError) as exc:
        read_table(b"Name;Ort\r\n" + b"Langer Name;Duisburg\r\n" * 3, "gross.csv")
    assert exc.value.status == 413
    assert exc.value.message.startswith(_("The file is too large ({size}). At most {limit} are allowed.")[:10])


def test_row_limit(settings):
    settings.QN_IMPORT_MAX_ROWS = 2
    with pytest.raises(TableError) as exc:
        read_table(b"Name\r\nA\r\nB\r\nC\r\n", "lang.csv")
    assert exc.value.message == _("The file has more than {limit} rows.").format(limit=2)


# --- delimiters and rows -----------------------------------------------------------------------------------------


def test_comma_separated_with_quoted_decimal_commas():
    content = 'Name,Breitengrad,Längengrad\r\n"Treff, Süd","51,5034","6,7788"\r\n'.encode()
    table = read_table(content, "liste.csv")
    assert table.delimiter == ","
    assert table.rows[0].cells == ("Treff, Süd", "51,5034", "6,7788")


def test_semicolon_wins_over_commas_inside_values():
    content = "Name;Breitengrad;Längengrad\r\nTreff;51,5034;6,7788\r\n".encode()
    table = read_table(content, "liste.csv")
    assert table.delimiter == ";"
    assert table.rows[0].cells == ("Treff", "51,5034", "6,7788")


def test_tab_separated():
    table = read_table(b"Name\tOrt\r\nTreff\tJena\r\n", "liste.txt")
    assert table.delimiter == "\t"
    assert table.rows[0].cells == ("Treff", "Jena")


def test_excel_sep_line():
    table = read_table(b"sep=,\r\nName,Ort\r\nTreff,Jena\r\n", "liste.csv")
    assert table.delimiter == ","
    assert table.headers == ["Name", "Ort"]
    assert table.rows[0].number == 2


def test_row_numbers_follow_the_spreadsheet():
    content = b'Name;Beschreibung\r\nA;"zwei\r\nZeilen"\r\n\r\nB;x\r\n'
    table = read_table(content, "liste.csv")
    # The quoted line break stays inside row 2; the blank row 3 is skipped but still counted.
    assert [(r.number, r.cells) for r in table.rows] == [(2, ("A", "zwei\r\nZeilen")), (4, ("B", "x"))]


def test_old_xls_and_broken_xlsx_are_rejected():
    with pytest.raises(TableError) as exc:
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "alt.xls")
    assert exc.value.message == _(
        "The old Excel format .xls is not supported. Please save the file as .xlsx or CSV."
    )
    with pytest.raises(TableError) as exc:
        read_table(b"PK\x03\x04kaputt", "kaputt.xlsx")
    assert exc.value.message == _("The Excel file could not be read. Please check that it is a valid .xlsx file.")


# --- headers -----------------------------------------------------------------------------------------------------


def test_header_normalisation():
    assert normalise_header("  E-Mail ") == normalise_header("email") == "email"
    assert normalise_header("Längengrad") == normalise_header("LAENGENGRAD")
    assert normalise_header("Straße") == normalise_header("Strasse")
    assert normalise_header("Zuständig seit") == "zustaendigseit"


def test_match_columns():
    spec = {"name": ("Name",), "email": ("E-Mail", "Mail"), "street": ("Straße",)}
    result = match_columns(["NAME ", "Strasse", "Farbe", "mail", "e-mail", ""], spec)
    assert result.indexes == {"name": 0, "street": 1, "email": 3}
    assert result.unknown == ["Farbe"]
    assert result.duplicates == ["e-mail"]


# --- parsing -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("1.234,5", Decimal("1234.5")),
    ("1234,5", Decimal("1234.5")),
    ("1.234.567,89", Decimal("1234567.89")),
    ("-0,5", Decimal("-0.5")),
    ("\u22126,75", Decimal("-6.75")),
    (" 51,503412 ", Decimal("51.503412")),
    ("51.4963", Decimal("51.4963")),  # a point followed by four digits is a decimal point
    ("1.234", Decimal("1234")),  # German thousands separator
    ("42", Decimal("42")),
    (12, Decimal("12")),
    (1.5, Decimal("1.5")),
    (Decimal("2.25"), Decimal("2.25")),
])
def test_parse_german_decimal(text, expected):
    assert parse_german_decimal(text) == expected


@pytest.mark.parametrize("text", ["1,234.5", "abc", "", "1.23.4", "12,", ",5", None, True, "1 2,3,4", float("nan")])
def test_parse_german_decimal_rejects(text):
    with pytest.raises(ValueError):
        parse_german_decimal(text)


@pytest.mark.parametrize(("value", "expected"), [
    ("31.12.2014", dt.date(2014, 12, 31)),
    ("1.2.2014", dt.date(2014, 2, 1)),
    ("2014-12-31", dt.date(2014, 12, 31)),
    ("2014-12-31 00:00:00", dt.date(2014, 12, 31)),
    (dt.datetime(2014, 12, 31, 10, 0), dt.date(2014, 12, 31)),
    (dt.date(2014, 12, 31), dt.date(2014, 12, 31)),
])
def test_parse_german_date(value, expected):
    assert parse_german_date(value) == expected


@pytest.mark.parametrize("value", ["31.02.2014", "2014/12/31", "12/31/2014", "", "31.12.14", None])
def test_parse_german_date_rejects(value):
    with pytest.raises(ValueError):
        parse_german_date(value)


def test_parse_german_bool():
    assert [parse_german_bool(v) for v in ("ja", "Nein", "x", "0", "", None, True, 1)] == [
        True, False, True, False, None, None, True, True
    ]
    with pytest.raises(ValueError):
        parse_german_bool("vielleicht")


# --- writing -----------------------------------------------------------------------------------------------------

ROWS = [
    ["=HYPERLINK(\"http://evil.example\",\"Klick\")", 47169, Decimal("1234.5"), dt.date(2014, 12, 31), None],
    ["+49 203 1234", -5, 2.25, True, "@SUM(A1)"],
    ["-Minus", 0, Decimal("-0.5"), False, "\tTab"],
    ["Bürgerbüro \u201eSüd\u201c; mit Semikolon", 1, Decimal("1"), None, "\rCR"],
]
HEADERS = ["Name", "PLZ", "Wert", "Datum", "Notiz"]


def test_write_csv_for_german_excel():
    content = write_csv(ROWS, HEADERS)
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "Name;PLZ;Wert;Datum;Notiz"
    assert lines[1] == "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Klick\"\")\";47169;1234,5;31.12.2014;"
    assert lines[2] == "'+49 203 1234;-5;2,25;ja;'@SUM(A1)"  # numbers stay numbers, text is neutralised
    assert lines[3] == "'-Minus;0;-0,5;nein;'\tTab"
    assert lines[4].startswith("\"Bürgerbüro „Süd“; mit Semikolon\";1;1;;")
    assert text.endswith("\r\n")


def test_write_csv_round_trip_undoes_neutralisation():
    table = read_table(write_csv(ROWS, HEADERS), "export.csv")
    assert table.encoding == "utf-8-sig"
    assert table.headers == HEADERS
    assert table.rows[0].cells[0] == "=HYPERLINK(\"http://evil.example\",\"Klick\")"
    assert table.rows[1].cells[:2] == ("+49 203 1234", "-5")
    assert parse_german_decimal(table.rows[0].cells[2]) == Decimal("1234.5")
    assert parse_german_date(table.rows[0].cells[3]) == dt.date(2014, 12, 31)


def test_write_xlsx_neutralises_formulas_and_keeps_types():
    content = write_xlsx(ROWS, HEADERS, "Organisationen: A/B [Test] mit sehr langem Titel")
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    assert sheet.title == "Organisationen  A B  Test  mit "[:31]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    cell = sheet["A2"]
    assert cell.value == "'=HYPERLINK(\"http://evil.example\",\"Klick\")"
    assert cell.data_type == "s"
    assert sheet["B2"].value == 47169
    assert sheet["C2"].value == pytest.approx(1234.5)
    assert sheet["D2"].value == dt.datetime(2014, 12, 31)
    assert sheet["D2"].number_format == "DD.MM.YYYY"
    assert sheet["B3"].value == -5  # a negative number is not text
    assert sheet["E3"].value == "'@SUM(A1)"
    assert sheet["E4"].value == "'\tTab"
    assert sheet["E5"].value.startswith("'")  # XML turns the CR into a line feed, the apostrophe stays
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_xlsx_round_trip_through_read_table():
    content = write_xlsx(ROWS, HEADERS, "Export")
    table = read_table(content, "export.xlsx")
    assert table.format == "xlsx"
    assert table.headers == HEADERS
    first = table.rows[0]
    assert first.number == 2
    assert first.cells[0] == "=HYPERLINK(\"http://evil.example\",\"Klick\")"
    assert first.cells[1] == 47169
    assert parse_german_decimal(first.cells[2]) == Decimal("1234.5")
    assert parse_german_date(first.cells[3]) == dt.date(2014, 12, 31)
    assert table.rows[1].cells[0] == "+49 203 1234"
    assert table.rows[3].cells[0] == "Bürgerbüro „Süd“; mit Semikolon"


def test_xlsx_recognised_by_content_and_first_sheet_only():
    workbook = Workbook()
    workbook.active.append(["Name", "Ort"])
    workbook.active.append(["Treff", "Jena"])
    workbook.create_sheet("Zweites Blatt").append(["x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "falsch-benannt.csv")
    assert table.format == "xlsx"
    assert table.rows[0].cells == ("Treff", "Jena")
    assert table.warnings == [_("Only the first worksheet “{name}” was read.").format(name="Sheet")]


def test_cell_text():
    assert tabular.cell_text(47169.0) == "47169"
    assert tabular.cell_text(51.5) == "51,5"
    assert tabular.cell_text(dt.datetime(2024, 1, 15)) == "15.01.2024"
    assert tabular.cell_text(None) == ""
