"""Quotes: direct and reported speech with speakers, cues and contents.

Every sentence of the case table is written for these tests; none comes from a corpus.
"""

from __future__ import annotations

import functools
from datetime import date

import pytest

from dateline.ingest.readers import read_paths
from dateline.model import AnnotatedArticle, Article, Quote, article_id
from dateline.pipeline.base import Stage, make_pipeline, run_pipeline
from dateline.pipeline.quotes import QuoteStage, cue_lemma, quotation_spans
from tests.conftest import shared_path

JUN16 = date(2020, 6, 16)
STAGES = [
    "dateline.sentences.v1",
    "dateline.parse.v1",
    "dateline.entities.v1",
    "dateline.actors.v1",
    "dateline.quotes.v1",
]


@functools.cache
def _stages() -> tuple[Stage, ...]:
    return make_pipeline(STAGES)


def annotate(text: str, published: date | None = JUN16) -> AnnotatedArticle:
    article = Article(article_id(text), text, published, "option" if published else "unknown")
    return run_pipeline(_stages(), AnnotatedArticle(article))


def only(doc: AnnotatedArticle) -> Quote:
    assert len(doc.quotes) == 1, [(q.speaker_text, q.cue, q.content) for q in doc.quotes]
    return doc.quotes[0]


# (text, speaker_text, cue, content starts with, direct); the last quote of the text is checked.
CASES = [
    ('"The talks were useful," Lavrov said.', "Lavrov", "said", "The talks were useful", True),
    ("\u201cThe talks were useful,\u201d Lavrov said.", "Lavrov", "said", "The talks were useful", True),
    ('"The talks were useful," said Lavrov.', "Lavrov", "said", "The talks were useful", True),
    ('Lavrov said: "The talks were useful."', "Lavrov", "said", "The talks were useful", True),
    ('Lavrov said, "The talks were useful."', "Lavrov", "said", "The talks were useful", True),
    (
        '"We will not retreat. We will win," the commander stressed.',
        "the commander",
        "stressed",
        "We will not retreat. We will win",
        True,
    ),
    ('"Is this a ceasefire?" the minister asked.', "the minister", "asked", "Is this a ceasefire?", True),
    ('"The army is ready," the spokesman warned on Monday.', "the spokesman", "warned", "The army is ready", True),
    ("Lavrov said that the talks were useful.", "Lavrov", "said", "the talks were useful", False),
    ("Lavrov said the talks were useful.", "Lavrov", "said", "the talks were useful", False),
    ("The talks were useful, Lavrov told reporters.", "Lavrov", "told reporters", "The talks were useful", False),
    (
        "Lavrov told reporters on Tuesday that the talks were useful.",
        "Lavrov",
        "told reporters",
        "the talks were useful",
        False,
    ),
    (
        "According to the ministry, three soldiers were wounded.",
        "the ministry",
        "According to",
        "three soldiers were wounded",
        False,
    ),
    (
        "Three soldiers were wounded, according to the ministry.",
        "the ministry",
        "according to",
        "Three soldiers were wounded",
        False,
    ),
    ("The plan, the envoy insisted, is dead.", "the envoy", "insisted", "The plan", False),
    (
        "The Turkish parliament announced that it would vote in January.",
        "The Turkish parliament",
        "announced",
        "it would vote in January",
        False,
    ),
    ("The mayor noted that the roads were closed.", "The mayor", "noted", "the roads were closed", False),
    (
        "Haftar's press service informed that the offensive had begun.",
        "Haftar's press service",
        "informed",
        "the offensive had begun",
        False,
    ),
    ("The UN envoy urged both sides to return to the table.", "The UN envoy", "urged", "to return to the table", False),
    ("Erdogan declared that the deal was valid.", "Erdogan", "declared", "the deal was valid", False),
    ("Borrell added that the EU was ready to help.", "Borrell", "added", "the EU was ready to help", False),
    ("Sarraj claimed that the attack had failed.", "Sarraj", "claimed", "the attack had failed", False),
    (
        '"Nobody wants a war," Peskov said, adding that Moscow was in contact with Ankara.',
        "Peskov",
        "said",
        "Nobody wants a war",
        True,
    ),
    ("The ministry denied that its troops were in Libya.", "The ministry", "denied", "its troops were in Libya", False),
    ("The general confirmed the city had fallen.", "The general", "confirmed", "the city had fallen", False),
]


