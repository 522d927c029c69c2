"""PLOVER event coding resources: the lexicon, the CAMEO crosswalk, actor codes and the sentence classifier.

Everything here is data we wrote or trained ourselves and ship in ``resources/data``:

- ``plover_lexicon.txt``: trigger words and their constraints, noun classes, context and mode cues
  (its header documents the format);
- ``plover_actors.json``: country names, demonyms and capitals -> ISO 3166 alpha-3, organisation
  names -> PLOVER non-state codes, and head nouns -> PLOVER sector codes;
- ``plover_classifier.npz``: a linear model (vocabulary, coefficients, intercepts) that gives the
  probability of each CAMEO quad class of a sentence; inference is a few numpy lines, and
  ``dateline.evaluate.train_events`` retrains it.

Each file is parsed once per process. Errors in them are numbered E500-E509.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "CAMEO_ROOTS",
    "CONFLICT_TYPES",
    "COOPERATIVE_TYPES",
    "MATERIAL_CONFLICT_TYPES",
    "PLOVER_CAMEO",
    "PLOVER_TYPES",
    "QUAD_NAMES",
    "ActorTable",
    "Entry",
    "Lexicon",
    "LinearClassifier",
    "ResourceError",
    "cameo_root",
    "load_actor_table",
    "load_classifier",
    "load_lexicon",
    "noun_lemma",
    "quad_class",
    "trigger_words",
    "verb_lemma",
]

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
COOPERATIVE_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
CONFLICT_TYPES = frozenset(
    {"REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
)
MATERIAL_CONFLICT_TYPES = frozenset({"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
# Lexicon kinds that are not PLOVER types (see the lexicon header).
_KINDS = frozenset({"LIGHT", "INTENT", "REVERSE", "NONE"})

# The CAMEO root each PLOVER type comes from when an entry names no code of its own. CONCEDE and
# RETREAT split CAMEO 08 (YIELD); REQUEST is CAMEO 10 (DEMAND) unless the entry is an appeal (02).
PLOVER_CAMEO = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07", "CONCEDE": "08",
    "RETREAT": "08", "REQUEST": "10", "ACCUSE": "11", "REJECT": "12", "THREATEN": "13", "PROTEST": "14",
    "MOBILIZE": "15", "SANCTION": "16", "COERCE": "17", "ASSAULT": "19",
}  # fmt: skip
CAMEO_ROOTS = {
    "01": "make public statement", "02": "appeal", "03": "express intent to cooperate", "04": "consult",
    "05": "engage in diplomatic cooperation", "06": "engage in material cooperation", "07": "provide aid",
    "08": "yield", "09": "investigate", "10": "demand", "11": "disapprove", "12": "reject", "13": "threaten",
    "14": "protest", "15": "exhibit force posture", "16": "reduce relations", "17": "coerce", "18": "assault",
    "19": "fight", "20": "use unconventional mass violence",
}  # fmt: skip
# CAMEO root -> quad class in the five-class ("penta class") convention of the Phoenix data and of the
# ConfliBERT CAMEO sentence labels: 0 neutral (statements, appeals), 1 verbal cooperation, 2 material
# cooperation, 3 verbal conflict (which puts 16 "reduce relations" with threats and demands), 4 material
# conflict. The training split agrees: its sanction, expulsion and suspension sentences are class 3.
_QUAD = {
    "01": 0, "02": 0, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2, "09": 3, "10": 3, "11": 3,
    "12": 3, "13": 3, "14": 4, "15": 4, "16": 3, "17": 4, "18": 4, "19": 4, "20": 4,
}  # fmt: skip
QUAD_NAMES = ("neutral", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict")

_DATA = "dateline.resources.data"


class ResourceError(ValueError):
    """A resource file that cannot be read or parsed."""


def cameo_root(code: str | None) -> str | None:
    """The two-digit CAMEO root of a code ("0841" -> "08")."""
    return code[:2] if code else None


def quad_class(code: str | None) -> int | None:
    """The quad class (0-4, see ``QUAD_NAMES``) of a CAMEO code."""
    root = cameo_root(code)
    return _QUAD.get(root) if root else None


# --- lemmas -------------------------------------------------------------------------

# Irregular verbs the lexicon and the reporting verbs need: base, then its other forms.
_IRREGULAR = """
arise arose arisen; bear bore borne born; beat beaten; begin began begun; bid; blow blew blown;
break broke broken; bring brought; build built; burn burnt; buy bought; catch caught; choose chose chosen;
come came; cut; deal dealt; dig dug; do did done does; draw drew drawn; drive drove driven; eat ate eaten;
fall fell fallen; feed fed; feel felt; fight fought; find found; flee fled; fly flew flown flies;
forbid forbade forbidden; forgive forgave forgiven; freeze froze frozen; get got gotten; give gave given;
go went gone goes; hang hung; have has had; hear heard; hide hid hidden; hit; hold held; hurt; keep kept;
lay laid; lead led; leave left; lend lent; let; lie lay lain; light lit; lose lost; make made; mean meant;
meet met; overrun overran; pay paid; put; quit; read; ride rode ridden; rise rose risen; run ran;
say said; see saw seen; seek sought; sell sold; send sent; set; shake shook shaken; shoot shot; shut;
sink sank sunk; sit sat; slay slew slain; speak spoke spoken; spend spent; split; spread; stand stood;
steal stole stolen; stick stuck; strike struck stricken; swear swore sworn; take took taken; teach taught;
tear tore torn; tell told; think thought; throw threw thrown; understand understood; undertake undertook
undertaken; uphold upheld; wake woke woken; wear wore worn; win won; withdraw withdrew withdrawn;
withhold withheld; write wrote written; be is are was were been am; overtake overtook overtaken; retake retook retaken;
give_up gave_up; shoot_down
"""
_VOWELS = frozenset("aeiou")


def _verb_forms(lemma: str) -> set[str]:
    """Regular inflections of a verb, generated generously: a form no text uses costs nothing."""
    forms = {lemma}
    last = lemma[-1]
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(lemma + "es")
    if last == "y" and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        forms.add(lemma + "s")
    if last == "e":
        forms |= {lemma + "d", lemma[:-1] + "ing"}
        if lemma.endswith("ie"):
            forms.add(lemma[:-2] + "ying")
        if lemma.endswith(("ee", "ye", "oe")):
            forms.add(lemma + "ing")
    elif not (last == "y" and len(lemma) > 1 and lemma[-2] not in _VOWELS):
        forms |= {lemma + "ed", lemma + "ing"}
    # Doubled final consonant (ban -> banned, commit -> committed); harmless where it does not apply.
    if len(lemma) > 2 and last not in _VOWELS and last not in "wxy" and lemma[-2] in _VOWELS:
        forms |= {lemma + last + "ed", lemma + last + "ing"}
    if lemma.endswith("c"):
        forms |= {lemma + "ked", lemma + "king"}
    return forms


def _noun_forms(lemma: str) -> set[str]:
    forms = {lemma}
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma.endswith("man"):
        forms.add(lemma[:-3] + "men")
    return forms


@functools.cache
def _irregular() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _IRREGULAR.replace("\n", " ").split(";"):
        words = [w.replace("_", " ") for w in group.split()]
        if words:
            for word in words:
                table.setdefault(word, words[0])
    return table


# Verbs outside the lexicon that the stage needs by lemma: reporting verbs and modal-like verbs.
REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "announce",
        "report",
        "state",
        "claim",
        "add",
        "insist",
        "stress",
        "reiterate",
        "confirm",
        "note",
        "declare",
        "warn",
        "write",
        "explain",
        "argue",
        "assert",
        "affirm",
        "allege",
        "charge",
        "quote",
        "cite",
        "inform",
        "remind",
        "testify",
        "acknowledge",
        "disclose",
        "reveal",
        "indicate",
        "suggest",
        "believe",
        "think",
        "according",
        "told",
    ]
)


# Other verbs the event stage looks up by lemma: control, occurrence and harm verbs.
STAGE_VERBS = frozenset(
    [
        "fail",
        "refuse",
        "continue",
        "try",
        "attempt",
        "help",
        "die",
        "occur",
        "happen",
        "erupt",
        "flare",
        "rage",
        "last",
        "spread",
        "perish",
        "suffer",
        "flee",
        "displace",
        "damage",
        "thwart",
        "foil",
        "repel",
        "repulse",
        "succeed",
        "urge",
        "ask",
        "call",
        "order",
        "press",
        "force",
        "allow",
        "permit",
        "encourage",
        "invite",
        "persuade",
        "tell",
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
        "go",
        "leave",
        "wound",
        "injure",
        "hit",
        "rock",
        "intensify",
        "escalate",
        "follow",
        "target",
        "strike",
        "claim",
        "break",
        "take",
        "begin",
        "start",
        "end",
        "resume",
        "kill",
        "destroy",
        "be",
    ]
)


@functools.cache
def _verb_table() -> dict[str, str]:
    table = dict(_irregular())
    lexicon = load_lexicon()
    lemmas = {entry.lemma for entries in lexicon.verbs.values() for entry in entries}
    lemmas |= REPORTING_VERBS | STAGE_VERBS
    for lemma in sorted(lemmas):
        last = lemma.rsplit("-", 1)[-1]
        for form in _verb_forms(last):
            table.setdefault(form, last)
    return table


@functools.cache
def _noun_table() -> dict[str, str]:
    table: dict[str, str] = {}
    lexicon = load_lexicon()
    words = {entry.lemma for entries in lexicon.nouns.values() for entry in entries}
    for members in lexicon.classes.values():
        words |= members
    for entries in (*lexicon.verbs.values(), *lexicon.nouns.values(), *lexicon.adjectives.values()):
        for entry in entries:
            for constraint in entry.constraints:
                words |= {w for w in constraint.words if w[0] not in "@&" and w not in ("CLAUSE", "INF", "OBJ")}
    words |= set(load_actor_table().sectors)
    for word in sorted(words):
        last = word.replace("_", " ").rsplit(" ", 1)[-1].rsplit("-", 1)[-1]
        for form in _noun_forms(last):
            table.setdefault(form, last)
    table.update({"people": "people", "police": "police", "media": "media", "talks": "talk", "arms": "arm"})
    return table


@functools.cache
def trigger_words() -> frozenset[str]:
    """Every lowercase word that can be the trigger of an entry: a fast first test for each token."""
    lexicon = load_lexicon()
    words = {form for form, lemma in _verb_table().items() if lemma in lexicon.verbs}
    words |= {form for form, lemma in _noun_table().items() if lemma in lexicon.nouns}
    words |= set(lexicon.adjectives) | set(lexicon.verbs) | set(lexicon.nouns)
    return frozenset(words)


def verb_lemma(word: str) -> str:
    """The lemma of a verb form the lexicon knows (lowercase); other words come back lowercased."""
    lower = word.lower()
    return _verb_table().get(lower, lower)


def noun_lemma(word: str) -> str:
    """The singular of a noun the lexicon or the sector table knows (lowercase)."""
    lower = word.lower()
    return _noun_table().get(lower, lower)


# --- the lexicon ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Constraint:
    """One constraint of an entry: a particle, an object or a modifier, with its alternatives."""

    kind: str  # particle, object, modifier, subject
    words: tuple[str, ...]  # lemmas, "@class", "&LABEL" or "CLAUSE"


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon line: a trigger word, its constraints and what it codes."""

    type: str  # a PLOVER type, or LIGHT, INTENT, REVERSE, NONE
    cameo: str | None
    mode: str | None
    pos: str  # V, N, A
    lemma: str
    constraints: tuple[Constraint, ...]
    prior: float
    line: int
    pattern: str

    @property
    def id(self) -> str:
        return f"{self.type}:{self.pattern}"

    @property
    def specificity(self) -> int:
        return len(self.constraints)


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    adjectives: dict[str, tuple[Entry, ...]]
    classes: dict[str, frozenset[str]]
    contexts: dict[str, frozenset[str]]
    mode_cues: dict[str, tuple[tuple[str, frozenset[str]], ...]]
    by_id: dict[str, Entry] = field(default_factory=dict)


