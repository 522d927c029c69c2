"""The hand-made gold of the bundled Libya sample corpus, and how every stage scores against it.

A gold file (``samples/libya/gold/<stem>.json``) describes the article ``articles/<stem>.txt``
with strings that occur verbatim in the article's text as dateline reads it (the header
line removed, the wire dateline kept); ``occurrence`` says which occurrence (0-based) of a
time expression is meant. ``load_gold`` turns those strings into character offsets and
refuses a file whose strings are not in its article.

``score_sample`` compares annotated articles with the gold:

- **timex**: TempEval-3 figures (strict and relaxed extent P/R/F1, type and value accuracy
  over the relaxed matches), computed with ``evaluate.timeml.align_timexes``;
- **actors**: per gold actor, whether one of our actors of the article has its canonical
  name or its surface form (as name or alias, or through the actor list), and then whether
  kind, country and sector agree;
- **quotes**: a gold quote is matched by the system quote whose content span covers at
  least half of it (each system quote used once); speaker accuracy over the matches compares
  our speaker actor with the gold canonical speaker (or, where the gold speaker has no
  canonical actor, our speaker text with the gold surface form);
- **events**: precision, recall and F1 over (article, sentence, PLOVER type) pairs; over the
  matched pairs, date accuracy (exact, and relaxed: one value a prefix of the other, so
  ``2020-01`` and ``2020-01-13`` agree) and source accuracy.

``python -m dateline.evaluate.sample [--json]`` runs every registered stage that loads (a
stage that cannot be imported, or whose inputs no loaded stage provides, is skipped and named
in the output) and prints the scores. ``--gold DIR --articles DIR`` scores another gold folder
against articles kept elsewhere (the repository's gold of the two TASS seed articles is
``tests/gold/seeds``, its articles ``../shared/seeds``); ``--errors`` lists every missed or
wrongly typed actor and every missed quote or wrong speaker.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from dateline.evaluate.timeml import GoldTimex, align_timexes
from dateline.model import Actor, AnnotatedArticle, Article

__all__ = [
    "GoldActor",
    "GoldArticle",
    "GoldEvent",
    "GoldQuote",
    "SampleGoldError",
    "annotate_sample",
    "available_stages",
    "load_gold",
    "main",
    "sample_folder",
    "score_sample",
]

TIMEX_TYPES = frozenset({"DATE", "TIME", "DURATION", "SET"})
ACTOR_KINDS = frozenset({"PERSON", "ORG", "GROUP", "COUNTRY"})
SECTORS = frozenset({"GOV", "MIL", "REB", "OPP", "IGO", "NGO", "MED", "JUD", "LEG", "BUS"})
PLOVER_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
        "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
)  # fmt: skip
# A system quote matches a gold one when it covers at least this share of the gold content:
# reported speech boundaries legitimately differ by a "that" or a trailing clause.
QUOTE_OVERLAP = 0.5


class SampleGoldError(ValueError):
    """A gold file that cannot be used: bad JSON, a missing article, a string not in the article."""


@dataclass(frozen=True, slots=True)
class GoldActor:
    name: str
    canonical: str
    kind: str
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class GoldQuote:
    start: int
    end: int
    content: str
    speaker: str
    canonical: str | None
    cue: str
    direct: bool


@dataclass(frozen=True, slots=True)
class GoldEvent:
    start: int  # of the identifying substring
    end: int
    sentence: str
    type: str
    source: str | None
    target: str | None
    date: str | None
    negated: bool


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One gold file and the article it describes, with its strings turned into offsets."""

    name: str  # the article's file name, e.g. 12_berlin-conference.txt
    gold_path: str
    article: Article
    timexes: tuple[GoldTimex, ...]
    actors: tuple[GoldActor, ...]
    quotes: tuple[GoldQuote, ...]
    events: tuple[GoldEvent, ...]


def sample_folder() -> Path:
    """The bundled sample corpus (``articles/`` and ``gold/``)."""
    return Path(str(resources.files("dateline") / "samples" / "libya"))


def _find(text: str, needle: str, occurrence: int, where: str) -> int:
    position = -1
    for _ in range(occurrence + 1):
        position = text.find(needle, position + 1)
        if position < 0:
            raise SampleGoldError(f"{where}: {needle!r} (occurrence {occurrence}) is not in the article")
    return position


def _read_article(path: Path) -> Article:
    from dateline.ingest.readers import read_paths

    for item in read_paths([str(path)]):
        if isinstance(item, Article):
            return item
        raise SampleGoldError(f"{path}: {item.message}")
    raise SampleGoldError(f"{path}: no article")


