"""The same hostile text in nine data fields and in the URL, through every screen path: 0 rendered markup,
0 executions, 0 crashes.

Paths: Streamlit Markdown (headings, captions, change list, chronology, expander labels, notices), the map's
HTML tooltips, the Gantt chart's Altair tooltip, and the offline HTML export. (Slides go through
matplotlib; their escaping is tested with the exports.)
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from geo import shapes
from geo.policy import load_policy
from geo.standalone import standalone_html
from tests.browser import ROOT, start_app
from tests.mapdriver import hover_tooltip, map_frame, wait_for_date

pytestmark = pytest.mark.browser

HOSTILE = (
    "**qqb1** :red[qqr1] [qqc1](javascript:alert(1)) <img src=x onerror=alert(2)> <script>alert(3)</script> "
    "${alert(4)} ![i1](https://example.org/i.png) $\\alpha$ <b>qqt1</b> __qqu1__"
)
# token as it must read on screen when shown literally -> the bare word that rendering would leave
LITERALS = {
    "**qqb1**": "qqb1", ":red[qqr1]": "qqr1", "[qqc1]": "qqc1", "<b>qqt1</b>": "qqt1", "__qqu1__": "qqu1",
    "$\\alpha$": "\\alpha",
}
FORBIDDEN = (
    "a[href^='javascript']",
    "a[href*='example.org']",
    "img[src='x']",
    "img[src*='example.org']",
    ".katex",
    "script:has-text('alert(3)')",
    "strong:text-is('qqb1')",
    "b:text-is('qqt1')",
    "strong:text-is('qqu1')",
    "em:text-is('qqu1')",
)
SWEDEN = (62.5, 15.5)
SWE_NAME = "Swe " + HOSTILE


def _rewrite(path: Path, match, changes: dict[str, str]) -> int:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    hits = 0
    for row in rows:
        if match(row):
            row.update(changes)
            hits += 1
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return hits


def hostile_data(target: Path) -> Path:
    """A copy of the data with the hostile text in nine fields (Sweden's name and texts, sources, notes)."""
    base = Path(os.environ.get("ATLAS_DATA_DIR") or ROOT / "data")
    data = target / "data"
    shutil.copytree(base, data)
    with (data / "restrictions.csv").open(encoding="utf-8") as handle:
        source_id = next(r for r in csv.DictReader(handle) if r["iso3"] == "SWE")["source_id"]
    hits = [
        _rewrite(data / "countries.csv", lambda r: r["iso3"] == "SWE", {"name": SWE_NAME}),
        _rewrite(data / "restrictions.csv", lambda r: r["iso3"] == "SWE", {"summary": HOSTILE}),
        _rewrite(data / "sources.csv", lambda r: r["source_id"] == source_id, {"title": HOSTILE, "publisher": HOSTILE}),
        _rewrite(data / "reviews.csv", lambda r: r["iso3"] == "SWE", {"note": HOSTILE}),
        _rewrite(data / "clean_network.csv", lambda r: r["iso3"] == "SWE", {"summary": HOSTILE}),
        _rewrite(data / "deadlines.csv", lambda r: r["iso3"] == "SWE", {"summary": HOSTILE}),
        _rewrite(
            data / "operators.csv", lambda r: r["iso3"] == "SWE", {"summary": HOSTILE, "operator": "Op " + HOSTILE}
        ),
    ]
    assert hits[0] == 1 and hits[1] >= 1 and hits[2] == 1 and hits[3] == 3, hits
    return data


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    return hostile_data(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def app_server(hostile_dir):
    server = start_app("app.py", {"ATLAS_DATA_DIR": str(hostile_dir)})
    yield server
    server.stop()


def rendered_markup(page_or_frame, literal: bool = True) -> list[str]:
    """Every sign that the hostile text was interpreted: forbidden elements, or (`literal`: data text, shown
    as written) a bare word without its markup. URL values in notices are shown reduced (`??qqb1??`)."""
    found = [sel for sel in FORBIDDEN if page_or_frame.locator(sel).count()]
    if not literal:
        return found
    # Code blocks (a citation's BibTeX) show their text verbatim with their own escaping: not counted.
    text = page_or_frame.evaluate(
        """() => { const body = document.body.cloneNode(true);
                   body.querySelectorAll('code, pre').forEach(c => c.remove());
                   document.documentElement.appendChild(body); const t = body.innerText; body.remove();
                   return t; }"""
    ).replace("\u2060", "")  # md_escape's word joiners
    for literal, word in LITERALS.items():
        if text.count(word) != text.count(literal):
            found.append(f"{literal} rendered ({text.count(word)} × {word!r}, {text.count(literal)} literal)")
    return found


def check(page, where: str, tally: dict[str, int], literal: bool = True) -> None:
    page.wait_for_timeout(500)
    markup = rendered_markup(page, literal)
    tally["rendered"] += len(markup)
    tally["executions"] += len(page.evaluate("window.__xss || []"))
    body = page.locator("body").inner_text()
    tally["crashes"] += ("Traceback" in body) + page.locator("[data-testid='stException']").count()
    tally["paths"] += 1
    assert not markup, (where, markup)


@pytest.fixture
def xss_page(page):
    page.add_init_script("window.__xss = []; window.alert = (m) => window.__xss.push(m);")
    return page


def test_hostile_text_through_every_screen_path(app_server, xss_page, network_guard, hostile_dir, tmp_path):
    page, tally = xss_page, {"rendered": 0, "executions": 0, "crashes": 0, "paths": 0}
    url = app_server.url
    page.goto(f"{url}/?layer=restriction&date=2020-10&country=SWE")
    frame = map_frame(page)
    wait_for_date(frame, "2020-10")
    page.locator("h3:has-text('Swe **qqb1**')").first.wait_for(timeout=30000)  # the country panel's heading
    page.get_by_text("What changed in").first.click()
    check(page, "map page: heading, panel, change list", tally)
    tip = hover_tooltip(page, frame, *SWEDEN)
    assert "<img src=x" in tip and "**qqb1**" in tip, tip
    assert not rendered_markup(frame), rendered_markup(frame)
    tally["paths"] += 1

    page.goto(f"{url}/?present=1&layer={quote(HOSTILE)}&alliance={quote(HOSTILE)}")
    toast = page.locator("[data-testid='stToast']").first
    toast.wait_for(timeout=30000)
    assert "??qqb1??" in toast.inner_text()
    check(page, "presentation notices (toast)", tally, literal=False)

    for path, ready, literal in (
        ("/Country_profile?country=SWE", "Chronology", True),
        ("/Compare?layer=restriction&from=2020-01&to=2021-01", "changed category", True),
        ("/Data_and_sources?layer=restriction&date=2021-01", "Methodology", True),
        (f"/Data_and_sources?layer={quote(HOSTILE)}&country={quote(HOSTILE)}", "Unknown layer", False),
        ("/Chronology", "Chronology", True),
    ):
        page.goto(url + path)
        page.get_by_text(ready).first.wait_for(timeout=45000)
        for expander in page.locator("[data-testid='stExpander'] summary").all():
            expander.click()
        check(page, path, tally, literal)

    tip = altair_tooltip(page, hostile_dir)
    assert not rendered_markup(page), rendered_markup(page)
    assert "<img src=x" in tip["text"], tip
    assert "<img" not in tip["html"] and "<strong" not in tip["html"], tip
    tally["paths"] += 1

    policy = load_policy(hostile_dir)
    frame_shapes = shapes.load_shapes()
    offline = standalone_html(
        policy, shapes.SHAPES_FILE.read_text(encoding="utf-8"), shapes.microstate_points(frame_shapes)
    )
    page.set_content(offline)
    page.wait_for_timeout(1500)
    assert "**qqb1**" in page.locator("body").text_content()  # the sources list holds the title literally
    check(page, "offline HTML", tally)

    assert not [b for b in network_guard.blocked if b.startswith("dialog:")]
    print(f"hostile text: {tally}")
    assert tally == {"rendered": 0, "executions": 0, "crashes": 0, "paths": tally["paths"]} and tally["paths"] >= 8


def altair_tooltip(page, hostile_dir: Path) -> dict[str, str]:
    """Hover Sweden's bar in the Gantt chart (Vega draws SVG; each bar names its data in aria-label) and
    read Vega's tooltip."""
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.wait_for(timeout=30000)
    chart.scroll_into_view_if_needed()
    bar = chart.locator("g.mark-rect path[aria-label*='Swe']").first
    bar.wait_for(state="attached", timeout=20000)
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2 - 2, box["y"] + box["height"] / 2)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tip = page.locator("#vg-tooltip-element.visible")
    tip.wait_for(timeout=10000)
    return {"text": tip.inner_text(), "html": tip.inner_html()}