_PRIOR = {"V": 0.8, "A": 0.8, "N": 0.7}


def _parse_entry(line: str, number: int) -> Entry:
    parts = line.split()
    if len(parts) < 4:
        raise ResourceError(f"E501 lexicon line {number}: expected TYPE CAMEO MODE PATTERN, got {line!r}")
    kind, cameo, mode, *pattern = parts
    if kind not in PLOVER_TYPES and kind not in _KINDS:
        raise ResourceError(f"E502 lexicon line {number}: unknown type {kind!r}")
    if cameo != "-" and not re.fullmatch(r"\d{2,4}", cameo):
        raise ResourceError(f"E503 lexicon line {number}: CAMEO code {cameo!r} is not 2-4 digits")
    head = pattern[0]
    pos = "V"
    if head[:2] in ("n:", "a:"):
        pos, head = head[0].upper(), head[2:]
    prior = _PRIOR[pos]
    constraints: list[Constraint] = []
    shown: list[str] = []
    for token in pattern[1:]:
        if token.startswith("~"):
            try:
                prior = float(token[1:])
            except ValueError:
                raise ResourceError(f"E504 lexicon line {number}: bad prior {token!r}") from None
            continue
        shown.append(token)
        if token.startswith("+"):
            constraints.append(Constraint("object", tuple(token[1:].split("|"))))
        elif token.startswith("^"):
            constraints.append(Constraint("modifier", tuple(token[1:].split("|"))))
        elif token.startswith("="):
            constraints.append(Constraint("subject", tuple(token[1:].split("|"))))
        else:
            constraints.append(Constraint("particle", (token,)))
    text = " ".join([pattern[0], *shown])
    return Entry(
        type=kind,
        cameo=None if cameo == "-" else cameo,
        mode=None if mode == "-" else mode,
        pos=pos,
        lemma=head.lower(),
        constraints=tuple(constraints),
        prior=prior,
        line=number,
        pattern=text,
    )


