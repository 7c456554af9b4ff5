"""The G.I.B. survey of central actors (seed 000, §5; wording from footnotes 10–26 of G.I.B. Arbeitspapier 55).

All items 1.1–6.17. Blocks 1–5: 6-point agreement scale (1 = „stimme ganz und gar zu“, 6 = „lehne völlig ab“;
the labels of 2–5 are not published). Block 6: 3-point change scale for „etwa zwei Jahre nach Ende des
Projektes“ (1 „Tendenzielle Verbesserung“, 2 „Keine Änderung“, 3 „Tendenzielle Verschlechterung“).
Reverse-coded: 1.2 (footnote 11, mirrored as „Kooperationsstrukturen sind gefestigt und dauerhaft“) and 2.5
(negative statement plotted among the positive effects). Items whose wording the report does not publish (2.2,
3.10–3.12) carry a describing text and `wording_published = False`; 3.14–3.16 follow the published template
of footnote 23 with the target groups in the order of block 6 (inferred). Block 6 texts are the chart labels of
Abbildung 17 (the aspects were „kurz umschrieben“, footnote 26).
"""

from __future__ import annotations

SLUG = "gib-zentrale-akteure"
LIKERT6 = {"type": "likert", "scale_min": 1, "scale_max": 6,
           "scale_labels": ["stimme ganz und gar zu", "", "", "", "", "lehne völlig ab"], "dont_know": True}
CHANGE3 = {"type": "change", "scale_min": 1, "scale_max": 3,
           "scale_labels": ["Tendenzielle Verbesserung", "Keine Änderung", "Tendenzielle Verschlechterung"],
           "dont_know": True}
PREFIX = "Das Projekt Netzwerkcoaching hat dazu geführt, dass "
NOT_PUBLISHED = "Wortlaut im Bericht nicht veröffentlicht."


def _likert(code, text, label, **extra):
    return {"code": code, "text": text, "short_label": label, **LIKERT6, **extra}


def _change(code, label):
    return {"code": code, "text": label, "short_label": label, **CHANGE3, "wording_published": False,
            "note": "Kurzbeschreibung nach der Beschriftung von Abbildung 17; Wortlaut nicht veröffentlicht."}


def _target_group(code, group, note):
    return _likert(code, f"{PREFIX}die Zielgruppe „{group}“ insgesamt besser erreicht wird",
                   f"Erreichen von {group}", note=note)


