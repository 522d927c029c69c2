"""Political events coded in PLOVER, by rules over the dependency parse and a small sentence classifier.

How a sentence is coded (``code_sentence``):

1. **Triggers.** Every token is looked up in the lexicon we wrote (``resources/data/plover_lexicon.txt``):
   verbs, eventive nouns and a few adjectives, each entry with optional constraints on particles
   ("call for"), objects ("sign +@agreement") and modifiers ("n:strike ^hunger"). The most specific
   matching entry wins.
2. **Structure.** Triggers form a tree through complement edges (xcomp, ccomp, dobj, prepositions):
   "threatened to cut off electricity" is one THREATEN whose content is the cut-off. Support verbs
   (LIGHT: "carried out airstrikes") pass their noun's event through; intentions (INTENT: "plans to",
   "is ready to") make it future; reversals (REVERSE: "lifted the curfew") flip its type; statements
   (NONE: "denied the charges that ...") swallow it. "X said Y must ..." is a REQUEST from X to Y.
   What an intended act on people is for is theirs to do, not intended: "ready to arm tribesmen to
   fight" intends the arming (or, with no trigger for the act, states a willingness), not a fight.
3. **Actors.** The source is the subject (the agent of a passive; a passive with no agent has no
   source), climbing control and coordination (a finite verb the parser hung on a negated bare one,
   "said the victory did not mark the end and vowed to ...", is coordinated with the clause above);
   an event noun's is its owner ("Iraq's proposal", "his offensive", "the ceasefire announced by X"),
   never the "of" phrase an entry reads as its object ("the loss of Al-Watiya" is what was lost), and
   a meeting after or during a clause ("told reporters after a phone conversation with X") is its
   subject's. The target is the object or the first actor-like object of to/with/against/on/...
   Actors are the entities (``doc.entities`` with their ``actor`` ids) inside those phrases. A source
   that names no actor itself stands for one named before: "he", "his forces" (a person), "its
   units", "whose forces", "they" (the subject of the sentence before), "the army", "the
   secretary-general" (the last actor of that kind and sector), "each", "both sides" (the parties of
   the clause or sentence before; in a lede naming them only later, "Libya's warring sides", the first
   two actors named together after it, a country's parties not being the country). A town is not an
   actor: "officials in Tripoli", "the Berlin conference" name where (the conference's place), not
   who. A text does not act: what an agreement or plan "proposes", "requires" or "suspends" is its
   content; only its calls are coded (its authors').
4. **Flags.** ``negated`` (not, never, failed to, "offered no plan"), ``hypothetical`` (if/unless
   clauses, could/might/may, conditional would, "without ..."; a need, a possibility or an idea above
   the trigger's own clause, which only flags: "need to pledge", "any idea of sending troops", "the
   possible deployment"), ``future`` (will, would after a past reporting verb, intentions, a sentence
   date after publication) and ``reported`` (inside a quote, or the complement of a reporting verb).
   Following PLOVER, the source's planned or possible cooperation is AGREE and its planned or possible
   material conflict THREATEN; a refused or failed cooperation is REJECT. The original action stays in
   ``rule`` and in ``explain``. A scheduled meeting no actor intends stays CONSULT (future),
   and only its own date makes it one ("the committee should meet soon" is no event).
   "X warned that ..." is a THREATEN when an actor will suffer something, an ACCUSE when an actor is
   doing something, and no event when it is about things ("the closures would hurt the economy").
5. **Date.** The calendar time expression the trigger's own clause governs ("shelled the port on
   Tuesday"), else the one of the nearest clause above it ("said on Tuesday that forces had begun
   ..."), not climbing out of relative clauses or "after"/"before" clauses (a date the parser hung on
   an event noun is the noun's: "after the loss of the base on Monday"). An "after"/"before" clause
   that says how far it is from the clause above is counted from that clause's date ("said on
   Sunday, three days after parliament approved"; "comes two weeks after Sarraj signed", the present
   being the report's day). Else the sentence's date, unless that date belongs to one of the event's
   arguments ("last month's truce") or to a clause the climb could not reach, when it is the
   publication day (``date_from`` says which). Dates are days, months, years or a week across two
   months: a week inside one month gives the month, and a statement in the present perfect ("has
   said") its publication month. An event told in the past with a month named without its year that
   would fall after the article's month took place the year before ("since Haftar attacked Tripoli in
   April", written in February). A month name is never a trigger ("March 3").
6. **Confidence.** The entry's prior, lowered for background clauses, mere mentions and missing actors,
   averaged with the classifier's probability for the event's CAMEO quad class
   (``resources/data/plover_classifier.npz``); for an event in a clause of its own after the
   sentence's main one ("suspended talks after forces shelled the port"), with its probability that
   the sentence reports any event, and so does the main clause's event when the sentence's class is
   that of an event below it ("signed an agreement, ending a year of fighting"); for a recalled event
   in a subordinate clause dated by its own time expression and naming an actor ("asks the commission,
   which met in Geneva last week, to ..."), by its rule alone (the classifier sees the main clause).
   Events below ``MIN_CONFIDENCE``, or whose rule alone is below ``RULE_FLOOR``, are dropped and
   counted; so is an undated relative clause that names no actor ("the powers that violated the
   embargo": background, not news).
7. **The article.** Once its events are kept, each one's confidence is lowered in proportion when fewer
   than ``POLITICAL_SHARE`` of the article's events involve a political actor (``_political``): on an
   arts page or a flu report, "attack", "meet" and "asks" are rarely political events, whatever the
   sentence looks like. This only rescales the reported confidence, after the drop: which events are kept
   does not change, and a kept event may show less than ``MIN_CONFIDENCE``.

What ``confidence`` means: a score in 0..1 that ranks events by how likely each is a real political
event of its type; it is not a calibrated probability. On conflict news, the classifier's domain, most
kept events are real; outside it, filter by confidence. On the 264 judged Timeline17 events still coded
in 31 articles (oil spill, flu, finance, arts pages, Iraq, Haiti), it ranks a correct event above a wrong
one with ROC AUC 0.76 (0.56 without step 7; 0.75 when ``POLITICAL_SHARE`` is chosen without the topic
scored, leaving each of the six topics out in turn), and 47 % of the events at 0.5 or above are correct
(30 % of all): ``dateline eval precision ../shared/data/t17 --judgments tests/gold/t17_events.jsonl``.

Readings that are not events give none (``_vetoed``, counted as ``vetoed_<rule>``): an instruction
to the reader ("please visit our website"), shouting in capitals, a phrasal verb the lexicon does not
name ("shot back"), a statement or question after a demand or concession verb ("insisted the forces
were doing everything", "asks whether ..."), material conflict done by a thing ("the rig exploded"),
and a meeting or cooperation with a thing ("met its targets"). Rescuers travelling to a disaster, and
troops sent to help after one, are aid.

Sentences that are too long, look like tables or lists, have no verb, or give events with no actor
(natural disasters are not actors) give no events; the run statistics count them (``skipped_*``,
``dropped_low_confidence``). ``explain(event)`` says in words why an event was coded.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import hashlib
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dateline.model import Actor, AnnotatedArticle, Entity, Event, Place, Quote, Sentence, TimeExpr
from dateline.pipeline.base import Stage
from dateline.pipeline.timex import calendar_value
from dateline.resources.plover import (
    COOPERATIVE_TYPES,
    MATERIAL_CONFLICT_TYPES,
    PLOVER_CAMEO,
    QUAD_NAMES,
    REPORTING_VERBS,
    Entry,
    Lexicon,
    LinearClassifier,
    load_actor_table,
    load_classifier,
    load_lexicon,
    noun_lemma,
    quad_class,
    trigger_words,
    verb_lemma,
)

__all__ = [
    "CLASSIFIER_WEIGHT",
    "MAX_SENTENCE_TOKENS",
    "MIN_CONFIDENCE",
    "POLITICAL_SHARE",
    "RULE_FLOOR",
    "STAGE",
    "Coding",
    "EventStage",
    "Mention",
    "code_sentence",
    "event_id",
    "explain",
    "main_event",
    "salient_mentions",
    "sentence_features",
    "sentence_quad",
    "sentence_span",
]

STAGE = "dateline.events.v1"
# Sentences longer than this many tokens are not coded (and are counted): parses of run-on sentences,
# lists and pasted tables are unreliable, and news sentences are shorter (99.5 % of the T17 sentences
# have fewer than 80 tokens).
MAX_SENTENCE_TOKENS = 100
# Events whose confidence is below this are dropped and counted. Chosen by 5-fold cross-validation on
# the development three quarters of ConfliBERT's CAMEO training split (macro F1 of the sentence classes
# is flat, within 0.005, for thresholds 0.4-0.55 and weights 0.4-0.8; we took the middle).
MIN_CONFIDENCE = 0.45
# Weight of the classifier's probability against the rule's own confidence (same cross-validation).
CLASSIFIER_WEIGHT = 0.6
# However sure the classifier is of a sentence's class, a rule this unsure gives no event: on general
# news (T17) the classifier, trained on event sentences, would otherwise carry bare mentions ("relations
# with Syria") through. 0.3 costs 0.001 of cross-validated macro F1 (0.25-0.4 all within 0.003).
RULE_FLOOR = 0.3
# Share of an article's events involving a political actor below which their confidence is lowered in
# proportion (step 7 above). Chosen on the 264 judged Timeline17 events (ROC AUC of confidence 0.76, flat
# within 0.005 for 0.35-0.5); chosen without each topic in turn it gives the left-out topic's events a
# pooled AUC of 0.75. Conflict news sits far above it.
POLITICAL_SHARE = 0.4

# --- dependency relations the rules walk ------------------------------------------------

# A trigger below another through these edges is the other's content ("threatened to cut", "condemned
# the attack", "killed in an airstrike").
_CONTENT_EDGES = frozenset(
    {
        "xcomp",
        "ccomp",
        "dobj",
        "pobj",
        "prep",
        "acl",
        "attr",
        "oprd",
        "pcomp",
        "dative",
        "agent",
        "compound",
        "nsubjpass",
        "acomp",
    }
)
_SUBJECTS = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
_OBJECTS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative"})
_PARTICLES = frozenset({"prt", "prep", "agent", "dative", "advmod", "acomp"})
_MODIFIERS = frozenset({"amod", "compound", "nmod", "npadvmod", "advmod", "nummod", "poss"})
# Prepositions whose object may be the target, in order of preference.
_TARGET_PREPS = ("to", "with", "against", "on", "upon", "at", "into", "toward", "towards", "from", "over", "for", "of")
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "around", "off"})
# Verbs whose object controls the subject of their infinitive ("urged Israel to halt").
_OBJECT_CONTROL = frozenset(
    [
        "urge",
        "ask",
        "call",
        "order",
        "press",
        "force",
        "help",
        "allow",
        "permit",
        "encourage",
        "invite",
        "persuade",
        "tell",
        "warn",
        "pressure",
        "pressurize",
        "require",
        "compel",
        "oblige",
        "authorize",
        "authorise",
        "enable",
        "empower",
        "instruct",
        "advise",
    ]
)
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "ll"})
_HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "should", "ought"})
# Verbs that deny the verb they govern: "failed to reach", "refused to sign". Denied themselves,
# they and "hesitate" affirm it: "would not hesitate to support", "did not fail to respond".
_FAILING_VERBS = frozenset({"fail", "refuse"})
_DENYING_VERBS = _FAILING_VERBS | {"hesitate"}
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest", "provided", "providing"})
_PRONOUNS = frozenset(
    {"it", "they", "he", "she", "we", "i", "its", "their", "his", "her", "them", "him", "who", "which", "that"}
)
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_NOT_ACTORS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
# THREATEN modes by the type of the action threatened (PLOVER THREATEN modes).
_THREAT_MODES = {
    "ASSAULT": "violence", "MOBILIZE": "violence", "PROTEST": "restrict", "SANCTION": "relations",
    "COERCE": "restrict",
}  # fmt: skip
_COERCE_THREAT_MODES = {"ban": "ban", "censor": "ban", "arrest": "arrest", "deport": "expel", "confiscate": "territory"}
# REVERSE: what stopping or lifting an event of each type amounts to.
_REVERSED = {
    "AID": ("SANCTION", "162", "discontinue"), "COOPERATE": ("SANCTION", "16", "sever"),
    "CONSULT": ("SANCTION", "164", "cancel"), "SUPPORT": ("SANCTION", "161", "sever"),
    "AGREE": ("SANCTION", "16", None), "PROTEST": ("CONCEDE", "082", None),
    "COERCE": ("CONCEDE", "081", None), "SANCTION": ("RETREAT", "085", "ease"),
    "ASSAULT": ("RETREAT", "087", "ceasefire"), "MOBILIZE": ("RETREAT", "087", "withdraw"),
    "THREATEN": ("CONCEDE", "080", None), "REQUEST": ("CONCEDE", "080", None),
    "ACCUSE": ("CONCEDE", "080", None), "REJECT": ("CONCEDE", "080", None),
    "RETREAT": ("ASSAULT", "196", None), "CONCEDE": ("REJECT", "124", None),
}  # fmt: skip

_QUOTE_CHARS = re.compile('["\u201c\u201d]')
_TABLE_MARKS = re.compile(r"\t|\||\s{3,}|\.{4,}|_{3,}|-{4,}")


# --- what a coded sentence holds ------------------------------------------------------------


@dataclass(slots=True)
class _Trigger:
    token: Any  # spaCy Token the entry matched
    entry: Entry
    type: str
    cameo: str | None
    mode: str | None
    prior: float
    governor: Any = None  # the verb whose clause gives subject and flags (a support verb for nouns)
    parent: _Trigger | None = None
    children: list[_Trigger] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    target_token: Any = None  # a target fixed by the rule itself (REQUEST from "must")
    source_token: Any = None


@dataclass(frozen=True, slots=True)
class Coding:
    """One coded event before it becomes an ``Event``: offsets, actor phrases and flags."""

    type: str
    cameo: str
    mode: str | None
    trigger_start: int
    trigger_end: int
    source_span: tuple[int, int] | None
    target_span: tuple[int, int] | None
    source_actors: tuple[str, ...]
    target_actors: tuple[str, ...]
    negated: bool
    hypothetical: bool
    future: bool
    reported: bool
    rule_confidence: float
    steps: tuple[str, ...]
    depth: int  # distance of the trigger's clause from the sentence root
    actor_found: bool  # the source or the target is a named entity or an actor noun
    place: str | None
    contexts: tuple[str, ...]
    date: str | None = None  # when it happened (see ``_event_date``)
    date_precision: str | None = None
    date_from: str | None = None
    own_clause: bool = False  # in a clause of its own: "after forces shelled the port", "and X attacked Y"
    # a subordinate clause dated by its own time expression: "the commission, which met in Geneva last week"
    dated_clause: bool = False
    # an event noun dated in its own phrase ("the Berlin conference of January 19", "the October 23
    # ceasefire", "the offensive began on April 4"): a reference to an event of that day, actors or not
    dated_noun: bool = False

    @property
    def quad(self) -> int:
        q = quad_class(self.cameo)
        return 0 if q is None else q


# --- matching the lexicon ----------------------------------------------------------------------


def _is_verb(token: Any) -> bool:
    return bool(token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"))


def _is_noun(token: Any) -> bool:
    return bool(token.pos_ in ("NOUN", "PROPN") or token.tag_.startswith("NN"))


def _is_adjective(token: Any) -> bool:
    return bool(token.pos_ == "ADJ" or token.tag_ in ("JJ", "VBN"))


def _lemma(token: Any) -> str:
    return noun_lemma(token.text) if _is_noun(token) else verb_lemma(token.text)


def _word_matches(token: Any, word: str, lexicon: Lexicon) -> bool:
    if word.startswith("@"):
        return any(_word_matches(token, member, lexicon) for member in lexicon.classes[word[1:]])
    if word.startswith("&"):
        return bool(
            token.ent_type_ == word[1:]
            or any(c.ent_type_ == word[1:] for c in token.children if c.dep_ in ("compound", "amod"))
        )
    if "_" in word:
        first, last = word.rsplit("_", 1)
        if noun_lemma(token.text) != last and token.lower_ != last:
            return False
        before = first.replace("_", " ").split()[-1]
        return any(
            c.lower_ == before or noun_lemma(c.text) == before for c in token.children if c.dep_ in _MODIFIERS
        ) or (token.i > 0 and token.doc[token.i - 1].lower_ == before)
    if "-" in word and word != "-":
        parts = word.split("-")
        i = token.i
        if token.lower_ != parts[-1] and _lemma(token) != parts[-1]:
            return False
        return bool(i >= 2 and token.doc[i - 1].text == "-" and token.doc[i - 2].lower_ == parts[-2])
    return bool(token.lower_ == word or _lemma(token) == word)


_RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that"})


def _unrelative(token: Any) -> Any:
    """A relative pronoun stands for the noun its clause hangs on ("the minister whom he suspended")."""
    host = _relative_host(token) if token.lower_ in _RELATIVE_PRONOUNS else None
    return token if host is None else host


def _relative_host(token: Any) -> Any:
    """The noun a relative clause hangs on, when ``token`` is one of the clause's own arguments."""
    clause = token.head
    return clause.head if clause.dep_ == "relcl" and clause.head.i != clause.i else None


def _not_antecedent(pronoun: Any) -> Any:
    """The noun a pronoun cannot stand for: the one its relative clause hangs on, unless it is the
    relative pronoun itself ("Bashagha, whom he suspended": "he" is not Bashagha)."""
    return None if pronoun.lower_ in _RELATIVE_PRONOUNS else _relative_host(pronoun)


def _referent_ranges(noun: Any, start: int, end: int) -> list[tuple[int, int]]:
    """The token ranges of a noun phrase and of the phrases in apposition with it: one referent ("his
    interior minister, Fathi Bashagha")."""
    top = noun
    while top.dep_ == "appos" and top.head.i != top.i:
        top = top.head
    nouns, stack = [top], [top]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "appos":
                nouns.append(child)
                stack.append(child)
    return [_phrase(n, start, end) for n in nouns]


