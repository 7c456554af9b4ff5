"""Preloaded instruments (seed 000 and seed 002). `write_preset` works with live and historical models, so the
data migration and the tests use the same code."""

from __future__ import annotations

ITEM_FIELDS = ("text", "short_label", "reversed_label", "scale_min", "scale_max", "scale_labels", "reverse_coded",
               "dont_know", "choices", "rows", "min_value", "max_value", "required", "wording_published", "note")


def all_presets() -> list[dict]:
    from . import gib, thinka

    return [gib.PRESET, *thinka.PRESETS]


def write_preset(Instrument, Block, Item, preset: dict):  # noqa: N803 - model classes
    """Create the instrument of a preset unless an instrument with its slug exists (edits are kept)."""
    existing = Instrument.objects.filter(slug=preset["slug"]).first()
    if existing is not None:
        return existing
    instrument = Instrument.objects.create(slug=preset["slug"], title=preset["title"],
                                           description=preset.get("description", ""),
                                           source=preset.get("source", ""))
    items = []
    for block_order, block_data in enumerate(preset["blocks"], start=1):
        block = Block.objects.create(instrument=instrument, code=block_data["code"], title=block_data["title"],
                                     intro=block_data.get("intro", ""), order=block_order)
        for order, data in enumerate(block_data["items"], start=1):
            condition = data.get("condition") or {}
            values = {name: data[name] for name in ITEM_FIELDS if name in data}
            items.append(Item(block=block, code=data["code"], item_type=data["type"], order=order,
                              condition_item=condition.get("item", ""),
                              condition_operator=condition.get("operator", ""),
                              condition_value=str(condition.get("value", "")), **values))
    Item.objects.bulk_create(items)
    return instrument
