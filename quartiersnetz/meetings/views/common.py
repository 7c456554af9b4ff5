"""Helpers shared by the views of the meetings app."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.generic import deny_unless


def deny_aggregates_only(user) -> None:
    """Evaluation users work with aggregates: the network records themselves do not exist for them."""
    deny_unless(not get_scope(user).aggregates_only)


def crumbs(list_label, list_url_name, obj=None, obj_label=None, last=None) -> list[dict]:
    items = [{"label": list_label, "url": reverse(list_url_name)}]
    if obj is not None:
        items.append({"label": obj_label or str(obj), "url": obj.get_absolute_url() if last else None})
    if last:
        items.append({"label": last, "url": None})
    return items


def body_crumbs(body=None, last=None):
    return crumbs(_("Bodies"), "meetings:body_list", body, None, last)


def meeting_crumbs(meeting=None, last=None):
    label = None
    if meeting is not None:
        from django.utils import timezone

        label = f"{meeting.display_title}, {timezone.localtime(meeting.starts_at):%d.%m.%Y}"
    return crumbs(_("Meetings"), "meetings:meeting_list", meeting, label, last)


def task_crumbs(task=None, last=None):
    return crumbs(_("Tasks"), "meetings:task_list", task, None, last)


def agreement_crumbs(agreement=None, last=None):
    return crumbs(_("Agreements"), "meetings:agreement_list", agreement, None, last)


def worklog_crumbs(last=None):
    return crumbs(_("Work log"), "meetings:worklog_list", None, None, last)
