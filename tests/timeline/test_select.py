from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from dateline.model import AnnotatedArticle, Article, Quote, Sentence, TimeExpr
from dateline.pipeline.base import make_pipeline, run_pipeline
from dateline.timeline.select import (
    _POINTS_BACK,
    Candidate,
    SelectionParams,
    TimelineError,
    article_candidates,
    build_timeline,
    date_scores,
    default_n_dates,
    default_n_sentences,
    relative_days,
    select_dates,
    strip_dateline,
    summarise_dates,
)

# Sentences of a made-up ceasefire story, written for these tests.
TALKS = "Delegations of the rival forces met in Geneva for a new round of ceasefire talks under UN auspices."
TRUCE = "The rival forces signed a permanent ceasefire agreement in Geneva after five days of talks."
FLIGHTS = "Commercial flights between the capital and the eastern city resumed for the first time in a year."
PRISONERS = "Both sides exchanged dozens of prisoners at a checkpoint south of the city under the ceasefire."
SIGNED_RECALL = "On October 23 the two sides signed a ceasefire agreement in Geneva, ending the war."
HELD_RECALL = "The ceasefire agreement signed in Geneva on October 23 has largely held since then."
OIL = "The national oil company lifted force majeure on exports from the eastern ports after the truce."


def cand(
    article: str,
    index: int,
    text: str,
    day: str | None,
    published: str,
    *,
    how: str = "explicit",
    mentions: tuple[str, ...] | None = None,
    relevant: bool = True,
    quote: str | None = None,
    speaker: str | None = None,
) -> Candidate:
    return Candidate(
        article_id=article,
        sentence=index,
        text=text,
        date=day,
        date_from=how if day else None,
        published=published,
        source=f"outlet-{article[0]}",
        mentions=(day,) if mentions is None and day and how == "explicit" else (mentions or ()),
        relevant=relevant,
        quote=quote,
        speaker=speaker,
    )


def story() -> list[Candidate]:
    """Five articles: the truce of 2020-10-23 is named by four of them, two published weeks later."""
    return [
        cand("a1", 0, TALKS, "2020-10-19", "2020-10-19", how="published"),
        cand("a1", 1, FLIGHTS, "2020-10-19", "2020-10-19", how="published"),
        cand("a2", 0, TRUCE, "2020-10-23", "2020-10-23"),
        cand("a2", 1, PRISONERS, "2020-10-23", "2020-10-23", how="narrative"),
        cand("a3", 0, SIGNED_RECALL, "2020-10-23", "2020-11-20"),
        cand("a3", 1, OIL, "2020-10-26", "2020-11-20"),
        cand("a4", 0, HELD_RECALL, "2020-10-23", "2020-12-01"),
        cand("a5", 0, FLIGHTS.replace("resumed", "restarted"), "2020-10-24", "2020-10-24", how="published"),
    ]


def test_a_later_article_recalling_a_day_contributes_to_that_day() -> None:
    text = "On January 19 the leaders met in Berlin and agreed to respect an arms embargo."
    recall = cand("june", 3, text, "2020-01-19", "2020-06-16")
    scores = date_scores([recall])
    assert date(2020, 1, 19) in scores
    entries = build_timeline([recall], 1, 1)
    assert [(e.date, e.sources[0]["published"]) for e in entries] == [("2020-01-19", "2020-06-16")]


def test_most_named_day_ranks_first() -> None:
    ranked = select_dates(date_scores(story()), 3)
    assert ranked[0] == date(2020, 10, 23)


@pytest.mark.parametrize(
    ("mentions", "published", "expected"),
    [
        # one vote per article however often it names the day, +1 when written 2+ days later,
        # +0.5 for the publication day and the day before
        ((("2020-10-23",), ("2020-10-23",)), "2020-10-23", {"2020-10-23": 1.5, "2020-10-22": 0.5}),
        ((("2020-10-23",),), "2020-11-20", {"2020-10-23": 2.0, "2020-11-20": 0.5, "2020-11-19": 0.5}),
    ],
)
def test_date_votes(mentions: tuple[tuple[str, ...], ...], published: str, expected: dict[str, float]) -> None:
    candidates = [cand("x", i, TRUCE, None, published, mentions=m) for i, m in enumerate(mentions)]
    assert {d.isoformat(): s for d, s in date_scores(candidates).items()} == expected


