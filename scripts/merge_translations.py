"""Fill quartiersnetz/locale/de/LC_MESSAGES/django.po from quartiersnetz/locale/pending/*.json.

Run after `make po`. Entries already translated are kept unless --overwrite; fuzzy flags are dropped for
entries filled here. Prints the msgids still missing a German translation.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "quartiersnetz/locale/de/LC_MESSAGES/django.po"
PENDING = ROOT / "quartiersnetz/locale/pending"


def po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def po_unquote(lines: list[str]) -> str:
    out = ""
    for line in lines:
        s = line.strip()
        if s.startswith('"'):
            out += json.loads(s)
    return out


def main(overwrite: bool = False) -> int:
    table: dict[str, object] = {}
    for f in sorted(PENDING.glob("*.json")):
        table.update(json.loads(f.read_text(encoding="utf-8")))
    blocks = PO.read_text(encoding="utf-8").split("\n\n")
    missing = []
    out_blocks = []
    for block in blocks:
        lines = block.split("\n")
        key_lines: dict[str, list[str]] = {}
        current = None
        comments = []
        for line in lines:
            m = re.match(r"^(msgid_plural|msgid|msgstr\[\d\]|msgstr|msgctxt) ", line)
            if m:
                current = m.group(1)
                key_lines[current] = [line[len(current) + 1:]]
            elif line.startswith('"') and current:
                key_lines[current].append(line)
            else:
                comments.append(line)
                current = None
        if "msgid" not in key_lines:
            out_blocks.append(block)
            continue
        msgid = po_unquote(key_lines["msgid"])
        if msgid == "":
            out_blocks.append(block)
            continue
        plural = po_unquote(key_lines["msgid_plural"]) if "msgid_plural" in key_lines else None
        key = f"{msgid}|||{plural}" if plural is not None else msgid
        if plural is None:
            current_tr = po_unquote(key_lines.get("msgstr", ['""']))
            done = bool(current_tr)
        else:
            done = all(po_unquote(key_lines.get(f"msgstr[{i}]", ['""'])) for i in range(2))
        fuzzy = any(c.startswith("#,") and "fuzzy" in c for c in comments)
        if (done and not fuzzy and not overwrite) or key not in table:
            if not done or fuzzy:
                missing.append(key)
            out_blocks.append(block)
            continue
        value = table[key]
        comments = [c for c in comments if not (c.startswith("#,") and "fuzzy" in c)]
        new = [c for c in comments if c]
        if "msgctxt" in key_lines:
            new.append("msgctxt " + po_quote(po_unquote(key_lines["msgctxt"])))
        new.append("msgid " + po_quote(msgid))
        if plural is None:
            new.append("msgstr " + po_quote(str(value)))
        else:
            new.append("msgid_plural " + po_quote(plural))
            for i, v in enumerate(value):
                new.append(f"msgstr[{i}] " + po_quote(v))
        out_blocks.append("\n".join(new))
    PO.write_text("\n\n".join(out_blocks), encoding="utf-8")
    for key in missing:
        print("missing German translation:", key)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(overwrite="--overwrite" in sys.argv))
