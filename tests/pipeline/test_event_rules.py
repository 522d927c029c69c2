"""Event rules over whole short articles: actors named earlier, warnings, texts, places, dates.

Every text here is written for these tests; none comes from a corpus. Entities and actors come
from ``dateline.evaluate.events.entities_and_actors`` (spaCy's entities and our PLOVER actor table)
unless a case needs the actor stage's kinds (a town is a place, not an actor).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pytest

from dateline.evaluate.events import annotate
from dateline.model import AnnotatedArticle, Event
from dateline.pipeline.events import EventStage
from dateline.resources.plover import LinearClassifier

PUBLISHED = date(2020, 6, 16)  # a Tuesday


@pytest.fixture(scope="module")
def stage() -> EventStage:
    return EventStage()


def article(text: str, stage: EventStage, actors: str = "own") -> AnnotatedArticle:
    return annotate([text], PUBLISHED, stage, actors)[0]


def events_of(doc: AnnotatedArticle, sentence: int, kind: str | None = None) -> list[Event]:
    return [e for e in doc.events if e.sentence == sentence and (kind is None or e.type == kind)]


def coded(doc: AnnotatedArticle, keep: Callable[[Event], bool]) -> list[Event]:
    """The events ``keep`` accepts; there must be one (the failure lists what was coded)."""
    found = [e for e in doc.events if keep(e)]
    assert found, [(e.type, e.trigger, e.rule) for e in doc.events]
    return found


def actor_name(doc: AnnotatedArticle, actor_id: str | None) -> str:
    names = {a.id: a.name for a in doc.actors}
    return names.get(actor_id or "", "")


# (article, sentence index, type, words the source actor's name contains, actors from)
EARLIER_ACTORS = [
    # "He" in the next sentence: the person the sentence before was about.
    (
        "General Omar Dabiri, the spokesman of the Sudanese army, spoke in Khartoum on Monday. "
        "He accused Ethiopia of shelling the border villages.",
        1,
        "ACCUSE",
        "Dabiri",
        "own",
    ),
    # A possessive pronoun in the subject: "his forces" are the person's.
    (
        "Field Marshal Ali Mansour announced a new offensive on Friday. "
        "His forces have blocked the oil ports since March.",
        1,
        "COERCE",
        "Mansour",
        "own",
    ),
    # "whose forces": the organisation the relative clause hangs on, not the town named after it (a town
    # is a place only for the actor stage; our test actors make every GPE a country).
    (
        "There was no comment from the Government of National Accord in Tripoli, "
        "whose forces captured the town on Friday.",
        0,
        "ASSAULT",
        "Government of National Accord",
        "pipeline",
    ),
    # A definite description: "the secretary-general" is the person named before, not an unknown one.
    (
        "A spokesman for Antonio Guterres said the secretary-general had accepted the resignation on Monday.",
        0,
        "AGREE",
        "Guterres",
        "own",
    ),
    # "They" after a sentence whose subject is two named leaders.
    (
        "Vladimir Putin and Giuseppe Conte spoke by telephone on Tuesday. They expressed support for the mediation.",
        1,
        "SUPPORT",
        "Putin",
        "own",
    ),
]


@pytest.mark.parametrize(("text", "index", "kind", "name", "actors"), EARLIER_ACTORS)
def test_source_named_earlier(text: str, index: int, kind: str, name: str, actors: str, stage: EventStage) -> None:
    doc = article(text, stage, actors)
    found = events_of(doc, index, kind)
    assert found, [(e.sentence, e.type, e.rule) for e in doc.events]
    assert name in actor_name(doc, found[0].source), found[0].rule
    assert "source:earlier-" in found[0].rule


def test_pronoun_without_fitting_antecedent_stays_unresolved(stage: EventStage) -> None:
    # "He" cannot be Egypt: with no person before, the event has no source actor.
    doc = article("Egypt closed its border on Monday. He accused Ethiopia of shelling the villages.", stage)
    assert all(e.source is None for e in events_of(doc, 1, "ACCUSE"))


# (sentence, type coded or None for no event from "warned")
WARNINGS = [
    ("The Egyptian president warned that the militias would face severe consequences.", "THREATEN"),
    ("The Egyptian president warned that the militias were smuggling weapons across the border.", "ACCUSE"),
    ("The oil minister warned that the closures would have serious consequences for the economy.", None),
]


@pytest.mark.parametrize(("text", "kind"), WARNINGS)
def test_a_warning_is_what_it_warns_of(text: str, kind: str | None, stage: EventStage) -> None:
    doc = article(text, stage)
    from_warning = [e for e in doc.events if e.trigger.startswith("warn")]
    if kind is None:
        assert from_warning == []
    else:
        assert [e.type for e in from_warning] == [kind]
        assert from_warning[0].target_text is not None
        assert "militias" in from_warning[0].target_text


def test_a_text_does_not_act(stage: EventStage) -> None:
    doc = article(
        "The peace plan was published in Cairo on Saturday. It proposes the withdrawal of foreign troops from Libya. "
        "The agreement also suspends military cooperation with Turkey.",
        stage,
    )
    assert events_of(doc, 1) == []
    assert events_of(doc, 2, "SANCTION") == []


def test_a_text_appealing_is_its_authors_appeal(stage: EventStage) -> None:
    doc = article("The final communique calls on Turkey to withdraw its troops from Libya.", stage)
    assert events_of(doc, 0, "REQUEST")


def test_a_town_is_where_not_who(stage: EventStage) -> None:
    doc = article("Several officials in Tripoli rejected the proposal on Monday.", stage, actors="pipeline")
    rejected = events_of(doc, 0, "REJECT")
    assert rejected, doc.events
    assert rejected[0].source is None
    assert "source:place-not-actor" in rejected[0].rule


def test_a_town_naming_a_conference_is_its_place(stage: EventStage) -> None:
    doc = article("The decision built on the outcome of the Berlin conference in January.", stage, actors="pipeline")
    # "Berlin" does not hold the conference: no source, and with no actor left, no event.
    assert all(e.source is None or not e.source.startswith("place:") for e in doc.events)
    assert all("conference" not in e.trigger for e in doc.events)


# (sentence, trigger word, date, precision)
DATES = [
    # "last week" in a week inside one month: that month.
    ("The Egyptian president met Libyan tribal leaders in Cairo last week.", "met", "2020-06", "month"),
    # A reported event takes the report's day.
    ("The US military said on Monday that Russia deployed fighter jets to Libya.", "deployed", "2020-06-15", "day"),
    # A present perfect statement was made before publication: its month.
    ("Turkey has said that the rebels must withdraw from the city.", "must", "2020-06", "month"),
    # A clause of sequence that says how long before the clause above it is: counted from that clause,
    # the report's day in the present, its own date otherwise; a span of weeks gives its week (here in June).
    ("The vote comes three days after the Sudanese government requested troops.", "requested", "2020-06-13", "day"),
    ("The escalation comes two weeks after the president signed an accord with Turkey.", "signed", "2020-06", "month"),
    ("The truce collapsed on Friday, two days after the commanders signed it in Rome.", "signed", "2020-06-10", "day"),
    # No span, or an undated past above: nothing to count from (the sentence's date, the report's day).
    ("The talks resumed after the rebels attacked the convoy.", "attacked", "2020-06-16", "day"),
    ("The army deployed troops two days before the rebels attacked the town.", "attacked", "2020-06-16", "day"),
]


@pytest.mark.parametrize(("text", "trigger", "day", "precision"), DATES)
def test_event_dates(text: str, trigger: str, day: str, precision: str, stage: EventStage) -> None:
    found = coded(article(text, stage), lambda e: trigger in e.trigger)
    assert (found[0].date, found[0].date_precision) == (day, precision), found[0].rule


def test_until_clause_of_a_future_is_planned(stage: EventStage) -> None:
    doc = article("The rebels said they will not stop until they capture the capital.", stage)
    captured = [e for e in doc.events if e.trigger.startswith("capture")]
    assert [e.type for e in captured] == ["THREATEN"]
    assert captured[0].future


def test_a_participle_describing_fighters_is_background(stage: EventStage) -> None:
    doc = article("The ministry paid foreign mercenaries fighting for the rebels in the south.", stage)
    assert events_of(doc, 0, "ASSAULT") == []


def test_the_topic_of_talks_is_not_an_event(stage: EventStage) -> None:
    doc = article("Sudan and Ethiopia began talks on Monday on turning the truce into a lasting ceasefire.", stage)
    assert [e.type for e in doc.events] == ["CONSULT"]


def test_called_for_a_passive_clause_is_a_request(stage: EventStage) -> None:
    # The parser makes "for" the mark of the passive clause, not the verb's particle.
    text = "Prime Minister John Harris spoke to reporters on Monday. He called for the city to be demilitarised."
    doc = article(text, stage)
    requests = events_of(doc, 1, "REQUEST")
    assert requests, [(e.sentence, e.type, e.rule) for e in doc.events]
    assert "Harris" in actor_name(doc, requests[0].source)


# (sentence, (type, trigger word, source phrase contains or None for no source))
MORE_RULES = [
    # A second verb coordinated with a reported one is its sibling, not its content.
    (
        "The rebels said they would respect the truce and threatened to shell the airport.",
        ("THREATEN", "threatened", "rebels"),
    ),
    # The shelling in its own "after" clause is an event although the sentence is about a sanction.
    (
        "The government suspended the talks after rebels shelled the port of Tripoli on Tuesday.",
        ("ASSAULT", "shelled", "rebels"),
    ),
    # A passive with no agent has no source, whatever clause it hangs on.
    ("The army said the ceasefire had been violated repeatedly.", ("REJECT", "violated", None)),
    # "X declared that Y was a red line": X's threat.
    ("President Omar Salem declared that the town of Kassala was a red line for Sudan.", ("THREATEN", "line", "Salem")),
    ("Rebels loyal to the general shut the main oil terminals on Friday.", ("COERCE", "shut", "Rebels")),
    # Keeping to an agreement one will keep is an intention to yield (PLOVER AGREE).
    ("The rebels said they would abide by the truce.", ("AGREE", "abide", "rebels")),
    # A plan's owner is the source of what is planned.
    ("Turkey's plans to send troops to Libya alarmed Greece.", ("THREATEN", "send", "Turkey")),
]


@pytest.mark.parametrize(("text", "expected"), MORE_RULES)
def test_more_rules(text: str, expected: tuple[str, str, str | None], stage: EventStage) -> None:
    kind, trigger, source = expected
    doc = article(text, stage)
    if source is None:
        # The violation names no one: no source, and so no event.
        assert all(e.source_text is None for e in doc.events if e.type == kind and trigger in e.trigger)
        return
    found = coded(doc, lambda e: e.type == kind and trigger in e.trigger)
    assert source in (found[0].source_text or ""), found[0].rule


def test_a_time_adjunct_is_not_content(stage: EventStage) -> None:
    doc = article(
        "Sudanese Prime Minister Ali Hamdok announced a peace plan on Sunday that calls for a truce, "
        "after meeting the rebel leaders in Cairo.",
        stage,
    )
    met = [e for e in doc.events if e.trigger == "meeting"]
    assert met, [(e.type, e.trigger) for e in doc.events]
    assert "rebel leaders" in (met[0].target_text or "")


PARTIES = [
    # "both" after "X spoke with Y": the subject of the clause before, not the last name.
    ("Donald Trump spoke with Abdel Fattah al-Sisi by phone on Monday, and both agreed on a truce.", 0, "Trump"),
    # "Each" in the next sentence: the parties the sentence before was about.
    ("Khalifa Haftar and Fayez al-Sarraj met in Moscow on Monday. Each agreed to name five officers.", 1, "Haftar"),
]


@pytest.mark.parametrize(("text", "index", "name"), PARTIES)
def test_each_and_both_are_the_parties_named_before(text: str, index: int, name: str, stage: EventStage) -> None:
    doc = article(text, stage)
    agreed = events_of(doc, index, "AGREE")
    assert agreed, [(e.sentence, e.type, e.rule) for e in doc.events]
    assert name in actor_name(doc, agreed[0].source), agreed[0].rule


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Nobody named intends it: a scheduled meeting stays a (future) meeting.
        ("According to the envoy, a political dialogue forum will meet in Tunis on November 9.", "CONSULT"),
        # A named actor's planned meeting is its intention (PLOVER AGREE).
        ("Egypt will meet Sudan's leaders in Cairo on November 9.", "AGREE"),
    ],
)
def test_a_schedule_is_not_an_intention(text: str, kind: str, stage: EventStage) -> None:
    doc = article(text, stage)
    met = [e for e in doc.events if e.trigger.endswith("meet")]
    assert [e.type for e in met] == [kind], [(e.type, e.trigger, e.rule) for e in doc.events]
    assert met[0].future


def test_an_undated_clause_between_commas_is_background(stage: EventStage) -> None:
    dated = "Omar Salem, who met the rebel leaders on Monday, said the talks would go on."
    undated = "Omar Salem, who met the rebel leaders, said the talks would go on."
    assert [e.type for e in article(dated, stage).events if e.trigger == "met"] == ["CONSULT"]
    assert [e for e in article(undated, stage).events if e.trigger == "met"] == []


def test_a_dated_relative_clause_is_a_recalled_event(stage: EventStage) -> None:
    # The main clause is a request; the commission's meeting, recalled with its own date and actor,
    # is an event of that date (the classifier, seeing the request, would not vouch for it).
    doc = article(
        "The Security Council urged the Arab League to act. "
        "It also asks the Arab League, which met in Cairo on Monday, to agree on a permanent truce.",
        stage,
    )
    (met,) = [e for e in events_of(doc, 1, "CONSULT") if e.trigger.startswith("met")]
    assert (met.date, met.date_from) == ("2020-06-15", "explicit")
    assert "Arab League" in actor_name(doc, met.source)


def test_a_month_is_not_a_march(stage: EventStage) -> None:
    doc = article("The rebel offensive began on March 3, officials said.", stage)
    assert [e for e in doc.events if "March" in e.trigger] == []
    marched = article("Thousands of students marched on the parliament on Monday.", stage)
    assert [e.type for e in marched.events if e.trigger.startswith("marched")] == ["PROTEST"]


def test_a_past_event_is_not_dated_after_its_report(stage: EventStage) -> None:
    # Written in June 2020: "in September", told in the past, is September 2019.
    doc = article("The council met for the first time since the rebels attacked Varno in September.", stage)
    (attack,) = [e for e in doc.events if e.trigger.startswith("attacked")]
    assert (attack.date, attack.date_precision) == ("2019-09", "month")
    planned = article("The rebels will attack Varno in September, the council warned.", stage)
    assert all(e.date != "2019-09" for e in planned.events)


# Triggers the lexicon lacked (issue #5): (text, trigger's first word, type)
NEW_TRIGGERS = [
    ("The Sudanese army retook the town of Kassala on Sunday.", "retook", "ASSAULT"),
    ("Ethiopian troops secured the whole of Gondar on Sunday.", "secured", "ASSAULT"),
    ("The Sudanese army launched a renewed push on Kassala on Sunday.", "launched", "ASSAULT"),
    ("The Arab League held its first session in Cairo on Monday.", "held", "CONSULT"),
    ("The Sudanese army said it wanted a clear timetable for the handover of the border posts.", "wanted", "REQUEST"),
    ("The Sudanese army said its units had redeployed to other positions.", "redeployed", "RETREAT"),
    ("Egypt redeployed troops to the border on Monday.", "redeployed", "MOBILIZE"),
    # Proposing a settlement is cooperation offered (AGREE, as "propose" is), not a request.
    ("President Omar Dabiri announced a peace plan in Khartoum on Monday.", "announced", "AGREE"),
    # Stressing the need for something, or speaking in favour of it, asks for it.
    ("Both leaders stressed the need to end the war in Darfur.", "stressed", "REQUEST"),
    ("The Egyptian minister spoke in favour of a dialogue with the rebels.", "spoke", "REQUEST"),
    # Troops as the subject of "move", also through a control verb.
    ("Sudanese soldiers have started moving to the border.", "started moving", "MOBILIZE"),
]


@pytest.mark.parametrize(("text", "word", "kind"), NEW_TRIGGERS)
def test_new_triggers(text: str, word: str, kind: str, stage: EventStage) -> None:
    doc = article(text, stage, "pipeline")
    assert kind in [e.type for e in doc.events if e.trigger.startswith(word)], [(e.type, e.trigger) for e in doc.events]


def test_securing_a_loan_is_not_an_assault(stage: EventStage) -> None:
    doc = article("Egypt secured a loan from the World Bank on Monday.", stage)
    assert [e for e in doc.events if e.type == "ASSAULT"] == []


def test_wanting_peace_is_not_a_request(stage: EventStage) -> None:
    doc = article("Egypt said it wanted peace with Ethiopia.", stage)
    assert [e for e in doc.events if e.trigger.startswith("wanted")] == []


# Event nouns with no actor in their clause, dated in their own phrase: references to an event of that day.
DATED_NOUNS = [
    ("Both sides say they respect the May 3 ceasefire.", "ceasefire", "RETREAT", "2020-05-03"),
    ("Fighting has continued in Darfur since the offensive began on April 4.", "offensive", "ASSAULT", "2020-04-04"),
    ("The embargo has been ignored since the Cairo conference of January 19.", "conference", "CONSULT", "2020-01-19"),
    ("Exports have fallen since the shutdown began on January 18.", "shutdown", "COERCE", "2020-01-18"),
    # A participle after a noun, dated in its own phrase: the event it names.
    ("Kassala, a town recaptured on May 12, was shelled again on Monday.", "recaptured", "ASSAULT", "2020-05-12"),
]


@pytest.mark.parametrize(("text", "word", "kind", "day"), DATED_NOUNS)
def test_a_dated_event_noun_is_coded_without_actors(
    text: str, word: str, kind: str, day: str, stage: EventStage
) -> None:
    doc = article(text, stage, "pipeline")
    (event,) = [e for e in doc.events if e.trigger == word]
    assert (event.type, event.date, event.date_from) == (kind, day, "explicit")
    assert "noun:dated" in event.rule


def test_an_undated_event_noun_without_actors_is_not_coded(stage: EventStage) -> None:
    doc = article("Both sides say they respect the ceasefire.", stage, "pipeline")
    assert [e for e in doc.events if e.trigger == "ceasefire"] == []


def test_a_noun_date_is_not_its_clause_date(stage: EventStage) -> None:
    # "of January 19" dates the conference, not the breaches of the clause around it.
    doc = article("Egypt has breached the embargo since the Cairo conference of January 19.", stage)
    breaches = [e for e in doc.events if e.trigger.startswith("breached")]
    assert breaches and all(e.date != "2020-01-19" for e in breaches)


def test_a_dated_event_noun_takes_its_source_from_its_possessor(stage: EventStage) -> None:
    doc = article("Thousands have fled since Ali Mansour's offensive began on April 4.", stage, "pipeline")
    (offensive,) = [e for e in doc.events if e.trigger == "offensive"]
    assert (offensive.type, offensive.date) == ("ASSAULT", "2020-04-04")
    assert "Mansour" in actor_name(doc, offensive.source)


def test_an_event_nouns_of_phrase_is_what_it_befalls(stage: EventStage) -> None:
    # "loss +@territory" reads "of the Kassala air base" as its object: the base lost, never who took it.
    doc = article("The loss of the Kassala air base leaves the rebels without air cover.", stage, "pipeline")
    (loss,) = [e for e in doc.events if e.trigger == "loss"]
    assert loss.source is None
    assert loss.target is not None and "kassala" in loss.target


def test_a_date_hung_on_an_event_noun_is_its_own(stage: EventStage) -> None:
    doc = article("The army said it was a sign of weakness after the loss of the Kassala air base on Monday.", stage)
    (loss,) = [e for e in doc.events if e.trigger == "loss"]
    assert (loss.type, loss.date, loss.date_from) == ("ASSAULT", "2020-06-15", "explicit")
    assert "noun:dated" in loss.rule


def test_a_finite_verb_is_not_coordinated_with_a_negated_bare_one(stage: EventStage) -> None:
    # The parser hangs "and vowed" on "did not mark": the vow is the speaker's, and not negated.
    doc = article(
        "Prime Minister John Harris said the victory did not mark the end of the war "
        "and vowed to liberate all the border towns.",
        stage,
    )
    (vow,) = [e for e in doc.events if e.trigger.startswith("vowed")]
    assert (vow.type, vow.negated, vow.future) == ("THREATEN", False, True)
    assert "Harris" in actor_name(doc, vow.source)


# (text, trigger, words of the source actor's name)
SOURCES = [
    # A passive participle's source is its agent.
    (
        "The envoy said he was shocked by the graves found in Kassala, "
        "a town recaptured last week by the Sudanese army.",
        "recaptured",
        "Sudan",
    ),
    # A possessive pronoun on an event noun stands for the actor named before it.
    ("Ali Mansour has broken every truce since the start of his offensive in April.", "offensive", "Mansour"),
    # Who speaks after a meeting took part in it.
    (
        "The talks will go on, Sudanese Foreign Minister Ali Mansour told reporters on Tuesday "
        "after a phone conversation with Egyptian President Omar Dabiri.",
        "conversation",
        "Mansour",
    ),
]


@pytest.mark.parametrize(("text", "trigger", "name"), SOURCES)
def test_sources_of_participles_and_nouns(text: str, trigger: str, name: str, stage: EventStage) -> None:
    doc = article(text, stage, "pipeline")
    found = coded(doc, lambda e: e.trigger == trigger)
    assert name in actor_name(doc, found[0].source)


def test_a_participle_coordinated_with_a_description_is_background(stage: EventStage) -> None:
    doc = article(
        "Sudan has two governments: the cabinet of Ali Mansour in Khartoum and the interim government of "
        "Omar Dabiri, operating in the east and supported by the Sudanese army.",
        stage,
        "pipeline",
    )
    assert [e for e in doc.events if e.type == "SUPPORT"] == []


def test_years_ago_dates_the_clause(stage: EventStage) -> None:
    doc = article("The council promised to rebuild the state that was demolished by NATO almost ten years ago.", stage)
    (demolished,) = [e for e in doc.events if e.trigger == "demolished"]
    assert (demolished.date, demolished.date_precision, demolished.date_from) == ("2010", "year", "explicit")


def test_an_undated_meeting_nobody_intends_is_not_news(stage: EventStage) -> None:
    doc = article("The envoy said the committee should meet in Geneva soon.", stage)
    assert [e for e in doc.events if e.trigger.endswith("meet")] == []


def test_a_town_naming_a_meeting_is_where_it_was(stage: EventStage) -> None:
    doc = article("The embargo has been ignored since the Cairo conference of January 19.", stage, "pipeline")
    (conference,) = [e for e in doc.events if e.trigger == "conference"]
    assert conference.place == "Cairo"


# What an intended act on people is for (issue #5): the people's to do, not what the source intends.
# (text, type that must be coded, type that must not be coded)
INTENDED_AIMS = [
    # "to fight" is what the herders are equipped for: Chad states a willingness, it threatens no fight.
    ("Chad was ready to train and equip Sudanese herders to fight.", "AGREE", "THREATEN"),
    # Arming people is military aid (CAMEO 072); intended, an intention to give it (AGREE), not a fight.
    ("Ethiopia is prepared to arm the farmers to defend the border.", "AGREE", "THREATEN"),
    # Not an act on people: the infinitive is still the source's own intended act.
    ("Sudan was ready to spend millions to attack Kassala.", "THREATEN", "AGREE"),
]


@pytest.mark.parametrize(("text", "kind", "not_kind"), INTENDED_AIMS)
def test_the_aim_of_an_intended_act_on_people_is_not_intended(
    text: str, kind: str, not_kind: str, stage: EventStage
) -> None:
    types = [e.type for e in article(text, stage).events]
    assert kind in types and not_kind not in types, types


def test_arming_someone_is_military_aid(stage: EventStage) -> None:
    (armed,) = article("Turkey armed the militias in Tripoli last year.", stage).events
    assert (armed.type, armed.cameo) == ("AID", "072")
    assert [e for e in article("The armed men stormed the village.", stage).events if e.type == "AID"] == []


# A lede may describe the parties before it names them.
PARTIES_NAMED_LATER = (
    "Sudan's warring sides signed a peace accord in Juba on Monday, the United Nations said. The talks lasted a week. "
)


def test_a_description_of_the_parties_is_the_first_named_together_later(stage: EventStage) -> None:
    doc = article(
        PARTIES_NAMED_LATER
        + "The Transitional Military Council and the Sudan Liberation Movement both said they would respect it.",
        stage,
    )
    (signed,) = events_of(doc, 0, "SUPPORT")
    assert "Transitional Military Council" in actor_name(doc, signed.source), signed.rule


def test_a_description_of_the_parties_is_not_their_country(stage: EventStage) -> None:
    # No two actors are named together later: the sides stay unnamed (neither Sudan nor the UN).
    (signed,) = events_of(article(PARTIES_NAMED_LATER, stage), 0, "SUPPORT")
    assert signed.source is None, signed.rule


def fixed_classifier(probabilities: tuple[float, ...]) -> LinearClassifier:
    """A classifier that gives every sentence the same quad class probabilities (0 = no event)."""
    return LinearClassifier({}, np.zeros((0, 5)), np.log(np.array(probabilities)), (0, 1, 2, 3, 4), {})


SIGNED_AND_ENDED = "Sudan and Ethiopia signed a peace treaty in Juba on Monday, ending two years of fighting."


def test_the_main_event_is_kept_when_the_class_is_a_clause_below() -> None:
    # The sentence's class is material cooperation (the end of fighting, a clause below): the signing
    # (verbal cooperation) in the main clause, with its actors, is kept too, after it.
    doc = article(SIGNED_AND_ENDED, EventStage(fixed_classifier((0.004, 0.214, 0.773, 0.004, 0.005))))
    assert [e.type for e in doc.events] == ["RETREAT", "SUPPORT"], [(e.type, e.confidence) for e in doc.events]


def test_the_main_event_is_not_kept_when_no_event_is() -> None:
    # A sentence the classifier takes for no event keeps none: the main event needs another one kept.
    doc = article(SIGNED_AND_ENDED, EventStage(fixed_classifier((0.9, 0.02, 0.06, 0.01, 0.01))))
    assert doc.events == ()


@pytest.mark.parametrize(
    ("anchor", "precision", "span", "sign", "moved"),
    [
        ("2020-06-16", "day", "P3D", -1, ("2020-06-13", "day")),
        ("2020-06-16", "day", "P2W", -1, ("2020-06", "month")),  # the week of June 2 lies in June
        ("2020-07-08", "day", "P1W", -1, ("2020-W27", "week")),  # July 1: a week across June and July
        ("2020-01-19", "day", "P2M", -1, ("2019-11", "month")),
        ("2020-06", "month", "P1Y", 1, ("2021", "year")),
        ("2019-W48", "week", "P1Y", -1, ("2018", "year")),  # a week's year (its month is no number)
        ("2019-W48", "week", "P2M", -1, None),
        ("2020-06", "month", "P3D", -1, None),  # days from a month: not known to the day
        ("2020", "year", "P2M", -1, None),
    ],
)
def test_a_date_moved_by_a_span_keeps_only_the_precision_it_has(
    anchor: str, precision: str, span: str, sign: int, moved: tuple[str, str] | None
) -> None:
    from dateline.pipeline.events import _moved

    assert _moved(anchor, precision, span, sign) == moved


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Rebel forces marched on the capital of Chad on Monday.", "ASSAULT"),  # an advance
        ("Thousands of teachers marched on parliament in Lima on Monday.", "PROTEST"),  # a demonstration
    ],
)
def test_who_marches_on_a_city_says_what_the_march_is(text: str, kind: str, stage: EventStage) -> None:
    assert [e.type for e in article(text, stage).events if e.trigger == "marched"] == [kind]


# Suspending an office holder is a sanction on them (issue #5); suspending a measure still reverses it.
@pytest.mark.parametrize(
    ("text", "kind", "target"),
    [
        ("President John Harris suspended his finance minister, Ali Mansour, on Monday.", "SANCTION", "Mansour"),
        ("The government suspended the curfew in Cairo on Monday.", "CONCEDE", None),
    ],
)
def test_suspending_an_office_holder_is_a_sanction(text: str, kind: str, target: str | None, stage: EventStage) -> None:
    doc = article(text, stage)
    found = coded(doc, lambda e: e.trigger == "suspended")
    assert [e.type for e in found] == [kind]
    if target is not None:
        assert target in actor_name(doc, found[0].target)


def test_a_relative_pronoun_is_the_noun_its_clause_hangs_on(stage: EventStage) -> None:
    # "whom" is the minister (the object), and "he" in the clause is not the minister it hangs on.
    doc = article(
        "The opposition criticised President John Harris over his finance minister, Ali Mansour, "
        "whom he suspended in May.",
        stage,
    )
    found = coded(doc, lambda e: e.type == "SANCTION")
    assert "Harris" in actor_name(doc, found[0].source)
    assert "Mansour" in actor_name(doc, found[0].target)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # "which" is the curfew: the object the entry asks for ("lift +@restriction").
        ("Egypt welcomed the end of the curfew, which Sudan lifted on Monday.", ["CONCEDE"]),
        ("The workers carried the boxes, which the crane lifted on Monday.", []),
    ],
)
def test_a_relative_pronoun_object_meets_an_entrys_object(text: str, kinds: list[str], stage: EventStage) -> None:
    assert [e.type for e in article(text, stage).events if e.trigger == "lifted"] == kinds
