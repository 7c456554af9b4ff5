"""No page, API answer, export or log line shows a consented name to a user without the case role."""

import logging

import pytest

from quartiersnetz.casework import services
from quartiersnetz.casework.models import Client, ClientIdentity
from quartiersnetz.core.models import AuditLogEntry

from .builders import SECRET_FIRST, SECRET_LAST, SECRET_PHONE
from .walk import casework_api, casework_pages

SECRETS = (SECRET_FIRST, SECRET_LAST, SECRET_PHONE)


def _assert_clean(body: str, who: str, url: str):
    for secret in SECRETS:
        assert secret not in body, (who, url, secret)


@pytest.mark.parametrize("who", ["coach_a", "coordination", "evaluation", "partner_other", "coach_b", "no_role"])
def test_no_page_api_or_export_shows_the_name(client, world, cw, who, caplog):
    caplog.set_level(logging.DEBUG)
    user = cw.partner_other if who == "partner_other" else getattr(world, who)
    client.force_login(user)
    seen = 0
    for url, name in casework_pages(cw):
        for suffix in ("", "?format=csv", "?format=xlsx") if "export" in name else ("",):
            response = client.get(url + suffix)
            assert response.status_code in (200, 302, 404, 405), (who, url, response.status_code)
            _assert_clean(response.content.decode(errors="replace"), who, url + suffix)
            seen += response.status_code == 200
    for method, url in casework_api(cw):
        if method != "get":
            continue
        response = client.get(url)
        assert response.status_code in (200, 404), (who, url, response.status_code)
        _assert_clean(response.content.decode(), who, url)
    # writes and erasure are 404 for them, and nothing was erased
    for method, url in casework_api(cw):
        if method == "delete":
            assert client.delete(url).status_code == 404, (who, url)
    assert Client.objects.filter(pk=cw.client.pk).exists()
    assert client.get(f"/fallarbeit/faelle/{cw.client.pk}/auskunft/").status_code == 404
    _assert_clean(caplog.text, who, "log")
    if who in ("coach_a", "coordination"):
        assert seen >= 8  # they do see the network pages (referrals, conferences, outreach, statistics)


def test_partner_with_release_sees_the_name_only_on_the_referral(client, world, cw):
    client.force_login(world.partner_a)
    for url, _name in casework_pages(cw):
        body = client.get(url).content.decode(errors="replace")
        if url == cw.referral.get_absolute_url():
            assert SECRET_LAST in body
        else:
            _assert_clean(body, "partner_a", url)
    for method, url in casework_api(cw):
        if method == "get" and url != f"/api/v1/casework/referrals/{cw.referral.pk}":
            _assert_clean(client.get(url).content.decode(), "partner_a", url)


def test_case_role_sees_the_identity_and_audit_and_logs_never_hold_it(client, world, cw, caplog):
    caplog.set_level(logging.DEBUG)
    client.force_login(world.contact_point_a)
    page = client.get(cw.client.get_absolute_url()).content.decode()
    assert SECRET_LAST in page
    services.identity_save(user=world.contact_point_a, client=cw.client, data={"phone": "0000 111222"})
    export = client.get(f"/fallarbeit/faelle/{cw.client.pk}/auskunft/").json()
    assert export["identity"]["last_name"] == SECRET_LAST and export["case_code"] == cw.client.code
    for url, _name in casework_pages(cw):
        client.get(url)
    assert AuditLogEntry.objects.filter(action="export", object_id=cw.client.pk).exists()
    for entry in AuditLogEntry.objects.all():
        text = f"{entry.object_repr} {entry.fields}"
        _assert_clean(text, "audit", str(entry.pk))
        assert "0000 111222" not in text
    identity_changes = AuditLogEntry.objects.filter(content_type__model="clientidentity")
    assert sorted(identity_changes.last().fields) == ["birth_date", "first_name", "last_name", "phone"]
    assert identity_changes.first().fields == ["phone"]
    _assert_clean(caplog.text, "case role", "log")
    assert "0000 111222" not in caplog.text


def test_identity_is_encrypted_at_rest(world, cw):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name, last_name, phone FROM casework_clientidentity")
        raw = " ".join(cursor.fetchone())
    _assert_clean(raw, "database", "casework_clientidentity")
    assert ClientIdentity.objects.get(client=cw.client).last_name == SECRET_LAST


def test_identity_needs_storage_consent_and_withdrawal_deletes_it(world, cw):
    from quartiersnetz.core.exceptions import ApplicationError

    services.case_consent_withdraw(user=world.contact_point_a, consent=cw.storage_consent)
    assert not ClientIdentity.objects.filter(client=cw.client).exists()
    with pytest.raises(ApplicationError):
        services.identity_save(user=world.contact_point_a, client=cw.client, data={"first_name": "Anna"})
    assert not ClientIdentity.objects.filter(client=cw.client).exists()


def test_erasure_by_pseudonym_through_the_api_is_audited(client, world, cw):
    client.force_login(world.contact_point_a)
    code = cw.client.code
    assert client.get(f"/api/v1/casework/clients/by-code/{code}/export").json()["case_code"] == code
    response = client.delete(f"/api/v1/casework/clients/by-code/{code}")
    assert response.status_code == 200, response.content
    assert response.json() == {"case_code": code, "contacts": 1, "referrals": 1, "consents": 2, "identity": 1}
    assert not Client.objects.filter(code=code).exists()
    assert not ClientIdentity.objects.exists()
    assert AuditLogEntry.objects.filter(action="delete", content_type__model="client", fields=["art17"]).exists()
    cw.conference.refresh_from_db()
    assert cw.conference.case_code == "" and cw.conference.client is None
    assert client.get(f"/api/v1/casework/clients/by-code/{code}/export").status_code == 404
