"""Quotes: direct quotations and reported speech, each with its speaker, cue and content.

Rules over the dependency parse that ``dateline.parse.v1`` made, the quotation marks of
the text and the entities and actors of the article:

1. quotation marks are paired per paragraph (straight and curly); a quotation left open
   at the end of a paragraph runs to its end (the newswire convention for a quote that
   goes on in the next paragraph);
2. a cue is a speech verb of our lexicon (``said``, ``told``, ``stressed``, ``informed``,
   ...) outside quotation marks, or ``according to``; its speaker is the verb's subject
   (the subject of the verb it is joined to for "... and added", "..., adding that"), or
   the object of ``according to``;
3. a quotation is direct speech of the cue right after it (``"...," Lavrov said``, ``"...,"
   said Lavrov``) or right before it (``Peskov said: "..."``, ``he said, "..."``); the two
   halves of ``"...," he said, "..."`` share the cue; a quotation of at least
   ``MIN_CARRIED_WORDS`` words that fills its paragraph and has no cue goes to the speaker
   of the paragraph before, if it had one;
4. reported speech is the clause a cue governs (``X said (that) ...``), the rest of the
   sentence for a cue in parenthesis (``The plan, he said, is dead``) or for ``according
   to X``, the infinitive of a verb such as ``urged`` or ``told`` (``urged Y to ...``),
   the gerund of any cue (``denied receiving ...``) and the object with its charge after
   ``accused`` (``accused Turkey of breaching ...``);
5. the speaker is resolved to an actor: the entity the subject's head falls in, else an
   entity inside the subject ("the Kremlin press service" -> the Kremlin, "a statement
   from the GNA" -> the GNA); a role noun with a name in apposition is that name ("its
   chairman, Mustafa Sanalla,"); a relative pronoun is its antecedent ("Maiteeq, who
   said ..."); a pronoun that opens a sentence is the person or body the sentence before
   was about when its subject is a name of a compatible kind, and otherwise a pronoun or
   a role noun ("he", "the press service", "the spokesman") is carried to the nearest
   earlier speaker of a compatible kind, else to the nearest earlier entity of that kind.

Cue verbs inside a quotation are part of what is quoted and make no quote of their own.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from dateline.model import Actor, AnnotatedArticle, Entity, Quote, Sentence
from dateline.pipeline.base import Stage
from dateline.resources.actors import word_set

__all__ = [
    "BELIEF_CUES",
    "SPEECH_CUES",
    "QuoteStage",
    "cue_lemma",
    "extract_quotes",
    "quotation_spans",
]

STAGE = "dateline.quotes.v1"

# Verbs that report speech or writing. Written for dateline from the reporting verbs of
# English news; beliefs ("thinks", "hopes") are kept apart: they are attributions, not quotes.
SPEECH_CUES = word_set(
    """say tell state stress note add warn announce insist inform claim declare emphasize emphasise explain
    argue assert report confirm deny acknowledge admit comment remark reply respond answer write tweet
    ask urge suggest predict promise vow pledge reiterate recall underline underscore mention maintain
    contend complain concede observe quip joke boast caution conclude testify allege charge counter retort
    reveal disclose indicate estimate demand threaten accuse criticize criticise praise welcome signal
    proclaim affirm agree propose recommend advise assure brief order reaffirm repeat highlight clarify
    lament scoff shout tout wonder muse predict stipulate specify cite point"""
)
BELIEF_CUES = word_set("think believe feel hope expect fear want consider doubt know worry suspect wish plan intend")
# Verbs whose content is the infinitive after them ("urged Russia to withdraw").
_XCOMP_CUES = word_set("urge ask promise vow pledge threaten order advise demand call tell")
# Verbs whose content is their object and its "of" phrase ("accused Turkey of breaching the embargo").
_OF_CUES = word_set("accuse")
# Objects of "tell" that belong to the cue ("told reporters"); other objects are addressees.
_AUDIENCE = word_set(
    "reporters journalists press media correspondents newsmen audience crowd supporters lawmakers "
    "parliament interviewer"
)
# A quotation with no cue of at least this many words that fills its paragraph is carried
# to the previous paragraph's speaker (shorter ones are titles and scare quotes).
MIN_CARRIED_WORDS = 5
# Most tokens between the end of a quotation and its cue ("...," the Kremlin press service informed on Thursday).
_MAX_TRAILING_TOKENS = 12

_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write", "writes": "write",
    "writing": "write", "knew": "know", "known": "know", "thought": "think", "felt": "feel", "meant": "mean",
    "spoke": "speak", "spoken": "speak", "made": "make", "swore": "swear", "sworn": "swear",
    "foresaw": "foresee", "upheld": "uphold",
}  # fmt: skip
_PRONOUNS = {
    "he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON", "it": "ORG", "they": "ANY", "them": "ANY",
}  # fmt: skip
# Heads of speaker phrases that name a person by office, and those that name a body.
_PERSON_ROLES = word_set(
    """spokesman spokeswoman spokesperson minister diplomat president official envoy ambassador
    secretary chief leader commander general premier chancellor aide adviser advisor representative
    head director governor mayor senator lawmaker candidate nominee deputy negotiator mediator
    king emir prince source officer colonel marshal chairman chairwoman"""
)
_BODY_ROLES = word_set(
    """service ministry office government kremlin department agency embassy administration presidency
    committee council command army military campaign party authorities statement spokesperson's"""
)
# Heads of speaker phrases that are a text, whose author follows ("a statement from the GNA").
_DOCUMENTS = word_set("statement communique communiqué report release announcement letter message declaration")
# Heads of speaker phrases that are a meeting: it speaks for those who met, never for the place
# it met in ("The Berlin conference called for ..." is not Berlin speaking).
_GATHERINGS = word_set("conference summit meeting talks forum gathering")
_RELATIVE = word_set("who which that")
_QUOTE_OPEN = "\u201c\u00ab\u201e"
_QUOTE_CLOSE = "\u201d\u00bb"
_QUOTE_CHARS = '"' + _QUOTE_OPEN + _QUOTE_CLOSE
_WORD = re.compile(r"\w+")
_LEADING = word_set("that and but whether if")
_REPORTED_MODALS = word_set("would could might should")


