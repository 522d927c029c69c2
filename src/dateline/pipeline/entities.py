"""Named entities: the model's people, organisations, places and nationalities, corrected by rule and list.

The small spaCy model finds most names but misses some (acronyms such as "LNA" after
their definition, names it has not seen), mislabels others ("Field Marshal Khalifa
Haftar" as an organisation) and includes what is no part of a name ("the", a possessive,
a title). One pass over the parse that ``dateline.parse.v1`` made (no second spaCy run):

1. the model's entities of the labels we keep, cleaned: no leading article, title or
   honorific ("President Putin" -> "Putin", which makes it a person), no possessive,
   no stray brackets; "Russian-Italian" becomes two nationalities;
2. names of the actor list (aliases, acronyms, demonyms) found over the tokens, for
   what the model missed or mislabelled; a list name at least as long as the model's
   span wins. Descriptive aliases that start with a name ("Turkish parliament", "UN
   mission in Libya") match in their own case; a listed name of three words or more
   written in lower case ("joint military commission") counts where the article names
   the body's country;
3. acronyms defined in the text ("the Libyan National Army (LNA)") take the label of
   their long form, and every later use of the acronym is tagged;
4. the article agrees with itself: a string tagged once is tagged everywhere, and the
   surname of a person ("Haftar" after "Khalifa Haftar") is a person everywhere;
5. an office named without a name ("Russia's top diplomat", "the Turkish president")
   becomes a person mention when the actor list knows who held that office on the
   publication date.

Text that is not English or is all capitals gives no entities and a note in the run
statistics (``skipped_language``, ``skipped_all_caps``); so does an article with none
(``no_entities``). The statistics also count the entities and the spans that came from
each rule (``from_list`` counts list names, whether or not the model found them too).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dateline.model import AnnotatedArticle, Entity
from dateline.pipeline.base import Stage
from dateline.resources.actors import (
    GIVEN_NAMES,
    HONORIFICS,
    ROLE_WORDS,
    ActorIndex,
    alias_key,
    extra_paths,
    load_actors,
    word_set,
)

__all__ = [
    "LABELS",
    "EntityStage",
    "Spotter",
    "extract_entities",
    "is_all_caps",
    "is_english",
    "make_spotter",
]

LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})

# Dated offices a nominal mention can be resolved by ("Russia's top diplomat").
_OFFICES = frozenset({"head_of_state", "head_of_government", "foreign_minister", "defence_minister", "supreme_leader"})

# English function words: news English has about one in four; other languages almost none.
_ENGLISH = word_set(
    "the of and to is that with for was were said by from on has have had which this it its are be "
    "been not but their they he she his her who will would after also at an as says"
)
# Measured on t17 (2,923 texts of 12 words or more) and re3d: English texts share 0.068
# (a list of photo captions) and up, nearly all above 0.12; t17's pages in Vietnamese
# 0.011 and below, as do the German and Spanish sentences of the tests.
MIN_ENGLISH_SHARE = 0.04
MIN_WORDS_FOR_LANGUAGE = 12
# An article whose letters are at least this share capitals is "all caps" (wire copy of old).
ALL_CAPS_SHARE = 0.85

_WORD = re.compile(r"[^\W\d_]+")
_NORP_PREFIX = re.compile(r"^(?:inter|pro|anti|non|ex|pan|post|pre)[-\u2010\u2011](?=[A-Z])")
_LEADING = re.compile(r"(?:[\s\"'\u201c\u2018(\[{/]|the\s|The\s|THE\s)+")
_TRAILING = re.compile(r"(?:[\s\"'\u201d\u2019)\]},.;:!?/]|['\u2019]s)+$")
# Words that end an organisation's or a place's name: a title before them is part of the name.
_NAME_HEADS = word_set(
    "base airport army forces force ministry council command brigade brigades battalion university "
    "hospital agency office bank party court mosque palace square street road bridge hotel school "
    "college company committee commission front movement guard corps"
)
# Single capitalised words the list spotter and propagation must not tag on their own.
_STOP = word_set(
    "a an the i it he she we they this that these those his her its our their in on at by for of to "
    "and or but if as is was are were be new said says more most"
)


def is_english(text: str) -> bool:
    """Whether the text reads as English: enough English function words among its words."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return True  # too short to tell; the model's own output decides
    share = sum(1 for w in words if w in _ENGLISH) / len(words)
    return share >= MIN_ENGLISH_SHARE


