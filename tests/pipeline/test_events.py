"""PLOVER event coding: types, actors, flags, dates, bad input, ids and explanations.

Every sentence here is written for these tests; none comes from a corpus. Entities and actors
come from ``dateline.evaluate.events.entities_and_actors`` (spaCy's named entities and our PLOVER
actor table) so that these cases test the event rules alone.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from dateline.evaluate.events import annotate, entities_and_actors
from dateline.model import (
    AnnotatedArticle,
    Article,
    Entity,
    Event,
    Place,
    Quote,
    Sentence,
    article_id,
    from_dict,
    to_dict,
)
from dateline.pipeline.base import PipelineError, make_pipeline
from dateline.pipeline.events import POLITICAL_SHARE, EventStage, event_id, explain, sentence_quad
from dateline.resources.plover import PLOVER_TYPES, load_lexicon, parse_lexicon, quad_class

PUBLISHED = date(2020, 6, 16)


@pytest.fixture(scope="module")
def stage() -> EventStage:
    return EventStage()


def main_event(text: str, stage: EventStage, published: date | None = PUBLISHED) -> Event | None:
    doc = annotate([text], published, stage)[0]
    return doc.events[0] if doc.events else None


# (sentence, type, source phrase contains, target phrase contains); None: no source/target expected.
TYPES = [
    # The parser hangs "with ..." on "crisis"; the partner is still the target.
    (
        "The Egyptian president discussed a settlement of the Sudanese crisis with the Ethiopian prime minister.",
        "CONSULT",
        "Egyptian president",
        "Ethiopian prime minister",
    ),
    ("Egypt and Sudan agreed on Monday to resume talks on the Nile dam.", "AGREE", "Egypt", None),
    ("The Turkish government pledged to send humanitarian aid to Libya.", "AGREE", "Turkish government", "Libya"),
    ("Russia offered to mediate between Armenia and Azerbaijan.", "AGREE", "Russia", None),
    (
        "The French foreign minister met his Italian counterpart in Rome on Tuesday.",
        "CONSULT",
        "French foreign minister",
        "Italian counterpart",
    ),
    ("The German chancellor visited Tripoli on Sunday.", "CONSULT", "German chancellor", "Tripoli"),
    (
        "President Erdogan telephoned the Russian president to discuss the ceasefire.",
        "CONSULT",
        "Erdogan",
        "Russian president",
    ),
    ("Japan welcomed the truce between the two Libyan governments.", "SUPPORT", "Japan", None),
    ("Italy and Libya signed a memorandum on migration in Rome.", "SUPPORT", "Italy", None),
    ("The Algerian president praised the efforts of the United Nations envoy.", "SUPPORT", "Algerian president", None),
    ("Tunisia and Algeria agreed to share intelligence on militant movements.", "AGREE", "Tunisia", None),
    ("Greece extradited two Libyan smugglers to Italy on Friday.", "COOPERATE", "Greece", "smugglers"),
    ("The European Union sent food and medicine to refugees in Benghazi.", "AID", "European Union", "refugees"),
    ("Qatar donated ten million dollars to the Libyan Red Crescent.", "AID", "Qatar", "Libyan Red Crescent"),
    ("The Libyan government lifted the curfew in Tripoli on Thursday.", "CONCEDE", "Libyan government", "Tripoli"),
    ("The rebels released forty hostages on Sunday.", "RETREAT", "rebels", "hostages"),
    ("Sudanese troops withdrew from the border town after the talks.", "RETREAT", "Sudanese troops", None),
    ("The prime minister resigned after mass protests in the capital.", "RETREAT", "prime minister", None),
    (
        "The United Nations demanded that both sides stop the fighting immediately.",
        "REQUEST",
        "United Nations",
        "both sides",
    ),
    ("Egypt urged the Libyan parliament to approve the new government.", "REQUEST", "Egypt", "Libyan parliament"),
    (
        "Amnesty International accused the Libyan National Army of torturing prisoners.",
        "ACCUSE",
        "Amnesty International",
        "Libyan National Army",
    ),
    ("The Tunisian government condemned the attack on its embassy.", "ACCUSE", "Tunisian government", None),
    ("Prosecutors opened an investigation into the killing of two journalists.", "ACCUSE", "Prosecutors", None),
    (
        "The Libyan parliament rejected the peace plan proposed by the United Nations.",
        "REJECT",
        "Libyan parliament",
        None,
    ),
    ("Haftar refused to sign the ceasefire agreement in Moscow.", "REJECT", "Haftar", None),
    ("Turkey threatened to impose sanctions on the Libyan commander.", "THREATEN", "Turkey", "Libyan commander"),
    ("The militia warned that it would attack the airport if the talks failed.", "THREATEN", "militia", None),
    (
        "Thousands of students protested against the government in Tripoli on Friday.",
        "PROTEST",
        "students",
        "government",
    ),
    ("Oil workers went on strike at the port of Brega.", "PROTEST", "Oil workers", None),
    ("The United States imposed sanctions on two Russian companies.", "SANCTION", "United States", "Russian companies"),
    ("Egypt recalled its ambassador from Ankara on Monday.", "SANCTION", "Egypt", None),
    ("Egypt deployed troops and tanks to its western border with Libya.", "MOBILIZE", "Egypt", "Libya"),
    ("The Libyan army put its forces on high alert near Sirte.", "MOBILIZE", "Libyan army", None),
    ("Police arrested twelve protesters in the capital on Saturday.", "COERCE", "Police", "protesters"),
    ("The government imposed a curfew in Tripoli after the clashes.", "COERCE", "government", "Tripoli"),
    ("The authorities deported three foreign journalists on Monday.", "COERCE", "authorities", "journalists"),
    ("Government forces shelled rebel positions south of Tripoli.", "ASSAULT", "Government forces", "rebel positions"),
    ("Gunmen killed five soldiers at a checkpoint near Benghazi.", "ASSAULT", "Gunmen", "soldiers"),
    ("Turkish drones carried out airstrikes on the Watiya air base.", "ASSAULT", "Turkish drones", "Watiya"),
    ("Three civilians were killed by a car bomb in Benghazi.", "ASSAULT", "car bomb", "civilians"),
]


@pytest.mark.parametrize(("text", "kind", "source", "target"), TYPES)
def test_types_and_actors(text: str, kind: str, source: str | None, target: str | None, stage: EventStage) -> None:
    event = main_event(text, stage)
    assert event is not None, text
    assert event.type == kind, (text, event.rule)
    if source is not None:
        assert event.source_text is not None and source in event.source_text, (text, event.source_text)
    if target is not None:
        assert event.target_text is not None and target in event.target_text, (text, event.target_text)


def test_every_plover_type_is_covered() -> None:
    assert {kind for _, kind, _, _ in TYPES} == set(PLOVER_TYPES)


# (sentence, type, negated, hypothetical, future, reported)
FLAGS = [
    ("Turkey would not send troops to Libya without Tripoli's request.", "MOBILIZE", True, True, False, False),
    ("The army did not attack the town on Monday.", "ASSAULT", True, False, False, False),
    ("The rebels never fired on the convoy, their spokesman said.", "ASSAULT", True, False, False, True),
    ("The two leaders failed to reach an agreement in Berlin.", "REJECT", False, False, False, False),
    # two denials affirm: an intent to support, not a refusal
    ("Erdogan said Turkey would not hesitate to support the government in Tripoli.", "AGREE", False, False, True, True),
    ("The army did not fail to attack the rebel positions near the town.", "ASSAULT", False, False, False, False),
    ("The foreign ministers will meet in Brussels in January to present the plan.", "AGREE", False, False, True, False),
    ("Egypt will host talks between the rival governments next week.", "AGREE", False, False, True, False),
    ("If the militias attack the capital, the army could intervene.", "ASSAULT", False, True, False, False),
    ("The minister said the police had arrested four suspects.", "COERCE", False, False, False, True),
    ('"We bombed the depot last night," the commander told reporters.', "ASSAULT", False, False, False, True),
    ("The government plans to impose a curfew in Sirte.", "THREATEN", False, False, True, False),
]


@pytest.mark.parametrize(("text", "kind", "negated", "hypothetical", "future", "reported"), FLAGS)
def test_flags(
    text: str, kind: str, negated: bool, hypothetical: bool, future: bool, reported: bool, stage: EventStage
) -> None:
    doc = annotate([text], PUBLISHED, stage)[0]
    events = [e for e in doc.events if e.type == kind]
    assert events, (text, [(e.type, e.rule) for e in doc.events])
    event = events[0]
    assert (event.negated, event.hypothetical, event.future, event.reported) == (
        negated,
        hypothetical,
        future,
        reported,
    ), (
        text,
        event.rule,
    )


# Sentences that must give no event at all.
NOTHING = [
    # Words inside names are not acts.
    "The Government of National Accord controls the capital.",
    "The weather in Tripoli was mild and sunny on Tuesday.",
    "Oil prices rose by two percent in early trading.",
    "The minister expressed concern over the humanitarian situation.",
    "Libya denied the accusations that it had tortured migrants.",
    "Tripoli | 24 | 31 | 18 | 22",
    "Table 2. Casualties by month . . . . 2019 . . . . 2020",
    "In Tripoli.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_no_event(text: str, stage: EventStage) -> None:
    assert annotate([text], PUBLISHED, stage)[0].events == ()


def test_bad_input_is_counted(stage: EventStage) -> None:
    long = "The rebels attacked the town " + "and the village " * 60 + "on Monday."
    text = f"{long}\nTripoli | 24 | 31 | 18 | 22\nIn the morning."
    doc = annotate([text], PUBLISHED, stage)[0]
    stats = {key: value for name, key, value in doc.stats if name == stage.name}
    assert doc.events == ()
    assert stats["skipped_too_long"] == 1
    assert stats["skipped_table_like"] == 1
    assert stats["skipped_no_verb"] == 1


def test_date_from_timex_or_publication(stage: EventStage) -> None:
    doc = annotate(["Rebels attacked the airport on June 12. Police arrested six men."], PUBLISHED, stage)[0]
    dated, undated = doc.events
    assert (dated.date, dated.date_precision, dated.date_from) == ("2020-06-12", "day", "explicit")
    assert undated.date_from in ("published", "narrative")
    assert undated.date is not None


def test_date_falls_back_to_publication(stage: EventStage) -> None:
    text = "Police arrested six men."
    article = Article(article_id(text), text, PUBLISHED, "option")
    doc = AnnotatedArticle(article)
    for step in make_pipeline(["dateline.sentences.v1", "dateline.parse.v1"]):
        doc = step(doc)
    doc = stage(entities_and_actors(doc))
    assert [(e.date, e.date_precision, e.date_from) for e in doc.events] == [("2020-06-16", "day", "published")]


def test_offsets_ids_and_round_trip(stage: EventStage) -> None:
    text = "Talks ended. Gunmen killed five soldiers near Benghazi on Monday."
    doc = annotate([text], PUBLISHED, stage)[0]
    (event,) = [e for e in doc.events if e.type == "ASSAULT"]
    assert text[event.trigger_start : event.trigger_end] == event.trigger == "killed"
    assert event.sentence == 1 and event.article_id == doc.article.id
    assert event.id == event_id(doc.article.id, 1, event.trigger_start, event.trigger_end, "ASSAULT")
    assert annotate([text], PUBLISHED, stage)[0].events == doc.events  # deterministic
    assert from_dict(Event, to_dict(event)) == event
    assert event.cameo is not None and event.quad_class == quad_class(event.cameo) == 4
    assert event.stage == "dateline.events.v1"
    assert 0.0 < event.confidence <= 1.0


def test_explain_says_why(stage: EventStage) -> None:
    event = main_event("Turkish drones carried out airstrikes on the Watiya air base.", stage)
    assert event is not None
    text = explain(event)
    assert "ASSAULT" in text and "airstrike" in text and "carried" in text and "Watiya" in text
    assert event.mode == "aerial"


def test_confidence_weighs_the_share_of_the_articles_political_events(stage: EventStage) -> None:
    # The same demand in a report where states act, and in one where no political actor does.
    encore = "The crowd demanded an encore."
    political = annotate([f"Egypt demanded an apology from Libya on Friday. {encore}"], PUBLISHED, stage)[0]
    plain = annotate([f"The concert ended late on Friday. {encore}"], PUBLISHED, stage)[0]
    assert len(political.events) == 2 and len(plain.events) == 1
    kept, lowered = political.events[-1], plain.events[0]
    assert kept.trigger == lowered.trigger == "demanded"
    assert "article:" not in kept.rule  # (1 political + 0.5) / (2 events + 1) = 0.5
    assert lowered.rule.endswith("article:political=0.25")  # (0 + 0.5) / (1 + 1): one event alone does not decide
    assert lowered.confidence == pytest.approx(kept.confidence * 0.25 / POLITICAL_SHARE, abs=0.001)
    assert "political actor" in explain(lowered)


def test_modes_and_contexts(stage: EventStage) -> None:
    phone = main_event("The Egyptian president telephoned the Tunisian president on Monday.", stage)
    assert phone is not None and (phone.type, phone.mode) == ("CONSULT", "phone")
    hunger = main_event("Dozens of detainees began a hunger strike in the Mitiga prison.", stage)
    assert hunger is not None and (hunger.type, hunger.mode) == ("PROTEST", "strike-hun")
    nuclear = main_event("Iran threatened to enrich uranium and attack American bases.", stage)
    assert nuclear is not None and "cbrn" in nuclear.context and nuclear.mode == "violence"


def test_actor_ids_come_from_entities(stage: EventStage) -> None:
    text = "Egypt deployed troops to its border with Libya."
    doc = annotate([text], PUBLISHED, stage)[0]
    (event,) = doc.events
    assert event.source == "EGY"
    assert event.target == "LBY"


def test_entities_given_by_hand(stage: EventStage) -> None:
    """Entity and Actor records built by hand, as the entities and actors stages would give them."""
    text = "Haftar's forces shelled the Mitiga airport."
    article = Article(article_id(text), text, PUBLISHED, "option")
    doc = AnnotatedArticle(article)
    for step in make_pipeline(["dateline.sentences.v1", "dateline.timex.v1", "dateline.parse.v1"]):
        doc = step(doc)
    entities = (
        Entity(article.id, 0, 6, "Haftar", "PERSON", "person:khalifa-haftar", 0),
        Entity(article.id, 28, 34, "Mitiga", "FAC", "place:mitiga", 0),
    )
    doc = dataclasses.replace(doc, entities=entities)
    (event,) = stage(doc).events
    assert (event.type, event.source, event.target) == ("ASSAULT", "person:khalifa-haftar", "place:mitiga")


def test_stage_is_registered_and_ordered() -> None:
    with pytest.raises(PipelineError, match="E002"):
        make_pipeline(["dateline.sentences.v1", "dateline.events.v1"])


def test_no_parse_gives_no_events(stage: EventStage) -> None:
    text = "Gunmen killed five soldiers."
    doc = AnnotatedArticle(Article("a", text, PUBLISHED, "option"), sentences=(Sentence("a", 0, 0, len(text), text),))
    result = stage(doc)
    assert result.events == ()
    assert (stage.name, "no_parse", 1.0) in result.stats


def test_sentence_quad() -> None:
    assert sentence_quad([]) == 0


def test_rules_only_stage_codes_too() -> None:
    rules = EventStage(classifier=False)
    event = main_event("Police arrested twelve protesters in the capital on Saturday.", rules)
    assert event is not None and event.type == "COERCE"
    assert "model:" not in event.rule


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("ASSAULT 19 - attack +@nonsense", "E507"),
        ("FIGHT 19 - attack", "E502"),
        ("ASSAULT 1x - attack", "E503"),
        ("ASSAULT 19", "E501"),
        ("ASSAULT 19 - attack ~high", "E504"),
        ("&ASSAULT = gun", "E506"),
    ],
)
def test_lexicon_errors_are_numbered(line: str, error: str) -> None:
    from dateline.resources.plover import ResourceError

    with pytest.raises(ResourceError, match=error):
        parse_lexicon(line)


def test_shipped_lexicon_loads() -> None:
    lexicon = load_lexicon()
    assert {entry.type for entry in lexicon.by_id.values()} >= set(PLOVER_TYPES)
    assert all(entry.type in (*PLOVER_TYPES, "LIGHT", "INTENT", "REVERSE", "NONE") for entry in lexicon.by_id.values())


def test_place_and_quote_records_are_used(stage: EventStage) -> None:
    """Places and quotes from their stages, built by hand: the event's place and its reported flag."""
    text = "The army said rebels attacked a checkpoint in Sirte."
    article = Article(article_id(text), text, PUBLISHED, "option")
    doc = AnnotatedArticle(article)
    for step in make_pipeline(["dateline.sentences.v1", "dateline.timex.v1", "dateline.parse.v1"]):
        doc = step(doc)
    doc = entities_and_actors(doc)
    sirte = text.index("Sirte")
    place = Place(article.id, sirte, sirte + 5, "Sirte", "Sirte", 2210554, "LBY", 31.2, 16.6, "city", 0.9, 0)
    quote = Quote(article.id, 14, len(text) - 1, text[14:-1], "army", "The army", "said", False, 0)
    (event,) = stage(dataclasses.replace(doc, places=(place,), quotes=(quote,))).events
    assert (event.type, event.place, event.reported) == ("ASSAULT", "Sirte", True)
    (unquoted,) = stage(doc).events
    assert unquoted.place == "Sirte"  # from the named entity when there are no places


