"""The ThINKA surveys as far as seed 002 gives them (wording of the Schaubilder, verbatim with the source's typos).

Expertenfragebogen (steering-group members, Q2 2014, n = 46): agreement statements S1–S10, S19 and school-grade
ratings S13, S15–S18. The agreement scale's labels are not printed (evidence: „voll und ganz“, „Teils/Teils“,
„weniger zustimmen“), so the five labels are inferred; the grades use the five grades named in the text (whether
„ungenügend“ was offered is unknown). S17 has two series (soziale/berufliche Integrationsleistung) and is a matrix.
The ratings of the cooperation („sachlich“, „zuverlässig“ …) have no published wording: a multiple-choice item
describes them.
Einzelfallfragebogen (help-seeking citizens, from Q3/Q4 2013, n = 125): S11 (no wording printed; categories
inferred), S12 and S14 (multiple answers; the full category lists are not printed — the named categories plus
„Sonstiges“), and the satisfaction figures without a Schaubild (wording not published).
"""

from __future__ import annotations

EXPERT_SLUG = "thinka-expertenfragebogen"
CITIZEN_SLUG = "thinka-einzelfallfragebogen"

AGREE5 = {"type": "likert", "scale_min": 1, "scale_max": 5, "dont_know": True,
          "scale_labels": ["stimme voll und ganz zu", "stimme eher zu", "teils/teils", "stimme weniger zu",
                           "stimme gar nicht zu"],
          "note": "Skalenbeschriftung im Bericht nicht gedruckt; aus dem Text erschlossen („voll und ganz“, "
                  "„Teils/Teils“, „weniger zustimmen“)."}
GRADES = {"type": "rating", "scale_min": 1, "scale_max": 5, "dont_know": True,
          "scale_labels": ["sehr gut", "gut", "befriedigend", "ausreichend", "mangelhaft"],
          "note": "„Bewertungsskala war das Schulnotensystem“; ob die Note 6 angeboten wurde, ist nicht bekannt."}


def _agree(code, text, label):
    return {"code": code, "text": text, "short_label": label, **AGREE5}


def _grade(code, text, label):
    return {"code": code, "text": text, "short_label": label, **GRADES}


