"""Canonical actors: every entity mention of an article resolved to one actor record.

Within an article, mentions of one actor are grouped first, then the group is looked up:

- people: a surname or a shorter form joins the fuller name it belongs to ("Lavrov" after
  "Sergey Lavrov", "al-Thani" after "Abdullah Abdurrahman al-Thani"); an office named
  without a name ("Russia's top diplomat") is the person the actor list says held it on
  the publication date;
- organisations: an acronym defined in the text joins its long form ("the Libyan National
  Army (LNA)" ... "the LNA"); the same name (case, "the", possessive aside) is one actor;
  a body named along with exactly one of its parts is that part ("the US military" ... "US
  Africa Command");
- places and countries by name; nationalities ("Russian") are the country they name, not
  an actor of their own.

A group whose names the actor list knows gets the list's id, kind, country and sector (the
sector and country of the role held on the publication date when there is one). Other
groups get an id made from their longest name (``person:ahmed-al-mismari``) and a country
and sector read from the words around them: role words ("Foreign Minister",
"spokesman", "Field Marshal", "militia"), nationality adjectives ("Russian"), a country's
possessive ("Libya's"), and the organisation they speak or act for ("LNA spokesman").
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from dateline.model import Actor, AnnotatedArticle, Entity, Role
from dateline.pipeline.base import Stage
from dateline.resources.actors import (
    HONORIFICS,
    ROLE_WORDS,
    ActorIndex,
    RoleWord,
    actor_id,
    alias_key,
    extra_paths,
    load_actors,
    name_tokens,
    role_key,
    surname_key,
    title_sector,
    word_set,
)

__all__ = ["ActorStage", "resolve_actors"]

# Words inside an organisation's name -> (kind, sector); the first that matches decides.
_ORG_WORDS: tuple[tuple[str, str, str], ...] = (
    (r"\b(?:militias?|brigades?|battalions?|rebels?|jihad\w*|mujahideen|insurgents?|front|"
     r"liberation|resistance|jaish|harakat|ansar|kata'?ib|faylaq|liwa)\b", "GROUP", "REB"),
    (r"\b(?:party|parties)\b", "ORG", "PTY"),
    (r"\b(?:opposition)\b", "ORG", "OPP"),
    (r"\b(?:army|armed forces|forces?|air force|navy|military|command|regiment|division|corps|guard|"
     r"defen[cs]e ministry|ministry of defen[cs]e|marines?)\b", "ORG", "MIL"),
    (r"\b(?:police|gendarmerie)\b", "ORG", "COP"),
    (r"\b(?:intelligence|security service)\b", "ORG", "SPY"),
    (r"\b(?:parliament|congress|assembly|senate|duma|house of|legislative|majlis)\b", "ORG", "LEG"),
    (r"\b(?:court|tribunal|judiciary|prosecutor\w*)\b", "ORG", "JUD"),
    (r"\b(?:news|agency|press|television|tv|radio|times|post|journal|gazette|herald|broadcasting|media)\b",
     "ORG", "MED"),
    (r"\b(?:united nations|un|nato|union|league|organi[sz]ation of|commission)\b", "ORG", "IGO"),
    (r"\b(?:red cross|red crescent|foundation|charity|watch|amnesty|relief|aid|ngo)\b", "ORG", "NGO"),
    (r"\b(?:university|institute|school|college|academy)\b", "ORG", "EDU"),
    (r"\b(?:church|mosque|diocese|patriarchate|waqf|ulema|clerics?)\b", "ORG", "REL"),
    (r"\b(?:ministry|government|cabinet|council|presidency|embassy|consulate|office|department|administration|"
     r"kremlin|authority|authorities)\b", "ORG", "GOV"),
    (r"\b(?:company|corporation|corp|inc|ltd|group|bank|oil|petroleum|gas|airlines?|holding)\b", "ORG", "BUS"),
)  # fmt: skip
_ORG_PATTERNS = tuple((re.compile(pattern, re.IGNORECASE), kind, sector) for pattern, kind, sector in _ORG_WORDS)

# Words that may stand between a name and the role words before it ("Russia's top diplomat").
_CONTEXT_WORDS = word_set(
    "top chief senior deputy acting interim former then current new foreign defence defense interior "
    "press ministry service affairs state the 's of for and military army"
)
_ROLE_VOCABULARY = frozenset(word for phrase in ROLE_WORDS for word in phrase.split()) | _CONTEXT_WORDS
_CONTEXT_CHARS = 90  # a role phrase is rarely longer ("High Representative for Foreign Affairs ...")
_WORD = re.compile(r"[\w.'\u2019-]+")
_ACRONYM = re.compile(r"[A-Z][A-Z.&]{1,4}")


@dataclass(slots=True)
class _Group:
    """Mentions of one actor in one article."""

    label: str
    names: list[str] = field(default_factory=list)
    members: list[int] = field(default_factory=list)  # entity positions
    tokens: set[str] = field(default_factory=set)
    surname: str | None = None
    office: Actor | None = None  # resolved from an office mention
    listed: str | None = None  # the listed actor its mentions were keyed to, read in their context
    context: list[tuple[RoleWord | None, str | None, str | None, Actor | None]] = field(default_factory=list)
    # (role word, role phrase, country from context, organisation from context)


class ActorStage(Stage):
    name = "dateline.actors.v1"
    requires = frozenset({"entities"})
    assigns = frozenset({"actors"})

    def __init__(self) -> None:
        self.index = load_actors(extra_paths())

    def __call__(self, doc: AnnotatedArticle) -> AnnotatedArticle:
        entities, actors = resolve_actors(doc.entities, doc.article.text, doc.article.published, self.index)
        listed = sum(1 for actor in actors if actor.id in self.index.actors)
        unresolved = sum(1 for entity in entities if entity.actor is None)
        stats = [
            (self.name, "actors", float(len(actors))),
            (self.name, "listed_actors", float(listed)),
            (self.name, "new_actors", float(len(actors) - listed)),
        ]
        if unresolved:
            stats.append((self.name, "unresolved_mentions", float(unresolved)))
        return dataclasses.replace(doc, entities=entities, actors=actors, stats=(*doc.stats, *stats))


def resolve_actors(
    entities: Sequence[Entity], text: str, published: date | None, index: ActorIndex
) -> tuple[tuple[Entity, ...], tuple[Actor, ...]]:
    """Entities with their ``actor`` ids set, and the actors they refer to (first mention first)."""
    if not entities:
        return (), ()
    countries = _countries_mentioned(entities, index)
    groups: list[_Group] = []
    person_groups: list[_Group] = []
    by_key: dict[tuple[str, str], _Group] = {}
    nearby = _nearby_countries(entities, index)
    keys = [_entity_key(e, index, countries, near) for e, near in zip(entities, nearby, strict=True)]
    acronyms = _acronym_links(entities, text, keys)
    parts = _part_links(keys, index)
    for position, entity in enumerate(entities):
        if entity.label == "PERSON":
            group = _person_group(entity, text, published, index, person_groups)
            if group is None:
                continue
            if not group.members:
                person_groups.append(group)
                groups.append(group)
        else:
            key = acronyms.get(keys[position], keys[position])
            key = parts.get(key, key)
            group = by_key.get(key)
            if group is None:
                group = by_key[key] = _Group(entity.label, listed=key[1] if key[0] == "id" else None)
                groups.append(group)
        group.members.append(position)
        group.names.append(_clean_name(entity.text))
        if entity.label == "PERSON":
            group.context.append(_context(entities, position, text, index))
    actor_of: dict[int, str] = {}
    actors: dict[str, Actor] = {}
    for group in groups:
        actor = _group_actor(group, entities, text, published, index, countries)
        if actor is None:
            continue
        old = actors.get(actor.id)
        actors[actor.id] = _merged(old, actor) if old else actor
        for position in group.members:
            actor_of[position] = actor.id
    resolved = tuple(dataclasses.replace(e, actor=actor_of.get(i)) for i, e in enumerate(entities))
    order = list(dict.fromkeys(actor_of[i] for i in range(len(entities)) if i in actor_of))
    return resolved, tuple(actors[i] for i in order)


def _merged(old: Actor, new: Actor) -> Actor:
    aliases = tuple(dict.fromkeys(a for a in (*old.aliases, *new.aliases) if a != old.name))
    return dataclasses.replace(
        old, aliases=aliases, country=old.country or new.country, sector=old.sector or new.sector,
        roles=old.roles or new.roles,
    )  # fmt: skip


# --- names ----------------------------------------------------------------------------------


def _clean_name(text: str) -> str:
    """A mention as a name: no brackets of an editor's insertion, no honorific, no possessive."""
    name = re.sub(r"[\[\]{}]", "", text)
    name = re.sub(r"\s+", " ", name).strip()
    words = name.split(" ")
    while len(words) > 1 and words[0].lower() in HONORIFICS:
        words = words[1:]
    return re.sub(r"['\u2019]s?$", "", " ".join(words)).strip()


