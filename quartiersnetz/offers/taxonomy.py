"""Default target groups (Zielgruppen) and topics (Handlungsfelder) as data, synchronised by the data migration
`0002_default_taxonomies`. Both stay configurable afterwards (admin).

Sources: issue 5 and seed 000 (§ 8.1 "Offer – need category": Sprache, Kinderbetreuung, Schulden, Sucht, Psyche,
Anerkennung, Qualifizierung, Beschäftigung, Ehrenamt). Names and descriptions are German *data* (what the
programmes call them), not UI strings, so they are not translated. The migration may only use the fields of the
historical models: slug, name, description, order, is_active.
"""

from __future__ import annotations

TARGET_GROUPS: list[tuple[str, str, str]] = [
    ("langzeitarbeitslose", "Langzeitarbeitslose", "Seit mindestens einem Jahr arbeitslos, oft im SGB-II-Bezug."),
    ("jugendliche-u25", "Jugendliche U25", "Junge Menschen unter 25 Jahren, auch am Übergang Schule–Beruf."),
    ("alleinerziehende", "Alleinerziehende", "Mütter und Väter, die ihre Kinder allein erziehen."),
    ("migrationsgeschichte", "Menschen mit Migrationsgeschichte",
     "Zugewanderte und ihre Familien, auch neu Zugewanderte aus der EU."),
    ("gefluechtete", "Geflüchtete", "Menschen mit Fluchtgeschichte, Asylsuchende und Anerkannte."),
    ("aeltere", "Ältere (50+)", "Ältere Erwerbslose und Menschen vor dem Ruhestand."),
    ("behinderung", "Menschen mit Behinderung", "Menschen mit Behinderung oder gesundheitlichen Einschränkungen."),
    ("familien", "Familien mit Kindern", "Eltern und Kinder im Quartier."),
    ("frauen", "Frauen/Berufsrückkehrerinnen", "Frauen, auch nach der Familienphase."),
]

TOPICS: list[tuple[str, str, str]] = [
    ("beratung", "Beratung", "Allgemeine Sozial- und Lebensberatung."),
    ("qualifizierung", "Qualifizierung", "Weiterbildung, Kurse, Ausbildung und Nachqualifizierung."),
    ("sprache", "Sprache", "Deutsch- und Integrationskurse, Sprachcafés."),
    ("kinderbetreuung", "Kinderbetreuung", "Betreuung von Kindern, auch zu Randzeiten."),
    ("gesundheit", "Gesundheit", "Gesundheitsförderung, psychische Gesundheit."),
    ("schulden", "Schulden", "Schuldner- und Insolvenzberatung."),
    ("wohnen", "Wohnen", "Wohnungssuche, Mietschulden, Wohnungsnotfallhilfe."),
    ("arbeitsvermittlung", "Arbeitsvermittlung", "Bewerbung, Vermittlung in Arbeit und Ausbildung."),
    ("beschaeftigung", "Beschäftigung", "Arbeitsgelegenheiten und geförderte Beschäftigung."),
    ("sucht", "Sucht", "Suchtberatung und -prävention."),
    ("anerkennung", "Anerkennung", "Anerkennung ausländischer Berufs- und Schulabschlüsse."),
    ("ehrenamt", "Ehrenamt", "Engagement, Patenschaften, Lotsinnen und Lotsen."),
]


def sync_taxonomies(target_group_model, topic_model) -> None:
    """Create or update the default terms (idempotent); other terms are left alone."""
    for model, terms in ((target_group_model, TARGET_GROUPS), (topic_model, TOPICS)):
        for order, (slug, name, description) in enumerate(terms, start=1):
            model.objects.update_or_create(
                slug=slug, defaults={"name": name, "description": description, "order": order * 10}
            )
