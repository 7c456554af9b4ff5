"""The public directory of offers (Wegweiser) of a Quartier: no login. It lists only current offers whose
contact person has an active publication consent, is searchable, and is printable as a one-page PDF flyer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .filtersets import PublicFilterForm
from .hours import format_hours
from .selectors import public_offer_list, public_quartier_get, public_quartier_list

FLYER_MIN_OFFERS = 1


def _filters(request) -> tuple[PublicFilterForm, dict]:
    form = PublicFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    return form, filters


def _entries(offers) -> list[dict]:
    return [{"offer": o, "hours": format_hours(o.opening_hours).splitlines(), "locations": list(o.locations.all()),
             "contact": o.contact} for o in offers]


@require_GET
def public_index(request: HttpRequest):
    return render(request, "offers/public_index.html", {
        "title": _("Directory of offers"), "quartiere": list(public_quartier_list()),
    })


@require_GET
def public_directory(request: HttpRequest, slug: str):
    quartier = public_quartier_get(slug=slug)
    form, filters = _filters(request)
    offers = public_offer_list(quartier=quartier, filters=filters)
    query = request.GET.urlencode()
    return render(request, "offers/public_directory.html", {
        "title": _("Offers in {name}").format(name=quartier.display_name), "quartier": quartier, "form": form,
        "entries": _entries(offers), "is_filtered": bool(filters),
        "flyer_url": reverse("offers_public:flyer", kwargs={"slug": quartier.slug}) + (f"?{query}" if query else ""),
    })


FLYER_FIRST_RENDER = 60  # more offers than this never fit on one page


def _offers_on_first_page(document) -> int | None:
    """How many offer entries the layout put on the first page (None if WeasyPrint's boxes cannot be read)."""
    try:
        elements = {id(box.element) for box in document.pages[0]._page_box.descendants()
                    if getattr(box, "element", None) is not None and box.element.get("class") == "qn-flyer-offer"}
    except AttributeError:
        return None
    return len(elements)


def render_flyer(*, quartier, offers, base_url: str, directory_url: str) -> tuple[bytes, int, int]:
    """The flyer as PDF on ONE page: if the offers do not fit, the last ones are left out and the flyer points to
    the online directory. Returns (pdf, offers shown, pages of the document).

    The first layout shows how many entries fit on page 1; then the flyer is laid out again with that many (and
    one fewer, if the note on the left-out offers needs the room)."""
    from weasyprint import HTML

    def render(shown: int):
        html = render_to_string("offers/flyer.html", {
            "quartier": quartier, "entries": _entries(offers[:shown]), "left_out": len(offers) - shown,
            "directory_url": directory_url, "today": timezone.localdate(),
        })
        return HTML(string=html, base_url=base_url).render()

    shown = min(len(offers), FLYER_FIRST_RENDER)
    document = render(shown)
    if len(document.pages) == 1 and shown < len(offers):
        shown = len(offers)
        document = render(shown)
    while len(document.pages) > 1 and shown > FLYER_MIN_OFFERS:
        fitted = _offers_on_first_page(document)
        shown = max(FLYER_MIN_OFFERS, min(shown - 1, fitted if fitted else shown - 1))
        document = render(shown)
    return document.write_pdf(), shown, len(document.pages)


@require_GET
def public_flyer(request: HttpRequest, slug: str):
    quartier = public_quartier_get(slug=slug)
    _form, filters = _filters(request)
    offers = public_offer_list(quartier=quartier, filters=filters)
    directory_url = request.build_absolute_uri(reverse("offers_public:directory", kwargs={"slug": quartier.slug}))
    pdf, _shown, _pages = render_flyer(quartier=quartier, offers=offers, base_url=request.build_absolute_uri("/"),
                                       directory_url=directory_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="angebote-{quartier.slug}.pdf"'
    return response
