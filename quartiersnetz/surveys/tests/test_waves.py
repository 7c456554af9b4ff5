"""Waves: sample from the actor registry, token pages (no login, one submission, save and resume, conditions),
anonymous mode, invitations and reminders by e-mail, response rates and access."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.surveys.choices import InvitationStatus, WaveStatus
from quartiersnetz.surveys.models import Instrument, Invitation, Response, Wave
from quartiersnetz.surveys.selectors import response_rates
from quartiersnetz.surveys.services import response_save, wave_create, wave_send_reminders
from quartiersnetz.testing import make_actor_type, make_contact, make_organisation

pytestmark = pytest.mark.django_db


def _respond_url(invitation):
    return reverse("surveys_public:respond", kwargs={"token": invitation.token})


def test_wave_create_samples_one_invitation_per_institution_by_actor_type(world, surveys):
    kommune = make_actor_type("kommune", "Kommune")
    amt = make_actor_type("jugendamt", "Jugendamt", parent=kommune)
    town_hall = make_organisation(world.qa, world.qb, name="Stadt Duisburg", actor_type=amt)
    make_contact(town_hall, first_name="Kim", last_name="Leitung", decision_authority=True, level="leitung")
    make_organisation(world.qa, name="Kita Sonnenschein", actor_type=make_actor_type("kita", "Kita"))
    wave = wave_create(user=world.coach_a, data={
        "instrument": surveys.instrument, "programme": world.programme, "quartiere": [world.qa],
        "actor_types": [kommune], "title": "Welle 2", "code": "W2", "block_codes": []})
    invitations = list(wave.invitations.select_related("contact", "actor_type"))
    assert [(i.organisation.name, i.quartier, i.actor_type.slug) for i in invitations] == [
        ("Stadt Duisburg", world.qa, "kommune")]
    assert invitations[0].contact.last_name == "Leitung"
    assert wave.version.number == 1


def test_wave_create_rejects_foreign_quartier_and_anonymous_network_wave(world, surveys):
    before = Wave.objects.count()
    from django.http import Http404

    with pytest.raises(Http404):
        wave_create(user=world.coach_a, data={"instrument": surveys.instrument, "programme": world.programme,
                                              "quartiere": [world.qb], "title": "x", "code": "x"})
    network = Instrument.objects.get(slug="netzwerkbefragung-kooperationsbeziehungen")
    with pytest.raises(ApplicationError) as info:
        wave_create(user=world.coach_a, data={"instrument": network, "programme": world.programme,
                                              "quartiere": [world.qa], "title": "x", "code": "x", "anonymous": True})
    assert "anonymous" in info.value.extra
    assert Wave.objects.count() == before


def test_token_page_is_public_saves_resumes_and_accepts_one_submission(client, surveys):
    invitation = surveys.open_invitation
    url = _respond_url(invitation)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Die Zusammenarbeit ist gut." in html and "weiß nicht/keine Angabe" in html
    assert "<legend" in html  # radio groups are fieldsets with a legend
    response = client.post(url, {"1.1": "3", "action": "save"})
    assert response.status_code == 302 and "gespeichert=1" in response["Location"]
    invitation.refresh_from_db()
    assert invitation.draft == {"1.1": 3} and invitation.status == InvitationStatus.STARTED
    assert 'value="3" class="kern-form-check__radio" id="id_1.1_2" checked' in client.get(url).content.decode() \
        or "checked" in client.get(url).content.decode()
    response = client.post(url, {"1.1": "3", "1.2": "dk", "action": "submit"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SUBMITTED and invitation.draft == {}
    stored = Response.objects.get(invitation=invitation)
    assert stored.answers == {"1.1": 3, "1.2": "dk"} and stored.organisation == invitation.organisation
    done = client.get(url)
    assert "cannot be used again" in done.content.decode() or "nicht erneut" in done.content.decode()
    with pytest.raises(ApplicationError):
        response_save(invitation=invitation, answers={"1.1": 1}, submit=True)
    assert Response.objects.filter(wave=surveys.wave).count() == 2


def test_unknown_token_and_closed_wave(client, surveys):
    assert client.get(reverse("surveys_public:respond", kwargs={"token": "gibt-es-nicht"})).status_code == 404
    surveys.wave.status = WaveStatus.CLOSED
    surveys.wave.save()
    page = client.get(_respond_url(surveys.open_invitation))
    assert page.status_code == 200 and "not open" in page.content.decode() or "nicht geöffnet" in page.content.decode()
    with pytest.raises(ApplicationError):
        response_save(invitation=surveys.open_invitation, answers={"1.1": 1}, submit=False)


def test_anonymous_response_cannot_be_linked_to_token_or_person(surveys):
    wave = surveys.wave
    wave.anonymous = True
    wave.save()
    invitation = surveys.open_invitation
    response_save(invitation=invitation, answers={"1.1": 4}, submit=False)
    response_save(invitation=invitation, answers={}, submit=True)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SUBMITTED and invitation.draft == {}
    anonymous = Response.objects.exclude(pk=surveys.response.pk).get(wave=wave)
    assert anonymous.invitation is None and anonymous.organisation is None
    assert anonymous.answers == {"1.1": 4} and anonymous.quartier == invitation.quartier
    assert not hasattr(invitation, "response") or Response.objects.filter(invitation=invitation).count() == 0
    field_names = {f.name for f in Response._meta.get_fields()}
    assert "token" not in field_names


def test_conditions_hide_and_drop_answers(surveys, world):
    from quartiersnetz.surveys.services import instrument_freeze, item_create

    item_create(user=world.coordination, block=surveys.block,
                data={"code": "1.3", "text": "Warum so kritisch?", "item_type": "text", "condition_item": "1.1",
                      "condition_operator": "gte", "condition_value": "4", "required": True})
    wave = surveys.wave
    wave.version = instrument_freeze(instrument=surveys.instrument)
    wave.save()
    invitation = surveys.open_invitation
    with pytest.raises(ApplicationError) as info:
        response_save(invitation=invitation, answers={"1.1": 5}, submit=True)
    assert "1.3" in info.value.message
    response_save(invitation=invitation, answers={"1.1": 2, "1.3": "wird verworfen"}, submit=True)
    assert Response.objects.get(invitation=invitation).answers == {"1.1": 2}


def test_reminders_go_to_non_respondents_with_active_consent(world, surveys):
    consenting = make_organisation(world.qa, name="Träger Arbeit")
    person = make_contact(consenting, email="traeger@example.org")
    no_consent = make_organisation(world.qa, name="Firma ohne Einwilligung")
    make_contact(no_consent, consents=(), email="firma@example.org")
    Invitation.objects.create(wave=surveys.wave, organisation=consenting, quartier=world.qa,
                              actor_type=consenting.actor_type, contact=person)
    Invitation.objects.create(wave=surveys.wave, organisation=no_consent, quartier=world.qa,
                              actor_type=no_consent.actor_type, contact=no_consent.contacts.get())
    count = wave_send_reminders(user=world.coach_a, wave=surveys.wave, link=lambda i: f"https://x/umfrage/{i.token}/")
    assert count == 1
    assert [m.to for m in mail.outbox] == [["traeger@example.org"]]
    assert "https://x/umfrage/" in mail.outbox[0].body
    assert Invitation.objects.get(organisation=consenting).reminders == 1
    assert world.contact_a.email not in [m.to[0] for m in mail.outbox]  # already submitted


def test_response_rates_per_group_and_suppression_for_evaluation(world, surveys):
    rows = response_rates(user=world.coach_a, wave=surveys.wave)
    assert [(r.label, r.invited, r.submitted) for r in rows] == [("Jobcenter", 2, 1), ("", 2, 1)]
    rows = response_rates(user=world.evaluation, wave=surveys.wave)
    assert rows[0].submitted is None  # 1 < k = 5


def test_wave_pages_and_access(client, world, surveys):
    url = reverse("surveys:wave_detail", kwargs={"pk": surveys.wave.pk})
    client.force_login(world.coach_a)
    page = client.get(url)
    assert page.status_code == 200 and "Jobcenter Duisburg" in page.content.decode()
    assert surveys.open_invitation.token in page.content.decode()
    client.force_login(world.coach_b)
    assert client.get(url).status_code == 404
    assert client.get(reverse("surveys:wave_analysis", kwargs={"pk": surveys.wave.pk})).status_code == 404
    client.force_login(world.evaluation)
    page = client.get(url)
    assert page.status_code == 200 and "Jobcenter Duisburg" not in page.content.decode()
    assert surveys.open_invitation.token not in page.content.decode()
    assert client.get(reverse("surveys:wave_export", kwargs={"pk": surveys.wave.pk})).status_code == 404
    assert client.get(reverse("surveys:wave_analysis", kwargs={"pk": surveys.wave.pk})).status_code == 200
    client.force_login(world.partner_a)
    assert client.get(reverse("surveys:index")).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_wave_add_page_creates_wave(client, world, surveys):
    client.force_login(world.coach_a)
    response = client.post(reverse("surveys:wave_add"), {
        "instrument": surveys.instrument.pk, "programme": world.programme.pk, "quartiere": [world.qa.pk],
        "title": "Welle 3", "code": "W3", "purpose": "effect", "opens_on": "2024-02-01", "closes_on": "2024-01-01"})
    assert response.status_code == 200  # closes before it opens
    assert not Wave.objects.filter(code="W3").exists()
    response = client.post(reverse("surveys:wave_add"), {
        "instrument": surveys.instrument.pk, "programme": world.programme.pk, "quartiere": [world.qa.pk],
        "title": "Welle 3", "code": "W3", "purpose": "effect", "opens_on": "2024-02-01", "open_now": "on"})
    assert response.status_code == 302
    wave = Wave.objects.get(code="W3")
    assert wave.status == WaveStatus.OPEN and wave.opens_on == dt.date(2024, 2, 1)
