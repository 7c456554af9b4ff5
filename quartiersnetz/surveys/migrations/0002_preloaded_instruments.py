"""Preload the instruments of seed 000 (G.I.B. survey of central actors) and seed 002 (ThINKA surveys) plus the
network survey. Existing instruments with the same slug are left alone."""

from django.db import migrations


def load(apps, schema_editor):
    from quartiersnetz.surveys.instruments import all_presets, write_preset

    Instrument = apps.get_model("surveys", "Instrument")
    Block = apps.get_model("surveys", "Block")
    Item = apps.get_model("surveys", "Item")
    for preset in all_presets():
        write_preset(Instrument, Block, Item, preset)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
