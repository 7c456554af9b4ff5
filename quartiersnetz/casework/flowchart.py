"""A small server-side SVG of the referral status flow (an alluvial/funnel approximation of a Sankey diagram;
Vega-Lite has no Sankey). Only published (suppressed) numbers are drawn; the page shows the same numbers as a
table, so the chart carries no information of its own (and none by colour alone: every band is labelled)."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .chains import STAGES

WIDTH, HEIGHT = 900, 340
BAR_W = 110
TOP, BAR_MAX = 40, 180
COLOURS = {"bar": "#0b3d91", "band": "#9db7e0", "rejected": "#8a1c1c", "cancelled": "#5b5b5b", "open": "#b26b00"}


def stage_labels() -> dict[str, str]:
    return {"proposed": _("proposed"), "transmitted": _("transmitted"), "accepted": _("accepted"),
            "first_contact": _("first contact made"), "completed": _("completed")}


def end_labels() -> dict[str, str]:
    return {"rejected": _("rejected"), "cancelled": _("broken off"), "open": _("still open")}


def _n(value) -> str:
    return "–" if value is None else number_format(value, force_grouping=True)


def flow_svg(flow: dict[str, dict[str, int | None]]) -> str:
    """`flow`: stage → {"reached", "rejected", "cancelled", "open"} (suppressed values are None)."""
    counts = {s: flow[s]["reached"] or 0 for s in STAGES}
    top = max(counts.values()) or 1
    gap = (WIDTH - 40 - BAR_W * len(STAGES)) / (len(STAGES) - 1)
    labels, ends = stage_labels(), end_labels()
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="qn-flow-title" class="qn-flow">',
        f'<title id="qn-flow-title">{escape(_("Status flow of the referrals; the numbers are in the table below."))}'
        "</title>",
    ]
    xs = [20 + i * (BAR_W + gap) for i in range(len(STAGES))]
    heights = {s: BAR_MAX * counts[s] / top for s in STAGES}
    for i, stage in enumerate(STAGES):
        x, h = xs[i], heights[stage]
        if i + 1 < len(STAGES):
            nxt = STAGES[i + 1]
            h2 = heights[nxt]
            x1, x2 = x + BAR_W, xs[i + 1]
            parts.append(
                f'<path d="M{x1:.1f},{TOP} C{(x1 + x2) / 2:.1f},{TOP} {(x1 + x2) / 2:.1f},{TOP} {x2:.1f},{TOP} '
                f'L{x2:.1f},{TOP + h2:.1f} C{(x1 + x2) / 2:.1f},{TOP + h2:.1f} {(x1 + x2) / 2:.1f},'
                f'{TOP + h2:.1f} {x1:.1f},{TOP + h2:.1f} Z" fill="{COLOURS["band"]}" opacity="0.7"/>'
            )
        parts.append(f'<rect x="{x:.1f}" y="{TOP}" width="{BAR_W}" height="{max(h, 1):.1f}" '
                     f'fill="{COLOURS["bar"]}"/>')
        parts.append(f'<text x="{x + BAR_W / 2:.1f}" y="{TOP - 22}" text-anchor="middle" font-size="13" '
                     f'font-weight="600" fill="#1a1a1a">{escape(labels[stage])}</text>')
        parts.append(f'<text x="{x + BAR_W / 2:.1f}" y="{TOP - 6}" text-anchor="middle" font-size="13" '
                     f'fill="#1a1a1a">{escape(_n(flow[stage]["reached"]))}</text>')
        y = TOP + BAR_MAX + 24
        for key in ("rejected", "cancelled", "open"):
            value = flow[stage].get(key)
            if not value:
                continue
            parts.append(f'<rect x="{x:.1f}" y="{y - 11}" width="10" height="10" fill="{COLOURS[key]}"/>')
            parts.append(f'<text x="{x + 14:.1f}" y="{y - 2}" font-size="12" fill="#1a1a1a">'
                         f'{escape(ends[key])}: {escape(_n(value))}</text>')
            y += 18
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