def _gold_article(gold_path: Path, articles: Path) -> GoldArticle:
    where = str(gold_path)
    try:
        data = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise SampleGoldError(f"{where}: cannot read ({error})") from None
    name = str(data.get("article") or gold_path.stem + ".txt")
    article_path = articles / name
    if not article_path.is_file():
        raise SampleGoldError(f"{where}: its article {article_path} does not exist")
    article = _read_article(article_path)
    text = article.text
    published = data.get("published")
    if published and article.published != date.fromisoformat(published):
        raise SampleGoldError(f"{where}: published {published} but the article is dated {article.published}")
    timexes = []
    for item in data.get("timexes", []):
        start = _find(text, item["text"], int(item.get("occurrence", 0)), where)
        timexes.append(
            GoldTimex(start, start + len(item["text"]), item["text"], item["type"], item["value"], mod=item.get("mod"))
        )
    actors = tuple(
        GoldActor(a["name"], a.get("canonical") or a["name"], a["kind"], a.get("country"), a.get("sector"))
        for a in data.get("actors", [])
    )
    for actor in actors:
        _find(text, actor.name, 0, where)
    quotes = []
    for q in data.get("quotes", []):
        start = _find(text, q["content"], int(q.get("occurrence", 0)), where)
        _find(text, q["speaker"], 0, where)
        _find(text, q["cue"], 0, where)
        quotes.append(
            GoldQuote(
                start, start + len(q["content"]), q["content"], q["speaker"], q.get("canonical"), q["cue"],
                bool(q.get("direct", False)),
            )
        )  # fmt: skip
    events = []
    for e in data.get("events", []):
        start = _find(text, e["sentence"], int(e.get("occurrence", 0)), where)
        events.append(
            GoldEvent(
                start, start + len(e["sentence"]), e["sentence"], e["type"], e.get("source"), e.get("target"),
                e.get("date"), bool(e.get("negated", False)),
            )
        )  # fmt: skip
    return GoldArticle(name, where, article, tuple(timexes), actors, tuple(quotes), tuple(events))


def load_gold(folder: str | Path | None = None, articles: str | Path | None = None) -> list[GoldArticle]:
    """The gold articles of ``folder`` (the corpus folder holding ``gold/`` and ``articles/``, or the gold folder).

    Defaults to the bundled sample corpus. ``articles`` is the folder of the articles the gold
    files name (default: ``articles/`` beside the gold folder). Raises ``SampleGoldError``
    naming the first bad file.
    """
    root = Path(folder) if folder is not None else sample_folder()
    gold_dir = root / "gold" if (root / "gold").is_dir() else root
    if not gold_dir.is_dir():
        raise SampleGoldError(f"{gold_dir}: no such gold folder")
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise SampleGoldError(f"{gold_dir}: no gold files (*.json)")
    articles = Path(articles) if articles is not None else gold_dir.parent / "articles"
    if not articles.is_dir():
        raise SampleGoldError(f"{articles}: no such articles folder")
    return [_gold_article(path, articles) for path in files]


# --- running the stages ---------------------------------------------------------------


def available_stages(names: Sequence[str] | None = None) -> tuple[list[Any], dict[str, str]]:
    """The registered stages that load, in registry order, and why each other one was left out."""
    from dateline.pipeline.base import STAGES, make_stage

    stages: list[Any] = []
    skipped: dict[str, str] = {}
    provided = {"article"}
    for name in names if names is not None else list(STAGES):
        try:
            stage = make_stage(name)
        except Exception as error:  # a stage still being written may fail in any way on import
            skipped[name] = str(error)
            continue
        missing = stage.requires - provided
        if missing:
            skipped[name] = f"needs {', '.join(sorted(missing))}, which no loaded stage provides"
            continue
        stages.append(stage)
        provided |= stage.assigns
    return stages, skipped


def annotate_sample(
    gold: Sequence[GoldArticle], stages: Sequence[Any]
) -> tuple[dict[str, AnnotatedArticle], dict[str, str]]:
    """Each gold article run through ``stages``; a stage that raises is reported and skipped for that article."""
    import dataclasses

    annotated: dict[str, AnnotatedArticle] = {}
    failures: dict[str, str] = {}
    for item in gold:
        doc = AnnotatedArticle(item.article)
        for stage in stages:
            if not stage.requires <= {"article", *_provided(doc, stages)}:
                continue
            try:
                doc = stage(doc)
            except Exception as error:  # one broken stage must not hide the others' scores
                failures.setdefault(stage.name, f"{item.name}: {type(error).__name__}: {error}")
                continue
            doc = dataclasses.replace(doc, done=(*doc.done, stage.name))
        annotated[item.name] = dataclasses.replace(doc, parse=None)
    return annotated, failures


