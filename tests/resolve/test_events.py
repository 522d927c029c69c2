"""Cross-article event resolution: reports of one real-world event become one event."""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import pytest

from dateline.model import AnnotatedArticle, Article, Event, Sentence
from dateline.resolve.events import date_range, resolve_articles, resolve_events


def event(
    article: str,
    sentence: int = 0,
    type_: str = "ASSAULT",
    source: str | None = "LBY",
    target: str | None = "person:tripoli-airport",
    day: str = "2020-01-19",
    precision: str = "day",
    date_from: str = "explicit",
    **fields: object,
) -> Event:
    base = Event(
        id=f"{article}-{sentence}-{type_}",
        article_id=article,
        sentence=sentence,
        type=type_,
        trigger="shelled",
        trigger_start=0,
        trigger_end=7,
        source=source,
        target=target,
        source_text="forces",
        target_text="the airport",
        date=day,
        date_precision=precision,
        date_from=date_from,
        confidence=0.8,
    )
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


def groups(events: list[Event], sentences: dict[tuple[str, int], str] | None = None) -> list[set[str]]:
    return [{r.event_id for r in resolved.reports} for resolved in resolve_events(events, sentences)]


CASES = [
    # same attack, same day, two outlets: one event
    ([event("a"), event("b")], [{"a-0-ASSAULT", "b-0-ASSAULT"}]),
    # a month-precise background mention overlaps the day
    ([event("a"), event("b", 3, day="2020-01", precision="month")], [{"a-0-ASSAULT", "b-3-ASSAULT"}]),
    # different types are different events
    ([event("a"), event("b", type_="COERCE")], [{"a-0-ASSAULT"}, {"b-0-COERCE"}]),
    # different targets are different events
    ([event("a"), event("b", target="person:mitiga")], [{"a-0-ASSAULT"}, {"b-0-ASSAULT"}]),
    # a denied attack is not the attack
    ([event("a"), event("b", negated=True)], [{"a-0-ASSAULT"}, {"b-0-ASSAULT"}]),
    # two days apart: two attacks
    ([event("a"), event("b", day="2020-01-21")], [{"a-0-ASSAULT"}, {"b-0-ASSAULT"}]),
    # two events of one sentence stay two
    ([event("a"), event("a", trigger="attacked", id="a-0-other")], [{"a-0-ASSAULT"}, {"a-0-other"}]),
    # no actors on either side: nothing to match on
    (
        [event(x, source=None, target=None, source_text=None, target_text=None) for x in "ab"],
        [{"a-0-ASSAULT"}, {"b-0-ASSAULT"}],
    ),
    # one has no source but the same target: still the same event
    ([event("a"), event("b", source=None, source_text=None)], [{"a-0-ASSAULT", "b-0-ASSAULT"}]),
    # actors known only by their phrase match by its head words
    ([event("a", source=None), event("b", source=None, source_text="the forces")], [{"a-0-ASSAULT", "b-0-ASSAULT"}]),
]


@pytest.mark.parametrize(("events", "expected"), CASES)
def test_grouping(events: list[Event], expected: list[set[str]]) -> None:
    assert sorted(groups(events), key=sorted) == sorted(expected, key=sorted)


def test_publication_dated_report_needs_shared_words() -> None:
    first = event("a", 2)
    later = event("b", 5, day="2020-01-25", date_from="published")
    same = {("a", 2): "Forces loyal to Haftar shelled Mitiga airport in Tripoli on Sunday.",
            ("b", 5): "Haftar's forces shelled Mitiga airport in Tripoli, the only working airport."}  # fmt: skip
    other = {("a", 2): "Forces loyal to Haftar shelled Mitiga airport in Tripoli on Sunday.",
             ("b", 5): "Rockets hit a wedding party south of the capital, killing three."}  # fmt: skip
    assert groups([first, later], same) == [{"a-2-ASSAULT", "b-5-ASSAULT"}]
    assert len(groups([first, later], other)) == 2
    # Published long after the event: outside the window whatever the words.
    old = event("b", 5, day="2020-03-25", date_from="published")
    assert len(groups([first, old], same)) == 2


def test_best_report_and_reports() -> None:
    explicit = event("b", 1, confidence=0.6)
    published = event("a", 4, day="2020-01-20", date_from="published", confidence=0.9)
    words = {("a", 4): "forces shelled the airport", ("b", 1): "forces shelled the airport"}
    (resolved,) = resolve_events([published, explicit], words)
    assert resolved.event == explicit  # the explicitly dated report wins over a more confident one
    assert resolved.articles == ("b", "a")  # earliest report first
    assert {(r.article_id, r.sentence, r.date_from) for r in resolved.reports} == {
        ("a", 4, "published"),
        ("b", 1, "explicit"),
    }


def test_deterministic() -> None:
    events = [event(a, s, day=d) for a in "abcd" for s, d in ((0, "2020-01-19"), (1, "2020-01-25"))]
    first = resolve_events(events)
    shuffled = events[:]
    random.Random(7).shuffle(shuffled)
    second = resolve_events(shuffled)
    assert [(r.id, [x.event_id for x in r.reports]) for r in first] == [
        (r.id, [x.event_id for x in r.reports]) for r in second
    ]
    assert [len(r.reports) for r in first] == [4, 4]


