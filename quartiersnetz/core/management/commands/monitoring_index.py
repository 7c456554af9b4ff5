"""`quartiersnetz monitoring-index`: status and dynamics index of small areas from a statistical office's CSV table.

    quartiersnetz monitoring-index --areas sozialraeume.csv --id-column Gebiet --status ALQ,SGB2 \
        [--dynamics ALQ_Veraenderung,SGB2_Veraenderung] [--format json|csv]

Each named column is one indicator, already oriented so that a higher value means more disadvantage; every indicator
has weight 1. Areas with a missing value in a used column are left out of the standardisation and listed under
"excluded". The computation is `quartiersnetz.analytics.monitoring`, the file reading
`quartiersnetz.analytics.areas_csv`; see docs/computations/monitoring-index.md.

Output: JSON `{"areas": [...], "excluded": [...]}` or CSV for German Excel (UTF-8 with BOM, `;`, decimal comma,
the JSON keys as header plus `excluded`, the excluded areas as rows with empty values at the end).
Exit codes: 0 computed; 1 the index cannot be computed from these values (e.g. an indicator is constant);
2 the file cannot be read, a column is unknown or an option is wrong. Errors are German, with the line of the file.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from quartiersnetz.analytics.areas_csv import AreasFileError, parse_column_list, read_areas_file
from quartiersnetz.analytics.monitoring import Indicator, MonitoringError, monitoring_index
from quartiersnetz.core.tabular import write_csv

CSV_HEADERS = (
    "id",
    "status_sum",
    "status_index",
    "status_class",
    "dynamics_sum",
    "dynamics_index",
    "dynamics_class",
    "excluded",
)


class Command(BaseCommand):
    help = (
        "Compute the status and dynamics index of small areas (z-standardised indicators, summed and standardised "
        "again) from a CSV table and print it as JSON or CSV."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--areas", required=True, metavar="FILE.csv", help="CSV table, one row per area.")
        parser.add_argument("--id-column", required=True, metavar="COLUMN", help="Column with the area id.")
        parser.add_argument(
            "--status",
            required=True,
            metavar="COLUMN[,COLUMN...]",
            help="Indicator columns of the status index (higher value = more disadvantage).",
        )
        parser.add_argument(
            "--dynamics",
            default=None,
            metavar="COLUMN[,COLUMN...]",
            help="Change columns of the dynamics index (higher value = worsening).",
        )
        parser.add_argument("--format", dest="output_format", choices=("json", "csv"), default="json")

    def handle(
        self, *args, areas: str, id_column: str, status: str, dynamics: str | None, output_format: str, **options
    ):
        try:
            status_columns = parse_column_list(status, "--status")
            dynamics_columns = parse_column_list(dynamics, "--dynamics") if dynamics is not None else ()
            value_columns = list(dict.fromkeys(status_columns + dynamics_columns))
            table = read_areas_file(areas, id_column=id_column, value_columns=value_columns)
        except AreasFileError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        try:
            result = monitoring_index(
                table.values,
                status=[Indicator(name) for name in status_columns],
                dynamics=[Indicator(name) for name in dynamics_columns],
            )
        except MonitoringError as exc:
            raise CommandError(exc.message, returncode=1) from exc

        if output_format == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        rows = [[*area.as_dict().values(), False] for area in result.areas]
        rows += [[excluded.id, None, None, None, None, None, None, True] for excluded in result.excluded]
        self.stdout.write(write_csv(rows, CSV_HEADERS).decode("utf-8"), ending="")
