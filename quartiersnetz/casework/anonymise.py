"""Check free text for direct identifiers before it is saved (case conferences, referrals, notes). Pure Python.

A heuristic, not a guarantee: it finds first names from a list (capitalised), dates, dates of birth, street
addresses, phone numbers and e-mail addresses. What the author may confirm as a false positive is decided here
(docs/privacy-casework.md): names, plain dates and addresses may be confirmed ("Musterstraße 5" may be the
address of an office, "Frank" may be a surname of a staff member); e-mail addresses, phone numbers and dates of
birth can never be confirmed: such text must be changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Common first names in Germany (also frequent names of people with a migration background). Left out on purpose:
# words that are also ordinary German words or months at the start of a sentence (Mai, Jan, August, Ernst, Mark,
# Frank is kept because it is rarely an adjective at the start of a sentence in case notes).
FIRST_NAMES = frozenset("""
Adam Ahmet Ahmed Alexander Alexandra Ali Alina Amelie Andrea Andreas Angelika Anja Anke Anna Anne Annika Anton
Ayse Ayşe Barbara Ben Bernd Bettina Birgit Brigitte Carina Carla Carsten Christian Christina Christine Claudia
Daniel Daniela David Dennis Dieter Dirk Doris Elena Elias Elif Elisabeth Emily Emir Emma Emre Erika Esra Fabian
Fatima Fatma Felix Finn Florian Frank Franziska Gabriele Georg Gerhard Gisela Hakan Hannah Hanna Hans Harald
Heike Heinz Helga Helmut Hüseyin Ibrahim Ilona Ines Ingrid Irina Jana Janina Jennifer Jens Jessica Johanna
Johannes Jonas Julia Julian Jürgen Karin Karl Katarzyna Katharina Katja Kerstin Kevin Klaus Kristina Lara Laura
Lea Lena Leon Lina Linda Lisa Lukas Manfred Manuela Marco Maria Marie Marina Mario Markus Martin Martina Marvin
Mathias Matthias Maximilian Mehmet Melanie Mia Michael Michaela Milan Mohammed Mohammad Monika Mustafa Nadine
Natalia Nicole Niklas Nina Noah Olga Oliver Omar Pascal Patrick Paul Peter Petra Philipp Piotr Ralf Rainer
Renate Robert Sabine Sandra Sara Sarah Sebastian Selin Sergej Silke Simon Sofia Sophie Stefan Stefanie Stephan
Susanne Svenja Sven Swetlana Tanja Thomas Tim Tobias Tom Torsten Ursula Ute Uwe Vanessa Viktor Walter Werner
Wolfgang Yasemin Yusuf Zeynep
""".split())  # noqa: SIM905 - readable as a block

NAME = "name"
DATE = "date"
BIRTH_DATE = "birth_date"
ADDRESS = "address"
PHONE = "phone"
EMAIL = "email"
NOT_OVERRIDABLE = frozenset({BIRTH_DATE, PHONE, EMAIL})
LABELS = {
    NAME: "first name", DATE: "date", BIRTH_DATE: "date of birth", ADDRESS: "address", PHONE: "phone number",
    EMAIL: "e-mail address",
}

_DATE = r"\b(?:[0-3]?\d\.\s?[01]?\d\.\s?(?:19|20)?\d\d|(?:19|20)\d\d-[01]\d-[0-3]\d)\b"
_DATE_RE = re.compile(_DATE)
_BIRTH_RE = re.compile(r"(?:\bgeb(?:oren|\.)?|\bGeburtsdatum|\bGeb\.-?Datum|\*)\s*(?:am\s+)?:?\s*" + _DATE,
                       re.IGNORECASE)
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE_RE = re.compile(r"(?<![\w.])(?:\+|00)?\d[\d /()-]{5,}\d(?![\w.])")
_STREET = (r"[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|chaussee|steig|pfad)"
           r"|(?:Am|An der|Im|In der|Auf dem|Zum|Zur)\s+[A-ZÄÖÜ][\wäöüß-]+")
_ADDRESS_RE = re.compile(r"\b(?:" + _STREET + r")\s+\d{1,4}\s?[a-zA-Z]?\b")
_WORD_RE = re.compile(r"\b[A-ZÄÖÜ][a-zäöüßçğışé]+\b")


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str

    @property
    def overridable(self) -> bool:
        return self.kind not in NOT_OVERRIDABLE


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def find_identifiers(text: str) -> list[Finding]:
    """All suspected identifiers in order of appearance, without duplicates."""
    if not text:
        return []
    found: list[tuple[int, Finding]] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match, kind: str) -> None:
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append((start, Finding(kind, match.group(0).strip())))

    for m in _EMAIL_RE.finditer(text):
        add(m, EMAIL)
    for m in _BIRTH_RE.finditer(text):
        add(m, BIRTH_DATE)
    for m in _DATE_RE.finditer(text):
        add(m, DATE)
    for m in _ADDRESS_RE.finditer(text):
        add(m, ADDRESS)
    for m in _PHONE_RE.finditer(text):
        if _digits(m.group(0)) >= 6:
            add(m, PHONE)
    for m in _WORD_RE.finditer(text):
        if m.group(0) in FIRST_NAMES:
            add(m, NAME)
    seen = set()
    result = []
    for _pos, finding in sorted(found, key=lambda item: item[0]):
        if (finding.kind, finding.text) not in seen:
            seen.add((finding.kind, finding.text))
            result.append(finding)
    return result


def blocking(findings: list[Finding], *, confirmed: bool) -> list[Finding]:
    """The findings that stop saving: all of them, or only the not overridable ones once the author confirmed."""
    if not confirmed:
        return list(findings)
    return [f for f in findings if not f.overridable]