def cue_lemma(word: str) -> str:
    """The lemma of a verb form for the cue lexicons ("stressed" -> "stress", "told" -> "tell")."""
    lower = word.lower().replace("\u2019", "'")
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    known = SPEECH_CUES | BELIEF_CUES | _XCOMP_CUES
    if lower in known:
        return lower
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
                         ("ing", "e"), ("d", "")):  # fmt: skip
        if lower.endswith(suffix):
            stem = lower[: -len(suffix)] + repl
            if stem in known:
                return stem
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in known:  # "admitted" -> "admit"
                return stem[:-1]
    return lower


# --- quotation marks ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quotation:
    """Text between quotation marks: ``start``/``end`` are those of the marks, ``inner_*`` of the words."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    open_ended: bool  # no closing mark before the end of the paragraph


def quotation_spans(text: str) -> list[Quotation]:
    """Quotations of a text, paired per paragraph; straight quotes alternate, curly ones say which side they are."""
    spans: list[Quotation] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        opened: int | None = None
        for match in re.finditer(f"[{_QUOTE_CHARS}]", paragraph.group()):
            position = paragraph.start() + match.start()
            char = match.group()
            if opened is None:
                if char in _QUOTE_CLOSE:
                    continue  # a stray closing mark
                opened = position
            elif char in _QUOTE_OPEN:
                opened = position  # an unclosed quotation restarted: keep the later one
            else:
                spans.append(_quotation(text, opened, position + 1, open_ended=False))
                opened = None
        if opened is not None:
            spans.append(_quotation(text, opened, paragraph.end(), open_ended=True))
    return [q for q in spans if q.inner_end > q.inner_start]


def _quotation(text: str, start: int, end: int, open_ended: bool) -> Quotation:
    inner_start, inner_end = start + 1, end if open_ended else end - 1
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and (text[inner_end - 1].isspace() or text[inner_end - 1] in ",;:"):
        inner_end -= 1
    return Quotation(start, end, inner_start, inner_end, open_ended)


# --- cues --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cue:
    token: Any  # the verb, or "according"
    start: int
    end: int
    subject: Any  # the speaker's head token, or None
    speaker_start: int = -1
    speaker_end: int = -1
    used: bool = False


_Found = tuple[int, int, "_Cue | None", bool]  # content start, end, cue, direct


def _inside(quotations: Sequence[Quotation], starts: Sequence[int], offset: int) -> Quotation | None:
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and quotations[i].start < offset < quotations[i].end:
        return quotations[i]
    return None


def _cues(parse: Any, quotations: Sequence[Quotation], beliefs: bool) -> list[_Cue]:
    starts = [q.start for q in quotations]
    lexicon = SPEECH_CUES | BELIEF_CUES if beliefs else SPEECH_CUES
    cues: list[_Cue] = []
    for token in parse:
        if _inside(quotations, starts, token.idx) is not None:
            continue
        lower = token.lower_
        if lower == "according" and token.i + 1 < len(parse) and parse[token.i + 1].lower_ == "to":
            to = parse[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
            if objects:
                cues.append(_Cue(token, token.idx, to.idx + len(to), objects[0]))
            continue
        if token.pos_ not in {"VERB", "AUX"} and token.tag_ not in {"VBD", "VBZ", "VBP", "VBN", "VBG", "VB"}:
            continue
        lemma = cue_lemma(token.text)
        if (lemma not in lexicon and lemma != "call") or token.dep_ in {"amod", "compound"}:
            continue
        reduced = token.tag_ in {"VBD", "VBN"} and token.head.i == token.i - 1 and _after_quote(token)
        if token.dep_ == "acl" and not reduced:
            continue  # "the plan announced on Monday"; but '"...," the press service informed' is a cue
        if lemma == "point" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
            continue
        subject = _subject(token)
        if lemma == "call" and (_call_content(token) is None or subject is None or subject.lower_ in {"that", "which"}):
            continue  # "called Putin", "a plan that called for": only a speaker's "called for ...", "called X a Y"
        start, end = token.idx, token.idx + len(token)
        for child in token.children:
            if child.dep_ == "prt" and child.i == token.i + 1:
                end = child.idx + len(child)  # "pointed out"
            elif lemma == "tell" and child.dep_ in {"dobj", "dative"} and child.lower_ in _AUDIENCE:
                end = max(end, child.idx + len(child))  # "told reporters"
        cues.append(_Cue(token, start, end, subject))
    return cues


def _after_quote(token: Any) -> bool:
    """Whether a closing quotation mark stands a few tokens before the token (and no verb between)."""
    doc = token.doc
    for i in range(token.i - 1, max(token.i - 8, -1), -1):
        if doc[i].text in {'"', "\u201d"} or (doc[i].text == "," and i > 0 and doc[i - 1].text in {'"', "\u201d"}):
            return True
        if doc[i].pos_ in {"VERB", "AUX"} or doc[i].text in {".", ";", "!", "?"}:
            return False
    return False


def _subject(verb: Any) -> Any:
    if verb.dep_ == "acl" and verb.head.i < verb.i:
        return verb.head  # '"...," the Kremlin press service informed' parsed as a reduced relative
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.dep_ != "nsubjpass":
                return child
        for child in current.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
        # "... and added", "..., adding that": the subject of the verb it hangs on.
        if current.dep_ in {"conj", "advcl", "xcomp"} and current.head.i != current.i:
            current = current.head
            continue
        break
    return None


def _resolution_head(subject: Any) -> Any:
    """The word a speaker is resolved by: a relative pronoun's antecedent, a role noun's name in apposition."""
    verb = subject.head
    if subject.lower_ in _RELATIVE and verb.dep_ == "relcl" and verb.head.i < subject.i:
        return verb.head  # "Ahmed Maiteeq, deputy head of the council, who said ..."
    return _named_apposition(subject)


def _named_apposition(head: Any) -> Any:
    """ "Its chairman, Mustafa Sanalla, warned": a role noun's proper name in apposition speaks."""
    if head.lower_ not in _PERSON_ROLES:
        return head
    for child in head.rights:
        if child.dep_ == "appos" and child.tag_ in {"NNP", "NNPS"}:
            return child
    return head


