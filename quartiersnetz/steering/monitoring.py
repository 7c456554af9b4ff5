"""Small-area monitoring on stored data: builds the input of `analytics.monitoring` from the social areas of one
programme and returns the result together with a GeoJSON FeatureCollection for the choropleth map. Reads only."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from quartiersnetz.analytics import monitoring as index
from quartiersnetz.core.exceptions import ApplicationError

from .selectors import monitoring_data


@dataclass(frozen=True)
class Choice:
    indicator_id: int
    weight: float = 1.0


@dataclass
class MonitoringOutput:
    result: index.MonitoringResult
    areas: dict  # code → SocialArea
    names: dict  # analytics column name → AreaIndicator
    year: int
    start_year: int | None
    end_year: int | None
    geojson: dict = field(default_factory=dict)
    years: list = field(default_factory=list)


def available_years(values: dict) -> list[int]:
    return sorted({year for (_a, _i, year) in values})


def compute(
    *, user, programme_id: int, status: list[Choice], dynamics: list[Choice] | None = None, year: int,
    start_year: int | None = None, end_year: int | None = None, thresholds: index.Thresholds | None = None,
    city: str | None = None,
) -> MonitoringOutput:
    """Status index for `year`; dynamics index on the change `end_year − start_year` when dynamics are chosen."""
    areas, indicators, values = monitoring_data(user=user, programme_id=programme_id, city=city)
    by_id = {i.pk: i for i in indicators}
    dynamics = dynamics or []
    for choice in [*status, *dynamics]:
        if choice.indicator_id not in by_id:
            raise ApplicationError(_("Unknown indicator."), status=404)
    if dynamics and (start_year is None or end_year is None or start_year >= end_year):
        message = _("For the dynamics index choose a start year before the end year.")
        raise ApplicationError(message, extra={"start_year": [message]})

    used = {c.indicator_id for c in [*status, *dynamics]}

    def level(year_):
        return {a.code: {by_id[i].name: _float(values.get((a.pk, i, year_))) for i in used} for a in areas}

    status_level = level(year)
    rows = {a.code: {by_id[c.indicator_id].name: status_level[a.code][by_id[c.indicator_id].name] for c in status}
            for a in areas}
    dyn_names = {}
    if dynamics:
        change = index.period_change(level(start_year), level(end_year))
        for c in dynamics:
            name = f"{by_id[c.indicator_id].name} Δ"
            dyn_names[name] = by_id[c.indicator_id]
            for code in rows:
                rows[code][name] = change.get(code, {}).get(by_id[c.indicator_id].name)
    status_ind = [index.Indicator(by_id[c.indicator_id].name, by_id[c.indicator_id].higher_is_worse, c.weight)
                  for c in status]
    dyn_ind = [index.Indicator(f"{by_id[c.indicator_id].name} Δ", by_id[c.indicator_id].higher_is_worse, c.weight)
               for c in dynamics]
    try:
        result = index.monitoring_index(rows, status=status_ind, dynamics=dyn_ind,
                                        thresholds=thresholds or index.DEFAULT_THRESHOLDS)
    except index.MonitoringError as exc:
        raise ApplicationError(exc.message) from exc
    names = {i.name: i for i in indicators} | dyn_names
    out = MonitoringOutput(result=result, areas={a.code: a for a in areas}, names=names, year=year,
                           start_year=start_year if dynamics else None, end_year=end_year if dynamics else None,
                           years=available_years(values))
    out.geojson = geojson(out)
    return out


def _float(value):
    return None if value is None else float(value)


def geojson(out: MonitoringOutput) -> dict:
    features = []
    by_code = {r.id: r for r in out.result.areas}
    for code, area in out.areas.items():
        if not area.boundary:
            continue
        geometry = area.boundary.get("geometry") if area.boundary.get("type") == "Feature" else area.boundary
        r = by_code.get(code)
        features.append({
            "type": "Feature",
            "geometry": geometry,
            "properties": {
                "code": code, "name": area.name,
                "status_class": r.status_class if r else None,
                "dynamics_class": r.dynamics_class if r else None,
                "combined": r.combined_class if r else None,
                "label": (r.combined_code or index.STATUS_CODES[r.status_class]) if r else "–",
                "status_index": round(r.status_index, 2) if r else None,
                "dynamics_index": round(r.dynamics_index, 2) if r and r.dynamics_index is not None else None,
            },
        })
    return {"type": "FeatureCollection", "features": features}


def result_rows(out: MonitoringOutput) -> list[list]:
    """Rows of the table and of the export: code, name, status sum/index/class, dynamics sum/index/class, combined."""
    rows = []
    for r in out.result.areas:
        area = out.areas[r.id]
        rows.append([
            r.id, area.name, round(r.status_sum, 4), round(r.status_index, 4), r.status_class,
            None if r.dynamics_sum is None else round(r.dynamics_sum, 4),
            None if r.dynamics_index is None else round(r.dynamics_index, 4),
            r.dynamics_class or "", r.combined_class or "",
        ])
    return rows


def result_headers() -> list[str]:
    return [_("Code"), _("Social area"), _("Status sum"), _("Status index"), _("Status class"), _("Dynamics sum"),
            _("Dynamics index"), _("Dynamics class"), _("Combined class")]