def test_resolve_articles_uses_sentences() -> None:
    def doc(name: str, text: str, found: Event) -> AnnotatedArticle:
        article = Article(name, text, date(2020, 1, 25), "option")
        return AnnotatedArticle(article, sentences=(Sentence(name, 0, 0, len(text), text),), events=(found,))

    a = doc("a", "Haftar's forces shelled Mitiga airport on Sunday.", event("a"))
    b = doc("b", "Haftar's forces shelled Mitiga airport.", event("b", day="2020-01-25", date_from="published"))
    (resolved,) = resolve_articles([a, b])
    assert resolved.articles == ("a", "b")


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("2020-01-19", "day", (date(2020, 1, 19), date(2020, 1, 19))),
        ("2020-02", "month", (date(2020, 2, 1), date(2020, 2, 29))),
        ("2020", "year", (date(2020, 1, 1), date(2020, 12, 31))),
        ("2020-01-19", "month", (date(2020, 1, 1), date(2020, 1, 31))),
        (None, None, None),
        ("XXXX-01-19", "day", None),
    ],
)
def test_date_range(value: str | None, precision: str | None, expected: tuple[date, date] | None) -> None:
    assert date_range(value, precision) == expected


def anonymous(article: str, sentence: int = 0, **fields: object) -> Event:
    """An event with no actor: "the Berlin conference on January 19"."""
    values: dict[str, object] = {
        "type_": "CONSULT",
        "source": None,
        "target": None,
        "source_text": None,
        "target_text": None,
        "place": "Berlin",
    }
    values.update(fields)
    return event(article, sentence, **values)  # type: ignore[arg-type]


ANONYMOUS_CASES = [
    # no actors, but the same type, explicit day and place: one conference recalled by two articles
    ([anonymous("a"), anonymous("b", 4)], [{"a-0-CONSULT", "b-4-CONSULT"}]),
    # another place
    ([anonymous("a"), anonymous("b", place="Geneva")], [{"a-0-CONSULT"}, {"b-0-CONSULT"}]),
    # another day
    ([anonymous("a"), anonymous("b", day="2020-01-20")], [{"a-0-CONSULT"}, {"b-0-CONSULT"}]),
    # no place on one side
    ([anonymous("a"), anonymous("b", place=None)], [{"a-0-CONSULT"}, {"b-0-CONSULT"}]),
    # only the publication day, or only a month: not enough to say it is the same event
    ([anonymous("a"), anonymous("b", date_from="published")], [{"a-0-CONSULT"}, {"b-0-CONSULT"}]),
    (
        [anonymous("a", day="2020-01", precision="month"), anonymous("b", day="2020-01", precision="month")],
        [{"a-0-CONSULT"}, {"b-0-CONSULT"}],
    ),
    # another type
    ([anonymous("a"), anonymous("b", type_="AGREE")], [{"a-0-CONSULT"}, {"b-0-AGREE"}]),
    # flags still separate: a planned conference is not the one held
    ([anonymous("a"), anonymous("b", future=True)], [{"a-0-CONSULT"}, {"b-0-CONSULT"}]),
    # an event with an actor does not join through the anonymous block
    ([anonymous("a"), anonymous("b", source="DEU")], [{"a-0-CONSULT"}, {"b-0-CONSULT"}]),
]


@pytest.mark.parametrize(("events", "expected"), ANONYMOUS_CASES)
def test_events_without_actors_join_by_type_day_and_place(events: list[Event], expected: list[set[str]]) -> None:
    assert sorted(groups(events), key=sorted) == sorted(expected, key=sorted)


def test_anonymous_reports_chain_across_articles() -> None:
    reports = [anonymous(article, 2) for article in "abcde"]
    (resolved,) = resolve_events(reports)
    assert resolved.articles == ("a", "b", "c", "d", "e")


MET_NOT = "Sarraj and Haftar did not meet face to face."


def test_non_events_do_not_join_across_the_publication_window() -> None:
    # Two "did not meet" reports a week apart (one dated by its narrative, one by its article) are
    # two non-meetings; the window of past days is for things that happened.
    narrative = event("a", type_="CONSULT", negated=True, day="2020-01-12", date_from="narrative")
    published = event("b", type_="CONSULT", negated=True, day="2020-01-19", date_from="published")
    sentences = {("a", 0): MET_NOT, ("b", 0): MET_NOT}
    assert sorted(groups([narrative, published], sentences), key=sorted) == [{"a-0-CONSULT"}, {"b-0-CONSULT"}]


def test_a_republished_non_event_still_joins() -> None:
    first = event("a", type_="CONSULT", negated=True, day="2020-01-19", date_from="published")
    copy = event("b", type_="CONSULT", negated=True, day="2020-01-20", date_from="published")
    sentences = {("a", 0): MET_NOT, ("b", 0): MET_NOT}
    assert groups([first, copy], sentences) == [{"a-0-CONSULT", "b-0-CONSULT"}]


def test_planned_events_are_dated_by_their_report() -> None:
    text = "The committee will meet in Geneva in the coming days."
    early = event("a", type_="AGREE", future=True, day="2020-01-05", date_from="published")
    late = event("b", type_="AGREE", future=True, day="2020-01-19", date_from="published")
    assert len(groups([early, late], {("a", 0): text, ("b", 0): text})) == 2


def test_a_past_event_still_joins_within_the_window() -> None:
    dated = event("a", type_="CONSULT", day="2020-01-12", date_from="explicit")
    later = event("b", type_="CONSULT", day="2020-01-19", date_from="published")
    text = "Sarraj and Haftar met face to face in Moscow."
    assert groups([dated, later], {("a", 0): text, ("b", 0): text}) == [{"a-0-CONSULT", "b-0-CONSULT"}]
