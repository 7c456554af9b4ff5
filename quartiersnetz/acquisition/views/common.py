"""Helpers shared by the views of the acquisition app."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from quartiersnetz.core.generic import deny_unless

from ..selectors import can_work


def require_work(user) -> None:
    """Lists and records of the acquisition work: not for evaluation (aggregates only) or partners."""
    deny_unless(can_work(user=user))


def crumbs(list_label, list_url_name, obj=None, last=None) -> list[dict]:
    items = [{"label": list_label, "url": reverse(list_url_name)}]
    if obj is not None:
        items.append({"label": str(obj), "url": obj.get_absolute_url() if last else None})
    if last:
        items.append({"label": last, "url": None})
    return items


def case_crumbs(case=None, last=None):
    return crumbs(_("Acquisition"), "acquisition:case_list", case, last)


def company_crumbs(profile=None, last=None):
    return crumbs(_("Companies"), "acquisition:company_list", profile, last)


def network_crumbs(network=None, last=None):
    return crumbs(_("Business networks"), "acquisition:network_list", network, last)
