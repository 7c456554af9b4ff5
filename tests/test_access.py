"""Walk every URL pattern and every API operation as an anonymous user and as a user of another Quartier.

New views are covered without anyone remembering to add them: the URL patterns and the OpenAPI operations
are enumerated at test time. A parameter the walker cannot fill makes the test fail until `PARAMS` learns it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from quartiersnetz.core.choices import ConsentPurpose
from quartiersnetz.core.models import ApiToken, ImportBatch
from quartiersnetz.core.services import api_token_create

# URL patterns that are public on purpose (login, health check, static, API docs and schema).
PUBLIC = {
    "core:login",
    "healthz",
    "api-1.0.0:openapi-json",
    "api-1.0.0:openapi-view",
    "surveys_public:respond",  # personal token link, answers only for its own token
    "offers_public:index",  # public directory of offers whose contacts consented to publication
    "offers_public:directory",
    "offers_public:flyer",
}
# Prefixes handled by their own mechanisms: the Django admin (staff only) is checked separately below.
SKIP_PREFIXES = ("admin/", "api/v1/")


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}{p.namespace}:"
            yield from walk(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else None


@dataclass
class Target:
    """Objects of Quartier A that a user of Quartier B must not reach."""

    world: object
    consent_pk: int
    batch_pk: int
    token_pk: int
    net: object
    tie_pk: int
    steering: dict
    acq: object
    surveys: object
    cw: object
    offers: object


def make_target(world) -> Target:
    consent = world.contact_a.consents.filter(purpose=ConsentPurpose.CONTACT).first()
    batch = ImportBatch.objects.create(
        kind="organisations", created_by=world.coach_a, quartier=world.qa, filename="a.csv", content=b"Name\n"
    )
    token, _key = api_token_create(user=world.coach_a, name="A's token")
    from quartiersnetz.acquisition.tests.builders import build_acquisition
    from quartiersnetz.casework.tests.builders import build_casework
    from quartiersnetz.meetings.tests.builders import build_net
    from quartiersnetz.network.models import ManualTie
    from quartiersnetz.offers.tests.builders import build_offers
    from quartiersnetz.steering.tests.access_targets import targets as steering_targets
    from quartiersnetz.surveys.tests.builders import build_surveys_access
    from quartiersnetz.testing import make_organisation

    other = make_organisation(world.qa, name="Kita Marxloh")
    tie = ManualTie.objects.create(
        quartier=world.qa, organisation_a=world.org_a, organisation_b=other, tie_type="kooperation"
    )
    return Target(
        world=world, consent_pk=consent.pk, batch_pk=batch.pk, token_pk=token.pk, net=build_net(world),
        tie_pk=tie.pk, steering=steering_targets(world), acq=build_acquisition(world),
        surveys=build_surveys_access(world), cw=build_casework(world), offers=build_offers(world),
    )


# Route parameters that name a stored object (as opposed to e.g. <kind> of an import).
OBJECT_PARAMS = {"pk", "slug", "person_pk", "consent_pk", "membership_pk", "entry_pk"}


def fill(route: str, name: str | None, target: Target) -> str | None:
    """Replace converters in a route by A's objects. Returns None for parameters that need no object."""
    w = target.world
    net = target.net
    values_by_name = [
        (r"^core:quartier_", {"slug": w.qa.slug, "pk": w.qa.pk}),
        (r"^actors:organisation_", {"pk": w.org_a.pk}),
        (r"^actors:contact_", {"pk": w.contact_a.pk}),
        (r"^actors:consent_", {"pk": w.contact_a.pk, "person_pk": w.contact_a.pk, "consent_pk": target.consent_pk}),
        (r"^actors:import_", {"pk": target.batch_pk, "kind": "organisations"}),
        (r"^core:token_", {"pk": target.token_pk}),
        (r"^meetings:(body_|membership_)", {"pk": net.body.pk, "membership_pk": net.body.memberships.first().pk}),
        (r"^meetings:meeting_", {"pk": net.meeting.pk}),
        (r"^meetings:task_", {"pk": net.task.pk}),
        (r"^meetings:(agreement_|commitment_create)", {"pk": net.agreement.pk}),
        (r"^meetings:(commitment_|actual_create)", {"pk": net.commitment.pk}),
        (r"^meetings:actual_delete", {"pk": net.actual.pk}),
        (r"^meetings:worklog_", {"pk": net.entry.pk}),
        (r"^acquisition:board$", {"slug": w.qa.slug}),
        (r"^acquisition:case_", {"pk": target.acq.case.pk}),
        (r"^acquisition:company_", {"pk": target.acq.profile.pk}),
        (r"^acquisition:(network_|publicity_)", {
            "pk": target.acq.network.pk, "membership_pk": target.acq.membership.pk,
            "entry_pk": target.acq.publicity.pk,
        }),
        (r"^surveys:(instrument_detail|block_add|item_add)$",
         {"pk": target.surveys.hidden_instrument.pk, "block": target.surveys.hidden_block.pk}),
        (r"^surveys:item_", {"pk": target.surveys.hidden_item.pk}),
        (r"^surveys:wave_import_(preview|status)$",
         {"pk": target.surveys.objects.wave.pk, "batch": target.surveys.objects.batch.pk}),
        (r"^surveys:wave_", {"pk": target.surveys.objects.wave.pk}),
        (r"^casework:contact_point_", {"pk": target.cw.contact_point.pk}),
        (r"^casework:client_", {"pk": target.cw.client.pk}),
        (r"^casework:consent_", {"pk": target.cw.storage_consent.pk}),
        (r"^casework:contact_(update|delete)", {"pk": target.cw.contact.pk}),
        (r"^casework:referral_", {"pk": target.cw.referral.pk}),
        (r"^casework:conference_", {"pk": target.cw.conference.pk}),
        (r"^casework:outreach_", {"pk": target.cw.outreach.pk}),
        (r"^offers:offer_", {"pk": target.offers.offer.pk}),
        (r"^offers:location_create", {"pk": target.offers.offer.pk}),
        (r"^offers:location_", {"pk": target.offers.location.pk}),
        (r"^offers:quartier_duplicate_assess",
         {"slug": w.qa.slug, "pk": target.offers.offer.pk, "other": target.offers.twin.pk}),
        (r"^offers:quartier_duplicate_reopen", {"slug": w.qa.slug, "pk": target.offers.assessment.pk}),
        (r"^offers:quartier_", {"slug": w.qa.slug}),
        (r"^offers:hsds_import_", {"pk": target.offers.batch.pk}),
        (r"^network:quartier_", {"slug": w.qa.slug}),
        (r"^network:tie_", {"pk": target.tie_pk}),
        *[(k, v) for k, v in target.steering.items() if k != "api"],
    ]
    params = [param for _converter, param in re.findall(r"<(?:(\w+):)?(\w+)>", route)]
    if not params:
        return route
    for pattern, values in values_by_name:
        if name and re.match(pattern, name):
            out = route
            for param in params:
                if param not in values:
                    raise AssertionError(f"test_access cannot fill <{param}> of {name} ({route}): teach fill()")
                out = re.sub(rf"<(?:\w+:)?{param}>", str(values[param]), out)
            return out
    if name == "actors:import_template":
        return re.sub(r"<(?:\w+:)?kind>", "organisations", route)
    raise AssertionError(f"test_access does not know how to fill {name} ({route}): teach fill()")


