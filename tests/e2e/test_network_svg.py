"""Browser journey: a Netzwerkcoach downloads the network graph of their Quartier as SVG (button and keyboard),
and the file shows the graph as displayed: one circle group per organisation with its actor-type colour and
current size, one line per tie, double borders for the stable core, dashed ones for brokers, and the legend.

Fixed data (build_world + the tiny network of the network app's tests), waits on elements, never on time."""

import math
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from quartiersnetz.meetings.models import BodyType
from quartiersnetz.network.tests.conftest import build_tiny
from quartiersnetz.testing import build_world, make_actor_type

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SVG = "{http://www.w3.org/2000/svg}"
PASSWORD = "test-Passwort-123"


def login(page, live_server, username):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    # Wait for the redirect away from the login page, so that the next goto() cannot cancel the login.
    page.wait_for_url(lambda url: "/anmelden/" not in url)


def _rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return "rgb({},{},{})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))


def _sizes(nodes: list[dict], metric: str) -> dict[str, float]:
    """The node diameters network-graph.js gives for a centrality (18 to 60 px by the square root of the rank)."""
    lo, hi = min(n[metric] for n in nodes), max(n[metric] for n in nodes)
    span = hi - lo
    return {n["name"]: 18 + math.sqrt((n[metric] - lo) / span if span > 0 else 0.5) * 42 for n in nodes}


def _download(page, trigger) -> tuple[str, ET.Element]:
    with page.expect_download() as info:
        trigger()
    download = info.value
    with open(download.path(), encoding="utf-8") as f:
        text = f.read()
    return download.suggested_filename, ET.fromstring(text)  # noqa: S314 (a file our own page just made)


def _node_groups(root: ET.Element) -> dict[str, list[ET.Element]]:
    groups = root.findall(f".//{SVG}g[@class='node']")
    return {g.find(f"{SVG}title").text: g.findall(f"{SVG}circle") for g in groups}


def _radius(circles: list[ET.Element]) -> float:
    """The node's radius: a double border is drawn as two rings around the outline (and a smaller fill)."""
    if len(circles) == 3:
        inner, outer = float(circles[1].get("r")), float(circles[2].get("r"))
        assert float(circles[0].get("r")) == pytest.approx(inner + (outer - inner) / 4, abs=0.02)
        return (inner + outer) / 2
    return float(circles[0].get("r"))


def test_coach_downloads_the_network_as_svg(page, live_server, axe, screenshot):
    world = build_world()
    # A transactional test before may have flushed the body types seeded by the migrations.
    BodyType.objects.get_or_create(slug="steuerungsgruppe", defaults={"name": "Steuerungsgruppe"})
    tiny = build_tiny(world)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, live_server, "coach_a")
    page.goto(live_server.url + reverse("network:quartier_graph", kwargs={"slug": world.qa.slug}))
    page.wait_for_selector("#qn-network-graph[data-ready='true']")
    button = page.get_by_role("button", name="SVG herunterladen")
    assert button.is_enabled()
    screenshot("network-svg-button")
    assert axe() == []

    data = page.evaluate("JSON.parse(document.getElementById('qn-network-data').textContent)")
    nodes = data["nodes"]
    assert len(nodes) == 6 and len(data["ties"]) == 5

    filename, root = _download(page, button.click)
    assert filename == "duisburg-marxloh-netzwerk.svg"
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "Netzwerk Duisburg-Marxloh"
    assert root.find(f"{SVG}desc").text.endswith("Organisationen: 6, Beziehungen: 5.")

    # One group per organisation, named in full, filled with its actor-type colour, sized as on the page.
    groups = _node_groups(root)
    assert sorted(groups) == sorted(n["name"] for n in nodes)
    sizes = _sizes(nodes, "degree")
    by_name = {n["name"]: n for n in nodes}
    for name, circles in groups.items():
        node = by_name[name]
        assert circles[0].get("fill") == _rgb(node["actor_type"]["colour"]), name
        assert _radius(circles) == pytest.approx(sizes[name] / 2, abs=0.02), name
        if node["core"]:  # double border: the filled circle and two thin rings
            assert len(circles) == 3, name
        elif node["broker"]:
            assert len(circles) == 1 and circles[0].get("stroke-dasharray") == "4 2", name
        else:
            assert len(circles) == 1 and circles[0].get("stroke-dasharray") is None, name
    assert {n["name"] for n in nodes if n["core"]} == {tiny.jc.name, tiny.kommune.name, tiny.traeger.name}

    # Labels as displayed (short name with the role marks), one line per tie with widths by strength.
    labels = [t.text for t in root.findall(f".//{SVG}g[@class='labels']/{SVG}text")]
    assert "Werkstatt Marxloh ★ ◆" in labels and "Kita Sonnenschein ◆" in labels and len(labels) == 6
    widths = sorted(float(line.get("stroke-width")) for line in root.findall(f".//{SVG}line[@class='edge']"))
    max_strength = max(t["strength"] for t in data["ties"])
    expected = sorted(1 + 7 * math.sqrt(t["strength"] / max_strength) for t in data["ties"])
    assert widths == pytest.approx(expected, abs=0.01)

    # Everything lies inside the image.
    x0, y0, w, h = (float(v) for v in root.get("viewBox").split())
    for circles in groups.values():
        for c in circles:
            cx, cy, r = float(c.get("cx")), float(c.get("cy")), float(c.get("r"))
            assert x0 <= cx - r and cx + r <= x0 + w and y0 <= cy - r and cy + r <= y0 + h

    legend = [t.text for t in root.findall(f".//{SVG}g[@class='legend']/{SVG}text")]
    assert legend[0] == "Legende" and "★ stabiler Kern" in legend
    assert any(entry.startswith("Jobcenter") for entry in legend)

    # The file follows the view: sizing the nodes by betweenness changes the circles.
    page.get_by_label("Knotengröße nach").select_option("betweenness")
    # Keyboard: the button is reached with Tab from the PNG button and works with Enter.
    page.locator("#qn-png").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "qn-svg"
    _name, root = _download(page, lambda: page.keyboard.press("Enter"))
    sizes = _sizes(nodes, "betweenness")
    for name, circles in _node_groups(root).items():
        assert _radius(circles) == pytest.approx(sizes[name] / 2, abs=0.02), name
    assert errors == []


def test_empty_network_keeps_the_button_disabled(page, live_server):
    world = build_world()
    make_actor_type("kommune", "Kommune")  # a transactional test before may have flushed the seeded taxonomy
    login(page, live_server, "coach_a")
    # No organisation of Marxloh in the shared test world is a Kommune: the filter leaves nothing to draw.
    url = reverse("network:quartier_graph", kwargs={"slug": world.qa.slug})
    page.goto(f"{live_server.url}{url}?actor_types=kommune")
    page.wait_for_selector(".qn-network-empty")
    assert page.get_by_role("button", name="SVG herunterladen").is_disabled()