def _entity_key(entity: Entity, index: ActorIndex, countries: Counter[str], near: str | None = None) -> tuple[str, str]:
    kind = "place" if entity.label in {"GPE", "LOC", "FAC"} else entity.label.lower()
    if entity.label == "NORP":
        actor = _norp_actor(entity.text, index)
        if actor is not None:
            return ("id", actor.id)
    found = _listed(entity.text, entity.label, index, countries, near) or _mission_in(entity, index, countries)
    if found is not None:
        return ("id", found.id)
    return (kind, alias_key(_clean_name(entity.text)))


def _norp_actor(text: str, index: ActorIndex) -> Actor | None:
    actor = index.by_demonym(text)
    if actor is None and text.endswith("s"):
        actor = index.by_demonym(text[:-1])  # Libyans, Kurds
    if actor is None:
        found = [a for a in index.lookup(text) if a.kind in {"GROUP", "COUNTRY"}]
        actor = found[0] if found else None
    return actor


# Which kinds of listed actor a label may resolve to, in order of preference.
_LABEL_KINDS = {
    "ORG": ("ORG", "GROUP", "COUNTRY"),
    "GPE": ("COUNTRY", "PLACE", "ORG"),
    "LOC": ("PLACE", "COUNTRY"),
    "FAC": ("PLACE", "ORG"),
    "NORP": ("GROUP", "COUNTRY", "ORG"),
    "PERSON": ("PERSON",),
}


