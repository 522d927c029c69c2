"""Named-entity scores: re3d (conflict news and statements) and CoNLL-2003-style files.

re3d (Dstl, 2017) annotates 98 documents about Syria and Iraq. Its schema is not ours, so
both sides are mapped first:

================  ===============  ====================================================
re3d type         scored as        our labels counted there
================  ===============  ====================================================
Person            PERSON           PERSON
Organisation      ORG              ORG; GPE when re3d calls the place an organisation
Location          LOC              GPE, LOC, FAC
Nationality       NORP             NORP
other types       not scored       -
================  ===============  ====================================================

A country is a place or an acting government by context; re3d often gives both types to
the same span ("Syria" accuses ...), so one of our GPE mentions counts as right when it
matches a gold Location *or* Organisation, and is scored under the type it matched (under
LOC when it matched none).

Which gold mentions count:

- re3d's annotations overlap: one span may have several types ("Syria": Location and
  Organisation) and spans nest ("west of Damascus" around "Damascus", "Turkish Foreign
  Minister Mevlüt Çavuşoğlu" around the name and the nationality). A flat tagger is
  compared with a flat reading: over all annotations of every type, the most confident
  (re3d's ``confidence``, the probability its crowd model gives the annotation) wins where
  they overlap, the longer on a tie; the winners of the four types above are scored.
- re3d also annotates nominal mentions ("the army", "rebels", "a military airport"). A
  named-entity recogniser is not meant to find them, so the headline figures (``named``)
  keep only gold mentions with a capitalised word that is no pronoun, role word or
  nationality adjective ("I", "The Foreign Secretary" and "the Syrian army" are not names;
  "Tobias Ellwood" and "the Syrian Electronic Army" are; nationalities always count); a
  system mention overlapping a mention that is not a name is not scored. ``all`` keeps
  every mention.
- A system mention that is one of the annotations the flat reading left out (the
  nationality "Turkish" inside the person "Turkish Foreign Minister Mevlüt Çavuşoğlu") is
  counted neither right nor wrong.
- Extents differ by convention (re3d keeps "the" and titles: "the European Union",
  "President Obama"). ``strict`` compares extents after removing a leading "the" and a
  trailing possessive on both sides; ``relaxed`` counts overlapping spans of the same type,
  each matched at most once.

For CoNLL-2003-style files (token, tags..., IOB entity tag per line; ``-DOCSTART-``
between documents) the types are PER -> PERSON, ORG -> ORG, LOC -> LOC (our GPE, LOC,
FAC) and MISC -> NORP (MISC is wider than nationalities: events, works and products are
in it too, so NORP recall there is a lower bound).

    python -m dateline.evaluate.ner /path/to/re3d [--limit N] [--by-source]
    python -m dateline.evaluate.ner /path/to/conll.txt
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.model import AnnotatedArticle, Article, Entity, article_id
from dateline.resources.actors import word_set

__all__ = [
    "GoldEntity",
    "NerDoc",
    "read_conll",
    "read_re3d",
    "score_ner",
    "tag_documents",
]

TYPES = ("PERSON", "ORG", "LOC", "NORP")
RE3D_TYPES = {"Person": "PERSON", "Organisation": "ORG", "Location": "LOC", "Nationality": "NORP"}
CONLL_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "NORP"}
# Our label -> the scored types it may match, first one used when it matches nothing.
RE3D_LABELS: dict[str, tuple[str, ...]] = {
    "PERSON": ("PERSON",), "ORG": ("ORG",), "GPE": ("LOC", "ORG"), "LOC": ("LOC",), "FAC": ("LOC",), "NORP": ("NORP",),
}  # fmt: skip
CONLL_LABELS: dict[str, tuple[str, ...]] = {
    "PERSON": ("PERSON",), "ORG": ("ORG",), "GPE": ("LOC",), "LOC": ("LOC",), "FAC": ("LOC",), "NORP": ("NORP",),
}  # fmt: skip


class NerDataError(ValueError):
    """A gold folder or file that cannot be read."""


@dataclass(frozen=True, slots=True)
class GoldEntity:
    start: int
    end: int
    type: str  # PERSON, ORG, LOC, NORP
    text: str
    named: bool = True


@dataclass(frozen=True, slots=True)
class NerDoc:
    id: str
    text: str
    gold: tuple[GoldEntity, ...]
    source: str = ""
    nested: tuple[GoldEntity, ...] = ()  # annotations the flat reading left out (re3d)


# --- readers ------------------------------------------------------------------------


_PRONOUNS = word_set(
    "i me my we us our you your he him his she her it its they them their this that these those the "
    "a an"
)  # fmt: skip


@functools.cache
def _common_words() -> frozenset[str]:
    """Words that do not make a mention a name: pronouns, role words, nationality adjectives."""
    from dateline.resources.actors import ROLE_WORDS, load_actors

    words = set(_PRONOUNS)
    for phrase in ROLE_WORDS:
        words.update(phrase.split())
    words.update(word_set("foreign defence defense senior special deputy acting former state affairs"))
    for key in load_actors().demonyms:
        words.add(key)
        words.add(key + "s")
    return frozenset(words)


def _is_named(text: str) -> bool:
    """A mention with a capitalised word that is no pronoun, role word or nationality: a name."""
    common = _common_words()
    for word in re.findall(r"[^\W\d_][\w'.-]*", text):
        core = re.sub(r"^(?:al|el|Al|El)-", "", word).rstrip(".")
        if core[:1].isupper() and core.lower() not in common:
            return True
    return False


def read_re3d(folder: str | Path) -> list[NerDoc]:
    """Every document of a re3d folder (one sub-folder per source) with its mapped gold mentions."""
    root = Path(folder)
    subsets = sorted(p.parent for p in root.glob("*/entities.json"))
    if not subsets:
        raise NerDataError(f"E440 no re3d sub-folders with entities.json under {root}")
    docs = []
    for subset in subsets:
        texts = {d["_id"]: d for d in _jsonl(subset / "documents.json")}
        by_doc: dict[str, list[tuple[float, int, int, str]]] = defaultdict(list)
        for entity in _jsonl(subset / "entities.json"):
            start, end = int(entity["begin"]), int(entity["end"])
            by_doc[entity["documentId"]].append(
                (float(entity.get("confidence", 0)), start, end, entity.get("type", ""))
            )
        for doc_id, document in texts.items():
            text = document["text"]
            annotations = by_doc.get(doc_id, [])
            flat = _flat(annotations)
            gold = tuple(
                GoldEntity(
                    start, end, RE3D_TYPES[kind], text[start:end], kind == "Nationality" or _is_named(text[start:end])
                )
                for start, end, kind in flat
                if kind in RE3D_TYPES
            )
            kept = set(flat)
            nested = tuple(
                GoldEntity(start, end, RE3D_TYPES[kind], text[start:end])
                for _, start, end, kind in annotations
                if kind in RE3D_TYPES and (start, end, kind) not in kept
            )
            docs.append(NerDoc(doc_id, text, gold, subset.name, nested))
    return docs


def _flat(annotations: Sequence[tuple[float, int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping annotations of every type: the most confident wins, the longer on a tie."""
    kept: list[tuple[int, int, str]] = []
    for _, start, end, kind in sorted(annotations, key=lambda a: (-a[0], -(a[2] - a[1]), a[1])):
        if all(end <= s or e <= start for s, e, _ in kept):
            kept.append((start, end, kind))
    return sorted(kept)


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as error:
                    raise NerDataError(f"E441 {path}:{number}: not JSON ({error.msg})") from None


