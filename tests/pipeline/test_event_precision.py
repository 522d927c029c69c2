"""Readings that are not events (``_vetoed``) and irrealis or negation the clause's own words miss.

Every text here is written for these tests; none comes from a corpus. Each rule has a case where it
must fire and one where it must not.
"""

from __future__ import annotations

from datetime import date

import pytest

from dateline.evaluate.events import annotate
from dateline.model import AnnotatedArticle, Event
from dateline.pipeline.events import STAGE, EventStage

PUBLISHED = date(2021, 3, 9)


@pytest.fixture(scope="module")
def stage() -> EventStage:
    return EventStage()


def article(text: str, stage: EventStage) -> AnnotatedArticle:
    return annotate([text], PUBLISHED, stage, "own")[0]


def triggered(doc: AnnotatedArticle, word: str) -> list[Event]:
    return [e for e in doc.events if word in e.trigger.lower()]


def vetoes(doc: AnnotatedArticle) -> dict[str, float]:
    return {key.removeprefix("vetoed_"): value for name, key, value in doc.stats if name == STAGE and "vetoed_" in key}


# (text, the trigger word that gives no event, the rule that drops it)
VETOED = [
    ("For the full festival programme, please visit our website.", "visit", "imperative"),
    ("Readers keep writing that the mayor ATTACKED the protesters, which is simply untrue.", "attacked", "shouting"),
    ("The ozone layer is attacked by METHANE and we are ALWAYS told otherwise.", "attacked", "shouting"),
    ("Asked about the report, the minister shot back that his critics had not read it.", "shot", "particle"),
    ("The general insisted that his troops were doing everything they could.", "insisted", "assertion_complement"),
    ("The French minister asked whether the budget would pass.", "asked", "assertion_complement"),
    ("The new flu strain killed thousands of people last winter.", "killed", "nonagent_conflict"),
    ("The Egyptian army has struggled to meet its recruitment targets this year.", "meet", "inanimate_object"),
]

# (text, the trigger word that stays an event, its type)
KEPT = [
    ("The Kenyan president will visit Uganda next week.", "visit", "AGREE"),  # a planned visit, not an order
    ("NATO condemned the attack on the convoy on Monday.", "condemned", "ACCUSE"),  # an acronym is no shouting
    ("By March, USAID had given 40 million dollars to the appeal for Ecuador.", "given", "AID"),
    ("Soldiers shot three protesters in the capital on Tuesday.", "shot", "ASSAULT"),  # no particle
    ("The opposition insisted that the president resign.", "insisted", "REQUEST"),  # a demand: subjunctive
    ("Gunmen killed two policemen in the town on Monday.", "killed", "ASSAULT"),  # doers
    ("A roadside bomb exploded near the convoy on Monday.", "exploded", "ASSAULT"),  # a weapon has an attacker
    # The parser makes "town" the subject; the by-phrase says it is the patient.
    (
        "Officials were shocked by the graves found in Jiba, a town recaptured last week by the army.",
        "recaptured",
        "ASSAULT",
    ),
    ("The foreign minister met his Egyptian counterpart in Cairo on Monday.", "met", "CONSULT"),  # a person
    ("The two presidents discussed the border dispute on Monday.", "discussed", "CONSULT"),  # a topic
]


@pytest.mark.parametrize(("text", "word", "rule"), VETOED)
def test_not_an_event(text: str, word: str, rule: str, stage: EventStage) -> None:
    doc = article(text, stage)
    assert triggered(doc, word) == []
    assert vetoes(doc).get(rule, 0) >= 1


@pytest.mark.parametrize(("text", "word", "kind"), KEPT)
def test_still_an_event(text: str, word: str, kind: str, stage: EventStage) -> None:
    doc = article(text, stage)
    assert [e.type for e in triggered(doc, word)] == [kind]
    assert vetoes(doc) == {}


def test_a_need_is_hypothetical(stage: EventStage) -> None:
    (event,) = triggered(article("The donors now need to pledge more money for the refugees.", stage), "pledge")
    assert event.hypothetical and "irrealis:need" in event.rule
    assert event.type == "AGREE"  # only flagged: a need is no plan that would change the type


def test_a_possible_deployment_is_hypothetical(stage: EventStage) -> None:
    text = "Kenya's cabinet approved a possible deployment of soldiers to Somalia on Friday."
    (event,) = triggered(article(text, stage), "deployment")
    assert event.hypothetical and "irrealis:possible" in event.rule


def test_a_done_pledge_is_not_hypothetical(stage: EventStage) -> None:
    (event,) = triggered(article("The donors pledged more money for the refugees on Monday.", stage), "pledge")
    assert not event.hypothetical and "irrealis" not in event.rule


def test_no_plan_offered_is_negated(stage: EventStage) -> None:
    (event,) = triggered(article("The government has offered no plan to end the strike.", stage), "offered")
    assert event.negated and "neg:no-object" in event.rule


def test_a_plan_offered_is_not_negated(stage: EventStage) -> None:
    (event,) = triggered(article("The government offered a new plan to end the strike on Monday.", stage), "offered")
    assert not event.negated


@pytest.mark.parametrize(
    ("text", "word", "kind"),
    [
        ("Rescue teams from Spain are flying to Ecuador to search for survivors of the earthquake.", "flying", "AID"),
        ("The Spanish foreign minister is flying to Ecuador for talks on trade.", "flying", "CONSULT"),
        ("The navy is sending two more warships to Ecuador to help out after the earthquake.", "sending", "AID"),
        ("The navy is sending two more warships to the disputed strait.", "sending", "MOBILIZE"),
    ],
)
def test_relief_deployments_are_aid(text: str, word: str, kind: str, stage: EventStage) -> None:
    assert [e.type for e in triggered(article(text, stage), word)] == [kind]
