"""The public token pages: no login, only the invitation of the token in the URL (any other token: 404).

One block per page ("Seite"); "Zwischenspeichern" saves and stays, "Weiter"/"Zurück" save and move, the last
page submits. After the submission the link shows a thank-you note and cannot be used again. Conditions: a
question whose condition is not met by the answers saved so far is not shown (and its answer is dropped).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from quartiersnetz.core.exceptions import ApplicationError

from .choices import InvitationStatus
from .forms import AnswerForm
from .selectors import invitation_by_token, network_item_organisations, wave_spec
from .services import response_save, visible_items, wave_is_open
from .spec import BlockSpec


@never_cache
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str):
    invitation = invitation_by_token(token=token)
    wave = invitation.wave
    context = {"wave": wave, "invitation": invitation, "title": wave.title}
    if invitation.status == InvitationStatus.SUBMITTED:
        return render(request, "surveys/public/done.html", context)
    if not wave_is_open(wave):
        return render(request, "surveys/public/closed.html", context)
    spec = wave_spec(wave)
    answers = dict(invitation.draft)
    shown = {i.code for i in visible_items(spec, answers)}
    pages = [BlockSpec(b.code, b.title, b.intro, tuple(i for i in b.items if i.code in shown or
                                                       _same_block_condition(i, b)))
             for b in spec.blocks]
    pages = [p for p in pages if p.items]
    try:
        page = min(max(int(request.GET.get("seite", "1")), 1), len(pages))
    except ValueError:
        page = 1
    block = pages[page - 1]
    organisations = network_item_organisations(invitation=invitation) if any(
        i.type == "network" for i in block.items) else []
    form = AnswerForm(request.POST or None, block=block, initial_answers=answers, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "save")
        submit = action == "submit" and page == len(pages)
        try:
            response_save(invitation=invitation, answers=form.answers(), submit=submit)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if submit:
                return redirect(reverse("surveys_public:respond", kwargs={"token": token}))
            target = page + 1 if action == "next" else page - 1 if action == "back" else page
            target = min(max(target, 1), len(pages))
            url = reverse("surveys_public:respond", kwargs={"token": token}) + f"?seite={target}"
            if action == "save":
                url += "&gespeichert=1"
            return redirect(url)
    context.update({
        "form": form, "page_block": block, "page": page, "pages": len(pages), "items": list(form.rendered_items()),
        "saved": request.GET.get("gespeichert") == "1", "is_last": page == len(pages),
        "page_title": _("Page {page} of {pages}").format(page=page, pages=len(pages)),
    })
    return render(request, "surveys/public/respond.html", context)


def _same_block_condition(item, block) -> bool:
    """Items conditioned on a question of the same page are rendered (hidden by script until it applies)."""
    return item.condition is not None and any(i.code == item.condition.item for i in block.items)
