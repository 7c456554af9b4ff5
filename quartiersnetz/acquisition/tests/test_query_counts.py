"""Query budgets of the acquisition pages and API: cases, board, funnel, company profiles, business networks
(style.md rule 19, quartiersnetz/testing_queries.py). Each list and detail page is counted with a few rows and again
with more: the counts must be equal (no N+1) and match `query_counts.json`. Re-record with `UPDATE_QUERY_COUNTS=1`
and review the diff (docs/testing.md)."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from quartiersnetz.acquisition.choices import AcquisitionStage, CooperationPath, NetworkForm, PublicityKind
from quartiersnetz.acquisition.models import (
    AcquisitionCase,
    BusinessNetwork,
    BusinessNetworkMembership,
    CompanyProfile,
    CooperationPathChange,
    PublicityEntry,
    StageChange,
)
from quartiersnetz.testing import make_organisation
from quartiersnetz.testing_queries import stale_budget_keys

from .builders import build_acquisition, company_type

USERS = ["coach_a", "coordination"]
STAGES = list(AcquisitionStage.values)
WZ = ["C 10.71", "G 47.11", "F 43.22", "I 56.10", ""]
_seq = itertools.count()


def new_company(acq, *, profile=True):
    i = next(_seq)
    org = make_organisation(acq.world.qa, name=f"Firma {i:03d} GmbH", actor_type=company_type())
    if profile:
        CompanyProfile.objects.create(organisation=org, wz_code=WZ[i % len(WZ)], employees=5 + i,
                                      cooperation_path=CooperationPath.NETWORK,
                                      cooperation_path_since=dt.date(2014, 1, 1))
    return org


def add_cases(acq, n):
    for _ in range(n):
        org = new_company(acq, profile=False)
        i = next(_seq)
        stage = STAGES[i % len(STAGES)]
        case = AcquisitionCase.objects.create(quartier=acq.world.qa, organisation=org, stage=stage,
                                              stage_since=dt.date(2014, 2, 1), owner=acq.world.coach_a,
                                              next_step="Anrufen")
        StageChange.objects.create(case=case, to_stage=AcquisitionStage.IDENTIFIED, on=dt.date(2014, 1, 2),
                                   by=acq.world.coach_a)
        StageChange.objects.create(case=case, from_stage=AcquisitionStage.IDENTIFIED, to_stage=stage,
                                   on=dt.date(2014, 2, 1), by=acq.world.coach_a)


def add_history(acq, n):
    for _ in range(n):
        i = next(_seq)
        StageChange.objects.create(case=acq.case, from_stage=AcquisitionStage.IDENTIFIED,
                                   to_stage=STAGES[i % len(STAGES)], on=dt.date(2014, 3, 1) + dt.timedelta(days=i),
                                   by=acq.world.coach_a, note=f"Schritt {i}")


def add_companies(acq, n):
    for _ in range(n):
        org = new_company(acq)
        BusinessNetworkMembership.objects.create(network=acq.network, organisation=org, since=dt.date(2014, 1, 1))


def add_company_history(acq, n):
    """Path changes of the profile and memberships of its company in further networks."""
    for _ in range(n):
        i = next(_seq)
        CooperationPathChange.objects.create(profile=acq.profile, to_path=CooperationPath.IMPULSE,
                                             on=dt.date(2014, 4, 1) + dt.timedelta(days=i), by=acq.world.coach_a)
        network = BusinessNetwork.objects.create(quartier=acq.world.qa, name=f"Netzwerk {i:03d}",
                                                 form=NetworkForm.INFORMAL)
        BusinessNetworkMembership.objects.create(network=network, organisation=acq.company)


def add_networks(acq, n):
    for _ in range(n):
        i = next(_seq)
        network = BusinessNetwork.objects.create(quartier=acq.world.qa, name=f"Unternehmerkreis {i:03d}",
                                                 form=NetworkForm.ASSOCIATION, organisation=acq.world.org_a,
                                                 critical_mass=5)
        BusinessNetworkMembership.objects.create(network=network, organisation=new_company(acq))
        PublicityEntry.objects.create(network=network, on=dt.date(2014, 5, 1), kind=PublicityKind.WEBSITE)


def add_members(acq, n):
    for k in range(n):
        until = dt.date(2014, 6, 1) if k % 4 == 0 else None
        BusinessNetworkMembership.objects.create(network=acq.network, organisation=new_company(acq),
                                                 since=dt.date(2014, 1, 1), until=until)
        PublicityEntry.objects.create(network=acq.network, on=dt.date(2014, 1, 1) + dt.timedelta(days=next(_seq)),
                                      kind=PublicityKind.PRESS, text="Bericht")


# --- pages ----------------------------------------------------------------------------------------------------------

LISTS = {"case_list": add_cases, "company_list": add_companies, "network_list": add_networks}


@pytest.mark.parametrize("case", [f"{page}-{who}" for page in LISTS for who in USERS])
def test_list_page(query_budget, client, world, case):
    page, who = case.split("-")
    acq = build_acquisition(world)
    client.force_login(getattr(world, who))
    grow = LISTS[page]
    grow(acq, 3)
    m = query_budget.assert_flat(lambda: client.get(reverse(f"acquisition:{page}")), add_rows=lambda: grow(acq, 17))
    assert len(m.result.context["object_list"]) >= 21


def test_board(query_budget, client, world):
    acq = build_acquisition(world)
    client.force_login(world.coach_a)
    add_cases(acq, 3)
    url = reverse("acquisition:board", args=[world.qa.slug])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_cases(acq, 17))
    assert sum(len(cases) for _stage, _label, cases in m.result.context["columns"]) == 21


@pytest.mark.parametrize("who", ["coordination", "evaluation"])
def test_funnel(query_budget, client, world, who):
    acq = build_acquisition(world)
    client.force_login(getattr(world, who))
    add_cases(acq, 3)
    m = query_budget.assert_flat(lambda: client.get(reverse("acquisition:funnel")), add_rows=lambda: add_cases(acq, 17))
    assert m.result.context["rows"][0]["reached"] == 22  # 20 new cases, the case in A and the case in B


def test_case_detail(query_budget, client, world):
    acq = build_acquisition(world)
    client.force_login(world.coach_a)
    add_history(acq, 3)
    url = reverse("acquisition:case_detail", args=[acq.case.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_history(acq, 17))
    assert len(m.result.context["history"]) == 22


def test_company_detail(query_budget, client, world):
    acq = build_acquisition(world)
    client.force_login(world.coach_a)
    add_company_history(acq, 3)
    url = reverse("acquisition:company_detail", args=[acq.profile.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_company_history(acq, 17))
    assert len(m.result.context["path_history"]) == 21
    assert len(m.result.context["memberships"]) == 21


def test_network_detail(query_budget, client, world):
    acq = build_acquisition(world)
    client.force_login(world.coach_a)
    add_members(acq, 3)
    url = reverse("acquisition:network_detail", args=[acq.network.pk])
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_members(acq, 17))
    assert len(m.result.context["current_members"]) + len(m.result.context["former_members"]) == 21
    assert m.result.context["health"].active_members == 15  # every fourth new membership has ended (1 + 5)


# --- API ------------------------------------------------------------------------------------------------------------

API = {"cases": add_cases, "company-profiles": add_companies, "business-networks": add_networks}


@pytest.mark.parametrize("case", [f"{path}-{who}" for path in API for who in USERS])
def test_api_list(query_budget, client, world, case):
    path, who = case.rsplit("-", 1)
    acq = build_acquisition(world)
    client.force_login(getattr(world, who))
    grow = API[path]
    grow(acq, 3)
    m = query_budget.assert_flat(lambda: client.get(f"/api/v1/acquisition/{path}"), add_rows=lambda: grow(acq, 17))
    assert m.result.json()["count"] >= 21


def test_api_funnel(query_budget, client, world):
    acq = build_acquisition(world)
    client.force_login(world.coordination)
    add_cases(acq, 3)
    m = query_budget.assert_flat(lambda: client.get("/api/v1/acquisition/funnel"), add_rows=lambda: add_cases(acq, 17))
    assert m.result.json()["stages"][0]["reached"] == 22


def test_api_network_detail(query_budget, client, world):
    acq = build_acquisition(world)
    client.force_login(world.coach_a)
    add_members(acq, 3)
    url = f"/api/v1/acquisition/business-networks/{acq.network.pk}"
    m = query_budget.assert_flat(lambda: client.get(url), add_rows=lambda: add_members(acq, 17))
    assert len(m.result.json()["members"]) == 21


def test_budget_file_has_no_stale_keys():
    assert stale_budget_keys(__file__, globals()) == []
