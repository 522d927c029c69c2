from __future__ import annotations

import dataclasses
import json
import tempfile
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dateline
from dateline.engines.local import LocalEngine
from dateline.engines.parquet import (
    MANIFEST,
    SCHEMAS,
    TABLES,
    ParquetError,
    annotate_to_parquet,
    load_parquet,
    read_manifest,
    read_parquet,
    write_parquet,
    write_part,
)
from dateline.ingest import read_paths
from dateline.model import Actor, AnnotatedArticle, Article, Entity, Event, Place, Quote, Role, Sentence, TimeExpr
from dateline.store import open_store

# Cheap stages that still fill sentences, timexes, entities, actors and events (no gazetteer).
STAGES = (
    "dateline.sentences.v1",
    "dateline.timex.v1",
    "dateline.parse.v1",
    "dateline.entities.v1",
    "dateline.actors.v1",
    "dateline.events.v1",
)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "spark.md"

# --- records from their type hints, for the round trip ----------------------------------------

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)  # Parquet strings are UTF-8
SIMPLE: dict[Any, st.SearchStrategy[Any]] = {
    str: TEXT,
    int: st.integers(-(2**63), 2**63 - 1),
    float: st.floats(allow_nan=False),
    bool: st.booleans(),
    date: st.dates(),
}


def strategy(hint: Any) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return st.none() | strategy(inner)
    if origin is tuple:
        return st.lists(strategy(typing.get_args(hint)[0]), max_size=3).map(tuple)
    if dataclasses.is_dataclass(hint):
        return records(hint, {})  # type: ignore[arg-type]
    return SIMPLE[hint]


def records(cls: type, fixed: dict[str, Any]) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    fields = [f.name for f in dataclasses.fields(cls) if f.name != "parse"]
    return st.builds(cls, **{name: fixed[name] if name in fixed else strategy(hints[name]) for name in fields})


@st.composite
def annotated(draw: st.DrawFn, key: str) -> AnnotatedArticle:
    article = draw(records(Article, {"id": st.just(key)}))
    same = {"article_id": st.just(key)}
    stat = st.tuples(TEXT, TEXT, st.floats(allow_nan=False))
    return AnnotatedArticle(
        article,
        sentences=tuple(draw(st.lists(records(Sentence, same), max_size=3))),
        entities=tuple(draw(st.lists(records(Entity, same), max_size=3))),
        timexes=tuple(draw(st.lists(records(TimeExpr, same), max_size=3))),
        places=tuple(draw(st.lists(records(Place, same), max_size=2))),
        quotes=tuple(draw(st.lists(records(Quote, same), max_size=2))),
        actors=tuple(draw(st.lists(records(Actor, {}), max_size=2))),
        events=tuple(draw(st.lists(records(Event, same), max_size=2))),
        stats=tuple(draw(st.lists(stat, max_size=3))),
        done=tuple(draw(st.lists(TEXT, max_size=3))),
    )


