"""Offers API: offers (CRUD with their locations), taxonomies, the target group × topic matrix with gaps and
possible duplicates, duplicate assessments, the comparison across Quartiere and the HSDS 3.0 export.

Thin operations: selectors resolve every id (outside the scope: 404; ids in a body: 404 on that field), one
service writes. Evaluation users get the matrix and the comparison as counts only."""

from django.http import Http404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.api import (
    Pagination,
    api_user,
    filters_dict,
    late_body,
    resolve_reference,
    resolve_references,
    validate_body,
)
from quartiersnetz.core.schemas import Id
from quartiersnetz.core.selectors import quartier_list

from .hsds.exporter import hsds3
from .schemas import (
    ComparisonFilters,
    ComparisonOut,
    DuplicateAssessIn,
    DuplicateOut,
    MatrixFilters,
    MatrixOut,
    OfferFilters,
    OfferIn,
    OfferOut,
    OfferPatch,
    TermOut,
)
from .selectors import (
    duplicate_pair_get,
    offer_can_edit,
    offer_comparison,
    offer_contact_choices,
    offer_contact_view,
    offer_get,
    offer_list,
    offer_matrix,
    offer_partner_choices,
    offer_provider_choices,
    offer_quartiere_editable,
    shows_offer_details,
    target_group_list,
    topic_list,
)
from .services import duplicate_assess, offer_create, offer_delete, offer_locations_set, offer_update

router = Router(tags=["Angebote"])


def _term(t) -> dict:
    return {"id": t.pk, "slug": t.slug, "name": t.name}


def _quartier(q) -> dict:
    return {"id": q.pk, "slug": q.slug, "display_name": q.display_name}


def _offer_out(user, offer) -> dict:
    contact = offer_contact_view(user=user, offer=offer)
    return {
        "id": offer.pk, "quartier": _quartier(offer.quartier), "provider": {"id": offer.provider_id,
                                                                          "name": offer.provider.name},
        "partners": [{"id": p.pk, "name": p.name} for p in offer.partners.all()],
        "title": offer.title, "description": offer.description,
        "target_groups": [_term(t) for t in offer.target_groups.all()],
        "topics": [_term(t) for t in offer.topics.all()],
        "legal_basis": offer.legal_basis, "in_quartier": offer.in_quartier, "opening_hours": offer.opening_hours,
        "opening_hours_note": offer.opening_hours_note, "languages": offer.languages, "costs": offer.costs,
        "access_route": offer.access_route, "access_note": offer.access_note, "capacity": offer.capacity,
        "status": offer.status, "valid_from": offer.valid_from, "valid_until": offer.valid_until,
        "contact": contact.__dict__ if contact else None, "url": offer.url, "email": offer.email,
        "phone": offer.phone, "locations": list(offer.locations.all()), "hsds_id": offer.hsds_id,
        "created_at": offer.created_at, "updated_at": offer.updated_at,
    }


@router.get("/offer-target-groups", response=list[TermOut], summary="Target groups (taxonomy)")
@paginate(Pagination)
def target_group_list_api(request):
    return target_group_list()


@router.get("/offer-topics", response=list[TermOut], summary="Topics (taxonomy)")
@paginate(Pagination)
def topic_list_api(request):
    return topic_list()


@router.get("/offers", response=list[OfferOut], summary="List offers")
@paginate(Pagination)
def offer_list_api(request, filters: Query[OfferFilters]):
    user = api_user(request)
    return [_offer_out(user, o) for o in offer_list(user=user, filters=filters_dict(filters))]


@router.get("/offers/{offer_id}", response=OfferOut, summary="Get an offer")
def offer_get_api(request, offer_id: Id):
    user = api_user(request)
    return _offer_out(user, offer_get(user=user, pk=offer_id))


def _references(user, quartier_ids: list[int], data: dict, offer=None) -> dict:
    if "provider_id" in data:
        data["provider"] = resolve_reference(offer_provider_choices(user=user, quartier_ids=quartier_ids),
                                             data.pop("provider_id"), field="provider_id")
    if "contact_id" in data:
        contact_id = data.pop("contact_id")
        data["contact"] = None if contact_id is None else resolve_reference(
            offer_contact_choices(user=user, organisation_ids=offer_provider_choices(
                user=user, quartier_ids=quartier_ids).values_list("pk", flat=True)),
            contact_id, field="contact_id")
    if "partner_ids" in data:
        data["partners"] = resolve_references(
            offer_partner_choices(user=user, quartier_ids=quartier_ids, offer=offer), data.pop("partner_ids") or [],
            field="partner_ids")
    if "target_group_ids" in data:
        data["target_groups"] = resolve_references(target_group_list(), data.pop("target_group_ids"),
                                                   field="target_group_ids")
    if "topic_ids" in data:
        data["topics"] = resolve_references(topic_list(), data.pop("topic_ids"), field="topic_ids")
    if "opening_hours" in data:
        data["opening_hours"] = [dict(slot) for slot in data["opening_hours"]]
    return data


@router.post("/offers", response={201: OfferOut}, summary="Create an offer")
def offer_create_api(request, payload: OfferIn):
    user = api_user(request)
    quartier = resolve_reference(offer_quartiere_editable(user=user), payload.quartier_id, field="quartier_id")
    data = _references(user, [quartier.pk], payload.dict(exclude_unset=True, exclude={"quartier_id"}))
    locations = data.pop("locations", None)
    offer = offer_create(user=user, quartier=quartier, data=data)
    if locations:
        offer_locations_set(user=user, offer=offer, locations=locations)
    return Status(201, _offer_out(user, offer_get(user=user, pk=offer.pk)))


