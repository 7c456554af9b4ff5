"""Data migration: every installation gets the Akteurstyp taxonomy (quartiersnetz/actors/taxonomy.py).

Forward creates or updates the types by slug (idempotent); backward does nothing, because organisations may
already refer to the types.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from quartiersnetz.actors.taxonomy import sync_actor_types

    sync_actor_types(apps.get_model("actors", "ActorType"))


class Migration(migrations.Migration):

    dependencies = [
        ("actors", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
