"""German UI: every msgid has a German translation, nothing is fuzzy, pages render in German."""

import re
from pathlib import Path

import pytest
from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "de" / "LC_MESSAGES" / "django.po"


def _entries():
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "msgid" not in block:
            continue
        yield block


def _joined(block, key):
    m = re.search(rf'^{re.escape(key)} ((?:".*"\n?)+)', block + "\n", re.M)
    if not m:
        return None
    return "".join(re.findall(r'"(.*)"', m.group(1)))


def test_po_file_has_no_empty_or_fuzzy_translations():
    problems = []
    for block in _entries():
        msgid = _joined(block, "msgid")
        if not msgid:
            continue
        if "#, fuzzy" in block or ("#," in block and "fuzzy" in block.split("msgid")[0]):
            problems.append(f"fuzzy: {msgid}")
        if "msgid_plural" in block:
            values = [_joined(block, f"msgstr[{i}]") for i in range(2)]
        else:
            values = [_joined(block, "msgstr")]
        if not all(values):
            problems.append(f"empty: {msgid}")
    assert problems == []


def test_placeholders_survive_translation():
    for block in _entries():
        msgid = _joined(block, "msgid")
        if not msgid or "msgid_plural" in block:
            continue
        msgstr = _joined(block, "msgstr") or ""
        assert sorted(re.findall(r"\{\w+\}|%\(\w+\)s", msgid)) == sorted(
            re.findall(r"\{\w+\}|%\(\w+\)s", msgstr)
        ), msgid


def test_german_is_active():
    with translation.override("de"):
        assert translation.gettext("Neighbourhoods") == "Quartiere"
        assert translation.gettext("Log in") == "Anmelden"


@pytest.mark.django_db
def test_login_page_is_german(client):
    response = client.get("/anmelden/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert "Anmelden" in html
    assert "Benutzername" in html
    assert "Zum Inhalt springen" in html
    assert "Log in" not in html