def is_all_caps(text: str) -> bool:
    """Whether the text is written in capitals (at least 20 letters, nearly all upper case)."""
    letters = sum(map(str.isalpha, text))
    return letters >= 20 and sum(map(str.isupper, text)) / letters >= ALL_CAPS_SHARE


# --- the list spotter ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Spotter:
    """Names of the actor list by their word keys: first word -> {word tuple: (label, exact forms)}."""

    phrases: dict[str, dict[tuple[str, ...], tuple[str, frozenset[str]]]]
    longest: int

    def matches(self, words: Sequence[tuple[str, int, int]], text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, label) of list names over ``words`` = (key, start, end), longest first at each word."""
        i = 0
        while i < len(words):
            found = None
            table = self.phrases.get(words[i][0])
            if table:
                for size in range(min(self.longest, len(words) - i), 0, -1):
                    key = tuple(w[0] for w in words[i : i + size])
                    entry = table.get(key)
                    if entry and _accept(text[words[i][1] : words[i + size - 1][2]], entry[1]):
                        found = (words[i][1], words[i + size - 1][2], entry[0], size)
                        break
            if found:
                yield found[:3]
                i += found[3]
            else:
                i += 1


def _accept(surface: str, forms: frozenset[str]) -> bool:
    if surface in forms:
        return True
    first = next((ch for ch in surface if ch.isalpha()), "")
    if not first.isupper():
        return surface.islower() and any(_lower_ok(form) for form in forms)
    if not any(_spottable(form) for form in forms):
        return False  # a description matches only as written ("Turkish parliament")
    # Acronyms and short all-capital names only in their own case ("US", not "us" or "Us").
    return not any(form.isupper() and len(form) <= 6 for form in forms) or surface.isupper()


def _spottable(name: str) -> bool:
    """Names, not descriptions: every word capitalised but for particles and function words."""
    words = re.split(r"[\s\-]+", name.strip())
    if not words or not words[0] or not (words[0][0].isupper() or words[0][:3].lower() in {"al-", "el-"}):
        return words[0].lower() in {"al", "el"} and len(words) > 1
    if len(words) == 1 and words[0].lower() in _STOP:
        return False
    small = {"of", "the", "and", "for", "in", "al", "el", "bin", "ibn", "de", "da", "du", "von", "van", "der", "la",
             "le", "des", "on", "to", "a", "wal", "ad", "as", "ash", "at"}  # fmt: skip
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in small or not w[:1].isalpha() for w in words)


def _descriptive(name: str) -> bool:
    """A description that starts with a name: "Turkish parliament", "UN mission in Libya", "Haftar's forces"."""
    words = name.split()
    return len(words) >= 2 and words[0][:1].isupper() and words[0].lower() not in _STOP


def _lower_ok(name: str) -> bool:
    """A listed name long enough to be the body even in lower case ("Joint Military Commission")."""
    words = re.split(r"[\s\-]+", name)
    return sum(w[:1].isupper() for w in words) >= 3 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


_KIND_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GROUP": "ORG", "COUNTRY": "GPE", "PLACE": "GPE"}


@functools.cache
def make_spotter(index: ActorIndex) -> Spotter:
    """The list spotter of an actor index (built once per index)."""
    phrases: dict[str, dict[tuple[str, ...], tuple[str, set[str]]]] = {}

    def add(name: str, label: str) -> None:
        key = tuple(alias_key(name).split())
        if not key or not (_spottable(name) or _descriptive(name)):
            return
        table = phrases.setdefault(key[0], {})
        old = table.get(key)
        if old is None:
            table[key] = (label, {name})
        else:
            old[1].add(name)

    for actor in index.actors.values():
        label = _KIND_LABELS[actor.kind]
        for name in (actor.name, *actor.aliases):
            add(name, label)
    for key in index.demonyms:
        for word in _demonym_forms(key):
            add(word, "NORP")
    frozen = {
        first: {key: (label, frozenset(forms)) for key, (label, forms) in table.items()}
        for first, table in phrases.items()
    }
    longest = max((len(key) for table in frozen.values() for key in table), default=1)
    return Spotter(frozen, longest)


def _demonym_forms(key: str) -> Iterator[str]:
    # Keys are lowercase; the spotter accepts any capitalised surface of them.
    word = " ".join(part.capitalize() for part in key.split())
    yield word
    if not word.endswith("s"):
        yield word + "s"  # Libyans, Israelis
    else:
        yield word


# --- the stage ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    label: str
    source: str  # model, list, acronym, propagated, surname, office
    priority: int


_PRIORITY = {"office": 0, "mission": 0, "list": 1, "model": 2, "acronym": 3, "surname": 3, "propagated": 4}


class EntityStage(Stage):
    name = "dateline.entities.v1"
    requires = frozenset({"sentences", "parse"})
    assigns = frozenset({"entities"})

    def __init__(self) -> None:
        self.index = load_actors(extra_paths())
        self.spotter = make_spotter(self.index)

    def __call__(self, doc: AnnotatedArticle) -> AnnotatedArticle:
        text = doc.article.text
        note = _skip_reason(text, doc.parse)
        if note:
            return dataclasses.replace(doc, entities=(), stats=(*doc.stats, (self.name, note, 1.0)))
        spans = extract_entities(doc.parse, text, self.index, self.spotter, doc.article.published)
        starts = [s.start for s in doc.sentences]
        entities = tuple(
            Entity(
                doc.article.id, span.start, span.end, text[span.start : span.end], span.label,
                sentence=_sentence_of(starts, span.start), stage=self.name,
            )
            for span in spans
        )  # fmt: skip
        stats = [(self.name, "entities", float(len(entities)))]
        for source in ("list", "acronym", "propagated", "surname", "office"):
            count = sum(1 for span in spans if span.source == source)
            if count:
                stats.append((self.name, f"from_{source}", float(count)))
        if not entities:
            stats.append((self.name, "no_entities", 1.0))
        return dataclasses.replace(doc, entities=entities, stats=(*doc.stats, *stats))


def _skip_reason(text: str, parse: Any) -> str | None:
    if parse is None:
        return "skipped_no_parse"
    if is_all_caps(text):
        return "skipped_all_caps"
    if not is_english(text):
        return "skipped_language"
    return None


def _sentence_of(starts: Sequence[int], offset: int) -> int:
    return max(bisect.bisect_right(starts, offset) - 1, 0) if starts else -1


def extract_entities(
    parse: Any, text: str, index: ActorIndex, spotter: Spotter | None = None, published: date | None = None
) -> list[_Span]:
    """The entity spans of one parsed text, sorted and without overlaps (see the module doc)."""
    spotter = spotter or make_spotter(index)
    shouting = _shouting_ranges(text)
    candidates = [*_model_spans(parse, text, _demonym_words(index)), *_list_spans(parse, text, spotter)]
    # The model reads headlines in capitals as well as it can; list names are not trusted there ("IS", "US").
    candidates = [c for c in candidates if c.source == "model" or not _inside(shouting, c.start)]
    candidates = [c for c in candidates if c.source != "list" or _named_enough(text, c, index)]
    chosen = _resolve(candidates)
    chosen = _resolve([*chosen, *_acronym_spans(chosen, text)])
    chosen = _resolve([*chosen, *_propagated_spans(chosen, text, shouting)])
    chosen = _relabel_surnames(chosen, text)
    offices = list(_office_spans(parse, text, chosen, index, published))
    if offices:
        chosen = _resolve([*chosen, *offices], keep_nested=True)
    missions = list(_mission_spans(text, chosen, index))
    if missions:
        chosen = _resolve([*chosen, *missions])
    return chosen


def _shouting_ranges(text: str) -> list[tuple[int, int]]:
    """Lines in capitals (headlines, slugs): list names and propagated strings are not tagged there."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if is_all_caps(m.group())]


