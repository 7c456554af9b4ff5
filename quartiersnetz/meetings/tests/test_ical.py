"""The invitation is valid RFC 5545: parsed back with the independent `icalendar` package."""

import datetime as dt

import icalendar
import pytest

from quartiersnetz.meetings.ical import escape_text, fold, meeting_invitation_ics

pytestmark = pytest.mark.django_db


def test_invitation_parses_back_with_an_independent_parser(net):
    meeting = net.future_meeting
    meeting.location = "Stadtteilbüro, Raum 2; Eingang Hof"
    meeting.agenda = "1. Begrüßung, Protokoll\n2. Bericht des Netzwerkcoachings; Zielvereinbarung\n3. C:\\Pfad " + (
        "Überlange Tagesordnung mit Umlauten äöüß " * 6)
    meeting.save()
    content = meeting_invitation_ics(meeting, organizer_name="Merve Mustermann", organizer_email="coach@example.org",
                                     now=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    # CRLF everywhere, no line longer than 75 octets
    assert content.endswith(b"\r\n")
    assert b"\n" not in content.replace(b"\r\n", b"")
    assert max(len(line) for line in content.split(b"\r\n")) <= 75
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == f"sitzung-{meeting.pk}@quartiersnetz.invalid"
    assert event.decoded("DTSTART") == dt.datetime(2099, 6, 1, 8, 0, tzinfo=dt.UTC)  # 10:00 Berlin summer time
    assert event.decoded("DTEND") == dt.datetime(2099, 6, 1, 10, 0, tzinfo=dt.UTC)  # default: two hours
    assert event.decoded("DTSTAMP") == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert str(event["SUMMARY"]) == "2. Sitzung (Steuerungsgruppe Marxloh)"
    assert str(event["LOCATION"]) == "Stadtteilbüro, Raum 2; Eingang Hof"
    description = str(event["DESCRIPTION"])
    assert "Tagesordnung:\n1. Begrüßung, Protokoll\n2. Bericht des Netzwerkcoachings; Zielvereinbarung" in description
    assert "C:\\Pfad" in description
    assert description.count("äöüß") == 6
    assert str(event["ORGANIZER"]) == "mailto:coach@example.org"
    assert event["ORGANIZER"].params["CN"] == "Merve Mustermann"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert int(event["SEQUENCE"]) == 0


def test_cancelled_meeting_is_marked_cancelled(net):
    net.future_meeting.status = "cancelled"
    event = icalendar.Calendar.from_ical(meeting_invitation_ics(net.future_meeting)).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"


def test_escaping_and_folding_rules():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("DESCRIPTION:" + "ä" * 60)
    lines = folded.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert lines[1].startswith(b" ")
    # multi-byte characters are never split between lines
    assert all(line.lstrip(b" ").decode("utf-8") for line in lines if line)
    assert b"".join(line[1:] if i else line for i, line in enumerate(lines)).decode() == "DESCRIPTION:" + "ä" * 60