def _mission_in(entity: Entity, index: ActorIndex, countries: Counter[str]) -> Actor | None:
    """ "the UN mission" in a story about Libya: the listed "UN mission in Libya"."""
    name = _clean_name(entity.text)
    if entity.label != "ORG" or not name.lower().endswith(" mission"):
        return None
    for iso3, _ in countries.most_common(2):
        country = index.country(iso3)
        if country is not None:
            found = [a for a in index.lookup(f"{name} in {country.name}") if a.kind == "ORG"]
            if found:
                return found[0]
    return None


def _nearby_countries(entities: Sequence[Entity], index: ActorIndex) -> list[str | None]:
    """For each mention, the country of the nearest earlier mention of its sentence that has one.

    A name several countries' bodies share ("the House of Representatives") belongs to the
    country its sentence was just talking about: "Saleh, the speaker of the House of
    Representatives"; "to defend Egypt's security, according to the House of Representatives".
    """
    out: list[str | None] = []
    sentence, country = None, None
    for entity in entities:
        if entity.sentence != sentence:
            sentence, country = entity.sentence, None
        out.append(country)
        country = _country_named(entity, index, {"NORP", "GPE", "PERSON"}) or country
    return out


def _listed(
    text: str, label: str, index: ActorIndex, countries: Counter[str] | None = None, near: str | None = None
) -> Actor | None:
    name = _clean_name(text)
    found = index.lookup(name)
    if countries is not None and _ACRONYM.fullmatch(name):
        # A short acronym names many bodies ("FSA"): a country's only where the article names that country.
        found = tuple(a for a in found if a.country is None or a.kind == "COUNTRY" or countries[a.country])
    kinds = _LABEL_KINDS.get(label, ())
    ranked = sorted(
        (a for a in found if a.kind in kinds),
        key=lambda a: (kinds.index(a.kind), a.country != near, -(countries or Counter())[a.country or ""]),
    )
    return ranked[0] if ranked else None