def read_conll(path: str | Path) -> list[NerDoc]:
    """Documents of a CoNLL-2003-style file: tokens joined by spaces, one sentence a line."""
    docs: list[NerDoc] = []
    lines_of_doc: list[list[tuple[str, str]]] = [[]]

    def flush() -> None:
        sentences = [s for s in lines_of_doc if s]
        if sentences:
            docs.append(_conll_doc(f"{Path(path).name}#{len(docs) + 1}", sentences))
        lines_of_doc.clear()
        lines_of_doc.append([])

    with Path(path).open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if not parts:
                lines_of_doc.append([])
            elif parts[0] == "-DOCSTART-":
                flush()
            else:
                lines_of_doc[-1].append((parts[0], parts[-1]))
    flush()
    return docs


def _conll_doc(name: str, sentences: Sequence[Sequence[tuple[str, str]]]) -> NerDoc:
    pieces: list[str] = []
    gold: list[GoldEntity] = []
    offset = 0
    for sentence in sentences:
        open_start, open_type, last_end = -1, "", 0
        for i, (token, tag) in enumerate(sentence):
            start = offset
            pieces.append(token)
            offset += len(token)
            kind = CONLL_TYPES.get(tag[2:], "") if len(tag) > 2 else ""
            begins = tag.startswith("B-") or (tag.startswith("I-") and kind != open_type)
            if open_type and (tag == "O" or begins):
                gold.append(GoldEntity(open_start, last_end, open_type, ""))
                open_type = ""
            if kind and (begins or not open_type):
                open_start, open_type = start, kind
            last_end = offset
            if i < len(sentence) - 1:
                pieces.append(" ")
                offset += 1
        if open_type:
            gold.append(GoldEntity(open_start, last_end, open_type, ""))
        pieces.append("\n")
        offset += 1
    text = "".join(pieces)
    return NerDoc(name, text, tuple(GoldEntity(g.start, g.end, g.type, text[g.start : g.end]) for g in gold))


