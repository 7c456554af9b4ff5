"""Surveys API (read-only): instruments, waves, response rates and statistics. Thin: selectors read (404 outside
the scope); statistics come from `surveys.analysis` (suppressed aggregates, as on the page)."""

from django.http import Http404
from ninja import Query, Router
from ninja.pagination import paginate

from quartiersnetz.core.api import Pagination, api_user
from quartiersnetz.core.schemas import Id

from .analysis import wave_analysis
from .schemas import (
    InstrumentOut,
    ItemOut,
    RateFilters,
    RateOut,
    StatisticsFilters,
    StatisticsOut,
    WaveOut,
)
from .selectors import comparable_waves, instrument_get, instrument_list, response_rates, wave_get, wave_list, wave_spec

router = Router(tags=["Befragungen"])


def _wave_out(wave) -> dict:
    return {"id": wave.pk, "title": wave.title, "code": wave.code, "instrument_id": wave.instrument_id,
            "version": wave.version.number, "programme_id": wave.programme_id, "status": wave.status,
            "purpose": wave.purpose, "anonymous": wave.anonymous, "opens_on": wave.opens_on,
            "closes_on": wave.closes_on, "block_codes": wave.block_codes}


@router.get("/surveys/instruments", response=list[InstrumentOut], summary="Survey instruments")
@paginate(Pagination)
def instrument_list_api(request):
    return instrument_list(user=api_user(request))


@router.get("/surveys/instruments/{instrument_id}", response=InstrumentOut, summary="Get a survey instrument")
def instrument_get_api(request, instrument_id: Id):
    return instrument_get(user=api_user(request), pk=instrument_id)


@router.get("/surveys/waves", response=list[WaveOut], summary="Survey waves")
@paginate(Pagination)
def wave_list_api(request):
    return [_wave_out(w) for w in wave_list(user=api_user(request))]


@router.get("/surveys/waves/{wave_id}", response=WaveOut, summary="Get a survey wave")
def wave_get_api(request, wave_id: Id):
    return _wave_out(wave_get(user=api_user(request), pk=wave_id))


@router.get("/surveys/waves/{wave_id}/items", response=list[ItemOut],
            summary="Questions of a wave (the version it was fielded with)")
def wave_items_api(request, wave_id: Id):
    wave = wave_get(user=api_user(request), pk=wave_id)
    return [{"code": i.code, "text": i.text, "type": i.type, "scale_min": i.scale_min, "scale_max": i.scale_max,
             "reverse_coded": i.reverse_coded, "wording_published": i.wording_published}
            for i in wave_spec(wave).items]


@router.get("/surveys/waves/{wave_id}/response-rates", response=list[RateOut],
            summary="Invited and responding institutions per group")
def wave_rates_api(request, wave_id: Id, filters: Query[RateFilters]):
    user = api_user(request)
    wave = wave_get(user=user, pk=wave_id)
    return [{"group": r.label or None, "invited": r.invited, "submitted": r.submitted, "rate": r.rate}
            for r in response_rates(user=user, wave=wave, group_by=filters.group_by)]


@router.get("/surveys/waves/{wave_id}/statistics", response=StatisticsOut,
            summary="Item statistics per group and wave (small cells suppressed)")
def wave_statistics_api(request, wave_id: Id, filters: Query[StatisticsFilters]):
    user = api_user(request)
    wave = wave_get(user=user, pk=wave_id)
    compare = None
    if filters.compare:
        compare = comparable_waves(user=user, wave=wave).filter(pk=filters.compare).first()
        if compare is None:
            raise Http404
    result = wave_analysis(user=user, wave=wave, group_by=filters.group_by, compare=compare)
    cells, tests = [], []
    for item in result.items:
        for c in item.cells:
            cells.append({"item": item.variable, "label": item.label, "group": c.group, "wave": c.wave,
                          "n": None if c.suppressed else c.n, "mean": c.mean, "sd": c.sd, "median": c.median,
                          "counts": None if c.counts is None else {str(k): v for k, v in c.counts.items()},
                          "suppressed": c.suppressed})
        if item.test is not None:
            tests.append({"item": item.variable, "test": item.test.test, "u": item.test.u, "z": item.test.z,
                          "p": item.test.p, "n1": item.test.n1, "n2": item.test.n2, "difference": item.difference})
    return {"waves": result.wave_codes, "group_by": result.group_by, "min_cell_size": result.k, "cells": cells,
            "tests": tests}