@pytest.mark.parametrize(
    "text",
    [
        "The earthquake struck Haiti on Tuesday, killing thousands.",
        "Floods killed twelve villagers in the north of the country.",
    ],
)
def test_disasters_are_not_actors(text: str, stage: EventStage) -> None:
    assert [e for e in annotate([text], PUBLISHED, stage)[0].events if e.source_text and "quake" in e.source_text] == []
    assert all(e.type != "ASSAULT" or e.source_text is None for e in annotate([text], PUBLISHED, stage)[0].events)


# (text, trigger word, expected date, how it was found): the event's date is the time expression its
# own clause governs, else the nearest clause above it; a date that belongs to an argument of the
# event or to a clause it cannot reach is not the event's (the publication day, 2020-06-16, is used).
EVENT_DATES = [
    # the sentence's date is the first one, but the attack has its own
    ("Officials said on June 14 that rebels had shelled the airport on June 12.", "shelled", "2020-06-12", "explicit"),
    # no date in the clause: the reporting clause's date bounds it
    ("The ministry said on Sunday that rebels had shelled the airport.", "shelled", "2020-06-14", "explicit"),
    # "last month's truce" dates the truce, not the talks
    ("Army officers began talks in Cairo on extending last month's truce.", "talks", "2020-06-16", "published"),
    # a date parsed onto the object still dates the verb
    ("The interior minister offered his resignation on Sunday.", "offered", "2020-06-14", "explicit"),
    # a relative clause keeps its own date
    ("Egyptian officials, who met Haftar in Cairo on June 5, called for talks.", "met", "2020-06-05", "explicit"),
    # ... and its date is not the main clause's
    ("Egypt criticised the Libyan army, which shelled Misrata on June 5.", "criticised", "2020-06-16", "published"),
    # a date in the subject's phrase ("leaders meeting in Berlin on Sunday") is the clause's
    ("Leaders meeting in Berlin on June 14 agreed to respect the arms embargo.", "agreed", "2020-06-14", "explicit"),
]


