from decimal import Decimal

from django import template

from quartiersnetz.core.templatetags.qn import de_number

register = template.Library()


@register.filter
def input_value(value) -> str:
    """An input of a calculation: numbers the German way, everything else as text (lists joined)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return de_number(value)
    if isinstance(value, list | tuple):
        return ", ".join(input_value(v) for v in value)
    return "–" if value in (None, "") else str(value)
