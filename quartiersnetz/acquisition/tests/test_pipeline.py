"""The acquisition pipeline end to end: a partner moves through every stage, the funnel counts it and every move
keeps its date; backdating rules; moves on the board by keyboard form (no JavaScript) and by htmx."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from quartiersnetz.acquisition.choices import AcquisitionStage as S
from quartiersnetz.acquisition.models import AcquisitionCase, StageChange
from quartiersnetz.acquisition.selectors import acquisition_funnel
from quartiersnetz.acquisition.services import acquisition_move, case_create
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import AuditLogEntry
from quartiersnetz.testing import make_organisation

from .builders import company_type

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_partner_moves_through_the_pipeline_and_the_funnel_counts_it(world):
    coach = world.coach_a
    org = make_organisation(world.qa, name="Kfz-Werkstatt Yilmaz", actor_type=company_type())
    other = make_organisation(world.qa, name="Kita Regenbogen")
    case = case_create(user=coach, quartier=world.qa, organisation=org, on=D(2013, 3, 1),
                       data={"owner": coach, "objections": "keine klassischen Arbeitsmarktträger"})
    plan = [(S.APPROACHED, D(2013, 3, 15)), (S.TALKED, D(2013, 4, 14)), (S.INTEREST, D(2013, 5, 1)),
            (S.LOI, D(2013, 6, 1)), (S.ACTIVE, D(2013, 9, 1))]
    for stage, on in plan:
        acquisition_move(user=coach, case=case, to_stage=stage, on=on, note=f"nach {stage}")
    dropped = case_create(user=coach, quartier=world.qa, organisation=other, on=D(2013, 3, 1))
    acquisition_move(user=coach, case=dropped, to_stage=S.APPROACHED, on=D(2013, 3, 11))
    acquisition_move(user=coach, case=dropped, to_stage=S.DORMANT, on=D(2013, 5, 1), note="kein Interesse")

    case.refresh_from_db()
    assert case.stage == S.ACTIVE and case.stage_since == D(2013, 9, 1)
    history = list(case.stage_changes.values_list("from_stage", "to_stage", "on"))
    assert history == [("", S.IDENTIFIED, D(2013, 3, 1)), (S.IDENTIFIED, S.APPROACHED, D(2013, 3, 15)),
                       (S.APPROACHED, S.TALKED, D(2013, 4, 14)), (S.TALKED, S.INTEREST, D(2013, 5, 1)),
                       (S.INTEREST, S.LOI, D(2013, 6, 1)), (S.LOI, S.ACTIVE, D(2013, 9, 1))]
    assert set(case.stage_changes.values_list("by", flat=True)) == {coach.pk}

    funnel = acquisition_funnel(user=coach, quartier_id=world.qa.pk).funnel
    assert funnel.total == 2
    assert [r.reached for r in funnel.rows] == [2, 2, 1, 1, 1, 1]
    assert funnel.dropped_out == 1 and funnel.row(S.APPROACHED).dropped == 1
    assert funnel.row(S.APPROACHED).median_days == 12.0  # 14 days and 10 days
    assert funnel.row(S.TALKED).median_days == 30.0
    assert funnel.row(S.ACTIVE).median_days == 92.0      # 1.6. → 1.9.2013
    assert funnel.row(S.TALKED).conversion == 0.5
    # the programme funnel of coordination holds the same numbers; Quartier B adds nothing
    programme_funnel = acquisition_funnel(user=world.coordination, programme_id=world.programme.pk).funnel
    assert [r.reached for r in programme_funnel.rows] == [2, 2, 1, 1, 1, 1]
    moves = AuditLogEntry.objects.filter(object_id=case.pk, action="update", fields=["stage", "stage_since"])
    assert moves.count() == 5


def test_backwards_moves_are_allowed_and_recorded(world, acq):
    change = acquisition_move(user=world.coach_a, case=acq.case, to_stage=S.IDENTIFIED, on=D(2014, 3, 1))
    assert change.from_stage == S.APPROACHED and change.is_backwards
    acq.case.refresh_from_db()
    assert acq.case.stage == S.IDENTIFIED and acq.case.stage_since == D(2014, 3, 1)


@pytest.mark.parametrize("to_stage, on, field, message", [
    (S.TALKED, "future", "on", "Zukunft"),
    (S.TALKED, D(2014, 1, 31), "on", "letzten"),
    (S.APPROACHED, D(2014, 3, 1), "to_stage", "bereits"),
    ("nonsense", D(2014, 3, 1), "to_stage", "Unbekannte"),
])
def test_invalid_moves_write_nothing_and_explain_in_german(world, acq, to_stage, on, field, message):
    if on == "future":
        on = timezone.localdate() + dt.timedelta(days=1)
    before = StageChange.objects.count()
    with pytest.raises(ApplicationError) as info:
        acquisition_move(user=world.coach_a, case=acq.case, to_stage=to_stage, on=on)
    assert field in info.value.extra
    assert message in info.value.message or message in str(info.value.extra[field])
    assert StageChange.objects.count() == before
    acq.case.refresh_from_db()
    assert acq.case.stage == S.APPROACHED and acq.case.stage_since == D(2014, 2, 1)


def test_moves_outside_the_scope_are_404_and_evaluation_cannot_move(world, acq):
    from django.http import Http404

    for user in (world.coach_b, world.evaluation, world.contact_point_a, world.partner_a):
        with pytest.raises(Http404):
            acquisition_move(user=user, case=acq.case, to_stage=S.TALKED, on=D(2014, 3, 1))
    assert acq.case.stage_changes.count() == 2


def test_create_rejects_future_dates_duplicates_and_foreign_organisations(world, acq):
    with pytest.raises(ApplicationError) as info:
        case_create(user=world.coach_a, quartier=world.qa, organisation=acq.company,
                    on=timezone.localdate() + dt.timedelta(days=3))
    assert "on" in info.value.extra
    with pytest.raises(ApplicationError) as info:
        case_create(user=world.coach_a, quartier=world.qa, organisation=world.org_a)
    assert info.value.status == 409
    with pytest.raises(ApplicationError) as info:
        case_create(user=world.coach_a, quartier=world.qa, organisation=world.org_b)
    assert "organisation" in info.value.extra
    assert AcquisitionCase.objects.count() == 2


# --- the board ----------------------------------------------------------------------------------------------------


def test_board_renders_columns_and_keyboard_forms(client, world, acq):
    client.force_login(world.coach_a)
    response = client.get(reverse("acquisition:board", args=[world.qa.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("identifiziert", "angesprochen", "Letter of Intent", "aktiver Partner", "ruhend/ausgeschieden"):
        assert label in html
    assert f'id="fall-{acq.case.pk}"' in html and 'draggable="true"' in html
    assert f'<label class="qn-visually-hidden" for="stufe-{acq.case.pk}">' in html
    assert "Verschieben" in html and "board.js" in html


def test_board_move_by_keyboard_form_without_javascript(client, world, acq):
    client.force_login(world.coach_a)
    url = reverse("acquisition:case_move", args=[acq.case.pk])
    response = client.post(url, {"to_stage": S.TALKED, "from": "board"})
    assert response.status_code == 302
    assert response["Location"] == reverse("acquisition:board", args=[world.qa.slug]) + f"#fall-{acq.case.pk}"
    acq.case.refresh_from_db()
    assert acq.case.stage == S.TALKED and acq.case.stage_since == timezone.localdate()
    last = acq.case.stage_changes.last()
    assert (last.from_stage, last.to_stage, last.by) == (S.APPROACHED, S.TALKED, world.coach_a)


def test_board_move_by_htmx_returns_the_board_with_focus_and_status(client, world, acq):
    client.force_login(world.coach_a)
    url = reverse("acquisition:case_move", args=[acq.case.pk])
    response = client.post(url, {"to_stage": S.LOI, "from": "board"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-qn-focus="fall-{acq.case.pk}"' in html
    assert 'hx-swap-oob="true"' in html and "wurde nach „Letter of Intent“ verschoben" in html
    assert "<html" not in html
    acq.case.refresh_from_db()
    assert acq.case.stage == S.LOI


def test_htmx_move_to_the_same_stage_shows_an_error_and_writes_nothing(client, world, acq):
    client.force_login(world.coach_a)
    url = reverse("acquisition:case_move", args=[acq.case.pk])
    response = client.post(url, {"to_stage": S.APPROACHED}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "nicht verschoben" in response.content.decode()
    assert acq.case.stage_changes.count() == 2


def test_backdated_move_page_rejects_future_dates_in_german(client, world, acq):
    client.force_login(world.coach_a)
    url = reverse("acquisition:case_move", args=[acq.case.pk])
    future = timezone.localdate() + dt.timedelta(days=2)
    response = client.post(url, {"to_stage": S.TALKED, "on": future.isoformat()})
    assert response.status_code == 200
    assert "Das Datum darf nicht in der Zukunft liegen." in response.content.decode()
    assert acq.case.stage_changes.count() == 2
    response = client.post(url, {"to_stage": S.TALKED, "on": "2014-03-05", "note": "Hospitation"})
    assert response.status_code == 302
    assert acq.case.stage_changes.last().on == D(2014, 3, 5)