def _objects(token: Any, particle: str | None = None) -> list[Any]:
    found: list[Any] = []
    for child in token.children:
        if child.dep_ in _OBJECTS and particle is None:
            found.append(_unrelative(child))
        elif child.dep_ in ("prep", "prt", "agent", "dative") and (particle is None or child.lower_ == particle):
            found.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
            if child.dep_ == "prt":
                found.extend(g for g in token.children if g.dep_ in _OBJECTS)
                found.extend(g for g in child.children if g.dep_ == "prep" for g in g.children if g.dep_ == "pobj")
        elif child.dep_ in ("acomp", "xcomp", "advmod") and particle is None:
            found.append(child)  # "found guilty", "put on alert" parses vary
    # "700 kg of medicine", "a shipment of arms": the measure's "of" object is the object too.
    for _ in range(2):
        found.extend(
            g
            for obj in list(found)
            for c in obj.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj" and g not in found
        )
    # Conjoined objects count too ("weapons and explosives").
    found.extend(c for obj in list(found) for c in obj.conjuncts)
    return found


def _direct_objects(token: Any) -> list[Any]:
    found = [_unrelative(c) for c in token.children if c.dep_ in _OBJECTS]
    found.extend(c for obj in list(found) for c in obj.conjuncts)
    return found


def _particles(token: Any) -> list[Any]:
    """Particles and prepositions right after a verb ("called on Israel", not "called ... on Tuesday")."""
    found = [
        c
        for c in token.children
        if c.dep_ == "prt"
        or (c.dep_ in _PARTICLES and c.lower_ in _ADVERB_PARTICLES and c.i > token.i)
        or (c.dep_ in _PARTICLES and 0 < c.i - token.i <= 3 and not _is_date_prep(c))
    ]
    found.extend(g for c in list(found) if c.dep_ == "prt" for g in c.children if g.dep_ == "prep")
    # "called for Sirte to be demilitarised": the parser makes the particle the mark of the clause after it.
    found.extend(
        g
        for c in token.children
        if c.dep_ in ("advcl", "ccomp", "xcomp")
        for g in c.children
        if g.dep_ == "mark" and g.i == token.i + 1 and g.lower_ == "for"
    )
    return found


# Particles that may stand far from their verb ("forced the agency, UNHCR, out").
_ADVERB_PARTICLES = frozenset({"out", "off", "down", "up", "back", "away"})
# Object constraints that are not words: a that-clause, an infinitive, any direct object.
_SPECIAL_OBJECTS = frozenset({"CLAUSE", "INF", "OBJ"})


def _is_date_prep(prep: Any) -> bool:
    return any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in prep.children)


def _modifiers(token: Any) -> list[Any]:
    found = [c for c in token.children if c.dep_ in _MODIFIERS]
    found.extend(
        g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
    )
    if token.i >= 2 and token.doc[token.i - 1].text == "-":
        found.append(token.doc[token.i - 2])
    return found


def _satisfied(entry: Entry, token: Any, lexicon: Lexicon) -> bool:
    particle_words = [c.words[0] for c in entry.constraints if c.kind == "particle"]
    for constraint in entry.constraints:
        if constraint.kind == "particle":
            if not any(p.lower_ == constraint.words[0] for p in _particles(token)):
                return False
        elif constraint.kind == "subject":
            holder = token
            while holder.dep_ == "xcomp" and not any(c.dep_ in _SUBJECTS for c in holder.children):
                holder = holder.head  # "soldiers have started moving": the controlling verb's subject
            subject = next((c for c in holder.children if c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS), None)
            if subject is None or not any(_word_matches(subject, word, lexicon) for word in constraint.words):
                return False
        elif constraint.kind == "object":
            if "CLAUSE" in constraint.words and any(c.dep_ == "ccomp" for c in token.children):
                continue
            if "INF" in constraint.words and any(c.dep_ == "xcomp" for c in token.children):
                continue
            if "OBJ" in constraint.words and _direct_objects(token):
                continue
            particle = particle_words[-1] if particle_words else None
            # With a particle, the object is the particle's ("withdraw from the talks"), or a direct one.
            objects = (_direct_objects(token) + _objects(token, particle)) if particle else _objects(token, None)
            if not any(
                _word_matches(obj, word, lexicon)
                for obj in objects
                for word in constraint.words
                if word not in _SPECIAL_OBJECTS
            ):
                return False
        elif not any(_word_matches(mod, word, lexicon) for mod in _modifiers(token) for word in constraint.words):
            return False
    return True


def _hyphen_ok(entry: Entry, token: Any) -> bool:
    if "-" not in entry.lemma:
        return True
    parts = entry.lemma.split("-")
    i = token.i
    return bool(i >= 2 and token.doc[i - 1].text == "-" and token.doc[i - 2].lower_ == parts[-2])


def _entry_for(token: Any, lexicon: Lexicon) -> Entry | None:
    if token.lower_ not in trigger_words():
        return None
    candidates: list[tuple[Entry, ...]] = []
    if token.dep_ in ("amod", "compound") and token.tag_ in ("VBN", "VBG", "VBD"):
        return None  # "the American-supported government", "visiting Saudi Crown Prince": adjectives
    if (
        token.dep_ == "compound"
        and _is_noun(token)
        and _is_noun(token.head)
        and noun_lemma(token.head.text) not in _GENERIC_HEADS
    ):
        return None  # "war games", "attack helicopters": the head noun says what it is
    if _is_verb(token):
        candidates.append(lexicon.verbs.get(verb_lemma(token.text), ()))
    if _is_noun(token):
        candidates.append(lexicon.nouns.get(noun_lemma(token.text), ()))
    if _is_adjective(token):
        candidates.append(lexicon.adjectives.get(token.lower_, ()))
    best: Entry | None = None
    for entries in candidates:
        for entry in entries:
            if (
                (best is None or entry.specificity > best.specificity)
                and _hyphen_ok(entry, token)
                and _satisfied(entry, token, lexicon)
            ):
                best = entry
        if best is not None:
            break  # the reading of the token's part of speech comes first
    return best


# --- the trigger tree ----------------------------------------------------------------------------


def _in_sentence(token: Any, start: int, end: int) -> bool:
    return bool(start <= token.i < end)


def _parent_token(token: Any, start: int, end: int, owners: dict[int, _Trigger], lexicon: Lexicon | None = None) -> Any:
    """The nearest token above ``token`` that carries a trigger, walking only content edges; with the
    ``lexicon``, when that is an intention and the walk passed an act on people ``token`` is the aim of
    (``_aim``), that act, which has no trigger: "ready to arm tribesmen to fight" intends the arming."""
    current = token
    through_clause = False
    aim = None
    while (
        (current.dep_ in _CONTENT_EDGES or (current.dep_ == "conj" and current.head.dep_ in _CONTENT_EDGES))
        and current.head.i != current.i
        and _in_sentence(current.head, start, end)
    ):
        if current.dep_ == "prep" and current.lower_ in _SEQUENCE_MARKS:
            return None  # "calls for a ceasefire ..., after meeting Haftar": a time adjunct, not the content
        if aim is None and lexicon is not None:
            aim = _aim(current, lexicon)
        through_clause = through_clause or current.dep_ == "ccomp"
        coordinated = current.dep_ == "conj"
        current = current.head
        if coordinated:
            continue  # "would oppose X and threatened to sink ships": a conjunct is its head's sibling, not its content
        owner = owners.get(current.i)
        # A support verb passes on its object, not a reported clause ("announced it would ...").
        if owner is not None and not (through_clause and owner.type == "LIGHT"):
            return aim if aim is not None and owner.type == "INTENT" else current
    return None


def _aim(token: Any, lexicon: Lexicon) -> Any:
    """The act on people an infinitive is the aim of, if it is: the verb whose object names the people
    who are to do it ("arm tribesmen to fight", "recruit gunmen to attack", also hung on the object).
    Verbs that make their object do something ("urged Israel to halt") are not such acts."""
    if token.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return None
    head = token.head
    if token.dep_ == "acl" and head.dep_ == "dobj" and _doers(head, lexicon):
        head = head.head
    elif not (token.dep_ == "xcomp" and any(c.dep_ == "dobj" and _doers(c, lexicon) for c in head.children)):
        return None
    return head if _is_verb(head) and verb_lemma(head.text) not in _OBJECT_CONTROL else None


def _doers(noun: Any, lexicon: Lexicon) -> bool:
    """Whether a noun itself names people, not a thing of theirs ("Trump's decision"): a name, an actor
    word, troops or people of the lexicon's classes, or people of a nation ("Libyan tribesmen")."""
    table = load_actor_table()
    if noun.ent_type_ in _ACTOR_LABELS or any(w in table.sectors for w in (noun.lower_, noun_lemma(noun.text))):
        return True
    if noun.tag_ == "NNS" and any(c.dep_ in ("amod", "compound") and c.ent_type_ == "NORP" for c in noun.children):
        return True
    return any(_word_matches(noun, word, lexicon) for word in ("@troops", "@people", "@police"))


def _must_triggers(span: Any, lexicon: Lexicon, entities: dict[int, Entity]) -> list[tuple[Any, Any]]:
    """(must token, speaking verb) for "X said Y must ...": a demand by X of Y, both actors."""
    found: list[tuple[Any, Any]] = []
    for token in span:
        if token.lower_ in ("must", "should") and token.dep_ == "aux":
            verb = token.head
            if verb.dep_ not in ("ccomp", "acl"):
                continue
            subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
            speaker = _speaker(verb, span.start, span.end)
            if subject is None or speaker is None:
                continue
            said_by = _subject(speaker, span.start, span.end)
            if said_by is not None and all(_actor_like(t, lexicon, entities) for t in (subject, said_by)):
                found.append((token, speaker))
    return found


def _speaker(clause: Any, start: int, end: int) -> Any:
    """The verb whose subject says a clause: "X said (that) ...", "X issued a reminder that ..."."""
    current = clause.head
    for _ in range(4):
        if _is_verb(current) and any(c.dep_ in _SUBJECTS for c in current.children):
            return current
        if current.head.i == current.i or not _in_sentence(current.head, start, end):
            return None
        current = current.head
    return None


def _triggers(span: Any, lexicon: Lexicon, entities: dict[int, Entity]) -> list[_Trigger]:
    start, end = span.start, span.end
    triggers: dict[int, _Trigger] = {}
    for token in span:
        # A word inside a multi-word name is not an act: "Accord" in "Government of National Accord".
        entity = entities.get(token.i)
        if entity is not None and len(entity.text) > len(token.text):
            continue
        if token.ent_type_ in ("DATE", "TIME") and token.lower_ in _MONTH_WORDS:
            continue  # "began on March 3": a month, not a march
        entry = _entry_for(token, lexicon)
        if entry is not None:
            triggers[token.i] = _Trigger(
                token, entry, entry.type, entry.cameo, entry.mode, entry.prior, steps=[f"lex:{entry.id}"]
            )
    # "X said Y must withdraw": a REQUEST anchored on "must", above the verb's own trigger if any.
    musts: dict[int, _Trigger] = {}
    for must, speaker in _must_triggers(span, lexicon, entities):
        verb = must.head
        # "must" demands (CAMEO 10); "should" advises, an appeal (02).
        cameo = "10" if must.lower_ == "must" else "02"
        entry = Entry("REQUEST", cameo, None, "V", must.lower_, (), 0.7, 0, must.lower_)
        trigger = _Trigger(must, entry, "REQUEST", cameo, None, 0.7, steps=["rule:must"])
        trigger.governor = speaker
        trigger.source_token = _subject(speaker, start, end)
        trigger.target_token = _subject(verb, start, end)
        musts[verb.i] = trigger
    ordered = sorted(triggers.values(), key=lambda t: t.token.i)
    aims: set[int] = set()
    for trigger in ordered:
        parent_token = _parent_token(trigger.token, start, end, triggers, lexicon)
        must = musts.get(trigger.token.i)
        if must is not None:
            trigger.parent = must
            must.children.append(trigger)
            continue
        if parent_token is not None and parent_token.i not in triggers:
            aims.add(trigger.token.i)  # the aim of an intended act on people: not what is intended
        elif parent_token is not None:
            parent = triggers[parent_token.i]
            trigger.parent = parent
            parent.children.append(trigger)
    for verb_i, must in musts.items():
        verb = span.doc[verb_i]
        parent_token = _parent_token(verb, start, end, triggers)
        if parent_token is not None and parent_token.i != verb_i:
            must.parent = triggers[parent_token.i]
            triggers[parent_token.i].children.append(must)
        # Triggers under the verb whose parent is the verb's own trigger stay with it; others under the verb join.
        for trigger in ordered:
            if (
                trigger.parent is None
                and trigger.token.i not in aims
                and trigger.token.i != verb_i
                and _descends(trigger.token, verb, start, end)
            ):
                trigger.parent = must
                must.children.append(trigger)
    roots = [t for t in ordered if t.parent is None and t.token.i not in aims]
    roots += [m for m in musts.values() if m.parent is None]
    # A statement covers its whole clause, relative clauses included ("rejected accusations that it
    # attacked ...", "expressed condolences to the families of those killed in ...").
    statements = [t.token for t in ordered if t.type == "NONE"]
    roots = [r for r in roots if not any(s.i != r.token.i and s.is_ancestor(r.token) for s in statements)]
    return sorted(roots, key=lambda t: t.token.i)


def _descends(token: Any, ancestor: Any, start: int, end: int) -> bool:
    current = token
    while current.head.i != current.i and _in_sentence(current.head, start, end):
        if current.dep_ not in _CONTENT_EDGES:
            return False
        current = current.head
        if current.i == ancestor.i:
            return True
    return False


# Causes that are not actors: a quake that "struck" or a storm that "killed" is no event.
_NATURAL_CAUSES = frozenset(
    [
        "earthquake",
        "quake",
        "tremor",
        "aftershock",
        "storm",
        "hurricane",
        "cyclone",
        "typhoon",
        "tornado",
        "flood",
        "flooding",
        "tsunami",
        "landslide",
        "mudslide",
        "avalanche",
        "wildfire",
        "drought",
        "heatwave",
        "eruption",
        "volcano",
        "disease",
        "virus",
        "epidemic",
        "pandemic",
        "outbreak",
        "accident",
        "lightning",
        "weather",
        "rain",
        "snow",
        "wind",
    ]
)
# Adjectives that state a willingness even when what one is willing to do is not in the lexicon.
_WILLING = frozenset({"ready", "willing", "prepared"})


def _reversed_object(token: Any, reverse: Any) -> bool:
    """Whether ``token`` is what a stopping word stops: its object or complement ("an end to the
    fighting", "lifted the curfew"), not an event in that object's modifiers ("an end to movements in
    support of X" does not end the support)."""
    preps = 0
    current = token
    while current.i != reverse.i:
        if current.head.i == current.i or current.dep_ not in (
            "dobj",
            "pobj",
            "prep",
            "xcomp",
            "ccomp",
            "nsubjpass",
            "conj",
            "compound",
            "amod",
            "pcomp",
        ):
            return False
        preps += current.dep_ == "prep"
        current = current.head
    return preps <= 1


def _through_verb(token: Any, ancestor: Any) -> bool:
    """Whether ``token`` is the topic of a content verb between it and ``ancestor`` (no trigger of ours):
    a gerund after a preposition ("talks on turning the truce into a ceasefire") or a verb whose object
    it is an "of" phrase of ("trying to shift the balance of the war")."""
    current = token
    through_of = False
    for _ in range(12):
        head = current.head
        if head.i in (ancestor.i, current.i):
            return False
        through_of = through_of or (current.dep_ == "pobj" and head.lower_ == "of")
        if head.pos_ == "VERB":
            return head.dep_ == "pcomp" or through_of
        current = head
    return False


def _resolve(trigger: _Trigger, nested: bool = False) -> list[_Trigger]:
    """The events a trigger stands for once its children are resolved (see the module docstring);
    ``nested``: the trigger is inside another one's, as its object or content."""
    children = [event for child in trigger.children for event in _resolve(child, nested=True)]
    kind = trigger.type
    if kind == "LIGHT":
        # "trying to shift the balance of the war": the war is the shifting's object, not what is tried.
        children = [c for c in children if not _through_verb(c.token, trigger.token)]
        if any(c.dep_ == "oprd" for c in trigger.token.children):
            # "called the agreement a fundamental step": the verb judges its object, it does not carry it out.
            children = [c for c in children if c.token.dep_ != "dobj" or c.token.head.i != trigger.token.i]
        # "renewed negotiations on a troop pullback": the object's event is the one the verb
        # supports; events in its prepositional phrases are that event's content.
        main = [
            c
            for c in children
            if c.token.head.i == trigger.token.i and c.token.dep_ in ("dobj", "xcomp", "nsubjpass", "ccomp")
        ]
        if main:
            for child in children:
                if child not in main and child.token.head.dep_ == "prep" and child.token.head.head.i == trigger.token.i:
                    main[0].children.append(child)
            children = [
                c
                for c in children
                if c in main or not (c.token.head.dep_ == "prep" and c.token.head.head.i == trigger.token.i)
            ]
        for child in children:
            if child.governor is None or child.governor.i == child.token.i:
                child.governor = trigger.token
            child.steps.append(f"light:{trigger.token.lower_}")
        return children
    if kind == "INTENT":
        if not children and trigger.entry.lemma in _WILLING and any(c.dep_ == "xcomp" for c in trigger.token.children):
            # "is ready to contribute", "is willing to help": a stated willingness (CAMEO 03).
            event = _Trigger(
                trigger.token,
                trigger.entry,
                "AGREE",
                "03",
                None,
                0.5,
                steps=[f"lex:{trigger.entry.id}", "intent:willing>AGREE"],
            )
            event.governor = trigger.token.head if _is_verb(trigger.token.head) else trigger.token
            return [event]
        owner = _owner(trigger.token, 0, len(trigger.token.doc)) if _is_noun(trigger.token) else None
        for child in children:
            if child.governor is None or child.governor.i == child.token.i or child.token.i > trigger.token.i:
                child.governor = trigger.token if _is_verb(trigger.token) else child.governor
            if owner is not None and child.source_token is None:
                child.source_token = owner  # "Erdogan's plans to send troops": the plan's owner
            child.steps.append(f"intent:{trigger.token.lower_}")
        return children
    if kind == "REVERSE":
        events = []
        for child in children:
            if child.type not in _REVERSED or not _reversed_object(child.token, trigger.token):
                continue
            new_type, cameo, mode = _REVERSED[child.type]
            event = _Trigger(
                trigger.token, trigger.entry, new_type, cameo, mode or child.mode, min(trigger.prior, child.prior) + 0.1
            )
            event.governor = trigger.token
            event.children = [child]
            event.steps = [f"lex:{trigger.entry.id}", f"reverse:{child.type}>{new_type}", *child.steps[:1]]
            events.append(event)
        return events
    if kind == "NONE":
        return []
    if _is_noun(trigger.token) and not nested:
        participle = next(
            (
                c
                for c in children
                if c.token.dep_ == "acl"
                and c.token.tag_ == "VBN"
                and c.token.head.i == trigger.token.i
                and _agent(c.token) is not None
            ),
            None,
        )
        if participle is not None:
            # "the accord, signed on November 27 by Erdogan and Sarraj", "the plan, rejected by
            # Haftar": the participle tells what its agent did with what the noun names; the two
            # are one event, the participle's, with its own agent and date. Without an agent ("the
            # Libyan ceasefire signed in Geneva") the noun keeps its owner and stays the event; so
            # does a noun inside another event ("accepted a truce proposed by Russia"), which that
            # event is coded from.
            participle.children.extend(c for c in children if c is not participle)
            participle.steps.append(f"participle-of:{trigger.token.lower_}")
            return [participle]
    trigger.children = children
    if trigger.governor is None:
        trigger.governor = trigger.token
    return [trigger]


