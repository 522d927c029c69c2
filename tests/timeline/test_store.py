from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from dateline.model import AnnotatedArticle, Article, Entity, Place, article_id
from dateline.pipeline.base import make_pipeline, run_pipeline
from dateline.store import open_store
from dateline.timeline.select import TimelineError
from dateline.timeline.store import TimelineQuery, store_candidates, store_timeline

# Made-up reports, written for these tests.
REPORTS = [
    (
        "2020-01-20",
        "BERLIN, January 20. /Harbour News/. Leaders of eleven countries met in Berlin on Sunday and "
        "agreed to respect the arms embargo on Libya. Haftar left the conference without signing.",
    ),
    (
        "2020-01-21",
        "TRIPOLI, January 21. /Harbour News/. Fighting resumed south of Tripoli on Tuesday despite the "
        "agreement reached in Berlin. Haftar's forces shelled the airport.",
    ),
    (
        "2020-06-16",
        "MOSCOW, June 16. /Harbour News/. Russia and the European Union called for talks on Tuesday. "
        "On January 19 the leaders had met in Berlin and agreed to respect the arms embargo.",
    ),
]


def annotated(published: str, text: str) -> AnnotatedArticle:
    article = Article(article_id(text), text, date.fromisoformat(published), "header", source="Harbour News")
    doc = run_pipeline(make_pipeline(["dateline.sentences.v1", "dateline.timex.v1"]), AnnotatedArticle(article))
    entities = []
    places = []
    for sentence in doc.sentences:
        at = sentence.text.find("Haftar")
        if at >= 0:
            start = sentence.start + at
            entities.append(Entity(article.id, start, start + 6, "Haftar", "PERSON", "khalifa-haftar", sentence.index))
        at = sentence.text.find("Tripoli", 10)
        if at >= 0:
            start = sentence.start + at
            places.append(
                Place(article.id, start, start + 7, "Tripoli", "Tripoli", 2210247, "LBY", sentence=sentence.index)
            )
    return dataclasses.replace(doc, entities=tuple(entities), places=tuple(places))


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "t.db"
    with open_store(path) as store:
        store.write_batch([annotated(published, text) for published, text in REPORTS])
    return path


def test_store_candidates_know_which_days_are_named_relatively(store_path: Path) -> None:
    with open_store(store_path, readonly=True) as store:
        candidates, _articles, _message = store_candidates(store, TimelineQuery())
    named = {(c.text.split()[0], c.mentions, c.relative) for c in candidates if c.mentions}
    # "on Sunday" (a weekday resolved by tense) is relative; "On January 19" is written out.
    assert ("Leaders", ("2020-01-19",), ("2020-01-19",)) in named
    assert ("On", ("2020-01-19",), ()) in named


def test_a_recalled_day_is_on_the_timeline(store_path: Path) -> None:
    with open_store(store_path, readonly=True) as store:
        result = store_timeline(store, TimelineQuery(), 3, 1)
    assert result.message is None
    assert result.articles == 3
    days = [e.date for e in result.entries]
    assert "2020-01-19" in days
    berlin = next(e for e in result.entries if e.date == "2020-01-19")
    assert {s["outlet"] for s in berlin.sources} == {"Harbour News"}


@pytest.mark.parametrize(
    ("query", "articles"),
    [
        (TimelineQuery(text="embargo"), 2),
        (TimelineQuery(actor="khalifa-haftar"), 2),
        (TimelineQuery(actor="Haftar"), 2),
        (TimelineQuery(place="tripoli"), 1),
        (TimelineQuery(date_from=date(2020, 6, 1)), 1),
    ],
)
def test_queries_select_articles(store_path: Path, query: TimelineQuery, articles: int) -> None:
    with open_store(store_path, readonly=True) as store:
        _candidates, count, message = store_candidates(store, query)
    assert (count, message) == (articles, None)


def test_actor_sentences_are_the_relevant_ones(store_path: Path) -> None:
    with open_store(store_path, readonly=True) as store:
        candidates, _count, _message = store_candidates(store, TimelineQuery(actor="Haftar"))
    assert {c.relevant for c in candidates if "Haftar" in c.text} == {True}
    assert {c.relevant for c in candidates if "Haftar" not in c.text} == {False}


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (TimelineQuery(text="zeppelin"), "E612"),
        (TimelineQuery(actor="Nobody"), "E613"),
        (TimelineQuery(place="Atlantis"), "E614"),
        (TimelineQuery(text="embargo", date_from=date(2021, 1, 1)), "E615"),
        (TimelineQuery(date_from=date(2020, 3, 1), date_to=date(2020, 3, 31)), "E617"),
    ],
)
def test_nothing_selected_is_an_empty_timeline_with_a_reason(store_path: Path, query: TimelineQuery, code: str) -> None:
    with open_store(store_path, readonly=True) as store:
        result = store_timeline(store, query)
    assert result.entries == ()
    assert result.message is not None and result.message.startswith(code)


def test_a_store_of_plans_is_an_empty_timeline_that_says_so(tmp_path: Path) -> None:
    plan = "GENEVA, June 17. /Harbour News/. Delegations will meet in Geneva on July 10 for new talks."
    with open_store(tmp_path / "plans.db") as store:
        store.write_batch([annotated("2020-06-17", plan)])
        result = store_timeline(store, TimelineQuery())
    assert result.entries == ()
    assert result.message is not None and result.message.startswith("E618")
    assert "2020-07-10 to 2020-07-10, are plans" in result.message


def test_reversed_range_is_an_error(store_path: Path) -> None:
    with open_store(store_path, readonly=True) as store, pytest.raises(TimelineError, match="E602"):
        store_timeline(store, TimelineQuery(date_from=date(2020, 2, 1), date_to=date(2020, 1, 1)))


def test_empty_and_undated_stores(tmp_path: Path) -> None:
    with open_store(tmp_path / "empty.db") as store:
        assert (store_timeline(store).message or "").startswith("E611")
        text = "Talks resumed in Geneva on Monday, the mission said in a statement."
        store.write_batch([AnnotatedArticle(Article(article_id(text), text, None, "unknown"))])
        result = store_timeline(store)
    assert result.entries == ()
    assert (result.message or "").startswith("E610")


def test_unannotated_store_says_so(tmp_path: Path) -> None:
    text = "Talks resumed in Geneva on Monday, the mission said in a statement."
    doc = run_pipeline(
        make_pipeline(["dateline.sentences.v1"]),
        AnnotatedArticle(Article(article_id(text), text, date(2020, 10, 19), "header")),
    )
    with open_store(tmp_path / "plain.db") as store:
        store.write_batch([doc])
        result = store_timeline(store)
    assert (result.message or "").startswith("E616")


def test_queries_over_more_ids_than_sqlite_binds_at_once() -> None:
    import sqlite3

    from dateline.store.timeline_queries import _CHUNK, _rows_in

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id TEXT, n INTEGER)")
    db.executemany("INSERT INTO t VALUES (?, ?)", [(str(i), i) for i in range(3 * _CHUNK)])
    ids = [str(i) for i in range(0, 3 * _CHUNK, 2)]
    rows = list(_rows_in(db, "SELECT n FROM t WHERE id IN ({ids}) AND n >= ?", ids, [4]))
    assert sorted(n for (n,) in rows) == list(range(4, 3 * _CHUNK, 2))
