"""The explorer in-process: every page and its JSON twin, filters, errors, escaping, the CSV download."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dateline.store import StoreError
from dateline.web import create_app
from dateline.web.app import _cell
from dateline.web.charts import bar_chart, fill_months, time_axis
from dateline.web.highlight import Span, segments
from dateline.web.worldmap import HEIGHT, WIDTH, country_paths, project

with warnings.catch_warnings():
    # Starlette >= 1.0 warns when its test client runs on httpx rather than httpx2.
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(store_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_db)) as test_client:
        yield test_client


def one(db: Path, sql: str, *params: Any) -> Any:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchone()[0]


@pytest.fixture(scope="module")
def script_article(store_db: Path) -> str:
    return str(one(store_db, "SELECT id FROM articles WHERE text LIKE '%<script>%'"))


@pytest.fixture(scope="module")
def haftar(store_db: Path) -> str:
    return str(one(store_db, "SELECT actor FROM entities WHERE text = 'Khalifa Haftar' AND actor IS NOT NULL"))


# --- every page and its twin ------------------------------------------------------------------


PAGES = ["/", "/search?q=Berlin", "/timeline?q=Berlin", "/events", "/entities", "/map", "/stats"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_html_with_its_json_twin_linked(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<nav>" in response.text
    path, _, query = url.partition("?")
    twin = ("/index.json" if path == "/" else f"{path}.json") + (f"?{query}" if query else "")
    assert f'href="{twin}"' in response.text
    data = client.get(twin)
    assert data.status_code == 200
    assert data.headers["content-type"] == "application/json"
    assert isinstance(data.json(), dict)


def test_home_counts_the_store(client: TestClient, store_db: Path) -> None:
    data = client.get("/index.json").json()
    assert data["counts"]["articles"] == one(store_db, "SELECT count(*) FROM articles")
    assert "Harbour News" in data["counts"]["sources"]
    assert {a["name"] for a in data["actors"]} >= {"Khalifa Haftar"}
    assert data["recent"][0]["published"] >= data["recent"][-1]["published"]


def test_openapi_lists_every_json_twin(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    expected = {"/index.json", "/search.json", "/timeline.json", "/events.json", "/events.csv", "/entities.json",
                "/entities/{actor_id}.json", "/articles/{article_id}.json", "/map.json", "/stats.json"}  # fmt: skip
    assert expected <= set(paths)


# --- search -----------------------------------------------------------------------------------


def test_search_finds_and_facets(client: TestClient) -> None:
    data = client.get("/search.json", params={"q": "embargo"}).json()
    assert data["total"] >= 1
    assert all(r["source"] for r in data["results"])
    assert ("Harbour News", 1) in [tuple(s) for s in data["sources"]]
    assert [m for m, _ in data["months"]] == sorted(m for m, _ in data["months"])
    hits = [p["text"] for r in data["results"] for p in r["snippet"] if p["hit"]]
    assert any(h.lower().startswith("embargo") for h in hits)


TASS = {"TASS"}  # the shared seeds, when present, are TASS reports that mention Tripoli too


@pytest.mark.parametrize(
    ("params", "found", "allowed"),
    [
        ({"q": "Tripoli"}, {"Harbour News", "Nile Wire"}, {"Harbour News", "Nile Wire", *TASS}),
        ({"q": "Tripoli", "source": "Nile Wire"}, {"Nile Wire"}, {"Nile Wire"}),
        ({"q": "Tripoli", "from": "2020-02"}, {"Nile Wire"}, {"Nile Wire", *TASS}),
        ({"q": "Tripoli", "to": "2020-01-31"}, {"Harbour News"}, {"Harbour News", *TASS}),
    ],
)
def test_search_filters(client: TestClient, params: dict[str, str], found: set[str], allowed: set[str]) -> None:
    data = client.get("/search.json", params=params).json()
    sources = {r["source"] for r in data["results"]}
    assert found <= sources <= allowed
    assert data["total"] == len(data["results"])
    if "source" in params:  # the source facet ignores the source filter, to switch between sources
        assert len(data["sources"]) >= 2


def test_search_pages_and_caps_the_page_size(client: TestClient) -> None:
    first = client.get("/search.json", params={"q": "Libya", "limit": 1}).json()
    second = client.get("/search.json", params={"q": "Libya", "limit": 1, "offset": 1}).json()
    assert len(first["results"]) == len(second["results"]) == 1
    assert first["results"][0]["id"] != second["results"][0]["id"]
    response = client.get("/search.json", params={"q": "Libya", "limit": 501})
    assert response.status_code == 400
    assert "E703" in response.json()["error"]
    assert "limit" in response.json()["error"]


def test_search_without_words_shows_the_form(client: TestClient) -> None:
    assert client.get("/search.json").json()["results"] == []
    assert 'name="q"' in client.get("/search").text


@pytest.mark.parametrize("url", ["/search.json?q=Libya%20AND", "/search.json?q=NEAR(", "/search.json?q=a&from=June"])
def test_bad_search_is_a_400_with_a_message(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["error"].startswith("E70")
    assert "Traceback" not in response.text


# --- escaping -----------------------------------------------------------------------------------


def test_a_script_in_an_article_shows_as_text(client: TestClient, script_article: str) -> None:
    page = client.get(f"/articles/{script_article}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.split("<article", 1)[1].split("</article>", 1)[0]
    search = client.get("/search", params={"q": "alert"}).text
    assert "<script>alert" not in search
    assert "&lt;script&gt;" in search


def test_markup_in_query_parameters_is_escaped(client: TestClient) -> None:
    page = client.get("/search", params={"q": '"><script>x()</script>'})
    assert "<script>x()" not in page.text
    timeline = client.get("/timeline", params={"actor": "<img src=x onerror=y>"})
    assert timeline.status_code == 200
    assert "<img src=x" not in timeline.text
    assert "&lt;img src=x onerror=y&gt;" in timeline.text


def test_pages_forbid_inline_scripts(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


# --- articles -----------------------------------------------------------------------------------


def test_article_text_is_highlighted_and_whole(client: TestClient, script_article: str, haftar: str) -> None:
    data = client.get(f"/articles/{script_article}.json").json()
    assert "".join(s["text"] for s in data["segments"]) == data["text"]
    assert data["source"] == "Harbour News"
    assert data["copies"][0]["path"].endswith("harbour_1.txt")
    page = client.get(f"/articles/{script_article}").text
    # "Sunday" in a report of Monday 2020-01-20 is normalised to the day before, shown on hover.
    assert '<span class="timex" title="DATE 2020-01-19">Sunday</span>' in page
    assert f'href="/entities/{haftar}">Khalifa Haftar</a>' in page
    assert 'class="trigger"' in page
    assert 'id="s-1"' in page


def test_an_article_is_found_by_a_unique_prefix(client: TestClient, script_article: str) -> None:
    assert client.get(f"/articles/{script_article[:8]}.json").json()["id"] == script_article


@pytest.mark.parametrize("url", ["/articles/0000000000000000", "/articles/ab", "/articles/" + "f" * 100])
def test_unknown_article_is_a_404_page(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "E701" in page.text
    data = client.get(url + ".json")
    assert data.status_code == 404
    assert data.json()["error"].startswith("E701")


def test_unknown_route_is_a_404(client: TestClient) -> None:
    assert client.get("/nowhere").status_code == 404
    assert client.get("/nowhere.json").json() == {"status": 404, "error": "E705 no such page"}


# --- events -----------------------------------------------------------------------------------


def test_events_filter_by_type_and_actor(client: TestClient, haftar: str) -> None:
    everything = client.get("/events.json", params={"limit": 500}).json()
    assert everything["total"] == len(everything["events"]) > 0
    kind = everything["events"][0]["type"]
    typed = client.get("/events.json", params={"type": kind.lower(), "limit": 500}).json()
    assert typed["events"]
    assert {e["type"] for e in typed["events"]} == {kind}
    assert typed["total"] == sum(e["type"] == kind for e in everything["events"])
    theirs = client.get("/events.json", params={"actor": haftar}).json()["events"]
    assert theirs
    assert all(haftar in (e["source"], e["target"]) for e in theirs)


def test_events_filter_by_date_and_country(client: TestClient) -> None:
    january = client.get("/events.json", params={"from": "2020-01", "to": "2020-01", "limit": 500}).json()
    assert january["events"]
    assert all(e["date"].startswith("2020-01") for e in january["events"])
    assert [m for m, n in january["months"] if n] == ["2020-01"]
    libya = client.get("/events.json", params={"country": "lby", "limit": 500}).json()["events"]
    assert libya
    assert all("LBY" in (e["source_country"], e["target_country"]) for e in libya)


def test_events_sort_both_ways(client: TestClient) -> None:
    up = client.get("/events.json", params={"sort": "type", "limit": 500}).json()["events"]
    down = client.get("/events.json", params={"sort": "type", "order": "desc", "limit": 500}).json()["events"]
    assert [e["type"] for e in up] == sorted(e["type"] for e in up)
    assert [e["type"] for e in down] == sorted((e["type"] for e in up), reverse=True)
    assert client.get("/events.json", params={"sort": "rowid; DROP TABLE events"}).status_code == 400


def test_events_page_has_a_chart_and_sort_links(client: TestClient) -> None:
    page = client.get("/events").text
    assert '<svg class="chart"' in page
    assert "sort=type" in page
    assert 'href="/events.csv"' in page


def test_csv_download_is_exactly_what_is_shown(client: TestClient) -> None:
    params = {"sort": "confidence", "order": "desc", "limit": 3, "offset": 1}
    shown = client.get("/events.json", params=params).json()["events"]
    response = client.get("/events.csv", params=params)
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == [e["id"] for e in shown]
    assert [r["trigger"] for r in rows] == [e["trigger"] for e in shown]
    page = client.get("/events", params=params).text
    assert 'href="/events.csv?sort=confidence&amp;order=desc&amp;limit=3&amp;offset=1"' in page


def test_events_filter_by_confidence_and_the_csv_follows(client: TestClient) -> None:
    everything = client.get("/events.json", params={"limit": 500}).json()["events"]
    confidences = [e["confidence"] for e in everything]
    assert min(confidences) < max(confidences)
    cut = round((min(confidences) + max(confidences)) / 2, 3)
    params = {"min_confidence": cut, "limit": 500}
    kept = client.get("/events.json", params=params).json()
    assert kept["events"] == [e for e in everything if e["confidence"] >= cut]
    assert 0 < kept["total"] < len(everything)
    rows = list(csv.DictReader(io.StringIO(client.get("/events.csv", params=params).text)))
    assert [r["id"] for r in rows] == [e["id"] for e in kept["events"]]
    page = client.get("/events", params=params).text
    assert f'name="min_confidence" value="{cut}"' in page
    assert f"min_confidence={cut}" in page.split('href="/events.csv?')[1].split('"')[0]
    # A blank form field is no filter.
    assert client.get("/events.json", params={"min_confidence": "", "limit": 500}).json()["events"] == everything


@pytest.mark.parametrize(("value", "code"), [("1.5", "E111"), ("-0.1", "E111"), ("nan", "E111"), ("high", "E703")])
def test_bad_min_confidence_is_a_400(client: TestClient, value: str, code: str) -> None:
    for url in ("/events.json", "/events.csv"):
        response = client.get(url, params={"min_confidence": value})
        assert response.status_code == 400
        assert response.json()["error"].startswith(code)
    assert code in client.get("/events", params={"min_confidence": value}).text


def test_csv_cells_never_start_a_formula() -> None:
    assert _cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert _cell("-1") == "'-1"
    assert _cell("Tripoli") == "Tripoli"
    assert _cell(0.5) == 0.5


# --- entities ---------------------------------------------------------------------------------


def test_entity_page_shows_the_actor(client: TestClient, haftar: str) -> None:
    data = client.get(f"/entities/{haftar}.json").json()
    assert data["actor"]["name"] == "Khalifa Haftar"
    assert data["actor"]["country"] == "LBY"
    assert sum(n for _, n in data["months"]) >= 2
    assert data["co_actors"]
    assert all(c["id"] != haftar for c in data["co_actors"])
    assert all(e["other"] != haftar for e in data["as_source"] + data["as_target"])
    page = client.get(f"/entities/{haftar}").text
    assert "<h1>Khalifa Haftar" in page
    assert "Mentions per month" in page


def test_entity_list_filters_by_name(client: TestClient) -> None:
    actors = client.get("/entities.json", params={"q": "haftar"}).json()["actors"]
    assert actors
    assert all("haftar" in (a["id"] + a["name"] + " ".join(a["aliases"])).lower() for a in actors)


def test_unknown_entity_is_a_404(client: TestClient) -> None:
    assert client.get("/entities/person:nobody").status_code == 404
    assert client.get("/entities/person:nobody.json").json()["error"].startswith("E702")


# --- timeline -----------------------------------------------------------------------------------


def test_timeline_of_a_query_links_its_sources(client: TestClient) -> None:
    data = client.get("/timeline.json", params={"q": "Berlin"}).json()
    assert data["message"] is None
    assert "2020-01-19" in [e["date"] for e in data["entries"]]
    page = client.get("/timeline", params={"q": "Berlin"}).text
    assert 'id="d-2020-01-19"' in page
    assert '<svg class="axis"' in page
    assert "/articles/" in page


@pytest.mark.parametrize("params", [{"actor": "Khalifa Haftar"}, {"place": "Tripoli"}])
def test_timeline_of_an_actor_or_a_place(client: TestClient, params: dict[str, str]) -> None:
    data = client.get("/timeline.json", params=params).json()
    assert data["message"] is None
    assert data["entries"]


def test_timeline_zooms_into_a_range(client: TestClient) -> None:
    data = client.get("/timeline.json", params={"q": "Tripoli", "from": "2020-01-01", "to": "2020-01-31"}).json()
    assert data["entries"]
    assert all(e["date"].startswith("2020-01") for e in data["entries"])


def test_timelines_are_remembered_until_the_store_changes(store_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.web import app as web_app

    calls: list[object] = []
    real = web_app.store_timeline

    def counting(*args: Any) -> Any:
        calls.append(args[1])
        return real(*args)

    monkeypatch.setattr(web_app, "store_timeline", counting)
    with TestClient(create_app(store_db)) as fresh:
        first = fresh.get("/timeline.json", params={"q": "Berlin"}).json()
        assert fresh.get("/timeline.json", params={"q": "Berlin"}).json() == first
        assert len(calls) == 1
        fresh.get("/timeline.json", params={"q": "Sirte"})
        assert len(calls) == 2
        stat = store_db.stat()
        os.utime(store_db, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # as a new ingest would
        assert fresh.get("/timeline.json", params={"q": "Berlin"}).json() == first
        assert len(calls) == 3


def test_timeline_that_selects_nothing_says_why(client: TestClient) -> None:
    data = client.get("/timeline.json", params={"q": "zeppelin"}).json()
    assert data["entries"] == []
    assert data["message"].startswith("E612")
    assert "E612" in client.get("/timeline", params={"q": "zeppelin"}).text


@pytest.mark.parametrize(
    ("params", "code"),
    [({"from": "2020-02-01", "to": "2020-01-01"}, "E602"), ({"from": "2020-02-30"}, "E703"), ({"dates": 0}, "E703")],
)
def test_bad_timeline_requests_are_400s(client: TestClient, params: dict[str, Any], code: str) -> None:
    response = client.get("/timeline.json", params=params)
    assert response.status_code == 400
    assert response.json()["error"].startswith(code)


# --- map and stats ------------------------------------------------------------------------------


def test_map_places_points_on_the_world(client: TestClient) -> None:
    data = client.get("/map.json").json()
    names = {p["name"] for p in data["places"]}
    assert {"Berlin", "Tripoli"} <= names
    assert all(0 <= p["x"] <= WIDTH and 0 <= p["y"] <= HEIGHT for p in data["places"])
    page = client.get("/map").text
    assert page.count("<path d=") > 150
    assert "/static/zoom.js" in page
    assert "http" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]  # nothing loaded from elsewhere


def test_stats_show_each_stage_of_each_run(client: TestClient) -> None:
    data = client.get("/stats.json").json()
    assert data["runs"]
    assert "dateline.timex.v1" in data["runs"][0]["by_stage"]
    assert "dateline.timex.v1" in client.get("/stats").text


def test_static_files_and_vendored_licence_are_served(client: TestClient) -> None:
    assert client.get("/static/style.css").status_code == 200
    assert "Bostock" in client.get("/static/vendor/world-atlas/LICENSE").text
    assert client.get("/static/../app.py").status_code == 404


# --- safety -------------------------------------------------------------------------------------


def test_the_store_is_never_written(store_db: Path, client: TestClient) -> None:
    before = hashlib.sha256(store_db.read_bytes()).hexdigest()
    for url in [*PAGES, "/events.csv", "/articles/0000"]:
        client.get(url)
    assert hashlib.sha256(store_db.read_bytes()).hexdigest() == before


def test_a_missing_store_fails_at_start(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="E103"):
        create_app(tmp_path / "absent.db")


def test_a_failure_is_a_500_without_a_traceback(store_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.store import web_queries

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(web_queries, "recent_articles", broken)
    with TestClient(create_app(store_db), raise_server_exceptions=False) as failing:
        for url in ("/", "/index.json"):
            response = failing.get(url)
            assert response.status_code == 500
            assert "E700" in response.text
            assert "secret internals" not in response.text
            assert "Traceback" not in response.text


def test_other_hosts_are_refused_when_hosts_are_set(store_db: Path) -> None:
    with TestClient(create_app(store_db, allowed_hosts=["127.0.0.1"])) as guarded:
        assert guarded.get("/").status_code == 400
        assert guarded.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200


# --- the pieces ---------------------------------------------------------------------------------


def test_segments_cover_the_text_and_carry_overlapping_spans() -> None:
    text = "Haftar met Sarraj on Sunday."
    spans = [Span(0, 6, "ent", "PERSON", "/entities/x"), Span(0, 10, "quote", "q"), Span(21, 27, "timex", "DATE d")]
    pieces = segments(text, spans, {11: "s-1"})
    assert "".join(p.text for p in pieces) == text
    assert pieces[0].text == "Haftar"
    assert pieces[0].classes == "quote ent" or pieces[0].classes == "ent quote"
    assert pieces[0].href == "/entities/x"
    assert next(p for p in pieces if p.anchor == "s-1").text.startswith("Sarraj")
    assert next(p for p in pieces if p.text == "Sunday").title == "DATE d"
    assert segments("abc", [Span(2, 9, "ent", "out of range")]) == segments("abc", [])


def test_months_are_filled_and_charted() -> None:
    filled = fill_months([("2019-11", 2), ("2020-02", 1)])
    assert filled == [("2019-11", 2), ("2019-12", 0), ("2020-01", 0), ("2020-02", 1)]
    chart = bar_chart(filled)
    assert chart.top == 2
    assert chart.bars[0].height == chart.height
    assert chart.bars[1].height == 0


def test_time_axis_ticks_months_or_years() -> None:
    axis = time_axis([("2020-01-19", 2), ("2020-03-02", 1)])
    assert axis is not None
    assert [t.label for t in axis.ticks] == ["Jan 2020", "Feb 2020", "Mar 2020"]
    assert axis.points[0].x < axis.points[1].x
    assert axis.ticks[1].date_to == "2020-02-29"
    decade = time_axis([("2001-05-01", 1), ("2010-05-01", 1)])
    assert decade is not None
    assert decade.ticks[0].label == "2001"
    assert time_axis([]) is None


def test_world_map_is_decoded_and_projected() -> None:
    countries = dict(country_paths())
    assert len(countries) > 150
    assert countries["Libya"].startswith("M")
    assert project(0, 0) == (WIDTH / 2, HEIGHT / 2)
    x, y = project(13.19, 32.89)  # Tripoli: east of Greenwich, north of the equator
    assert x > WIDTH / 2
    assert y < HEIGHT / 2


@pytest.mark.parametrize(
    "url",
    [
        "/search.json?q=Libya&from=&to=&source=",
        "/events.json?type=&actor=&country=&from=&to=",
        "/timeline.json?q=Berlin&from=&to=",
    ],
)
def test_blank_form_fields_mean_no_filter(client: TestClient, url: str) -> None:
    """A submitted form sends its empty fields; they must not be a 400."""
    unfiltered = url.split("&", 1)[0]
    response = client.get(url)
    assert response.status_code == 200
    assert response.json().keys() == client.get(unfiltered).json().keys()