# --- tagging --------------------------------------------------------------------------


def tag_documents(docs: Iterable[NerDoc]) -> dict[str, tuple[Entity, ...]]:
    """Our entities for every document (sentences, parse and entity stages)."""
    from dateline.pipeline.base import make_pipeline, run_pipeline

    stages = make_pipeline(["dateline.sentences.v1", "dateline.parse.v1", "dateline.entities.v1"])
    tagged = {}
    for doc in docs:
        article = Article(article_id(doc.text), doc.text, None, "unknown")
        tagged[doc.id] = run_pipeline(stages, AnnotatedArticle(article)).entities
    return tagged


# --- scoring --------------------------------------------------------------------------

_EDGE = re.compile(r"^(?:the|The|THE)\s+")
_TAIL = re.compile(r"(?:['\u2019]s?|[.,;:])$")


def _core(text: str, start: int, end: int) -> tuple[int, int]:
    lead = _EDGE.match(text[start:end])
    if lead:
        start += lead.end()
    tail = _TAIL.search(text[start:end])
    if tail and tail.start() > 0:
        end = start + tail.start()
    return start, end


def score_ner(
    docs: Sequence[NerDoc],
    predicted: Mapping[str, Sequence[Entity]],
    labels: Mapping[str, tuple[str, ...]] | None = None,
    named_only: bool = True,
) -> dict[str, Any]:
    """Per-type and micro P/R/F1, strict and relaxed (see the module doc for the matching)."""
    labels = labels or RE3D_LABELS
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in (*TYPES, "ALL")}
    for doc in docs:
        gold = [g for g in doc.gold if g.named or not named_only]
        # Out of scope (a nominal mention when only names count): what overlaps it is not scored.
        ignored = [dataclasses.replace(g, type="*") for g in doc.gold if named_only and not g.named]
        system = [e for e in predicted.get(doc.id, ()) if e.label in labels]
        for mode in ("strict", "relaxed"):
            for kind, (tp, fp, fn) in _match(doc.text, gold, system, labels, mode, (*doc.nested, *ignored)).items():
                counts[kind][f"{mode}_tp"] += tp
                counts[kind][f"{mode}_fp"] += fp
                counts[kind][f"{mode}_fn"] += fn
        for g in gold:
            counts[g.type]["gold"] += 1
    result: dict[str, Any] = {"documents": len(docs), "named_only": named_only}
    for kind in TYPES:
        for mode in ("strict", "relaxed"):
            for key in ("tp", "fp", "fn"):
                counts["ALL"][f"{mode}_{key}"] += counts[kind][f"{mode}_{key}"]
        counts["ALL"]["gold"] += counts[kind]["gold"]
    for kind in (*TYPES, "ALL"):
        entry: dict[str, Any] = {"gold": counts[kind]["gold"]}
        for mode in ("strict", "relaxed"):
            tp, fp, fn = (counts[kind][f"{mode}_{key}"] for key in ("tp", "fp", "fn"))
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            entry[mode] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp,
                           "fn": fn}  # fmt: skip
        result[kind] = entry
    return result


