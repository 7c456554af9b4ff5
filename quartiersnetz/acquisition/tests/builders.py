"""Test data of the acquisition app: one object of each model in Quartier A of the shared test world (and a case
in B). Importable without pytest (tests/test_access.py uses `build_acquisition`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
from quartiersnetz.actors.models import ActorType
from quartiersnetz.testing import make_organisation


@dataclass
class Acq:
    world: object
    company: object
    case: object
    case_b: object
    profile: object
    network: object
    membership: object
    publicity: object


def company_type():
    return ActorType.objects.get(slug="unternehmen")


def build_acquisition(world) -> Acq:
    company = make_organisation(world.qa, name="Bäckerei Marxloh GmbH", actor_type=company_type())
    case = AcquisitionCase.objects.create(
        quartier=world.qa, organisation=world.org_a, stage=AcquisitionStage.APPROACHED,
        stage_since=dt.date(2014, 2, 1), owner=world.coach_a, next_step="Hospitation vereinbaren",
        objections="Noch ein Gremium", benefit="Kurze Wege zu Bewerberinnen")
    StageChange.objects.create(case=case, from_stage="", to_stage=AcquisitionStage.IDENTIFIED,
                               on=dt.date(2014, 1, 10), by=world.coach_a)
    StageChange.objects.create(case=case, from_stage=AcquisitionStage.IDENTIFIED,
                               to_stage=AcquisitionStage.APPROACHED, on=dt.date(2014, 2, 1), by=world.coach_a)
    case_b = AcquisitionCase.objects.create(quartier=world.qb, organisation=world.org_b,
                                            stage=AcquisitionStage.IDENTIFIED, stage_since=dt.date(2014, 1, 5))
    StageChange.objects.create(case=case_b, to_stage=AcquisitionStage.IDENTIFIED, on=dt.date(2014, 1, 5))
    profile = CompanyProfile.objects.create(
        organisation=company, wz_code="C 10.71", size_class="small", employees=12, founded_year=1985,
        trains_apprentices=True, cooperation_path=CooperationPath.ACTIVATION,
        cooperation_path_since=dt.date(2014, 3, 1))
    CooperationPathChange.objects.create(profile=profile, to_path=CooperationPath.ACTIVATION, on=dt.date(2014, 3, 1))
    network = BusinessNetwork.objects.create(quartier=world.qa, name="Marxloher Business Brunch",
                                             form=NetworkForm.BRUNCH, critical_mass=10)
    membership = BusinessNetworkMembership.objects.create(network=network, organisation=company,
                                                          since=dt.date(2014, 1, 1))
    publicity = PublicityEntry.objects.create(network=network, on=dt.date(2014, 5, 1), kind=PublicityKind.PRESS,
                                              text="Artikel in der Stadtteilzeitung")
    return Acq(world, company, case, case_b, profile, network, membership, publicity)
