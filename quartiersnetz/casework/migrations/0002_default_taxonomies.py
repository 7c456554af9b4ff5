from django.db import migrations


def forwards(apps, schema_editor):
    from quartiersnetz.casework.taxonomy import sync_defaults

    sync_defaults(apps.get_model("casework", "ProblemCategory"), apps.get_model("casework", "OutcomeStage"))


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
