"""Take the README/docs screenshots from a running demo (make demo): python scripts/screenshots.py [BASE_URL]."""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "quartier-demo-2013"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

SHOTS = [
    ("koordination", "/", "start-koordination"),
    ("koordination", "/quartiere/", "quartiere"),
    ("koordination", "/quartiere/duisburg-marxloh/", "quartier-marxloh"),
    ("coach.marxloh", "/akteure/organisationen/?quartier=duisburg-marxloh", "organisationen-coach"),
    ("coach.marxloh", "/akteure/ansprechpersonen/", "ansprechpersonen-coach"),
    ("admin", "/protokoll/", "aenderungsprotokoll"),
    ("auswertung", "/", "start-auswertung"),
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for username, path, name in SHOTS:
            context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 860})
            page = context.new_page()
            page.goto(f"{BASE}/anmelden/")
            page.get_by_label("Benutzername").fill(username)
            page.get_by_label("Passwort").fill(PASSWORD)
            page.get_by_role("button", name="Anmelden").click()
            page.wait_for_selector("h1")
            response = page.goto(BASE + path)
            print(name, response.status)
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=False)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