EXPERT = {
    "slug": EXPERT_SLUG,
    "title": "ThINKA – Expertenfragebogen für die Steuerungsgruppen",
    "description": "Quantitativer Expertenfragebogen an alle Mitglieder der Steuerungsgruppen (Verwaltungsbezug): "
                   "Gibt es eine echte ämterübergreifende Zusammenarbeit?",
    "source": "ThINKA-Bericht „Befragungsergebnisse der Koordinierungsstelle“ (31.03.2015), Schaubilder 1–10, 13, "
              "15–19",
    "blocks": [
        {"code": "A", "title": "Aussagen zum ThINKA-Vorhaben",
         "intro": "Bitte geben Sie an, inwieweit Sie den folgenden Aussagen zustimmen.",
         "items": [
             _agree("S1", "Das ThINKA-Projekt ist unter den regionalen Partnern anerkannt.",
                    "Anerkennungsgrad des Vorhabens"),
             _agree("S2", "Ich sehe in ThINKA großes Potential für gelingende Einzelfallarbeits.",
                    "Potential für Einzelfallarbeit"),
             _agree("S3", "Ich sehe in ThINKA großes Potential für gelingende Netzwerkarbeit.",
                    "Potential für Netzwerkarbeit"),
             _agree("S4", "Ich bin froh, dass es ein ThINKA-Vorhaben am Standort gibt.",
                    "Zufriedenheit mit ThINKA-Vorhaben am Standort"),
             _agree("S5", "Das ThINKA-Vorhaben ist zu einer festen Größe in der sozialen Infrastruktur geworden.",
                    "ThINKA als feste Größe in der sozialen Infrastruktur"),
             _agree("S6", "Die Zusammenarbeit muss zukünftig weiter intensiviert werden.",
                    "Intensivierung der Zusammenarbeit"),
             _agree("S7", "Das ThINKA-Projekt ist im Sozialraum bekannt.", "Bekanntheitsgrad des Vorhabens"),
             _agree("S8", "Ich nehme seit dem Start des ThINKA-Vorhabens eine deutliche Verbesserung in der sozialen "
                          "Infrastruktur des Sozialraumes wahr.", "Verbesserung in der sozialen Infrastruktur"),
             _agree("S9", "Ohne das ThINKA-Projekt gibt es keinen kostenfreien und niedrigschwelligen "
                          "Ansprechpartner für Hilfesuchende im Sozialraum.", "Ansprechpartner für Hilfesuchende"),
             _agree("S10", "Ohne das ThINKA-Projekt würde sich die Lage im Sozialraum verschlechtern.",
                    "Soziale Lage im Gebietsausschnitt"),
         ]},
        {"code": "B", "title": "Bewertungen (Schulnoten)",
         "intro": "Bewertungsskala ist das Schulnotensystem (1 = sehr gut … 5 = mangelhaft).",
         "items": [
             _grade("S13", "Wie bewerten Sie die Aktivierung der Bürger durch das ThINKA-Vorhaben?",
                    "Aktivierung der Bürger"),
             _grade("S15", "Wie bewerten Sie die Netzwerkarbeit des ThINKA-Vorhabens?", "Bewertung der Netzwerkarbeit"),
             _grade("S16", "Wie bewerten Sie den Kooperationsaufbau des ThINKA-Vorhabens?",
                    "Bewertung des Kooperationsaufbaus"),
             {"code": "S17", "short_label": "Bewertung der sozialen und beruflichen Integrationsleistung",
              "text": "Wie bewerten Sie die soziale und berufliche Integrationsleistung des ThINKA-Vorhabens?",
              **GRADES, "type": "matrix",
              "rows": [{"code": "sozial", "text": "soziale Integrationsleistung"},
                       {"code": "beruflich", "text": "berufliche Integrationsleistung"}]},
             _grade("S18", "Wie bewerten Sie die Sozialraumentwicklung seit dem Start des ThINKA-Vorhabens?",
                    "Bewertung der Sozialraumentwicklung"),
         ]},
        {"code": "C", "title": "Steuerungsgruppe und Zusammenarbeit",
         "intro": "",
         "items": [
             _agree("S19", "Die etablierte Steuerungsgruppe ist ein nützliches Instrument der Koordination des "
                           "ThINKA-Vorhabens.", "Bewertung der Steuerungsgruppe"),
             {"code": "C2", "type": "multiple", "short_label": "Charakter der Zusammenarbeit mit ThINKA",
              "text": "Die Zusammenarbeit mit dem ThINKA-Vorhaben ist … (Mehrfachnennung möglich)",
              "wording_published": False,
              "note": "Wortlaut nicht veröffentlicht; Kategorien aus dem Text (97/93/89/87/59/65 Prozent).",
              "choices": [{"value": "1", "label": "sachlich"}, {"value": "2", "label": "zuverlässig"},
                          {"value": "3", "label": "auf Augenhöhe"}, {"value": "4", "label": "partnerschaftlich"},
                          {"value": "5", "label": "entlastend"}, {"value": "6", "label": "gewinnbringend"}]},
         ]},
    ],
}