def parse_lexicon(text: str) -> Lexicon:
    """A lexicon from its text (see the header of ``plover_lexicon.txt`` for the format)."""
    verbs: dict[str, list[Entry]] = {}
    nouns: dict[str, list[Entry]] = {}
    adjectives: dict[str, list[Entry]] = {}
    classes: dict[str, frozenset[str]] = {}
    contexts: dict[str, frozenset[str]] = {}
    cues: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line[0] in "@%&":
            name, sep, words = line.partition("=")
            if not sep:
                raise ResourceError(f"E505 lexicon line {number}: expected NAME = words, got {raw!r}")
            members = frozenset(w.lower() for w in words.split())
            name = name.strip()
            if line[0] == "@":
                classes[name[1:]] = members
            elif line[0] == "%":
                contexts[name[1:]] = members
            else:
                kind, _, mode = name[1:].partition(".")
                if kind not in PLOVER_TYPES or not mode:
                    raise ResourceError(f"E506 lexicon line {number}: expected &TYPE.mode, got {name!r}")
                cues.setdefault(kind, []).append((mode, members))
            continue
        entry = _parse_entry(line, number)
        table = {"V": verbs, "N": nouns, "A": adjectives}[entry.pos]
        key = entry.lemma.replace("_", " ").rsplit(" ", 1)[-1].rsplit("-", 1)[-1]
        table.setdefault(key, []).append(entry)
    for table in (verbs, nouns, adjectives):
        for entries in table.values():
            for entry in entries:
                for constraint in entry.constraints:
                    for word in constraint.words:
                        if word.startswith("@") and word[1:] not in classes:
                            raise ResourceError(f"E507 lexicon line {entry.line}: unknown class {word!r}")
    everything = [e for table in (verbs, nouns, adjectives) for entries in table.values() for e in entries]
    return Lexicon(
        verbs={k: tuple(v) for k, v in verbs.items()},
        nouns={k: tuple(v) for k, v in nouns.items()},
        adjectives={k: tuple(v) for k, v in adjectives.items()},
        classes=classes,
        contexts=contexts,
        mode_cues={k: tuple(v) for k, v in cues.items()},
        by_id={e.id: e for e in everything},
    )


