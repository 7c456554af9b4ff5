"""`make bench`: time the hot paths on a scratch SQLite database and print ratios against bench/baseline.json.

A ratio above 1.0 means slower than the baseline. `--update-baseline` rewrites the baseline (commit the diff
with the reason). Timings are medians of several runs; goals live here, never in timed unit tests.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASELINE = HERE / "baseline.json"
N_QUARTIERE = 10
N_ORGS = 3000


def timed(fn, repeat=5):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def setup():
    tmp = tempfile.mkdtemp(prefix="qn-bench-")
    os.environ["QN_VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartiersnetz.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from quartiersnetz.actors.models import ActorType, Organisation
    from quartiersnetz.core.choices import Role
    from quartiersnetz.testing import make_contact, make_programme, make_quartier, make_user

    programme = make_programme(slug="bench", name="Bench")
    quartiere = [make_quartier(programme) for _ in range(N_QUARTIERE)]
    types = list(ActorType.objects.all()) or [ActorType.objects.create(slug="x", name="X")]
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"Organisation {i:05d}", actor_type=types[i % len(types)], city="Duisburg")
         for i in range(N_ORGS)]
    )
    through = Organisation.quartiere.through
    through.objects.bulk_create(
        [through(organisation_id=o.pk, quartier_id=quartiere[i % N_QUARTIERE].pk) for i, o in enumerate(orgs)]
    )
    for o in orgs[:: 10]:
        make_contact(o)
    coach = make_user("bench_coach", role=Role.COACH, quartier=quartiere[0])
    coord = make_user("bench_coord", role=Role.COORDINATION, programme=programme)
    return coach, coord


def main() -> int:
    coach, coord = setup()
    coach_quartier_pk = coach.roles.get().quartier_id
    from django.test import Client

    from quartiersnetz.actors.selectors import organisation_list
    from quartiersnetz.analytics.suppression import suppress_table
    from quartiersnetz.core.access import forget_scope

    def selector_page():
        forget_scope(coord)
        list(organisation_list(user=coord)[:25])
        organisation_list(user=coord).count()

    client = Client()
    client.force_login(coord)

    def list_page():
        response = client.get("/akteure/organisationen/?sort=name&page=3")
        assert response.status_code == 200, response.status_code

    import random

    rng = random.Random(1)
    table = [[rng.choice([0, 1, 2, 3, 7, 20, 50]) for _ in range(40)] for _ in range(200)]

    results = {
        "organisation_selector_first_page_and_count": timed(selector_page),
        "organisation_list_page_render": timed(list_page),
        "suppress_table_200x40": timed(lambda: suppress_table(table, k=5)),
    }
    try:
        from quartiersnetz.core.tabular import read_table

        header = "Name;Akteurstyp;Quartiere;PLZ;Ort;Breitengrad;Längengrad\n"
        rows = "".join(f"Org {i};Jobcenter;bench;47166;Duisburg;51,4{i % 10};6,7{i % 10}\n" for i in range(5000))
        blob = (header + rows).encode("cp1252")
        results["read_table_csv_5000_rows"] = timed(lambda: read_table(blob, "bench.csv"))
    except ImportError:
        pass

    if "--no-network" not in sys.argv:
        sys.path.insert(0, str(HERE))
        import network_bench

        network = network_bench.run(with_networkx="--no-networkx" not in sys.argv)
        results.update({k: v for k, v in network.items() if k.endswith("_seconds")})
        for key, value in network.items():
            if not key.endswith("_seconds"):
                print(f"{key}: {value:.6g}")

    if "--no-browser" not in sys.argv:
        sys.path.insert(0, str(HERE))
        import graph_page_bench

        from quartiersnetz.core.models import Quartier

        coach_client = Client()
        coach_client.force_login(coach)
        results.update(graph_page_bench.run(coach_client, Quartier.objects.get(pk=coach_quartier_pk)))

    if "--no-surveys" not in sys.argv:
        from quartiersnetz.surveys.bench import run as surveys_bench

        surveys = surveys_bench()
        for key, value in surveys.items():
            if isinstance(value, float) and key.endswith("_s"):
                results[f"surveys_{key}"] = value
            else:
                print(f"surveys {key}: {value}")

    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    if "--update-baseline" in sys.argv:
        BASELINE.write_text(json.dumps({k: round(v, 6) for k, v in results.items()}, indent=2) + "\n")
        print(f"baseline written to {BASELINE}")
    print(f"{'benchmark':48} {'seconds':>10} {'baseline':>10} {'ratio':>7}")
    for key, value in results.items():
        base = baseline.get(key)
        ratio = f"{value / base:7.2f}" if base else "    new"
        print(f"{key:48} {value:10.4f} {base if base else float('nan'):10.4f} {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
