"""Text similarity of offers, for the duplicate-structure analysis. Pure Python, no Django imports.

Each text is reduced to character trigrams of its words (lower case, umlauts folded, German stop words and
one-letter words dropped; each word padded with a space on both sides, so "Kurs" gives " ku", "kur", "urs",
"rs "). Trigrams make "Bewerbungstraining" and "Bewerbungscoaching" similar, and "Deutschkurs" similar to
"Deutsch-Kurs". The trigrams are weighted by TF-IDF over the documents compared together (the offers of one
Quartier): trigrams that occur in every offer ("ung") count little, rare ones a lot. The score is the cosine of
the two weight vectors, between 0 (nothing shared) and 1 (same trigrams in the same proportions).

`similar_pairs` compares only offers that share a cell of the target group × topic matrix and reports pairs whose
score reaches the threshold.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

DEFAULT_THRESHOLD = 0.5

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset({
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einem", "einen", "eines", "und", "oder",
    "aber", "auch", "als", "am", "an", "auf", "aus", "bei", "bis", "durch", "fuer", "gegen", "im", "in", "ins",
    "ist", "mit", "nach", "ohne", "sich", "sie", "es", "er", "wir", "ihr", "um", "unter", "ueber", "von", "vor",
    "zu", "zum", "zur", "wird", "werden", "sind", "nicht", "noch", "nur", "so", "wie", "wo", "was", "wer",
    "sowie", "dass", "ab", "je", "pro", "etc", "alle", "allen", "jede", "jeden", "jeder", "hier", "dort", "the",
    "and", "of", "for", "to", "on", "with",
})


def words(text: str) -> list[str]:
    folded = (text or "").casefold().translate(_FOLD)
    return [w for w in _WORD.findall(folded) if len(w) > 1 and w not in STOPWORDS]


def trigrams(text: str) -> Counter:
    counts: Counter = Counter()
    for word in words(text):
        padded = f" {word} "
        counts.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return counts


def tfidf_vectors[K: Hashable](docs: Mapping[K, str]) -> dict[K, dict[str, float]]:
    """Weight = (1 + log tf) × (log((1 + N) / (1 + df)) + 1), the smoothed IDF."""
    counts = {key: trigrams(text) for key, text in docs.items()}
    df: Counter = Counter()
    for c in counts.values():
        df.update(c.keys())
    n = len(counts)
    idf = {term: math.log((1 + n) / (1 + d)) + 1 for term, d in df.items()}
    return {key: {t: (1 + math.log(tf)) * idf[t] for t, tf in c.items()} for key, c in counts.items()}


def cosine(u: Mapping[str, float], v: Mapping[str, float]) -> float:
    if not u or not v:
        return 0.0
    if len(u) > len(v):
        u, v = v, u
    dot = sum(w * v.get(t, 0.0) for t, w in u.items())
    norm = math.sqrt(sum(w * w for w in u.values())) * math.sqrt(sum(w * w for w in v.values()))
    return 0.0 if norm == 0 else min(1.0, dot / norm)


def similarity(a: str, b: str) -> float:
    """Score of two texts on their own (IDF over just these two)."""
    vectors = tfidf_vectors({0: a, 1: b})
    return cosine(vectors[0], vectors[1])


@dataclass(frozen=True)
class SimilarPair[K: Hashable]:
    a: K
    b: K
    score: float
    cells: tuple  # the matrix cells both offers share, in the order given


def similar_pairs[K: Hashable](
    docs: Mapping[K, str], cells: Mapping[Hashable, Sequence[K]], threshold: float = DEFAULT_THRESHOLD
) -> list[SimilarPair]:
    """Pairs of documents that share at least one cell and whose score reaches `threshold`, best first.

    `docs` maps a key (offer id) to its text; `cells` maps a cell to the keys in it. Keys must be orderable, so
    each pair is reported once as (smaller, larger)."""
    vectors = tfidf_vectors(docs)
    shared: dict[tuple[K, K], list] = {}
    for cell, keys in cells.items():
        unique = sorted(set(keys))
        for i, a in enumerate(unique):
            for b in unique[i + 1:]:
                shared.setdefault((a, b), []).append(cell)
    pairs = []
    for (a, b), in_cells in shared.items():
        score = cosine(vectors.get(a, {}), vectors.get(b, {}))
        if score >= threshold:
            pairs.append(SimilarPair(a, b, round(score, 3), tuple(in_cells)))
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs


def offer_text(title: str, description: str) -> str:
    """The text compared for an offer: the title counts twice, so short titles are not drowned by descriptions."""
    return f"{title} {title} {description}"


def group_keys[K: Hashable](items: Iterable[tuple[K, Iterable[Hashable]]]) -> dict[Hashable, list[K]]:
    """Invert (key, cells) pairs into cell → keys."""
    out: dict[Hashable, list[K]] = {}
    for key, key_cells in items:
        for cell in key_cells:
            out.setdefault(cell, []).append(key)
    return out
