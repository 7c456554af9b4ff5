"""Default body types (seed 000 § 3 and 8.1, seeds 001/003 for the business formats). Configurable afterwards."""

from django.db import migrations

DEFAULT_BODY_TYPES = [
    ("steuerungsgruppe", "Steuerungsgruppe", 10,
     "Stabiler Kern aus den Partnern der Ziel- und Absichtsvereinbarungen, mit dem Jobcenter."),
    ("runder-tisch", "Runder Tisch", 20, "Offenes Austauschforum der Akteure, oft von der Kommune geleitet."),
    ("arbeitskreis", "Arbeitskreis", 30, "Fachlicher Arbeitskreis zu einem Thema oder einer Zielgruppe."),
    ("fallkonferenz", "Fallkonferenz", 40, "Anonymisierte Besprechung von Einzelfällen."),
    ("business-brunch", "Business Brunch", 50, "Austauschformat mit Betrieben und wirtschaftsnahen Akteuren."),
    ("gruender-stammtisch", "Gründer-Stammtisch", 60, "Treffen von Gründerinnen und Gründern im Quartier."),
    ("stadtteilkonferenz", "Stadtteilkonferenz", 70, "Konferenz aller Einrichtungen des Stadtteils."),
    ("strategie-aktivierungsnetzwerk", "Strategie-/Aktivierungsnetzwerk", 80,
     "Strategie- bzw. Aktivierungsnetzwerk zur Ansprache der Zielgruppe."),
]


def add_body_types(apps, schema_editor):
    BodyType = apps.get_model("meetings", "BodyType")
    for slug, name, order, description in DEFAULT_BODY_TYPES:
        BodyType.objects.update_or_create(slug=slug, defaults={"name": name, "order": order,
                                                               "description": description})


def remove_body_types(apps, schema_editor):
    BodyType = apps.get_model("meetings", "BodyType")
    BodyType.objects.filter(slug__in=[slug for slug, *_ in DEFAULT_BODY_TYPES], bodies__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(add_body_types, remove_body_types)]
