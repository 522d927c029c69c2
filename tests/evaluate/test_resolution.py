"""Cross-article event resolution: the scorer's arithmetic and the integrity of the sample gold."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from dateline.evaluate.resolution import (
    MENTION_KINDS,
    GoldResolution,
    ResolutionGoldError,
    bcubed,
    distinct_merged,
    gold_path,
    link_scores,
    load_gold,
    score_mentions,
    score_store,
    whole_events,
)
from dateline.evaluate.sample import PLOVER_TYPES
from dateline.ingest.dedup import THRESHOLD, jaccard
from dateline.ingest.readers import read_paths
from dateline.model import AnnotatedArticle, Article, Event, Sentence
from dateline.pipeline.sentences import split_sentences

ARTICLES = gold_path().parent / "articles"


@pytest.fixture(scope="module")
def gold() -> GoldResolution:
    return load_gold()


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    found = {}
    for path in sorted(ARTICLES.glob("*.txt")):
        items = list(read_paths([str(path)]))
        assert len(items) == 1 and isinstance(items[0], Article), path
        found[path.name] = items[0].text
    return found


# --- arithmetic ------------------------------------------------------------------------------------

# (article, gold event, system group) triples
PERFECT = [("a1", "E", "g1"), ("a2", "E", "g1"), ("a3", "E", "g1"), ("a1", "F", "g2"), ("a2", "F", "g2")]
SPLIT = [("a1", "E", "g1"), ("a2", "E", "g1"), ("a3", "E", "g2")]
MERGED = [("a1", "E", "g1"), ("a2", "E", "g1"), ("a3", "F", "g1")]


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        # E: a1-a2, a1-a3, a2-a3; F: a1-a2 -> four gold links, all found
        (PERFECT, {"gold_links": 4, "system_links": 4, "correct_links": 4, "precision": 1.0, "recall": 1.0}),
        # E split in two: only a1-a2 is found of three
        (SPLIT, {"gold_links": 3, "system_links": 1, "correct_links": 1, "precision": 1.0, "recall": 0.3333}),
        # F merged into E's group: three system links, one right
        (MERGED, {"gold_links": 1, "system_links": 3, "correct_links": 1, "precision": 0.3333, "recall": 1.0}),
        # two mentions of one event in one article are no cross-article link
        ([("a1", "E", "g1"), ("a1", "E", "g2")], {"gold_links": 0, "system_links": 0, "precision": 0.0}),
        ([], {"gold_links": 0, "system_links": 0, "f1": 0.0}),
    ],
)
def test_link_scores(items: list[tuple[str, str, str]], expected: dict[str, float]) -> None:
    scores = link_scores(items)
    for key, value in expected.items():
        assert scores[key] == value, key


def test_link_f1_is_the_harmonic_mean() -> None:
    scores = link_scores(MERGED)
    assert scores["f1"] == pytest.approx(2 * 0.3333 * 1.0 / 1.3333, abs=1e-3)


@pytest.mark.parametrize(
    ("items", "precision", "recall"),
    [
        ([("E", "g1"), ("E", "g1"), ("F", "g2")], 1.0, 1.0),
        # E split 2+1: recall (2/3 + 2/3 + 1/3) / 3 = 5/9, precision 1
        ([("E", "g1"), ("E", "g1"), ("E", "g2")], 1.0, 5 / 9),
        # all in one group of E, E, F: precision (2/3 + 2/3 + 1/3) / 3 = 5/9, recall 1
        ([("E", "g1"), ("E", "g1"), ("F", "g1")], 5 / 9, 1.0),
        # every mention alone: precision 1, recall 1/2
        ([("E", "g1"), ("E", "g2"), ("F", "g3"), ("F", "g4")], 1.0, 0.5),
    ],
)
def test_bcubed(items: list[tuple[str, str]], precision: float, recall: float) -> None:
    scores = bcubed(items)
    assert scores["precision"] == pytest.approx(precision, abs=1e-4)
    assert scores["recall"] == pytest.approx(recall, abs=1e-4)
    assert scores["f1"] == pytest.approx(2 * precision * recall / (precision + recall), abs=1e-3)


def test_bcubed_of_nothing_is_zero() -> None:
    assert bcubed([]) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_whole_events() -> None:
    items = [
        ("a1", "E", "g1"),
        ("a2", "E", "g1"),  # E: one group, but the group also holds F -> not pure
        ("a3", "F", "g1"),
        ("a4", "F", "g2"),  # F: two groups
        ("a1", "G", "g3"),
        ("a2", "G", "g3"),  # G: one pure group
        ("a5", "H", "g4"),  # H: one article only -> not scorable
    ]
    assert whole_events(items) == {"scorable": 3, "one_group": 2, "pure": 1}
    assert whole_events(items, events={"E", "F"}) == {"scorable": 2, "one_group": 1, "pure": 0}


def test_distinct_merged() -> None:
    items = [("a1", "E", "g1"), ("a2", "F", "g1"), ("a3", "G", "g2")]
    result = distinct_merged(items, [("E", "F"), ("E", "G"), ("E", "X")])
    assert result == {"checkable": 2, "merged": 1, "merged_pairs": [["E", "F"]]}


def test_score_mentions_gathers_every_figure() -> None:
    result = score_mentions(SPLIT, events={"E"}, distinct=[("E", "F")])
    assert set(result) == {"links", "bcubed", "whole", "distinct"}
    assert result["whole"] == {"scorable": 1, "one_group": 0, "pure": 0}
    assert result["distinct"]["checkable"] == 0


# --- the gold --------------------------------------------------------------------------------------


def test_gold_size_and_shape(gold: GoldResolution) -> None:
    assert 20 <= len(gold.events) <= 40
    assert all(len(e.articles) >= 2 for e in gold.events)
    assert all(len(e.articles) == 1 for e in gold.singles)
    assert all(e.type in PLOVER_TYPES for e in gold.all_events)
    assert all(m.kind in MENTION_KINDS for e in gold.all_events for m in e.mentions)
    ids = [e.id for e in gold.all_events]
    assert len(ids) == len(set(ids))
    assert gold.distinct and all(a in ids and b in ids and a != b for a, b, _ in gold.distinct)


def test_every_mention_is_where_it_claims(gold: GoldResolution, texts: dict[str, str]) -> None:
    for event in gold.all_events:
        for mention in event.mentions:
            text = texts[mention.article]
            assert text.count(mention.text) == 1, (event.id, mention.text)
            assert text[mention.start : mention.end] == mention.text
            inside = [(s, e) for s, e in split_sentences(text) if s <= mention.start and mention.end <= e]
            assert len(inside) == 1, f"{event.id}: {mention.text!r} crosses a sentence boundary"


def test_no_mention_twice(gold: GoldResolution) -> None:
    """One stretch of text is a mention of one event only (mentions of two events may share a sentence)."""
    seen: dict[tuple[str, int, int], str] = {}
    for event in gold.all_events:
        for mention in event.mentions:
            key = (mention.article, mention.start, mention.end)
            assert key not in seen, f"{mention.text!r} is a mention of {seen.get(key)} and {event.id}"
            seen[key] = event.id


def test_excluded_copies_are_near_duplicates_and_never_mentions(gold: GoldResolution, texts: dict[str, str]) -> None:
    assert gold.excluded == ("13_berlin-conference-harbor.txt", "14_berlin-conference-levant.txt")
    for name in gold.excluded:
        assert jaccard(texts[name], texts["12_berlin-conference.txt"]) >= THRESHOLD
    mentioned = {m.article for e in gold.all_events for m in e.mentions}
    assert not mentioned & set(gold.excluded)
    # and no mentioned article is itself a near-duplicate of another article
    for a, b in combinations(sorted(mentioned), 2):
        assert jaccard(texts[a], texts[b]) < THRESHOLD, (a, b)


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _one_event(mentions: list[dict[str, str]]) -> dict[str, Any]:
    return {"id": "x", "type": "CONSULT", "mentions": mentions}


@pytest.mark.parametrize(
    ("mentions", "message"),
    [
        ([{"article": "09_moscow-talks.txt", "text": "held talks in Paris", "kind": "report"}], "occurs 0 times"),
        ([{"article": "09_moscow-talks.txt", "text": "Haftar", "kind": "report"}], "not once"),
        ([{"article": "99_missing.txt", "text": "talks", "kind": "report"}], "no article"),
        ([{"article": "13_berlin-conference-harbor.txt", "text": "pledged in Berlin", "kind": "report"}], "copy"),
        ([{"article": "09_moscow-talks.txt", "text": "held indirect talks", "kind": "rumour"}], "kind"),
        ([{"article": "09_moscow-talks.txt", "text": "held indirect talks", "kind": "report"}], "two articles"),
    ],
)
def test_load_gold_refuses_a_bad_file(tmp_path: Path, mentions: list[dict[str, str]], message: str) -> None:
    data = {"excluded": ["13_berlin-conference-harbor.txt"], "events": [_one_event(mentions)]}
    with pytest.raises(ResolutionGoldError, match=message):
        load_gold(_write(tmp_path, data), ARTICLES)


def test_load_gold_refuses_an_unknown_distinct_event(tmp_path: Path) -> None:
    data = {
        "events": [
            _one_event(
                [
                    {"article": "09_moscow-talks.txt", "text": "held indirect talks", "kind": "report"},
                    {"article": "08_truce-takes-hold.txt", "text": "host talks", "kind": "future"},
                ]
            )
        ],
        "distinct": [{"a": "x", "b": "y"}],
    }
    with pytest.raises(ResolutionGoldError, match="distinct pair"):
        load_gold(_write(tmp_path, data), ARTICLES)


@pytest.mark.slow
def test_scorer_end_to_end_on_the_sample(tmp_path: Path) -> None:
    from dateline.api import ingest, sample_corpus
    from dateline.evaluate.resolution import main

    db = tmp_path / "sample.db"
    ingest([str(sample_corpus())], db=db, workers=1)
    before = db.stat().st_mtime_ns
    assert main(["--db", str(db), "--json"]) == 0
    assert db.stat().st_mtime_ns == before  # read only
    from dateline.evaluate.resolution import evaluate_resolution

    result = evaluate_resolution(db)
    total = result["gold"]["mentions"]
    for section in ("typed", "any_type"):
        assert sum(result[section]["mentions"].values()) == total
        assert result[section]["mentions"].get("no article", 0) == 0
        links = result[section]["links"]
        assert links["correct_links"] <= min(links["gold_links"], links["system_links"])
    # relaxing the type can only match more mentions
    assert result["any_type"]["mentions"]["matched"] >= result["typed"]["mentions"]["matched"]


def _article(name: str) -> Article:
    items = list(read_paths([str(ARTICLES / name)]))
    assert isinstance(items[0], Article)
    return items[0]


def _coded(article: Article, sentences: tuple[Sentence, ...], trigger: str, after: str, kind: str) -> Event:
    start = article.text.index(trigger, article.text.index(after))
    index = next(s.index for s in sentences if s.start <= start < s.end)
    return Event(f"{article.id}-{start}", article.id, index, kind, trigger, start, start + len(trigger))


def test_mentions_are_matched_by_trigger_and_type(tmp_path: Path) -> None:
    """A hand-made store: two articles, four coded events, three groups."""
    from dateline.resolve.events import Report, ResolvedEvent
    from dateline.store import corpus, open_store

    docs, coded = [], {}
    for name in ("09_moscow-talks.txt", "10_haftar-leaves-moscow.txt"):
        article = _article(name)
        sentences = tuple(
            Sentence(article.id, i, s, e, article.text[s:e]) for i, (s, e) in enumerate(split_sentences(article.text))
        )
        events = (
            _coded(article, sentences, "signed", "Sarraj", "AGREE"),
            _coded(article, sentences, "asked", "Haftar", "REQUEST" if name.startswith("09") else "CONSULT"),
        )
        coded[name[:2]] = events
        docs.append(AnnotatedArticle(article, sentences=sentences, events=events))
    signed = (coded["09"][0], coded["10"][0])
    groups = [
        ResolvedEvent(
            "g-signed", signed[0], tuple(Report(e.article_id, e.id, e.sentence, None, None, 0.0) for e in signed)
        ),
        *(
            ResolvedEvent(f"g-{e.id}", e, (Report(e.article_id, e.id, e.sentence, None, None, 0.0),))
            for e in (coded["09"][1], coded["10"][1])
        ),
    ]
    db = tmp_path / "hand.db"
    with open_store(db) as store:
        store.write_batch(docs)
        corpus.write_event_groups(store, groups)
    data = {
        "events": [
            _one_event(
                [
                    {"article": "09_moscow-talks.txt", "text": "Fayez al-Sarraj signed the draft", "kind": "report"},
                    {"article": "10_haftar-leaves-moscow.txt", "text": "had signed the text", "kind": "recall"},
                ]
            )
            | {"id": "signed", "type": "AGREE"},
            _one_event(
                [
                    {"article": "09_moscow-talks.txt", "text": "Khalifa Haftar asked for more time", "kind": "report"},
                    {"article": "10_haftar-leaves-moscow.txt", "text": "Haftar had asked on Monday", "kind": "recall"},
                    # the sentence has no coded event
                    {"article": "10_haftar-leaves-moscow.txt", "text": "run away from Moscow", "kind": "reference"},
                    # the sentence's coded event ("signed") lies outside the mention
                    {"article": "09_moscow-talks.txt", "text": "Libya's rival leaders held", "kind": "report"},
                ]
            )
            | {"id": "asked", "type": "REQUEST"},
        ]
    }
    gold = load_gold(_write(tmp_path, data), ARTICLES)
    with open_store(db, readonly=True) as store:
        result = score_store(store, gold)
    assert result["typed"]["mentions"] == {"matched": 3, "other type": 1, "not coded": 1, "elsewhere": 1}
    assert result["any_type"]["mentions"] == {"matched": 4, "not coded": 1, "elsewhere": 1}
    typed = result["typed"]
    assert (typed["links"]["gold_links"], typed["links"]["system_links"], typed["links"]["correct_links"]) == (1, 1, 1)
    assert typed["whole"] == {"scorable": 1, "one_group": 1, "pure": 1}
    relaxed = result["any_type"]["links"]
    assert (relaxed["gold_links"], relaxed["system_links"], relaxed["correct_links"]) == (2, 1, 1)
    by_id = {e["id"]: e for e in result["per_event"]}
    assert [m["status"] for m in by_id["asked"]["mentions"]] == ["matched", "other type", "not coded", "elsewhere"]
    assert by_id["signed"]["groups"] == 1