def _read(name: str) -> str:
    try:
        return resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as error:
        raise ResourceError(f"E500 resource {name} is missing from the package ({error})") from None


@functools.cache
def load_lexicon() -> Lexicon:
    """The shipped PLOVER lexicon, parsed once per process."""
    return parse_lexicon(_read("plover_lexicon.txt"))


# --- actor codes ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorTable:
    """Names -> PLOVER actor codes: ISO 3166 alpha-3 for countries, IGO/NGO/... for the rest."""

    names: dict[str, str]  # lowercase name, demonym or capital -> code
    sectors: dict[str, str]  # lowercase head noun or title -> sector
    longest: int  # words in the longest name

    def country(self, words: Iterable[str]) -> str | None:
        """The code of the longest known name among ``words`` (lowercase tokens, in order)."""
        tokens = list(words)
        for size in range(min(self.longest, len(tokens)), 0, -1):
            for start in range(len(tokens) - size + 1):
                code = self.names.get(" ".join(tokens[start : start + size]))
                if code:
                    return code
        return None


@functools.cache
def load_actor_table() -> ActorTable:
    """The shipped actor-code table, parsed once per process."""
    try:
        data = json.loads(_read("plover_actors.json"))
        names = {str(k): str(v) for k, v in data["names"].items()}
        sectors = {str(k): str(v) for k, v in data["sectors"].items()}
    except (json.JSONDecodeError, KeyError, AttributeError) as error:
        raise ResourceError(f"E508 plover_actors.json is malformed ({error})") from None
    return ActorTable(names, sectors, max((len(n.split()) for n in names), default=1))


