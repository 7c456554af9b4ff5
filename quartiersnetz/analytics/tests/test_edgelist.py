"""Reading CSV edge lists: separators, encodings, weights, and German errors with line numbers."""

import re

import pytest

from quartiersnetz.analytics.edgelist import (
    MESSAGES,
    EdgeListError,
    describe_ignored,
    parse_edge_list,
    read_edge_list,
)
from quartiersnetz.analytics.network import build_graph


def test_comma_separated_with_extra_columns_and_blank_rows():
    edges = parse_edge_list(b"Source , TARGET,label\nA,B,x\n\n,,\nB,C,y\n")
    assert edges.delimiter == ","
    assert edges.edges == [("A", "B", None), ("B", "C", None)]
    assert edges.lines == [2, 5]
    assert edges.encoding == "utf-8"


def test_semicolon_utf8_bom_weights_with_decimal_comma():
    data = "\ufeffsource;target;Stärke\r\nJobcenter;Kita Sonnenschein;1,5\r\nKita Sonnenschein;Moschee;2\r\n"
    edges = parse_edge_list(data.encode("utf-8"), weight_column="stärke")
    assert edges.delimiter == ";"
    assert edges.encoding == "utf-8-sig"
    assert edges.edges == [("Jobcenter", "Kita Sonnenschein", 1.5), ("Kita Sonnenschein", "Moschee", 2.0)]
    assert edges.weight_column == "stärke"


def test_weight_formats():
    data = b'source,target,w\na,b,"1.234,5"\nb,c,0.25\nc,d,"3,0"\nd,e,7\n'
    assert [w for _s, _t, w in parse_edge_list(data, weight_column="w").edges] == [1234.5, 0.25, 3.0, 7.0]


def test_weight_column_is_ignored_unless_named():
    edges = parse_edge_list(b"source,target,weight\na,b,5\n")
    assert edges.edges == [("a", "b", None)]


def test_cp1252_and_quoted_ids():
    data = 'source;target\n"Träger; Düsseldorf";Straßenverein\n'.encode("cp1252")
    edges = parse_edge_list(data)
    assert edges.encoding == "cp1252"
    assert edges.edges == [("Träger; Düsseldorf", "Straßenverein", None)]


def test_spec_from_edge_list():
    spec = parse_edge_list(b"source,target\na,b\n").spec(directed=True)
    assert spec.directed is True
    assert list(spec.edges) == [("a", "b", None)]


@pytest.mark.parametrize(
    ("data", "kwargs", "line", "fragment"),
    [
        (b"", {}, 1, "Die Datei ist leer."),
        (b"  \n\n", {}, 1, "Die Datei ist leer."),
        (b"von,nach\na,b\n", {}, 1, "Die Kopfzeile muss die Spalten „source“ und „target“ enthalten"),
        (b"source\na\n", {}, 1, "Gefunden: „source“."),
        (b"source,target,source\na,b,c\n", {}, 1, "Die Spalte „source“ kommt in der Kopfzeile mehrfach vor."),
        (b"source,target\na,b\n", {"weight_column": "gewicht"}, 1, "Die Gewichtsspalte „gewicht“ fehlt"),
        (b"source,target\na,b\nc\n", {}, 3, "Zeile 3: Der Wert in der Spalte „target“ fehlt."),
        (b"source,target\na,b\n ,c\n", {}, 3, "Zeile 3: Der Wert in der Spalte „source“ fehlt."),
        (b"source,target\na,b,c\n", {}, 2, "Zeile 2: Die Zeile hat 3 Felder, die Kopfzeile nur 2."),
        (b"source,target,w\na,b,1\nb,c,viel\n", {"weight_column": "w"}, 3, "Zeile 3: Das Gewicht „viel“ ist keine"),
        (b"source,target,w\na,b,\n", {"weight_column": "w"}, 2, "Zeile 2: Der Wert in der Spalte „w“ fehlt."),
        (b"source,target,w\na,b,-1\n", {"weight_column": "w"}, 2, "Zeile 2: Das Gewicht „-1“ darf nicht negativ"),
        (b"source,target,w\na,b,inf\n", {"weight_column": "w"}, 2, "Zeile 2: Das Gewicht „inf“ ist keine Zahl."),
        (b'source,target\na,b\n"c,d\n', {}, 3, "Zeile 3: Die Anführungszeichen sind nicht korrekt geschlossen"),
        (b'source,target\na,b\n"c"x,d\n', {}, 3, "Zeile 3: Die Anführungszeichen"),
        (b"source,target\na,b\nc\x00,d\n", {}, 3, "Zeile 3: Die Datei enthält NUL-Zeichen"),
        (b"source,target\na,b\n\x81,d\n", {}, 3, "Zeile 3: Die Datei ist weder gültiges UTF-8 noch Windows-1252."),
        (b"\xef\xbb\xbfsource,target\n\xff,d\n", {}, 2, "Zeile 2: Die Datei ist weder gültiges UTF-8"),
        (b"source,target\n", {}, 2, "Die Datei enthält keine Kanten"),
    ],
)
def test_malformed_files_raise_german_errors_with_line(data, kwargs, line, fragment):
    with pytest.raises(EdgeListError) as exc:
        parse_edge_list(data, **kwargs)
    assert exc.value.line == line
    assert fragment in exc.value.message
    assert str(exc.value) == exc.value.message


def test_read_edge_list_from_disk(tmp_path):
    path = tmp_path / "kanten.csv"
    path.write_bytes(b"source;target\nx;y\n")
    assert read_edge_list(str(path)).edges == [("x", "y", None)]
    with pytest.raises(EdgeListError) as exc:
        read_edge_list(str(tmp_path / "fehlt.csv"))
    assert exc.value.line is None
    assert exc.value.message == f"Die Datei „{tmp_path / 'fehlt.csv'}“ wurde nicht gefunden."
    with pytest.raises(EdgeListError) as exc:
        read_edge_list(str(tmp_path))
    assert exc.value.message == f"„{tmp_path}“ ist keine Datei."


def test_describe_ignored_names_lines():
    edge_list = parse_edge_list(b"source,target\na,b\nb,a\nc,c\na,b\nb,c\n")
    built = build_graph(edge_list.spec())
    assert describe_ignored(edge_list, built.report) == [
        "Zeile 3: Doppelte Kante b – a wird ignoriert (zuerst in Zeile 2).",
        "Zeile 4: Schleife (c – c) wird ignoriert.",
        "Zeile 5: Doppelte Kante a – b wird ignoriert (zuerst in Zeile 2).",
        "Ignorierte Zeilen – Schleifen: 1, doppelte Kanten: 2.",
    ]
    short = describe_ignored(edge_list, built.report, limit=1)
    assert short[1] == "… und 2 weitere ignorierte Zeilen."
    clean = parse_edge_list(b"source,target\na,b\n")
    assert describe_ignored(clean, build_graph(clean.spec()).report) == []


def test_messages_are_german():
    for key, template in MESSAGES.items():
        text = re.sub(r"\{\w+\}", "", template)
        assert not any(word in text for word in (" the ", "file", "line ", "column")), key
