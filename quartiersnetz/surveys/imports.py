"""Reading paper or external responses for a wave: CSV (German Excel), XLSX or SPSS .sav.

One row per response. Columns are the variables of the wave's codebook: item numbers ("2.1"), matrix
statements ("S17_sozial"), multiple-choice options ("S12_1" with 1/0); in .sav files also the SPSS names of our
own export ("v2_1"). Optional group columns: `quartier` (short name or display name of one of the wave's
Quartiere) and `akteurstyp` (name or short name of a top-level actor type). Empty cells are missing; "weiß
nicht" or −1 is "weiß nicht/keine Angabe". The preview lists every row with its errors; nothing is written
until the import is confirmed, and nothing at all when a row has an error. The confirmation runs as a background
task (`import_services`, `tasks.run_response_import`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _

from quartiersnetz.actors.models import ActorType
from quartiersnetz.core import tabular
from quartiersnetz.core.exceptions import ApplicationError
from quartiersnetz.core.models import ImportBatch, User

from .exports import DONT_KNOW_CODE, variable_table
from .models import Wave
from .selectors import wave_can_manage, wave_spec
from .services import import_row_answers
from .spec import DONT_KNOW

IMPORT_KIND = "survey_responses"
PROGRESS_STEP = 50
SAV_MAGIC = b"$FL2"
GROUP_COLUMNS = {"quartier": ("quartier", "stadtteil", "neighbourhood"),
                 "akteurstyp": ("akteurstyp", "actor_type", "typ")}


@dataclass
class ImportPreview:
    headers: list[str]
    rows: list[dict]
    groups: list[tuple]
    errors: dict[int, list[str]] = field(default_factory=dict)  # row number (header = 1) → messages
    unknown_columns: list[str] = field(default_factory=list)
    answers: list[dict] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _read_sav(content: bytes) -> tuple[list[str], list[list]]:
    import pyreadstat

    handle, path = tempfile.mkstemp(suffix=".sav")
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(content)
        try:
            data, _meta = pyreadstat.read_sav(path, output_format="dict", user_missing=True)
        except Exception as exc:  # noqa: BLE001 - pyreadstat raises its own error types
            raise ApplicationError(_("The SPSS file cannot be read.")) from exc
    finally:
        os.unlink(path)
    headers = list(data)
    length = len(next(iter(data.values()))) if data else 0
    rows = [[data[h][i] for h in headers] for i in range(length)]
    return headers, rows


def _normal(value):
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value == DONT_KNOW_CODE:
            return DONT_KNOW
        return int(value) if value.is_integer() else value
    text = str(value).strip()
    if text in ("-1", "−1"):
        return DONT_KNOW
    return text or None


def response_import_batch_get(*, user: User, wave: Wave, pk: int) -> ImportBatch:
    """The user's own response import for this wave, if the user may manage the wave; anything else is a 404.
    (`wave` comes from `selectors.wave_get`, which applies the Quartier scope.)"""
    if not wave_can_manage(user=user, wave=wave):
        raise Http404
    batch = ImportBatch.objects.filter(pk=pk, kind=IMPORT_KIND, created_by_id=getattr(user, "pk", None),
                                       result__wave=wave.pk).first()
    if batch is None:
        raise Http404
    return batch


def read_upload(*, wave: Wave, content: bytes, filename: str,
                progress: Callable[[int], None] | None = None) -> ImportPreview:
    """Read and check the file against the wave. `progress(responses_checked)` is called every PROGRESS_STEP
    responses and after the last one."""
    spec = wave_spec(wave)
    if content.startswith(SAV_MAGIC) or filename.lower().endswith(".sav"):
        tabular.check_size(len(content))
        headers, raw_rows = _read_sav(content)
        first_row = 2
    else:
        table = tabular.read_table(content, filename)
        headers = [str(h or "").strip() for h in table.headers]
        raw_rows = [list(r.cells) for r in table.rows]
        first_row = table.header_row + 1
    variables = {v["variable"]: v["variable"] for v in variable_table(spec)}
    variables.update({v["spss"]: v["variable"] for v in variable_table(spec)})
    lower_groups = {alias: key for key, aliases in GROUP_COLUMNS.items() for alias in aliases}
    mapping: dict[int, str] = {}
    unknown = []
    for index, header in enumerate(headers):
        if header in variables:
            mapping[index] = variables[header]
        elif header.lower() in lower_groups:
            mapping[index] = "__" + lower_groups[header.lower()]
        elif header and header.lower() not in ("respondent", "quelle", "datum"):
            unknown.append(header)
    if not any(not v.startswith("__") for v in mapping.values()):
        raise ApplicationError(_("No column of the file names a question of this wave (e.g. “{code}”).").format(
            code=spec.items[0].code if spec.items else "1.1"))
    quartiere = {}
    for q in wave.quartiere.all():
        quartiere[q.slug.lower()] = q
        quartiere[q.display_name.lower()] = q
    types = {}
    for t in ActorType.objects.filter(parent__isnull=True):
        types[t.slug.lower()] = t
        types[t.name.lower()] = t
    preview = ImportPreview(headers=headers, rows=[], groups=[], unknown_columns=unknown)
    for offset, cells in enumerate(raw_rows):
        number = first_row + offset
        row = {mapping[i]: _normal(v) for i, v in enumerate(cells) if i in mapping}
        if all(v is None for v in row.values()):
            continue
        errors = []
        quartier = actor_type = None
        if q := row.pop("__quartier", None):
            quartier = quartiere.get(str(q).lower())
            if quartier is None:
                errors.append(_("“{value}” is not a neighbourhood of this wave.").format(value=q))
        if t := row.pop("__akteurstyp", None):
            actor_type = types.get(str(t).lower())
            if actor_type is None:
                errors.append(_("“{value}” is not an actor type.").format(value=t))
        answers, answer_errors = import_row_answers(spec, row)
        errors += answer_errors
        if errors:
            preview.errors[number] = errors
        preview.rows.append(row)
        preview.groups.append((quartier, actor_type))
        preview.answers.append(answers)
        preview.numbers.append(number)
        if progress is not None and len(preview.rows) % PROGRESS_STEP == 0:
            progress(len(preview.rows))
    if progress is not None and len(preview.rows) % PROGRESS_STEP:
        progress(len(preview.rows))
    if not preview.rows:
        raise ApplicationError(_("The file contains no responses."))
    return preview
