"""Benchmark of the network graph page (issue 8): 300 organisations and 900 ties drawn interactively.

Renders the real page with Django's test client, then opens it in Debian's Chromium (Playwright; static files
are served from Django's staticfiles finders through a request route, so no server is needed) and measures the
time from navigation until the graph reports `data-ready` (layout done, nodes pushed apart, handlers attached),
and how long a zoom-and-redraw takes afterwards. Skipped when Chromium is not installed.
"""

from __future__ import annotations

import mimetypes
import os
import random
import shutil
import statistics
import time

N_NODES = 300
N_TIES = 900
BASE = "http://bench.invalid"


def _ties(quartier, organisations, seed=300):
    from quartiersnetz.network.models import ManualTie

    rng = random.Random(seed)
    n = len(organisations)
    pairs = {(rng.randrange(v), v) for v in range(1, n)}
    while len(pairs) < N_TIES:
        u, v = rng.randrange(n), rng.randrange(n)
        if u != v:
            pairs.add((min(u, v), max(u, v)))
    levels = ["kenntnis", "austausch", "abstimmung", "kooperation", "verbund"]
    ManualTie.objects.bulk_create(
        [ManualTie(quartier=quartier, organisation_a=organisations[u], organisation_b=organisations[v],
                   tie_type=rng.choice(levels)) for u, v in sorted(pairs)]
    )


def run(client, quartier, *, repeat: int = 3) -> dict[str, float]:
    chromium = os.environ.get("QN_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        print("graph page benchmark skipped: chromium is not installed")
        return {}
    from django.contrib.staticfiles import finders
    from django.urls import reverse
    from playwright.sync_api import sync_playwright

    organisations = list(quartier.organisations.order_by("pk")[:N_NODES])
    assert len(organisations) == N_NODES, len(organisations)
    _ties(quartier, organisations)
    url = reverse("network:quartier_graph", kwargs={"slug": quartier.slug})
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    html = response.content

    def route(request_route):
        path = request_route.request.url.removeprefix(BASE)
        if path.split("?")[0] == url:
            return request_route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        if path.startswith("/static/"):
            found = finders.find(path.removeprefix("/static/").split("?")[0])
            if found:
                with open(found, "rb") as f:
                    body = f.read()
                kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return request_route.fulfill(status=200, content_type=kind, body=body)
        return request_route.fulfill(status=404, body=b"")

    ready, redraw = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", route)
            start = time.perf_counter()
            page.goto(BASE + url)
            graph = page.wait_for_selector("#qn-network-graph[data-ready='true']", timeout=120000)
            ready.append(time.perf_counter() - start)
            nodes = graph.evaluate("(c) => c.qnCy.nodes().length")
            assert nodes == N_NODES, nodes
            redraw.append(graph.evaluate(
                """(c) => new Promise(resolve => { const cy = c.qnCy; const t = performance.now();
                cy.zoom({level: 2, renderedPosition: {x: 400, y: 300}});
                requestAnimationFrame(() => requestAnimationFrame(() => resolve((performance.now() - t) / 1000)));
                })"""
            ))
            page.close()
        browser.close()
    return {
        "graph_page_300_nodes_ready_seconds": statistics.median(ready),
        "graph_page_300_nodes_zoom_redraw_seconds": statistics.median(redraw),
    }