def _countries_mentioned(entities: Sequence[Entity], index: ActorIndex) -> Counter[str]:
    counts: Counter[str] = Counter()
    for entity in entities:
        if not (entity.label in {"GPE", "ORG"} and _ACRONYM.fullmatch(_clean_name(entity.text))):
            country = _country_named(entity, index, {"NORP", "GPE", "ORG"})
            if country:
                counts[country] += 1
    return counts


def _country_named(entity: Entity, index: ActorIndex, labels: set[str]) -> str | None:
    """The country of the listed actor a mention with one of ``labels`` names ("Russian", "Egypt", "Sisi")."""
    if entity.label not in labels:
        return None
    actor = _norp_actor(entity.text, index) if entity.label == "NORP" else _listed(entity.text, entity.label, index)
    return actor.country if actor is not None else None


def _acronym_links(
    entities: Sequence[Entity], text: str, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, str]]:
    """ "Government of National Accord (GNA)": the acronym's key -> the long form's key."""
    links: dict[tuple[str, str], tuple[str, str]] = {}
    for i, (first, second) in enumerate(itertools.pairwise(entities)):
        between = text[first.end : second.start]
        if first.label == "PERSON" or second.label == "PERSON" or not re.fullmatch(r"\s*\(\s*", between):
            continue
        if re.match(r"\s*\)", text[second.end : second.end + 3]) and keys[i + 1] != keys[i]:
            links[keys[i + 1]] = keys[i]
    return links


def _part_links(keys: Sequence[tuple[str, str]], index: ActorIndex) -> dict[tuple[str, str], tuple[str, str]]:
    """A body named along with exactly one of its parts is that part: "The US military said ...
    US Africa Command said ..." is one speaker, the command (the actor list's ``part_of``)."""
    named = {value for kind, value in keys if kind == "id"}
    parts: dict[str, set[str]] = {}
    for ident in named:
        whole = index.part_of.get(ident)
        if whole in named:
            parts.setdefault(whole, set()).add(ident)
    return {("id", whole): ("id", min(found)) for whole, found in parts.items() if len(found) == 1}


# --- people -----------------------------------------------------------------------------------


def _person_group(
    entity: Entity, text: str, published: date | None, index: ActorIndex, groups: list[_Group]
) -> _Group | None:
    office = _office_holder(entity.text, published, index)
    if office is not None:
        # Mentions by name of the same person join it when the groups' actors are compared.
        for group in groups:
            if group.office is not None and group.office.id == office.id:
                return group
        return _Group("PERSON", office=office)
    name = _clean_name(entity.text)
    tokens = name_tokens(name)
    if not tokens:
        return None
    surname = surname_key(name)
    best = None
    for group in reversed(groups):
        if _same_person(tokens, surname, group):
            best = group
            break
    if best is not None:
        best.tokens |= set(tokens)
        return best
    return _Group("PERSON", tokens=set(tokens), surname=surname)


def _same_person(tokens: Sequence[str], surname: str | None, group: _Group) -> bool:
    if not group.tokens:
        return False
    if len(tokens) == 1:
        return tokens[0] == group.surname or tokens[0] in group.tokens
    if surname != group.surname:
        return False
    # Same surname: the same person unless both give different first names.
    return tokens[0] in group.tokens or len(group.tokens) == 1


