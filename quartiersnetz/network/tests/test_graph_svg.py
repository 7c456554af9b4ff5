"""The graph page offers the SVG download: a real German button next to the PNG button, our serializer loaded
before the graph script, and every script of the page resolvable by the staticfiles finders (npm assets included).
The download itself is exercised in the browser journey tests/e2e/test_network_svg.py."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.buttons: dict[str, dict] = {}
        self.scripts: list[str] = []
        self._button: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "button" and attrs.get("id"):
            self._button = attrs["id"]
            self.buttons[self._button] = dict(attrs, text="")
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])

    def handle_endtag(self, tag):
        if tag == "button":
            self._button = None

    def handle_data(self, data):
        if self._button:
            self.buttons[self._button]["text"] += data


def parse(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    return page


def graph(client, user, slug, **query):
    client.force_login(user)
    return client.get(reverse("network:quartier_graph", kwargs={"slug": slug}), query)


def test_svg_button_sits_next_to_png_and_is_german(client, tiny):
    response = graph(client, tiny.world.coach_a, tiny.world.qa.slug)
    assert response.status_code == 200
    page = parse(response)
    assert list(page.buttons).index("qn-svg") == list(page.buttons).index("qn-png") + 1
    svg = page.buttons["qn-svg"]
    assert svg["type"] == "button"
    # Disabled until the graph script has drawn the network (stays disabled without JavaScript).
    assert "disabled" in svg
    assert svg["text"].strip() == "SVG herunterladen"
    assert svg["data-title"] == "Netzwerk Duisburg-Marxloh"
    assert svg["data-legend-title"] == "Legende"
    assert svg["data-desc"] == "Netzwerkgraph, exportiert aus Quartiersnetz. Organisationen: 6, Beziehungen: 5."


def test_svg_description_follows_the_filter(client, tiny):
    response = graph(client, tiny.world.coach_a, tiny.world.qa.slug, actor_types=["jobcenter", "kommune"])
    desc = parse(response).buttons["qn-svg"]["data-desc"]
    assert desc.endswith("Organisationen: 2, Beziehungen: 1.")


def test_scripts_resolve_and_serializer_loads_before_the_graph(client, tiny):
    page = parse(graph(client, tiny.world.coach_a, tiny.world.qa.slug))
    static = [src.removeprefix(settings.STATIC_URL) for src in page.scripts if src.startswith(settings.STATIC_URL)]
    assert static.index("vendor/cytoscape/cytoscape.min.js") < static.index("network/network-svg.js") < static.index(
        "network/network-graph.js")
    for path in static:
        assert finders.find(path), f"static file {path} is not found (did `make install` run npm ci?)"
    serializer = Path(finders.find("network/network-svg.js")).read_text(encoding="utf-8")
    assert "window.qnNetworkSvg = function" in serializer


def test_unknown_static_path_is_not_found():
    # The finder check above can fail: a path that is not shipped resolves to nothing.
    assert finders.find("network/network-svg-missing.js") is None
    assert finders.find("vendor/cytoscape/cytoscape-missing.js") is None


def test_other_quartier_graph_has_no_download(client, tiny):
    response = graph(client, tiny.world.coach_a, tiny.world.qb.slug)
    assert response.status_code == 404
    assert b'id="qn-svg"' not in response.content