def _speaker_span(head: Any) -> tuple[int, int]:
    """The speaker phrase: the head with its left modifiers, and "of"-phrases and names after it."""
    left = head.left_edge.i
    tokens = head.doc
    right = head.i
    for child in head.rights:
        of_phrase = child.dep_ == "prep" and (
            child.lower_ in {"of", "for"} or (child.lower_ in {"from", "by"} and head.lower_ in _DOCUMENTS)
        )
        if child.dep_ in {"compound", "flat", "nummod", "case"} or of_phrase:
            right = max(right, child.right_edge.i)
        else:
            break
    # Stop at a comma inside the left part ("Lavrov, who ...": the left part has none usually).
    for i in range(head.i - 1, left - 1, -1):
        if tokens[i].text in {",", "(", ";", ":", '"', "\u201c", "\u201d"}:
            left = i + 1
            break
    while left < head.i and tokens[left].dep_ in {"cc", "punct"}:
        left += 1
    return tokens[left].idx, tokens[right].idx + len(tokens[right])


# --- content of reported speech -----------------------------------------------------------------------


def _clause_span(token: Any, exclude: Any = None) -> tuple[int, int] | None:
    """Character span of a clause's subtree, without leading "that", edge punctuation and ``exclude``'s subtree."""
    tokens = token.doc
    lo, hi = token.left_edge.i, token.right_edge.i
    if exclude is not None:
        ex_lo, ex_hi = exclude.left_edge.i, exclude.right_edge.i
        if ex_lo <= lo <= ex_hi:
            lo = ex_hi + 1
        elif ex_lo <= hi <= ex_hi:
            hi = ex_lo - 1
    while lo <= hi and (tokens[lo].is_punct or (tokens[lo].dep_ in {"mark", "cc"} and tokens[lo].lower_ in _LEADING)):
        lo += 1
    while hi >= lo and tokens[hi].is_punct and tokens[hi].text not in {")", "%"}:
        hi -= 1
    if hi < lo:
        return None
    return tokens[lo].idx, tokens[hi].idx + len(tokens[hi])