# --- actors ------------------------------------------------------------------------------------


def _conjunct_head(verb: Any) -> Any:
    """The verb a coordinated verb shares its subject and auxiliaries with.

    The parser may hang "and vowed" on the nearest verb: in "said the victory did not mark the end
    and vowed to ...", a finite verb cannot share the bare verb's "did not", so it is coordinated
    with the clause above ("said ... and vowed").
    """
    head = verb.head
    if verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ") and head.tag_ == "VB" and head.dep_ in ("ccomp", "xcomp"):
        return head.head
    return head


def _subject(verb: Any, start: int, end: int) -> Any:
    """The subject of a verb, climbing control, coordination and relative clauses."""
    current = verb
    for _ in range(6):
        for child in current.children:
            if child.dep_ in _SUBJECTS:
                if child.lower_ in ("who", "which", "that") and current.dep_ == "relcl":
                    return current.head
                return child
        head = _conjunct_head(current)
        if head.i == current.i or not _in_sentence(head, start, end):
            return None
        if current.dep_ == "xcomp" and verb_lemma(head.text) in _OBJECT_CONTROL:
            for child in head.children:
                if child.dep_ == "dobj":
                    return child
        if current.dep_ in ("xcomp", "conj", "advcl", "acomp", "ccomp", "pcomp") or (
            current.dep_ == "prep" and current.i != verb.i
        ):
            current = head
            continue
        if current.dep_ == "relcl":
            return head
        if current.dep_ in ("acl",) and current.tag_ == "VBN":
            return None
        return None
    return None


def _passive_subject(verb: Any) -> Any:
    for child in verb.children:
        if child.dep_ in _PASSIVE_SUBJECTS:
            return child
    return None


def _agent(verb: Any) -> Any:
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _phrase(head: Any, start: int, end: int) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``head``, without clauses, appositions and punctuation."""
    cut = {"relcl", "acl", "advcl", "punct", "parataxis", "ccomp", "xcomp"}
    left = head.i
    right = head.i
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in cut or not _in_sentence(child, start, end):
                continue
            if child.dep_ == "appos" and any(
                t.is_punct for t in head.doc[min(child.i, token.i) : max(child.i, token.i)]
            ):
                continue  # "Kenzo Oshima, the UN relief coordinator": a comma apposition is another phrase
            if child.dep_ == "prep" and child.lower_ not in ("of", "in", "from", "with") and token.i == head.i:
                continue
            left = min(left, child.i)
            right = max(right, child.i)
            stack.append(child)
    doc = head.doc
    while (
        left < right
        and doc[left].dep_ in ("det", "cc", "punct", "case")
        and doc[left].lower_ in ("the", "a", "an", ",", "and", "'s")
    ):
        left += 1
    while right > left and (doc[right].is_punct or doc[right].dep_ == "cc"):
        right -= 1
    # A phrase longer than this is a parse gone astray; keep the part near the head.
    if right - left > 14:
        left, right = max(left, head.i - 8), min(right, head.i + 5)
    return left, right + 1


def _actor_like(head: Any, lexicon: Lexicon, entities_by_token: dict[int, Entity]) -> bool:
    number = head.ent_type_ in _NOT_ACTORS  # "on Thursday", "two percent", but "dozens of detainees"
    if not number and (head.i in entities_by_token or head.ent_type_ in _ACTOR_LABELS or head.tag_ in ("NNP", "NNPS")):
        return True  # a name the entity list or the model knows, or one it missed
    table = load_actor_table()
    if any(
        t.i in entities_by_token
        or t.ent_type_ in _ACTOR_LABELS
        or t.lower_ in table.names
        or noun_lemma(t.text) in table.sectors
        for t in _name_tokens(head)
    ):
        return True  # "the autonomous republic of Nakhichevan", "its border with Libya", "dozens of detainees"
    words = [head.lower_, noun_lemma(head.text)]
    return not number and any(w in table.sectors or w in table.names for w in words)


def _name_tokens(head: Any) -> list[Any]:
    """The tokens that may name who a noun phrase is: modifiers, appositions and "of"/"with" objects."""
    found: list[Any] = []
    stack = [head]
    while stack and len(found) < 12:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in ("compound", "amod", "poss", "nmod", "appos", "conj", "pobj") or (
                child.dep_ == "prep" and child.lower_ in ("of", "with")
            ):
                found.append(child)
                stack.append(child)
    return found


def _owner(noun: Any, start: int, end: int, depth: int = 0, of_theme: bool = False) -> Any:
    """Whose event or thing a noun is: "Iraq's proposal", "a U.S. request", "calls by Annan",
    "demand from Iran", "a mission of observers from the OSCE".

    ``of_theme``: the noun's "of" phrase is what the event befalls ("the loss of Al-Watiya"), never
    whose it is."""
    for child in noun.children:
        if child.dep_ == "poss" and child.lower_ not in _PRONOUNS:
            return child
    for child in noun.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
        if depth == 0 and child.dep_ == "acl" and child.tag_ == "VBN" and (agent := _agent(child)) is not None:
            return agent  # "the ceasefire announced by the Tripoli government"
    for child in noun.children:
        if child.dep_ in ("compound", "amod") and child.ent_type_ in _ACTOR_LABELS:
            return child
    if depth == 0 and not of_theme:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for g in child.children:
                    if g.dep_ == "pobj":
                        found = _owner(g, start, end, 1)
                        if found is not None:
                            return found
    return None


def _prep_objects(token: Any) -> Iterator[tuple[str, Any]]:
    for child in token.children:
        if child.dep_ in ("prep", "dative", "agent"):
            for g in child.children:
                if g.dep_ == "pobj":
                    yield child.lower_, g
                    yield from ((child.lower_, c) for c in g.conjuncts)
        if child.dep_ == "prt":
            for g in child.children:
                if g.dep_ == "prep":
                    for p in g.children:
                        if p.dep_ == "pobj":
                            yield g.lower_, p


# Prepositions that give a topic, not a target, for some types ("talks on trade", "agreed on a plan").
_TOPIC_PREPS = {
    "CONSULT": frozenset({"on", "over", "about", "for", "of", "regarding"}),
    "AGREE": frozenset({"on", "of", "about", "over"}),
    "SUPPORT": frozenset({"of", "on", "for"}),
    "REJECT": frozenset({"of"}),
    "REQUEST": frozenset({"of"}),
}
_NOUN_TARGET_PREPS = ("on", "against", "with", "to", "at", "into", "toward", "towards", "upon", "for", "of", "from")


def _target(trigger: _Trigger, start: int, end: int, lexicon: Lexicon, entities: dict[int, Entity]) -> tuple[Any, str]:
    """The target's head token and how it was found: the first actor-like candidate, in order of preference."""
    if trigger.target_token is not None:
        return trigger.target_token, "rule"
    token = trigger.token
    governor = trigger.governor if trigger.governor is not None else token
    candidates, places = _own_targets(trigger, start, end, lexicon, entities)
    if trigger.type == "CONSULT":
        # One consults with someone about something: "discussed the crisis with Conte" -> Conte, also when
        # the parser hangs "with Conte" on the topic noun instead of the verb.
        if not any(how == "prep:with" for _, how in candidates):
            candidates[:0] = _low_with_partners(token, start, end)
        candidates.sort(key=lambda c: not c[1].startswith("prep:with"))
    candidates.extend(_content_targets(trigger, start, end, lexicon, entities))
    if trigger.type == "PROTEST":
        candidates.extend(_protest_targets(trigger, start, end))
    # "X died as a result of torture", "were wounded in the shelling": the one harmed is the target.
    if _is_noun(token) and governor.i == token.i:
        harm = _harm_verb(token)
        if harm is not None:
            victim = next((c for c in harm.children if c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS), None)
            if victim is not None:
                candidates.append((victim, "harmed"))
    # Where nothing else is aimed at, the place acted upon is the target ("lifted the curfew in X").
    if trigger.type not in ("ACCUSE", "REJECT", "REQUEST", "SUPPORT", "AGREE"):
        candidates.extend(places)
    source = _source_token(trigger, start, end)
    for found, how in candidates:
        if found is None or (source is not None and found.i == source.i):
            continue
        candidate = _antecedent(found, start, end, entities, avoid=source) if found.lower_ in _PRONOUNS else found
        if candidate is None:
            continue
        if how == "place" and candidate.ent_type_ not in ("GPE", "LOC", "FAC", "NORP") and candidate.i not in entities:
            continue
        if _actor_like(candidate, lexicon, entities):
            return candidate, how
    return None, ""


# What a protest is against, when its purpose says so: "went on strike to protest X", "rallied in
# protest at X", "blocked roads to show their anger at X", "marched demanding that X resign".
_PROTEST_PURPOSE_VERBS = frozenset({"protest", "denounce", "condemn", "oppose", "demand", "show", "express", "press"})
_PROTEST_NOUNS = frozenset({"protest", "anger", "opposition", "disapproval", "outrage", "solidarity", "defiance"})
_PROTEST_PREPS = frozenset({"against", "at", "over", "of", "to", "with", "for"})


def _protest_targets(trigger: _Trigger, start: int, end: int) -> list[tuple[Any, str]]:
    """Targets named by a protest's stated purpose."""
    found: list[tuple[Any, str]] = []
    anchors = dict.fromkeys([trigger.token, trigger.governor if trigger.governor is not None else trigger.token])
    for anchor in anchors:
        for child in anchor.children:
            nouns = []
            if child.dep_ in ("advcl", "xcomp", "acl") and verb_lemma(child.text) in _PROTEST_PURPOSE_VERBS:
                for g in child.children:
                    if g.dep_ == "dobj":
                        if noun_lemma(g.text) in _PROTEST_NOUNS:
                            nouns.append(g)
                        else:
                            found.append((_owner(g, start, end) or g, "purpose-object"))
                    elif g.dep_ == "ccomp":
                        subject = next((c for c in g.children if c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS), None)
                        if subject is not None:
                            found.append((subject, "purpose-subject"))
                found.extend(
                    (obj, f"purpose-prep:{prep}") for prep, obj in _prep_objects(child) if prep in _PROTEST_PREPS
                )
            elif child.dep_ == "prep" and child.lower_ == "in":
                nouns.extend(g for g in child.children if g.dep_ == "pobj" and noun_lemma(g.text) in _PROTEST_NOUNS)
            for noun in nouns:
                for prep, obj in _prep_objects(noun):
                    if prep in _PROTEST_PREPS:
                        found.append((_owner(obj, start, end) or obj, f"purpose-prep:{prep}"))
    return found


def _low_with_partners(verb: Any, start: int, end: int) -> list[tuple[Any, str]]:
    """Objects of "with" inside the verb's direct object ("discussed the crisis with X")."""
    found: list[tuple[Any, str]] = []
    for child in verb.children:
        if child.dep_ != "dobj":
            continue
        for token in child.subtree:
            if token.lower_ == "with" and token.dep_ == "prep" and _in_sentence(token, start, end):
                found.extend((obj, "prep:with-low") for obj in token.children if obj.dep_ == "pobj")
    return found


def _own_targets(
    trigger: _Trigger, start: int, end: int, lexicon: Lexicon, entities: dict[int, Entity]
) -> tuple[list[tuple[Any, str]], list[tuple[Any, str]]]:
    """Target candidates among the trigger's own dependents, and the places ("in X") it acts in."""
    token = trigger.token
    governor = trigger.governor if trigger.governor is not None else token
    topic = _TOPIC_PREPS.get(trigger.type, frozenset())
    candidates: list[tuple[Any, str]] = []
    places: list[tuple[Any, str]] = []
    for anchor in dict.fromkeys([token, governor]):
        if anchor.i == token.i and _is_noun(token):
            for prep, obj in _prep_objects(anchor):
                if prep in _NOUN_TARGET_PREPS and prep not in topic:
                    candidates.append((obj, f"prep:{prep}"))
                elif prep == "in":
                    places.append((obj, "place"))
            continue
        passive = _passive_subject(anchor)
        if passive is not None:
            candidates.append((passive, "passive-subject"))
        # "the minister whom he suspended": the person a relative pronoun stands for ("which" and "that",
        # mostly things, are left to the antecedent search below).
        objects = [
            _unrelative(c) if c.lower_ in ("who", "whom") else c
            for c in anchor.children
            if c.dep_ in ("dobj", "dative") and c.i != token.i
        ]
        for child in objects:
            if not (anchor.i == token.i and _is_theme(child, trigger.entry, lexicon)):
                event_noun = child.i in _event_nouns(trigger)
                owner = _owner(child, start, end) if event_noun or not _actor_like(child, lexicon, entities) else None
                candidates.append((child, "object") if owner is None else (owner, "object-owner"))
            # The theme's own prepositions: "granted asylum to X", "lifted a curfew in X".
            for prep, obj in _prep_objects(child):
                if prep in _NOUN_TARGET_PREPS and prep not in topic and prep != "of":
                    candidates.append((obj, f"object-prep:{prep}"))
                elif prep == "in":
                    places.append((obj, "place"))
        preps = sorted(_prep_objects(anchor), key=lambda p: _TARGET_PREPS.index(p[0]) if p[0] in _TARGET_PREPS else 99)
        candidates.extend((obj, f"prep:{prep}") for prep, obj in preps if prep in _TARGET_PREPS and prep not in topic)
        places.extend((obj, "place") for prep, obj in preps if prep == "in")
    return candidates, places


def _content_targets(
    trigger: _Trigger, start: int, end: int, lexicon: Lexicon, entities: dict[int, Entity]
) -> list[tuple[Any, str]]:
    """Targets lent by content events ("threatened to cut off electricity to X", "demanded that X ...")."""
    topic = _TOPIC_PREPS.get(trigger.type, frozenset())
    candidates: list[tuple[Any, str]] = []
    for child in trigger.children:
        if child.token.i == trigger.token.i:
            continue
        if child.token.dep_ == "ccomp" or (child.governor is not None and child.governor.dep_ == "ccomp"):
            subject = _subject(child.governor or child.token, start, end)
            if subject is not None:
                candidates.append((subject, "content-subject"))
        if _is_noun(child.token):
            for clause in child.token.children:
                if clause.dep_ in ("acl", "ccomp", "relcl"):
                    subject = next((c for c in clause.children if c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS), None)
                    if subject is not None:
                        candidates.append((subject, "content-subject"))
            owner = _owner(child.token, start, end)
            if owner is not None:
                candidates.append((owner, "content-owner"))
        # The content's own targets, found as for the content alone: "threatened to break off relations
        # with Congo" -> Congo, "agreed to provide aid for Romania" -> Romania.
        own, _ = _own_targets(child, start, end, lexicon, entities)
        candidates.extend(
            (obj, f"content-{how}")
            for obj, how in own
            if not (how.startswith("prep:") and how.removeprefix("prep:") in topic)
        )
    return candidates


# Object classes that are what an action moves or uses, never whom it is aimed at.
_THEME_CLASSES = frozenset(
    {
        "@troops",
        "@police",
        "@aid",
        "@arms",
        "@property",
        "@peacekeepers",
        "@rescuers",
        "@intelligence",
        "@agreement",
        "@restriction",
        "@sanction",
        "@talks",
        "@ties",
        "@demand",
        "@accusation",
        "@border",
        "@media",
        "@territory",
    }
)


def _is_theme(obj: Any, entry: Entry, lexicon: Lexicon) -> bool:
    """Whether an object is what the entry moves or uses ("send +@troops"), not whom it is aimed at."""
    return any(
        _word_matches(obj, word, lexicon)
        for constraint in entry.constraints
        if constraint.kind == "object"
        for word in constraint.words
        if word in _THEME_CLASSES or (word[0] not in "@&" and word not in _SPECIAL_OBJECTS)
    )


def _event_nouns(trigger: _Trigger) -> set[int]:
    return {child.token.i for child in trigger.children}


# Prepositions whose event noun took place, beside the clause they hang on: "said after talks with X",
# "during a visit to Cairo" (a meeting so placed was attended by that clause's subject).
_TOOK_PLACE_PREPS = frozenset({"after", "during", "following"})


