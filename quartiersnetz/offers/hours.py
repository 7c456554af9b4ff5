"""Opening hours: parse and format the structured weekly schedule of an offer.

Stored as a list of {"weekday": 1–7 (Monday = 1, as in ISO 8601 and HSDS regular_schedules), "opens": "HH:MM",
"closes": "HH:MM"}. Entered as text, one line per day or day range:

    Mo 09:00-12:00, 14:00-16:00
    Di-Do 9-12
    Fr 10:00–13:00
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .exceptions import HoursError

DAY_NAMES = {
    "mo": 1, "montag": 1, "mon": 1, "monday": 1,
    "di": 2, "dienstag": 2, "tue": 2, "tuesday": 2,
    "mi": 3, "mittwoch": 3, "wed": 3, "wednesday": 3,
    "do": 4, "donnerstag": 4, "thu": 4, "thursday": 4,
    "fr": 5, "freitag": 5, "fri": 5, "friday": 5,
    "sa": 6, "samstag": 6, "sat": 6, "saturday": 6,
    "so": 7, "sonntag": 7, "sun": 7, "sunday": 7,
}
SHORT = {1: "Mo", 2: "Di", 3: "Mi", 4: "Do", 5: "Fr", 6: "Sa", 7: "So"}
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$")
_LINE = re.compile(r"^\s*([A-Za-zäÄ]+)\.?\s*(?:[-–]\s*([A-Za-zäÄ]+)\.?)?\s*:?\s*(.+)$")


def _time(text: str, line_no: int) -> str:
    match = _TIME.match(text.strip().removesuffix("Uhr").strip())
    if not match:
        raise HoursError(_("Line {line}: “{text}” is not a time (e.g. 09:00).").format(line=line_no, text=text.strip()))
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise HoursError(_("Line {line}: “{text}” is not a time (e.g. 09:00).").format(line=line_no, text=text.strip()))
    return f"{hours:02d}:{minutes:02d}"


def _day(name: str, line_no: int) -> int:
    day = DAY_NAMES.get(name.casefold())
    if day is None:
        raise HoursError(_("Line {line}: “{name}” is not a weekday (Mo, Di, Mi, Do, Fr, Sa, So).").format(
            line=line_no, name=name))
    return day


def parse_hours(text: str) -> list[dict]:
    """Text → sorted list of slots. Raises HoursError with a German message naming the line."""
    slots = []
    for line_no, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            raise HoursError(_("Line {line}: please write e.g. “Mo 09:00-12:00”.").format(line=line_no))
        first = _day(match.group(1), line_no)
        last = _day(match.group(2), line_no) if match.group(2) else first
        if last < first:
            raise HoursError(_("Line {line}: the day range must run from Monday towards Sunday.").format(
                line=line_no))
        for part in match.group(3).split(","):
            bounds = re.split(r"\s*(?:-|–|bis)\s*", part.strip())
            if len(bounds) != 2:
                raise HoursError(_("Line {line}: please write e.g. “Mo 09:00-12:00”.").format(line=line_no))
            opens, closes = _time(bounds[0], line_no), _time(bounds[1], line_no)
            if closes <= opens:
                raise HoursError(_("Line {line}: the closing time must be after the opening time.").format(
                    line=line_no))
            for day in range(first, last + 1):
                slots.append({"weekday": day, "opens": opens, "closes": closes})
    unique = {(s["weekday"], s["opens"], s["closes"]): s for s in slots}
    return [unique[k] for k in sorted(unique)]


def format_hours(slots: list[dict] | None) -> str:
    """Slots → one line per weekday or run of consecutive weekdays with the same times, e.g.
    “Mo–Fr 09:00–12:00” and “Sa 10:00–12:00, 14:00–16:00”."""
    by_day: dict[int, list[str]] = {}
    for s in sorted(slots or [], key=lambda s: (s["weekday"], s["opens"])):
        by_day.setdefault(s["weekday"], []).append(f"{s['opens']}–{s['closes']}")
    runs: list[tuple[int, int, list[str]]] = []
    for day, times in sorted(by_day.items()):
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == times:
            runs[-1] = (runs[-1][0], day, times)
        else:
            runs.append((day, day, times))
    return "\n".join(
        f"{SHORT[first]}{'' if first == last else '–' + SHORT[last]} {', '.join(times)}" for first, last, times in runs
    )


def valid_slots(value) -> bool:
    """True when `value` is a list of well-formed slots (used by the model/service validation)."""
    if not isinstance(value, list):
        return False
    for s in value:
        if not isinstance(s, dict) or set(s) != {"weekday", "opens", "closes"}:
            return False
        if s["weekday"] not in SHORT or not all(isinstance(s[k], str) and _TIME.match(s[k]) for k in
                                                  ("opens", "closes")):
            return False
    return True