def _inside(ranges: Sequence[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in ranges)


# --- 1. the model's entities, cleaned --------------------------------------------------


@functools.cache
def _demonym_words(index: ActorIndex) -> frozenset[str]:
    return frozenset(index.demonyms) | frozenset(word + "s" for word in index.demonyms) | {"briton", "britons"}


def _model_spans(parse: Any, text: str, demonyms: frozenset[str]) -> Iterator[_Span]:
    for ent in parse.ents:
        if ent.label_ not in LABELS:
            continue
        start = ent.start_char
        if ent.label_ == "PERSON" and len(ent) > 2 and ent[0].text.lower() in demonyms:
            # "Briton Tony Hayward": the nationality is no part of the name
            yield from _cleaned(text, start, ent[0].idx + len(ent[0].text), "NORP", "model")
            start = ent[1].idx
        yield from _cleaned(text, start, ent.end_char, ent.label_, "model")


# Capitalised prepositions the model takes into a name at the start of a sentence ("Near
# Tal Afar, four strikes ..."); the locative ones say the name is a place.
_PREPOSITION = re.compile(r"(?:(Near|Outside|Around|Inside|Across|Along|Into|Within|Towards?)|In|At|From|On) (?=[A-Z])")
# "the city of Husaybah", "the Syrian town of Dabiq": the name after these is a place.
_PLACE_BEFORE = re.compile(
    r"\b(?:city|town|village|province|district|region|governorate|neighbou?rhood|port|area|suburb|island|capital)"
    r"\s+of\s+$",
    re.IGNORECASE,
)


def _cleaned(text: str, start: int, end: int, label: str, source: str) -> Iterator[_Span]:
    start, end = _trim(text, start, end)
    if end <= start:
        return
    preposition = _PREPOSITION.match(text, start, end)
    if preposition:
        start = preposition.end()
        if preposition.group(1) and label in {"PERSON", "ORG", "NORP"}:
            label = "GPE"
    if (
        source == "model"
        and label in {"PERSON", "ORG", "NORP"}
        and _PLACE_BEFORE.search(text, max(0, start - 40), start)
    ):
        label = "GPE"
    if source == "model" and label in {"GPE", "ORG", "LOC"} and _given_name_first(text[start:end]):
        label = "PERSON"
    start, titled = _strip_titles(text, start, end)
    if titled and label in {"ORG", "PERSON", "GPE", "NORP"} and not _has_name_head(text[start:end]):
        label = "PERSON"
    start, end = _trim(text, start, end)
    surface = text[start:end]
    if not _is_name(surface):
        return
    if label == "NORP":
        yield from _norp_parts(text, start, end, source)
        return
    yield _Span(start, end, label, source, _PRIORITY[source])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while True:
        lead = _LEADING.match(text, start, end)
        if lead and lead.end() > start:
            start = lead.end()
            continue
        break
    tail = _TRAILING.search(text[start:end])
    if tail:
        end = start + tail.start()
        if text[end : end + 1] == "." and re.search(r"(?:^|[^\w.])(?:[A-Z]\.)+[A-Z]$", text[start:end]):
            end += 1  # an acronym's last dot ("U.N.")
    # An unbalanced bracket inside a name ("Aguila] Saleh") comes from an editor's insertion.
    while end > start and text[start] in "])}":
        start += 1
    return start, end


def _strip_titles(text: str, start: int, end: int) -> tuple[int, bool]:
    """Move ``start`` past role words and honorifics that precede a capitalised name."""
    titled = False
    while True:
        rest = text[start:end]
        match = _title_prefix(rest)
        if not match:
            return start, titled
        after = rest[match:].lstrip(" .")
        if not after or not (after[0].isupper() or after[:3].lower() in {"al-", "el-"}):
            return start, titled
        start += len(rest) - len(after)
        titled = True


def _title_prefix(span: str) -> int:
    """Length of the longest title or honorific at the start of a span (0 if none)."""
    words = span.split()
    best = 0
    consumed = 0
    for i, word in enumerate(words[:5]):
        consumed = span.index(word, consumed) + len(word)
        phrase = " ".join(words[: i + 1]).lower()
        if phrase in HONORIFICS or (phrase in ROLE_WORDS and words[i][:1].isupper()):
            best = consumed
    return best


def _given_name_first(span: str) -> bool:
    """A span that starts with a common given name and has no word of an organisation or place."""
    words = span.split()
    if not 1 <= len(words) <= 4 or words[0].lower() not in GIVEN_NAMES or _has_name_head(span):
        return False
    return all(word[:1].isupper() or word.lower() in {"al", "bin", "ibn", "abu"} or word[:3] in {"al-", "el-"}
               for word in words)  # fmt: skip


def _has_name_head(span: str) -> bool:
    return any(word.lower() in _NAME_HEADS for word in span.split())


def _is_name(surface: str) -> bool:
    letters = [ch for ch in surface if ch.isalpha()]
    if len(letters) < 2 and not surface.isupper():
        return False
    if not any(ch.isupper() for ch in surface):
        return False
    return surface.lower() not in ROLE_WORDS and surface.lower() not in _STOP


def _norp_parts(text: str, start: int, end: int, source: str) -> Iterator[_Span]:
    """ "inter-Libyan" -> "Libyan"; "Russian-Italian" -> "Russian", "Italian"."""
    prefix = _NORP_PREFIX.match(text[start:end])
    if prefix:
        start += prefix.end()
    parts = list(re.finditer(r"[A-Z][\w']+", text[start:end]))
    if len(parts) == 2 and re.fullmatch(r"[A-Z][\w']+[-\u2010\u2011][A-Z][\w']+", text[start:end]):
        for part in parts:
            yield _Span(start + part.start(), start + part.end(), "NORP", source, _PRIORITY[source])
        return
    yield _Span(start, end, "NORP", source, _PRIORITY[source])


# --- 2. names of the actor list ---------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def _token_key(token: str) -> tuple[str, ...]:
    return tuple(alias_key(token).split())


def _words(parse: Any) -> list[tuple[str, int, int]]:
    words = []
    for token in parse:
        text = token.text
        for part in _token_key(text):
            words.append((part, token.idx, token.idx + len(text)))
    return words


def _named_enough(text: str, span: _Span, index: ActorIndex) -> bool:
    """A list name in lower case ("joint military commission") only where the article names its body's country."""
    surface = text[span.start : span.end]
    if not surface.islower():
        return True
    for actor in index.lookup(surface):
        country = index.country(actor.country)
        if country is None:
            continue
        names = [country.name, *country.aliases, *(a for a, ids in index.demonyms.items() if country.id in ids)]
        if any(re.search(rf"(?<!\w){re.escape(name)}", text, re.IGNORECASE) for name in names if len(name) > 2):
            return True
    return False


def _list_spans(parse: Any, text: str, spotter: Spotter) -> Iterator[_Span]:
    for start, end, label in spotter.matches(_words(parse), text):
        if text[start:end].islower():
            yield _Span(start, end, label, "list", _PRIORITY["list"])  # "joint military commission"
        else:
            yield from _cleaned(text, start, end, label, "list")


# --- resolving overlaps ----------------------------------------------------------------


def _resolve(candidates: Iterable[_Span], keep_nested: bool = False) -> list[_Span]:
    """Non-overlapping spans: longer first; at equal extent the list beats the model.

    A list name that covers a model span exactly takes the list's label (the model says
    "Haftar" is an organisation; the list knows a person). With ``keep_nested`` an office
    mention may contain the country or nationality that names it.
    """
    ordered = sorted(candidates, key=lambda s: (-(s.end - s.start), s.priority, s.start))
    chosen: list[_Span] = []
    for span in ordered:
        clash = [c for c in chosen if c.start < span.end and span.start < c.end]
        if not clash or (keep_nested and all(_nested(c, span) for c in clash)):
            chosen.append(span)
    return sorted(chosen, key=lambda s: (s.start, -s.end))


def _nested(a: _Span, b: _Span) -> bool:
    """An office mention and a span inside it (or the other way round)."""
    if (a.source == "office") == (b.source == "office"):
        return False
    outer, inner = (a, b) if a.source == "office" else (b, a)
    return outer.start <= inner.start and inner.end <= outer.end


# --- 3. acronyms defined in the text ----------------------------------------------------


def _acronym_spans(chosen: Sequence[_Span], text: str) -> Iterator[_Span]:
    """ "Government of National Accord (GNA)": GNA there and everywhere takes the long form's label."""
    defined: dict[str, str] = {}
    for span in chosen:
        match = re.match(r"\s*\(\s*([A-Z][A-Za-z0-9&.\-]{1,9})\s*\)", text[span.end : span.end + 16])
        if not match or span.label in {"PERSON", "NORP"}:
            continue
        acronym = match.group(1)
        if sum(ch.isupper() for ch in acronym) >= 2 and _initials_fit(acronym, text[span.start : span.end]):
            defined[acronym] = span.label
    for acronym, label in defined.items():
        for match in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
            yield _Span(match.start(), match.end(), label, "acronym", _PRIORITY["acronym"])


def _initials_fit(acronym: str, name: str) -> bool:
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", name) if word[0].isupper())
    letters = [ch for ch in acronym.upper() if ch.isalpha()]
    it = iter(initials.upper())
    return len(letters) >= 2 and all(ch in it for ch in letters)


# --- 4. the article agrees with itself ---------------------------------------------------


# Tuned on the seeds and re3d: more strings cost time and add little.
MAX_PROPAGATED = 120


def _propagated_spans(chosen: Sequence[_Span], text: str, shouting: Sequence[tuple[int, int]]) -> Iterator[_Span]:
    """Every other occurrence of a tagged string, with its label; surnames of people as people."""
    labels: dict[str, str] = {}
    for span in chosen:
        surface = text[span.start : span.end]
        if len(surface) > 2 and surface.lower() not in _STOP and surface[0].isupper():
            labels.setdefault(surface, span.label)
        if span.label == "PERSON":
            surname = _surname_text(surface)
            if surname and surname != surface:
                labels.setdefault(surname, "PERSON")
    if not labels:
        return
    strings = sorted(list(labels)[:MAX_PROPAGATED], key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, strings)) + r")(?![\w-])")
    for match in pattern.finditer(text):
        if not _inside(shouting, match.start()):
            yield _Span(match.start(), match.end(), labels[match.group()], "propagated", _PRIORITY["propagated"])