def test_a_day_named_only_relatively_casts_no_vote_by_default() -> None:
    # Five stories of 2020-10-23: three say "Wednesday" (2020-10-22), two write "October 23" out.
    weekday = [
        dataclasses.replace(cand(f"w{i}", 0, TALKS, "2020-10-22", "2020-10-23"), relative=("2020-10-22",))
        for i in range(3)
    ]
    written = [cand(f"d{i}", 0, TRUCE, "2020-10-23", "2020-10-23") for i in range(2)]
    scores = date_scores(weekday + written)
    # Each story adds 0.5 to its publication day and to the day before.
    assert (scores[date(2020, 10, 23)], scores[date(2020, 10, 22)]) == (2.0 + 2.5, 2.5)
    assert select_dates(scores, 1) == [date(2020, 10, 23)]
    counted = date_scores(weekday + written, params=SelectionParams(relative_weight=1.0))
    assert counted[date(2020, 10, 22)] == 3.0 + 2.5
    assert select_dates(counted, 1) == [date(2020, 10, 22)]


def test_an_article_naming_a_day_both_ways_gives_it_a_full_vote() -> None:
    relative = dataclasses.replace(cand("a", 0, TALKS, "2020-10-22", "2020-10-30"), relative=("2020-10-22",))
    written = cand("a", 1, TRUCE, "2020-10-22", "2020-10-30")
    assert date_scores([relative, written])[date(2020, 10, 22)] == 2.0  # one vote, doubled as a recall


@pytest.mark.parametrize(
    ("mentions", "written", "expected"),
    [
        (("2020-10-22", "2020-10-23"), {"2020-10-23"}, ("2020-10-22",)),
        (("2020-10-22", "2020-10-22"), set(), ("2020-10-22",)),
        (("2020-10-22",), {"2020-10-22"}, ()),
        ((), set(), ()),
    ],
)
def test_relative_days(mentions: tuple[str, ...], written: set[str], expected: tuple[str, ...]) -> None:
    assert relative_days(mentions, written) == expected


def test_neighbours_of_a_chosen_day_lose_some_weight() -> None:
    scores = {date(2020, 1, 1): 10.0, date(2020, 1, 2): 9.0, date(2020, 1, 5): 8.0}
    assert select_dates(scores, 2) == [date(2020, 1, 1), date(2020, 1, 5)]
    assert select_dates(scores, 2, SelectionParams(neighbour_keep=1.0)) == [date(2020, 1, 1), date(2020, 1, 2)]


def test_timeline_is_in_date_order_with_sources() -> None:
    entries = build_timeline(story(), 3, 1)
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    assert "2020-10-23" in [e.date for e in entries]
    for entry in entries:
        assert len(entry.sentences) == len(entry.sources) == 1
        assert set(entry.sources[0]) >= {"article_id", "outlet", "published", "sentence"}


def test_the_timeline_never_repeats_itself() -> None:
    entries = build_timeline(story(), 4, 2)
    sentences = [s for e in entries for s in e.sentences]
    assert len(sentences) == len(set(sentences))
    # FLIGHTS (Oct 19) and its rewrite (Oct 24) say the same thing: at most one of them is used.
    assert sum("flights" in s for s in sentences) <= 1


def test_range_limits_the_days() -> None:
    entries = build_timeline(story(), 5, 1, start=date(2020, 10, 20), end=date(2020, 10, 31))
    assert entries
    assert all("2020-10-20" <= e.date <= "2020-10-31" for e in entries)


def test_relevant_sentences_are_preferred() -> None:
    candidates = [
        cand("a", 0, TRUCE, "2020-10-23", "2020-10-23", relevant=False),
        cand("b", 0, PRISONERS, "2020-10-23", "2020-10-23", relevant=True),
    ]
    assert build_timeline(candidates, 1, 1)[0].sentences == (PRISONERS,)


def side_story() -> list[Candidate]:
    """Four ceasefire articles; one also names the day of a football final, a side story."""
    leads = [TALKS, TRUCE, SIGNED_RECALL, HELD_RECALL]
    out = [cand(f"c{i}", 0, text, "2020-10-23", "2020-11-20") for i, text in enumerate(leads)]
    football = "The national football final will be played in the capital's stadium on November 2."
    out.append(cand("c0", 5, football, "2020-11-02", "2020-11-20"))
    return out


def test_sentences_off_the_topic_cast_no_vote() -> None:
    scores = date_scores(side_story())
    assert date(2020, 10, 23) in scores
    assert date(2020, 11, 2) not in scores
    assert date(2020, 11, 2) in date_scores(side_story(), params=SelectionParams(topic_words=0))