@pytest.mark.parametrize(("text", "trigger", "day", "how"), EVENT_DATES)
def test_event_date_is_its_clause_date(text: str, trigger: str, day: str, how: str, stage: EventStage) -> None:
    doc = annotate([text], PUBLISHED, stage)[0]
    found = [e for e in doc.events if trigger in e.trigger]
    assert found, (text, [(e.type, e.trigger) for e in doc.events])
    assert (found[0].date, found[0].date_from) == (day, how), (text, found[0].rule)


def test_future_flag_follows_the_event_date(stage: EventStage) -> None:
    event = main_event("The two delegations will meet in Geneva on June 30.", stage)
    assert event is not None and event.future and event.date == "2020-06-30"


# (text, target phrase contains): targets lent by the content of a statement or by a protest's purpose.
CONTENT_TARGETS = [
    ("Pakistan threatened to break off diplomatic relations with Chile.", "Chile"),
    ("The European ministers agreed to provide emergency aid for Romania.", "Romania"),
    ("Hundreds of students began a hunger strike to protest against Spain's decision.", "Spain"),
    ("Farmers blocked roads in protest at the Egyptian government.", "Egyptian government"),
]


@pytest.mark.parametrize(("text", "target"), CONTENT_TARGETS)
def test_targets_from_content_and_purpose(text: str, target: str, stage: EventStage) -> None:
    event = main_event(text, stage)
    assert event is not None, text
    assert event.target_text is not None and target in event.target_text, (text, event.target_text, event.rule)


