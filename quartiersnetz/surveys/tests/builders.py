"""Test data of the surveys app: one object of each model in Quartier A (for the access walker and the tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quartiersnetz.core.models import ImportBatch
from quartiersnetz.surveys.choices import InvitationStatus, ResponseSource, WaveStatus
from quartiersnetz.surveys.models import Block, Instrument, Invitation, Item, Response, Wave
from quartiersnetz.surveys.services import instrument_freeze


@dataclass
class SurveyObjects:
    instrument: Instrument
    block: Block
    item: Item
    version: object
    wave: Wave
    invitation: Invitation
    open_invitation: Invitation
    response: Response
    batch: ImportBatch


def build_surveys(world) -> SurveyObjects:
    instrument = Instrument.objects.create(slug="test-instrument", title="Testbefragung", programme=world.programme)
    block = Block.objects.create(instrument=instrument, code="1", title="Zusammenarbeit", order=1)
    item = Item.objects.create(block=block, code="1.1", text="Die Zusammenarbeit ist gut.", item_type="likert",
                               scale_min=1, scale_max=6, scale_labels=["stimme ganz und gar zu", "", "", "", "",
                                                                        "lehne völlig ab"], dont_know=True, order=1)
    Item.objects.create(block=block, code="1.2", text="Die Beziehungen sind eher lose.", item_type="likert",
                        scale_min=1, scale_max=6, reverse_coded=True,
                        reversed_label="Kooperationsstrukturen sind gefestigt und dauerhaft", order=2)
    version = instrument_freeze(instrument=instrument)
    wave = Wave.objects.create(instrument=instrument, version=version, programme=world.programme, title="Welle 1",
                               code="W1", status=WaveStatus.OPEN, opens_on=dt.date(2024, 1, 1))
    wave.quartiere.set([world.qa])
    invitation = Invitation.objects.create(wave=wave, organisation=world.org_a, quartier=world.qa,
                                           actor_type=world.org_a.actor_type, contact=world.contact_a,
                                           status=InvitationStatus.SUBMITTED, submitted_on=dt.date(2024, 1, 5))
    from quartiersnetz.testing import make_organisation

    other = make_organisation(world.qa, name="Stadtteilbüro Marxloh")
    open_invitation = Invitation.objects.create(wave=wave, organisation=other, quartier=world.qa,
                                                actor_type=other.actor_type)
    response = Response.objects.create(wave=wave, invitation=invitation, organisation=world.org_a,
                                       quartier=world.qa, actor_type=world.org_a.actor_type,
                                       answers={"1.1": 2, "1.2": 5}, source=ResponseSource.ONLINE,
                                       submitted_on=dt.date(2024, 1, 5))
    batch = ImportBatch.objects.create(kind="survey_responses", created_by=world.coach_a, filename="a.csv",
                                       content=b"1.1;1.2\n1;2\n", result={"wave": wave.pk})
    return SurveyObjects(instrument, block, item, version, wave, invitation, open_invitation, response, batch)


@dataclass
class AccessTargets:
    """For tests/test_access.py: A's wave objects plus programme-level instrument objects in a programme of their
    own (programme instruments of A's programme are visible to coach B by design, as in the steering app)."""

    objects: SurveyObjects
    hidden_instrument: Instrument
    hidden_block: Block
    hidden_item: Item


def build_surveys_access(world) -> AccessTargets:
    from quartiersnetz.testing import make_programme

    objects = build_surveys(world)
    hidden = make_programme(slug="befragung-verborgen", name="Befragung verborgen")
    instrument = Instrument.objects.create(slug="verborgen", title="Verborgener Fragebogen", programme=hidden)
    block = Block.objects.create(instrument=instrument, code="1", title="Block", order=1)
    item = Item.objects.create(block=block, code="1.1", text="Frage", item_type="text", order=1)
    return AccessTargets(objects, instrument, block, item)
