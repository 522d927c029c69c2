from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from dateline.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_ingest_summary_and_rerun(seeds: Path, db: Path) -> None:
    code, out, _ = run("ingest", str(seeds), "--db", str(db), "--workers", "1")
    assert code == 0
    assert out.startswith("read 2, new 2, unchanged 0, duplicates 0 (0 exact, 0 near), undated 0, skipped 0")
    code, out, _ = run("ingest", str(seeds), "--db", str(db), "--json")
    report = json.loads(out)
    assert code == 0 and (report["read"], report["new"], report["unchanged"]) == (2, 0, 2)


def test_bad_input_exit_code_and_message(tmp_path: Path, db: Path) -> None:
    (tmp_path / "2020-01-01_ok.txt").write_text("Fine report.", encoding="utf-8")
    (tmp_path / "2020-01-02_empty.txt").write_text("", encoding="utf-8")
    code, out, err = run("ingest", str(tmp_path), "--db", str(db), "--workers", "1")
    assert code == 1
    assert f"skipped {tmp_path / '2020-01-02_empty.txt'}: empty file" in err
    assert "new 1" in out and "skipped 1 (1 empty file)" in out
    code, _, err = run("ingest", str(tmp_path / "missing"), "--db", str(db))
    assert code == 1 and "no such file or folder" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ingest", "x", "--format", "pdf"), "unknown --format 'pdf'"),
        (("ingest", "x", "--date", "June"), "--date 'June' is not a YYYY-MM-DD date"),
        (("ingest", "x", "--field", "body"), "--field 'body': expected NAME=COLUMN"),
        (("search", "x", "--db", "/nonexistent/none.db"), "E103 no database"),
        (("export", "--table", "nope", "--db", "{db}"), "E108 unknown table 'nope'"),
    ],
)
def test_usage_errors(args: tuple[str, ...], message: str, db: Path, seeds: Path) -> None:
    run("ingest", str(seeds), "--db", str(db), "--quiet")
    code, _, err = run(*(a.replace("{db}", str(db)) for a in args))
    assert code == 2 and message in err


def test_search_show_stats_export(seeds: Path, db: Path, tmp_path: Path) -> None:
    run("ingest", str(seeds), "--db", str(db), "--quiet")
    code, out, _ = run("search", "Conte", "--db", str(db), "--json")
    (hit,) = json.loads(out)
    assert code == 0 and hit["published"] == "2019-12-26"
    code, out, _ = run("search", "nothing-like-this", "--db", str(db))
    assert code == 0 and "no article matches" in out
    code, out, _ = run("show", hit["id"][:10], "--db", str(db))
    assert code == 0 and "Russian President Vladimir Putin has discussed" in out and "TASS" in out
    code, _, err = run("show", "0000000000", "--db", str(db))
    assert code == 1 and "no article with id" in err
    code, out, _ = run("stats", "--db", str(db), "--json")
    assert code == 0 and json.loads(out)["counts"]["articles"] == 2
    code, out, _ = run("export", "--table", "articles", "--format", "jsonl", "--db", str(db))
    assert code == 0 and len(out.splitlines()) == 2
    target = tmp_path / "articles.parquet"
    code, _, _ = run("export", "--table", "articles", "--format", "parquet", "--out", str(target), "--db", str(db))
    assert code == 0 and pq.read_table(target).num_rows == 2


def test_annotate_prints_the_json_contract(seeds: Path) -> None:
    code, out, _ = run("annotate", str(seeds / "000_ee1b1d0624cedeac.txt"))
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert {
        "id",
        "path",
        "published",
        "source",
        "dateline_place",
        "title",
        "text",
        "sentences",
        "entities",
        "timexes",
        "places",
        "quotes",
        "events",
    } <= record.keys()
    assert (record["published"], record["source"], record["dateline_place"]) == ("2020-06-16", "TASS", "MOSCOW")