def test_undated_background_without_actors_is_dropped(stage: EventStage) -> None:
    doc = annotate(["The envoy criticised the foreign powers that violated the arms embargo."], PUBLISHED, stage)[0]
    assert [e.type for e in doc.events] == ["ACCUSE"]  # the criticism, not the background violation
    stats = {key: value for name, key, value in doc.stats if name == stage.name}
    assert stats["dropped_low_confidence"] >= 1


# (text, type, source phrase contains, target phrase contains or None): lexicon and structure cases.
MORE_TYPES = [
    # an order to one's own forces is the act ordered, by the one who orders it
    ("The Libyan prime minister ordered all military units to withdraw from Sirte.", "RETREAT", "prime minister", None),
    ("The Libyan prime minister ordered the army to stop fighting.", "RETREAT", "prime minister", None),
    ("The Egyptian president spoke with the Italian prime minister by phone.", "CONSULT", "Egyptian", "Italian"),
    ("The Libyan National Army objected to any role for Turkey.", "REJECT", "Libyan National Army", None),
    ("Forces loyal to Khalifa Haftar blocked oil terminals in eastern Libya.", "COERCE", "Forces", None),
    # a participle with its agent tells what was done with what the noun names: one event, the participle's
    (
        "The accord, signed on November 27 by President Erdogan and Prime Minister Sarraj, covers training.",
        "SUPPORT",
        "Erdogan",
        None,
    ),
    ("The peace initiative, rejected on Monday by Khalifa Haftar, called for a ceasefire.", "REJECT", "Haftar", None),
]


