"""The explorer end to end in headless Chromium (Debian's package, driven by Playwright) over loopback."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dateline.web import create_app

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Playwright's own browser download is blocked here: it drives the system Chromium, offline.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(store_db: Path) -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn")
    port = _free_port()
    app = create_app(store_db, allowed_hosts=["127.0.0.1"])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        # Nothing may leave loopback: any other request is aborted and recorded.
        outside: list[str] = []

        def only_loopback(route: Any) -> None:
            if route.request.url.startswith(base_url):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        tab.route("**/*", only_loopback)
        tab.errors = errors
        tab.outside = outside
        yield tab
        browser.close()


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/", "Overview"),
        ("/search?q=Berlin", "Search"),
        ("/timeline?q=Berlin", "Timeline"),
        ("/events", "Events"),
        ("/entities", "Actors"),
        ("/map", "Map"),
        ("/stats", "Run statistics"),
    ],
)
def test_each_page_loads_without_errors(page: Any, url: str, heading: str, tmp_path: Path) -> None:
    response = page.goto(url)
    assert response.status == 200
    assert page.locator("h1").first.inner_text().startswith(heading)
    page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
    assert (tmp_path / "page.png").stat().st_size > 1000
    assert page.errors == []
    assert page.outside == []


def test_search_then_follow_a_result_to_the_article(page: Any, tmp_path: Path) -> None:
    page.goto("/search")
    page.fill("input[name=q]", "embargo")
    page.click("form.filters button")
    page.wait_for_url("**/search?q=embargo*")
    assert page.locator("ol.results li").count() >= 1
    assert page.locator("mark").first.inner_text().lower().startswith("embargo")
    page.locator("ol.results li a").first.click()
    page.wait_for_url("**/articles/**")
    text = page.locator("article.text")
    # The script in the report is shown as text and never ran.
    assert "<script>alert(1)</script>" in text.inner_text()
    assert page.locator("article.text script").count() == 0
    sunday = page.locator("article.text span.timex", has_text="Sunday")
    assert sunday.get_attribute("title") == "DATE 2020-01-19"
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
    assert page.errors == []


def test_filter_events_by_type_sort_and_open_an_actor(page: Any) -> None:
    page.goto("/events")
    options = page.locator("select[name=type] option").all_inner_texts()
    kind = options[1]
    page.select_option("select[name=type]", kind)
    page.click("form.filters button")
    page.wait_for_url(f"**/events?*type={kind}*")
    types = page.locator("table.events tbody td:nth-child(2)").all_inner_texts()
    assert types
    assert set(types) == {kind}
    page.locator("table.events th a", has_text="date").click()
    page.wait_for_url("**order=desc*")
    csv_link = page.locator("a.csv")
    assert f"type={kind}" in (csv_link.get_attribute("href") or "")
    page.goto("/entities?q=haftar")
    page.locator("table a", has_text="Khalifa Haftar").click()
    page.wait_for_url("**/entities/**")
    assert page.locator("h1").inner_text().startswith("Khalifa Haftar")
    assert page.locator("svg.chart rect").count() >= 1


def test_timeline_zooms_into_a_month_and_opens_a_source(page: Any) -> None:
    page.goto("/timeline?q=Tripoli")
    page.locator("svg.axis text", has_text="Jan 2020").click()
    page.wait_for_url("**from=2020-01-01*")
    days = page.locator("ol.timeline > li h2").all_inner_texts()
    assert days
    assert all(day.startswith("2020-01") for day in days)
    page.locator("details.sources summary").first.click()
    page.locator("details.sources a").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("article.text").is_visible()


def test_map_draws_countries_and_zooms(page: Any) -> None:
    page.goto("/map")
    assert page.locator("#worldmap .countries path").count() > 150
    assert page.locator("#worldmap .places circle").count() >= 2
    before = page.locator("#worldmap").get_attribute("viewBox")
    page.locator("#worldmap").hover()
    page.mouse.wheel(0, -300)
    page.wait_for_function(f"document.getElementById('worldmap').getAttribute('viewBox') !== '{before}'")
    assert page.errors == []
    assert page.outside == []
