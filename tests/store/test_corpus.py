"""Corpus-level resolution after ingest, and the event queries over it (API and CLI)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import dateline
from dateline.cli import app
from dateline.store import StoreError, open_store
from dateline.store.export import GDELT_COLUMNS

# Two outlets report one accusation (the second dates it explicitly); one denial; one attack.
ARTICLES = {
    "a.txt": (
        " date 2020-01-20 BERLIN, January 20. /North Wire/. Turkish forces shelled positions of the Libyan "
        "National Army near Tripoli on Sunday, the army said.\n\n"
        "The Libyan National Army accused Turkey of violating the truce.\n"
    ),
    "b.txt": (
        " date 2020-01-24 CAIRO, January 24. /South Post/. The Libyan National Army accused Turkey of violating "
        "the truce on Sunday, January 19.\n\nEgypt would not send troops to Libya, Egyptian officials said.\n"
    ),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder / "corpus.db"
    report = dateline.ingest([str(folder)], db=db, workers=1)
    assert report.resolution is not None and report.resolution.events >= 3
    return db


def test_one_accusation_reported_twice_is_one_event(store: Path) -> None:
    accusations = dateline.events(db=store, type="ACCUSE")
    assert len(accusations) == 1
    event = accusations[0]
    # The date in the second report belongs to the violation, not to the accusation: the accusation
    # is dated by its first report (January 20), not by the later article (January 24).
    assert event["date"] == "2020-01-20"
    assert (event["reports"], event["articles"]) == (2, 2)
    assert {s["outlet"] for s in event["sources"]} == {"North Wire", "South Post"}
    assert (event["source_country"], event["target_country"]) == ("LBY", "TUR")


def test_resolution_is_idempotent(store: Path) -> None:
    before = dateline.events(db=store, include_negated=True)
    again = dateline.resolve(db=store)
    assert again.event_groups == len(before)
    assert [e["id"] for e in dateline.events(db=store, include_negated=True)] == [e["id"] for e in before]


def test_filters(store: Path) -> None:
    everything = dateline.events(db=store, include_negated=True)
    assert dateline.events(db=store, actor="Turkey")
    assert all("TUR" in (e["source_country"], e["target_country"]) for e in dateline.events(db=store, country="tur"))
    assert dateline.events(db=store, date_from="2020-01-20", include_negated=True) == [
        e for e in everything if e["date"] >= "2020-01-20"
    ]
    assert dateline.events(db=store, date_to="2019") == []
    # The denied deployment is an event only when asked for.
    denied = [e for e in everything if e["negated"]]
    assert denied and denied[0]["type"] == "MOBILIZE"
    assert all(not e["negated"] for e in dateline.events(db=store))


def _cut(events: list[dict[str, Any]]) -> float:
    """A confidence between the lowest and the highest of the events, so a filter at it keeps some, not all."""
    low, high = min(e["confidence"] for e in events), max(e["confidence"] for e in events)
    assert low < high
    return round((low + high) / 2, 3)


def test_min_confidence_keeps_the_events_at_or_above_it(store: Path) -> None:
    everything = dateline.events(db=store)
    cut = _cut(everything)
    kept = dateline.events(db=store, min_confidence=cut)
    assert kept == [e for e in everything if e["confidence"] >= cut]
    assert 0 < len(kept) < len(everything)
    assert dateline.events(db=store, min_confidence=0) == everything
    for bad in (-0.1, 1.5, float("nan")):
        with pytest.raises(StoreError, match="E111"):
            dateline.events(db=store, min_confidence=bad)


def test_explain_shows_the_rule_and_every_report(store: Path) -> None:
    event = dateline.events(db=store, type="ACCUSE")[0]
    why = dateline.explain(event["id"][:8], db=store)
    assert why is not None
    assert why["trigger"] == "accused" and why["steps"]
    assert len(why["reports"]) == 2
    assert dateline.explain("zzzz", db=store) is None


def test_gdelt_columns(store: Path) -> None:
    rows = dateline.events(db=store)
    buffer = io.StringIO()
    records = list(csv.DictReader(io.StringIO(_gdelt(rows, buffer))))
    assert len(records) == len(rows)
    assert list(records[0]) == list(GDELT_COLUMNS) and len(GDELT_COLUMNS) == 61
    accusation = next(r for r in records if r["EventRootCode"] == "11")
    assert accusation["SQLDATE"] == "20200120" and accusation["NumArticles"] == "2"
    assert accusation["Actor1CountryCode"] == "LBY" and accusation["Actor2CountryCode"] == "TUR"


def _gdelt(rows: list[dict[str, object]], buffer: io.StringIO) -> str:
    import contextlib

    from dateline.store.export import export_rows, gdelt_rows

    with contextlib.redirect_stdout(buffer):
        export_rows(gdelt_rows(rows), "csv", None, columns=list(GDELT_COLUMNS))
    return buffer.getvalue()


def test_actor_merge_rewrites_every_reference(tmp_path: Path) -> None:
    from dateline.model import Actor
    from dateline.store import corpus

    db = tmp_path / "merge.db"
    (tmp_path / "a.txt").write_text(ARTICLES["a.txt"], encoding="utf-8")
    dateline.ingest([str(tmp_path / "a.txt")], db=db, workers=1)
    with open_store(db) as store:
        before = corpus.mention_counts(store)
        old = "org:libyan-national-army"
        assert before[old] > 0
        merged = corpus.merge_actors(store, {old: "org:lna-test"}, [Actor("org:lna-test", "LNA", "ORG", "LBY", "MIL")])
        assert merged == 1
        after = corpus.mention_counts(store)
        assert after["org:lna-test"] == before[old] and old not in after
        assert (
            store.db.execute("SELECT count(*) FROM events WHERE source = ? OR target = ?", (old, old)).fetchone()[0]
            == 0
        )


def test_cli_events_explain_and_formats(store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["events", "--db", str(store), "--type", "ACCUSE"])
    assert result.exit_code == 0 and "Libyan National Army → Turkey" in result.stdout and "2 reports" in result.stdout
    event_id = result.stdout.split("2 reports, ")[1][:10]
    result = runner.invoke(app, ["explain", event_id, "--db", str(store)])
    assert result.exit_code == 0 and "[[accused]]" in result.stdout
    result = runner.invoke(app, ["events", "--db", str(store), "--format", "jsonl"])
    assert [json.loads(line)["type"] for line in result.stdout.splitlines()]
    out = tmp_path / "events.parquet"
    result = runner.invoke(app, ["events", "--db", str(store), "--format", "parquet", "--out", str(out)])
    assert result.exit_code == 0 and out.stat().st_size > 0
    result = runner.invoke(app, ["events", "--db", str(store), "--from", "January"])
    assert result.exit_code == 2 and "not a date" in result.stderr
    result = runner.invoke(app, ["explain", "nope", "--db", str(store)])
    assert result.exit_code == 1


def _listed(format: str, stdout: str, out: Path) -> list[str]:
    """The first ten characters of the id of every event a `dateline events` output lists, in order."""
    if format == "table":
        return re.findall(r" reports?, (\w{10})\)$", stdout, re.M)
    if format == "parquet":
        import pyarrow.parquet as pq

        ids = pq.read_table(out).column("id").to_pylist()
    elif format == "jsonl":
        ids = [json.loads(line)["id"] for line in stdout.splitlines()]
    elif format == "gdelt":
        ids = [f"{int(r['GLOBALEVENTID']):015x}" for r in csv.DictReader(io.StringIO(stdout))]
    else:
        ids = [r["id"] for r in csv.DictReader(io.StringIO(stdout))]
    return [i[:10] for i in ids]


@pytest.mark.parametrize("format", ["table", "csv", "jsonl", "parquet", "gdelt"])
def test_cli_min_confidence_in_every_format(store: Path, tmp_path: Path, format: str) -> None:
    everything = dateline.events(db=store)
    cut = _cut(everything)
    out = tmp_path / "events.parquet"
    args = ["events", "--db", str(store), "--format", format, "--min-confidence", str(cut)]
    result = CliRunner().invoke(app, [*args, "--out", str(out)] if format == "parquet" else args)
    assert result.exit_code == 0, result.stderr
    assert _listed(format, result.stdout, out) == [e["id"][:10] for e in everything if e["confidence"] >= cut]


@pytest.mark.parametrize("value", ["1.5", "-0.1", "nan"])
def test_cli_min_confidence_outside_0_to_1_is_an_error(store: Path, value: str) -> None:
    result = CliRunner().invoke(app, ["events", "--db", str(store), "--min-confidence", value])
    assert result.exit_code == 2 and "E111" in result.stderr and result.stdout == ""


def test_cli_timeline_dates_by_what_happened(store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["timeline", "truce", "--db", str(store), "--dates", "2"])
    assert result.exit_code == 0, result.stderr
    assert "2020-01-19" in result.stdout  # no article was published that day
    page = tmp_path / "t.html"
    result = runner.invoke(app, ["timeline", "--db", str(store), "--format", "html", "--out", str(page)])
    assert result.exit_code == 0 and page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    # Nothing found is an answer (exit 0, the reason on standard error); a bad range is an error.
    result = runner.invoke(app, ["timeline", "nothing-like-this", "--db", str(store)])
    assert result.exit_code == 0 and "E6" in result.stderr and result.stdout == ""
    result = runner.invoke(app, ["timeline", "--db", str(store), "--from", "2020-02-01", "--to", "2020-01-01"])
    assert result.exit_code == 2 and "E602" in result.stderr


def test_entities_entity_and_places(store: Path) -> None:
    actors = dateline.entities(db=store)
    lna = next(a for a in actors if a["name"] == "Libyan National Army")
    assert (lna["country"], lna["sector"], lna["articles"]) == ("LBY", "MIL", 2)
    assert all(a["country"] == "TUR" for a in dateline.entities(db=store, country="TUR"))
    assert all(a["kind"] == "COUNTRY" for a in dateline.entities(db=store, kind="country"))
    profile = dateline.entity("Libyan National Army", db=store)
    assert profile is not None and profile["id"] == lna["id"]
    assert sum(n for _, n in profile["mentions_by_month"]) == lna["mentions"]
    assert [e["type"] for e in profile["events_as_source"]] == ["ACCUSE"]
    assert "ASSAULT" in [e["type"] for e in profile["events_as_target"]]
    assert dateline.entity("Nobody At All", db=store) is None
    places = dateline.places(db=store)
    tripoli = next(p for p in places if p["name"] == "Tripoli")
    assert tripoli["country"] == "LBY" and abs(tripoli["latitude"] - 32.9) < 0.5


def test_cli_entities_entity_quotes_places(store: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["entities", "--db", str(store), "--country", "LBY"])
    assert result.exit_code == 0 and "Libyan National Army" in result.stdout
    result = runner.invoke(app, ["entity", "LNA army", "--db", str(store)])
    assert result.exit_code == 1 and "no actor matches" in result.stderr
    result = runner.invoke(app, ["entity", "Libyan National Army", "--db", str(store)])
    assert result.exit_code == 0 and "event as source: 2020-01-20 ACCUSE Turkey" in result.stdout
    result = runner.invoke(app, ["places", "--db", str(store), "--json"])
    assert result.exit_code == 0 and any(p["name"] == "Tripoli" for p in json.loads(result.stdout))
    result = runner.invoke(app, ["quotes", "--db", str(store), "--from", "2020-01"])
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("when", "precision", "sqldate"),
    [("2020-01-19", "day", "20200119"), ("2020-W01", "week", "20191230"), ("2020-02", "month", "20200201")],
)
def test_gdelt_dates_are_the_first_day_of_a_coarse_date(when: str, precision: str, sqldate: str) -> None:
    from dateline.store.export import gdelt_rows

    (row,) = gdelt_rows([{"id": "ab" * 8, "date": when, "date_precision": precision, "published": "2020-03-01"}])
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == (sqldate, sqldate[:6], sqldate[:4])
    assert float(row["FractionDate"]) == pytest.approx(int(sqldate[:4]) + (int(sqldate[4:6]) - 1) / 12, abs=0.1)


def test_date_bounds_read_a_week_as_its_first_day() -> None:
    import sqlite3

    from dateline.store.corpus import FIRST_DAY_SQL

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE g (date TEXT)")
    values = ["2019-W48", "2020-W01", "2021-W01", "2020-06-16", "2020-06", "2020"]
    db.executemany("INSERT INTO g VALUES (?)", [(v,) for v in values])
    first = dict(db.execute(f"SELECT date, {FIRST_DAY_SQL} FROM g"))
    assert first == {
        "2019-W48": "2019-11-25",
        "2020-W01": "2019-12-30",  # the week of January 4 is week 1
        "2021-W01": "2021-01-04",
        "2020-06-16": "2020-06-16",
        "2020-06": "2020-06",
        "2020": "2020",
    }