@pytest.mark.parametrize(("text", "kind", "source", "target"), MORE_TYPES)
def test_more_types(text: str, kind: str, source: str, target: str | None, stage: EventStage) -> None:
    event = main_event(text, stage)
    assert event is not None, text
    assert event.type == kind, (text, event.rule)
    assert event.source_text is not None and source in event.source_text, (text, event.source_text)
    if target is not None:
        assert event.target_text is not None and target in event.target_text, (text, event.target_text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # "call X Y" judges X; the agreement is not the speaker's
        ("The Italian foreign minister called the agreement a fundamental step toward peace.", "AGREE"),
        # ending movements "in support of" someone does not end the support
        ("Egypt called for an end to all military movements in support of the warring sides.", "ACCUSE"),
        # "took into account" is no arrest
        ("The Libyan government said the decision took into account the living conditions of Libyans.", "COERCE"),
    ],
)
def test_not_coded(text: str, absent: str, stage: EventStage) -> None:
    doc = annotate([text], PUBLISHED, stage)[0]
    assert absent not in [e.type for e in doc.events], [(e.type, e.rule) for e in doc.events]


def test_a_participle_without_agent_leaves_the_noun_its_owner(stage: EventStage) -> None:
    doc = annotate(["Erdogan cast doubt on the Libyan ceasefire signed in Geneva on Friday."], PUBLISHED, stage)[0]
    assert "SUPPORT" not in [e.type for e in doc.events], [(e.type, e.rule) for e in doc.events]


def test_actor_nearest_the_head_is_the_source(stage: EventStage) -> None:
    # "Libya's rival leaders, Sarraj and Haftar": the apposition names them; "forces of Libya's GNA": the GNA.
    event = main_event("Forces of Libya's Government of National Accord captured the Watiya air base.", stage)
    assert event is not None and event.source is not None and "national accord" in event.source
