"""`quartiersnetz survey-stats --responses FILE.csv --items ITEM[,ITEM...] [--reverse ITEM[,ITEM...]]
--scale MIN-MAX [--group-by COLUMN] [--wave-column COLUMN] [--min-cell K] [--format json|csv]`

Item statistics for survey responses from other tools (LimeSurvey, Excel, SPSS as CSV). FILE has a header row,
`,` or `;` separated, UTF-8 (with or without BOM) or Windows-1252. Empty cells are missing; reverse coding maps v
to MIN + MAX − v. Per item × group × wave: n, mean, sample SD, median, counts per scale point; with --group-by
the total of each item and wave (group null) comes first. Cells with n < K (default 5) are suppressed (statistics
null), with complementary suppression between the groups (`analytics.survey_stats`). Aggregation runs in Polars.

Output on stdout
- json (default): {"cells": [{"item", "group", "wave", "n", "mean", "sd", "median", "counts", "suppressed"}, ...]}
- csv: one row per cell, columns item,group,wave,n,mean,sd,median,suppressed and count_MIN … count_MAX
  (comma-separated, decimal point: for data tools).

A value that is not a number or not a point of the scale stops the run with a German message naming row (header
= line 1) and column on stderr and exit code 2; nothing is written to stdout.
"""

from __future__ import annotations

import csv
import io
import json

from django.core.management.base import BaseCommand, CommandError

from quartiersnetz.analytics.survey_stats import (
    MESSAGES,
    SurveyDataError,
    aggregate_frame,
    parse_scale,
    read_responses_csv,
)


def _list(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class Command(BaseCommand):
    help = "Item statistics (n, mean, SD, median, counts) per group and wave for a CSV of survey responses."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--responses", required=True, metavar="FILE.csv")
        parser.add_argument("--items", required=True, metavar="ITEM[,ITEM...]")
        parser.add_argument("--reverse", default="", metavar="ITEM[,ITEM...]")
        parser.add_argument("--scale", required=True, metavar="MIN-MAX")
        parser.add_argument("--group-by", dest="group_by", default=None, metavar="COLUMN")
        parser.add_argument("--wave-column", dest="wave_column", default=None, metavar="COLUMN")
        parser.add_argument("--min-cell", dest="min_cell", type=int, default=5, metavar="K")
        parser.add_argument("--format", choices=("json", "csv"), default="json")

    def handle(self, *args, responses, items, reverse, scale, group_by, wave_column, min_cell, format, **options):
        try:
            cells = self._compute(responses, _list(items), _list(reverse), scale, group_by, wave_column, min_cell)
        except SurveyDataError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        if format == "csv":
            lo, hi = parse_scale(scale)
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["item", "group", "wave", "n", "mean", "sd", "median", "suppressed",
                             *(f"count_{p}" for p in range(lo, hi + 1))])
            for c in cells:
                counts = [c.counts.get(p) for p in range(lo, hi + 1)] if c.counts else [""] * (hi - lo + 1)
                writer.writerow([c.item, c.group or "", c.wave or "", c.n, _num(c.mean), _num(c.sd), _num(c.median),
                                 "true" if c.suppressed else "false", *counts])
            self.stdout.write(out.getvalue(), ending="")
            return
        self.stdout.write(json.dumps({"cells": [c.as_json() for c in cells]}, ensure_ascii=False))

    def _compute(self, path, items, reverse, scale_text, group_by, wave_column, min_cell):
        scale = parse_scale(scale_text)
        if not items:
            raise SurveyDataError(MESSAGES["no_items"])
        for item in reverse:
            if item not in items:
                raise SurveyDataError(MESSAGES["reverse_not_item"].format(item=item))
        if min_cell < 1:
            raise SurveyDataError(MESSAGES["bad_min_cell"])
        try:
            with open(path, "rb") as handle:
                content = handle.read()
        except FileNotFoundError as exc:
            raise SurveyDataError(MESSAGES["not_found"].format(path=path)) from exc
        except OSError as exc:
            raise SurveyDataError(MESSAGES["unreadable"].format(path=path, reason=exc.strerror or exc)) from exc
        frame = read_responses_csv(content, items=items, scale=scale, group_by=group_by, wave_column=wave_column)
        return aggregate_frame(frame, items=items, scale=scale, reverse=reverse,
                               group_col=f"__{group_by}" if group_by else None,
                               wave_col=f"__{wave_column}" if wave_column else None, min_cell=min_cell)


def _num(value):
    return "" if value is None else repr(float(value))