def _reported_content(cue: _Cue) -> tuple[int, int] | None:
    verb = cue.token
    if verb.lower_ == "according":
        head = verb.head
        while head.head.i != head.i and head.dep_ not in {"ROOT"} and head.pos_ not in {"VERB", "AUX"}:
            head = head.head
        if head.i == verb.i:
            return None
        span = _clause_span(_root_of(head), exclude=verb)
        return span
    clauses = [c for c in verb.children if c.dep_ in {"ccomp", "csubj"} and not _relative_clause(c)]
    if clauses:
        # "said (that) A and that B": the clauses joined to the first one come with its subtree.
        return _with_continuation(verb, _clause_span(clauses[0]))
    lemma = cue_lemma(verb.text)
    if lemma == "call":
        called = _call_content(verb)
        if called is not None:
            return called
    if lemma in _XCOMP_CUES:
        for child in verb.children:
            if child.dep_ == "xcomp":
                return _clause_span(child)
    for child in verb.children:
        if child.dep_ == "xcomp" and child.tag_ == "VBG":
            return _clause_span(child)  # "denied receiving any aircraft"
    if lemma in _OF_CUES:
        span = _charge_span(verb)
        if span is not None:
            return span
    if verb.dep_ == "parataxis" or (verb.dep_ == "ccomp" and verb.i > verb.head.i and _comma_before(verb)):
        # "The plan, he said, is dead"; "The plan is dead, he said."
        return _clause_span(verb.head, exclude=verb)
    return _with_continuation(verb, _misattached_clause(verb, lemma))


def _relative_clause(clause: Any) -> bool:
    """ "announced an initiative on Saturday that calls for a ceasefire": a clause whose subject is
    "that" or "which" after the verb's object describes the object; it is nothing reported."""
    verb = clause.head
    return any(c.dep_ == "nsubj" and c.tag_ == "WDT" for c in clause.children) and any(
        c.dep_ == "dobj" and c.i < clause.i for c in verb.children
    )


def _with_continuation(verb: Any, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """ "said that Haftar had taken the document and would give his answer by Tuesday": a verb
    joined to the speech verb after its content, with a modal of its own and no subject, goes on
    reporting (the speaker's "will" in reported speech), so it extends the content."""
    if span is None:
        return None
    tokens = verb.doc
    for conj in verb.children:
        if (conj.dep_ == "conj" and tokens[conj.left_edge.i].idx >= span[1]
                and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in conj.children)
                and any(c.dep_ == "aux" and c.lower_ in _REPORTED_MODALS for c in conj.children)):  # fmt: skip
            return span[0], _token_span(tokens, conj.i, conj.right_edge.i)[1]
    return span


def _misattached_clause(verb: Any, lemma: str) -> tuple[int, int] | None:
    """A reported clause the parser hung elsewhere, recognised by what cannot be.

    "said the initiative built on ...": "say" takes no noun with a participle after it as its
    object; "said after the talks that Haftar had taken the document": a relative clause whose
    "that" is an object besides an object of its own is the complement of the speech verb.
    """
    for child in verb.children:
        if lemma == "say" and child.dep_ == "dobj" and child.pos_ in {"NOUN", "PROPN"}:
            for participle in child.rights:
                if participle.dep_ == "acl" and participle.tag_ in {"VBN", "VBD"}:
                    return _token_span(verb.doc, child.left_edge.i, participle.right_edge.i)
        if child.dep_ == "prep":
            for clause in child.subtree:
                first = clause.left_edge
                objects = [c for c in clause.children if c.dep_ == "dobj"]
                if (clause.dep_ == "relcl" and first.lower_ == "that" and first.dep_ == "dobj" and len(objects) > 1
                        and any(c.dep_ == "nsubj" for c in clause.children)):  # fmt: skip
                    return _token_span(verb.doc, first.i + 1, clause.right_edge.i)
    return None