CITIZEN = {
    "slug": CITIZEN_SLUG,
    "title": "ThINKA – Einzelfallfragebogen für Hilfesuchende",
    "description": "Quantitativer Einzelfallfragebogen (Individualbezug), nach Beratungen von den Mitarbeitenden "
                   "ausgegeben, „freiwillig und ohne Rückschlüsse auf die ausfüllende Person“.",
    "source": "ThINKA-Bericht „Befragungsergebnisse der Koordinierungsstelle“ (31.03.2015), Schaubilder 11, 12, 14",
    "blocks": [
        {"code": "A", "title": "Nutzung der Kontaktstelle", "intro": "",
         "items": [
             {"code": "S11", "type": "single", "short_label": "Nutzungsintensität",
              "text": "Wie oft haben Sie die Kontaktstelle bisher genutzt?", "wording_published": False,
              "note": "Frage nicht gedruckt (Schaubild 11 „Nutzungsintensität“); Kategorien erschlossen.",
              "choices": [{"value": "1", "label": "einmal"}, {"value": "2", "label": "gelegentlich"},
                          {"value": "3", "label": "mehrfach"}, {"value": "4", "label": "häufig"}]},
             {"code": "S12", "type": "multiple", "short_label": "Aufmerksamkeit gegenüber der Kontaktstelle",
              "text": "Wie sind Sie auf die Beratungsstelle aufmerksam geworden?",
              "note": "Mehrfachantworten; vollständige Kategorienliste nicht gedruckt.",
              "choices": [{"value": "1", "label": "Behördenempfehlung"},
                          {"value": "2", "label": "Öffentlichkeitsarbeit"},
                          {"value": "9", "label": "Sonstiges"}]},
             {"code": "S12_text", "type": "text", "short_label": "Sonstiges (Aufmerksamkeit)",
              "text": "Wie sonst sind Sie auf die Beratungsstelle aufmerksam geworden?",
              "condition": {"item": "S12", "operator": "contains", "value": "9"}},
             {"code": "S14", "type": "multiple", "short_label": "Problemlagen",
              "text": "Mit welchen Problemlagen kommen Sie zu ThINKA?",
              "note": "Mehrfachantworten; vollständige Kategorienliste nicht gedruckt.",
              "choices": [{"value": "1", "label": "Behördenprobleme"}, {"value": "2", "label": "Arbeitssuche"},
                          {"value": "3", "label": "Schuldenproblematiken"},
                          {"value": "4", "label": "Ausfüllen von Anträgen"},
                          {"value": "5", "label": "Bewerbungsunterlagen"}, {"value": "9", "label": "Sonstiges"}]},
         ]},
        {"code": "B", "title": "Zufriedenheit", "intro": "",
         "items": [
             {"code": "B1", "type": "single", "short_label": "Weiterempfehlung",
              "text": "Würden Sie die Kontaktstelle weiterempfehlen?", "wording_published": False,
              "note": "Wortlaut nicht veröffentlicht (98 Prozent würden weiterempfehlen).",
              "choices": [{"value": "1", "label": "ja"}, {"value": "0", "label": "nein"}]},
             {"code": "B2", "type": "single", "short_label": "Empathie und Bedürfnisse berücksichtigt",
              "text": "Die Mitarbeitenden sind mit Empathie auf mich eingegangen und haben meine persönlichen "
                      "Wünsche und Bedürfnisse berücksichtigt.", "wording_published": False,
              "note": "Wortlaut nicht veröffentlicht (96 Prozent).",
              "choices": [{"value": "1", "label": "ja"}, {"value": "0", "label": "nein"}]},
             {"code": "B3", "type": "single", "short_label": "Individuelle Lösung",
              "text": "Die Mitarbeitenden haben an einer auf mich zugeschnittenen, individuellen Lösung gearbeitet.",
              "wording_published": False, "note": "Wortlaut nicht veröffentlicht (95 Prozent).",
              "choices": [{"value": "1", "label": "ja"}, {"value": "0", "label": "nein"}]},
         ]},
    ],
}

NETWORK_SLUG = "netzwerkbefragung-kooperationsbeziehungen"
NETWORK = {
    "slug": NETWORK_SLUG,
    "title": "Netzwerkbefragung: Kooperationsbeziehungen im Quartier",
    "description": "Jede Institution nennt die Organisationen im Quartier, mit denen sie zusammenarbeitet, und "
                   "bewertet Häufigkeit, Kooperationsstufe (Kenntnis – Austausch – Abstimmung – Kooperation – "
                   "Verbund), Vertrauen (Verlässlichkeit, Offenheit, gemeinsame Ziele) und Wert (Einfluss, "
                   "Ressourcen, Engagement) je 1–4. Die Antworten speisen die Netzwerkanalyse (Quelle „erklärt“).",
    "source": "Quartiersnetz (Kooperationsstufen nach Seed 000, Vertrauen/Wert nach PARTNER-Netzwerkbefragungen)",
    "blocks": [
        {"code": "N", "title": "Kooperationsbeziehungen", "intro": "",
         "items": [
             {"code": "N1", "type": "network", "short_label": "Kooperationspartner im Quartier",
              "text": "Mit welchen Organisationen im Quartier arbeiten Sie zusammen? Bitte bewerten Sie jede "
                      "Beziehung."},
             {"code": "N2", "type": "likert", "scale_min": 1, "scale_max": 4, "dont_know": True,
              "scale_labels": ["sehr zufrieden", "eher zufrieden", "eher unzufrieden", "sehr unzufrieden"],
              "short_label": "Zufriedenheit mit der Zusammenarbeit im Quartier",
              "text": "Wie zufrieden sind Sie insgesamt mit der Zusammenarbeit im Quartier?"},
         ]},
    ],
}

PRESETS = [EXPERT, CITIZEN, NETWORK]
