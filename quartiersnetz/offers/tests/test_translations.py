"""Every msgid of the offers app has a German translation (in the main catalogue or in the pending file that the
lead merges), with the same placeholders."""

import json
import re
from pathlib import Path

APP = Path(__file__).resolve().parent.parent
LOCALE = APP.parent / "locale"
PENDING = LOCALE / "pending" / "offers.json"
CALL = re.compile(r"""\b_\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)""")
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def _po_translated() -> set[str]:
    text = (LOCALE / "de" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    done = set()
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n)+)', block + "\n", re.M)
        if msgid and msgstr and "#, fuzzy" not in block:
            key = "".join(json.loads(s) for s in re.findall(r'"(?:[^"\\]|\\.)*"', msgid.group(1)))
            value = "".join(json.loads(s) for s in re.findall(r'"(?:[^"\\]|\\.)*"', msgstr.group(1)))
            if value:
                done.add(key)
    return done


def _python_msgids() -> set[str]:
    found = set()
    for path in APP.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for match in CALL.finditer(path.read_text(encoding="utf-8")):
            found.add("".join(json.loads(s) for s in re.findall(r'"(?:[^"\\]|\\.)*"', match.group(1))))
    return found


def test_pending_translations_are_german_and_keep_placeholders():
    pending = json.loads(PENDING.read_text(encoding="utf-8"))
    assert len(pending) > 250
    for key, value in pending.items():
        sources = key.split("|||")
        targets = value if isinstance(value, list) else [value]
        assert len(sources) == len(targets), key
        for source, target in zip(sources, targets, strict=True):
            assert target.strip(), key
            assert sorted(set(PLACEHOLDER.findall(source))) == sorted(set(PLACEHOLDER.findall(target))), key


def test_every_python_msgid_is_translated():
    pending = set()
    for path in PENDING.parent.glob("*.json"):  # every pending file: the lead merges them all
        pending |= set(json.loads(path.read_text(encoding="utf-8")))
    missing = sorted(_python_msgids() - pending - _po_translated())
    assert missing == []