@router.patch("/offers/{offer_id}", response=OfferOut, summary="Change an offer", openapi_extra=late_body(OfferPatch))
def offer_update_api(request, offer_id: Id):
    user = api_user(request)
    offer = offer_get(user=user, pk=offer_id)
    if not offer_can_edit(user=user, offer=offer):
        raise Http404
    payload = validate_body(request, OfferPatch)
    data = _references(user, [offer.quartier_id], payload.dict(exclude_unset=True), offer=offer)
    locations = data.pop("locations", None)
    offer_update(user=user, offer=offer, data=data)
    if locations is not None:
        offer_locations_set(user=user, offer=offer, locations=locations)
    return _offer_out(user, offer_get(user=user, pk=offer.pk))


@router.delete("/offers/{offer_id}", response={204: None}, summary="Delete an offer")
def offer_delete_api(request, offer_id: Id):
    user = api_user(request)
    offer_delete(user=user, offer=offer_get(user=user, pk=offer_id))
    return Status(204, None)


def _visible_quartier(user, quartier_id: int):
    quartier = quartier_list(user=user).filter(pk=quartier_id).first()
    if quartier is None:
        raise Http404
    return quartier


@router.get("/offers/quartiere/{quartier_id}/matrix", response=MatrixOut,
            summary="Target group × topic matrix of a Quartier with gaps and possible duplicates")
def matrix_api(request, quartier_id: Id, filters: Query[MatrixFilters]):
    user = api_user(request)
    quartier = _visible_quartier(user, quartier_id)
    view = offer_matrix(user=user, quartier=quartier, threshold=filters.threshold)
    flagged = {(tg.pk, t.pk) for d in view.duplicates if d.open for tg, t in d.cells}
    cells = [
        {"target_group_id": r, "topic_id": c, "count": len(ids), "gap": not ids,
         "possible_duplicate": (r, c) in flagged, "offer_ids": ids if view.details else None}
        for (r, c), ids in view.matrix.cells.items()
    ]
    return {
        "quartier": _quartier(quartier), "threshold": view.threshold,
        "target_groups": [_term(t) for t in view.rows], "topics": [_term(t) for t in view.columns],
        "cells": cells, "gaps": len(view.matrix.gaps), "offers": view.offer_count,
        "unclassified": len(view.matrix.unclassified),
        "duplicates": [_duplicate_out(d) for d in view.duplicates] if view.details else None,
    }


def _duplicate_out(d) -> dict:
    return {"offer_a_id": d.a.pk, "offer_b_id": d.b.pk, "offer_a_title": d.a.title, "offer_b_title": d.b.title,
            "score": d.score, "cells": [[tg.pk, t.pk] for tg, t in d.cells],
            "verdict": d.assessment.verdict if d.assessment else None,
            "note": d.assessment.note if d.assessment else ""}


@router.get("/offers/quartiere/{quartier_id}/duplicates", response=list[DuplicateOut],
            summary="Possible duplicate structures of a Quartier with their assessments")
def duplicate_list_api(request, quartier_id: Id, filters: Query[MatrixFilters]):
    user = api_user(request)
    quartier = _visible_quartier(user, quartier_id)
    if not shows_offer_details(user=user):
        raise Http404
    view = offer_matrix(user=user, quartier=quartier, threshold=filters.threshold)
    return [_duplicate_out(d) for d in view.duplicates]


@router.post("/offers/quartiere/{quartier_id}/duplicates", response=DuplicateOut,
             summary="Confirm or dismiss a possible duplicate structure", openapi_extra=late_body(DuplicateAssessIn))
def duplicate_assess_api(request, quartier_id: Id):
    user = api_user(request)
    quartier = _visible_quartier(user, quartier_id)
    if not get_scope(user).can_edit_quartier(quartier.pk):
        raise Http404
    payload = validate_body(request, DuplicateAssessIn)
    pair = duplicate_pair_get(user=user, quartier=quartier, a=payload.offer_a_id, b=payload.offer_b_id,
                              threshold=payload.threshold)
    duplicate_assess(user=user, quartier=quartier, a=pair.a, b=pair.b, score=pair.score, verdict=payload.verdict,
                     note=payload.note)
    pair = duplicate_pair_get(user=user, quartier=quartier, a=pair.a.pk, b=pair.b.pk, threshold=payload.threshold)
    return _duplicate_out(pair)


@router.get("/offers-comparison", response=ComparisonOut, summary="Offers per cell and Quartier")
def comparison_api(request, filters: Query[ComparisonFilters]):
    comparison = offer_comparison(user=api_user(request), quartier_slugs=filters.quartier)
    slugs = {q.pk: q.slug for q in comparison.quartiere}
    return {
        "quartiere": [_quartier(q) for q in comparison.quartiere],
        "target_groups": [_term(t) for t in comparison.rows], "topics": [_term(t) for t in comparison.columns],
        "rows": [{"target_group_id": r, "topic_id": c, "counts": {slugs[q]: n for q, n in per.items()}}
                 for (r, c), per in comparison.counts.items()],
    }


@router.get("/offers/quartiere/{quartier_id}/hsds", response=dict,
            summary="Catalogue of a Quartier as HSDS 3.0 JSON (page of full services)")
def hsds_export_api(request, quartier_id: Id):
    user = api_user(request)
    if not shows_offer_details(user=user):
        raise Http404
    return hsds3(_visible_quartier(user, quartier_id), user=user)