# --- the sentence classifier -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinearClassifier:
    """A multinomial logistic regression over sparse binary features, evaluated with numpy."""

    vocabulary: dict[str, int]
    coef: np.ndarray[Any, np.dtype[np.float64]]  # (features, classes)
    intercept: np.ndarray[Any, np.dtype[np.float64]]  # (classes,)
    classes: tuple[int, ...]
    meta: Mapping[str, str]

    def proba(self, features: Iterable[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Class probabilities for one item given its feature names (unknown names are ignored)."""
        rows = sorted({self.vocabulary[f] for f in features if f in self.vocabulary})
        scores = self.intercept + (self.coef[rows].sum(axis=0) if rows else 0.0)
        scores = scores - scores.max()
        exp = np.exp(scores)
        result: np.ndarray[Any, np.dtype[np.float64]] = exp / exp.sum()
        return result


def read_classifier(path: Path | str) -> LinearClassifier:
    """A classifier from an ``.npz`` written by ``dateline.evaluate.train_events`` (no pickles)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            vocabulary = {str(w): i for i, w in enumerate(data["vocabulary"].tolist())}
            coef = np.asarray(data["coef"], dtype=np.float64)
            intercept = np.asarray(data["intercept"], dtype=np.float64)
            classes = tuple(int(c) for c in data["classes"].tolist())
            meta = {
                str(k): str(v) for k, v in zip(data["meta_keys"].tolist(), data["meta_values"].tolist(), strict=True)
            }
    except (OSError, KeyError, ValueError) as error:
        raise ResourceError(f"E509 classifier {path} cannot be read ({error})") from None
    if coef.shape != (len(vocabulary), len(classes)) or intercept.shape != (len(classes),):
        raise ResourceError(f"E509 classifier {path} has inconsistent shapes {coef.shape} / {intercept.shape}")
    return LinearClassifier(vocabulary, coef, intercept, classes, meta)


@functools.cache
def load_classifier() -> LinearClassifier | None:
    """The shipped sentence classifier, or None when the package carries none (rules alone then)."""
    source = resources.files(_DATA).joinpath("plover_classifier.npz")
    if not source.is_file():
        return None
    with resources.as_file(source) as path:
        return read_classifier(path)