def _provided(doc: AnnotatedArticle, stages: Sequence[Any]) -> set[str]:
    done = set(doc.done)
    return {field for stage in stages if stage.name in done for field in stage.assigns}


# --- scoring ----------------------------------------------------------------------------


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _prf(matched_system: int, system: int, matched_gold: int, gold: int) -> dict[str, float]:
    precision = matched_system / system if system else 0.0
    recall = matched_gold / gold if gold else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(_f1(precision, recall), 4)}


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _score_timex(annotated: Mapping[str, AnnotatedArticle], gold: Sequence[GoldArticle]) -> dict[str, Any]:
    counts = Counter[str]()
    errors = []
    for item in gold:
        doc = annotated[item.name]
        counts["gold"] += len(item.timexes)
        counts["system"] += len(doc.timexes)
        for i, j in align_timexes(item.timexes, doc.timexes):
            g, s = item.timexes[i], doc.timexes[j]
            counts["relaxed"] += 1
            counts["strict"] += (g.start, g.end) == (s.start, s.end)
            counts["type"] += g.type == s.type
            counts["value"] += g.value == s.value
            if g.value != s.value:
                errors.append(
                    {"article": item.name, "text": g.text, "gold": g.value, "ours": s.value, "ours_text": s.text}
                )
    result: dict[str, Any] = {"gold": counts["gold"], "system": counts["system"]}
    for kind in ("strict", "relaxed"):
        figures = _prf(counts[kind], counts["system"], counts[kind], counts["gold"])
        result.update({f"{kind}_{key}": value for key, value in figures.items()})
    result["type_accuracy"] = _share(counts["type"], counts["relaxed"])
    result["value_accuracy"] = _share(counts["value"], counts["relaxed"])
    result["value_errors"] = errors
    return result


def _actor_keys(actor: Actor) -> set[str]:
    from dateline.resources.actors import alias_key

    return {alias_key(name) for name in (actor.name, *actor.aliases)}


def _match_actor(gold: GoldActor, ours: Sequence[Actor]) -> Actor | None:
    from dateline.resources.actors import alias_key, load_actors

    wanted = {alias_key(gold.canonical), alias_key(gold.name)}
    for actor in ours:
        if wanted & _actor_keys(actor):
            return actor
    listed = {a.id for name in (gold.canonical, gold.name) for a in load_actors().lookup(name)}
    return next((actor for actor in ours if actor.id in listed), None)


def _score_actors(annotated: Mapping[str, AnnotatedArticle], gold: Sequence[GoldArticle]) -> dict[str, Any]:
    counts = Counter[str]()
    missed = []
    wrong: list[dict[str, Any]] = []
    for item in gold:
        ours = annotated[item.name].actors
        for actor in item.actors:
            counts["gold"] += 1
            found = _match_actor(actor, ours)
            if found is None:
                missed.append({"article": item.name, "name": actor.name, "canonical": actor.canonical})
                continue
            counts["found"] += 1
            counts["kind"] += found.kind == actor.kind
            counts["country"] += found.country == actor.country
            counts["sector"] += found.sector == actor.sector
            ours_attrs, gold_attrs = (
                (found.kind, found.country, found.sector),
                (actor.kind, actor.country, actor.sector),
            )
            counts["all"] += ours_attrs == gold_attrs
            if ours_attrs != gold_attrs:
                wrong.append(
                    {"article": item.name, "name": actor.name, "gold": list(gold_attrs), "ours": list(ours_attrs)}
                )
    return {
        "gold": counts["gold"],
        "found": _share(counts["found"], counts["gold"]),
        "kind_accuracy": _share(counts["kind"], counts["found"]),
        "country_accuracy": _share(counts["country"], counts["found"]),
        "sector_accuracy": _share(counts["sector"], counts["found"]),
        "all_right": _share(counts["all"], counts["gold"]),
        "missed": missed,
        "wrong": wrong,
    }


def _actor_names(doc: AnnotatedArticle) -> dict[str, Actor]:
    return {actor.id: actor for actor in doc.actors}


def _same_actor(ours: str | None, canonical: str | None, doc: AnnotatedArticle) -> bool:
    """Whether our actor id denotes the gold canonical actor (both absent counts as agreement)."""
    from dateline.resources.actors import alias_key

    if canonical is None or ours is None:
        return canonical is None and ours is None
    actor = _actor_names(doc).get(ours)
    keys = _actor_keys(actor) if actor else {alias_key(ours.split(":", 1)[-1].replace("-", " "))}
    return alias_key(canonical) in keys


