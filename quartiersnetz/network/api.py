"""Network API: the graph of a Quartier (nodes, ties, metrics — the same payload as the graph page), its survey
waves with declared ties and the comparison of two of them, and CRUD of stored ties. Thin: the Quartier and every
referenced organisation are resolved through selectors (404 outside the scope or outside the Quartier), one
service writes."""

from django.http import Http404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from quartiersnetz.core.api import Pagination, api_user, filters_dict, late_body, resolve_reference, validate_body
from quartiersnetz.core.schemas import Id

from .exports import compare_payload, graph_payload, wave_payload
from .schemas import (
    GraphFilters,
    GraphOut,
    TieFilters,
    TieIn,
    TieOut,
    TiePatch,
    WaveCompareOut,
    WaveCompareQuery,
    WaveOut,
)
from .selectors import (
    manual_tie_can_edit,
    manual_tie_get,
    manual_tie_list,
    network_analysis,
    network_compare_waves,
    network_quartier_get,
    network_wave_list,
    quartier_organisations,
)
from .services import manual_tie_create, manual_tie_delete, manual_tie_update

router = Router(tags=["Netzwerkanalyse"])


@router.get("/network/quartiere/{quartier_id}/graph", response=GraphOut,
            summary="Network of a Quartier: nodes, ties and metrics")
def graph_api(request, quartier_id: Id, filters: Query[GraphFilters]):
    user = api_user(request)
    quartier = network_quartier_get(user=user, pk=quartier_id)
    return graph_payload(network_analysis(user=user, quartier_id=quartier.pk, **filters.params()))


@router.get("/network/quartiere/{quartier_id}/waves", response=list[WaveOut],
            summary="Survey waves with declared ties of a Quartier (keys for compare-waves)")
def wave_list_api(request, quartier_id: Id):
    user = api_user(request)
    quartier = network_quartier_get(user=user, pk=quartier_id)
    return [wave_payload(w) for w in network_wave_list(user=user, quartier_id=quartier.pk)]


@router.get("/network/quartiere/{quartier_id}/compare-waves", response=WaveCompareOut,
            summary="Change between two survey waves: ties gained/lost, organisations new/left, metric deltas")
def compare_waves_api(request, quartier_id: Id, query: Query[WaveCompareQuery]):
    """Missing, unknown (also: of another Quartier) or equal wave keys answer 422 problem+json with an error per
    field; a Quartier outside the scope answers 404 first."""
    user = api_user(request)
    quartier = network_quartier_get(user=user, pk=quartier_id)
    change = network_compare_waves(user=user, quartier_id=quartier.pk, wave_a=query.wave_a, wave_b=query.wave_b,
                                   **query.params())
    return compare_payload(change)


@router.get("/network/ties", response=list[TieOut], summary="Stored ties (entered by hand or declared)")
@paginate(Pagination)
def tie_list_api(request, filters: Query[TieFilters]):
    return manual_tie_list(user=api_user(request), filters=filters_dict(filters))


@router.get("/network/ties/{tie_id}", response=TieOut, summary="Get a stored tie")
def tie_get_api(request, tie_id: Id):
    return manual_tie_get(user=api_user(request), pk=tie_id)


def _organisations(user, quartier, data: dict) -> dict:
    organisations = quartier_organisations(user=user, quartier=quartier)
    for name in ("organisation_a", "organisation_b"):
        key = f"{name}_id"
        if key in data:
            data[name] = resolve_reference(organisations, data.pop(key), field=key)
    return data


@router.post("/network/ties", response={201: TieOut}, summary="Create a stored tie")
def tie_create_api(request, payload: TieIn):
    user = api_user(request)
    quartier = network_quartier_get(user=user, pk=payload.quartier_id)
    data = _organisations(user, quartier, payload.dict(exclude={"quartier_id"}))
    tie = manual_tie_create(user=user, quartier=quartier, data=data)
    return Status(201, manual_tie_get(user=user, pk=tie.pk))


@router.patch("/network/ties/{tie_id}", response=TieOut, summary="Change a stored tie",
              openapi_extra=late_body(TiePatch))
def tie_update_api(request, tie_id: Id):
    user = api_user(request)
    tie = manual_tie_get(user=user, pk=tie_id)
    if not manual_tie_can_edit(user=user, tie=tie):
        raise Http404
    payload = validate_body(request, TiePatch)
    data = _organisations(user, tie.quartier, payload.dict(exclude_unset=True))
    manual_tie_update(user=user, tie=tie, data=data)
    return manual_tie_get(user=user, pk=tie.pk)


@router.delete("/network/ties/{tie_id}", response={204: None}, summary="Delete a stored tie")
def tie_delete_api(request, tie_id: Id):
    user = api_user(request)
    manual_tie_delete(user=user, tie=manual_tie_get(user=user, pk=tie_id))
    return Status(204, None)
