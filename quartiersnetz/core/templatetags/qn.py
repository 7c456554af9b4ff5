"""Template helpers: query-string handling for filters/pagination/sorting and German number formats."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (None or '' removes them)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def sort_link(context, field: str) -> str:
    """Query string that sorts by `field`, toggling the direction when it is already the sort key."""
    query = context["request"].GET.copy()
    current = query.get("sort", "")
    query["sort"] = f"-{field}" if current == field else field
    query.pop("page", None)
    return query.urlencode()


@register.simple_tag(takes_context=True)
def sort_state(context, field: str) -> str:
    """aria-sort value for a column header."""
    current = context["request"].GET.get("sort", "")
    if current == field:
        return "ascending"
    if current == f"-{field}":
        return "descending"
    return "none"


@register.filter
def de_number(value, decimals: int | None = None) -> str:
    """German number format: 1.234,5. None becomes an en dash."""
    if value in (None, ""):
        return "–"
    if decimals is not None:
        value = round(Decimal(str(value)), int(decimals))
    return number_format(value, decimal_pos=int(decimals) if decimals is not None else None, force_grouping=True)