def test_summaries_prefer_sentences_holding_a_topic_word() -> None:
    # The day's pool is mostly about the stadium, but the timeline is about the ceasefire.
    stadium = [
        "Workers finished repainting the national stadium seats before the football final.",
        "The national stadium seats were repainted by workers ahead of the football final.",
    ]
    day = [cand(f"s{i}", 4, text, "2020-10-24", "2020-10-24") for i, text in enumerate(stadium)]
    day.append(cand("s9", 4, PRISONERS, "2020-10-24", "2020-10-24"))
    candidates = side_story() + day
    picked = summarise_dates(candidates, [date(2020, 10, 24)], 1)[0].sentences
    assert picked == (PRISONERS,)
    plain = summarise_dates(candidates, [date(2020, 10, 24)], 1, params=SelectionParams(topic_words=0))
    assert plain[0].sentences != (PRISONERS,)


def test_a_day_without_sentences_is_told_by_the_next_days_leads() -> None:
    # Published on the 24th, dated only by publication: the title and lead may tell the 23rd.
    lead = cand("n", 0, TRUCE, "2020-10-24", "2020-10-24", how="published")
    later = cand("n", 5, PRISONERS, "2020-10-24", "2020-10-24", how="published")
    entries = summarise_dates([lead, later], [date(2020, 10, 23)], 2)
    assert [(e.date, e.sentences) for e in entries] == [("2020-10-23", (TRUCE,))]
    # A day with sentences of its own keeps them only.
    own = cand("o", 0, HELD_RECALL, "2020-10-23", "2020-12-01")
    entries = summarise_dates([lead, later, own], [date(2020, 10, 23)], 2)
    assert [(e.date, e.sentences) for e in entries] == [("2020-10-23", (HELD_RECALL,))]


def test_quotes_are_cited() -> None:
    candidates = [cand("a", 0, TRUCE, "2020-10-23", "2020-10-23", quote="a permanent ceasefire", speaker="Envoy")]
    source = build_timeline(candidates, 1, 1)[0].sources[0]
    assert (source["quote"], source["speaker"]) == ("a permanent ceasefire", "Envoy")


@pytest.mark.parametrize(
    "text",
    [
        "Posted by: reader42 | October 23, 2020 9:13 PM | Report abuse I think the truce will not hold at all.",
        "At 4:43 pm on 23 October, Safetyman wrote: the ceasefire agreement is a good first step.",
        "Watch the ceasefire agreement being signed in Geneva by the two military delegations.",
        "Will the ceasefire agreement signed in Geneva hold through the winter months?",
        "Signed.",
        # a page template's slide counter and a news feed's timestamp run into a sentence
        "current} of {total} NEXT 23 OCTOBER: CEASEFIRE SIGNED The two delegations signed the truce in Geneva.",
        "Geneva truce holds, says UN envoy - 1 hr ago The two delegations signed the ceasefire agreement.",
        "BACK -LCB- current -RCB- of -LCB- total -RCB- NEXT The two delegations signed the truce in Geneva .",
    ],
)
def test_page_furniture_questions_and_fragments_are_never_summaries(text: str) -> None:
    assert build_timeline([cand("a", 0, text, "2020-10-23", "2020-10-23")], 1, 1) == []


