"""Default target groups and topics (see offers/taxonomy.py). Configurable afterwards."""

from django.db import migrations

from quartiersnetz.offers.taxonomy import TARGET_GROUPS, TOPICS, sync_taxonomies


def add_terms(apps, schema_editor):
    sync_taxonomies(apps.get_model("offers", "TargetGroup"), apps.get_model("offers", "Topic"))


def remove_terms(apps, schema_editor):
    apps.get_model("offers", "TargetGroup").objects.filter(
        slug__in=[t[0] for t in TARGET_GROUPS], offers__isnull=True
    ).delete()
    apps.get_model("offers", "Topic").objects.filter(slug__in=[t[0] for t in TOPICS], offers__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial")]
    operations = [migrations.RunPython(add_terms, remove_terms)]