def _call_content(verb: Any) -> tuple[int, int] | None:
    """What "call" says: "called for a ceasefire", "called for A to be B", "called the deal a step"."""
    lo = hi = None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "for":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                lo, hi = objects[0].left_edge.i, child.right_edge.i
        elif child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "for" for c in child.children):
            mark = next(c for c in child.children if c.dep_ == "mark")
            lo, hi = mark.i + 1, child.right_edge.i
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    predicates = [c for c in verb.children if c.dep_ == "oprd"]
    if lo is None and objects and predicates and objects[0].tag_ not in {"WDT", "WP"} and predicates[0].pos_ != "PROPN":
        # "called the deal a fundamental step" judges; "which he called the Cairo Declaration" names
        lo, hi = objects[0].left_edge.i, predicates[0].right_edge.i
    if lo is None or hi is None:
        return None
    return _token_span(verb.doc, lo, hi)


def _charge_span(verb: Any) -> tuple[int, int] | None:
    """ "accused Ankara of breaching the embargo": the accused and the charge."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects or not any(c.dep_ == "prep" and c.lower_ == "of" for c in verb.children):
        return None
    after = [c for c in verb.children if c.i > objects[0].i and c.dep_ not in {"conj", "cc", "punct"}]
    hi = max((c.right_edge.i for c in after), default=objects[0].right_edge.i)
    return _token_span(verb.doc, objects[0].left_edge.i, hi)


def _token_span(tokens: Any, lo: int, hi: int) -> tuple[int, int]:
    """Character span of tokens ``lo`` to ``hi`` without the punctuation that ends it."""
    while hi > lo and tokens[hi].is_punct:
        hi -= 1
    return tokens[lo].idx, tokens[hi].idx + len(tokens[hi])


def _root_of(token: Any) -> Any:
    while token.head.i != token.i and token.dep_ in {"conj", "advcl"}:
        token = token.head
    return token


def _comma_before(verb: Any) -> bool:
    left = verb.left_edge.i
    return bool(left > 0 and verb.doc[left - 1].text == ",")


# --- speakers ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Speaker:
    actor: str | None
    kind: str  # PERSON, ORG, ANY
    text: str
    head: str


class _Resolver:
    """Speaker phrases to actor ids, remembering earlier speakers for pronouns and role nouns."""

    def __init__(self, text: str, entities: Sequence[Entity], actors: Sequence[Actor]) -> None:
        self.text = text
        self.entities = sorted((e for e in entities if e.actor), key=lambda e: (e.start, -e.end))
        self.starts = [e.start for e in self.entities]
        self.kinds = {a.id: a.kind for a in actors}
        self.history: list[tuple[int, _Speaker]] = []

    def kind_of(self, actor: str | None, label: str = "") -> str:
        kind = self.kinds.get(actor or "", "")
        if kind == "PERSON" or (not kind and label == "PERSON"):
            return "PERSON"
        return "ORG"

    def resolve(self, head: Any, start: int, end: int) -> str | None:
        head_lower = head.lower_
        head_start = head.idx
        inside = self._between(start, end)
        holding = [e for e in inside if e.start <= head_start < e.end]
        speaker: _Speaker | None = None
        if holding:
            best = (
                min(holding, key=lambda e: e.end - e.start)
                if head_lower not in _PERSON_ROLES
                else max(holding, key=lambda e: e.end - e.start)
            )
            speaker = _Speaker(best.actor, self.kind_of(best.actor, best.label), self.text[start:end], head_lower)
        elif head_lower in _PRONOUNS:
            wanted = _PRONOUNS[head_lower]
            actor = self._previous_subject(head, wanted) or self._carried(wanted, None, start)
            speaker = _Speaker(actor, wanted if actor is None else self.kind_of(actor), self.text[start:end],
                               head_lower)  # fmt: skip
        elif head_lower in _GATHERINGS:
            speaker = _Speaker(None, "ORG", self.text[start:end], head_lower)
        elif head_lower in _PERSON_ROLES or head_lower in _BODY_ROLES or head.pos_ == "NOUN":
            wanted = "PERSON" if head_lower in _PERSON_ROLES else "ORG"
            named = [e for e in inside if e.label in {"ORG", "GPE", "NORP", "PERSON"}]
            if wanted == "ORG" and named:
                # "the Kremlin press service", "Russian authorities": the body they speak for.
                best = max(named, key=lambda e: (e.label == "ORG", e.end - e.start))
                speaker = _Speaker(best.actor, "ORG", self.text[start:end], head_lower)
            else:
                actor = self._carried(wanted, head_lower, start, named)
                if actor is None and wanted == "ORG" and named:
                    actor = named[0].actor
                speaker = _Speaker(actor, wanted, self.text[start:end], head_lower)
        elif inside:
            best = inside[-1]
            speaker = _Speaker(best.actor, self.kind_of(best.actor, best.label), self.text[start:end], head_lower)
        if speaker is None:
            return None
        self.history.append((start, speaker))
        return speaker.actor

    def _previous_subject(self, head: Any, wanted: str) -> str | None:
        """ "Saleh issued a statement. He proposed ...": the named subject of the sentence before."""
        sentence = head.sent
        if head.i - sentence.start > 1 or sentence.start == 0:
            return None  # only a pronoun that opens its sentence ("He said", "But he said")
        before = head.doc[sentence.start - 1].sent
        subjects = [t for t in before.root.children if t.dep_ == "nsubj"]
        if not subjects:
            return None
        subject = _named_apposition(subjects[0])
        holding = [e for e in self._between(subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge))
                   if e.start <= subject.idx < e.end]  # fmt: skip
        if not holding or holding[0].label in {"NORP", "GPE", "LOC", "FAC"}:
            return None
        actor = holding[0].actor
        return actor if wanted in {"ANY", self.kind_of(actor, holding[0].label)} else None

    def fit(self, span: tuple[int, int], head_start: int, sentence_starts: Sequence[int]) -> tuple[int, int]:
        """A speaker phrase kept within its head's sentence (the parse may run a dateline into
        it: "/North Africa Monitor/. UN Secretary-General Antonio Guterres"), and never cutting
        a name that holds its head in two ("The UN Support Mission" of "... Mission in Libya")."""
        start, end = span
        if sentence_starts:
            start = max(start, sentence_starts[max(bisect.bisect_right(sentence_starts, head_start) - 1, 0)])
        i = bisect.bisect_left(self.starts, start)
        while i < len(self.entities) and self.entities[i].start <= head_start:
            if head_start < self.entities[i].end:
                end = max(end, self.entities[i].end)
            i += 1
        return start, end

    def _between(self, start: int, end: int) -> list[Entity]:
        i = bisect.bisect_left(self.starts, start)
        found = []
        while i < len(self.entities) and self.entities[i].start < end:
            if self.entities[i].end <= end:
                found.append(self.entities[i])
            i += 1
        return found

    def _carried(self, wanted: str, head: str | None, before: int, named: Sequence[Entity] = ()) -> str | None:
        """The nearest earlier speaker (same head word first) or entity of a compatible kind."""
        earlier = [s for at, s in reversed(self.history) if at < before and s.actor]
        if head is not None:
            for speaker in earlier:
                if speaker.head == head:
                    return speaker.actor
        countries = {e.actor for e in named}
        for speaker in earlier:
            if wanted in {"ANY", speaker.kind} and (not countries or speaker.actor not in countries):
                return speaker.actor
        i = bisect.bisect_left(self.starts, before) - 1
        while i >= 0 and before - self.entities[i].start < 2000:
            entity = self.entities[i]
            kind = self.kind_of(entity.actor, entity.label)
            if entity.label not in {"NORP", "GPE", "LOC", "FAC"} and wanted in {"ANY", kind}:
                return entity.actor
            i -= 1
        return None


# --- the extractor -------------------------------------------------------------------------------------


def extract_quotes(
    parse: Any,
    text: str,
    *,
    article_id: str = "",
    sentences: Sequence[Sentence] = (),
    entities: Sequence[Entity] = (),
    actors: Sequence[Actor] = (),
    beliefs: bool = False,
    stage: str = STAGE,
) -> Iterator[Quote]:
    """The quotes of one parsed text in text order (see the module doc); ``beliefs`` adds "thinks", "hopes", ...."""
    quotations = quotation_spans(text)
    cues = _cues(parse, quotations, beliefs)
    resolver = _Resolver(text, entities, actors)
    sentence_starts = [s.start for s in sentences]
    found = _contents(text, quotations, cues)
    found.sort(key=lambda item: item[0])
    last_speaker: tuple[str | None, str | None, int, int, _Cue | None] | None = None
    last_paragraph_end = -1
    for start, end, cue, direct in found:
        carried: _Cue | None = None
        speaker = speaker_text = None
        speaker_start = speaker_end = cue_start = cue_end = -1
        cue_text = None
        if cue is not None:
            cue_start, cue_end, cue_text = cue.start, cue.end, text[cue.start : cue.end]
            if cue.subject is not None:
                speaker_start, speaker_end = resolver.fit(_speaker_span(cue.subject), cue.subject.idx, sentence_starts)
                speaker_text = text[speaker_start:speaker_end]
                head = _resolution_head(cue.subject)
                # The speaker phrase stays what the text says ("who"); the actor is that of the name it stands for.
                span = (
                    (speaker_start, speaker_end)
                    if head is cue.subject
                    else resolver.fit(_speaker_span(head), head.idx, sentence_starts)
                )
                speaker = resolver.resolve(head, *span)
        elif last_speaker is not None and _previous_paragraph(text, start, last_paragraph_end):
            # A quotation going on in the next paragraph: the same speaker, and the cue of a direct quote.
            speaker, speaker_text, speaker_start, speaker_end, carried = last_speaker
            if carried is not None:
                cue_start, cue_end, cue_text = carried.start, carried.end, text[carried.start : carried.end]
        else:
            continue  # a quotation on its own with no speaker before it: a title, a slogan
        if speaker_text is not None:
            last_speaker = (speaker, speaker_text, speaker_start, speaker_end, (cue or carried) if direct else None)
            last_paragraph_end = _paragraph_end(text, max(end, cue_end))
        sentence = max(bisect.bisect_right(sentence_starts, start) - 1, 0) if sentence_starts else -1
        yield Quote(
            article_id, start, end, text[start:end], speaker, speaker_text, cue_text, direct, sentence,
            speaker_start, speaker_end, cue_start, cue_end, stage,
        )  # fmt: skip


def _contents(text: str, quotations: Sequence[Quotation], cues: Sequence[_Cue]) -> list[_Found]:
    """(content start, end, cue, direct) of every quote: quotations first, then reported speech."""
    found: list[_Found] = []
    cue_starts = [c.start for c in cues]
    quoted_by: dict[int, _Cue] = {}
    for position, quotation in enumerate(quotations):
        cue = _trailing_cue(quotation, cues, cue_starts, text, quotations, position)
        leading = _leading_cue(quotation, cues, cue_starts, text, quoted_by)
        if cue is None:
            cue = leading
        elif leading is not None:
            leading.used = True  # 'Peskov said: "...," he emphasized': one quote, the nearer cue
        if cue is None and position > 0:
            cue = _continued_cue(quotation, quotations[position - 1], quoted_by, text)
        if cue is not None:
            cue.used = True
            quoted_by[quotation.end] = cue
            found.append((quotation.inner_start, quotation.inner_end, cue, True))
        elif _stands_alone(quotation, text):
            found.append((quotation.inner_start, quotation.inner_end, None, True))
    for cue in cues:
        if cue.used:
            continue
        span = _reported_content(cue)
        if span is None or _covered(span, found):
            continue
        if span[1] - span[0] < 3:
            continue
        found.append((span[0], span[1], cue, _mostly_quoted(span, quotations)))
    return found


def _trailing_cue(
    quotation: Quotation, cues: Sequence[_Cue], cue_starts: Sequence[int], text: str,
    quotations: Sequence[Quotation], position: int,
) -> _Cue | None:  # fmt: skip
    """ "...," Lavrov said / "...," said Lavrov / "...?" he asked: a cue in the clause after the quotation."""
    if quotation.open_ended:
        return None
    closing = text[quotation.inner_end - 1 : quotation.end + 2]
    after = text[quotation.end : quotation.end + 3]
    if not re.search(r"[,?!\u2014-]", closing) and not re.match(r"\s*[,\u2014]", after):
        return None
    limit = quotations[position + 1].start if position + 1 < len(quotations) else len(text)
    stop = re.search(r"[.!?;\n]", text[quotation.end : limit])
    if stop:
        limit = quotation.end + stop.start()
    i = bisect.bisect_left(cue_starts, quotation.end)
    while i < len(cues) and cues[i].start < limit:
        cue = cues[i]
        gap = cue.token.doc.char_span(quotation.end, cue.start, alignment_mode="expand")
        if cue.token.lower_ != "according" and (gap is None or len(gap) <= _MAX_TRAILING_TOKENS):
            return cue
        i += 1
    return None


def _leading_cue(
    quotation: Quotation, cues: Sequence[_Cue], cue_starts: Sequence[int], text: str, quoted_by: dict[int, _Cue]
) -> _Cue | None:
    """Peskov said: "..." / he said, "..." / and the second half of "...," he said, "..."."""
    i = bisect.bisect_left(cue_starts, quotation.start) - 1
    if i < 0:
        return None
    cue = cues[i]
    gap = text[cue.end : quotation.start]
    if ("\n" in gap and not re.fullmatch(r"\s*:\s*", gap)) or any(ch in _QUOTE_CHARS for ch in gap):
        return None
    after = gap.rstrip()
    if not after.endswith((":", ",")) and not re.fullmatch(r"\s*that\s*", gap):
        return None
    if cue.subject is not None and cue.subject.idx > quotation.start:
        return None
    # Between cue and quotation only the speaker and adverbials: "said on Thursday:", "he said, adding:".
    if len(_WORD.findall(gap)) > 8 or re.search(r"[.;!?]", gap):
        return None
    return cue


def _continued_cue(quotation: Quotation, previous: Quotation, quoted_by: dict[int, _Cue], text: str) -> _Cue | None:
    """ "...," Trump said. "...": a quotation right after a cued one's sentence goes on with its cue."""
    cue = quoted_by.get(previous.end)
    if cue is None or cue.start < previous.end:
        return None
    between = text[cue.end : quotation.start]
    if "\n" in between or not re.search(r"[.!?:]\s*$", between) or len(_WORD.findall(between)) > 12:
        return None
    return cue