def _source_token(trigger: _Trigger, start: int, end: int) -> Any:
    if trigger.source_token is not None:
        return trigger.source_token
    governor = trigger.governor if trigger.governor is not None else trigger.token
    token = trigger.token
    # An entry that wants an object reads the noun's "of" phrase as that object ("n:loss +@territory").
    of_theme = any(c.kind == "object" for c in trigger.entry.constraints)
    if _is_noun(token) and governor.i == token.i:
        # "since the start of his offensive": a possessive pronoun stands for the actor named before it.
        owner = _owner(token, start, end, of_theme=of_theme) or next(
            (c for c in token.children if c.dep_ == "poss"), None
        )
        clause = token.head
        if owner is None and token.dep_ == "attr" and clause.dep_ == "ccomp" and _in_sentence(clause.head, start, end):
            # "Sisi declared that Sirte was a red line": the one who calls it so.
            return _subject(clause.head, start, end)
        if (
            owner is None
            and trigger.type == "CONSULT"
            and token.dep_ == "pobj"
            and clause.lower_ in _TOOK_PLACE_PREPS
            and _is_verb(clause.head)
            and _in_sentence(clause.head, start, end)
        ):
            # "Lavrov told reporters after a phone conversation with Borrell": who speaks after a
            # meeting took part in it.
            return _subject(clause.head, start, end)
        return owner
    # The parser sometimes hangs the subject on the auxiliary ("his government [is] committed").
    stray = next(
        (g for c in governor.children if c.dep_ in ("aux", "auxpass") for g in c.children if g.dep_ in _SUBJECTS),
        None,
    )
    if stray is not None:
        return stray
    subjectless_passive = any(c.dep_ == "auxpass" for c in governor.children) and not any(
        c.dep_ in _SUBJECTS for c in governor.children
    )
    agent = _agent(governor)
    if agent is not None or subjectless_passive or _passive_subject(governor) is not None:
        # A passive's source is its agent ("was violated by X"; "a town recaptured by X" also where the
        # parser took the town for a subject); without one it has none, whatever clause the parser hung
        # it on ("Salame said, acknowledging ..., had been violated").
        return agent
    subject = _subject(governor, start, end)
    if subject is None and _is_noun(token):
        return _owner(token, start, end, of_theme=of_theme)
    return subject


def _resolve_pronoun(token: Any, start: int, end: int, entities: dict[int, Entity]) -> Any:
    """A pronoun stands for the speaker of "X said (that) it ...", else for the nearest actor before it."""
    if token is None or token.lower_ not in _PRONOUNS:
        return token
    current = token.head
    while current.head.i != current.i and _in_sentence(current.head, start, end):
        if current.dep_ == "ccomp" and verb_lemma(current.head.text) in REPORTING_VERBS:
            subject = _subject(current.head, start, end)
            if subject is not None and subject.lower_ not in _PRONOUNS:
                return subject
        current = current.head
    found = _antecedent(token, start, end, entities, avoid=_not_antecedent(token))
    return found if found is not None else token


def _antecedent(pronoun: Any, start: int, end: int, entities: dict[int, Entity], avoid: Any = None) -> Any:
    """The nearest actor entity before a pronoun in the sentence (a person for he/she)."""
    wanted = {"he": ("PERSON",), "she": ("PERSON",), "him": ("PERSON",), "her": ("PERSON",), "his": ("PERSON",)}.get(
        pronoun.lower_, ("GPE", "ORG", "NORP", "PERSON")
    )
    doc = pronoun.doc
    avoided = _referent_ranges(avoid, start, end) if avoid is not None else []
    for i in range(pronoun.i - 1, start - 1, -1):
        token = doc[i]
        label = entities[i].label if i in entities else token.ent_type_
        if label in wanted and not any(a <= i < b for a, b in avoided):
            # Climb to the head of the entity's own phrase ("King Hassan of Morocco" -> Hassan).
            while (
                token.head.i != token.i and token.dep_ in ("compound", "flat") and _in_sentence(token.head, start, end)
            ):
                token = token.head
            return token
    return None


# --- flags -------------------------------------------------------------------------------------


def _clause_chain(token: Any, start: int, end: int) -> list[Any]:
    """The token and the verbs above it up to its clause head (through xcomp and conj)."""
    chain = [token]
    current = token
    while (
        current.head.i != current.i
        and _in_sentence(current.head, start, end)
        and current.dep_ in ("xcomp", "conj", "dobj", "pobj", "prep", "acl", "compound", "amod")
    ):
        current = _conjunct_head(current)
        chain.append(current)
    return chain


def _flags(
    trigger: _Trigger,
    start: int,
    end: int,
    when: tuple[str | None, str | None, str | None],  # the event's date, precision and how it was found
    published: date | None,
) -> tuple[bool, bool, bool, list[str]]:
    tokens = [trigger.token, *([trigger.governor] if trigger.governor is not None else [])]
    chain: list[Any] = []
    for token in tokens:
        for t in _clause_chain(token, start, end):
            if t not in chain:
                chain.append(t)
    negated = hypothetical = future = False
    steps: list[str] = []
    for t in chain:
        for child in t.children:
            word = child.lower_
            if child.dep_ == "neg" or (word in ("never", "no") and child.dep_ in ("neg", "advmod", "det")):
                if t is not trigger.token and verb_lemma(t.text) in _DENYING_VERBS:
                    steps.append(f"affirmed:{word}-{t.lower_}")  # two denials
                    continue
                negated = True
                steps.append(f"neg:{word}")
            elif child.dep_ == "aux" and word in _FUTURE_AUX:
                future = True
                steps.append(f"future:{word}")
            elif child.dep_ == "aux" and word in _HYPOTHETICAL_AUX:
                hypothetical = True
                steps.append(f"modal:{word}")
            elif child.dep_ == "aux" and word in ("would", "'d"):
                if _under_past_report(t, start, end):
                    future = True
                    steps.append("future:would")
                else:
                    hypothetical = True
                    steps.append("conditional:would")
            elif child.dep_ == "advcl" and any(
                g.dep_ == "mark" and g.lower_ in _CONDITIONAL_MARKS for g in child.children
            ):
                hypothetical = True
                steps.append("condition:if-clause")
            elif (
                child.dep_ == "prep" and word in ("without", "unless") and any(g.dep_ == "pobj" for g in child.children)
            ):
                hypothetical = True
                steps.append(f"condition:{word}")
        if t.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in _CONDITIONAL_MARKS for g in t.children):
            hypothetical = True
            steps.append("condition:inside-if")
        if t.lower_ in ("going",) and any(c.dep_ == "xcomp" for c in t.children):
            future = True
        head = t.head
        if (
            t.dep_ == "xcomp"
            and verb_lemma(head.text) in _FAILING_VERBS
            and head.i != t.i
            and not any(c.dep_ == "neg" or c.lower_ == "never" for c in head.children)
        ):
            negated = True
            steps.append(f"neg:{head.lower_}")
    for t in chain:
        if t.dep_ == "xcomp" and t.head.lower_ in ("going",):
            future = True
            steps.append("future:going-to")
    clause = chain[-1]
    if (
        clause.dep_ == "advcl"
        and clause.tag_ in ("VB", "VBP", "VBZ")
        and any(c.dep_ == "mark" and c.lower_ in _TEMPORAL_MARKS for c in clause.children)
        and any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX | {"would"} for c in clause.head.children)
    ):
        # "will not stop until they retake Sirte": a present tense after until/when/once in a future clause.
        future = True
        steps.append("future:temporal-clause")
    if not negated and any(
        g.dep_ == "det" and g.lower_ == "no"
        for t in tokens
        for obj in t.children
        if obj.dep_ in ("dobj", "nsubjpass", "attr")
        for g in obj.children
    ):
        negated = True  # "has offered no plan"
        steps.append("neg:no-object")
    if not (negated or hypothetical or future) and trigger.target_token is None:
        word = _irrealis(trigger.token, start, end)
        if word is not None:
            hypothetical = True  # only a flag: a need or an idea is no plan of the source's
            steps.append(f"irrealis:{word}")
    if "intent" in " ".join(trigger.steps):
        future = True
    past = any(t.tag_ in ("VBD", "VBN") and not any(c.dep_ == "aux" for c in t.children) for t in chain[:2])
    day, precision, how = when
    after_publication = published is not None and day is not None and day > published.isoformat()
    if not past and after_publication and how == "explicit" and precision == "day":
        future = True
        steps.append(f"future:date-{day}")
    return negated, hypothetical, future, steps


_TEMPORAL_MARKS = frozenset({"until", "till", "when", "once", "before", "after", "as"})


def _under_past_report(token: Any, start: int, end: int) -> bool:
    current = token
    while current.head.i != current.i and _in_sentence(current.head, start, end):
        if current.dep_ == "ccomp" and verb_lemma(current.head.text) in REPORTING_VERBS | {
            "announce",
            "confirm",
            "decide",
            "agree",
            "promise",
            "pledge",
            "vow",
            "warn",
            "threaten",
        }:
            return bool(current.head.tag_ in ("VBD", "VBN"))
        current = current.head
    return False


def _reported(trigger: _Trigger, start: int, end: int, quotes: Sequence[Quote], text: str, sent_start: int) -> bool:
    offset = trigger.token.idx
    if any(q.start <= offset < q.end for q in quotes):
        return True
    if len(_QUOTE_CHARS.findall(text, sent_start, offset)) % 2 == 1:
        return True
    current = trigger.governor if trigger.governor is not None else trigger.token
    while current.head.i != current.i and _in_sentence(current.head, start, end):
        if current.dep_ == "ccomp" and verb_lemma(current.head.text) in REPORTING_VERBS:
            return True
        current = current.head
    return any(c.dep_ == "prep" and c.lower_ == "according" for c in current.children)


# --- modes, contexts and places ------------------------------------------------------------------


def _sentence_words(span: Any) -> set[str]:
    words: set[str] = set()
    previous = ""
    for token in span:
        lower = token.lower_
        lemma = noun_lemma(lower) if _is_noun(token) else verb_lemma(lower)
        words |= {lower, lemma}
        if previous:
            words |= {f"{previous}_{lemma}", f"{previous}_{lower}"}
        previous = lemma
    return words


def _mode(trigger: _Trigger, kind: str, words: set[str], lexicon: Lexicon) -> str | None:
    if kind == "THREATEN" and trigger.mode is None:
        for child in trigger.children:
            if child.type in _THREAT_MODES:
                if child.type == "COERCE" and child.mode in _COERCE_THREAT_MODES:
                    return _COERCE_THREAT_MODES[child.mode]
                return _THREAT_MODES[child.type]
        return None
    if trigger.mode is not None:
        return trigger.mode
    for child in trigger.children:
        if child.type == kind and child.mode is not None:
            return child.mode
    for mode, cues in lexicon.mode_cues.get(kind, ()):
        if words & cues:
            return mode
    return None


def _contexts(words: set[str], lexicon: Lexicon) -> tuple[str, ...]:
    return tuple(sorted(label for label, cues in lexicon.contexts.items() if words & cues))


def _place(trigger: _Trigger, start: int, end: int, places: Sequence[Place]) -> str | None:
    anchors = [trigger.token] + ([trigger.governor] if trigger.governor is not None else [])
    for anchor in anchors:
        for prep, obj in _prep_objects(anchor):
            if prep in _LOCATIVE_PREPS:
                found = _place_named(obj, _phrase(obj, start, end), places)
                if found is not None:
                    return found
    token = trigger.token
    if _is_noun(token) and noun_lemma(token.text) in _PLACE_NAMED:
        # "the Berlin conference", "the Skhirat agreement": the town names where it happened.
        for child in token.children:
            if child.dep_ == "compound":
                found = _place_named(child, (child.i, child.i + 1), places)
                if found is not None:
                    return found
    return None


def _place_named(head: Any, token_range: tuple[int, int], places: Sequence[Place]) -> str | None:
    """The place a phrase names: a place record inside it, else (no records) its head's town entity."""
    doc = head.doc
    lo, hi = doc[token_range[0]].idx, doc[token_range[1] - 1].idx + len(doc[token_range[1] - 1])
    for place in places:
        if lo <= place.start < hi:
            return place.name
    if head.ent_type_ in ("GPE", "LOC", "FAC") and not places:
        ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
        return str(ent.text) if ent is not None else str(head.text)
    return None


# --- the event's date -------------------------------------------------------------------------

# A decade or a century ("in the 1990s") places an event in history, not on a calendar a timeline can use.
_TOO_VAGUE = frozenset({"decade", "century"})
# Edges through which a time expression hangs from what it dates: "[met] on Monday", "[met] last
# week", "last month's [truce]", "the [conference] of January 19", "[demolished] ten years ago".
_TIME_EDGES = frozenset(
    {"pobj", "prep", "npadvmod", "tmod", "poss", "nummod", "compound", "appos", "case", "nmod", "advmod"}
)
# Subordinators after which the main clause's date is not the subordinate event's ("said on
# Monday, after forces shelled the port": the shelling came before Monday).
_SEQUENCE_MARKS = frozenset({"after", "before", "since", "until", "till", "once"})
_SPAN = re.compile(r"P(\d+)([DWMY])")


@dataclass(frozen=True, slots=True)
class _Dated:
    """A calendar time expression of the sentence and the token it dates."""

    head: int  # index of the token the expression hangs from
    edge: str  # the edge it hangs by: prep, npadvmod, poss, compound, ...
    attached: int  # the first word the climb reached: "the loss of the base [on Monday]" -> loss
    value: str
    precision: str
    text: str


def _measures(span: Any, timexes: Sequence[TimeExpr]) -> dict[int, TimeExpr]:
    """The sentence's spans of days, weeks, months or years ("two weeks"), by their head token."""
    out = {}
    for timex in timexes:
        piece = span.doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if timex.type == "DURATION" and _SPAN.fullmatch(timex.value) and piece is not None and len(piece):
            out[piece.root.i] = timex
    return out


def _dated_tokens(span: Any, timexes: Sequence[TimeExpr]) -> list[_Dated]:
    """The sentence's calendar dates (DATE and TIME values), each with the token it hangs from."""
    out = []
    doc = span.doc
    for timex in timexes:
        if timex.type not in ("DATE", "TIME") or timex.mod in ("BEFORE", "AFTER"):
            continue
        calendar = calendar_value(timex.value)
        piece = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if calendar is None or calendar[1] in _TOO_VAGUE or piece is None or len(piece) == 0:
            continue
        current, edge = piece.root, piece.root.dep_
        attached = None
        while current.dep_ in _TIME_EDGES and current.head.i != current.i and span.start <= current.head.i < span.end:
            of_noun = current.dep_ == "prep" and current.lower_ == "of" and _is_noun(current.head)
            current, edge = current.head, current.dep_
            if attached is None and current.pos_ != "ADP":
                attached = current.i
            if of_noun:
                break  # "the conference of January 19": the noun's date, not its clause's
        out.append(
            _Dated(current.i, edge, current.i if attached is None else attached, calendar[0], calendar[1], timex.text)
        )
    return out


def _date_chain(trigger: _Trigger, start: int, end: int) -> tuple[list[Any], bool]:
    """The trigger and the words above it whose dates are its own, and whether a clause boundary cut the climb.

    The climb stops above a relative clause ("forces that seized the town") and above a clause
    of sequence ("after the rockets hit"): the date of the clause above is not theirs.
    """
    chain = [trigger.token]
    current = trigger.token
    while current.head.i != current.i and _in_sentence(current.head, start, end):
        if current.dep_ in ("relcl", "acl") or (
            current.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _SEQUENCE_MARKS for c in current.children)
        ):
            return chain, True
        current = current.head
        chain.append(current)
    return chain, False


def _counted_date(
    clause: Any, by_head: Mapping[int, _Dated], measures: Mapping[int, TimeExpr], published: date | None
) -> tuple[str, str | None, str, str] | None:
    """The date of a clause of sequence that measures itself from the clause above ("comes two weeks
    after Sarraj signed": two weeks before the coming; "collapsed on Friday, two days before they were
    to sign": two days after that Friday), from that clause's own date or, in the present, the report's."""
    mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
    if mark is None:
        return None
    # The span hangs on the clause or on its mark ("three days after the government requested").
    near = (*clause.children, *mark.children)
    measure = next((measures[c.i] for c in near if c.dep_ == "npadvmod" and c.i in measures), None)
    if measure is None:
        return None
    above = next((by_head[t.i] for t in clause.ancestors if t.i in by_head), None)
    if above is not None:
        anchor, precision = above.value, above.precision
    elif clause.head.tag_ in ("VBZ", "VBP") and published is not None:
        # "The escalation comes two weeks after ...": the present is the report's day. An undated past
        # ("the army deployed two days before ...") gives nothing to count from.
        anchor, precision = published.isoformat(), "day"
    else:
        return None
    moved = _moved(anchor, precision, measure.value, -1 if mark.lower_ == "after" else 1)
    if moved is None:
        return None
    return (*moved, "explicit", f"date:offset:{measure.text} {mark.lower_}")


def _moved(anchor: str, precision: str | None, span: str, sign: int) -> tuple[str, str | None] | None:
    """``anchor`` moved by ``sign`` times ``span`` (P2W), as precise as the span allows: days stay
    days, weeks give their week (or month), months a month, years a year."""
    match = _SPAN.fullmatch(span)
    if match is None:
        return None
    n, unit = sign * int(match.group(1)), match.group(2)
    if unit in "DW":
        if precision != "day":
            return None
        day = date.fromisoformat(anchor[:10]) + timedelta(days=n * (7 if unit == "W" else 1))
        if unit == "D":
            return day.isoformat(), "day"
        year, week, _weekday = day.isocalendar()
        return _week_as_month(f"{year:04d}-W{week:02d}", "week")
    if unit == "Y":
        return f"{int(anchor[:4]) + n:04d}", "year"
    if precision not in ("day", "month"):
        return None
    index = int(anchor[:4]) * 12 + int(anchor[5:7]) - 1 + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"


def _dates_argument(trigger: Any, dated: Any) -> bool:
    """Whether ``dated`` is inside the trigger's complements ("on turning last month's truce into ...").

    Not its subject: "leaders meeting in Berlin on Sunday agreed" dates the agreement too.
    """
    if not trigger.is_ancestor(dated):
        return False
    current = dated
    while current.i != trigger.i:
        if current.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS:
            return False
        current = current.head
    return True