def _score_quotes(annotated: Mapping[str, AnnotatedArticle], gold: Sequence[GoldArticle]) -> dict[str, Any]:
    counts = Counter[str]()
    missed: list[dict[str, Any]] = []
    speaker_errors: list[dict[str, Any]] = []
    spurious: list[dict[str, Any]] = []
    for item in gold:
        doc = annotated[item.name]
        counts["gold"] += len(item.quotes)
        counts["system"] += len(doc.quotes)
        used: set[int] = set()
        for quote in item.quotes:
            best, best_overlap = -1, 0.0
            for j, ours in enumerate(doc.quotes):
                overlap = (min(quote.end, ours.end) - max(quote.start, ours.start)) / (quote.end - quote.start)
                if j not in used and overlap >= QUOTE_OVERLAP and overlap > best_overlap:
                    best, best_overlap = j, overlap
            if best < 0:
                missed.append({"article": item.name, "content": quote.content, "speaker": quote.speaker})
                continue
            used.add(best)
            ours = doc.quotes[best]
            counts["matched"] += 1
            counts["direct"] += ours.direct == quote.direct
            if quote.canonical is None:
                text = (ours.speaker_text or "").lower()
                right = bool(text) and (text in quote.speaker.lower() or quote.speaker.lower() in text)
            else:
                right = _same_actor(ours.speaker, quote.canonical, doc)
            counts["speaker"] += right
            if not right:
                speaker_errors.append(
                    {
                        "article": item.name, "content": quote.content, "gold": quote.canonical or quote.speaker,
                        "ours": ours.speaker, "ours_text": ours.speaker_text,
                    }
                )  # fmt: skip
        spurious.extend(
            {"article": item.name, "content": doc.article.text[q.start : q.end], "ours": q.speaker}
            for j, q in enumerate(doc.quotes)
            if j not in used
        )
    return {
        "gold": counts["gold"],
        "system": counts["system"],
        **_prf(counts["matched"], counts["system"], counts["matched"], counts["gold"]),
        "speaker_accuracy": _share(counts["speaker"], counts["matched"]),
        "direct_accuracy": _share(counts["direct"], counts["matched"]),
        "missed": missed,
        "spurious": spurious,
        "speaker_errors": speaker_errors,
    }


def _sentence_of(doc: AnnotatedArticle, position: int) -> int:
    for sentence in doc.sentences:
        if sentence.start <= position < sentence.end:
            return sentence.index
    return -1


def _date_agrees(ours: str | None, gold: str | None, relaxed: bool) -> bool:
    if not ours or not gold:
        return ours == gold
    if relaxed:
        return ours.startswith(gold) or gold.startswith(ours)
    return ours == gold


def _score_events(annotated: Mapping[str, AnnotatedArticle], gold: Sequence[GoldArticle]) -> dict[str, Any]:
    counts = Counter[str]()
    by_type: dict[str, Counter[str]] = {}
    for item in gold:
        doc = annotated[item.name]
        wanted: dict[tuple[int, str], GoldEvent] = {}
        for event in item.events:
            wanted.setdefault((_sentence_of(doc, event.start), event.type), event)
        found: dict[tuple[int, str], list[Any]] = {}
        for ours in doc.events:
            found.setdefault((ours.sentence, ours.type), []).append(ours)
        counts["gold"] += len(wanted)
        counts["system"] += len(found)
        for key in wanted.keys() | found.keys():
            tally = by_type.setdefault(key[1], Counter())
            tally["gold"] += key in wanted
            tally["system"] += key in found
            tally["matched"] += key in wanted and key in found
        for key, event in wanted.items():
            if key not in found:
                continue
            counts["matched"] += 1
            candidates = found[key]
            counts["date"] += any(_date_agrees(o.date, event.date, relaxed=False) for o in candidates)
            counts["date_relaxed"] += any(_date_agrees(o.date, event.date, relaxed=True) for o in candidates)
            counts["source"] += any(_same_actor(o.source, event.source, doc) for o in candidates)
            counts["negated"] += any(o.negated == event.negated for o in candidates)
    return {
        "gold": counts["gold"],
        "system": counts["system"],
        **_prf(counts["matched"], counts["system"], counts["matched"], counts["gold"]),
        "date_accuracy": _share(counts["date"], counts["matched"]),
        "date_accuracy_relaxed": _share(counts["date_relaxed"], counts["matched"]),
        "source_accuracy": _share(counts["source"], counts["matched"]),
        "negated_accuracy": _share(counts["negated"], counts["matched"]),
        "by_type": {
            kind: {"gold": t["gold"], "system": t["system"], **_prf(t["matched"], t["system"], t["matched"], t["gold"])}
            for kind, t in sorted(by_type.items())
        },
    }