def _stands_alone(quotation: Quotation, text: str) -> bool:
    """A quotation that fills its paragraph and is long enough to be speech."""
    paragraph_start = text.rfind("\n", 0, quotation.start) + 1
    paragraph_end = text.find("\n", quotation.end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    before = text[paragraph_start : quotation.start].strip()
    after = text[quotation.end : paragraph_end].strip()
    words = len(_WORD.findall(text[quotation.inner_start : quotation.inner_end]))
    return not before and after in {"", "."} and words >= MIN_CARRIED_WORDS


def _previous_paragraph(text: str, start: int, last_end: int) -> bool:
    if last_end < 0:
        return False
    between = text[last_end:start]
    return between.count("\n") <= 3 and len(between.strip(' \n"\u201c\u201d')) == 0


def _paragraph_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _covered(span: tuple[int, int], found: Iterable[_Found]) -> bool:
    for start, end, _, _ in found:
        overlap = min(end, span[1]) - max(start, span[0])
        if overlap > 0.5 * (span[1] - span[0]):
            return True
    return False


def _mostly_quoted(span: tuple[int, int], quotations: Sequence[Quotation]) -> bool:
    quoted = sum(max(0, min(q.end, span[1]) - max(q.start, span[0])) for q in quotations)
    return quoted >= 0.9 * (span[1] - span[0])


# --- the stage --------------------------------------------------------------------------------------


class QuoteStage(Stage):
    """Direct and reported speech of an article, with speakers resolved to its actors."""

    name = STAGE
    requires = frozenset({"sentences", "parse", "entities", "actors"})
    assigns = frozenset({"quotes"})

    def __init__(self, beliefs: bool = False) -> None:
        self.beliefs = beliefs

    def __call__(self, doc: AnnotatedArticle) -> AnnotatedArticle:
        if doc.parse is None:
            return dataclasses.replace(doc, quotes=(), stats=(*doc.stats, (self.name, "skipped_no_parse", 1.0)))
        text = doc.article.text[: len(doc.parse.text)]
        quotes = tuple(
            extract_quotes(
                doc.parse, text, article_id=doc.article.id, sentences=doc.sentences, entities=doc.entities,
                actors=doc.actors, beliefs=self.beliefs, stage=self.name,
            )
        )  # fmt: skip
        stats = [
            (self.name, "quotes", float(len(quotes))),
            (self.name, "direct", float(sum(q.direct for q in quotes))),
            (self.name, "with_speaker_actor", float(sum(q.speaker is not None for q in quotes))),
        ]
        return dataclasses.replace(doc, quotes=quotes, stats=(*doc.stats, *stats))