def test_demo_runs_the_whole_job_on_the_sample_corpus(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    code, out, err = run("demo", "--db", str(db), "--workers", "1", "--json")
    assert code == 0, err
    result = json.loads(out)
    report = result["ingest"]
    assert (report["read"], report["near_duplicates"], report["skipped"]) == (47, 2, [])
    assert report["annotated"] == 45 and report["resolution"]["event_groups"] > 100
    counts = result["counts"]
    assert counts["first_published"] == "2019-12-12" and counts["last_published"] == "2020-10-24"
    assert min(counts["quotes"], counts["places"], counts["events"], counts["actors"]) > 50
    # Sentences about earlier days, reported later: what publication-day dating gets wrong.
    assert result["recalled"] and all(r["date"] < r["published"] for r in result["recalled"])
    days = [e["date"] for e in result["timeline"]]
    assert 5 <= len(days) <= 25 and all(e["sentences"] and e["sources"] for e in result["timeline"])
    assert {"2020-01-19", "2020-10-23"} <= set(days)  # the Berlin conference, the Geneva ceasefire
    names = {a["name"] for a in result["actors"]}
    assert {"Khalifa Haftar", "Fayez al-Sarraj"} <= names
    # The human-readable form over a store that exists: it is replaced, not appended to.
    code, out, _ = run("demo", "--db", str(db), "--workers", "1")
    assert code == 0 and "read 47, new 47" in out and "Timeline" in out
    # The README shows this command's real output: its counts must be today's.
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("<!-- demo:begin -->")[1].split("<!-- demo:end -->")[0]
    for prefix in ("store: ", "events: "):
        line = next(x for x in out.splitlines() if x.startswith(prefix))
        assert line.replace(str(db), "dateline-demo.db") in shown, f"README demo output is stale: {line}"


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    code, _, err = run("serve", "--db", str(tmp_path / "absent.db"), "--port", "0")
    assert code == 2 and "E103" in err


def test_annotate_to_parquet_then_load_equals_ingest(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    code, stdout, err = run("annotate", str(seeds), "--out", str(out), "--quiet")
    assert code == 0, err
    assert (out / "_dateline.json").exists() and list((out / "events").glob("*.parquet"))
    loaded, ingested = tmp_path / "loaded.db", tmp_path / "ingested.db"
    code, stdout, err = run("load", str(out), "--db", str(loaded), "--json")
    assert code == 0, err
    report = json.loads(stdout)
    assert (report["read"], report["new"]) == (2, 2) and report["resolution"]["events"] > 0
    run("ingest", str(seeds), "--db", str(ingested), "--quiet")
    for table in ("sentences", "timexes", "entities", "quotes", "events"):
        code, a, _ = run("export", "--table", table, "--format", "jsonl", "--db", str(loaded))
        code, b, _ = run("export", "--table", table, "--format", "jsonl", "--db", str(ingested))
        assert sorted(a.splitlines()) == sorted(b.splitlines()), table
    # Loading again adds nothing; Spark without --out is refused.
    code, stdout, _ = run("load", str(out), "--db", str(loaded), "--json")
    assert code == 0 and json.loads(stdout)["new"] == 0
    code, _, err = run("annotate", str(seeds), "--engine", "spark")
    assert code == 2 and "--out" in err


@pytest.mark.parametrize(
    ("text", "trigger", "shown"),
    [
        ("Short sentence with a trigger.", "trigger", "Short sentence with a trigger."),
        ("A" * 40 + " trigger early " + "b" * 80, "trigger", "A" * 40 + " trigger early " + "b" * 44 + "…"),
        ("x" * 150 + " late trigger here.", "trigger", "…" + "x" * 80 + " late trigger here."),
        ("y" * 150 + " no match at all.", "absent", "y" * 99 + "…"),
    ],
)
def test_event_sentence_is_cut_around_its_trigger(text: str, trigger: str, shown: str) -> None:
    from dateline.cli import _around

    assert _around(text, trigger, 100) == shown
    assert len(_around(text, trigger, 100)) <= 100
