from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

import dateline
from dateline.store import SCHEMA_VERSION, SchemaError, StoreError, open_store

STORY = (
    "TRIPOLI, October {day}. /Harbour News/. Delegations of the two rival Libyan forces met in Geneva "
    "for a {n}th round of talks under UN auspices, the mission said in a statement on {weekday}. "
    "The acting envoy said the military commission had agreed on a map of front lines and on "
    "exchanging prisoners, and that flights between the capital and the east would resume."
)


def write_story(folder: Path, n: int, text: str | None = None) -> Path:
    path = folder / f"2020-10-{(n % 28) + 1:02d}_story{n:04d}.txt"
    path.write_text(
        text or f"Story number {n}: an entirely distinct report about item {n} and the quantity {n * 7}.",
        encoding="utf-8",
    )
    return path


def test_seeds_are_stored_once(seeds: Path, db: Path) -> None:
    first = dateline.ingest([str(seeds)], db=db, workers=1)
    assert (first.read, first.new, first.skipped) == (2, 2, [])
    again = dateline.ingest([str(seeds)], db=db, workers=1)
    assert (again.read, again.new, again.unchanged) == (2, 0, 2)
    with open_store(db, readonly=True) as store:
        rows = list(store.rows("articles"))
    assert sorted((r["published"], r["source"], r["dateline_place"]) for r in rows) == [
        ("2019-12-26", "TASS", "MOSCOW"),
        ("2020-06-16", "TASS", "MOSCOW"),
    ]


def test_exact_and_near_duplicates(tmp_path: Path, db: Path) -> None:
    original = STORY.format(day=19, n=5, weekday="Monday")
    rewrite = original.replace("the mission said in a statement", "the UN mission announced").replace(
        "would resume", "were expected to resume soon"
    )
    (tmp_path / "2020-10-19_a.txt").write_text(original, encoding="utf-8")
    (tmp_path / "2020-10-19_b.txt").write_text(original + "\n", encoding="utf-8")  # exact copy
    (tmp_path / "2020-10-20_c.txt").write_text(rewrite, encoding="utf-8")  # wire rewrite
    (tmp_path / "2020-10-20_d.txt").write_text(
        "Oil output rose to a million barrels a day, the company said.", encoding="utf-8"
    )
    report = dateline.ingest([str(tmp_path)], db=db, workers=1)
    assert (report.read, report.exact_duplicates, report.near_duplicates) == (4, 1, 1)
    with open_store(db, readonly=True) as store:
        rows = {Path(r["path"]).name: r for r in store.rows("articles")}
        counts = store.counts()
    assert set(rows) == {"2020-10-19_a.txt", "2020-10-20_c.txt", "2020-10-20_d.txt"}
    assert rows["2020-10-20_c.txt"]["duplicate_of"] == rows["2020-10-19_a.txt"]["id"]
    assert (counts["originals"], counts["near_duplicates"], counts["exact_copies"]) == (2, 1, 1)
    # Duplicates are not annotated: only originals have sentences.
    with open_store(db, readonly=True) as store:
        annotated = {r["article_id"] for r in store.rows("sentences")}
    assert rows["2020-10-20_c.txt"]["id"] not in annotated
    assert rows["2020-10-19_a.txt"]["id"] in annotated


def test_undated_is_skipped_unless_allowed(tmp_path: Path, db: Path) -> None:
    (tmp_path / "notes.txt").write_text("Talks resumed.", encoding="utf-8")
    report = dateline.ingest([str(tmp_path)], db=db, workers=1)
    assert [p.message.split(" (")[0] for p in report.skipped] == ["no publication date"]
    allowed = dateline.ingest([str(tmp_path)], db=db, workers=1, allow_undated=True)
    assert (allowed.new, allowed.undated) == (1, 1)
    with open_store(db, readonly=True) as store:
        (row,) = store.rows("articles")
    assert (row["published"], row["date_from"]) == (None, "unknown")


