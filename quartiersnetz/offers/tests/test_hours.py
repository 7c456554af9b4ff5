"""Opening hours: parsing the text form and writing it back; German errors name the line."""

import pytest
from django.utils.translation import gettext as _

from quartiersnetz.offers.exceptions import HoursError
from quartiersnetz.offers.hours import format_hours, parse_hours, valid_slots


def test_parse_days_ranges_and_several_times():
    slots = parse_hours("Mo 09:00-12:00, 14:00–16:00\nDi-Do 9-12\n\nFreitag 10.30 bis 13 Uhr")
    assert slots == [
        {"weekday": 1, "opens": "09:00", "closes": "12:00"}, {"weekday": 1, "opens": "14:00", "closes": "16:00"},
        {"weekday": 2, "opens": "09:00", "closes": "12:00"}, {"weekday": 3, "opens": "09:00", "closes": "12:00"},
        {"weekday": 4, "opens": "09:00", "closes": "12:00"}, {"weekday": 5, "opens": "10:30", "closes": "13:00"},
    ]
    assert valid_slots(slots)


def test_format_round_trips_and_groups_consecutive_days():
    text = "Mo 09:00–12:00, 14:00–16:00\nMi 10:00–11:00"
    assert format_hours(parse_hours(text)) == text
    assert format_hours([]) == ""
    grouped = format_hours(parse_hours("Mo 9-12\nDi 9-12\nMi 9-12\nDo 14-16\nFr 9-12\nSa 9-12"))
    assert grouped == "Mo–Mi 09:00–12:00\nDo 14:00–16:00\nFr–Sa 09:00–12:00"
    assert parse_hours(grouped) == parse_hours("Mo 9-12\nDi 9-12\nMi 9-12\nDo 14-16\nFr 9-12\nSa 9-12")


@pytest.mark.parametrize(("text", "message"), [
    ("Xy 09:00-12:00", _("Line {line}: “{name}” is not a weekday (Mo, Di, Mi, Do, Fr, Sa, So).").format(
        line=1, name="Xy")),
    ("Mo 09:00-12:00\nDi 25:00-26:00", _("Line {line}: “{text}” is not a time (e.g. 09:00).").format(
        line=2, text="25:00")),
    ("Mo 12:00-09:00", _("Line {line}: the closing time must be after the opening time.").format(line=1)),
    ("Fr-Mo 09:00-12:00", _("Line {line}: the day range must run from Monday towards Sunday.").format(line=1)),
    ("Mo 09:00", _("Line {line}: please write e.g. “Mo 09:00-12:00”.").format(line=1)),
])
def test_errors_name_the_line(text, message):
    with pytest.raises(HoursError) as exc:
        parse_hours(text)
    assert exc.value.message == message


def test_valid_slots_rejects_malformed_values():
    assert not valid_slots({"weekday": 1})
    assert not valid_slots([{"weekday": 8, "opens": "09:00", "closes": "10:00"}])
    assert not valid_slots([{"weekday": 1, "opens": "nine", "closes": "10:00"}])