def _event_date(
    trigger: _Trigger,
    start: int,
    end: int,
    dated: Sequence[_Dated],
    sentence: Sentence,
    published: date | None,
    measures: Mapping[int, TimeExpr] | None = None,
) -> tuple[str | None, str | None, str | None, str | None]:
    """The event's date, precision, how it was found and a rule step.

    A date governed by the trigger's own clause, or by the nearest clause above it ("said on
    Tuesday that forces had begun ..."), wins. Then a clause of sequence that says how long
    before or after the clause above it is ("comes two weeks after Sarraj signed"): that
    clause's date moved by the span. Otherwise the sentence's date, unless the expression that
    gave it dates one of the event's own arguments ("on turning last month's truce into ...")
    or a clause the climb could not reach: then the publication day.
    """
    chain, cut = _date_chain(trigger, start, end)
    by_head: dict[int, _Dated] = {}
    for item in dated:
        by_head.setdefault(item.head, item)
    for token in chain:
        found = by_head.get(token.i)
        if found is None:
            # "offered its resignation on Sunday": a dating phrase parsed onto the object is the verb's.
            found = next(
                (
                    d
                    for c in token.children
                    if c.dep_ == "dobj" and (d := by_head.get(c.i)) is not None and d.edge in ("prep", "npadvmod")
                ),
                None,
            )
        if found is not None:
            value, precision = _week_as_month(found.value, found.precision)
            if _told_as_past(trigger.token) and _later_month(value, found.text, published):
                # "since Haftar attacked Tripoli in April", written in February: last year's April.
                return f"{int(value[:4]) - 1:04d}{value[4:]}", precision, "explicit", f"date:{found.text}:past"
            return value, precision, "explicit", f"date:{found.text}"
    if cut and measures:
        counted = _counted_date(chain[-1], by_head, measures, published)
        if counted is not None:
            return counted
    if sentence.date_from == "explicit" and dated:
        origin = next((d for d in dated if d.value == sentence.date), None)
        if origin is not None and (cut or _dates_argument(trigger.token, trigger.token.doc[origin.head])):
            if published is not None:
                return published.isoformat(), "day", "published", "date:published"
            return None, None, None, "date:unknown"
    if sentence.date is None:
        return None, None, sentence.date_from, None
    if (
        sentence.date_from in ("published", "narrative")
        and sentence.date_precision == "day"
        and any(
            _is_verb(t) and verb_lemma(t.text) in REPORTING_VERBS and _present_perfect(t)
            for t in (trigger.token, *trigger.token.ancestors)
        )
    ):
        # "Turkey has said a ceasefire is impossible": said at some time before publication, not that day
        # (nor on the day an earlier sentence was about: the perfect is relative to the report).
        month = published.isoformat()[:7] if published is not None else sentence.date[:7]
        return month, "month", "published", "date:perfect-statement"
    return (*_week_as_month(sentence.date, sentence.date_precision), sentence.date_from, None)


_MONTH_WORDS = frozenset(m.lower() for m in calendar.month_name if m)
_MONTH_NAMES = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
_YEAR = re.compile(r"\b\d{4}\b|'\d\d\b")


def _told_as_past(token: Any) -> bool:
    """Whether a verb trigger is in the simple past or the past perfect ("attacked", "had attacked")."""
    if token.tag_ == "VBD":
        return not any(c.dep_ == "aux" for c in token.children)
    return token.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in token.children)


def _later_month(value: str, text: str, published: date | None) -> bool:
    """Whether a month named without its year ("in April") was read as one after the article's month.

    Told in the past, the event came before its report: the month is the last one of that name.
    """
    if published is None or not _MONTH_NAMES.search(text) or _YEAR.search(text) or len(value) < 7:
        return False
    return value[:7] > published.isoformat()[:7]


def _present_perfect(verb: Any) -> bool:
    """Whether a verb is in the present perfect ("has said", "have repeatedly stated")."""
    return verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve", "'s") for c in verb.children
    )


def _week_as_month(value: str, precision: str | None) -> tuple[str, str | None]:
    """A week ("last week", "over the weekend") dates an event to its month when it lies in one month:
    event dates are days, months or years (so they compare, group into timelines and merge)."""
    match = re.match(r"(\d{4})-W(\d\d)", value)
    if precision != "week" or match is None:
        return value, precision
    year, week = int(match.group(1)), int(match.group(2))
    try:
        first, last = date.fromisocalendar(year, week, 1), date.fromisocalendar(year, week, 7)
    except ValueError:
        return value, precision
    if (first.year, first.month) != (last.year, last.month):
        return value, precision
    return f"{first.year:04d}-{first.month:02d}", "month"


# --- coding one sentence -----------------------------------------------------------------------


def _skip_reason(span: Any, text: str) -> str | None:
    if len(span) > MAX_SENTENCE_TOKENS:
        return "too_long"
    letters = sum(ch.isalpha() for ch in text)
    if _TABLE_MARKS.search(text) or letters < 0.5 * max(len(text), 1) or text.count(";") >= 4:
        return "table_like"
    if not any(_is_verb(t) for t in span):
        return "no_verb"
    return None


def _own_clause(token: Any, start: int, end: int) -> bool:
    """Whether a trigger's clause is an adverbial or coordinated clause of its own, not the main one."""
    current = token
    while current.dep_ in ("xcomp", "dobj", "pobj", "prep", "compound", "amod") and _in_sentence(
        current.head, start, end
    ):
        if current.head.i == current.i:
            break
        current = current.head
    # Finite only ("to support X" is a purpose), and an adverbial clause with its own subject ("after
    # forces shelled ...", not a participle the parser took for one: "the embargo agreed in Berlin").
    if current.dep_ == "pcomp" and current.tag_ == "VBG" and current.head.lower_ in _SEQUENCE_MARKS:
        return True  # "after meeting Haftar in Cairo"
    if current.dep_ not in ("advcl", "conj", "parataxis") or current.tag_ not in ("VBD", "VBZ", "VBP"):
        return False
    return current.dep_ != "advcl" or any(c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS for c in current.children)


def _depth(token: Any, start: int, end: int) -> int:
    depth = 0
    current = token
    while current.head.i != current.i and _in_sentence(current.head, start, end) and depth < 50:
        current = current.head
        depth += 1
    return depth


def code_sentence(
    span: Any,
    sentence: Sentence,
    text: str,
    published: date | None = None,
    entities: Sequence[Entity] = (),
    quotes: Sequence[Quote] = (),
    places: Sequence[Place] = (),
    timexes: Sequence[TimeExpr] = (),
    earlier: Sequence[Mention] = (),
    actors: Mapping[str, Actor] | None = None,
    previous_subject: str | None = None,
    vetoes: dict[str, int] | None = None,
    later_parties: Sequence[tuple[Mention, ...]] = (),
) -> tuple[list[Coding], str | None]:
    """The events of one parsed sentence by rule (before the classifier), or why none were looked for.

    ``earlier``: the actor mentions of the sentences before, most salient first (``salient_mentions``),
    for pronouns and definite descriptions ("he", "his forces", "the army") the sentence cannot
    resolve itself; ``actors``: the article's actors by id, for their kinds and sectors;
    ``previous_subject``: the lemma of the sentence before's subject (what "it" most likely is);
    ``vetoes``: counts, by rule, of the readings ``_vetoed`` says are not events (updated in place);
    ``later_parties``: the actors named together in each sentence after that names two (``_named_parties``),
    for a description of the parties the article names only later ("Libya's warring sides").
    """
    lexicon = load_lexicon()
    reason = _skip_reason(span, sentence.text)
    if reason is not None:
        return [], reason
    start, end = span.start, span.end
    entity_tokens: dict[int, Entity] = {}
    starts = [t.idx for t in span]
    for entity in entities:
        if entity.label in _ACTOR_LABELS:
            first = bisect.bisect_right(starts, entity.start) - 1
            last = bisect.bisect_left(starts, entity.end)
            for i in range(max(first, 0), last):
                entity_tokens[span.start + i] = entity
    roots = _triggers(span, lexicon, entity_tokens)
    if not roots:
        return [], None
    words = _sentence_words(span)
    contexts = _contexts(words, lexicon)
    codings: list[Coding] = []
    ctx = _Context(
        start, end, sentence, text, published, entity_tokens, quotes, places, words, contexts, lexicon,
        _dated_tokens(span, timexes), _measures(span, timexes), tuple(earlier), actors or {}, previous_subject,
        vetoes if vetoes is not None else {}, tuple(later_parties),
    )  # fmt: skip
    for root in roots:
        for trigger in _resolve(root):
            coding = _coding(trigger, ctx)
            if coding is not None:
                codings.append(coding)
    if not codings:
        return [], None
    # An event needs someone who does it or undergoes it: no actors, no event ("markets turned down").
    kept = [c for c in codings if c.actor_found or c.dated_noun]
    if not kept:
        return [], "no_actor"
    return kept, None


# Head nouns that leave the event to their modifier ("mediation mission", "relief effort").
_GENERIC_HEADS = frozenset(
    [
        "mission",
        "effort",
        "process",
        "campaign",
        "operation",
        "programme",
        "program",
        "initiative",
        "activity",
        "action",
        "round",
        "session",
        "drive",
        "bid",
    ]
)
_PEACEKEEPING_WORDS = frozenset(
    {
        "peacekeeping", "peacekeeper", "peace_mission", "humanitarian", "relief", "rescue", "peace-keeping",
        "survivor", "survivors", "earthquake", "quake", "help_out",
    }
)  # fmt: skip
# Verbs that report an event noun as happening ("clashes erupted", "an airstrike killed ...").
_OCCURRENCE_VERBS = frozenset(
    [
        "occur",
        "happen",
        "take",
        "break",
        "erupt",
        "continue",
        "resume",
        "begin",
        "start",
        "end",
        "kill",
        "leave",
        "wound",
        "injure",
        "hit",
        "rock",
        "flare",
        "intensify",
        "escalate",
        "spread",
        "follow",
        "last",
        "rage",
        "damage",
        "destroy",
        "target",
        "strike",
        "claim",
        "be",
        "thwart",
        "foil",
        "repel",
        "repulse",
        "fail",
        "succeed",
    ]
)
# Verbs whose cause names an event ("died as a result of torture", "were wounded in the shelling").
_HARM_VERBS = frozenset(["die", "kill", "wound", "injure", "perish", "suffer", "flee", "displace", "destroy", "damage"])


def _occurs(noun: Any) -> bool:
    if noun.dep_ == "ROOT":
        return True  # a headline: "Airstrikes on Gaza"
    head = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass", "attr") and verb_lemma(head.text) in _OCCURRENCE_VERBS:
        return True
    if noun.dep_ == "attr" and any(c.dep_ == "expl" for c in head.children):
        return True
    if noun.dep_ == "pobj" and head.lower_ in _TOOK_PLACE_PREPS and _is_verb(head.head):
        return True  # "told reporters after a phone conversation with X": it took place
    return _harm_verb(noun) is not None


def _harm_verb(noun: Any) -> Any:
    """The harm verb an event noun is the cause of ("died as a result of torture"), if any."""
    current = noun
    for _ in range(5):
        if current.dep_ not in ("pobj", "prep", "compound") or current.head.i == current.i:
            break
        current = current.head
        if _is_verb(current):
            return current if verb_lemma(current.text) in _HARM_VERBS else None
    return None


def _char_span(doc: Any, token_range: tuple[int, int]) -> tuple[int, int]:
    first, last = doc[token_range[0]], doc[token_range[1] - 1]
    return first.idx, last.idx + len(last)


def _actor_order(token_range: tuple[int, int], head: Any) -> list[int]:
    """Token indices of a phrase, nearest the head first: the head, then what it is named by (a comma
    apposition of an unnamed head: "Libya's rival leaders, Sarraj and Haftar"), then its dependents
    breadth-first ("forces of Libya's GNA": the GNA before Libya), with places it is in ("officials in
    Tripoli") last."""
    order = [head.i]
    if not head.ent_type_:
        for child in head.children:
            if child.dep_ == "appos" and child.ent_type_ in _ACTOR_LABELS:
                order.extend(sorted(t.i for t in child.subtree))
    later: list[int] = []
    queue = [head]
    while queue:
        token = queue.pop(0)
        for child in token.children:
            if not token_range[0] <= child.i < token_range[1]:
                continue
            if child.dep_ == "prep" and child.lower_ in _LOCATIVE_PREPS:
                later.extend(t.i for t in child.subtree)
                continue
            order.append(child.i)
            queue.append(child)
    return [*order, *later, *range(token_range[0], token_range[1])]


def _actors_in(token_range: tuple[int, int], entity_tokens: dict[int, Entity], head: Any) -> tuple[str, ...]:
    found: list[str] = []
    for i in _actor_order(token_range, head):
        entity = entity_tokens.get(i)
        if entity is not None and entity.actor and entity.actor not in found:
            found.append(entity.actor)
    return tuple(found)


# --- actors named earlier: pronouns and definite descriptions ------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor named in an earlier sentence, and whether it was (in) that sentence's subject."""

    actor: str
    label: str  # the entity label: PERSON, ORG, GPE, NORP, ...
    subject: bool


# Definite descriptions that stand for an actor named before ("the army said", "the secretary-general
# had accepted"): the kind of actor each may stand for, and the sector an organisation must have.
_DESCRIPTIONS: dict[str, tuple[str, str | None]] = {
    "army": ("ORG", "MIL"), "military": ("ORG", "MIL"), "government": ("ORG", "GOV"),
    "administration": ("ORG", "GOV"), "group": ("GROUP", None), "militia": ("GROUP", None),
    "movement": ("GROUP", None), "secretary-general": ("PERSON", None), "president": ("PERSON", None),
    "minister": ("PERSON", None), "envoy": ("PERSON", None), "chancellor": ("PERSON", None),
    "commander": ("PERSON", None), "chairman": ("PERSON", None), "king": ("PERSON", None),
}  # fmt: skip
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
# Descriptions of the parties to a conflict or a deal: "both sides", "the two camps", "the warring parties".
_PARTY_NOUNS = frozenset({"side", "camp", "party", "faction"})
_PARTY_MODIFIERS = frozenset({"both", "two", "warring", "rival", "opposing"})
# Pronouns of organisations, countries and groups; they stand only for an earlier sentence's subject
# (an object or a place named in passing is too weak an antecedent across a sentence boundary).
_COLLECTIVE_PRONOUNS = frozenset({"it", "its", "they", "them", "their"})


def salient_mentions(span: Any, entities: Sequence[Entity]) -> list[Mention]:
    """The actor mentions of a parsed sentence, most salient first: those in the main clause's
    subject (head first), then the others from last to first."""
    by_token = _actor_tokens(span, entities)
    root = span.root
    subject = next((c for c in root.children if c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS), None)
    order: list[int] = []
    if subject is not None:
        subtree = [t.i for t in subject.subtree]
        order = _actor_order((min(subtree), max(subtree) + 1), subject)
    mentions: list[Mention] = []
    seen: set[str] = set()
    for i in [*order, *sorted(by_token, reverse=True)]:
        mentioned = by_token.get(i)
        if mentioned is None or mentioned.actor is None or mentioned.actor in seen:
            continue
        seen.add(mentioned.actor)
        mentions.append(Mention(mentioned.actor, mentioned.label, i in order))
    return mentions


def _named_parties(span: Any, entities: Sequence[Entity]) -> tuple[Mention, ...]:
    """The first two actors a sentence names together ("the GNA and the LNA both said"), if any."""
    by_token = _actor_tokens(span, entities)
    for i, entity in sorted(by_token.items()):
        token = span.doc[i]
        first = by_token.get(token.head.i)
        if token.dep_ == "conj" and first is not None and first.actor != entity.actor:
            return tuple(Mention(e.actor or "", e.label, True) for e in (first, entity))
    return ()


def _actor_tokens(span: Any, entities: Sequence[Entity]) -> dict[int, Entity]:
    """Token index -> the actor entity it is part of."""
    by_token: dict[int, Entity] = {}
    starts = [t.idx for t in span]
    for entity in entities:
        if entity.actor and entity.label in _ACTOR_LABELS:
            first = max(bisect.bisect_right(starts, entity.start) - 1, 0)
            for i in range(first, bisect.bisect_left(starts, entity.end)):
                by_token.setdefault(span.start + i, entity)
    return by_token


def subject_lemma(span: Any) -> str | None:
    """The lemma of the head of a parsed sentence's main subject ("The plan ... would begin" -> plan)."""
    subject = next((c for c in span.root.children if c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS), None)
    return None if subject is None else noun_lemma(subject.text)


def _fits(actor_id: str, label: str, wanted: tuple[str, str | None], actors: Mapping[str, Actor]) -> bool:
    """Whether an actor is of the kind (and sector) a pronoun or a description asks for; places never act."""
    actor = actors.get(actor_id)
    kind = _actor_kind(actor_id, actors)
    if kind == "PLACE":
        return False
    want_kind, want_sector = wanted
    if want_kind in ("PEOPLE", "PARTIES"):
        return True
    if want_kind == "PERSON":
        return label == "PERSON" or kind == "PERSON"
    if kind == "PERSON" or label == "PERSON":
        return False
    if want_kind == "ANY":
        return True
    sector = actor.sector if actor is not None else None
    if want_kind == "GROUP":
        return kind == "GROUP" or (kind == "ORG" and sector in ("REB", "MIL", "OPP"))
    return kind in ("ORG", "GROUP") and (want_sector is None or sector == want_sector)


def _actor_kind(actor_id: str, actors: Mapping[str, Actor]) -> str:
    actor = actors.get(actor_id)
    return actor.kind if actor is not None else actor_id.split(":", 1)[0].upper()