@pytest.mark.parametrize(("text", "speaker", "cue", "content", "direct"), CASES)
def test_case_table(text: str, speaker: str, cue: str, content: str, direct: bool) -> None:
    doc = annotate(text)
    quote = next((q for q in doc.quotes if q.content.startswith(content)), None)
    assert quote is not None, [(q.speaker_text, q.cue, q.content) for q in doc.quotes]
    assert (quote.speaker_text, quote.cue, quote.direct) == (speaker, cue, direct)
    assert text[quote.start : quote.end] == quote.content
    assert text[quote.speaker_start : quote.speaker_end] == quote.speaker_text
    assert text[quote.cue_start : quote.cue_end] == quote.cue
    assert quote.stage == "dateline.quotes.v1"
    assert quote.sentence == 0


def test_split_quotation_shares_the_cue() -> None:
    doc = annotate('"The war is over," Lavrov said, "and the talks will start soon."')
    assert [q.content for q in doc.quotes] == ["The war is over", "and the talks will start soon."]
    assert {(q.cue_start, q.speaker) for q in doc.quotes} == {(doc.quotes[0].cue_start, "person:sergey-lavrov")}


def test_quotation_after_the_cued_sentence_goes_on() -> None:
    doc = annotate('"The war is over," Lavrov said. "The talks will start soon."')
    assert len(doc.quotes) == 2
    assert doc.quotes[1].cue_start == doc.quotes[0].cue_start


def test_pronoun_speaker_is_the_last_person() -> None:
    text = 'Russian Foreign Minister Sergey Lavrov spoke after the meeting in Moscow. "The talks were useful," he said.'
    quote = only(annotate(text))
    assert (quote.speaker_text, quote.speaker) == ("he", "person:sergey-lavrov")


def test_pronoun_speaker_follows_the_earlier_speaker() -> None:
    text = 'Dmitry Peskov said the talks with Recep Tayyip Erdogan went well. "We are concerned," he said.'
    doc = annotate(text)
    assert [q.speaker for q in doc.quotes] == ["person:dmitry-peskov", "person:dmitry-peskov"]


def test_office_mention_speaker_resolves_to_the_office_holder() -> None:
    quote = only(annotate('"The talks were useful," Russia\u2019s top diplomat said.'))
    assert quote.speaker == "person:sergey-lavrov"


def test_institutional_speaker_and_its_later_short_form() -> None:
    text = (
        '"They discussed Libya," the Kremlin press service informed on Thursday.\n\n'
        'Putin and Conte also discussed Syria. "They confirmed their commitment," the press service informed.'
    )
    doc = annotate(text, date(2019, 12, 26))
    assert [(q.speaker_text, q.speaker) for q in doc.quotes] == [
        ("the Kremlin press service", "org:kremlin"),
        ("the press service", "org:kremlin"),
    ]


@pytest.mark.parametrize(
    ("text", "speaker_text", "speaker"),
    [
        # the parse runs the wire's dateline into the name: the phrase stays in its sentence
        (
            "TRIPOLI, June 12. /North Africa Monitor/. UN Secretary-General Antonio Guterres said on Thursday"
            " that he was deeply shocked by the discovery of mass graves in Tarhuna.",
            "UN Secretary-General Antonio Guterres",
            "person:antonio-guterres",
        ),
        # a name holding the head is never cut in two ("Mission" | "in Libya")
        (
            "The UN Support Mission in Libya (UNSMIL) said at least eight mass graves had been found near the town.",
            "The UN Support Mission in Libya",
            "org:united-nations-support-mission-in-libya",
        ),
        # a meeting speaks for those who met, not for the city it met in
        (
            "The Berlin conference on January 19 called for the fair distribution of oil income.",
            "The Berlin conference",
            None,
        ),
    ],
)
def test_speaker_phrase_is_whole_and_within_its_sentence(text: str, speaker_text: str, speaker: str | None) -> None:
    quote = only(annotate(text, date(2020, 6, 12)))
    assert (quote.speaker_text, quote.speaker) == (speaker_text, speaker)


