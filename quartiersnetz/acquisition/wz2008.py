"""WZ 2008 (Klassifikation der Wirtschaftszweige, Destatis): the 21 sections with their official German names and
the divisions (two-digit codes) they hold. Pure Python, no Django imports.

A Branche is stored as a section letter ("G"), a numeric code ("47", "47.1", "47.11", "47.11.0") or both
("G 47.11"). `parse_wz` checks the format and that letter and number agree and returns (section, code).
"""

from __future__ import annotations

import re

# section → (German name, first division, last division)
SECTIONS: dict[str, tuple[str, int, int]] = {
    "A": ("Land- und Forstwirtschaft, Fischerei", 1, 3),
    "B": ("Bergbau und Gewinnung von Steinen und Erden", 5, 9),
    "C": ("Verarbeitendes Gewerbe", 10, 33),
    "D": ("Energieversorgung", 35, 35),
    "E": ("Wasserversorgung; Abwasser- und Abfallentsorgung, Beseitigung von Umweltverschmutzungen", 36, 39),
    "F": ("Baugewerbe", 41, 43),
    "G": ("Handel; Instandhaltung und Reparatur von Kraftfahrzeugen", 45, 47),
    "H": ("Verkehr und Lagerei", 49, 53),
    "I": ("Gastgewerbe", 55, 56),
    "J": ("Information und Kommunikation", 58, 63),
    "K": ("Erbringung von Finanz- und Versicherungsdienstleistungen", 64, 66),
    "L": ("Grundstücks- und Wohnungswesen", 68, 68),
    "M": ("Erbringung von freiberuflichen, wissenschaftlichen und technischen Dienstleistungen", 69, 75),
    "N": ("Erbringung von sonstigen wirtschaftlichen Dienstleistungen", 77, 82),
    "O": ("Öffentliche Verwaltung, Verteidigung; Sozialversicherung", 84, 84),
    "P": ("Erziehung und Unterricht", 85, 85),
    "Q": ("Gesundheits- und Sozialwesen", 86, 88),
    "R": ("Kunst, Unterhaltung und Erholung", 90, 93),
    "S": ("Erbringung von sonstigen Dienstleistungen", 94, 96),
    "T": ("Private Haushalte mit Hauspersonal; Herstellung von Waren und Erbringung von Dienstleistungen durch "
          "private Haushalte für den Eigenbedarf", 97, 98),
    "U": ("Exterritoriale Organisationen und Körperschaften", 99, 99),
}

_CODE = r"\d{2}(?:\.\d{1,2}(?:\.\d)?)?"
_PATTERN = re.compile(rf"^(?:(?P<section>[A-U])(?:\s*(?P<code1>{_CODE}))?|(?P<code2>{_CODE}))$")


class WzError(ValueError):
    """`kind` is "format", "unknown_division" or "mismatch"."""

    def __init__(self, kind: str, value: str):
        super().__init__(f"{kind}: {value}")
        self.kind = kind
        self.value = value


def section_of_division(division: int) -> str | None:
    for letter, (_name, first, last) in SECTIONS.items():
        if first <= division <= last:
            return letter
    return None


def parse_wz(value: str) -> tuple[str, str]:
    """"g 47.11" → ("G", "47.11"); "47.11" → ("G", "47.11"); "G" → ("G", ""). Raises WzError."""
    text = re.sub(r"\s+", " ", (value or "").strip().upper())
    match = _PATTERN.match(text)
    if not match:
        raise WzError("format", value)
    code = match.group("code1") or match.group("code2") or ""
    section = match.group("section") or ""
    if code:
        derived = section_of_division(int(code[:2]))
        if derived is None:
            raise WzError("unknown_division", value)
        if section and section != derived:
            raise WzError("mismatch", value)
        section = derived
    return section, code


def normalise_wz(value: str) -> str:
    """The stored form: "G 47.11", "G" or "" for empty input."""
    if not (value or "").strip():
        return ""
    section, code = parse_wz(value)
    return f"{section} {code}" if code else section


def section_name(section: str) -> str:
    return SECTIONS[section][0] if section in SECTIONS else ""
