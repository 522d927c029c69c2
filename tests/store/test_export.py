from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.model import AnnotatedArticle, Article, TimeExpr, article_id
from dateline.store import StoreError, open_store
from dateline.store.export import export_table

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=200).filter(
    lambda t: t.strip() != ""
)


def make_article(text: str, title: str | None, published: date | None) -> Article:
    return Article(
        article_id(text),
        text,
        published,
        "field" if published else "unknown",
        title=title,
        source="Harbour News",
        path=f"mem:{article_id(text)}",
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(texts, st.none() | texts, st.none() | st.dates(date(1900, 1, 1), date(2100, 1, 1))),
        min_size=1,
        max_size=5,
        unique_by=lambda r: article_id(r[0]),
    )
)
def test_store_export_round_trip(tmp_path: Path, rows: list[tuple[str, str | None, date | None]]) -> None:
    db = tmp_path / f"{abs(hash(tuple(rows)))}.db"
    stored = [make_article(*row) for row in rows]
    docs = [
        AnnotatedArticle(a, timexes=(TimeExpr(a.id, 0, 1, a.text[:1], "DATE", "2020-01-19", how="explicit"),))
        for a in stored
    ]
    with open_store(db) as store:
        store.write_batch(docs, copies=[(a.path or "", a) for a in stored])
        jsonl, table_csv, parquet = tmp_path / "a.jsonl", tmp_path / "a.csv", tmp_path / "a.parquet"
        assert export_table(store, "articles", "jsonl", jsonl) == len(stored)
        assert export_table(store, "articles", "csv", table_csv) == len(stored)
        assert export_table(store, "articles", "parquet", parquet) == len(stored)
        assert export_table(store, "timexes", "jsonl", tmp_path / "t.jsonl") == len(stored)
    expected = [(a.id, a.text, a.title, a.published.isoformat() if a.published else None) for a in stored]
    from_jsonl = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["text"], r["title"], r["published"]) for r in from_jsonl] == expected
    with table_csv.open(encoding="utf-8", newline="") as stream:
        from_csv = list(csv.DictReader(stream))
    assert [(r["id"], r["text"], r["title"] or None, r["published"] or None) for r in from_csv] == expected
    from_parquet = pq.read_table(parquet).to_pylist()
    assert [(r["id"], r["text"], r["title"], r["published"]) for r in from_parquet] == expected


def test_unknown_table_and_format(tmp_path: Path) -> None:
    with open_store(tmp_path / "x.db") as store:
        with pytest.raises(StoreError, match="E108"):
            export_table(store, "secrets", "csv")
        with pytest.raises(StoreError, match="E109"):
            export_table(store, "articles", "xlsx")
        with pytest.raises(StoreError, match="E110"):
            export_table(store, "articles", "parquet")


def test_every_record_field_has_a_column(tmp_path: Path) -> None:
    import dataclasses

    from dateline.store import ANNOTATION_TABLES

    with open_store(tmp_path / "x.db") as store:
        for table, cls in ANNOTATION_TABLES.items():
            columns = {row[1] for row in store.db.execute(f"PRAGMA table_info({table})")}
            assert {f.name for f in dataclasses.fields(cls)} <= columns, table