BLOCKS = [
    {"code": "1", "title": "Kooperationsstrukturen zu Beginn des Projekts",
     "intro": "Bitte geben Sie an, inwieweit Sie den folgenden Aussagen zustimmen (1 = stimme ganz und gar zu, "
              "6 = lehne völlig ab).",
     "items": [
         _likert("1.1", "Das Projekt Netzwerkcoaching konnte zu Beginn auf vielfältige Kooperationen und "
                        "Netzwerkstrukturen zwischen den Arbeitsmarktakteuren im Stadtteil aufbauen",
                 "Vielfältige Kooperationen und Netzwerkstrukturen zu Beginn"),
         _likert("1.2", "Zu Beginn des Projekts Netzwerkcoaching waren die Kooperationsbeziehungen der "
                        "Arbeitsmarktakteure im Stadtteil eher lose und wenig gefestigt",
                 "Kooperationsbeziehungen eher lose und wenig gefestigt", reverse_coded=True,
                 reversed_label="Kooperationsstrukturen sind gefestigt und dauerhaft",
                 note="Umgepolt (Fußnote 11; dort irrtümlich „Frage 2.1“)."),
     ]},
    {"code": "2", "title": "Wirkungen auf das Netzwerk und die Kooperation",
     "intro": "Bitte geben Sie an, inwieweit Sie den folgenden Aussagen zustimmen (1 = stimme ganz und gar zu, "
              "6 = lehne völlig ab).",
     "items": [
         _likert("2.1", PREFIX + "meine Kooperation mit anderen Akteuren im Stadtteil qualitativ besser geworden "
                 "ist", "Qualität der eigenen Kooperation verbessert"),
         _likert("2.2", "Item 2.2 (Wortlaut nicht veröffentlicht)", "Item 2.2", wording_published=False,
                 note=NOT_PUBLISHED),
         _likert("2.3", "Ich arbeite nun mit lokalen Akteuren zusammen, mit denen ich ohne das Projekt "
                        "Netzwerkcoaching nicht oder weniger intensiv kooperieren würde",
                 "Neue oder intensivere Kooperationen"),
         _likert("2.4", "Durch das Projekt Netzwerkcoaching hat sich meine arbeitsmarktpolitische Fachkompetenz "
                        "für den Stadtteil verbessert", "Eigene arbeitsmarktpolitische Fachkompetenz"),
         _likert("2.5", "Mein zeitlicher Aufwand für das Mitwirken im Projekt Netzwerkcoaching übersteigt den "
                        "Nutzen", "Zeitlicher Aufwand übersteigt den Nutzen", reverse_coded=True,
                 note="Negative Aussage; in den Abbildungen unter den positiven Wirkungen, daher umgepolt."),
         _likert("2.6", "Allgemein werden die Kooperationsbeziehungen der arbeitsmarktpolitischen Akteure im "
                        "Stadtteil durch den Netzwerkcoach gestärkt", "Netzwerkcoach stärkt Kooperationsbeziehungen"),
         _likert("2.7", PREFIX + "sich die Kooperationsbereitschaft der lokalen Akteure insgesamt verbessert hat",
                 "Kooperationsbereitschaft verbessert"),
         _likert("2.8", PREFIX + "ich über die Leistungen und Angebote der lokalen Akteure besser informiert bin",
                 "Besser informiert über Leistungen und Angebote"),
         _likert("2.9", PREFIX + "ich über Haltungen, Interessen, Ziele, Grenzen etc. der lokalen Akteure besser "
                 "informiert bin", "Besser informiert über Haltungen, Interessen, Ziele, Grenzen"),
         _likert("2.10", PREFIX + "die lokalen Akteure eine gemeinsame Stadtteil-Orientierung erworben oder "
                 "weiterentwickelt haben", "Gemeinsame Stadtteil-Orientierung"),
     ]},
    {"code": "3", "title": "Arbeitsmarktpolitische Wirkungen",
     "intro": "Bitte geben Sie an, inwieweit Sie den folgenden Aussagen zustimmen (1 = stimme ganz und gar zu, "
              "6 = lehne völlig ab).",
     "items": [
         _likert("3.1", PREFIX + "arbeitsmarktferne Personen im Stadtteil besser angesprochen werden",
                 "Ansprache arbeitsmarktferner Personen"),
         _likert("3.2", PREFIX + "arbeitsmarktferne Personen des Stadtteils besser in das gesellschaftliche Leben "
                 "integriert sind (soziale Teilhabe)", "Soziale Teilhabe"),
         _likert("3.3", PREFIX + "zur Unterstützung arbeitsmarktferner Personen auf mehr Akteure zurückgegriffen "
                 "werden kann", "Unterstützung durch mehr Akteure"),
         _likert("3.4", PREFIX + "arbeitsmarktferne Personen besser aktiviert werden können",
                 "Aktivierung arbeitsmarktferner Personen"),
         _likert("3.5", PREFIX + "mehr arbeitsmarktferne Personen zur Teilnahme an arbeitsmarktpolitischen "
                 "Maßnahmen motiviert werden", "Teilnahme an arbeitsmarktpolitischen Maßnahmen"),
         _likert("3.6", "Die Integration von arbeitslosen Bewohnern in Beschäftigung hat sich durch das Projekt "
                        "Netzwerkcoaching tendenziell verbessert", "Integration in Beschäftigung"),
         _likert("3.7", "Bildungs- und Beschäftigungsträger konnten Bewohner des Stadtteils für ihre Angebote "
                        "gewinnen, die sie ohne das Projekt Netzwerkcoaching nicht oder schwieriger erreicht "
                        "hätten", "Zugang zu Bildungs- und Beschäftigungsträgern"),
         _likert("3.8", "Das Jobcenter konnte Bewohner für arbeitsmarktpolitische Maßnahmen gewinnen, die es ohne "
                        "das Projekt Netzwerkcoaching nicht erreicht hätte", "Zugang zu Maßnahmen des Jobcenters"),
         _likert("3.9", "Der Übergang Schule – Beruf wurde für Bewohner des Stadtteils durch das Projekt "
                        "Netzwerkcoaching verbessert", "Übergang Schule – Beruf"),
         _likert("3.10", "Ausweiten der Angebote von JC und AA (Wortlaut nicht veröffentlicht)",
                 "Ausweiten der Angebote von JC und AA", wording_published=False,
                 note=NOT_PUBLISHED + " Thema erschlossen aus Item 6.10."),
         _likert("3.11", "Ansprache durch Agentur für Arbeit (Wortlaut nicht veröffentlicht)",
                 "Ansprache durch Agentur für Arbeit", wording_published=False,
                 note=NOT_PUBLISHED + " Thema erschlossen aus Item 6.11."),
         _likert("3.12", "Ansprache durch das Jobcenter (Wortlaut nicht veröffentlicht)",
                 "Ansprache durch das Jobcenter", wording_published=False,
                 note=NOT_PUBLISHED + " Thema erschlossen aus Item 6.12."),
         _likert("3.13", "Das Projekt Netzwerkcoaching hat dazu beigetragen, dass die örtliche Wirtschaft und ihre "
                         "Akteure mehr Praktikums- und Ausbildungsplätze für Jugendliche bereitstellen",
                 "Praktikums- und Ausbildungsplätze durch örtliche Wirtschaft"),
         _target_group("3.14", "Jugendliche", "Vorlage aus Fußnote 23; Zuordnung zu 3.14 erschlossen aus Block 6."),
         _target_group("3.15", "Menschen mit Migrationshintergrund",
                       "Vorlage aus Fußnote 23; Zuordnung zu 3.15 erschlossen aus Block 6."),
         _target_group("3.16", "Alleinerziehende",
                       "Vorlage aus Fußnote 23; Zuordnung zu 3.16 erschlossen aus Block 6."),
         _target_group("3.17", "Langzeitarbeitslose", "Vorlage aus Fußnote 23; 3.17 im Bericht bestätigt."),
     ]},
    {"code": "4", "title": "Spezifische Maßnahmen",
     "intro": "Bitte geben Sie an, inwieweit Sie den folgenden Aussagen zustimmen (1 = stimme ganz und gar zu, "
              "6 = lehne völlig ab).",
     "items": [
         _likert("4.1", "Das Projekt Netzwerkcoaching hat dazu beigetragen, dass der Zugang zur Kinderbetreuung, "
                        "z. B. für arbeitsuchende Alleinerziehende, verbessert wurde",
                 "Verbesserung des Zugangs zur Kinderbetreuung"),
         _likert("4.2", "Durch das Projekt Netzwerkcoaching konnten Menschen, die ansonsten nur schwer zu "
                        "erreichen sind, besser erreicht werden",
                 "Zugang zu Menschen, die nur schwer zu erreichen sind"),
         _likert("4.3", "Durch das Projekt Netzwerkcoaching konnten Menschen besser für Alphabetisierungskurse "
                        "gewonnen werden", "Zugang zu Alphabetisierungskursen"),
         _likert("4.4", "Durch das Projekt Netzwerkcoaching konnten Menschen mit Migrationshintergrund besser für "
                        "Deutschkurse gewonnen werden", "Zugang zu Deutschkursen für Migrant/-innen"),
     ]},
    {"code": "5", "title": "Laufzeit und Fortführung",
     "intro": "Bitte geben Sie an, inwieweit Sie den folgenden Aussagen zustimmen (1 = stimme ganz und gar zu, "
              "6 = lehne völlig ab).",
     "items": [
         _likert("5.1", "Die Laufzeit des Projekts Netzwerkcoaching war angemessen",
                 "Angemessene Laufzeit des Projekts"),
         _likert("5.2", "Ich rechne damit, dass nach Ablauf der Projektförderung viele Aktivitäten des Projekts "
                        "Netzwerkcoaching im Stadtteil fortgeführt werden",
                 "Fortführung vieler Aktivitäten nach Projektende"),
         _likert("5.3", "Ich rechne damit, dass nach Ablauf der Projektförderung das Netzwerk im Stadtteil "
                        "fortgeführt wird", "Fortführung des Netzwerkes nach Projektende"),
     ]},
    {"code": "6", "title": "Mittelfristig erwartete Wirkungen",
     "intro": "Wie schätzen Sie die Wirkung des Projekts auf die folgenden Aspekte für einen Zeitpunkt „etwa zwei "
              "Jahre nach Ende des Projektes“ ein? (1 = Tendenzielle Verbesserung, 2 = Keine Änderung, "
              "3 = Tendenzielle Verschlechterung)",
     "items": [
         _change("6.1", "Ansprache arbeitsmarktferner Personen"),
         _change("6.2", "Soziale Teilhabe"),
         _change("6.3", "Unterstützung von Personen durch mehr Akteure"),
         _change("6.4", "Aktivierung arbeitsmarktferner Personen"),
         _change("6.5", "Teilnahme an arbeitsmarktpolitischen Maßnahmen"),
         _change("6.6", "Integration Beschäftigung"),
         _change("6.7", "Zugang zu Bildungs- und Beschäftigungsträgern"),
         _change("6.8", "Zugang zu Maßnahmen des Jobcenters"),
         _change("6.9", "Übergang Schule – Beruf"),
         _change("6.10", "Ausweiten der Angebote von JC und AA"),
         _change("6.11", "Ansprache durch Agentur für Arbeit"),
         _change("6.12", "Ansprache durch das Jobcenter"),
         _change("6.13", "Praktikums-, Ausbildungsplätze durch örtl. Wirtschaft"),
         _change("6.14", "Erreichen von Jugendlichen"),
         _change("6.15", "Erreichen von Menschen mit Migrationshintergrund"),
         _change("6.16", "Erreichen von Alleinerziehende insgesamt"),
         _change("6.17", "Erreichen von Langzeitarbeitslosen"),
     ]},
]

PRESET = {
    "slug": SLUG,
    "title": "G.I.B.-Befragung der zentralen Akteure (Netzwerkcoaching)",
    "description": "Online-Befragung der zentralen Akteure im Landesprogramm „Aktiv für Arbeit im Stadtteil“: "
                   "eine Ansprechperson je Institution. Welle 1 (Erwartungen): Blöcke 1–5; Welle 2 (realisierte "
                   "Wirkungen): Blöcke 2–5 und 6.",
    "source": "G.I.B. Arbeitspapier 55 (2015), Kapitel 5, Fußnoten 10–26",
    "blocks": BLOCKS,
}

WAVE_1_BLOCKS = ["1", "2", "3", "4", "5"]
WAVE_2_BLOCKS = ["2", "3", "4", "5", "6"]