def page_routes():
    routes = []
    for route, name in walk():
        if route.startswith(SKIP_PREFIXES) or name in PUBLIC or route.startswith("static/"):
            continue
        routes.append((route, name))
    return routes


def test_every_url_pattern_is_named():
    unnamed = [route for route, name in walk() if name is None and not route.startswith(SKIP_PREFIXES)]
    assert unnamed == []


def test_walker_sees_the_known_pages():
    names = {name for _route, name in page_routes()}
    assert {"core:home", "core:quartier_list", "actors:organisation_list", "actors:contact_list"} <= names


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login_everywhere(client, world):
    target = make_target(world)
    for route, name in page_routes():
        url = "/" + fill(route, name, target)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (302, 401, 403, 404, 405), (method, url, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith("/anmelden/"), (method, url, response["Location"])


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coach_b", "contact_point_a_foreign", "coordination_other", "no_role"])
def test_users_of_another_quartier_get_404_for_every_object(client, world, who):
    """coach_b (other Quartier, same programme), a Kontaktstelle of Quartier B, coordination of another
    programme and a user without any role: every URL with an object of Quartier A answers 404 (GET and POST);
    lists do not show A's objects."""
    from quartiersnetz.core.choices import Role
    from quartiersnetz.testing import make_user

    users = {
        "coach_b": world.coach_b,
        "contact_point_a_foreign": make_user("kontaktstelle_b", role=Role.CONTACT_POINT, quartier=world.qb),
        "coordination_other": world.coordination_other,
        "no_role": world.no_role,
    }
    client.force_login(users[who])
    target = make_target(world)
    checked = 0
    for route, name in page_routes():
        url = "/" + fill(route, name, target)
        params = {param for _converter, param in re.findall(r"<(?:(\w+):)?(\w+)>", route)}
        has_object = bool(params & OBJECT_PARAMS)
        if has_object:
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code == 404, (who, method, url, response.status_code)
                checked += 1
        else:
            response = client.get(url)
            assert response.status_code in (200, 302, 404), (who, url, response.status_code)
            body = response.content.decode(errors="replace")
            for secret in (world.org_a.name, world.contact_a.last_name, world.contact_a.email):
                assert secret not in body, (who, url, secret)
    assert checked > 10


@pytest.mark.django_db
def test_admin_site_is_for_staff_only(client, world):
    client.force_login(world.coach_a)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# ---------------------------------------------------------------- API


def api_operations():
    from quartiersnetz.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


API_PUBLIC: set[tuple[str, str]] = set()


def fill_api(path: str, target: Target) -> str:
    w = target.world
    net = target.net
    replacements = [
        (r"/offers/\{[^}]+\}", f"/offers/{target.offers.offer.pk}"),
        (r"/surveys/instruments/\{[^}]+\}", f"/surveys/instruments/{target.surveys.hidden_instrument.pk}"),
        (r"/surveys/waves/\{[^}]+\}", f"/surveys/waves/{target.surveys.objects.wave.pk}"),
        (r"/casework/contact-points/\{[^}]+\}", f"/casework/contact-points/{target.cw.contact_point.pk}"),
        (r"/casework/clients/by-code/\{[^}]+\}", f"/casework/clients/by-code/{target.cw.client.code}"),
        (r"/casework/clients/\{[^}]+\}", f"/casework/clients/{target.cw.client.pk}"),
        (r"/casework/case-contacts/\{[^}]+\}", f"/casework/case-contacts/{target.cw.contact.pk}"),
        (r"/casework/referrals/\{[^}]+\}", f"/casework/referrals/{target.cw.referral.pk}"),
        (r"/casework/case-conferences/\{[^}]+\}", f"/casework/case-conferences/{target.cw.conference.pk}"),
        (r"/casework/outreach/\{[^}]+\}", f"/casework/outreach/{target.cw.outreach.pk}"),
        (r"/quartiere/\{[^}]+\}", f"/quartiere/{w.qa.pk}"),
        (r"/quartiere/by-slug/\{[^}]+\}", f"/quartiere/by-slug/{w.qa.slug}"),
        (r"/organisations/\{[^}]+\}", f"/organisations/{w.org_a.pk}"),
        (r"/contacts/\{[^}]+\}", f"/contacts/{w.contact_a.pk}"),
        (r"/consents/\{[^}]+\}", f"/consents/{target.consent_pk}"),
        (r"/tokens/\{[^}]+\}", f"/tokens/{target.token_pk}"),
        (r"/imports/\{[^}]+\}", f"/imports/{target.batch_pk}"),
        (r"/bodies/\{[^}]+\}", f"/bodies/{net.body.pk}"),
        (r"/members/\{[^}]+\}", f"/members/{net.body.memberships.first().pk}"),
        (r"/meetings/\{[^}]+\}", f"/meetings/{net.meeting.pk}"),
        (r"/tasks/\{[^}]+\}", f"/tasks/{net.task.pk}"),
        (r"/agreements/\{[^}]+\}", f"/agreements/{net.agreement.pk}"),
        (r"/commitments/\{[^}]+\}", f"/commitments/{net.commitment.pk}"),
        (r"/commitment-actuals/\{[^}]+\}", f"/commitment-actuals/{net.actual.pk}"),
        (r"/work-log/\{[^}]+\}", f"/work-log/{net.entry.pk}"),
        (r"/acquisition/cases/\{[^}]+\}", f"/acquisition/cases/{target.acq.case.pk}"),
        (r"/company-profiles/\{[^}]+\}", f"/company-profiles/{target.acq.profile.pk}"),
        (r"/business-networks/\{[^}]+\}", f"/business-networks/{target.acq.network.pk}"),
        (r"/memberships/\{[^}]+\}", f"/memberships/{target.acq.membership.pk}"),
        (r"/publicity/\{[^}]+\}", f"/publicity/{target.acq.publicity.pk}"),
        (r"/network/ties/\{[^}]+\}", f"/network/ties/{target.tie_pk}"),
        *target.steering["api"],
    ]
    for pattern, value in replacements:
        path = re.sub(pattern, value, path)
    if "{" in path:
        raise AssertionError(f"test_access cannot fill API path {path}: teach fill_api()")
    return path


@pytest.mark.django_db
def test_api_rejects_anonymous_users_everywhere(client, world):
    target = make_target(world)
    for path, method, _op in api_operations():
        if (path, method) in API_PUBLIC:
            continue
        url = fill_api(path, target)
        data = "{}" if method != "get" else None
        response = getattr(client, method)(url, content_type="application/json", data=data)
        assert response.status_code == 401, (method, url, response.status_code)
        assert response["Content-Type"].startswith("application/problem+json"), (method, url)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coach_b", "coordination_other", "no_role"])
def test_api_answers_404_for_objects_of_another_quartier(client, world, who):
    target = make_target(world)
    user = getattr(world, who)
    _token, key = api_token_create(user=user, name="walker")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    checked = 0
    for path, method, _op in api_operations():
        url = fill_api(path, target)
        data = "{}" if method in {"post", "put", "patch"} else None
        response = getattr(client, method)(url, content_type="application/json", data=data, **headers)
        if "{" in path:
            assert response.status_code == 404, (who, method, url, response.status_code, response.content[:200])
            assert response["Content-Type"].startswith("application/problem+json")
            checked += 1
        elif method == "get":
            assert response.status_code in (200, 404), (who, url, response.status_code)
            body = response.content.decode()
            for secret in (world.org_a.name, world.contact_a.last_name, world.contact_a.email):
                assert secret not in body, (who, url, secret)
    assert checked > 5
    assert ApiToken.objects.filter(pk=target.token_pk).exists()  # nobody deleted A's token
