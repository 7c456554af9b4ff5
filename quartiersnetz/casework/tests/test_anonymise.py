"""Free text is checked for identifiers before saving ("Bitte anonymisieren")."""

import pytest

from quartiersnetz.casework import services
from quartiersnetz.casework.anonymise import blocking, find_identifiers
from quartiersnetz.casework.models import CaseConference, Contact
from quartiersnetz.core.exceptions import ApplicationError


@pytest.mark.parametrize("text,kind", [
    ("Frau Ayşe kommt wieder", "name"),
    ("Die Person ist geb. 12.03.1980", "birth_date"),
    ("Geburtsdatum: 1.2.75", "birth_date"),
    ("wohnt Musterstraße 12a", "address"),
    ("Am Musterplatz 3 im Hinterhaus", "address"),
    ("Tel. 0203 123456", "phone"),
    ("+49 171 2345678", "phone"),
    ("schreibt an ayse.k@example.org", "email"),
    ("Termin am 3.4.2014", "date"),
])
def test_finds_identifiers(text, kind):
    assert [f.kind for f in find_identifiers(text)] == [kind]


@pytest.mark.parametrize("text", [
    "Die Person hat Schulden bei 3 Gläubigern (ca. 4.500 Euro) und sucht Arbeit.",
    "Mutter von zwei Kindern, seit 2 Jahren arbeitslos, Anträge beim Jobcenter offen.",
    "Begleitete Übergabe an die Schuldnerberatung vereinbart.",
])
def test_ordinary_case_text_passes(text):
    assert find_identifiers(text) == []


def test_only_names_dates_and_addresses_can_be_confirmed():
    findings = find_identifiers("Sabine, Musterweg 4, Termin 3.4.2014, Tel. 0203 445566, a@b.de, geb. 1.2.1990")
    assert {f.kind for f in blocking(findings, confirmed=True)} == {"phone", "email", "birth_date"}
    assert len(blocking(findings, confirmed=False)) == 6


def _conference(world, **texts):
    return services.conference_create(user=world.coach_a, quartier=world.qa, data={
        "held_on": "2024-05-02", "title": "Fall", "situation": "Die Person sucht Arbeit.", **texts})


def test_conference_with_date_of_birth_is_blocked_and_nothing_is_saved(world, cw):
    before = CaseConference.objects.count()
    with pytest.raises(ApplicationError) as exc:
        _conference(world, situation="Die Person (geb. 12.03.1980) wohnt Musterstraße 5.")
    assert set(exc.value.extra) == {"situation", "confirm_anonymous"}
    assert len(exc.value.extra["situation"]) == 2
    assert CaseConference.objects.count() == before


def test_confirmation_overrides_names_but_not_e_mail(world, cw):
    conference = services.conference_create(
        user=world.coach_a, quartier=world.qa, confirm_anonymous=True,
        data={"held_on": "2024-05-02", "title": "Fall", "situation": "Besprochen mit Frank von der Schuldnerberatung."})
    assert conference.override_confirmed
    with pytest.raises(ApplicationError):
        services.conference_create(user=world.coach_a, quartier=world.qa, confirm_anonymous=True, data={
            "held_on": "2024-05-02", "title": "Fall", "situation": "Kontakt: person@example.org"})


def test_conference_page_shows_bitte_anonymisieren_findings(client, world, cw):
    client.force_login(world.coach_a)
    before = CaseConference.objects.count()
    response = client.post("/fallarbeit/fallkonferenzen/neu/", {
        "quartier": world.qa.pk, "held_on": "2024-05-02", "title": "Fall",
        "situation": "Frau Petra ruft unter 0203 123456 an."})
    assert response.status_code == 200
    body = response.content.decode()
    assert "0203 123456" in body and "Petra" in body  # the author sees the findings listed
    assert 'aria-invalid="true"' in body
    assert CaseConference.objects.count() == before


def test_conference_next_steps_become_tasks_for_coaches(world, cw):
    from quartiersnetz.meetings.models import Task

    conference = services.conference_create(
        user=world.coach_a, quartier=world.qa, create_tasks=True,
        steps=[{"description": "Kita-Platz prüfen", "responsible": world.org_a}],
        data={"held_on": "2024-05-02", "title": "Fall", "situation": "Die Person sucht einen Kita-Platz."})
    step = conference.steps.get()
    assert step.task is not None and Task.objects.get(pk=step.task_id).title == "Kita-Platz prüfen"
    with pytest.raises(ApplicationError):  # the contact point cannot create tasks (no edit right in meetings)
        services.conference_create(
            user=world.contact_point_a, quartier=world.qa, create_tasks=True, steps=[{"description": "x"}],
            data={"held_on": "2024-05-02", "title": "Fall", "situation": "Die Person sucht Arbeit."})


def test_help_given_of_a_contact_is_checked(world, cw):
    before = Contact.objects.count()
    with pytest.raises(ApplicationError) as exc:
        services.contact_record(user=world.contact_point_a, contact_point=cw.contact_point,
                                data={"channel": "telefonisch", "help_given": "Rückruf an 0170 1234567"})
    assert "help_given" in exc.value.extra
    assert Contact.objects.count() == before
