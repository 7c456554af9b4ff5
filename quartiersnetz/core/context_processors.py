"""Main navigation, built from the user's roles so that every page is reachable from it."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

import quartiersnetz
from quartiersnetz.core.access import get_scope
from quartiersnetz.core.choices import Role

# Groups of (url name, label, predicate on scope). The top bar shows the groups; the active group's pages form a
# second row. Apps add their entries here as they land.
NAV = [
    (_("Home"), [("core:home", _("Home"), lambda s: True)]),
    (_("Neighbourhoods"), [("core:quartier_list", _("Neighbourhoods"), lambda s: True)]),
    (_("Actors"), [
        ("actors:organisation_list", _("Organisations"), lambda s: True),
        ("actors:contact_list", _("Contact persons"), lambda s: not s.aggregates_only),
        ("acquisition:case_list", _("Acquisition"),
         lambda s: not s.aggregates_only and (s.is_admin or bool(s.quartier_ids))),
        ("acquisition:funnel", _("Acquisition funnel"), lambda s: s.aggregates_only),
    ]),
    (_("Network work"), [
        ("meetings:body_list", _("Bodies"), lambda s: not s.aggregates_only),
        ("meetings:meeting_list", _("Meetings"), lambda s: not s.aggregates_only),
        ("meetings:task_list", _("Tasks"), lambda s: not s.aggregates_only),
        ("meetings:agreement_list", _("Agreements"), lambda s: not s.aggregates_only),
        ("meetings:worklog_list", _("Work log"), lambda s: not s.aggregates_only),
        ("meetings:worklog_summary", _("Work log summary"), lambda s: s.aggregates_only),
    ]),
    (_("Offers"), [
        ("offers:offer_list", _("Offers"), lambda s: not s.aggregates_only),
        ("offers:analysis_index", _("Offer analysis"), lambda s: s.is_admin or bool(s.quartier_ids)),
    ]),
    (_("Case work"), [
        ("casework:index", _("Case work"),
         lambda s: s.is_admin or bool(s.quartier_ids) or bool(s.partner_org_ids)),
    ]),
    (_("Surveys"), [("surveys:index", _("Surveys"), lambda s: s.is_admin or bool(s.quartier_ids))]),
    (_("Network analysis"), [("network:index", _("Network analysis"), lambda s: s.is_admin or bool(s.quartier_ids))]),
    (_("Steering"), [("steering:overview", _("Steering"), lambda s: s.is_admin or bool(s.quartier_ids))]),
    (_("Administration"), [
        ("core:audit_list", _("Audit log"), lambda s: s.is_admin),
        ("core:token_list", _("API access"), lambda s: True),
    ]),
]


def _is_active(path: str, url: str) -> bool:
    return path == url if url == "/" else path.startswith(url)


def navigation(request):
    context = {"qn_version": quartiersnetz.__version__}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    scope = get_scope(user)
    path = request.path
    groups = []
    for group_label, entries in NAV:
        items = []
        for name, label, allowed in entries:
            if not allowed(scope):
                continue
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            items.append({"url": url, "label": label, "active": _is_active(path, url)})
        if items:
            active = any(item["active"] for item in items)
            groups.append({"label": group_label, "url": items[0]["url"], "active": active, "items": items})
    context["nav_groups"] = groups
    context["nav_items"] = [item for group in groups for item in group["items"]]
    context["nav_sub_items"] = next((g["items"] for g in groups if g["active"] and len(g["items"]) > 1), [])
    labels = dict(Role.choices)
    context["nav_role_labels"] = ", ".join(
        str(labels[r]) for r in sorted(scope.roles)) or (str(labels[Role.ADMIN]) if scope.is_admin else "")
    return context
