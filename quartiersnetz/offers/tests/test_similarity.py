"""Text similarity and the matrix analysis on constructed cases with known answers (pure, no database)."""

import pytest

from quartiersnetz.offers.analysis import OfferRecord, build_matrix, compare_counts
from quartiersnetz.offers.similarity import cosine, similar_pairs, similarity, trigrams, words


def test_words_fold_umlauts_and_drop_stop_words():
    assert words("Beratung für Überschuldete und die Familie") == ["beratung", "ueberschuldete", "familie"]


def test_trigrams_are_padded_per_word():
    assert trigrams("Kurs") == {" ku": 1, "kur": 1, "urs": 1, "rs ": 1}


def test_identical_texts_score_one_and_disjoint_texts_zero():
    assert similarity("Schuldnerberatung", "Schuldnerberatung") == pytest.approx(1.0)
    assert similarity("Schuldnerberatung", "Yoga") == 0.0
    assert similarity("", "Schuldnerberatung") == 0.0


def test_near_duplicates_score_high_and_unrelated_offers_low():
    near = similarity("Bewerbungstraining für Alleinerziehende", "Bewerbungscoaching für Alleinerziehende")
    unrelated = similarity("Deutschkurs für Mütter mit Kinderbetreuung", "Schuldnerberatung der Caritas")
    assert near > 0.6
    assert unrelated < 0.15


def test_cosine_of_known_vectors():
    assert cosine({"a": 1.0, "b": 1.0}, {"a": 1.0}) == pytest.approx(1 / 2**0.5)
    assert cosine({}, {"a": 1.0}) == 0.0


def test_similar_pairs_only_within_shared_cells_and_above_threshold():
    docs = {
        1: "Schuldnerberatung im Stadtteil Beratung bei Schulden und Überschuldung",
        2: "Schuldner- und Insolvenzberatung Beratung bei Überschuldung und Schulden",
        3: "Schuldnerberatung im Stadtteil Beratung bei Schulden und Überschuldung",  # same text, other cell
        4: "Sprachcafé Deutsch sprechen in lockerer Runde",
    }
    pairs = similar_pairs(docs, {"cell-a": [1, 2, 4], "cell-b": [3]}, threshold=0.5)
    assert [(p.a, p.b) for p in pairs] == [(1, 2)]
    assert pairs[0].cells == ("cell-a",)
    assert 0.5 <= pairs[0].score < 1
    assert similar_pairs(docs, {"cell-a": [1, 2, 4]}, threshold=0.99) == []


def _rec(pk, title, groups, topics, description="", quartier="A"):
    return OfferRecord(pk, title, description, frozenset(groups), frozenset(topics), quartier)


def test_matrix_places_offers_finds_gaps_and_duplicates():
    records = [
        _rec(1, "Schuldnerberatung im Stadtteil", {"lza"}, {"schulden"}, "Beratung bei Schulden und Überschuldung"),
        _rec(2, "Schuldner- und Insolvenzberatung", {"lza"}, {"schulden"}, "Beratung bei Überschuldung, Schulden"),
        _rec(3, "Sprachcafé", {"lza", "ae"}, {"sprache"}, "Deutsch sprechen"),
        _rec(4, "Ohne Zielgruppe", set(), {"sprache"}),
    ]
    matrix = build_matrix(records, ["lza", "ae"], ["schulden", "sprache"])
    assert matrix.cells == {("lza", "schulden"): [1, 2], ("lza", "sprache"): [3], ("ae", "schulden"): [],
                            ("ae", "sprache"): [3]}
    assert matrix.gaps == [("ae", "schulden")]
    assert [(p.a, p.b, p.cells) for p in matrix.duplicates] == [(1, 2, (("lza", "schulden"),))]
    assert matrix.unclassified == [4]
    assert matrix.row_totals == {"lza": 3, "ae": 1}
    assert matrix.column_totals == {"schulden": 2, "sprache": 1}


def test_matrix_without_offers_is_all_gaps():
    matrix = build_matrix([], ["a", "b"], ["x"])
    assert matrix.gaps == [("a", "x"), ("b", "x")]
    assert matrix.duplicates == []


def test_different_offers_in_one_cell_are_not_duplicates():
    records = [_rec(1, "Schuldnerberatung", {"lza"}, {"beratung"}, "Überschuldung, Insolvenz"),
               _rec(2, "Erwerbslosenberatung", {"lza"}, {"beratung"}, "Arbeitslosengeld, Widersprüche")]
    assert build_matrix(records, ["lza"], ["beratung"]).duplicates == []


def test_compare_counts_per_quartier_with_zero_gaps():
    records = [_rec(1, "a", {"lza"}, {"x"}, quartier="A"), _rec(2, "b", {"lza"}, {"x"}, quartier="A"),
               _rec(3, "c", {"lza"}, {"x"}, quartier="B"), _rec(4, "d", {"lza"}, {"x"}, quartier="C")]
    counts = compare_counts(records, ["lza"], ["x", "y"], ["A", "B"])
    assert counts == {("lza", "x"): {"A": 2, "B": 1}, ("lza", "y"): {"A": 0, "B": 0}}