def _office_holder(mention: str, published: date | None, index: ActorIndex) -> Actor | None:
    """ "Russia's top diplomat" on 2020-06-16 -> Sergey Lavrov."""
    match = re.match(
        r"^(?:the\s+)?([A-Z][\w.\- ]*?)(?:['\u2019]s)?\s+((?:top|chief|new|current|acting)\s+)?(.+)$", mention
    )
    if not match or published is None:
        return None
    where, role = match.group(1), (match.group(2) or "") + match.group(3)
    word = ROLE_WORDS.get(role.lower().strip()) or ROLE_WORDS.get(match.group(3).lower().strip())
    if word is None or word.key is None:
        return None
    country = index.by_demonym(where)
    if country is None:
        found = [a for a in index.lookup(where) if a.kind == "COUNTRY"]
        country = found[0] if found else None
    if country is None or country.kind != "COUNTRY":
        return None
    holders = index.holders(word.key, country.country, published)
    return holders[0] if len(holders) == 1 else None


def _context(
    entities: Sequence[Entity], position: int, text: str, index: ActorIndex
) -> tuple[RoleWord | None, str | None, str | None, Actor | None]:
    """Role word, role phrase, country and organisation around a person mention."""
    entity = entities[position]
    left_start = max(0, entity.start - _CONTEXT_CHARS)
    window = text[left_start : entity.start]
    cut = max(window.rfind(ch) for ch in '.;:\n"“”')
    if cut >= 0:
        window = window[cut + 1 :]
    left_start = entity.start - len(window)
    words = list(_WORD.finditer(window))
    kept: list[str] = []
    country: str | None = None
    organisation: Actor | None = None
    covered = {i for i in range(position) if entities[i].end <= entity.start and entities[i].start >= left_start}
    i = len(words) - 1
    while i >= 0:
        word = words[i]
        start = left_start + word.start()
        inside = [e for e in (entities[j] for j in covered) if e.start <= start < e.end]
        if inside:
            other = inside[0]
            if other.label == "PERSON":
                break
            actor = _norp_actor(other.text, index) if other.label == "NORP" else _listed(other.text, other.label, index)
            if actor is not None and actor.kind == "COUNTRY":
                country = country or actor.country
            elif actor is not None:
                organisation = organisation or actor
                country = country or actor.country
            elif other.label == "ORG":
                organisation = organisation or _new_org_actor(other.text, index)
            while i >= 0 and left_start + words[i].start() >= other.start:
                i -= 1
            kept.append("<entity>")
            continue
        lowered = word.group().lower().rstrip(".'\u2019").replace("\u2019", "'")
        if lowered.endswith("'s"):
            lowered = lowered[:-2]
        if lowered in _ROLE_VOCABULARY or word.group() + "." in ROLE_WORDS or lowered in HONORIFICS:
            kept.append(word.group().lower())
            i -= 1
            continue
        break
    phrase, role = _role_phrase(list(reversed(kept)))
    if role is None or (country is None and organisation is None):
        app_phrase, app_role, app_country, app_org = _apposition(entities, position, text, index)
        if role is None:
            phrase, role = app_phrase, app_role
        country = country or app_country
        organisation = organisation or app_org
    return role, phrase, country, organisation


def _role_phrase(words: Sequence[str]) -> tuple[str | None, RoleWord | None]:
    """The longest role phrase in the words before a name, the one nearest the name on a tie."""
    best: tuple[int, int, str, RoleWord] | None = None
    clean = [w.rstrip(",") for w in words]
    for start in range(len(clean)):
        for end in range(start + 1, min(len(clean), start + 6) + 1):
            phrase = " ".join(clean[start:end])
            role = ROLE_WORDS.get(phrase) or ROLE_WORDS.get(phrase.rstrip("."))
            if role is not None and (best is None or (end - start, end) > (best[0], best[1])):
                best = (end - start, end, phrase, role)
    return (best[2], best[3]) if best else (None, None)


