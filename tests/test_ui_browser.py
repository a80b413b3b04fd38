"""The analyst's page in a real browser: Debian's headless Chromium, driven by Playwright, against
the service on 127.0.0.1. Skipped when /usr/bin/chromium or Playwright is absent; no browser is
ever downloaded. Screenshots are kept in ``artifacts/`` (git-ignored) for a person to look at."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.conftest import ROOT

# A real browser against a real server: out of the fast lane.
pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is absent: install Debian's chromium package (apt-get install -y chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright for Python is not installed (the test extra has it)"
)

ARTIFACTS = ROOT / "artifacts"
# As root, offline: no sandbox, and none of the background traffic that stalls on refused
# connections (component updates, sync, QUIC probes...).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 90_000  # generous: two shared cores; nothing here asserts on time

# WCAG contrast of an element's text against the first opaque background behind it.
CONTRAST_JS = """
(selectors) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = {};
  for (const sel of selectors) {
    const el = document.querySelector(sel);
    if (!el) { out[sel] = null; continue; }
    const a = lum(rgb(getComputedStyle(el).color).slice(0, 3));
    const b = lum(background(el));
    out[sel] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def base_url(app: Flask) -> Iterator[str]:
    """The app (pipeline already loaded) behind a threaded HTTP server on a free local port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One Chromium for the module, with a fresh profile directory."""
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        yield context
        context.close()


@pytest.fixture()
def page(browser: Any, base_url: str) -> Iterator[tuple[Any, list[str]]]:
    """A tab that may talk only to the service: anything else is refused and recorded."""
    tab = browser.new_page()
    tab.set_default_timeout(WAIT_MS)
    elsewhere: list[str] = []
    errors: list[str] = []

    def only_local(route: Any) -> None:
        url = route.request.url
        if url.startswith(base_url + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    tab.route("**/*", only_local)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab, elsewhere
    tab.close()
    assert not errors, f"JavaScript errors: {errors}"


def _edge(tab: Any, holder: str, target: str, label: str) -> Any:
    selector = f'g.edge[data-holder="{holder}"][data-target="{target}"][data-label="{label}"]'
    return tab.locator(selector)


def _evidence_is_highlighted(tab: Any) -> None:
    """Every listed evidence sentence is marked in the article, and its cue words too."""
    sentences = tab.locator("#evidence li q.sentence").all_inner_texts()
    assert sentences
    # innerText folds line breaks into spaces; compare with whitespace collapsed
    marked = " ".join("".join(tab.locator("#article .seg.ev").all_text_contents()).split())
    for sentence in sentences:
        assert " ".join(sentence.strip('“”"').split()) in marked
    cues = tab.locator("#evidence li .cue").all_inner_texts()
    marked_cues = " ".join(tab.locator("#article .seg.cue").all_text_contents())
    for cue in cues:
        assert cue in marked_cues


def test_seed_article_highlights_graph_and_evidence(page: tuple[Any, list[str]], base_url: str):
    tab, elsewhere = page
    tab.goto(base_url + "/")
    # The example is one click away: it loads the seed with its date and runs the extraction.
    tab.click("#example")
    tab.wait_for_selector("body[data-state=done]")
    assert tab.input_value("#published") == "2022-06-15"

    # "Beijing" is highlighted as China; focusing it (keyboard) shows the normalized value.
    beijing = tab.locator("#article mark.ent", has_text=re.compile(r"^Beijing$")).first
    assert beijing.get_attribute("data-name") == "China"
    beijing.focus()
    tip = tab.locator("#tip")
    assert tip.is_visible()
    assert "China" in tip.inner_text()
    assert "CHN" in tip.inner_text()
    # Dates show their TIMEX3 value: "last year" is 2021 when published on 2022-06-15.
    last_year = tab.locator("#article mark.date", has_text=re.compile(r"^last year$")).first
    assert last_year.get_attribute("data-value") == "2021"
    last_year.hover()  # the mouse shows the same box as the keyboard
    assert "2021" in tip.inner_text()
    assert tab.locator("#article mark.fig").count() >= 1

    # The stance graph: China -> Russia supportive; clicking its edge lists the evidence and
    # marks it in the text.
    supportive = _edge(tab, "China", "Russia", "supportive")
    assert supportive.count() == 1
    supportive.locator(".handle").click()
    assert supportive.get_attribute("aria-pressed") == "true"
    assert "China → Russia" in tab.inner_text("#evidence h3")
    _evidence_is_highlighted(tab)

    # The four tables and the raw JSON.
    for table in ("entities", "dates", "figures", "stances"):
        assert tab.locator(f"#{table}-table tbody tr").count() >= 1, table
    assert tab.get_attribute("#raw-json", "href").startswith("blob:")

    # Readable contrast (WCAG AA, 4.5:1) for highlights, evidence, labels and controls.
    ratios = tab.evaluate(
        CONTRAST_JS,
        ["mark.ent", "mark.date", "mark.fig", ".seg.cue", ".seg.ev", "button.primary",
         ".label.supportive", ".label.critical", "#status", ".hint", "#tip"],
    )  # fmt: skip
    low = {sel: ratio for sel, ratio in ratios.items() if ratio is not None and ratio < 4.5}
    assert not low, f"contrast below 4.5:1: {low}"

    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "ui-seed.png"), full_page=True)
    assert not elsewhere, f"the page asked for other hosts: {elsewhere}"

    # United States -> China critical, reached from the keyboard: focus the edge, press Enter.
    critical = _edge(tab, "United States", "China", "critical")
    shown = tab.locator("g.edge").evaluate_all("gs => gs.map(g => g.getAttribute('aria-label'))")
    assert critical.count() == 1, f"no critical edge United States -> China; edges: {shown}"
    critical.focus()
    tab.keyboard.press("Enter")
    assert critical.get_attribute("aria-pressed") == "true"
    assert supportive.get_attribute("aria-pressed") == "false"
    assert "United States → China" in tab.inner_text("#evidence h3")
    _evidence_is_highlighted(tab)
    tab.screenshot(path=str(ARTIFACTS / "ui-seed-critical.png"), full_page=True)


def test_keyboard_only_on_a_narrow_screen(page: tuple[Any, list[str]], base_url: str) -> None:
    tab, elsewhere = page
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(base_url + "/")
    # Keyboard only: the article field is the first control after the skip link and the nav.
    for _ in range(3):
        tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.id") == "text"
    for _ in range(10):
        if tab.evaluate("document.activeElement.id") == "example":
            break
        tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    tab.wait_for_selector("body[data-state=done]")

    # Narrow: the graph gives way to the tables, which are all there.
    assert not tab.locator("#graph").is_visible()
    for table in ("entities", "dates", "figures", "stances"):
        assert tab.locator(f"#{table}-table table").is_visible(), table
    # A stance's evidence is still reachable, from its row in the stance table.
    tab.locator("#stances-table tbody tr button").first.focus()
    tab.keyboard.press("Enter")
    assert tab.locator("#evidence li").count() >= 1
    _evidence_is_highlighted(tab)
    # An entity's row outlines its mentions in the text: all of them, and only them.
    tab.locator("#entities-table button", has_text=re.compile(r"^China$")).click()
    picked = tab.locator("#article mark.picked")
    assert picked.count() >= 2
    assert set(picked.evaluate_all("ms => ms.map(m => m.dataset.name)")) == {"China"}
    # Nothing is wider than the screen: wide tables scroll inside their own boxes.
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390

    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "ui-narrow.png"), full_page=True)
    assert not elsewhere, f"the page asked for other hosts: {elsewhere}"
