"""How well cross-article event resolution finds one real-world event in many articles.

The gold (``samples/libya/resolution.json``, made by reading the sample articles) lists real-world
events that at least two different articles mention -- the day's report, a later background
recall, a noun phrase naming it, an announcement before it happened -- with every mention as an
article file name and a substring of its text. It also lists ``singles`` (events one article
reports, which a naive merger could join with another event) and ``distinct`` pairs of events
that are not one event. The near-duplicate copies (13_, 14_) are never mentions: ingest links
them to their original and does not annotate them.

Scoring a store (``score_store``):

1. each gold mention is **matched** to a coded event of its article whose trigger lies inside the
   mention's text and whose PLOVER type is the gold type (a coded event serves one mention only).
   Otherwise the mention is *other type* (events with their trigger in it, of other types only),
   *elsewhere* (its sentence has coded events, none with the trigger in it: usually the sentence's
   main clause was coded and the recalled event in a subordinate clause was not) or *not coded*
   (its sentence has none). Only matched mentions are scored. The same figures are given again
   with types relaxed (``any_type``: the coded event in the mention, whatever its type), which
   separates resolution errors from event-typing errors upstream;
2. each matched mention takes the real-world event (event group) its coded event was put in;
3. over the matched mentions: **cross-article links** -- pairs of mentions in different
   articles, positive in the gold when they report one gold event and in the system when they
   share a group -- give precision, recall and F1; **B-cubed** precision, recall and F1 are
   computed over all matched mentions (singles included, so wrong merges cost precision);
   **whole** counts the gold events matched in at least two articles whose matched mentions all
   sit in one group (and, stricter, a group holding no other gold event's mention);
   **distinct** counts the distinct pairs the system merged.

``python -m dateline.evaluate.resolution [--json] [--verbose] [--db STORE]`` ingests the sample
corpus into a temporary store (or reads an existing one, never writing to it) and prints the
figures; ``--verbose`` adds every gold event with its mentions and the groups they landed in.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import combinations
from pathlib import Path
from typing import Any

from dateline.evaluate.sample import PLOVER_TYPES
from dateline.model import Event

__all__ = [
    "MENTION_KINDS",
    "STATUSES",
    "GoldMention",
    "GoldResolution",
    "MatchedMention",
    "ResolutionGoldError",
    "ResolvedEventGold",
    "bcubed",
    "distinct_merged",
    "evaluate_resolution",
    "format_report",
    "gold_path",
    "link_scores",
    "load_gold",
    "main",
    "score_mentions",
    "score_store",
    "whole_events",
]

MENTION_KINDS = frozenset({"report", "recall", "reference", "future"})


class ResolutionGoldError(ValueError):
    """A resolution gold file that cannot be used: bad shape, unknown article, a string not where claimed."""


@dataclass(frozen=True, slots=True)
class GoldMention:
    article: str  # file name, e.g. 12_berlin-conference.txt
    text: str
    kind: str
    start: int  # offsets of ``text`` in the article text as dateline reads it (header removed)
    end: int


@dataclass(frozen=True, slots=True)
class ResolvedEventGold:
    """One real-world event and every mention of it."""

    id: str
    label: str
    type: str
    date: str | None
    source: str | None
    target: str | None
    place: str | None
    mentions: tuple[GoldMention, ...]
    single: bool = False  # reported by one article only: scored as a negative, not as an event to resolve

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.article for m in self.mentions))


@dataclass(frozen=True, slots=True)
class GoldResolution:
    events: tuple[ResolvedEventGold, ...]  # mentioned by at least two articles
    singles: tuple[ResolvedEventGold, ...]
    distinct: tuple[tuple[str, str, str], ...]  # (event id, event id, why they are two events)
    excluded: tuple[str, ...]  # near-duplicate copies that are never mentions

    @property
    def all_events(self) -> tuple[ResolvedEventGold, ...]:
        return self.events + self.singles


def gold_path() -> Path:
    """The bundled gold of the Libya sample corpus."""
    return Path(str(resources.files("dateline") / "samples" / "libya" / "resolution.json"))


def _article_texts(folder: Path) -> dict[str, str]:
    from dateline.ingest.readers import read_paths
    from dateline.model import Article

    texts = {}
    for path in sorted(folder.glob("*.txt")):
        for item in read_paths([str(path)]):
            if isinstance(item, Article):
                texts[path.name] = item.text
    return texts


def _event(record: Mapping[str, Any], texts: Mapping[str, str], excluded: set[str], single: bool) -> ResolvedEventGold:
    where = f"event {record.get('id')!r}"
    if record.get("type") not in PLOVER_TYPES:
        raise ResolutionGoldError(f"{where}: type {record.get('type')!r} is not a PLOVER type")
    mentions = []
    for mention in record.get("mentions") or ():
        name, text, kind = mention.get("article"), mention.get("text") or "", mention.get("kind")
        if name not in texts:
            raise ResolutionGoldError(f"{where}: no article {name!r}")
        if name in excluded:
            raise ResolutionGoldError(f"{where}: {name} is a near-duplicate copy, never a mention")
        if kind not in MENTION_KINDS:
            raise ResolutionGoldError(f"{where}: mention kind {kind!r} is not one of {sorted(MENTION_KINDS)}")
        found = texts[name].count(text) if text else 0
        if found != 1:
            raise ResolutionGoldError(f"{where}: {text!r} occurs {found} times in {name}, not once")
        start = texts[name].index(text)
        mentions.append(GoldMention(name, text, kind, start, start + len(text)))
    event = ResolvedEventGold(
        id=str(record["id"]),
        label=str(record.get("label") or ""),
        type=str(record["type"]),
        date=record.get("date"),
        source=record.get("source"),
        target=record.get("target"),
        place=record.get("place"),
        mentions=tuple(mentions),
        single=single,
    )
    if single and len(event.articles) != 1:
        raise ResolutionGoldError(f"{where}: a single is mentioned by exactly one article")
    if not single and len(event.articles) < 2:
        raise ResolutionGoldError(f"{where}: an event needs mentions in at least two articles")
    return event


def load_gold(path: str | Path | None = None, articles: str | Path | None = None) -> GoldResolution:
    """The gold with its mention strings located in the articles; refuses a file that does not fit them."""
    gold_file = Path(path) if path else gold_path()
    folder = Path(articles) if articles else gold_file.parent / "articles"
    try:
        data = json.loads(gold_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ResolutionGoldError(f"{gold_file}: {error}") from error
    texts = _article_texts(folder)
    excluded = set(data.get("excluded") or ())
    events = tuple(_event(e, texts, excluded, single=False) for e in data.get("events") or ())
    singles = tuple(_event(e, texts, excluded, single=True) for e in data.get("singles") or ())
    ids = Counter(e.id for e in events + singles)
    if repeated := sorted(i for i, n in ids.items() if n > 1):
        raise ResolutionGoldError(f"{gold_file}: event ids used twice: {repeated}")
    distinct = []
    for pair in data.get("distinct") or ():
        a, b = pair.get("a"), pair.get("b")
        if a not in ids or b not in ids or a == b:
            raise ResolutionGoldError(f"{gold_file}: distinct pair {a!r}/{b!r} does not name two gold events")
        distinct.append((str(a), str(b), str(pair.get("why") or "")))
    return GoldResolution(events, singles, tuple(distinct), tuple(sorted(excluded)))


# --- the arithmetic: pure functions over (article, gold event, system group) triples ---------------


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


def link_scores(items: Sequence[tuple[Hashable, Hashable, Hashable]]) -> dict[str, float]:
    """Cross-article pairwise links over (article, gold event, system group) triples.

    A pair of items from different articles is a gold link when they share the gold event and a
    system link when they share the group; pairs within one article are not counted.
    """
    gold = system = both = 0
    for (art_a, gold_a, sys_a), (art_b, gold_b, sys_b) in combinations(items, 2):
        if art_a == art_b:
            continue
        same_gold, same_system = gold_a == gold_b, sys_a == sys_b
        gold += same_gold
        system += same_system
        both += same_gold and same_system
    precision, recall = _ratio(both, system), _ratio(both, gold)
    return {
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "gold_links": gold,
        "system_links": system,
        "correct_links": both,
    }


def bcubed(items: Sequence[tuple[Hashable, Hashable]]) -> dict[str, float]:
    """B-cubed precision, recall and F1 over (gold event, system group) pairs, one per mention."""
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    by_gold: Counter[Hashable] = Counter(g for g, _ in items)
    by_system: Counter[Hashable] = Counter(s for _, s in items)
    by_both: Counter[tuple[Hashable, Hashable]] = Counter(items)
    precision = sum(by_both[item] / by_system[item[1]] for item in items) / len(items)
    recall = sum(by_both[item] / by_gold[item[0]] for item in items) / len(items)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": _f1(precision, recall)}


def whole_events(
    items: Sequence[tuple[Hashable, Hashable, Hashable]], events: Iterable[Hashable] | None = None
) -> dict[str, int]:
    """Of the gold events matched in at least two articles, how many sit in exactly one group.

    ``pure`` further asks that the group hold no mention of another gold event. ``events`` limits
    the count to those gold events (the multi-article ones; singles are left out).
    """
    wanted = set(events) if events is not None else None
    articles: dict[Hashable, set[Hashable]] = defaultdict(set)
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    members: dict[Hashable, set[Hashable]] = defaultdict(set)
    for article, gold, system in items:
        articles[gold].add(article)
        groups[gold].add(system)
        members[system].add(gold)
    scorable = [g for g in articles if len(articles[g]) >= 2 and (wanted is None or g in wanted)]
    one = [g for g in scorable if len(groups[g]) == 1]
    pure = [g for g in one if members[next(iter(groups[g]))] == {g}]
    return {"scorable": len(scorable), "one_group": len(one), "pure": len(pure)}


def distinct_merged(
    items: Sequence[tuple[Hashable, Hashable, Hashable]], pairs: Iterable[tuple[Hashable, Hashable]]
) -> dict[str, Any]:
    """Of the distinct pairs whose two events both have matched mentions, those that share a group."""
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for _, gold, system in items:
        groups[gold].add(system)
    checkable = [(a, b) for a, b in pairs if groups.get(a) and groups.get(b)]
    merged = [(a, b) for a, b in checkable if groups[a] & groups[b]]
    return {"checkable": len(checkable), "merged": len(merged), "merged_pairs": [list(p) for p in merged]}


def score_mentions(
    items: Sequence[tuple[Hashable, Hashable, Hashable]],
    events: Iterable[Hashable] | None = None,
    distinct: Iterable[tuple[Hashable, Hashable]] = (),
) -> dict[str, Any]:
    """Every figure over matched mentions as (article, gold event, system group) triples."""
    return {
        "links": link_scores(items),
        "bcubed": bcubed([(gold, system) for _, gold, system in items]),
        "whole": whole_events(items, events),
        "distinct": distinct_merged(items, distinct),
    }


# --- matching gold mentions to a store's coded events -----------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchedMention:
    event: str  # gold event id
    mention: GoldMention
    status: str  # one of STATUSES
    event_id: str | None = None
    group: str | None = None
    found_types: tuple[str, ...] = ()
    trigger: str | None = None
    type: str | None = None  # of the coded event matched


# matched: a coded event whose trigger lies in the mention (of the gold type, unless types are relaxed);
# other type: such events exist, of other types only; elsewhere: the sentence has coded events, none
# with its trigger in the mention; not coded: the sentence has none.
STATUSES = ("matched", "other type", "elsewhere", "not coded", "no article")


def _overlaps(event: Event, start: int, end: int) -> bool:
    return event.trigger_start < end and start < event.trigger_end


# Each gold mention with the coded events of its sentence(s) and those whose trigger lies in it.
_Located = list[tuple[ResolvedEventGold, GoldMention, list[Event], list[Event]]]


def _located(store: Any, gold: GoldResolution) -> _Located:
    """Every gold mention with the coded events of its sentence(s) and those whose trigger is in it."""
    from dateline.store import corpus

    articles: dict[str, dict[str, Any]] = {}
    for row in store.rows("articles"):
        if row["duplicate_of"] is None and row["path"]:
            articles[Path(row["path"]).name] = row
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for row in store.rows("sentences"):
        spans[row["article_id"]].append((row["start"], row["end"], row["index"]))
    coded: dict[tuple[str, int], list[Event]] = defaultdict(list)
    for event in corpus.events(store):
        coded[(event.article_id, event.sentence)].append(event)
    located: _Located = []
    for gold_event in gold.all_events:
        for mention in gold_event.mentions:
            row = articles.get(mention.article)
            if row is None:
                located.append((gold_event, mention, [], []))
                continue
            # The store's text may differ from the file's by normalisation: locate the string again.
            start = row["text"].find(mention.text)
            start = mention.start if start < 0 else start
            end = start + len(mention.text)
            here = GoldMention(mention.article, mention.text, mention.kind, start, end)
            indexes = [i for s, e, i in spans[row["id"]] if s < end and start < e]
            events = [e for i in indexes for e in coded[(row["id"], i)]]
            located.append((gold_event, here, events, [e for e in events if _overlaps(e, start, end)]))
    return located


def _match(
    located: _Located, present: set[str], groups: Mapping[str, str], relax_types: bool = False
) -> list[MatchedMention]:
    """Each gold mention's coded event and its group; a coded event serves one mention only.

    ``present`` are the file names of the store's articles, ``groups`` the group of each coded event.
    """
    claimed: dict[int, Event] = {}
    taken: set[str] = set()
    # First the mentions whose type agrees, then (types relaxed) the others take what is left.
    for strict in (True, False) if relax_types else (True,):
        for n, (gold_event, _mention, _, at) in enumerate(located):
            if n in claimed:
                continue
            free = [e for e in at if e.id not in taken and (e.type == gold_event.type or not strict)]
            if free:
                best = min(free, key=lambda e: (e.type != gold_event.type, e.trigger_start, e.id))
                claimed[n] = best
                taken.add(best.id)
    matched = []
    for n, (gold_event, mention, events, at) in enumerate(located):
        chosen = claimed.get(n)
        if chosen is None:
            status = "other type" if at else "elsewhere" if events else "not coded"
            if mention.article not in present:
                status = "no article"
            types = tuple(sorted({e.type for e in (at or events)}))
            matched.append(MatchedMention(gold_event.id, mention, status, found_types=types))
            continue
        matched.append(
            MatchedMention(
                gold_event.id,
                mention,
                "matched",
                chosen.id,
                groups.get(chosen.id),
                trigger=chosen.trigger,
                type=chosen.type,
            )
        )
    return matched


def _section(matches: Sequence[MatchedMention], gold: GoldResolution) -> dict[str, Any]:
    items = [
        (m.mention.article, m.event, m.group or f"ungrouped:{m.event_id}") for m in matches if m.status == "matched"
    ]
    scores = score_mentions(items, {e.id for e in gold.events}, [(a, b) for a, b, _ in gold.distinct])
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for m in matches:
        by_kind[m.mention.kind][m.status] += 1
    return {
        "mentions": dict(sorted(Counter(m.status for m in matches).items())),
        "mentions_by_kind": {kind: dict(sorted(c.items())) for kind, c in sorted(by_kind.items())},
        **scores,
    }


def score_store(store: Any, gold: GoldResolution) -> dict[str, Any]:
    """The figures for an open store, with every mention's match for the per-event breakdown.

    ``typed`` matches a mention only to a coded event of the gold type (what the figures mean by
    default); ``any_type`` takes the coded event in the mention whatever its type, which separates
    resolution errors from event-typing errors upstream.
    """
    from dateline.store import corpus

    located = _located(store, gold)
    present = {Path(row["path"]).name for row in store.rows("articles") if row["path"]}
    groups = corpus.event_group_ids(store)
    typed, relaxed = _match(located, present, groups), _match(located, present, groups, relax_types=True)
    multi = {e.id for e in gold.events}
    return {
        "gold": {
            "events": len(gold.events),
            "singles": len(gold.singles),
            "mentions": sum(len(e.mentions) for e in gold.all_events),
            "event_mentions": sum(len(e.mentions) for e in gold.events),
            "articles": len({m.article for e in gold.all_events for m in e.mentions}),
            "distinct_pairs": len(gold.distinct),
        },
        "typed": _section(typed, gold),
        "any_type": _section(relaxed, gold),
        "per_event": [
            _breakdown(e, [m for m in typed if m.event == e.id], [m for m in relaxed if m.event == e.id])
            for e in gold.all_events
        ],
        "multi_article_events": sorted(multi),
    }


def _breakdown(
    event: ResolvedEventGold, typed: Sequence[MatchedMention], relaxed: Sequence[MatchedMention]
) -> dict[str, Any]:
    return {
        "id": event.id,
        "label": event.label,
        "type": event.type,
        "date": event.date,
        "single": event.single,
        "groups": len({m.group for m in typed if m.status == "matched"}),
        "mentions": [
            {
                "article": m.mention.article,
                "kind": m.mention.kind,
                "text": m.mention.text,
                "status": m.status,
                "group": m.group,
                "event_id": m.event_id,
                "trigger": m.trigger,
                "found_types": list(m.found_types),
                "any_type": {"status": r.status, "group": r.group, "type": r.type, "trigger": r.trigger},
            }
            for m, r in zip(typed, relaxed, strict=True)
        ],
    }


def evaluate_resolution(db: str | Path | None = None, gold: str | Path | None = None) -> dict[str, Any]:
    """Score an existing store (read only), or a fresh temporary store of the sample corpus."""
    from dateline.api import ingest, sample_corpus
    from dateline.store import open_store

    gold_data = load_gold(gold)
    if db is not None:
        if not Path(db).exists():
            raise ResolutionGoldError(f"no store at {db}")
        with open_store(db, readonly=True) as store:
            return score_store(store, gold_data)
    with tempfile.TemporaryDirectory(prefix="dateline-resolution-") as folder:
        path = Path(folder) / "sample.db"
        ingest([str(sample_corpus())], db=path)
        with open_store(path, readonly=True) as store:
            return score_store(store, gold_data)


def _section_lines(name: str, section: Mapping[str, Any]) -> list[str]:
    links, b3, whole, distinct = section["links"], section["bcubed"], section["whole"], section["distinct"]
    return [
        f"{name}: mentions " + "  ".join(f"{k}={v}" for k, v in section["mentions"].items()),
        *(
            f"  {kind:<9} " + "  ".join(f"{k}={v}" for k, v in counts.items())
            for kind, counts in section["mentions_by_kind"].items()
        ),
        f"  cross-article links: P={links['precision']:.3f} R={links['recall']:.3f} F1={links['f1']:.3f} "
        f"(gold {links['gold_links']}, system {links['system_links']}, correct {links['correct_links']})",
        f"  B-cubed: P={b3['precision']:.3f} R={b3['recall']:.3f} F1={b3['f1']:.3f}",
        f"  whole events: {whole['one_group']}/{whole['scorable']} in one group ({whole['pure']} of them pure)",
        f"  distinct pairs merged: {distinct['merged']}/{distinct['checkable']}"
        + "".join(f"\n    merged: {a} + {b}" for a, b in distinct["merged_pairs"]),
    ]


def _mention_line(m: Mapping[str, Any]) -> str:
    relaxed = m["any_type"]
    if m["status"] == "matched":
        where = f"group {m['group'][:8] if m['group'] else '-'} {m['trigger']!r}"
    else:
        where = m["status"] + (f" ({', '.join(m['found_types'])})" if m["found_types"] else "")
        if relaxed["status"] == "matched":
            where += f" -> {relaxed['type']} group {relaxed['group'][:8] if relaxed['group'] else '-'}"
    return f"  {m['article'][:2]} {m['kind']:<9} {where:<52} {m['text'][:60]}"


def format_report(result: Mapping[str, Any], verbose: bool = False) -> str:
    gold = result["gold"]
    lines = [
        f"gold: {gold['events']} events mentioned in 2+ articles ({gold['event_mentions']} mentions), "
        f"{gold['singles']} single-article events, {gold['distinct_pairs']} distinct pairs, "
        f"{gold['articles']} articles",
        *_section_lines("typed (coded event of the gold type)", result["typed"]),
        *_section_lines("any type (coded event in the mention, whatever its type)", result["any_type"]),
    ]
    if verbose:
        for event in result["per_event"]:
            kind = "single" if event["single"] else f"{event['groups']} group(s)"
            lines.append(f"\n{event['id']} [{event['type']} {event['date']}] {kind}: {event['label']}")
            lines.extend(_mention_line(m) for m in event["mentions"])
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dateline.evaluate.resolution", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--db", default=None, help="score this existing store (read only) instead of a fresh sample store"
    )
    parser.add_argument(
        "--gold", default=None, help="the gold file (default: the bundled samples/libya/resolution.json)"
    )
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument("--verbose", action="store_true", help="list every gold event with its mentions and groups")
    args = parser.parse_args(argv)
    try:
        result = evaluate_resolution(args.db, args.gold)
    except ResolutionGoldError as error:
        print(error, file=sys.stderr)  # noqa: T201
        return 2
    if not args.json and not args.verbose:
        result = {k: v for k, v in result.items() if k not in ("per_event", "multi_article_events")}
    print(json.dumps(result, indent=2) if args.json else format_report(result, verbose=args.verbose))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
