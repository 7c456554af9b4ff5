"""An RFC 5545 iCalendar invitation for a meeting, written by hand (no dependency at run time).

- Lines end with CRLF and are folded at 75 octets (continuation lines start with one space; UTF-8 sequences are
  never split).
- TEXT values escape backslash, semicolon, comma and newlines.
- Times are written in UTC (`…Z`), which every calendar converts to the reader's zone; no VTIMEZONE is needed.
- A meeting without an end lasts two hours (DTEND is required by many clients).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

PRODID = "-//Quartiersnetz//Sitzungen//DE"
DEFAULT_DURATION = dt.timedelta(hours=2)
UID_DOMAIN = "quartiersnetz.invalid"


def escape_text(value: str) -> str:
    """RFC 5545 §3.3.11: escape \\ ; , and newlines in TEXT values."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def escape_param(value: str) -> str:
    """A parameter value (e.g. CN): quoted, without characters that cannot be quoted."""
    cleaned = "".join(ch for ch in value if ch not in '"\r\n' and (ch >= " " or ch == "\t"))
    return f'"{cleaned}"'


def fold(line: str) -> bytes:
    """Fold one content line into CRLF-terminated chunks of at most 75 octets (RFC 5545 §3.1)."""
    out = bytearray()
    current = bytearray()
    limit = 75
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out += bytes(current) + b"\r\n"
            current = bytearray(b" ")
            limit = 75  # the leading space counts towards the 75 octets
        current += encoded
    out += bytes(current) + b"\r\n"
    return bytes(out)


def format_utc(value: dt.datetime) -> str:
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_uid(meeting) -> str:
    return f"sitzung-{meeting.pk}@{UID_DOMAIN}"


def meeting_invitation_ics(
    meeting, *, organizer_name: str = "", organizer_email: str = "", now: dt.datetime | None = None
) -> bytes:
    """The VCALENDAR with one VEVENT for the meeting (METHOD:PUBLISH, so calendars import it as it is)."""
    from .choices import MeetingStatus

    now = now or timezone.now()
    starts = meeting.starts_at
    ends = meeting.ends_at or starts + DEFAULT_DURATION
    body = meeting.body
    summary = meeting.title or body.name
    if meeting.title and body.name not in meeting.title:
        summary = f"{meeting.title} ({body.name})"
    description_parts = [body.name, body.quartier.display_name]
    if meeting.agenda:
        description_parts += ["", "Tagesordnung:", meeting.agenda.strip()]
    organizer_email = organizer_email or settings.DEFAULT_FROM_EMAIL
    organizer_name = organizer_name or "Quartiersnetz"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{meeting_uid(meeting)}",
        f"DTSTAMP:{format_utc(now)}",
        f"DTSTART:{format_utc(starts)}",
        f"DTEND:{format_utc(ends)}",
        f"SEQUENCE:{meeting.sequence}",
        f"SUMMARY:{escape_text(summary)}",
    ]
    if meeting.location:
        lines.append(f"LOCATION:{escape_text(meeting.location)}")
    lines.append(f"DESCRIPTION:{escape_text(chr(10).join(description_parts))}")
    lines.append(f"ORGANIZER;CN={escape_param(organizer_name)}:mailto:{organizer_email}")
    lines.append("STATUS:CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "STATUS:CONFIRMED")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return b"".join(fold(line) for line in lines)


def invitation_filename(meeting) -> str:
    local = timezone.localtime(meeting.starts_at)
    return f"sitzung-{local:%Y-%m-%d}-{meeting.pk}.ics"