def test_no_dated_candidates_make_an_empty_timeline() -> None:
    assert build_timeline([], 5, 1) == []
    assert build_timeline([cand("a", 0, TRUCE, None, "2020-10-23")], 5, 1) == []


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"n_dates": 0}, "E600"),
        ({"n_sentences": 0}, "E601"),
        ({"start": date(2020, 2, 1), "end": date(2020, 1, 1)}, "E602"),
    ],
)
def test_bad_requests_are_numbered_errors(kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(TimelineError, match=code):
        build_timeline(story(), **kwargs)  # type: ignore[arg-type]


def test_defaults_come_from_the_data() -> None:
    entries = build_timeline(story())
    assert 1 <= len(entries) <= 25
    assert default_n_sentences([]) == 1
    assert default_n_sentences([1, 2, 2]) == 1
    assert default_n_sentences([1, 3, 4]) == 2
    assert default_n_sentences([20, 30, 40]) == 3
    assert default_n_dates({date(2020, 1, d): 1.0 for d in range(1, 4)}) == 3
    # more days to choose from, more dates, growing as the square root and bounded
    days = [date(2020, 1, 1) + timedelta(days=i) for i in range(400)]
    assert [default_n_dates(dict.fromkeys(days[:n], 1.0)) for n in (6, 16, 64, 100, 400)] == [6, 10, 20, 25, 40]
    # the day the story broke, far above the rest, does not cut the timeline short
    broke = dict(zip(days, [300.0] + [20.0] * 12 + [1.0] * 40, strict=False))
    assert default_n_dates(broke) == 18


def test_sentences_per_date_follow_the_days_shown() -> None:
    # one big day told by four articles, and many small days told by one each: the one day shown
    # gets the sentences its four articles offer, whatever the small days are like
    big = [
        cand(f"b{i}", 0, text, "2020-10-23", "2020-10-23")
        for i, text in enumerate((TRUCE, SIGNED_RECALL, HELD_RECALL, PRISONERS))
    ]
    small = [
        cand(f"s{d}", 0, (TALKS, FLIGHTS, OIL)[d % 3], f"2020-09-{d:02d}", f"2020-09-{d:02d}", how="published")
        for d in range(1, 10)
    ]
    (entry,) = build_timeline([*big, *small], 1)
    assert entry.date == "2020-10-23"
    assert len(entry.sentences) == 2


def test_summarise_given_dates() -> None:
    entries = summarise_dates(story(), [date(2020, 10, 23), date(2020, 10, 19)], 1)
    assert [e.date for e in entries] == ["2020-10-19", "2020-10-23"]


def test_candidates_from_an_annotated_article() -> None:
    text = "Talks resumed on Monday. On January 19 the leaders met in Berlin."
    article = Article("art1", text, date(2020, 6, 16), "header", source="TASS", title="Talks")
    doc = AnnotatedArticle(
        article,
        sentences=(
            Sentence("art1", 0, 0, 24, "Talks resumed on Monday.", "2020-06-15", "day", "explicit", 0.85),
            Sentence(
                "art1", 1, 25, 65, "On January 19 the leaders met in Berlin.", "2020-01-19", "day", "explicit", 0.85
            ),
        ),
        timexes=(
            TimeExpr("art1", 17, 23, "Monday", "DATE", "2020-06-15", sentence=0),
            TimeExpr("art1", 28, 38, "January 19", "DATE", "2020-01-19", sentence=1),
        ),
        quotes=(Quote("art1", 0, 5, "Talks", "actor:x", "Envoy", "said", True, sentence=0),),
    )
    first, second = article_candidates(doc)
    assert (first.date, first.mentions, first.published, first.source, first.speaker) == (
        "2020-06-15", ("2020-06-15",), "2020-06-16", "TASS", "Envoy",
    )  # fmt: skip
    assert (second.date, second.mentions, second.quote) == ("2020-01-19", ("2020-01-19",), None)


@pytest.mark.parametrize(
    ("how", "relative"),
    [("explicit", ()), ("year_inferred", ()), ("tense", ("2020-06-15",)), ("relative", ("2020-06-15",))],
)
def test_candidates_know_which_days_are_named_relatively(how: str, relative: tuple[str, ...]) -> None:
    text = "Talks resumed on Monday."
    doc = AnnotatedArticle(
        Article("r", text, date(2020, 6, 16), "header"),
        sentences=(Sentence("r", 0, 0, 24, text, "2020-06-15", "day", "explicit", 0.85),),
        timexes=(TimeExpr("r", 17, 23, "Monday", "DATE", "2020-06-15", how=how, sentence=0),),
    )
    assert article_candidates(doc)[0].relative == relative


def test_month_precision_sentences_have_no_day() -> None:
    doc = AnnotatedArticle(
        Article("m", "In January talks began.", date(2020, 6, 16), "header"),
        sentences=(Sentence("m", 0, 0, 23, "In January talks began.", "2020-01", "month", "explicit", 0.8),),
    )
    assert article_candidates(doc)[0].date is None


def test_with_temporal_grounding() -> None:
    text = (
        "MOSCOW, June 16. /TASS/. Russia and the European Union called for a ceasefire in Libya on Tuesday.\n\n"
        "On January 19 the leaders of the countries involved met in Berlin and agreed to respect the arms embargo."
    )
    article = Article("g", text, date(2020, 6, 16), "header", source="TASS")
    doc = run_pipeline(make_pipeline(["dateline.sentences.v1", "dateline.timex.v1"]), AnnotatedArticle(article))
    days = [e.date for e in build_timeline(article_candidates(doc), 5, 1)]
    assert "2020-01-19" in days


@pytest.mark.parametrize(("how", "winner"), [("explicit", "z-later"), ("narrative", "b-same-day")])
def test_a_later_sentence_earns_the_recall_bonus_only_when_it_names_the_day(how: str, winner: str) -> None:
    # Same words, so the same salience but for the bonus for sentences written days later; a
    # sentence a later article carries to the day by narrative does not sum the day up.
    same_day = cand("b-same-day", 0, "The truce took effect across Libya on Friday.", "2020-10-23", "2020-10-23")
    later = cand("z-later", 4, "The truce took effect on Friday across Libya.", "2020-10-23", "2020-11-20", how=how)
    (entry,) = summarise_dates([same_day, later], [date(2020, 10, 23)], 1)
    assert entry.sources[0]["article_id"] == winner


@pytest.mark.parametrize(
    "silence",
    [
        "There was no immediate comment from the army, whose forces hold the town.",
        "A spokesman for the ministry could not be reached for comment on the truce.",
        "The embassy did not respond to a request for comment about the truce.",
    ],
)
def test_a_sentence_saying_nothing_was_said_never_sums_a_day_up(silence: str) -> None:
    quiet = cand("a-quiet", 0, silence, "2020-10-23", "2020-10-23", how="published")
    news = cand("b-news", 1, "The truce took effect across the country at midnight.", "2020-10-23", "2020-10-23")
    entries = summarise_dates([quiet, news], [date(2020, 10, 23)], 2)
    assert [s for e in entries for s in e.sentences] == [news.text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a wire dateline, plain and as Timeline17 tokenises it
        (
            "TRIPOLI, Oct 23 (Reuters) - The rival forces signed a ceasefire in Geneva.",
            "The rival forces signed a ceasefire in Geneva.",
        ),
        (
            "TRIPOLI , October 23 -LRB- Reuters -RRB- -- The rival forces signed a ceasefire in Geneva .",
            "The rival forces signed a ceasefire in Geneva .",
        ),
        # a page's datestamp with a clock time, then a place
        (
            "Friday, October 23, 2020; 4:21 PM GENEVA -- Delegations signed the truce after five days of talks.",
            "Delegations signed the truce after five days of talks.",
        ),
        # a chronology's entry
        ("Oct. 23 : The rival forces sign a permanent ceasefire .", "The rival forces sign a permanent ceasefire ."),
        ("October 23 - The rival forces sign a permanent ceasefire.", "The rival forces sign a permanent ceasefire."),
        # a title run into the lead by its time stamp
        (
            "Truce signed in Geneva Friday 23 October 2020 08.43 GMT The rival forces signed a ceasefire.",
            "The rival forces signed a ceasefire.",
        ),
        # nothing before the sentence proper: unchanged, dates inside it too
        (TRUCE, TRUCE),
        (SIGNED_RECALL, SIGNED_RECALL),
        (
            "UN envoy Stephanie Williams welcomed the truce on Friday.",
            "UN envoy Stephanie Williams welcomed the truce on Friday.",
        ),
        # too little would be left: unchanged
        ("GENEVA - Truce signed.", "GENEVA - Truce signed."),
        # a place in title case before an agency tag
        (
            "BENGHAZI, Libya (Reuters) - Rebels pushed west toward the oil town of Brega.",
            "Rebels pushed west toward the oil town of Brega.",
        ),
        (
            "Cairo, Egypt -LRB- CNN -RRB- -- Protesters filled Tahrir Square for a fourth day .",
            "Protesters filled Tahrir Square for a fourth day .",
        ),
        # ... but a name with a parenthesis in a sentence stays whole
        (
            "Fayez Sarraj (GNA) - who leads the government - said so on Friday.",
            "Fayez Sarraj (GNA) - who leads the government - said so on Friday.",
        ),
        # a wire dateline with its agency between slashes, before the lead or alone
        ("MOSCOW, October 23. /TASS/. The rival forces signed a ceasefire.", "The rival forces signed a ceasefire."),
        ("TRIPOLI, June 12. /North Africa Monitor/.", ""),
    ],
)
def test_strip_dateline(text: str, expected: str) -> None:
    assert strip_dateline(text) == expected