def _surname_text(name: str) -> str | None:
    """The surname as written ("Khalifa Haftar" -> "Haftar", "Fayez al-Sarraj" -> "al-Sarraj")."""
    words = name.split()
    if len(words) < 2:
        return None
    last = words[-1]
    if re.fullmatch(r"[IVX]+|Jr\.?|Sr\.?", last):
        return None
    if len(words) >= 3 and words[-2].lower() in {"al", "el", "bin", "ibn", "abu", "de", "van", "von", "le"}:
        return f"{words[-2]} {last}"
    core = re.sub(r"^(?:al|el|Al|El)[-\u2010]", "", last)
    return last if len(core) > 2 and core[0].isupper() else None


def _relabel_surnames(chosen: Sequence[_Span], text: str) -> list[_Span]:
    """A single word that is the surname of a person named in full is a person ("Haftar", not ORG)."""
    surnames = {
        (_surname_text(text[s.start : s.end]) or "").lower()
        for s in chosen
        if s.label == "PERSON" and " " in text[s.start : s.end]
    }
    surnames.discard("")
    out = []
    for span in chosen:
        surface = text[span.start : span.end]
        if span.label in {"ORG", "FAC"} and surface.lower() in surnames:
            out.append(dataclasses.replace(span, label="PERSON", source="surname"))
        else:
            out.append(span)
    return out