def _match(
    text: str,
    gold: Sequence[GoldEntity],
    system: Sequence[Entity],
    labels: Mapping[str, tuple[str, ...]],
    mode: str,
    nested: Sequence[GoldEntity] = (),
) -> dict[str, tuple[int, int, int]]:
    gold_spans = [(*_core(text, g.start, g.end), g.type) for g in gold]
    used: set[int] = set()
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    sys_spans = sorted(((*_core(text, e.start, e.end), e.label) for e in system), key=lambda s: s[0])
    for start, end, label in sys_spans:
        allowed = labels[label]
        best, best_overlap = -1, 0
        for i, (g_start, g_end, g_type) in enumerate(gold_spans):
            if i in used or g_type not in allowed:
                continue
            if mode == "strict":
                if (g_start, g_end) == (start, end):
                    best = i
                    break
            else:
                overlap = min(end, g_end) - max(start, g_start)
                if overlap > best_overlap:
                    best, best_overlap = i, overlap
        if best >= 0:
            used.add(best)
            tp[gold_spans[best][2]] += 1
        elif not _in_nested(text, nested, start, end, allowed, mode):
            fp[allowed[0]] += 1
    fn = Counter(g[2] for i, g in enumerate(gold_spans) if i not in used)
    return {kind: (tp[kind], fp[kind], fn[kind]) for kind in TYPES}


def _in_nested(
    text: str, nested: Sequence[GoldEntity], start: int, end: int, allowed: tuple[str, ...], mode: str
) -> bool:
    """A system span that is an annotation the flat reading left out: neither right nor wrong."""
    for g in nested:
        if g.type not in allowed and g.type != "*":
            continue
        g_start, g_end = _core(text, g.start, g.end)
        if g.type == "*":
            if g_start < end and start < g_end:
                return True
            continue
        if (g_start, g_end) == (start, end) or (mode == "relaxed" and g_start < end and start < g_end):
            return True
    return False


def score_directory(path: str | Path, limit: int | None = None, by_source: bool = False) -> dict[str, Any]:
    """Read, tag and score a re3d folder or a CoNLL file: the figures ``python -m`` prints."""
    target = Path(path)
    if target.is_dir():
        docs, labels, corpus = read_re3d(target), RE3D_LABELS, "re3d"
    elif target.is_file():
        docs, labels, corpus = read_conll(target), CONLL_LABELS, "conll"
    else:
        raise NerDataError(f"E442 {target} is neither a re3d folder nor a CoNLL file")
    if limit:
        docs = docs[:limit]
    predicted = tag_documents(docs)
    result: dict[str, Any] = {"corpus": corpus, "path": str(target)}
    result["named"] = score_ner(docs, predicted, labels, named_only=True)
    if corpus == "re3d":
        result["all"] = score_ner(docs, predicted, labels, named_only=False)
    if by_source:
        sources = sorted({doc.source for doc in docs})
        result["by_source"] = {
            source: score_ner([d for d in docs if d.source == source], predicted, labels)["ALL"]["relaxed"]["f1"]
            for source in sources
        }
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dateline.evaluate.ner", description=__doc__.split("\n")[0])
    parser.add_argument("path", help="a re3d folder (sub-folders with entities.json) or a CoNLL-2003-style file")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--by-source", action="store_true", help="also relaxed F1 per re3d sub-corpus")
    args = parser.parse_args(argv)
    try:
        result = score_directory(args.path, args.limit, args.by_source)
    except NerDataError as error:
        print(error, file=sys.stderr)  # noqa: T201
        return 2
    print(json.dumps(result, indent=2))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
