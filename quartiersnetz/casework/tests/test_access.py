"""Who sees what: Kontaktstelle of A only A's cases, coach aggregates and referrals, evaluation only suppressed
aggregates, partners only referrals addressed to them; 404 elsewhere."""

import pytest

from quartiersnetz.casework.selectors import client_list, contact_list, referral_list
from quartiersnetz.core.choices import Role
from quartiersnetz.testing import make_user


@pytest.fixture
def cp_b(world):
    return make_user("kontaktstelle_b", role=Role.CONTACT_POINT, quartier=world.qb)


def test_case_lists_by_role(world, cw, cp_b):
    assert list(client_list(user=world.contact_point_a)) == [cw.client]
    assert list(client_list(user=world.admin)) == [cw.client]
    for user in (cp_b, world.coach_a, world.coordination, world.evaluation, world.partner_a, world.no_role):
        assert list(client_list(user=user)) == [], user
        assert list(contact_list(user=user)) == [], user
    assert list(referral_list(user=world.coach_a)) == [cw.referral]
    assert list(referral_list(user=world.coordination)) == [cw.referral]
    assert list(referral_list(user=world.evaluation)) == []
    assert list(referral_list(user=world.coach_b)) == []


@pytest.mark.parametrize("url,allowed", [
    ("/fallarbeit/faelle/", {"contact_point_a", "admin"}),
    ("/fallarbeit/kontakte/", {"contact_point_a", "admin"}),
    ("/fallarbeit/kontakte/neu/", {"contact_point_a", "admin"}),
    ("/fallarbeit/ueberleitungen/", {"contact_point_a", "admin", "coach_a", "coach_b", "coordination", "partner_a"}),
    ("/fallarbeit/fallkonferenzen/", {"contact_point_a", "admin", "coach_a", "coach_b", "coordination"}),
    ("/fallarbeit/aufsuchend/", {"contact_point_a", "admin", "coach_a", "coach_b", "coordination"}),
    ("/fallarbeit/kontaktstellen/", {"contact_point_a", "admin", "coach_a", "coach_b", "coordination"}),
    ("/fallarbeit/statistik/", {"contact_point_a", "admin", "coach_a", "coach_b", "coordination", "evaluation"}),
    ("/fallarbeit/ketten/", {"contact_point_a", "admin", "coach_a", "coach_b", "coordination", "evaluation"}),
])
def test_pages_by_role(client, world, cw, url, allowed):
    for who in ("admin", "coordination", "evaluation", "coach_a", "coach_b", "contact_point_a", "partner_a",
                "no_role"):
        client.force_login(getattr(world, who))
        status = client.get(url).status_code
        assert status == (200 if who in allowed else 404), (who, url, status)


def test_objects_of_quartier_a_are_404_for_a_contact_point_of_b(client, world, cw, cp_b):
    client.force_login(cp_b)
    for url in (cw.client.get_absolute_url(), f"/fallarbeit/kontakte/{cw.contact.pk}/bearbeiten/",
                cw.referral.get_absolute_url(), cw.conference.get_absolute_url(),
                f"/fallarbeit/faelle/suche/?code={cw.client.code}",
                f"/api/v1/casework/clients/{cw.client.pk}", f"/api/v1/casework/referrals/{cw.referral.pk}"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/fallarbeit/einwilligungen/{cw.storage_consent.pk}/widerrufen/").status_code == 404


def test_coach_sees_the_referral_without_identity_and_cannot_take_steps(client, world, cw):
    client.force_login(world.coach_a)
    response = client.get(cw.referral.get_absolute_url())
    assert response.status_code == 200
    assert 'name="to_status"' not in response.content.decode()
    assert client.post(cw.referral.get_absolute_url(), {"to_status": "accepted"}).status_code == 404
    assert client.get(cw.client.get_absolute_url()).status_code == 404


def test_evaluation_gets_suppressed_statistics_only(client, world, cw):
    client.force_login(world.evaluation)
    data = client.get("/api/v1/casework/statistics", {"quartier_id": world.qa.pk}).json()
    assert data["min_cell_size"] == 5
    assert data["persons"] is None  # one person < 5
    assert all(v is None or v == 0 for _label, cells in data["contacts_per_month"]["rows"] for v in cells)
    assert client.get("/api/v1/casework/referrals").status_code == 404
    assert client.get("/api/v1/casework/statistics", {"quartier_id": world.qc.pk}).status_code == 404