def test_multi_paragraph_quotation_keeps_its_speaker() -> None:
    text = 'Lavrov said: "The talks were useful.\n\n"We will meet again in Geneva next month to go on," he said.'
    doc = annotate(text)
    assert all(q.speaker == "person:sergey-lavrov" for q in doc.quotes)
    assert len(doc.quotes) == 2


def test_cue_inside_a_quotation_makes_no_quote() -> None:
    quote = only(annotate('"We said that the war must end," Lavrov added.'))
    assert quote.cue == "added"


@pytest.mark.parametrize(
    "text",
    [
        "The army advanced on the city.",
        'The film "Desert Storm" opened in Cairo.',
        "",
        "DIE ARMEE SAGTE, DASS DER KRIEG VORBEI SEI.",
    ],
)
def test_no_quotes(text: str) -> None:
    assert annotate(text).quotes == ()


def test_no_parse_is_noted() -> None:
    doc = QuoteStage()(AnnotatedArticle(Article("x", "He said so.", None, "unknown")))
    assert doc.quotes == ()
    assert ("dateline.quotes.v1", "skipped_no_parse", 1.0) in doc.stats


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("said", "say"), ("told", "tell"), ("stressed", "stress"), ("admitted", "admit"), ("denies", "deny"),
     ("informed", "inform"), ("noting", "note"), ("emphasized", "emphasize")],
)  # fmt: skip
def test_cue_lemma(word: str, lemma: str) -> None:
    assert cue_lemma(word) == lemma


def test_quotation_spans_pair_straight_and_curly_marks() -> None:
    text = 'A "b c" d \u201ce f\u201d g "open\nnext'
    spans = quotation_spans(text)
    assert [text[q.inner_start : q.inner_end] for q in spans] == ["b c", "e f", "open"]
    assert [q.open_ended for q in spans] == [False, False, True]


def test_seed_articles() -> None:
    articles = {a.published: a for a in read_paths([str(shared_path("seeds"))])}
    lavrov = run_pipeline(_stages(), AnnotatedArticle(articles[JUN16]))
    assert [(q.speaker, q.cue, q.direct) for q in lavrov.quotes] == [
        ("person:sergey-lavrov", "told reporters", False),
        ("person:sergey-lavrov", "said", True),
        ("person:sergey-lavrov", "added", True),
    ]
    assert lavrov.quotes[0].content.startswith("Russia and the European Union favor soonest cessation")
    kremlin = run_pipeline(_stages(), AnnotatedArticle(articles[date(2019, 12, 26)]))
    found = [(q.speaker_text, q.speaker, q.cue, q.direct) for q in kremlin.quotes]
    assert found[:5] == [
        ("the Kremlin press service", "org:kremlin", "informed", True),
        ("the press service", "org:kremlin", "informed", True),
        ("Kremlin Spokesman Dmitry Peskov", "person:dmitry-peskov", "said", False),
        ("he", "person:dmitry-peskov", "said", True),
        ("he", "person:dmitry-peskov", "emphasized", True),
    ]
    assert ("He", "person:recep-tayyip-erdogan", "said", False) in found
    assert kremlin.quotes[0].content.startswith("They have discussed the situation in Libya.")
    assert kremlin.quotes[0].content.endswith("mediated by the UN")


def test_floor_on_a_polnear_dev_slice() -> None:
    """Our speech attributions on the first 5 dev articles; floors well under the full dev scores."""
    from dateline.evaluate.quotes import read_polnear, run_dateline, score_quotes

    docs = read_polnear(shared_path("data", "quotes", "polnear"), "dev", limit=5)
    speech = score_quotes(docs, list(run_dateline(docs)))["speech"]
    assert speech["content_overlap"]["f1"] >= 0.5
    assert speech["cue"]["f1"] >= 0.6
    assert speech["speaker"]["accuracy"] >= 0.8