def test_bad_input_goes_on_and_strict_stores_nothing(tmp_path: Path, db: Path) -> None:
    write_story(tmp_path, 1)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"text": "fine", "date": "2020-01-01"}\n{nope\n', encoding="utf-8")
    with pytest.raises(dateline.IngestError, match="E201 2 input"):
        dateline.ingest([str(tmp_path)], db=db, workers=1, strict=True)
    assert not db.exists()
    report = dateline.ingest([str(tmp_path)], db=db, workers=1)
    assert report.new == 2 and sorted(str(p) for p in report.skipped) == [
        f"{tmp_path / 'bad.jsonl'}:2: malformed JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{tmp_path / 'empty.txt'}: empty file",
    ]


def test_search_and_show(seeds: Path, db: Path) -> None:
    dateline.ingest([str(seeds)], db=db, workers=1)
    hits = dateline.search("Lavrov", db=db)
    assert [h["published"] for h in hits] == ["2020-06-16"] and "[Lavrov]" in hits[0]["snippet"]
    assert dateline.search("al-Sarraj", db=db)  # a hyphen is not FTS5 syntax here
    assert dateline.search("Sarraj's", db=db) == []  # nor an apostrophe: no error, no match
    assert dateline.search("Conte OR Borrell", db=db, date_to="2019-12-31")[0]["published"] == "2019-12-26"
    record = dateline.show(hits[0]["id"][:8], db=db)
    assert record is not None and record["id"] == hits[0]["id"]
    assert record["sentences"][0]["text"] == "MOSCOW, June 16. /TASS/."
    assert dateline.show("ffffffff", db=db) is None


def test_schema_checks(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(SchemaError, match="E102"):
        open_store(other)
    newer = tmp_path / "newer.db"
    open_store(newer).close()
    with sqlite3.connect(newer) as connection:
        connection.execute("PRAGMA user_version = 99")
    with pytest.raises(SchemaError, match="E101"):
        open_store(newer)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="E106"):
        open_store(garbage)
    with pytest.raises(StoreError, match="E103"):
        open_store(tmp_path / "absent.db", readonly=True)


@pytest.mark.slow
def test_killed_ingest_completes_on_rerun(tmp_path: Path) -> None:
    """Kill a real ingest mid-way (SIGKILL, no clean-up), run it again: every article stored once."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # Full annotation runs (the annotations are in the same transactions as their articles).
    total = 400
    for n in range(total):
        write_story(corpus, n)
    db = tmp_path / "crash.db"
    command = [
        sys.executable,
        "-m",
        "dateline.cli",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--batch-size",
        "20",
        "--workers",
        "1",
        "--quiet",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        stored = _count(db)
        if stored >= 40:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait()
    assert process.returncode == -signal.SIGKILL, "ingest finished before it could be killed"
    assert 0 < stored < total
    rerun = subprocess.run(command, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    with open_store(db, readonly=True) as store:
        ids = [row["id"] for row in store.rows("articles")]
        paths = [row["path"] for row in store.rows("copies")]
    assert len(ids) == len(set(ids)) == total
    assert len(paths) == len(set(paths)) == total


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def test_dates_survive_the_round_trip(db: Path, tmp_path: Path) -> None:
    day = date(2020, 1, 19)
    for n in range(3):
        path = tmp_path / f"{(day + timedelta(days=n)).isoformat()}_x.txt"
        path.write_text(f"Distinct report {n} about the Berlin talks and item {n * 13}.", encoding="utf-8")
    dateline.ingest([str(tmp_path)], db=db, workers=1)
    with open_store(db, readonly=True) as store:
        assert sorted(r["published"] for r in store.rows("articles")) == ["2020-01-19", "2020-01-20", "2020-01-21"]


def test_readonly_open_brings_an_older_store_forward(db: Path) -> None:
    with open_store(db) as store:
        store.db.executescript(
            "DROP INDEX entities_sentence; DROP INDEX entities_actor_article; "
            "CREATE INDEX entities_actor ON entities(actor); PRAGMA user_version = 2;"
        )
    with open_store(db, readonly=True) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        indexes = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "entities_sentence" in indexes and "entities_actor" not in indexes
