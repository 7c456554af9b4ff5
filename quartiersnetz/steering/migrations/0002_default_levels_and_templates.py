"""Default goal levels (Zumhasch/Kreft, extended by Handlungsziel) and the network-coaching impact levels of seed 000
(A1–A4, B1–B5, C1–C4, see shared/domain/network-coaching.md §4) as templates for impact chains."""

from django.db import migrations

LEVELS = ["Leitziel", "Handlungsziel", "Produktgruppenziel", "Produktziel", "Maßnahmenziel"]

A = "A – Netzwerkstruktur"
B = "B – Netzwerkpartner"
C = "C – Zielgruppe im Quartier"
TEMPLATES = [
    ("A1", A, "Analyse von Kooperationsstrukturen", "activities", [
        "Bestandsaufnahmen (Anzahl, Datum)", "Erfasste Akteure und Gremien", "Zusammengeführte Doppelstrukturen",
        "Gefundene und geschlossene Lücken"]),
    ("A2", A, "Akquise von Multiplikatoren und Netzwerkpartnern", "output", [
        "Neue Partner je Zeitraum nach Typ", "Anzahl Multiplikatoren", "Umwandlungsquote der Akquise (%)",
        "Ausgeschiedene Partner"]),
    ("A3", A, "Rahmen für Mehrwert und Interessenausgleich", "outcome", [
        "Von Partnern bewerteter Nutzen je Kategorie", "Nutzen im Verhältnis zum Aufwand",
        "Teilnahmebindung (%)"]),
    ("A4", A, "Administrative Geschäftsführung", "activities", [
        "Durchgeführte Sitzungen", "Fristgerechte Protokolle (%)", "Offene Aufgaben", "Verwaltungsstunden"]),
    ("B1", B, "Einbindung des Jobcenters / stabiler Kern", "outcome", [
        "Teilnahme des Jobcenters (%)", "Jobcenter-Vertretung mit Entscheidungsbefugnis",
        "Kontinuität der Steuerungsgruppe"]),
    ("B2", B, "Professionalisierung", "output", [
        "Inputs und Workshops", "Teilnehmende nach Typ"]),
    ("B3", B, "Vertrauen und Empathie", "outcome", [
        "Benannte Ansprechpersonen mit Direktkontakt", "Personalwechsel"]),
    ("B4", B, "Identitäts- und Sinnstiftung", "outcome", [
        "Gemeinsame öffentliche Veranstaltungen", "Gemeinsamer Webauftritt"]),
    ("B5", B, "Absicherung nachhaltiger Wirkung", "impact", [
        "Aufgaben mit Nachfolge", "Anschlussvereinbarungen"]),
    ("C1", C, "Breites Spektrum der Unterstützung", "output", [
        "Angebote je Bedarfskategorie"]),
    ("C2", C, "Engmaschige Betreuung / warme Übergabe", "outcome", [
        "Vermittlungen", "Anteil warmer Übergaben (%)", "Tage bis zum ersten Termin", "Abgebrochene Übergaben"]),
    ("C3", C, "Aktive Ansprache, niedrigschwellige Angebote", "output", [
        "Aufsuchende Aktionen", "Erstkontakte"]),
    ("C4", C, "Hilfestruktur im Quartier (inkl. Kümmerer)", "impact", [
        "Anteil der Angebote im Quartier (%)", "Aktive Kümmerer", "Begleitungen"]),
]


def forwards(apps, schema_editor):
    GoalLevel = apps.get_model("steering", "GoalLevel")
    ImpactTemplate = apps.get_model("steering", "ImpactTemplate")
    for order, name in enumerate(LEVELS, start=1):
        GoalLevel.objects.update_or_create(order=order, defaults={"name": name})
    for code, group, title, stage, indicators in TEMPLATES:
        ImpactTemplate.objects.update_or_create(
            code=code, defaults={"group": group, "title": title, "stage": stage, "indicators": indicators}
        )


def backwards(apps, schema_editor):
    apps.get_model("steering", "ImpactTemplate").objects.filter(code__in=[t[0] for t in TEMPLATES]).delete()
    apps.get_model("steering", "GoalLevel").objects.filter(name__in=LEVELS, goals__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("steering", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