# --- 5. offices named without a name -------------------------------------------------------


def _office_spans(
    parse: Any, text: str, chosen: Sequence[_Span], index: ActorIndex, published: date | None
) -> Iterator[_Span]:
    """ "Russia's top diplomat", "the Turkish president": a person when the list knows the holder."""
    if published is None:
        return
    for span in chosen:
        if span.label not in {"GPE", "NORP"}:
            continue
        country = _country_of(text[span.start : span.end], span.label, index)
        if country is None:
            continue
        found = _office_after(parse, text, span.end)
        if not found:
            continue
        end, key = found
        if len(index.holders(key, country, published)) == 1:
            yield _Span(span.start, end, "PERSON", "office", _PRIORITY["office"])


_MISSION = re.compile(r"(?:['\u2019]s)?\s+(?:[Ee]mbassy|[Cc]onsulate)(?:-[Gg]eneral)?\b(?P<in>\s+(?:in|to)\s+)?")


_BODY_MISSION = re.compile(r"\s+mission\b(?!\s+(?:in|to)\s+[A-Z])")


def _mission_spans(text: str, chosen: Sequence[_Span], index: ActorIndex) -> Iterator[_Span]:
    """ "the US embassy in Libya", "Turkey's consulate": a country's mission is an organisation of its own;
    so is an international body's ("the UN mission"), which the actors stage places in the story's country."""
    starts = {span.start: span for span in chosen}
    for span in chosen:
        if span.label == "ORG" and _international(text[span.start : span.end], index):
            body = _BODY_MISSION.match(text, span.end)
            if body is not None:
                yield _Span(span.start, body.end(), "ORG", "mission", _PRIORITY["mission"])
            continue
        if span.label not in {"GPE", "NORP"} or _country_of(text[span.start : span.end], span.label, index) is None:
            continue
        match = _MISSION.match(text, span.end)
        if match is None:
            continue
        if not match["in"]:
            end = match.end()
        else:  # "... in Libya" when a place follows, else the mission alone
            host = starts.get(match.end())
            end = host.end if host is not None and host.label == "GPE" else match.start("in")
        yield _Span(span.start, end, "ORG", "mission", _PRIORITY["mission"])


