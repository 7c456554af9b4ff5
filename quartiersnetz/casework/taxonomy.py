"""Default taxonomies (rows with an empty programme). Data, not UI strings: like the actor types, they are stored
in German. Problemlagen: the five named in seed 002 (ThINKA, §3.3 S14 and §1.3) plus those of issue 6; stages of
activation from issue 6. A programme can define its own lists in the administration."""

PROBLEMS = (
    ("behoerden", "Behördenangelegenheiten"),
    ("arbeitssuche", "Arbeitssuche"),
    ("schulden", "Schulden"),
    ("antraege", "Anträge ausfüllen"),
    ("bewerbung", "Bewerbungsunterlagen"),
    ("arbeitslosigkeit", "Arbeitslosigkeit"),
    ("sprache", "Sprache"),
    ("gesundheit", "Gesundheit"),
    ("wohnen", "Wohnen"),
    ("kinderbetreuung", "Kinderbetreuung"),
    ("isolation", "Soziale Isolation"),
    ("sonstiges", "Sonstiges"),
)

STAGES = (
    ("erreicht", "erreicht"),
    ("stabilisiert", "stabilisiert"),
    ("beratung", "in Beratung"),
    ("massnahme", "in Qualifizierung/Maßnahme"),
    ("arbeit", "in Arbeit/Ausbildung"),
)


def sync_defaults(problem_model, stage_model) -> None:
    for order, (slug, name) in enumerate(PROBLEMS, start=1):
        problem_model.objects.update_or_create(programme=None, slug=slug,
                                               defaults={"name": name, "order": order * 10})
    for order, (slug, name) in enumerate(STAGES, start=1):
        stage_model.objects.update_or_create(programme=None, slug=slug, defaults={"name": name, "order": order * 10})