def _apposition(
    entities: Sequence[Entity], position: int, text: str, index: ActorIndex
) -> tuple[str | None, RoleWord | None, str | None, Actor | None]:
    """ "Ahmed al-Mismari, the LNA spokesman," -> spokesman, LBY, the LNA."""
    entity = entities[position]
    after = text[entity.end : entity.end + _CONTEXT_CHARS]
    match = re.match(r"\s*,\s*((?:the|a|an)\s+[^,.;()]{2,80}?)(?=[,.;(]|\s+(?:said|says|told|added)\b)", after)
    if not match:
        return None, None, None, None
    clause_start = entity.end + match.start(1)
    clause_end = entity.end + match.end(1)
    words = [w.group().lower().rstrip(",") for w in _WORD.finditer(match.group(1))]
    phrase, role = _role_phrase(words)
    if role is None:
        return None, None, None, None
    country: str | None = None
    organisation: Actor | None = None
    for other in entities[position + 1 :]:
        if other.start >= clause_end:
            break
        if other.start < clause_start or other.label == "PERSON":
            continue
        actor = _norp_actor(other.text, index) if other.label == "NORP" else _listed(other.text, other.label, index)
        if actor is None and other.label == "ORG":
            actor = _new_org_actor(other.text, index)
        if actor is not None and actor.kind == "COUNTRY":
            country = country or actor.country
        elif actor is not None:
            organisation = organisation or actor
            country = country or actor.country
    return phrase, role, country, organisation


# --- choosing an actor for a group ------------------------------------------------------------


def _group_actor(
    group: _Group,
    entities: Sequence[Entity],
    text: str,
    published: date | None,
    index: ActorIndex,
    countries: Counter[str],
) -> Actor | None:
    first = entities[group.members[0]]
    names = sorted(set(group.names), key=lambda n: (-len(n.split()), -len(n)))
    if not names:
        return None
    if group.label == "PERSON":
        if group.office is not None:  # "Russia's top diplomat" is a mention, not a name
            return _as_of(group.office, published, [group.office.name])
        listed = _listed_person(group, names, published, index, countries)
        if listed is not None:
            return _as_of(listed, published, names)
        return _new_person(group, names[0])
    if first.label == "NORP":
        actor = _norp_actor(first.text, index)
        if actor is not None:
            return _with_aliases(actor, names)
        return Actor(actor_id("GROUP", names[0]), names[0], "GROUP", aliases=tuple(names[1:]))
    if group.listed is not None:
        return _with_aliases(index.actors[group.listed], names)
    for name in names:
        actor = _listed(name, first.label, index, countries)
        if actor is not None:
            return _with_aliases(actor, names)
    if first.label in {"GPE", "LOC", "FAC"}:
        return Actor(actor_id("PLACE", names[0]), names[0], "PLACE", aliases=tuple(names[1:]))
    actor = _new_org_actor(names[0], index)
    return dataclasses.replace(actor, aliases=tuple(names[1:]))


def _with_aliases(actor: Actor, names: Iterable[str]) -> Actor:
    return dataclasses.replace(actor, aliases=tuple(n for n in dict.fromkeys(names) if n != actor.name))


def _listed_person(
    group: _Group, names: Sequence[str], published: date | None, index: ActorIndex, countries: Counter[str]
) -> Actor | None:
    candidates: list[Actor] = []
    for name in names:
        candidates.extend(a for a in index.lookup(name) if a.kind == "PERSON")
        if candidates:
            break
    if not candidates:
        longest = name_tokens(names[0])
        for actor in index.by_surname(names[0]):
            tokens = name_tokens(actor.name)
            # "Abdullah Abdurrahman al-Thani" is "Abdullah al-Thani": first name and surname agree.
            if (len(longest) > 1 and tokens and tokens[0] == longest[0]) or (
                len(longest) == 1 and _active(actor, published) and countries[actor.country or ""]
            ):
                candidates.append(actor)
    candidates = list(dict.fromkeys(candidates))
    if len(candidates) > 1:
        candidates = _disambiguated(candidates, group, published, countries)
    return candidates[0] if len(candidates) == 1 else None