def _international(surface: str, index: ActorIndex) -> bool:
    """Whether a name is an international body's that is not itself a mission ("UN", not "UNSMIL")."""
    return any(a.kind == "ORG" and a.sector == "IGO" and "mission" not in a.name.lower() for a in index.lookup(surface))


def _country_of(surface: str, label: str, index: ActorIndex) -> str | None:
    if label == "NORP":
        actor = index.by_demonym(surface)
    else:
        found = [a for a in index.lookup(surface) if a.kind == "COUNTRY"]
        actor = found[0] if found else None
    return actor.country if actor is not None and actor.kind == "COUNTRY" else None


def _office_after(parse: Any, text: str, offset: int) -> tuple[int, str] | None:
    """(end, office key) of an office phrase right after ``offset`` not followed by a name."""
    rest = text[offset : offset + 60]
    match = re.match(
        r"(?:['\u2019]s)?\s+((?:top|chief|new|current|then|acting|interim)\s+)?([A-Za-z][A-Za-z -]{2,40})", rest
    )
    if not match:
        return None
    words = match.group(2).split()
    for size in range(min(4, len(words)), 0, -1):
        phrase = " ".join(words[:size]).lower()
        if match.group(1):
            phrase = f"{match.group(1).strip().lower()} {phrase}" if phrase == "diplomat" else phrase
        role = ROLE_WORDS.get(phrase)
        if role is None or role.key not in _OFFICES:
            continue
        end = offset + match.start(2) + len(" ".join(words[:size]))
        following = text[end : end + 40].lstrip()
        if following[:1].isupper() and not following.startswith(("On ", "In ", "The ", "He ", "She ")):
            return None  # a name follows: the title belongs to it
        return end, role.key
    return None
