"""Quick entry of contacts, first/repeat, statistics with suppression, encryption."""

import datetime as dt
import random
import time

import pytest
from django.utils import timezone

from quartiersnetz.casework import crypto, services
from quartiersnetz.casework.models import Client, Contact, ProblemCategory, generate_case_code
from quartiersnetz.casework.stats import statistics_for
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import AuditLogEntry


def test_case_codes_are_random_and_well_formed():
    codes = {generate_case_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 11 and c.startswith("K-") and c[6] == "-" for c in codes)
    assert not any(ch in c for c in codes for ch in "01IO")


def test_quick_entry_page_opens_a_case_and_records_a_repeat_contact(client, world, cw):
    client.force_login(world.contact_point_a)
    debt = ProblemCategory.objects.get(programme=None, slug="schulden")
    today = timezone.localdate()
    response = client.post("/fallarbeit/kontakte/neu/", {
        "contact_point": cw.contact_point.pk, "date": today.isoformat(), "channel": "telefonisch",
        "problems": [debt.pk], "minutes": "20", "gender": "m"})
    assert response.status_code == 302, response.content.decode()[:2000]
    new = Client.objects.exclude(pk=cw.client.pk).get()
    assert new.gender == "m" and new.contacts.get().is_first
    assert new.code in response["Location"]
    response = client.post("/fallarbeit/kontakte/neu/", {
        "contact_point": cw.contact_point.pk, "client_code": new.code.lower(), "date": today.isoformat(),
        "channel": "sprechstunde", "minutes": "30"})
    assert response.status_code == 302
    assert list(new.contacts.order_by("pk").values_list("is_first", flat=True)) == [True, False]
    # a late-entered earlier contact becomes the first one
    services.contact_record(user=world.contact_point_a, contact_point=cw.contact_point, client=new,
                            data={"date": today - dt.timedelta(days=30), "channel": "online"})
    assert new.contacts.get(is_first=True).date == today - dt.timedelta(days=30)
    assert AuditLogEntry.objects.filter(content_type__model="contact", action="create").count() >= 4


def test_quick_entry_rejects_unknown_codes_and_future_dates(client, world, cw):
    client.force_login(world.contact_point_a)
    before = Contact.objects.count()
    response = client.post("/fallarbeit/kontakte/neu/", {
        "contact_point": cw.contact_point.pk, "client_code": "K-2222-2222", "date": "2024-01-01",
        "channel": "online", "minutes": "10"})
    assert response.status_code == 200 and Contact.objects.count() == before
    with pytest.raises(ApplicationError) as exc:
        services.contact_record(user=world.contact_point_a, contact_point=cw.contact_point, data={
            "date": timezone.localdate() + dt.timedelta(days=1), "channel": "online"})
    assert "date" in exc.value.extra
    assert Contact.objects.count() == before


def test_statistics_suppress_small_cells(world, cw):
    rng = random.Random(1)
    debt = ProblemCategory.objects.get(programme=None, slug="schulden")
    day = timezone.localdate() - dt.timedelta(days=5)
    Contact.objects.filter(pk=cw.contact.pk).update(date=day)
    for _ in range(12):
        services.contact_record(user=world.contact_point_a, contact_point=cw.contact_point, problems=[debt],
                                data={"date": day, "channel": rng.choice(["online", "telefonisch"])})
    stats = statistics_for(user=world.coach_a, quartier_id=world.qa.pk)
    assert stats.k == 5 and stats.persons == 13
    rows = dict(stats.problems.rows)
    assert rows["Schulden"] == [13, 13]
    assert stats.problems.percent["persons"] == [100.0]
    month = f"{day:%m/%Y}"
    assert dict(stats.months.rows) == {month: [13, 0]}
    assert stats.months.grand_total == 13
    world.programme.min_cell_size = 20
    world.programme.save()
    stats = statistics_for(user=world.evaluation, quartier_id=world.qa.pk)
    assert stats.persons is None and dict(stats.problems.rows)["Schulden"] == [None, None]


def test_statistics_page_and_export(client, world, cw):
    client.force_login(world.coach_a)
    assert client.get("/fallarbeit/statistik/").status_code == 200
    response = client.get("/fallarbeit/statistik/export/?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")


def test_encryption_round_trip_and_tamper_detection():
    token = crypto.encrypt("Zuzanna Xylophonowa")
    assert "Zuzanna" not in token and token != crypto.encrypt("Zuzanna Xylophonowa")  # random nonce
    assert crypto.decrypt(token) == "Zuzanna Xylophonowa"
    assert crypto.encrypt("") == ""
    prefix, body = token.split(":", 1)
    import base64

    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[20] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(prefix + ":" + base64.urlsafe_b64encode(bytes(raw)).decode())


def test_demo_loads_fast_with_thousands_of_contacts(world):
    from quartiersnetz.casework.demo import load_casework_demo
    from quartiersnetz.casework.models import Referral
    from quartiersnetz.core.models import Quartier
    from quartiersnetz.testing import make_actor_type, make_organisation

    kt = make_actor_type("kontaktstelle", "Kontaktstelle/Anlaufstelle")
    sb = make_actor_type("schuldnerberatung", "Schuldnerberatung")
    for q in (world.qa, world.qb, world.qc):
        make_organisation(q, name=f"Kontaktstelle {q.name}", actor_type=kt)
        make_organisation(q, name=f"Schuldnerberatung {q.name}", actor_type=sb)
    quartiere = {q.slug: q for q in Quartier.objects.all()}
    start = time.monotonic()
    result = load_casework_demo(quartiere=quartiere, rng=random.Random(7))
    assert time.monotonic() - start < 30
    assert result.created and result.contact_points == 3
    assert 450 <= result.contacts <= 1200
    for q in quartiere.values():
        statuses = set(Referral.objects.filter(quartier=q).values_list("status", flat=True))
        assert {"completed", "cancelled"} <= statuses or len(statuses) >= 3, (q, statuses)
    again = load_casework_demo(quartiere=quartiere, rng=random.Random(7))
    assert not again.created and again.contacts == result.contacts
