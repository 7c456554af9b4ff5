"""The structure of an instrument as plain data: the frozen JSON snapshot of a version and its dataclasses.

Everything that answers or evaluates a wave (token pages, analysis, exports, codebook, imports) works on the
wave's `WaveSpec`, never on the live `Item` rows, so later edits of an instrument do not change a fielded wave.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .choices import SCALE_TYPES, ConditionOperator, ItemType

DONT_KNOW = "dk"  # stored answer for "weiß nicht/keine Angabe"; missing in every evaluation
DONT_KNOW_LABEL = "weiß nicht/keine Angabe"


@dataclass(frozen=True)
class Condition:
    item: str
    operator: str
    value: str

    def holds(self, answers: dict) -> bool:
        answer = answers.get(self.item)
        if self.operator == ConditionOperator.ANSWERED:
            return answer not in (None, "", [], {}, DONT_KNOW)
        if answer in (None, "", DONT_KNOW):
            return False
        if self.operator == ConditionOperator.CONTAINS:
            return isinstance(answer, list) and self.value in [str(v) for v in answer]
        if self.operator in (ConditionOperator.EQUALS, ConditionOperator.NOT_EQUALS):
            equal = str(answer) == self.value
            return equal if self.operator == ConditionOperator.EQUALS else not equal
        try:
            number, limit = float(answer), float(self.value)
        except (TypeError, ValueError):
            return False
        return number <= limit if self.operator == ConditionOperator.AT_MOST else number >= limit


@dataclass(frozen=True)
class ItemSpec:
    code: str
    text: str
    type: str
    short_label: str = ""
    reversed_label: str = ""
    scale_min: int | None = None
    scale_max: int | None = None
    scale_labels: tuple[str, ...] = ()
    reverse_coded: bool = False
    dont_know: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    rows: tuple[tuple[str, str], ...] = ()  # (code, text) of a matrix
    min_value: float | None = None
    max_value: float | None = None
    required: bool = False
    condition: Condition | None = None
    wording_published: bool = True
    note: str = ""
    block: str = ""

    @property
    def is_scale(self) -> bool:
        return self.type in SCALE_TYPES

    @property
    def scale(self) -> tuple[int, int] | None:
        if self.scale_min is None or self.scale_max is None:
            return None
        return self.scale_min, self.scale_max

    @property
    def points(self) -> list[tuple[int, str]]:
        """(value, label) per scale point; unlabeled points show the number."""
        if self.scale is None:
            return []
        labels = list(self.scale_labels)
        out = []
        for index, value in enumerate(range(self.scale_min, self.scale_max + 1)):
            label = labels[index] if index < len(labels) else ""
            out.append((value, f"{value} – {label}" if label else str(value)))
        return out

    @property
    def label(self) -> str:
        return self.short_label or self.text

    @property
    def chart_label(self) -> str:
        """Label in charts: the mirrored statement of a reverse-coded item (seed 000 acceptance example 7)."""
        if self.reverse_coded:
            return self.reversed_label or f"{self.label} (umgepolt)"
        return self.label

    def variables(self) -> list[tuple[str, str]]:
        """(variable code, label) of the flat data: one per item; a matrix has one per statement, a multiple
        choice one 0/1 variable per option. Network items are not part of the flat data."""
        if self.type == ItemType.MATRIX:
            return [(f"{self.code}_{code}", f"{self.code} {text}") for code, text in self.rows]
        if self.type == ItemType.MULTIPLE:
            return [(f"{self.code}_{value}", f"{self.code} {label}") for value, label in self.choices]
        if self.type == ItemType.NETWORK:
            return []
        return [(self.code, f"{self.code} {self.label}")]

    def to_json(self) -> dict:
        data = {
            "code": self.code, "text": self.text, "type": self.type, "short_label": self.short_label,
            "reversed_label": self.reversed_label, "scale_min": self.scale_min, "scale_max": self.scale_max,
            "scale_labels": list(self.scale_labels), "reverse_coded": self.reverse_coded, "dont_know": self.dont_know,
            "choices": [{"value": v, "label": lbl} for v, lbl in self.choices],
            "rows": [{"code": c, "text": t} for c, t in self.rows], "min_value": self.min_value,
            "max_value": self.max_value, "required": self.required, "wording_published": self.wording_published,
            "note": self.note,
            "condition": None if self.condition is None else {
                "item": self.condition.item, "operator": self.condition.operator, "value": self.condition.value},
        }
        return data

    @classmethod
    def from_json(cls, data: dict, block: str = "") -> ItemSpec:
        condition = data.get("condition")
        return cls(
            code=data["code"], text=data["text"], type=data["type"], short_label=data.get("short_label", ""),
            reversed_label=data.get("reversed_label", ""), scale_min=data.get("scale_min"),
            scale_max=data.get("scale_max"), scale_labels=tuple(data.get("scale_labels") or ()),
            reverse_coded=bool(data.get("reverse_coded")), dont_know=bool(data.get("dont_know")),
            choices=tuple((str(c["value"]), c["label"]) for c in data.get("choices") or ()),
            rows=tuple((str(r["code"]), r["text"]) for r in data.get("rows") or ()),
            min_value=data.get("min_value"), max_value=data.get("max_value"), required=bool(data.get("required")),
            condition=Condition(condition["item"], condition["operator"], str(condition.get("value", "")))
            if condition else None,
            wording_published=data.get("wording_published", True), note=data.get("note", ""), block=block,
        )


@dataclass(frozen=True)
class BlockSpec:
    code: str
    title: str
    intro: str = ""
    items: tuple[ItemSpec, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class WaveSpec:
    title: str
    blocks: tuple[BlockSpec, ...]

    @property
    def items(self) -> list[ItemSpec]:
        return [item for block in self.blocks for item in block.items]

    def item(self, code: str) -> ItemSpec | None:
        return next((i for i in self.items if i.code == code), None)

    @property
    def scale_items(self) -> list[ItemSpec]:
        return [i for i in self.items if i.is_scale]

    @property
    def network_items(self) -> list[ItemSpec]:
        return [i for i in self.items if i.type == ItemType.NETWORK]


def spec_from_snapshot(snapshot: dict, block_codes=None) -> WaveSpec:
    wanted = set(block_codes or [])
    blocks = []
    for block in snapshot.get("blocks", []):
        if wanted and block["code"] not in wanted:
            continue
        items = tuple(ItemSpec.from_json(item, block=block["code"]) for item in block.get("items", []))
        blocks.append(BlockSpec(block["code"], block["title"], block.get("intro", ""), items))
    return WaveSpec(title=snapshot.get("title", ""), blocks=tuple(blocks))


def snapshot_of(instrument) -> dict:
    """The JSON snapshot of a live instrument (its blocks and items in order)."""
    blocks = []
    for block in instrument.blocks.order_by("order", "pk").prefetch_related("items"):
        items = []
        for item in sorted(block.items.all(), key=lambda i: (i.order, i.pk)):
            condition = None
            if item.condition_item and item.condition_operator:
                condition = {"item": item.condition_item, "operator": item.condition_operator,
                             "value": item.condition_value}
            items.append(ItemSpec(
                code=item.code, text=item.text, type=item.item_type, short_label=item.short_label,
                reversed_label=item.reversed_label, scale_min=item.scale_min, scale_max=item.scale_max,
                scale_labels=tuple(item.scale_labels or ()), reverse_coded=item.reverse_coded,
                dont_know=item.dont_know,
                choices=tuple((str(c["value"]), c["label"]) for c in item.choices or ()),
                rows=tuple((str(r["code"]), r["text"]) for r in item.rows or ()),
                min_value=item.min_value, max_value=item.max_value, required=item.required,
                condition=Condition(**condition) if condition else None,
                wording_published=item.wording_published, note=item.note,
            ).to_json())
        blocks.append({"code": block.code, "title": block.title, "intro": block.intro, "items": items})
    return {"title": instrument.title, "slug": instrument.slug, "source": instrument.source, "blocks": blocks}


def numeric_answer(item: ItemSpec, value) -> float | None:
    """The value of a scale/number answer for statistics; "weiß nicht" and empty answers are missing."""
    if value in (None, "", DONT_KNOW) or isinstance(value, list | dict):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def flat_values(item: ItemSpec, answer) -> dict[str, float | str | None]:
    """The flat variables of one answer (see ItemSpec.variables)."""
    if item.type == ItemType.MATRIX:
        answer = answer if isinstance(answer, dict) else {}
        return {f"{item.code}_{code}": numeric_answer(item, answer.get(code)) for code, _t in item.rows}
    if item.type == ItemType.MULTIPLE:
        chosen = {str(v) for v in answer} if isinstance(answer, list) else set()
        if answer in (None, ""):
            return {f"{item.code}_{value}": None for value, _l in item.choices}
        return {f"{item.code}_{value}": float(value in chosen) for value, _l in item.choices}
    if item.type == ItemType.NETWORK:
        return {}
    if item.type in (ItemType.TEXT, ItemType.DATE):
        return {item.code: None if answer in (None, "", DONT_KNOW) else str(answer)}
    if item.type == ItemType.SINGLE:
        return {item.code: numeric_answer(item, answer) if str(answer).lstrip("-").isdigit() else
                (None if answer in (None, "", DONT_KNOW) else str(answer))}
    return {item.code: numeric_answer(item, answer)}
