"""Actors merged across articles: one id for one actor in the whole corpus.

Within an article the actor stage already joins "Lavrov" to "Sergey Lavrov". Across
articles the same actor can still carry several ids when an article names it only in
part or in another form, and the actor list does not know it:

- a person named by surname only in one article (``person:mismari``) is the person of
  the corpus with that surname and a fuller name (``person:ahmed-al-mismari``), when
  there is exactly one such person;
- two fuller names with the same first name and surname, one's words inside the
  other's ("Abdullah al-Thani", "Abdullah Abdurrahman al-Thani"), are one person;
- an actor named by a name the actor list gives exactly one actor of its kind is that
  actor (``person:hifter`` -> ``person:khalifa-haftar``);
- an organisation named by an acronym (``org:lna``) is the organisation whose initials
  it spells (``org:libyan-national-army``), when exactly one does; organisations and
  groups that share a name (case, "the" and possessives aside) are one.

Ids of the actor list always win: a merge never moves a listed actor to an unlisted id.
Between two unlisted ids the one with more words in its name (then more mentions) wins.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from dateline.model import Actor, AnnotatedArticle
from dateline.resources.actors import alias_key, name_tokens, surname_key

__all__ = ["apply_actor_merges", "merged_actor_ids"]

_Union = Callable[[str, str], None]
_Find = Callable[[str], str]


def merged_actor_ids(
    actor_lists: Iterable[Sequence[Actor]],
    listed: Mapping[str, Actor] | None = None,
    mentions: Mapping[str, int] | None = None,
) -> dict[str, str]:
    """Old id -> merged canonical id, for every id that changes (ids absent from the result stay).

    ``actor_lists`` are the ``actors`` of many articles; ``listed`` the actor list's actors
    by id (default: the bundled list); ``mentions`` optional mention counts by id that
    break ties between unlisted ids.
    """
    if listed is None:
        from dateline.resources.actors import extra_paths, load_actors

        listed = load_actors(extra_paths()).actors
    actors: dict[str, Actor] = {}
    seen: Counter[str] = Counter()
    for actor_list in actor_lists:
        for actor in actor_list:
            seen[actor.id] += 1
            old = actors.get(actor.id)
            actors[actor.id] = actor if old is None else _union(old, actor)
    counts = Counter(mentions) if mentions else seen
    parent = {ident: ident for ident in actors}

    def find(ident: str) -> str:
        while parent[ident] != ident:
            parent[ident] = parent[parent[ident]]
            ident = parent[ident]
        return ident

    def rank(ident: str) -> tuple[int, int, int, str]:
        actor = actors[ident]
        return (int(ident in listed), len(name_tokens(actor.name)), counts[ident], ident)

    def union(a: str, b: str) -> None:
        root_a, root_b = find(a), find(b)
        if root_a == root_b:
            return
        # Two listed actors are different actors by definition: never merge them.
        if root_a in listed and root_b in listed:
            return
        keep, drop = (root_a, root_b) if rank(root_a) >= rank(root_b) else (root_b, root_a)
        parent[drop] = keep

    _merge_listed_names(actors, listed, parent, union)
    people = [a for a in actors.values() if a.kind == "PERSON"]
    _merge_name_variants(people, union, listed)
    _merge_surnames(people, union, find, listed)
    bodies = [a for a in actors.values() if a.kind in {"ORG", "GROUP"}]
    _merge_same_names(bodies, union)
    _merge_acronyms(bodies, union, find)
    return {ident: find(ident) for ident in actors if find(ident) != ident}


def _merge_listed_names(
    actors: dict[str, Actor], listed: Mapping[str, Actor], parent: dict[str, str], union: _Union
) -> None:
    """An unlisted actor named by a name of exactly one listed actor of its kind is that actor."""
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for actor in listed.values():
        for name in (actor.name, *actor.aliases):
            names[(actor.kind, alias_key(name))].add(actor.id)
    for actor in list(actors.values()):
        if actor.id in listed:
            continue
        found = names.get((actor.kind, alias_key(actor.name)), set())
        if len(found) == 1:
            target = found.pop()
            if target not in actors:
                actors[target] = listed[target]
                parent[target] = target
            union(actor.id, target)


def _union(a: Actor, b: Actor) -> Actor:
    aliases = tuple(dict.fromkeys(x for x in (*a.aliases, *b.aliases, b.name) if x != a.name))
    return dataclasses.replace(a, aliases=aliases, country=a.country or b.country, sector=a.sector or b.sector)


def _merge_name_variants(people: Sequence[Actor], union: _Union, listed: Mapping[str, Actor]) -> None:
    by_key: dict[tuple[str, str], list[Actor]] = defaultdict(list)
    for actor in people:
        tokens = name_tokens(actor.name)
        if len(tokens) >= 2:
            by_key[(tokens[0], tokens[-1])].append(actor)
    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                ta, tb = name_tokens(a.name), name_tokens(b.name)
                shorter, longer = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
                if _subsequence(shorter, longer) and _compatible(a, b):
                    union(a.id, b.id)


def _merge_surnames(people: Sequence[Actor], union: _Union, find: _Find, listed: Mapping[str, Actor]) -> None:
    full: dict[str, set[str]] = defaultdict(set)
    for actor in people:
        if len(name_tokens(actor.name)) >= 2:
            key = surname_key(actor.name)
            if key:
                full[key].add(actor.id)
    for actor in people:
        tokens = name_tokens(actor.name)
        if len(tokens) != 1:
            continue
        roots = {find(ident) for ident in full.get(tokens[0], ())}
        candidates = [root for root in roots if _compatible(actor, _actor_of(root, people))]
        if len(candidates) == 1:
            union(actor.id, candidates[0])


def _actor_of(ident: str, people: Sequence[Actor]) -> Actor:
    return next(actor for actor in people if actor.id == ident)


def _compatible(a: Actor, b: Actor) -> bool:
    """Nothing known says two records are different actors (countries agree where both are known)."""
    return a.country is None or b.country is None or a.country == b.country


def _subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    it = iter(long)
    return all(token in it for token in short)


def _merge_same_names(bodies: Sequence[Actor], union: _Union) -> None:
    by_name: dict[str, list[str]] = defaultdict(list)
    for actor in bodies:
        for name in (actor.name, *actor.aliases):
            key = alias_key(name)
            if key and len(key) > 1:
                by_name[key].append(actor.id)
    for ids in by_name.values():
        for other in ids[1:]:
            union(ids[0], other)


def _merge_acronyms(bodies: Sequence[Actor], union: _Union, find: _Find) -> None:
    initials: dict[str, set[str]] = defaultdict(set)
    for actor in bodies:
        words = [w for w in re.findall(r"[A-Za-z]+", actor.name) if w[0].isupper()]
        if len(words) >= 2:
            initials["".join(w[0] for w in words).upper()].add(actor.id)
    for actor in bodies:
        name = actor.name.replace(".", "")
        if not re.fullmatch(r"[A-Z]{2,8}", name):
            continue
        roots = {find(ident) for ident in initials.get(name, ()) if ident != actor.id}
        if len(roots) == 1:
            union(actor.id, roots.pop())


def apply_actor_merges(doc: AnnotatedArticle, merges: Mapping[str, str]) -> AnnotatedArticle:
    """An article with its entity actor ids and actor records moved to the merged ids."""
    if not merges:
        return doc
    entities = tuple(dataclasses.replace(e, actor=merges.get(e.actor, e.actor)) if e.actor else e for e in doc.entities)
    actors: dict[str, Actor] = {}
    for actor in doc.actors:
        new = merges.get(actor.id, actor.id)
        moved = dataclasses.replace(actor, id=new)
        actors[new] = _union(actors[new], moved) if new in actors else moved
    return dataclasses.replace(doc, entities=entities, actors=tuple(actors.values()))