def _disambiguated(
    candidates: Sequence[Actor], group: _Group, published: date | None, countries: Counter[str]
) -> list[Actor]:
    """Of several people with one name: the one in office then, of a country the article names."""
    context_countries = {c for _, _, c, _ in group.context if c}

    def score(actor: Actor) -> tuple[int, int, int]:
        return (
            int(actor.country in context_countries),
            int(_active(actor, published)),
            countries[actor.country or ""],
        )

    ranked = sorted(candidates, key=score, reverse=True)
    if score(ranked[0]) > score(ranked[1]):
        return [ranked[0]]
    return list(ranked)


def _active(actor: Actor, published: date | None) -> bool:
    if published is None:
        return False
    day = published.isoformat()
    return any((role.start or "") <= day and (not role.end or day <= role.end + "-99") for role in actor.roles)


def _as_of(actor: Actor, published: date | None, names: Sequence[str]) -> Actor:
    """A listed person with the country and sector of the office held on the publication date."""
    actor = _with_aliases(actor, names)
    if published is None:
        return actor
    day = published.isoformat()
    current = [r for r in actor.roles if (r.start or "") <= day and (not r.end or day <= r.end + "-99")]
    if not current:
        return actor
    role = max(current, key=lambda r: (role_key(r.title) is not None, r.start or ""))
    # A title that names no sector keeps the list's (a state oil company's chairman is BUS, not GOV).
    sector = title_sector(role.title, default=None) if role.country or actor.country is None else actor.sector
    return dataclasses.replace(actor, country=role.country or actor.country, sector=sector or actor.sector)


def _new_person(group: _Group, name: str) -> Actor:
    role_word = next((c for c in group.context if c[0] is not None), None)
    country = next((c[2] for c in group.context if c[2]), None)
    organisation = next((c[3] for c in group.context if c[3] is not None), None)
    sector: str | None = None
    roles: tuple[Role, ...] = ()
    if role_word is not None:
        word, phrase = role_word[0], role_word[1]
        sector = word.sector if word is not None else None
        if sector is None and organisation is not None:
            sector = organisation.sector  # a spokesman or chairman is of the sector of the body served
        elif sector is None and country is not None:
            sector = "GOV"  # "the Russian spokesman", "Libya's envoy": of a state
        if phrase:
            roles = (Role(_title_case(phrase), country),)
    elif organisation is not None:
        sector = organisation.sector
    if organisation is not None and organisation.sector == "IGO" and sector in {None, "GOV"}:
        sector = "IGO"
    country = country or (organisation.country if organisation is not None else None)
    return Actor(actor_id("PERSON", name), name, "PERSON", country, sector,
                 tuple(n for n in dict.fromkeys(group.names) if n != name), roles)  # fmt: skip


def _title_case(phrase: str) -> str:
    return " ".join(w if w in {"of", "the", "for", "and"} else w.capitalize() for w in phrase.split())


def _new_org_actor(name: str, index: ActorIndex) -> Actor:
    """An organisation the list does not know: kind, sector and country from the words of its name."""
    clean = _clean_name(name)
    kind, sector = "ORG", None
    for pattern, pattern_kind, pattern_sector in _ORG_PATTERNS:
        if pattern.search(clean):
            kind, sector = pattern_kind, pattern_sector
            break
    country = None
    for word in re.findall(r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?", clean):
        for candidate in (word, word.split()[0]):
            actor = index.by_demonym(candidate) or next(
                (a for a in index.lookup(candidate) if a.kind in {"COUNTRY", "PLACE"}), None
            )
            if actor is not None and actor.kind in {"COUNTRY", "PLACE"} and actor.country:
                country = actor.country
                break
        if country:
            break
    return Actor(actor_id(kind, clean), clean, kind, country, sector)