def _wanted(token: Any) -> tuple[tuple[str, str | None], bool] | None:
    """What an anaphoric source word asks for, and whether an earlier sentence's non-subject may answer."""
    word = token.lower_
    if word in _PERSON_PRONOUNS:
        return ("PERSON", None), True
    if word in ("they", "them", "their"):
        return ("PEOPLE", None), False  # "Putin and Conte ... They have discussed": persons too
    if word in _COLLECTIVE_PRONOUNS or word == "whose":
        return ("ANY", None), False
    if word in ("each", "both") and token.dep_ in _SUBJECTS:
        return ("PARTIES", None), False  # "Each agreed to name five members": the parties named before
    if (
        noun_lemma(token.text) in _PARTY_NOUNS
        and token.tag_ == "NNS"
        and any(c.lower_ in _PARTY_MODIFIERS for c in token.children)
    ):
        return ("PARTIES", None), False  # "Both sides have stressed ...", "Libya's warring sides"
    doc = token.doc
    hyphened = token.i >= 2 and doc[token.i - 1].text == "-"
    first = doc[token.i - 2] if hyphened else token  # "the secretary-general": "the" hangs on "secretary"
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in (*token.children, *first.children))
    if _is_noun(token) and token.tag_ in ("NN", "NNP") and definite:
        word = f"{doc[token.i - 2].lower_}-{token.lower_}" if hyphened else noun_lemma(token.text)
        found = _DESCRIPTIONS.get(word)
        named = any(
            c.dep_ in ("compound", "poss", "nmod", "amod") and not (hyphened and c.i >= token.i - 2)
            for c in token.children
        )
        if found is not None and not named:
            return found, True
    return None


def _discourse_actor(token: Any, ctx: _Context) -> str | None:
    """The actor an anaphoric source stands for: "he" and "his forces" (a person), "its units", "whose
    forces", "the army" (an organisation of that sector): the nearest fitting actor before it in the
    sentence, else the most salient fitting one of the two sentences before (their subjects first)."""
    wanted = _wanted(token)
    if wanted is None:
        return None
    kind, any_mention = wanted
    if kind[0] == "PARTIES":
        # The parties ("each", "both sides") are the subject of a clause before ("X spoke with Y, and both
        # agreed") or of the sentences before, not whoever was named last.
        for subject in (t for t in token.doc[ctx.start : token.i] if t.dep_ in _SUBJECTS):
            subtree = [t.i for t in subject.subtree]
            for i in _actor_order((min(subtree), max(subtree) + 1), subject):
                entity = ctx.entities.get(i)
                if entity is not None and entity.actor and _fits(entity.actor, entity.label, kind, ctx.actors):
                    return entity.actor
    host = _not_antecedent(token)
    skipped = _referent_ranges(host, ctx.start, ctx.end) if host is not None else []
    for i in range(token.i - 1 if kind[0] != "PARTIES" else -1, ctx.start - 1, -1):
        entity = ctx.entities.get(i)
        if any(a <= i < b for a, b in skipped):
            continue
        if entity is not None and entity.actor and _fits(entity.actor, entity.label, kind, ctx.actors):
            return entity.actor
    if token.lower_ == "whose":
        return None  # its antecedent is in the sentence or nowhere
    for mention in ctx.earlier:
        if (any_mention or mention.subject) and _fits(mention.actor, mention.label, kind, ctx.actors):
            return mention.actor
    if kind[0] == "PARTIES":
        # A lede may describe the parties before it names them ("Libya's warring sides signed ...",
        # and later "the GNA and the LNA both said"): the first two actors named together after it.
        for parties in ctx.later_parties:
            if all(_fits(m.actor, m.label, kind, ctx.actors) for m in parties):
                return parties[0].actor
    return None


def _anaphoric_source(source: Any, ctx: _Context) -> tuple[str | None, str]:
    """The actor of a source phrase that names none itself: a pronoun ("he"), a possessive one ("his
    forces", "whose forces") or a definite description ("the army"); and the word that pointed to it."""
    found = _discourse_actor(source, ctx)
    if found is not None:
        return found, source.lower_
    for child in source.children:
        if child.dep_ == "poss" and (child.lower_ in _PRONOUNS or child.lower_ == "whose"):
            found = _discourse_actor(child, ctx)
            if found is not None:
                return found, child.lower_
    return None, ""


# --- texts, warnings and places that are not acts -------------------------------------------------

# Texts whose provisions are their content, not acts: what an agreement "requires" or a plan
# "proposes" is coded, if at all, when someone signs, adopts or carries it out. (Not laws,
# decrees or resolutions: those take effect when adopted, and their "imposes" is their adopters' act.)
_DOCUMENT_NOUNS = frozenset(
    {
        "agreement", "accord", "deal", "treaty", "pact", "plan", "initiative", "proposal", "roadmap",
        "declaration", "communique", "text", "document", "draft", "memorandum", "charter", "blueprint",
    }
)  # fmt: skip
# A text's own verbal act is its authors' appeal: "the communique calls for an end to ...".
_APPEAL_VERBS = frozenset({"call", "urge", "demand", "appeal", "ask", "invite"})


def _document_source(source: Any, trigger: _Trigger, ctx: _Context) -> bool:
    """Whether an event's subject is a text (or "it" after a sentence about one) doing something other
    than appealing: "It proposes the withdrawal of ...", "The agreement also suspends ..."."""
    if source is None:
        return False
    word = source.lower_
    if word == "it":
        lemma = ctx.previous_subject
    elif word in _PRONOUNS:
        return False
    else:
        lemma = noun_lemma(source.text)
    if lemma not in _DOCUMENT_NOUNS:
        return False
    governor = trigger.governor if trigger.governor is not None else trigger.token
    return verb_lemma(governor.text) not in _APPEAL_VERBS


_WARN_VERBS = frozenset({"warn", "caution"})


def _warning(trigger: _Trigger, ctx: _Context) -> tuple[str | None, Any]:
    """What "X warned that ..." is, by its content, and whom it is aimed at.

    An actor's future or possible doing ("warned that police will no longer tolerate rallies",
    "that any party ... would face consequences") is a threat (THREATEN); an actor's present or past
    doing ("warned that Moscow was trying to gain a foothold") an accusation (ACCUSE); a warning about
    things ("that the closures would have far-reaching consequences") is a statement, no event (None).
    """
    token = trigger.token
    if trigger.type != "THREATEN" or not _is_verb(token) or verb_lemma(token.text) not in _WARN_VERBS:
        return trigger.type, None
    clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return trigger.type, None
    subject = next((c for c in clause.children if c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS), None)
    if subject is None or subject.lower_ in ("this", "that", "there"):
        return None, None
    subject = _resolve_pronoun(subject, ctx.start, ctx.end, ctx.entities)
    if not _actor_like(subject, ctx.lexicon, ctx.entities):
        # "warned that any advance by Turkish-backed forces would cross a red line": whose advance.
        subject = _owner(subject, ctx.start, ctx.end) or subject
    if not _actor_like(subject, ctx.lexicon, ctx.entities) and subject.lower_ not in _PRONOUNS:
        return None, None
    modal = _FUTURE_AUX | _HYPOTHETICAL_AUX | {"would", "'d"}
    planned = any(c.dep_ == "aux" and c.lower_ in modal for c in clause.children) or any(
        c.dep_ == "xcomp" and c.head.lower_ == "going" for c in clause.children
    )
    return ("THREATEN" if planned else "ACCUSE"), subject


def _is_place(entity: Entity | None, ctx: _Context) -> bool:
    if entity is None or entity.actor is None:
        return False
    return _actor_kind(entity.actor, ctx.actors) == "PLACE"


def _place_actor(token: Any, range_: tuple[int, int], ctx: _Context, locative: bool = True) -> bool:
    """Whether the only actor of a phrase is a town where someone is ("leaders meeting in Berlin",
    "officials in Tripoli") or where a meeting was held ("the Berlin conference"): a place, not who acts."""
    entities = [ctx.entities.get(i) for i in range(*range_)]
    named = [e for e in entities if e is not None and e.actor]
    if not named or not all(_is_place(e, ctx) for e in named):
        return False
    for i in range(*range_):
        if ctx.entities.get(i) is None:
            continue
        current = token.doc[i]
        while current.i not in (token.i, current.head.i):
            if locative and current.dep_ == "pobj" and current.head.lower_ in _LOCATIVE_PREPS:
                break
            current = current.head
        else:
            # Reached the head without a locative: only a compound of a meeting or a text is its place.
            named = token.doc[i]
            if not (named.dep_ == "compound" and noun_lemma(named.head.text) in _PLACE_NAMED):
                return False
    return True


# Nouns a town's name modifies as the place they happened: "the Berlin conference", "the Skhirat agreement".
_PLACE_NAMED = frozenset(
    {
        "conference", "talk", "summit", "meeting", "negotiation", "process", "agreement", "accord", "deal",
        "declaration", "treaty", "pact", "dialogue", "forum", "communique",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Context:
    """What coding one trigger needs to know about its sentence."""

    start: int  # token range of the sentence
    end: int
    sentence: Sentence
    text: str  # the article's text
    published: date | None
    entities: dict[int, Entity]  # token index -> entity
    quotes: Sequence[Quote]
    places: Sequence[Place]
    words: set[str]  # lemmas and lemma bigrams of the sentence
    contexts: tuple[str, ...]
    lexicon: Lexicon
    dated: Sequence[_Dated] = ()  # the sentence's calendar dates and the tokens they date
    measures: Mapping[int, TimeExpr] = field(default_factory=dict)  # its spans ("two weeks") by head token
    earlier: Sequence[Mention] = ()  # actor mentions of the sentences before, most salient first
    actors: Mapping[str, Actor] = field(default_factory=dict)  # the article's actors by id
    previous_subject: str | None = None  # lemma of the sentence before's subject head
    vetoes: dict[str, int] = field(default_factory=dict)  # readings dropped by ``_vetoed``, by rule
    later_parties: Sequence[tuple[Mention, ...]] = ()  # actors named together in the sentences after, in order


# --- readings that are not events ------------------------------------------------------------------
# Rules from an audit of out-of-domain news (reader comments, arts and radio listings, op-eds). A
# dropped reading is counted in the run statistics by rule (``vetoed_<name>``).

# Material conflict needs someone who does it: "the rig exploded", "the strain killed a million".
_AGENT_TYPES = frozenset({"ASSAULT", "COERCE"})
# Types aimed at someone: a verb of these whose only object is a thing has another sense ("met its
# targets", "met the deadline"). Visits and hosting are of places and occasions; demands, approvals,
# criticism and investigations are of things too.
_AIMED_TYPES = frozenset({"CONSULT", "COOPERATE"})
_OF_THINGS_MODES = frozenset({"visit", "host"})
# Speech acts that a statement or an indirect question does not make: "insisted US forces were doing
# everything", "asks whether the UK should ...", "concedes that it is removed from current affairs".
_SPEECH_ACT_TYPES = frozenset({"REQUEST", "CONCEDE"})
_QUESTION_WORDS = frozenset({"whether", "if", "how", "what", "why", "who"})
_FINITE_AUX = frozenset({"will", "would", "can", "could", "may", "might", "has", "have", "had", "is", "was", "are"})
# Words above a trigger that make it a possibility, a need or an idea, not a fact.
_IRREALIS_AUX = frozenset({"should", "must", "can", "could", "might", "may", "need", "ought"})
_IRREALIS_MODIFIERS = frozenset({"possible", "potential", "hypothetical"})
_IRREALIS_HEADS = frozenset(
    {
        "need", "possible", "potential", "unlikely", "likely", "idea", "alternative", "risk", "consequence",
        "prospect", "scenario", "option",
    }
)  # fmt: skip
# Verbs whose object is their topic, not whom they are aimed at ("discussed the crisis").
_TOPIC_VERBS = frozenset({"discuss", "debate", "negotiate", "mediate", "broker"})
_NAME_SLOTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "compound", "appos", "poss", "conj"})
_CLAUSE_EDGES = frozenset({"ccomp", "advcl", "relcl", "parataxis", "csubj"})
# Particles that make a phrasal verb of another sense when the entry does not name them ("shot back",
# "press ahead", "back off"); "in", "up", "down", "out" mostly keep or complete the verb's ("sent in
# troops", "gave out food").
_SENSE_PARTICLES = frozenset({"back", "ahead", "off", "away"})


def _capitals(token: Any) -> bool:
    return bool(len(token.text) >= 3 and token.text.isalpha() and token.text.isupper())


def _shouting(trigger: _Trigger, ctx: _Context, heads: Sequence[Any]) -> bool:
    """Shouting in a reader's comment: the trigger in capitals ("we CAPTURE the stuff"), or an actor
    phrase headed by a capitalised word ("all the METHANE") when the sentence shouts a verb, adjective
    or adverb too; not in a headline all in capitals, and acronyms of names alone are not shouting."""
    words = [t for t in trigger.token.doc[ctx.start : ctx.end] if t.is_alpha and len(t.text) >= 3]
    if all(_capitals(t) for t in words):
        return False  # a headline
    if _capitals(trigger.token):
        return True
    # A name in capitals fills a noun's slot (the parser may still call it a verb: "USAID had given").
    shouted = any(
        _capitals(t) and t.pos_ in ("VERB", "ADJ", "ADV") and t.dep_ not in _NAME_SLOTS and t.i > ctx.start
        for t in words
        if all(head is None or head.i != t.i for head in heads)
    )
    return shouted and any(head is not None and len(head.text) >= 4 and _capitals(head) for head in heads)


def _imperative(token: Any, start: int, end: int) -> bool:
    """The sentence is an instruction to the reader ("please visit our website"): its main verb is a
    bare infinitive without subject, auxiliary or subordinating word."""
    root = token
    while root.head.i != root.i and _in_sentence(root.head, start, end):
        root = root.head
    return root.tag_ == "VB" and not any(
        c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS | {"aux", "auxpass", "expl", "mark"} for c in root.children
    )


def _unlisted_particle(token: Any, entry: Entry) -> bool:
    """A phrasal verb the entry does not name: "shot back" (retorted), "press ahead", "back off" mean
    something else than the verb alone."""
    if entry.pos != "V":
        return False
    named = {word for c in entry.constraints if c.kind == "particle" for word in c.words}
    return any(
        c.lower_ in _SENSE_PARTICLES - named and (c.dep_ == "prt" or (c.dep_ == "advmod" and c.i == token.i + 1))
        for c in token.children
    )


def _assertion_complement(trigger: _Trigger) -> bool:
    """A demand or concession verb whose complement is a statement with its own subject and a
    finite verb ("insisted US forces were doing everything"), or an indirect question ("asks whether
    ..."): someone said or asked something, which is not the speech act. A subjunctive ("insisted that
    forces withdraw") or a demand with should ("urged that the UN should act") stays the request."""
    token = trigger.token
    if trigger.type not in _SPEECH_ACT_TYPES or not _is_verb(token) or trigger.target_token is not None:
        return False
    for clause in token.children:
        if clause.dep_ != "ccomp" or (clause.i > token.i and clause.left_edge.i > token.i + 2):
            continue  # not a complement set off after the verb ("demanded X, diplomats quoted ... as saying")
        if any(c.dep_ in ("mark", "advmod") and c.lower_ in _QUESTION_WORDS for c in clause.children):
            return True
        subject = any(c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS | {"expl"} and c.tag_ != "IN" for c in clause.children)
        finite = clause.tag_ in ("VBD", "VBZ") or any(
            c.dep_ in ("aux", "auxpass") and (c.tag_ in ("VBD", "VBZ") or c.lower_ in _FINITE_AUX)
            for c in clause.children
        )
        if subject and finite:
            return True
    return False