KEYS = st.lists(st.text("0123456789abcdef", min_size=16, max_size=16), unique=True, max_size=5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(KEYS.flatmap(lambda keys: st.tuples(*(annotated(k) for k in keys))), st.integers(1, 3))
def test_round_trip_is_exact(docs: tuple[AnnotatedArticle, ...], part_size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        manifest = write_parquet(docs, folder, part_size=part_size)
        assert list(read_parquet(folder)) == list(docs)
    assert manifest["rows"]["articles"] == len(docs)
    assert manifest["rows"]["actors"] == sum(len(d.actors) for d in docs)


def test_roles_and_flags_survive() -> None:
    actor = Actor("RUSGOV-lavrov", "Sergey Lavrov", "PERSON", "RUS", "GOV", ("Lavrov",), (Role("FM", "RUS", "2004"),))
    event = Event("e1", "a" * 16, 0, "CONSULT", "met", 3, 6, context=("diplomatic",), negated=True, quad_class=1)
    doc = AnnotatedArticle(
        Article("a" * 16, "He met them.", None, "unknown", warnings=("no date",)), actors=(actor,), events=(event,)
    )
    with tempfile.TemporaryDirectory() as folder:
        write_parquet([doc], folder)
        assert list(read_parquet(folder)) == [doc]


def test_seeds_round_trip_through_the_pipeline(seeds: Path, tmp_path: Path) -> None:
    articles = [a for a in read_paths([str(seeds)]) if isinstance(a, Article)]
    docs = LocalEngine(STAGES).annotate_all(articles)
    assert all(d.sentences and d.timexes and d.entities for d in docs)
    write_parquet(docs, tmp_path / "out", stages=STAGES)
    assert list(read_parquet(tmp_path / "out")) == docs


def test_every_table_has_its_schema_and_a_manifest(tmp_path: Path) -> None:
    manifest = write_parquet([], tmp_path)
    assert manifest["parts"] == ["part-00000"] and set(manifest["rows"]) == set(TABLES)
    import pyarrow.parquet as pq

    for table in TABLES:
        assert pq.read_schema(tmp_path / table / "part-00000.parquet").equals(SCHEMAS[table])
    # Columns are the record fields, so the store's tables and the Parquet tables agree.
    assert SCHEMAS["events"].names == [f.name for f in dataclasses.fields(Event)]
    assert SCHEMAS["actors"].names == ["article_id", *(f.name for f in dataclasses.fields(Actor))]


def test_one_part_never_holds_an_id_twice(tmp_path: Path) -> None:
    doc = AnnotatedArticle(Article("b" * 16, "Text.", date(2020, 1, 1), "header"))
    with pytest.raises(ParquetError, match="E311"):
        write_part([doc, doc], tmp_path, "part-00000")


def test_unfinished_or_foreign_output_is_refused(tmp_path: Path) -> None:
    write_part([], tmp_path, "part-00000")
    with pytest.raises(ParquetError, match="E312"):
        list(read_parquet(tmp_path))
    (tmp_path / MANIFEST).write_text(json.dumps({"format": "dateline-parquet", "version": 99}))
    with pytest.raises(ParquetError, match="E313"):
        read_manifest(tmp_path)


def test_a_new_run_replaces_the_old_parts(tmp_path: Path) -> None:
    docs = [AnnotatedArticle(Article(f"{n:016x}", f"Text {n}.", date(2020, 1, 1), "header")) for n in range(5)]
    write_parquet(docs, tmp_path, part_size=1)
    write_parquet(docs[:2], tmp_path, part_size=1)
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == ["part-00000.parquet", "part-00001.parquet"]
    assert list(read_parquet(tmp_path)) == docs[:2]


# --- loading into a store ---------------------------------------------------------------------

STORY = (
    "TRIPOLI, October 19. /Harbour News/. Delegations of the two rival Libyan forces met in Geneva "
    "for a fifth round of talks under UN auspices, the mission said in a statement on Monday. "
    "The acting envoy said the military commission had agreed on a map of front lines and on "
    "exchanging prisoners, and that flights between the capital and the east would resume."
)


def corpus(folder: Path, seeds: Path) -> list[str]:
    folder.mkdir()
    (folder / "2020-10-19_a.txt").write_text(STORY, encoding="utf-8")
    (folder / "2020-10-19_b.txt").write_text(STORY + "\n", encoding="utf-8")  # exact copy
    rewrite = STORY.replace("the mission said in a statement", "the UN mission announced")
    (folder / "2020-10-20_c.txt").write_text(rewrite, encoding="utf-8")  # near-duplicate
    return [str(seeds), str(folder)]


def store_content(db: Path) -> dict[str, list[dict[str, Any]]]:
    with open_store(db, readonly=True) as store:
        tables = {table: list(store.rows(table)) for table in ("articles", "copies", "sentences", "events")}
        groups = store.db.execute("SELECT * FROM event_groups ORDER BY id").fetchall()
    for row in tables["articles"]:
        row.pop("ingested_at")
    tables["event_groups"] = [dict(row) for row in groups]
    return tables


def test_load_is_idempotent_and_like_ingest(seeds: Path, tmp_path: Path) -> None:
    inputs = corpus(tmp_path / "in", seeds)
    report = annotate_to_parquet(inputs, tmp_path / "out", stages=STAGES)
    assert (report.read, report.annotated, report.exact_duplicates) == (5, 4, 1)
    db = tmp_path / "load.db"
    with open_store(db) as store:
        first = load_parquet(tmp_path / "out", store)
    assert (first.read, first.new, first.near_duplicates, first.replaced) == (4, 3, 1, 0)
    dateline.resolve(db=db)
    loaded = store_content(db)
    assert loaded["event_groups"], "the seeds report events: resolution must find them"
    duplicate = [a for a in loaded["articles"] if a["duplicate_of"]]
    assert len(duplicate) == 1 and not [s for s in loaded["sentences"] if s["article_id"] == duplicate[0]["id"]]

    with open_store(db) as store:
        again = load_parquet(tmp_path / "out", store)
    assert (again.read, again.new, again.replaced, again.unchanged) == (4, 0, 3, 1)
    dateline.resolve(db=db)
    assert store_content(db) == loaded

    # The same store built by ingest holds the same articles and annotations.
    ingested = tmp_path / "ingest.db"
    dateline.ingest(inputs, db=ingested, stages=STAGES, workers=1)
    by_ingest = store_content(ingested)
    for table in ("sentences", "events", "event_groups"):
        assert by_ingest[table] == loaded[table], table
    assert sorted(by_ingest["articles"], key=str) == sorted(loaded["articles"], key=str)


def test_load_annotates_articles_stored_without_annotations(seeds: Path, tmp_path: Path) -> None:
    db = tmp_path / "bare.db"
    dateline.ingest([str(seeds)], db=db, annotate=False)
    annotate_to_parquet([str(seeds)], tmp_path / "out", stages=STAGES[:2])
    with open_store(db) as store:
        report = load_parquet(tmp_path / "out", store)
    assert (report.new, report.replaced) == (0, 2)
    rows = store_content(db)
    assert {tuple(a["annotated_by"]) for a in rows["articles"]} == {STAGES[:2]}
    assert rows["sentences"]


def test_docs_list_every_column() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for table in TABLES:
        assert f"### {table}" in text
        for column in SCHEMAS[table].names:
            assert f"`{column}`" in text, f"{table}.{column} is not documented in docs/spark.md"