_SCORERS = {
    "timex": ("timexes", _score_timex),
    "actors": ("actors", _score_actors),
    "quotes": ("quotes", _score_quotes),
    "events": ("events", _score_events),
}


def score_sample(annotated: Mapping[str, AnnotatedArticle], gold: Sequence[GoldArticle]) -> dict[str, Any]:
    """Scores per stage of ``annotated`` (keyed by article file name) against ``gold``.

    A stage's section is scored only when every gold article was annotated by a stage that
    assigns its field (``doc.done`` names the stages); otherwise the section says it was skipped.
    """
    missing = [item.name for item in gold if item.name not in annotated]
    if missing:
        raise SampleGoldError(f"no annotation for {', '.join(missing)}")
    names = {name for item in gold for name in annotated[item.name].done}
    assigned = {name: _assigns(name) for name in names}
    result: dict[str, Any] = {"articles": len(gold)}
    for section, (field, scorer) in _SCORERS.items():
        if all(any(field in assigned[name] for name in annotated[item.name].done) for item in gold):
            result[section] = scorer(annotated, gold)
        else:
            result[section] = {"skipped": f"no stage that assigns {field!r} ran on every gold article"}
    return result


def _assigns(name: str) -> frozenset[str]:
    """The fields the stage registered as ``name`` fills (nothing for an unknown or broken stage)."""
    import importlib

    from dateline.pipeline.base import STAGES

    if name not in STAGES:
        return frozenset()
    module_name, class_name = STAGES[name].split(":")
    try:
        assigns: frozenset[str] = getattr(importlib.import_module(module_name), class_name).assigns
    except Exception:  # a stage that no longer loads assigns nothing we can score
        return frozenset()
    return assigns


# --- command line -----------------------------------------------------------------------


def evaluate_sample(
    folder: str | Path | None = None, stages: Sequence[str] | None = None, articles: str | Path | None = None
) -> dict[str, Any]:
    """Load the gold, run the stages that load, score them; the skipped stages and failures are listed."""
    gold = load_gold(folder, articles)
    loaded, skipped = available_stages(stages)
    annotated, failures = annotate_sample(gold, loaded)
    result = score_sample(annotated, gold)
    result["stages"] = [stage.name for stage in loaded]
    result["skipped_stages"] = skipped
    result["stage_failures"] = failures
    return result


_ERROR_LISTS = {
    "timex": ("value_errors",),
    "actors": ("missed", "wrong"),
    "quotes": ("missed", "spurious", "speaker_errors"),
}


def _report(result: Mapping[str, Any], errors: bool = False) -> str:
    lines = [f"{result['articles']} gold articles; stages run: {', '.join(result['stages'])}"]
    for name, reason in result["skipped_stages"].items():
        lines.append(f"  skipped {name}: {reason}")
    for name, reason in result["stage_failures"].items():
        lines.append(f"  FAILED {name} (first error): {reason}")
    for section in _SCORERS:
        scores = result[section]
        if "skipped" in scores:
            lines.append(f"{section}: skipped ({scores['skipped']})")
            continue
        shown = {k: v for k, v in scores.items() if isinstance(v, int | float)}
        lines.append(f"{section}: " + "  ".join(f"{k}={v}" for k, v in shown.items()))
        for key in _ERROR_LISTS.get(section, ()) if errors else ():
            for error in scores.get(key, []):
                lines.append(f"  {key}: " + "  ".join(f"{k}={v!r}" if k != "article" else v for k, v in error.items()))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dateline.evaluate.sample", description=__doc__.split("\n")[0])
    parser.add_argument(
        "folder", nargs="?", default=None, help="corpus folder with gold/ and articles/ (default: bundled)"
    )
    parser.add_argument("--gold", default=None, help="the gold folder (*.json); overrides FOLDER")
    parser.add_argument(
        "--articles",
        default=None,
        help="the folder of the articles the gold names (default: articles/ beside the gold)",
    )
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument("--errors", action="store_true", help="list every actor, quote and time value error")
    args = parser.parse_args(argv)
    try:
        result = evaluate_sample(args.gold or args.folder, articles=args.articles)
    except SampleGoldError as error:
        print(error, file=sys.stderr)  # noqa: T201
        return 2
    print(json.dumps(result, indent=2) if args.json else _report(result, errors=args.errors))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