def test_a_dateline_split_off_its_lead_is_no_summary() -> None:
    dateline = cand("w", 0, "GENEVA, October 23. /Meridian Wire/.", "2020-10-23", "2020-10-23")
    lead = cand("w", 1, TRUCE, "2020-10-23", "2020-10-23", how="published")
    (entry,) = build_timeline([dateline, lead], 1, 2)
    assert entry.sentences == (TRUCE,)


def test_sentences_that_lean_on_the_one_before_are_passed_over() -> None:
    leaning = cand(
        "a", 0, "It signed a permanent ceasefire agreement with the rival forces in Geneva.", "2020-10-23", "2020-10-23"
    )
    alone = cand(
        "b",
        4,
        "The army signed a permanent ceasefire agreement with the rival forces in Geneva.",
        "2020-10-23",
        "2020-10-23",
    )
    never = SelectionParams(points_back_keep=1.0)
    assert build_timeline([leaning, alone], 1, 1, params=never)[0].sentences == (leaning.text,)
    assert build_timeline([leaning, alone], 1, 1)[0].sentences == (alone.text,)


@pytest.mark.parametrize(
    ("text", "leans"),
    [
        ("It signed the accord.", True),
        ("His government signed the accord.", True),
        ("But the army refused to sign the accord.", True),
        ("This angered the army.", True),
        ("This week the army signed the accord.", False),
        ("Italy signed the accord.", False),
        ("Ithaca signed the accord.", False),
        ("Thessaloniki hosted the talks.", False),
    ],
)
def test_what_leans_on_the_sentence_before(text: str, leans: bool) -> None:
    assert bool(_POINTS_BACK.match(text)) is leans