def _agentless(trigger: _Trigger, ctx: _Context) -> bool:
    """Material conflict whose own active subject is a thing ("the rig exploded", "the H3N2 strain
    killed"): an accident, a disease or a figure of speech. A weapon or an attack implies an attacker
    ("a grenade exploded", "a car bombing killed"); whom a pronoun or a number stands for, and the
    agent of a passive, are the actor rules' business."""
    token = trigger.token
    if trigger.type not in _AGENT_TYPES or not _is_verb(token):
        return False
    if any(c.dep_ == "agent" for c in token.children):
        return False  # "a town recaptured by the GNA", even where the parser made "town" its subject
    source = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
    if source is None or source.lower_ in _PRONOUNS or source.tag_ in ("PRP", "WP", "WDT", "CD"):
        return False
    if source.like_num or source.ent_type_ in _NOT_ACTORS or noun_lemma(source.text) in ctx.lexicon.nouns:
        return False
    if source.tag_ in ("NNP", "NNPS") or source.ent_type_ in _ACTOR_LABELS or source.i in ctx.entities:
        return False
    # The head word itself names doers ("gunmen", "troops", "civilians"), or who they are ("Israeli
    # snipers"); a compound name of a thing does not ("the Deepwater Horizon rig", "the H3N2 strain").
    table = load_actor_table()
    if any(w in table.sectors or w in table.names for w in (source.lower_, noun_lemma(source.text))):
        return False
    if any(c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE", "PERSON") for c in source.children):
        return False
    return not any(_word_matches(source, word, ctx.lexicon) for word in ("@troops", "@people", "@police", "@arms"))


def _inanimate_object(trigger: _Trigger, target: Any, ctx: _Context) -> bool:
    """A verb aimed at someone whose object is a thing, not an actor or an event ("met its recruitment
    targets", "meet the deadline"): another sense of the verb. Entries that name their objects ("hold
    +session") mean them; topic verbs ("discussed the crisis") take things."""
    token = trigger.token
    if trigger.type not in _AIMED_TYPES or trigger.mode in _OF_THINGS_MODES:
        return False
    if not _is_verb(token) or target is not None or trigger.children:
        return False
    if verb_lemma(token.text) in _TOPIC_VERBS or any(c.kind == "object" for c in trigger.entry.constraints):
        return False
    # A determined thing ("its recruitment targets", "the thinking"), not an idiom ("meet face to face").
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    return bool(objects) and not any(
        _people(obj, ctx)
        or obj.tag_ in ("PRP", "WP")
        or _entry_for(obj, ctx.lexicon) is not None
        or not any(g.dep_ in ("det", "poss") for g in obj.children)
        for obj in objects
    )


def _vetoed(trigger: _Trigger, ctx: _Context, source: Any, target: Any) -> str | None:
    """Why a trigger's reading is not an event, if it is not (the name counted in the statistics)."""
    if _shouting(trigger, ctx, (source, target)):
        return "shouting"
    if _imperative(trigger.token, ctx.start, ctx.end):
        return "imperative"
    if _unlisted_particle(trigger.token, trigger.entry):
        return "particle"
    if _assertion_complement(trigger):
        return "assertion_complement"
    if _agentless(trigger, ctx):
        return "nonagent_conflict"
    if _inanimate_object(trigger, target, ctx):
        return "inanimate_object"
    return None


def _irrealis(token: Any, start: int, end: int) -> str | None:
    """What makes an event a possibility, a need or an idea beyond its own clause's modals: "need to
    pledge", "any idea of sending troops", "the possible consequences of an attack", "whether ..."
    (the word that does, for the rule); climbing at most four heads, not out of its clause."""
    current = token
    for _ in range(4):
        for child in current.children:
            word: str = child.lower_
            if (
                (child.dep_ == "aux" and word in _IRREALIS_AUX)
                or (child.dep_ in ("mark", "advmod") and word == "whether")
                or (child.dep_ == "det" and word == "any")
                or (child.dep_ == "amod" and word in _IRREALIS_MODIFIERS)
            ):
                return word
        if current.i != token.i and _lemma(current) in _IRREALIS_HEADS:
            return _lemma(current)
        if current.dep_ in _CLAUSE_EDGES or current.head.i == current.i or not _in_sentence(current.head, start, end):
            return None
        current = current.head
    return None


def _coding(trigger: _Trigger, ctx: _Context) -> Coding | None:
    start, end = ctx.start, ctx.end
    doc = trigger.token.doc
    steps = list(trigger.steps)
    source, source_range, target, target_range = _roles(trigger, ctx, steps)
    event_date, precision, date_from, date_step = _event_date(
        trigger, start, end, ctx.dated, ctx.sentence, ctx.published, ctx.measures
    )
    if date_step is not None:
        steps.append(date_step)
    negated, hypothetical, future, flag_steps = _flags(
        trigger, start, end, (event_date, precision, date_from), ctx.published
    )
    own_date = date_step is not None and date_step not in ("date:published", "date:unknown", "date:perfect-statement")
    dated_noun = own_date and date_from == "explicit" and _noun_dated(trigger, ctx)
    if dated_noun:
        # "would have turned Sunday's truce into ...": the clause's modality is not the truce's; only
        # its own date can make it future.
        flag_steps = [step for step in flag_steps if step.startswith("future:date-")]
        negated, hypothetical, future = False, False, bool(flag_steps)
    steps.extend(flag_steps)
    kind, cameo, mode, negated = _recoded(trigger, ctx, negated, future, flag_steps, steps)
    if _document_source(source or _source_token(trigger, start, end), trigger, ctx):
        return None  # "It proposes ...", "the agreement suspends ...": a text's content, not an act
    warned, aimed_at = _warning(trigger, ctx)
    if warned is None:
        return None  # "warned that the closures would have consequences": a statement
    if warned != trigger.type:
        steps.append(f"warning:{trigger.type}>{warned}")
        kind, cameo, mode = warned, PLOVER_CAMEO[warned], None
    if aimed_at is not None and target is None:
        target, target_range = aimed_at, _phrase(aimed_at, start, end)
        steps.append("target:warned-about")
    source_actors = _actors_in(source_range, ctx.entities, source) if source_range else ()
    wanted = _wanted(source) if source is not None and source_actors else None
    if (
        wanted is not None
        and wanted[0][0] == "PARTIES"
        and all(_actor_kind(a, ctx.actors) == "COUNTRY" for a in source_actors)
    ):
        # "Libya's warring sides signed ...": a country's parties, not the country.
        steps.append("source:parties-not-country")
        source_actors = ()
    place_source = bool(source_range and source is not None and source_actors)
    place_source = place_source and _place_actor(source, source_range or (0, 0), ctx)
    if place_source:
        steps.append("source:place-not-actor")
        source_actors = ()
    elif source is not None and not source_actors:
        # "He accused Ankara", "his forces", "the army said": the actor named before.
        anaphor, word = _anaphoric_source(source, ctx)
        if anaphor is not None:
            source_actors = (anaphor,)
            steps.append(f"source:earlier-{word}")
    planned = f"plover:planned-{trigger.type}>AGREE"
    intender = bool(source_actors) or (source is not None and _actor_like(source, ctx.lexicon, ctx.entities))
    if kind == "AGREE" and planned in steps and trigger.type == "CONSULT" and not intender:
        # "A political dialogue forum will meet in Tunisia on November 9": a schedule, not an intention
        # (which needs an actor who intends: "the foreign ministers will meet"); it stays a future meeting,
        # which only its date makes news ("the committee should meet in the coming days" is a wish).
        if not own_date:
            return None
        steps.append("plover:scheduled-CONSULT")
        kind, cameo, mode = "CONSULT", trigger.cameo or PLOVER_CAMEO["CONSULT"], trigger.mode
        if cameo[:2] != PLOVER_CAMEO["CONSULT"]:
            cameo = PLOVER_CAMEO["CONSULT"]
    vetoed = _vetoed(trigger, ctx, source, target)
    if vetoed is not None:
        ctx.vetoes[vetoed] = ctx.vetoes.get(vetoed, 0) + 1
        return None
    target_actors = _actors_in(target_range, ctx.entities, target) if target_range else ()
    if target_actors and target is not None and _place_actor(target, target_range or (0, 0), ctx, locative=False):
        # "breached since the Berlin conference": the conference's town is not whom it is aimed at.
        steps.append("target:place-not-actor")
        target_actors, target, target_range = (), None, None
    actor_found = bool(source_actors or target_actors) or any(
        t is not None and _actor_like(t, ctx.lexicon, ctx.entities)
        for t in ((target,) if place_source and source.i in ctx.entities else (source, target))
    )
    if source is not None and {source.lower_, source.lower_.removesuffix("s")} & _NATURAL_CAUSES:
        # "The earthquake struck Haiti": PLOVER codes disasters as context, never as actors.
        return None
    if dated_noun:
        steps.append("noun:dated")
    confidence = _rule_confidence(trigger, source, target, source_actors, ctx, steps)
    described = any(_describes(t, ctx) for t in (trigger.token, governor_of(trigger)))
    if described and not own_date:
        # "mercenaries fighting for the Tripoli government", "a government operating in the east and
        # supported by the army": a participle says who they are, not what happened.
        confidence *= 0.3
        steps.append("background:participle")
    elif _appositive_clause(trigger) and not own_date:
        # "Angela Merkel, who hosted the conference, said ...": a clause set off by commas tells who
        # someone is; undated, it is background whoever it names.
        confidence *= 0.3
        steps.append("background:appositive")
    elif _relative_clause(trigger) and not (source_actors or target_actors or own_date):
        # "the parliament that had backed him", "powers that violated the embargo": an undated relative
        # clause naming no actor describes the background, not news; below RULE_FLOOR it is dropped.
        confidence *= 0.3
        steps.append("background:undated")
    trigger_start, trigger_end = _trigger_offsets(trigger)
    governor = trigger.governor if trigger.governor is not None else trigger.token
    return Coding(
        type=kind,
        cameo=cameo,
        mode=mode,
        trigger_start=trigger_start,
        trigger_end=trigger_end,
        source_span=_char_span(doc, source_range) if source_range else None,
        target_span=_char_span(doc, target_range) if target_range else None,
        source_actors=source_actors,
        target_actors=target_actors,
        negated=negated,
        hypothetical=hypothetical,
        future=future,
        reported=_reported(trigger, start, end, ctx.quotes, ctx.text, ctx.sentence.start),
        rule_confidence=round(confidence, 4),
        steps=tuple(steps),
        depth=_depth(governor, start, end),
        own_clause=_own_clause(governor, start, end),
        dated_clause=own_date and date_from == "explicit" and _date_chain(trigger, start, end)[1],
        dated_noun=dated_noun,
        actor_found=actor_found,
        place=_place(trigger, start, end, ctx.places),
        contexts=ctx.contexts,
        date=event_date,
        date_precision=precision,
        date_from=date_from,
    )


def _roles(
    trigger: _Trigger, ctx: _Context, steps: list[str]
) -> tuple[Any, tuple[int, int] | None, Any, tuple[int, int] | None]:
    """Source and target head tokens and their phrases' token ranges (steps record how they were found)."""
    start, end = ctx.start, ctx.end
    source = _resolve_pronoun(_source_token(trigger, start, end), start, end, ctx.entities)
    target, target_how = _target(trigger, start, end, ctx.lexicon, ctx.entities)
    if source is not None and not _in_sentence(source, start, end):
        source = None
    if source is not None and source.lower_ in _PRONOUNS and _discourse_actor(source, ctx) is None:
        steps.append(f"source:pronoun-{source.lower_}")
        source = None
    source_range = _phrase(source, start, end) if source is not None else None
    target_range = _phrase(target, start, end) if target is not None else None
    if source_range and target_range and source_range[0] < target_range[1] and target_range[0] < source_range[1]:
        target_range, target = None, None
    if source is not None:
        passive = trigger.governor is not None and _passive_subject(trigger.governor) is not None
        steps.append("source:" + ("agent" if passive else "subject"))
    if target is not None:
        steps.append(f"target:{target_how}")
    return source, source_range, target, target_range


def _recoded(
    trigger: _Trigger, ctx: _Context, negated: bool, future: bool, flag_steps: list[str], steps: list[str]
) -> tuple[str, str, str | None, bool]:
    """Type, CAMEO code, mode and negation after the PLOVER and CAMEO conventions for this context."""
    kind = trigger.type
    cameo = trigger.cameo
    mode = _mode(trigger, kind, ctx.words, ctx.lexicon)
    if kind == "AGREE" and cameo in ("03", None):
        for child in trigger.children:
            cameo = _AGREE_CAMEO.get(child.type, cameo)
    refused = any(
        step.startswith(("neg:fail", "neg:refuse", "future:", "modal:", "conditional:")) for step in flag_steps
    )
    if negated and refused and kind in COOPERATIVE_TYPES:
        # "would not meet their demands", "failed to reach agreement": a refusal (PLOVER REJECT);
        # a plain "did not meet" stays what it is, negated.
        steps.append(f"plover:refused-{kind}>REJECT")
        kind, cameo, mode, negated = "REJECT", "12", None, False
    elif (
        kind == "REQUEST"
        and (cameo or "").startswith("02")
        and any(c.type in MATERIAL_CONFLICT_TYPES | {"THREATEN"} for c in trigger.children)
    ):
        # Calls for sanctions or action against someone rally opposition against them (CAMEO 113).
        steps.append("cameo:call-against>ACCUSE")
        kind, cameo, mode = "ACCUSE", "113", None
    # PLOVER: planned or possible cooperation is an intention (AGREE), planned or possible material
    # conflict a threat (THREATEN). Only the source's own plans and possibilities count: an event
    # inside an if-clause is a condition ("if the militias attack, ...") and keeps its type.
    planned = future or any(step.startswith(("modal:", "conditional:")) for step in flag_steps)
    if planned and not negated:
        if kind in COOPERATIVE_TYPES - {"AGREE"}:
            steps.append(f"plover:planned-{kind}>AGREE")
            kind, cameo, mode = "AGREE", _AGREE_CAMEO.get(kind, "03"), None
        elif kind in MATERIAL_CONFLICT_TYPES:
            threat_mode = _COERCE_THREAT_MODES.get(mode or "") if kind == "COERCE" else None
            steps.append(f"plover:planned-{kind}>THREATEN")
            kind, cameo, mode = "THREATEN", "13", threat_mode or _THREAT_MODES.get(kind)
    if kind == "MOBILIZE" and ctx.words & _PEACEKEEPING_WORDS:
        # Troops sent as peacekeepers or for relief are aid (CAMEO 074), not a show of force.
        steps.append("context:peacekeeping>AID")
        kind, cameo, mode = "AID", "074", None
    elif kind == "CONSULT" and mode == "visit" and ctx.words & _PEACEKEEPING_WORDS and _rescuers(trigger, ctx):
        # "Rescue teams are flying to Haiti to search for survivors": a relief deployment, not a visit.
        steps.append("context:relief-visit>AID")
        kind, cameo, mode = "AID", "074", None
    if cameo is None or (cameo[:2] != PLOVER_CAMEO[kind] and kind not in _CAMEO_SPREAD):
        cameo = PLOVER_CAMEO[kind]
    return kind, cameo, mode, negated


# Types whose entries may name a CAMEO root other than the type's default one (02 appeals,
# 09 investigations, 08 for both yields, 18-20 violence, 16/116 sanctions, 17/19 coercion).
_CAMEO_SPREAD = frozenset({"REQUEST", "ACCUSE", "RETREAT", "CONCEDE", "ASSAULT", "SANCTION", "COERCE"})
# AGREE to what: CAMEO 03x by the kind of cooperation intended.
_AGREE_CAMEO = {"AID": "033", "CONSULT": "036", "RETREAT": "035", "CONCEDE": "035", "COOPERATE": "031"}


def _people(noun: Any, ctx: _Context) -> bool:
    """Whether a noun names actors: a name, an actor word, or troops or people of the lexicon's classes."""
    if _actor_like(noun, ctx.lexicon, ctx.entities):
        return True
    return any(_word_matches(noun, word, ctx.lexicon) for word in ("@troops", "@people", "@police"))


def _rescuers(trigger: _Trigger, ctx: _Context) -> bool:
    """Whether the trigger's subject is rescuers, aid workers or volunteers (the lexicon's class)."""
    subject = _subject(governor_of(trigger), ctx.start, ctx.end)
    return subject is not None and _word_matches(subject, "@rescuers", ctx.lexicon)


def _appositive_clause(trigger: _Trigger) -> bool:
    """Whether the trigger's clause is a relative clause set off by a comma ("X, who hosted ...")."""
    for token in (governor_of(trigger), trigger.token):
        if token.dep_ == "relcl":
            first = min(t.i for t in token.subtree)
            return bool(first > 0 and token.doc[first - 1].text == ",")
    return False


def _describes(token: Any, ctx: _Context) -> bool:
    """Whether an -ing participle, or a verb coordinated with one, says who people are: "mercenaries
    fighting for X", "a government operating in the east and supported by the army"."""
    while token.dep_ == "conj" and token.head.tag_ in ("VBG", "VBN"):
        token = token.head
    return token.dep_ == "acl" and token.tag_ == "VBG" and _people(token.head, ctx)


def governor_of(trigger: _Trigger) -> Any:
    return trigger.governor if trigger.governor is not None else trigger.token


def _relative_clause(trigger: _Trigger) -> bool:
    """Whether the trigger's clause is a relative or participial clause ("forces that seized the
    town", "mercenaries fighting for X"), not an infinitive one ("an attempt to assassinate X")."""
    governor = trigger.governor if trigger.governor is not None else trigger.token
    if not _is_verb(governor.sent.root):
        # Background needs a foreground: with no main verb the "relative clause" is a misparsed main one.
        return False
    for token in (governor, trigger.token):
        if token.dep_ == "relcl" or (token.dep_ == "acl" and token.tag_ in ("VBG", "VBN")):
            return True
    return False


def _noun_dated(trigger: _Trigger, ctx: _Context) -> bool:
    """Whether a bare event noun carries a calendar date of its own: in its own phrase ("the
    conference of January 19", "the October 23 ceasefire") or on the verb it is the subject of
    happening ("the offensive began on April 4"); or a participle after a noun does ("the truce
    agreed on January 12"). Dates of the clause around them do not count."""
    noun = trigger.token
    heads = {d.head for d in ctx.dated}
    if _is_noun(noun) and any(d.attached == noun.i for d in ctx.dated):
        return True  # "after the loss of the base on Monday": the parser hung the date on the noun itself
    if noun.dep_ == "acl" and noun.tag_ in ("VBN", "VBD") and _is_noun(noun.head):
        # "the truce agreed on January 12", "a town recaptured last week": a participle naming an
        # event of its own date; after people ("a rights group protested Wednesday") it is a misparsed
        # main verb whose actor the rules did not find, not a reference.
        return noun.i in heads and not _people(noun.head, ctx)
    if not _is_noun(noun):
        return False
    if noun.i in heads:
        return True
    head = noun.head
    return bool(
        noun.dep_ == "nsubj" and _is_verb(head) and verb_lemma(head.text) in _OCCURRENCE_VERBS and head.i in heads
    )


def _rule_confidence(
    trigger: _Trigger, source: Any, target: Any, source_actors: tuple[str, ...], ctx: _Context, steps: list[str]
) -> float:
    """The entry's prior, lowered for background clauses, mere mentions and missing actors."""
    confidence = trigger.prior
    governor = trigger.governor if trigger.governor is not None else trigger.token
    if governor.dep_ in ("relcl", "acl") or trigger.token.dep_ in ("relcl", "acl"):
        # "antiquities that were seized in 2001", "fishermen held captive": background, not the news.
        confidence *= 0.8
        steps.append("clause:background")
    if _is_noun(governor) and not _occurs(governor) and "noun:dated" not in steps:
        # A bare event noun ("the USDA proposal ignores ...") is mentioned, not reported as happening.
        confidence *= 0.6
        steps.append("noun:mention")
    if source is None and target is None:
        confidence *= 0.6
    elif source is None or (not source_actors and not _actor_like(source, ctx.lexicon, ctx.entities)):
        confidence *= 0.8
    return confidence


def _trigger_offsets(trigger: _Trigger) -> tuple[int, int]:
    """Character offsets of the trigger: its word, a nearby support verb and its particles."""
    token = trigger.token
    doc = token.doc
    tokens = [token]
    if trigger.governor is not None and trigger.governor.i != token.i and abs(trigger.governor.i - token.i) <= 4:
        tokens.append(trigger.governor)
    tokens.extend(p for p in token.children if p.dep_ == "prt")
    lo = min(t.i for t in tokens)
    hi = max(t.i for t in tokens) + 1
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


# --- the classifier's view of a sentence --------------------------------------------------------

_WORD = re.compile(r"[a-z][a-z'\-]*|\d+")


def sentence_features(text: str, codings: Sequence[Coding]) -> list[str]:
    """Feature names of a sentence for the classifier: word uni- and bigrams and what the rules found."""
    words = ["<num>" if w[0].isdigit() else w for w in _WORD.findall(text.lower())]
    features = [f"w:{w}" for w in words]
    features.extend(f"b:{a}_{b}" for a, b in itertools.pairwise(words))
    main = main_event(codings)
    for coding in codings:
        tag = (
            coding.type + ("|neg" if coding.negated else "") + ("|plan" if coding.future or coding.hypothetical else "")
        )
        features.extend([f"r:{tag}", f"q:{coding.quad}", f"c:{coding.cameo[:2]}"])
    if main is not None:
        features.extend([f"m:{main.type}", f"mq:{main.quad}", f"mc:{main.cameo[:2]}"])
        if main.negated:
            features.append("m:negated")
    else:
        features.append("m:none")
    return features


def main_event(codings: Sequence[Coding]) -> Coding | None:
    """The event a sentence is mainly about: the one nearest the root, then the most confident."""
    if not codings:
        return None
    return min(codings, key=lambda c: (c.negated, c.depth, -c.rule_confidence, c.trigger_start))


def sentence_quad(events: Sequence[Event] | Sequence[Coding]) -> int:
    """The CAMEO quad class of a sentence given its events: that of the first, or 0 (neutral) for none."""
    for event in events:
        if isinstance(event, Coding):
            return event.quad
        q = event.quad_class
        if q is not None:
            return q
    return 0


def _scored(
    codings: list[Coding], features: list[str], classifier: LinearClassifier | None
) -> list[tuple[Coding, float, float | None]]:
    if classifier is None:
        return [(c, c.rule_confidence, None) for c in codings]
    proba = classifier.proba(features)
    index = {q: i for i, q in enumerate(classifier.classes)}
    scored: list[tuple[Coding, float, float | None]] = []
    for coding in codings:
        p = float(proba[index[coding.quad]]) if coding.quad in index else 0.0
        scored.append((coding, (1 - CLASSIFIER_WEIGHT) * coding.rule_confidence + CLASSIFIER_WEIGHT * p, p))
    return scored


def _kept(
    codings: list[Coding], features: list[str], classifier: LinearClassifier | None
) -> list[tuple[Coding, float, float | None]]:
    """The codings of a sentence (main event first) that are kept, with their confidence and the
    classifier's probability of their class, in the order kept."""
    p_event = _event_probability(features, classifier)
    scored = _scored(codings, features, classifier)
    kept: list[tuple[Coding, float, float | None]] = []
    for coding, mixed, p in scored:
        confidence = _confidence(coding, mixed, p_event, bool(kept))
        if confidence >= MIN_CONFIDENCE and coding.rule_confidence >= RULE_FLOOR:
            kept.append((coding, confidence, p))
    main, mixed, p = scored[0]
    if kept and kept[0][0] is not main:
        # The classifier gives a sentence one class, and it may be that of an event in a clause below the
        # main one ("signed a ceasefire agreement, ending a year of fighting": the end of fighting). The
        # main clause's event, with its own actors, still is one; it needs the sentence to be about events.
        # It comes after the kept ones, which keep the sentence's class.
        confidence = _confidence(main, mixed, p_event, True, main=True)
        if confidence >= MIN_CONFIDENCE and main.rule_confidence >= RULE_FLOOR:
            kept.append((main, confidence, p))
    return kept


def _confidence(coding: Coding, mixed: float, p_event: float | None, after_kept: bool, main: bool = False) -> float:
    """A coding's confidence given the rule and class mix and whether an event of its sentence is kept."""
    confidence = mixed
    if (
        after_kept
        and p_event is not None
        and (coding.own_clause or main)
        and (coding.source_actors or coding.target_actors)
    ):
        # The classifier's class is the sentence's main event's: "suspended talks after forces shelled the
        # port" is a sanction sentence, yet the shelling in its own clause, with its own actors, is an event
        # too. It needs the sentence to be about events, not its class.
        confidence = max(confidence, (1 - CLASSIFIER_WEIGHT) * coding.rule_confidence + CLASSIFIER_WEIGHT * p_event)
    if after_kept and ((coding.dated_clause and (coding.source_actors or coding.target_actors)) or coding.dated_noun):
        # "asks the commission, which met in Geneva last week, to ...": a recalled event in a clause of its
        # own with its own date and actors is an event of that date, whatever the sentence's class (the
        # classifier sees the main clause); its rule decides.
        confidence = max(confidence, coding.rule_confidence)
    return confidence


def _event_probability(features: list[str], classifier: LinearClassifier | None) -> float | None:
    """The classifier's probability that a sentence reports an event of any class (not neutral, 0)."""
    if classifier is None:
        return None
    proba = classifier.proba(features)
    index = {q: i for i, q in enumerate(classifier.classes)}
    return 1.0 - float(proba[index[0]]) if 0 in index else 1.0


# --- the stage ------------------------------------------------------------------------------------


def event_id(article_id: str, sentence: int, trigger_start: int, trigger_end: int, type_: str) -> str:
    """Deterministic event id: a hash of article, sentence, trigger offsets and type."""
    key = f"{article_id}|{sentence}|{trigger_start}|{trigger_end}|{type_}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def sentence_span(parse: Any, token_starts: Sequence[int], sentence: Sentence) -> Any:
    """The tokens of a sentence in the article's parse (``token_starts``: each token's offset, in order)."""
    if not token_starts or sentence.end > token_starts[-1] + len(parse[-1]) + 1:
        return None  # beyond what was parsed (the parse stage caps long texts)
    first = max(bisect.bisect_right(token_starts, sentence.start) - 1, 0)
    if first < len(token_starts) and token_starts[first] + len(parse[first]) <= sentence.start:
        first += 1  # the sentence starts after the end of that token (whitespace between)
    last = bisect.bisect_left(token_starts, sentence.end)
    return parse[first:last] if last > first else None


def _in_range(items: Sequence[Any], starts: list[int], lo: int, hi: int) -> list[Any]:
    i = bisect.bisect_left(starts, lo)
    j = bisect.bisect_left(starts, hi)
    return list(items[i:j])


class EventStage(Stage):
    """PLOVER events of every sentence, with actors, dates, places, flags and confidence."""

    name = STAGE
    requires = frozenset({"sentence_dates", "timexes", "parse", "entities", "actors"})
    assigns = frozenset({"events"})

    def __init__(self, classifier: LinearClassifier | bool | None = True) -> None:
        load_lexicon()
        load_actor_table()
        # True: the shipped classifier if there is one; False/None: rules only.
        self.classifier = load_classifier() if classifier is True else (classifier or None)

    def __call__(self, doc: AnnotatedArticle) -> AnnotatedArticle:
        events, counts = self.events(doc)
        stats = [(self.name, key, float(value)) for key, value in sorted(counts.items())]
        return dataclasses.replace(doc, events=tuple(events), stats=(*doc.stats, *stats))

    def events(self, doc: AnnotatedArticle) -> tuple[list[Event], dict[str, int]]:
        """The events of an article and the counts for the run statistics."""
        counts = {"sentences": 0, "events": 0, "dropped_low_confidence": 0}
        parse = doc.parse
        if parse is None:
            counts["no_parse"] = 1
            return [], counts
        article = doc.article
        text = article.text
        entities = sorted((e for e in doc.entities if e.label in _ACTOR_LABELS), key=lambda e: e.start)
        entity_starts = [e.start for e in entities]
        places = sorted(doc.places, key=lambda p: p.start)
        place_starts = [p.start for p in places]
        timexes = sorted(doc.timexes, key=lambda t: t.start)
        timex_starts = [t.start for t in timexes]
        quotes = list(doc.quotes)
        actors = {actor.id: actor for actor in doc.actors}
        events: list[Event] = []
        token_starts = [token.idx for token in parse]
        # Actor mentions of the last two sentences, most salient first, for pronouns and descriptions.
        recent: list[list[Mention]] = []
        previous_subject: str | None = None
        vetoes: dict[str, int] = {}
        spans = [sentence_span(parse, token_starts, sentence) for sentence in doc.sentences]
        in_sentence = [_in_range(entities, entity_starts, s.start, s.end) for s in doc.sentences]
        # The actors each sentence names together, for a description of the parties named only later.
        parties = [_named_parties(span, own) if span else () for span, own in zip(spans, in_sentence, strict=True)]
        for n, sentence in enumerate(doc.sentences):
            counts["sentences"] += 1
            span = spans[n]
            if span is None or len(span) == 0:
                counts["skipped_unparsed"] = counts.get("skipped_unparsed", 0) + 1
                continue
            own_entities = in_sentence[n]
            codings, reason = code_sentence(
                span,
                sentence,
                text,
                article.published,
                own_entities,
                quotes,
                _in_range(places, place_starts, sentence.start, sentence.end),
                _in_range(timexes, timex_starts, sentence.start, sentence.end),
                earlier=[m for mentions in reversed(recent) for m in mentions],
                actors=actors,
                previous_subject=previous_subject,
                vetoes=vetoes,
                later_parties=[named for named in parties[n + 1 :] if named],
            )
            mentions = salient_mentions(span, own_entities)
            previous_subject = subject_lemma(span)
            if previous_subject in _PERSON_PRONOUNS | _COLLECTIVE_PRONOUNS and not any(m.subject for m in mentions):
                # "They have discussed ...": a pronoun subject keeps the earlier subject in the centre.
                mentions = [*(m for ms in reversed(recent) for m in ms if m.subject), *mentions]
            recent = [*recent[-1:], mentions]
            if reason is not None:
                counts[f"skipped_{reason}"] = counts.get(f"skipped_{reason}", 0) + 1
                continue
            if not codings:
                continue
            features = sentence_features(sentence.text, codings)
            ordered = sorted(codings, key=lambda c: (c.negated, c.depth, -c.rule_confidence, c.trigger_start))
            kept = _kept(ordered, features, self.classifier)
            counts["dropped_low_confidence"] += len(ordered) - len(kept)
            events.extend(self._event(doc, sentence, coding, confidence, p) for coding, confidence, p in kept)
        counts["events"] = len(events)
        counts.update((f"vetoed_{rule}", n) for rule, n in vetoes.items())
        return _weighed_by_article(events, actors), counts

    def _event(
        self, doc: AnnotatedArticle, sentence: Sentence, coding: Coding, confidence: float, p: float | None
    ) -> Event:
        article = doc.article
        text = article.text
        date_value, precision, date_from = coding.date, coding.date_precision, coding.date_from
        if date_value is None and article.published is not None:
            date_value, precision, date_from = article.published.isoformat(), "day", "published"
        steps = list(coding.steps)
        if p is not None:
            steps.append(f"model:p{coding.quad}={p:.2f}")
        source_text = text[coding.source_span[0] : coding.source_span[1]] if coding.source_span else None
        target_text = text[coding.target_span[0] : coding.target_span[1]] if coding.target_span else None
        return Event(
            id=event_id(article.id, sentence.index, coding.trigger_start, coding.trigger_end, coding.type),
            article_id=article.id,
            sentence=sentence.index,
            type=coding.type,
            trigger=text[coding.trigger_start : coding.trigger_end],
            trigger_start=coding.trigger_start,
            trigger_end=coding.trigger_end,
            mode=coding.mode,
            context=coding.contexts,
            cameo=coding.cameo,
            quad_class=coding.quad,
            source=coding.source_actors[0] if coding.source_actors else None,
            target=coding.target_actors[0] if coding.target_actors else None,
            source_text=source_text,
            target_text=target_text,
            date=date_value,
            date_precision=precision,
            date_from=date_from,
            place=coding.place,
            negated=coding.negated,
            hypothetical=coding.hypothetical,
            future=coding.future,
            reported=coding.reported,
            confidence=round(confidence, 3),
            rule="; ".join(steps),
            stage=self.name,
        )


def _political(actor: Actor | None) -> bool:
    """A country, or a person, organisation or group with a country or a sector (a town is not an actor)."""
    return actor is not None and (
        actor.kind == "COUNTRY" or (actor.kind != "PLACE" and bool(actor.country or actor.sector))
    )


def _weighed_by_article(events: list[Event], actors: Mapping[str, Actor]) -> list[Event]:
    """The events with their confidence lowered in proportion where few of the article's involve a political actor.

    The share counts half an event more, half political, so that one event alone does not decide it.
    """
    political = sum(_political(actors.get(e.source or "")) or _political(actors.get(e.target or "")) for e in events)
    share = (political + 0.5) / (len(events) + 1)
    if share >= POLITICAL_SHARE:
        return events
    factor = share / POLITICAL_SHARE
    return [
        dataclasses.replace(
            e, confidence=round(e.confidence * factor, 3), rule=f"{e.rule}; article:political={share:.2f}"
        )
        for e in events
    ]


# --- explanations ---------------------------------------------------------------------------------

_STEP_WORDS = {
    "light": "through the support verb",
    "intent": "inside the intention",
    "neg": "negated by",
    "future": "future by",
    "modal": "hypothetical by the modal",
    "irrealis": "only a possibility, a need or an idea by",
    "conditional": "conditional",
    "condition": "conditional on",
}


def explain(event: Event) -> str:
    """Why an event was coded, in words, from its ``rule`` trail and fields."""
    lexicon = load_lexicon()
    parts: list[str] = []
    quad = event.quad_class if event.quad_class is not None else quad_class(event.cameo)
    quad_name = QUAD_NAMES[quad] if quad is not None else "unknown"
    head = f"{event.type}"
    if event.mode:
        head += f" ({event.mode})"
    parts.append(f"Coded {head}, CAMEO {event.cameo} ({quad_name}), from {event.trigger!r}.")
    for step in event.rule.split("; ") if event.rule else []:
        kind, _, value = step.partition(":")
        if kind == "lex":
            entry = lexicon.by_id.get(value)
            where = f" (lexicon line {entry.line}, prior {entry.prior:.2f})" if entry is not None else ""
            parts.append(f"The trigger matches the lexicon entry {value!r}{where}.")
        elif kind == "rule" and value == "must":
            parts.append("A reported 'must' ('should') is a demand (an appeal) by the speaker to the clause's subject.")
        elif kind == "reverse":
            before, _, after = value.partition(">")
            parts.append(f"Stopping or lifting a {before} event is coded {after}.")
        elif kind == "plover" and value == "scheduled-CONSULT":
            parts.append("No actor intends the planned meeting: it is a scheduled (future) meeting, not an intention.")
        elif kind == "plover":
            before, _, after = value.partition(">")
            parts.append(f"PLOVER codes a {before.replace('-', ' ').lower()} action as {after}.")
        elif kind == "source" and value.startswith("pronoun-"):
            parts.append(f"The subject is the pronoun {value[8:]!r}, which names no actor in the sentence.")
        elif kind == "source" and value.startswith("earlier-"):
            parts.append(
                f"{value[8:]!r} stands for an actor named before it (earlier in the sentence or before), or, "
                "describing the parties, for the first of two named together after it."
            )
        elif kind == "source" and value == "parties-not-country":
            parts.append(f"The source {event.source_text!r} describes a country's parties, not the country.")
        elif kind in ("source", "target") and value == "place-not-actor":
            parts.append(f"The {kind}'s only name is a town where it is or met, which is a place, not an actor.")
        elif kind == "source":
            parts.append(f"The source {event.source_text!r} is the {value.replace('-', ' ')}.")
        elif kind == "target":
            parts.append(
                f"The target {event.target_text!r} comes from the {value.replace('-', ' ').replace(':', ' ')}."
            )
        elif kind == "cameo":
            parts.append("A call for sanctions or force against someone is coded as rallying opposition (CAMEO 113).")
        elif kind == "context" and value.startswith("relief-visit"):
            parts.append("Rescuers or aid workers travelling to a disaster are a relief deployment: aid.")
        elif kind == "context":
            parts.append("Troops sent as peacekeepers or for relief are coded as aid.")
        elif kind == "warning":
            parts.append("A warning of what an actor is doing is an accusation; of what it will suffer, a threat.")
        elif kind == "background" and value == "participle":
            parts.append("A participle describing people ('mercenaries fighting for X') says who they are: background.")
        elif kind == "clause":
            parts.append("The trigger is in a relative clause (background), which lowers the confidence.")
        elif kind == "noun":
            parts.append("The event noun is only mentioned, not reported as happening, which lowers the confidence.")
        elif kind == "date" and value == "published":
            parts.append("The sentence's date belongs to another clause or an argument: the publication day is used.")
        elif kind == "date" and value.startswith("offset:"):
            parts.append(f"The date is counted from the clause above's: {value.split(':', 1)[1]!r}.")
        elif kind == "date" and value == "perfect-statement":
            parts.append("A statement in the present perfect ('has said') was made before publication: its month.")
        elif kind == "date":
            parts.append(f"The date comes from {value!r}, which the trigger's clause governs.")
        elif kind == "article":
            parts.append(
                f"Only {float(value.split('=')[1]):.0%} of the article's events involve a political actor (a country, "
                "or a person or organisation with a country or sector), which lowers the confidence."
            )
        elif kind == "model":
            parts.append(f"The sentence classifier gives {value.split('=')[1]} to this quad class.")
        elif kind in _STEP_WORDS:
            parts.append(f"It is {_STEP_WORDS[kind]} {value!r}.")
    flags = [name for name in ("negated", "hypothetical", "future", "reported") if getattr(event, name)]
    if flags:
        parts.append("Flags: " + ", ".join(flags) + ".")
    if event.date:
        parts.append(f"Date {event.date} ({event.date_precision}, {event.date_from}).")
    if event.place:
        parts.append(f"Place {event.place}.")
    parts.append(f"Confidence {event.confidence:.2f}.")
    return " ".join(parts)
