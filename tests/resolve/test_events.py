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
    # a leader and the body he heads (the actor list's roles): one attack
    (
        [event("a", source="person:khalifa-haftar"), event("b", source="org:libyan-national-army")],
        [{"a-0-ASSAULT", "b-0-ASSAULT"}],
    ),
    # a commander in it does not head it: two attacks
    (
        [event("a", source="person:saddam-haftar"), event("b", source="org:libyan-national-army")],
        [{"a-0-ASSAULT"}, {"b-0-ASSAULT"}],
    ),
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
        ("2020-W27", "week", (date(2020, 6, 29), date(2020, 7, 5))),  # a week across two months
        ("2020-W54", "week", None),
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
    # words that describe who identify nobody: "world leaders meeting in Berlin" and "the Berlin conference"
    (
        [anonymous("a", source_text="World leaders"), anonymous("b", 4, source_text="Berlin")],
        [{"a-0-CONSULT", "b-4-CONSULT"}],
    ),
    # ... nor do they join what another place or day keeps apart
    (
        [anonymous("a", source_text="World leaders"), anonymous("b", source_text="Berlin", place="Geneva")],
        [{"a-0-CONSULT"}, {"b-0-CONSULT"}],
    ),
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


# --- explicitly dated reports that disagree on actors ------------------------------------------------

SUMMIT = "The president warned on Saturday that any push on the river town of Varno would cross a red line."
SUMMIT_RECALL = "On March 7, the president declared that Varno and the river crossings were a red line for Ostria."


def test_explicit_day_reports_with_overlapping_actors_join() -> None:
    # One report names the warned (a target), the other the country it speaks for: they share the speaker.
    first = event("a", type_="THREATEN", source="person:president", target="country:KRA", day="2021-03-07")
    second = event("b", 2, type_="THREATEN", source="person:president", target="country:OST", day="2021-03-07")
    sentences = {("a", 0): SUMMIT, ("b", 2): SUMMIT_RECALL}
    assert groups([first, second], sentences) == [{"a-0-THREATEN", "b-2-THREATEN"}]
    # Without shared words beyond chance, or on another day, they stay apart.
    unrelated = {("a", 0): SUMMIT, ("b", 2): "The president warned the unions over the strike on Saturday."}
    assert len(groups([first, second], unrelated)) == 2
    later = dataclasses.replace(second, date="2021-03-08")
    assert len(groups([first, later], sentences)) == 2


def test_explicit_reports_need_a_shared_actor_or_an_unidentified_one() -> None:
    words = {("a", 0): SUMMIT, ("b", 2): SUMMIT}
    first = event("a", type_="THREATEN", source="person:president", target=None, day="2021-03-07")
    other = event("b", 2, type_="THREATEN", source="person:minister", target=None, day="2021-03-07")
    assert len(groups([first, other], words)) == 2
    # an actor named only by a description may be the same one, if the other report uses its words
    described = dataclasses.replace(other, source=None, source_text="the president", target_text=None)
    assert len(groups([first, described], words)) == 1
    elsewhere = dataclasses.replace(other, source=None, source_text="the prime minister", target_text=None)
    assert len(groups([first, elsewhere], words)) == 2
    # no actor at all is no evidence (the anonymous rule needs a place)
    nobody = dataclasses.replace(other, source=None, source_text=None, target_text=None)
    assert len(groups([first, nobody], words)) == 2


def test_material_conflict_keeps_its_roles() -> None:
    # Two shellings by one force on one day, of two different targets, are two shellings ...
    text = "Rebel forces shelled the northern district on Tuesday, residents said."
    a = event("a", source="group:rebels", target="org:airport-authority")
    b = event("b", source="group:rebels", target="org:port-authority")
    assert len(groups([a, b], {("a", 0): text, ("b", 0): text})) == 2
    # ... and an attack and the reply to it are two attacks.
    back = event("b", source="org:airport-authority", target="group:rebels")
    assert len(groups([a, back], {("a", 0): text, ("b", 0): text})) == 2


def test_a_town_is_not_an_actor() -> None:
    # "captured Varno" and "captured the rebels' last stronghold": a town as target does not conflict.
    text_a = "Government forces captured the rebels' last western stronghold on Friday."
    text_b = "The offensive came two weeks after government forces captured Varno and moved east."
    a = event("a", source="org:government", target="group:rebels", day="2021-06-04", trigger="captured")
    b = event("b", source="org:government", target="place:varno", day="2021-06-18", date_from="published")
    b = dataclasses.replace(b, trigger="captured")
    assert groups([a, b], {("a", 0): text_a, ("b", 0): text_b}) == [{"a-0-ASSAULT", "b-0-ASSAULT"}]
    # Two different towns are two places, though.
    c = dataclasses.replace(a, target="place:dorsk")
    assert len(groups([c, b], {("a", 0): text_a, ("b", 0): text_b})) == 2


def test_a_planned_meeting_joins_the_meeting_held() -> None:
    plan = "The president is expected to meet tribal elders from the south in Varno later this week."
    held = "The vote came after the president met tribal elders from the south in Varno last week."
    a = event("a", type_="CONSULT", source=None, source_text=None, target="group:elders", future=True)
    a = dataclasses.replace(a, date="2021-07", date_precision="month", place="Varno")
    b = event("b", type_="CONSULT", source="person:president", target="group:elders", place="Varno")
    b = dataclasses.replace(b, date="2021-07", date_precision="month")
    assert groups([a, b], {("a", 0): plan, ("b", 0): held}) == [{"a-0-CONSULT", "b-0-CONSULT"}]
    # a denied one does not
    denied = dataclasses.replace(b, negated=True)
    assert len(groups([a, denied], {("a", 0): plan, ("b", 0): held})) == 2


def test_year_precise_reports_need_shared_words() -> None:
    # "earlier this year" says little: a year-precise report joins only a like-worded one.
    a = event("a", day="2020", precision="year")
    b = event("b")
    other = {("a", 0): "The company said earlier this year it was targeting growth.",
             ("b", 0): "Forces shelled the airport on Tuesday."}  # fmt: skip
    assert len(groups([a, b], other)) == 2
    same = {
        ("a", 0): "Forces shelled the airport earlier this year.",
        ("b", 0): "Forces shelled the airport on Tuesday.",
    }
    assert len(groups([a, b], same)) == 1


def test_a_month_needs_the_same_trigger_word() -> None:
    # "met in Varno in July" and "the meeting in Varno on July 9" (each naming one of its parties
    # differently): one meeting; a visit that month is not it.
    held = "The president met tribal elders from the south in Varno in July, officials said."
    dated = "The governor and the president's envoy met tribal elders from the south in Varno on July 9."
    month = event("a", type_="CONSULT", source="person:president", target="group:elders", day="2021-07")
    month = dataclasses.replace(month, date_precision="month", trigger="met")
    day = event("b", type_="CONSULT", source="person:governor", target="group:elders", day="2021-07-09")
    day = dataclasses.replace(day, trigger="meeting")
    assert len(groups([month, day], {("a", 0): held, ("b", 0): dated})) == 1
    visit = dataclasses.replace(day, trigger="visited")
    assert len(groups([month, visit], {("a", 0): held, ("b", 0): dated})) == 2