def test_days_after_the_newest_article_are_plans_not_entries() -> None:
    planned = "Delegations will meet in Tunis on November 9 for a political forum on national elections."
    plan = cand("p", 0, planned, "2020-11-09", "2020-10-24", mentions=("2020-11-09",))
    report = [
        cand("q", 0, planned.replace("Delegations will", "Delegations are to"), "2020-11-09", "2020-10-24"),
        cand("r", 0, TRUCE, "2020-10-23", "2020-10-23"),
    ]
    entries = build_timeline([plan, *report], 2, 1)
    assert [entry.date for entry in entries] == ["2020-10-23"]
    # once an article published on the day or later is in, the day is a record like any other
    after = cand("s", 0, "Delegations met in Tunis for a political forum on elections.", "2020-11-09", "2020-11-09")
    assert "2020-11-09" in [entry.date for entry in build_timeline([plan, *report, after], 2, 1)]


def test_summaries_carry_no_dateline() -> None:
    wire = cand("w", 0, f"GENEVA, Oct 23 (Reuters) - {TRUCE}", "2020-10-23", "2020-10-23", how="published")
    (entry,) = build_timeline([wire], 1, 1)
    assert entry.sentences == (TRUCE,)
    assert entry.sources[0]["sentence"] == "0"  # the source still points at the article's sentence


def test_a_sentence_higher_in_its_article_wins_a_tie() -> None:
    # Same words, so the same salience but for the position prior.
    low = cand("a-low", 7, "The truce took effect across Libya on Friday.", "2020-10-23", "2020-10-23")
    high = cand("b-high", 0, "The truce took effect on Friday across Libya.", "2020-10-23", "2020-10-23")
    (entry,) = summarise_dates([low, high], [date(2020, 10, 23)], 1)
    assert entry.sources[0]["article_id"] == "b-high"
    (entry,) = summarise_dates([low, high], [date(2020, 10, 23)], 1, params=SelectionParams(lead_bonus=0.0))
    assert entry.sources[0]["article_id"] == "a-low"  # without it, the tie goes by article id


def test_sentences_of_one_article_keep_its_order() -> None:
    graves = (
        "The UN mission said on Friday that at least eight mass graves had been found in and around the town"
        " of Tarhuna, south-east of the capital, most of them over the past few days, after the army's forces"
        " withdrew from the town and its surroundings."
    )
    denial = "A spokesman for the army's forces denied any role in the killings and demanded an inquiry."
    found = cand("t", 2, graves, "2020-06-12", "2020-06-12")
    denied = cand("t", 5, denial, "2020-06-12", "2020-06-12")
    other = cand("u", 1, TRUCE, "2020-06-12", "2020-06-12")
    # the long report of the graves scores below the short denial, yet is told first
    (entry,) = build_timeline([denied, other, found], 1, 3)
    from_t = [text for text in entry.sentences if text != TRUCE]
    assert from_t == [graves, denial]
    assert [source["sentence"] for source in entry.sources if source["article_id"] == "t"] == ["2", "5"]
