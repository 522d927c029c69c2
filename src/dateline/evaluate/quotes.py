"""Quote attribution scores on PolNeAR (political news, attributions annotated by hand).

PolNeAR (Newell, Margolin and Ruths, LREC 2018) marks every *attribution* of an article:
a source (the speaker), a cue ("said", "according to") and a content span, in brat
standoff files (``.ann``) beside the text. Articles annotated by several people have
several files; the first by file name is the reference.

How the comparison is set up:

- An attribution of ours is one quote, or the quotes that share a cue (the two halves of
  ``"...," he said, "..."``); its content is the set of word tokens of its spans. Gold
  content spans may be discontinuous and are read the same way.
- **content overlap**: a gold and a system attribution match when the words they share
  are at least half of the words of each (``OVERLAP`` = 0.5); each is matched at most
  once, the largest overlaps first. **content exact**: the contents are equal after
  removing edge punctuation, quotation marks and a leading "that".
- **cue**: cue spans of all attributions, matched one to one when they share a word.
- **speaker**: over the overlap-matched pairs whose gold attribution has a source, the
  share where the head word of one speaker span lies inside the other (the head is the
  last word before a comma, bracket or relative pronoun: "Clinton" in "Hillary Clinton,
  who ..."). A pronoun counts by its position: "he" is right when gold marks that "he".
- **direct / indirect**: a content (gold or ours) is direct when at least half of its words
  are inside quotation marks; precision is counted over our contents of the kind, recall
  over gold contents of the kind, on the same matching.
- PolNeAR also attributes beliefs, wishes and intentions ("thinks", "wants", "don't
  like"), which are not quotes. ``all`` compares with every gold attribution; ``speech``
  keeps the gold attributions whose cue has a speech verb of our lexicon or ``according``,
  or whose content is direct; a system attribution matching only a gold attribution left
  out there is not counted either way. ``--beliefs`` also runs our belief cues.

    python -m dateline.evaluate.quotes /path/to/polnear [--split dev] [--limit N] [--json]
        [--beliefs] [--baseline textacy]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.model import AnnotatedArticle, Article, Quote, article_id
from dateline.pipeline.quotes import SPEECH_CUES, cue_lemma, quotation_spans

__all__ = [
    "OVERLAP",
    "GoldAttribution",
    "QuoteDoc",
    "QuoteScores",
    "SystemAttribution",
    "read_ann",
    "read_polnear",
    "score_quotes",
    "system_attributions",
]

OVERLAP = 0.5
Spans = tuple[tuple[int, int], ...]
_WORDS = re.compile(r"\w+")
_HEAD_CUT = re.compile(r",|\(|\bwho\b|\bwhich\b|\bthat\b|\u2014| - ")


class QuoteDataError(ValueError):
    """A PolNeAR folder or .ann file that cannot be read."""


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    content: Spans
    cue: Spans
    source: Spans  # empty for Attribution-no-source


@dataclass(frozen=True, slots=True)
class QuoteDoc:
    id: str
    text: str
    gold: tuple[GoldAttribution, ...]


@dataclass(frozen=True, slots=True)
class SystemAttribution:
    content: Spans
    cue: Spans
    source: Spans


# --- reading -------------------------------------------------------------------------------------------


_SPAN_LINE = re.compile(r"T\d+\t")
_ATTRIBUTION_LINE = re.compile(r"E\d+\t")


def read_ann(lines: Iterable[str]) -> tuple[GoldAttribution, ...]:
    """The attributions of one brat standoff file (``E`` lines over ``T`` spans).

    A span's text may run over several lines (it covers a line break of the article): the lines
    after the first start with no annotation id and are skipped.
    """
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[list[tuple[str, str]]] = []
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if _SPAN_LINE.match(line):
            try:
                key, head, _ = [*line.split("\t"), ""][:3]
                label, _, offsets = head.partition(" ")
                parts = tuple((int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";")))
            except ValueError:
                raise QuoteDataError(f"E500 line {number}: cannot read span {line!r}") from None
            spans[key] = (label, parts)
        elif _ATTRIBUTION_LINE.match(line):
            fields = line.split("\t")
            if len(fields) < 2:
                raise QuoteDataError(f"E501 line {number}: cannot read attribution {line!r}")
            events.append([tuple(arg.split(":", 1)) for arg in fields[1].split() if ":" in arg])  # type: ignore[misc]
    found = []
    for args in events:
        roles: dict[str, list[tuple[int, int]]] = {"Content": [], "Cue": [], "Source": []}
        for name, key in args:
            role = "Content" if name.startswith("Content") else name
            if role in roles and key in spans:
                roles[role].extend(spans[key][1])
        if roles["Content"]:
            found.append(GoldAttribution(*(tuple(sorted(roles[r])) for r in ("Content", "Cue", "Source"))))
    return tuple(found)


def read_polnear(folder: str | Path, split: str = "dev", limit: int | None = None) -> list[QuoteDoc]:
    """The articles of one split with their attributions (first annotator by file name)."""
    root = Path(folder) / split
    texts = sorted((root / "text").glob("*.txt"))
    if not texts:
        raise QuoteDataError(f"E502 no {root}/text/*.txt")
    anns: dict[str, Path] = {}
    for path in sorted((root / "attributions").glob("*.ann")):
        anns.setdefault(path.stem.rsplit("_", 1)[0], path)
    docs = []
    for path in texts:
        ann = anns.get(path.stem)
        if ann is None:
            continue
        text = path.read_text(encoding="utf-8")
        with ann.open(encoding="utf-8") as lines:
            try:
                docs.append(QuoteDoc(path.stem, text, read_ann(lines)))
            except QuoteDataError as error:
                raise QuoteDataError(f"{error} in {ann}") from None
        if limit is not None and len(docs) >= limit:
            break
    return docs


# --- scoring -----------------------------------------------------------------------------------------


def system_attributions(quotes: Iterable[Quote]) -> list[SystemAttribution]:
    """Our quotes as attributions: quotes with the same cue are one (split quotations)."""
    by_cue: dict[tuple[int, int], list[Quote]] = {}
    single: list[list[Quote]] = []
    for quote in quotes:
        if quote.cue_start >= 0:
            by_cue.setdefault((quote.cue_start, quote.cue_end), []).append(quote)
        else:
            single.append([quote])
    found = []
    for group in [*by_cue.values(), *single]:
        first = group[0]
        found.append(
            SystemAttribution(
                tuple(sorted((q.start, q.end) for q in group)),
                ((first.cue_start, first.cue_end),) if first.cue_start >= 0 else (),
                ((first.speaker_start, first.speaker_end),) if first.speaker_start >= 0 else (),
            )
        )
    return found


def _words(text: str, spans: Spans) -> frozenset[int]:
    return frozenset(m.start() for start, end in spans for m in _WORDS.finditer(text, start, end))


def _normal(text: str, spans: Spans) -> str:
    joined = " ".join(text[s:e] for s, e in spans)
    words = _WORDS.findall(joined.lower())
    if words and words[0] == "that":
        words = words[1:]
    return " ".join(words)


def _head(text: str, spans: Spans) -> int | None:
    if not spans:
        return None
    start, end = spans[0]
    cut = _HEAD_CUT.search(text, start + 1, end)
    if cut:
        end = cut.start()
    words = list(_WORDS.finditer(text, start, end))
    if words and words[-1].group().lower() == "s" and len(words) > 1:
        words.pop()  # "Trump's campaign" keeps "campaign"; "s" of a possessive is no head
    return words[-1].start() if words else None


def _within(offset: int | None, spans: Spans) -> bool:
    return offset is not None and any(s <= offset < e for s, e in spans)


def _is_speech(text: str, gold: GoldAttribution, direct: bool) -> bool:
    if direct:
        return True
    words = [w.lower() for s, e in gold.cue for w in _WORDS.findall(text[s:e])]
    return "according" in words or any(cue_lemma(w) in SPEECH_CUES for w in words)


def _direct(text: str, spans: Spans, quoted: Sequence[tuple[int, int]]) -> bool:
    words = _words(text, spans)
    inside = sum(1 for w in words if any(s < w < e for s, e in quoted))
    return bool(words) and inside >= 0.5 * len(words)


@dataclass(slots=True)
class _Counts:
    gold: int = 0
    system: int = 0
    matched_gold: int = 0
    matched_system: int = 0

    def prf(self) -> dict[str, float]:
        p = self.matched_system / self.system if self.system else 0.0
        r = self.matched_gold / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": self.gold,
                "system": self.system}  # fmt: skip


@dataclass(slots=True)
class QuoteScores:
    """Counts of one view (``all`` or ``speech``) over a set of documents."""

    content_exact: _Counts = field(default_factory=_Counts)
    content_overlap: _Counts = field(default_factory=_Counts)
    direct: _Counts = field(default_factory=_Counts)
    indirect: _Counts = field(default_factory=_Counts)
    cue: _Counts = field(default_factory=_Counts)
    speaker_pairs: int = 0
    speaker_right: int = 0
    speaker_direct: list[int] = field(default_factory=lambda: [0, 0])
    speaker_indirect: list[int] = field(default_factory=lambda: [0, 0])

    def as_dict(self) -> dict[str, Any]:
        def accuracy(right: int, pairs: int) -> dict[str, float]:
            return {"accuracy": round(right / pairs, 4) if pairs else 0.0, "pairs": pairs}

        return {
            "content_exact": self.content_exact.prf(),
            "content_overlap": self.content_overlap.prf(),
            "direct_overlap": self.direct.prf(),
            "indirect_overlap": self.indirect.prf(),
            "cue": self.cue.prf(),
            "speaker": accuracy(self.speaker_right, self.speaker_pairs),
            "speaker_direct": accuracy(self.speaker_direct[1], self.speaker_direct[0]),
            "speaker_indirect": accuracy(self.speaker_indirect[1], self.speaker_indirect[0]),
        }


def _match(gold: Sequence[frozenset[int]], system: Sequence[frozenset[int]], accept: Any) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, system index), largest overlaps first."""
    candidates = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            shared = len(g & s)
            if shared and accept(shared, len(g), len(s)):
                candidates.append((-shared, i, j))
    candidates.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_g and j not in used_s:
            used_g.add(i)
            used_s.add(j)
            pairs.append((i, j))
    return pairs


def _overlapping(shared: int, g: int, s: int) -> bool:
    return shared >= OVERLAP * g and shared >= OVERLAP * s


def score_document(
    text: str, gold: Sequence[GoldAttribution], system: Sequence[SystemAttribution], scores: dict[str, QuoteScores]
) -> None:
    """Add one document's counts to the ``all`` and ``speech`` views."""
    quoted = [(q.start, q.end) for q in quotation_spans(text)]
    gold_words = [_words(text, g.content) for g in gold]
    sys_words = [_words(text, s.content) for s in system]
    gold_direct = [_direct(text, g.content, quoted) for g in gold]
    sys_direct = [_direct(text, s.content, quoted) for s in system]
    pairs = _match(gold_words, sys_words, _overlapping)
    exact = {
        (i, j) for i, j in _match(gold_words, sys_words, lambda *_: True)
        if _normal(text, gold[i].content) == _normal(text, system[j].content)
    }  # fmt: skip
    for view, scored in scores.items():
        keep = [view == "all" or _is_speech(text, g, gold_direct[i]) for i, g in enumerate(gold)]
        # A system attribution matching a gold one left out of the view is not counted.
        dropped = {j for i, j in pairs if not keep[i]}
        kept_sys = [j for j in range(len(system)) if j not in dropped]
        kept_gold = [i for i in range(len(gold)) if keep[i]]
        view_pairs = [(i, j) for i, j in pairs if keep[i]]
        view_exact = [(i, j) for i, j in exact if keep[i]]
        for counts, matched in ((scored.content_overlap, view_pairs), (scored.content_exact, view_exact)):
            counts.gold += len(kept_gold)
            counts.system += len(kept_sys)
            counts.matched_gold += len(matched)
            counts.matched_system += len(matched)
        for counts, flag in ((scored.direct, True), (scored.indirect, False)):
            counts.gold += sum(1 for i in kept_gold if gold_direct[i] == flag)
            counts.system += sum(1 for j in kept_sys if sys_direct[j] == flag)
            counts.matched_gold += sum(1 for i, _ in view_pairs if gold_direct[i] == flag)
            counts.matched_system += sum(1 for _, j in view_pairs if sys_direct[j] == flag)
        gold_cues = [_words(text, gold[i].cue) for i in kept_gold if gold[i].cue]
        sys_cues = [_words(text, system[j].cue) for j in kept_sys if system[j].cue]
        cue_pairs = _match(gold_cues, sys_cues, lambda *_: True)
        scored.cue.gold += len(gold_cues)
        scored.cue.system += len(sys_cues)
        scored.cue.matched_gold += len(cue_pairs)
        scored.cue.matched_system += len(cue_pairs)
        for i, j in view_pairs:
            if not gold[i].source:
                continue
            right = _within(_head(text, gold[i].source), system[j].source) or _within(
                _head(text, system[j].source), gold[i].source
            )
            scored.speaker_pairs += 1
            scored.speaker_right += int(right)
            bucket = scored.speaker_direct if gold_direct[i] else scored.speaker_indirect
            bucket[0] += 1
            bucket[1] += int(right)


def score_quotes(docs: Sequence[QuoteDoc], system: Sequence[Sequence[SystemAttribution]]) -> dict[str, dict[str, Any]]:
    """Scores of the ``all`` and ``speech`` views for system attributions given per document."""
    scores = {"all": QuoteScores(), "speech": QuoteScores()}
    for doc, found in zip(docs, system, strict=True):
        score_document(doc.text, doc.gold, found, scores)
    return {view: scored.as_dict() for view, scored in scores.items()}


# --- running -----------------------------------------------------------------------------------------


STAGES = ("dateline.sentences.v1", "dateline.parse.v1", "dateline.entities.v1", "dateline.actors.v1")


def run_dateline(docs: Sequence[QuoteDoc], beliefs: bool = False) -> Iterator[list[SystemAttribution]]:
    """Our attributions for each document (the stages up to actors, then the quote stage)."""
    from dateline.pipeline.base import make_pipeline, run_pipeline
    from dateline.pipeline.quotes import QuoteStage

    stages = (*make_pipeline(STAGES), QuoteStage(beliefs=beliefs))
    for doc in docs:
        article = Article(article_id(doc.text), doc.text, None, "unknown")
        annotated = run_pipeline(stages, AnnotatedArticle(article))
        yield system_attributions(annotated.quotes)


def run_textacy(docs: Sequence[QuoteDoc]) -> Iterator[list[SystemAttribution]]:
    """textacy's ``direct_quotations`` on the same model (with its lemmatizer, which textacy needs).

    textacy refuses an article with an unclosed quotation; it then counts as finding nothing.
    """
    import spacy
    from textacy.extract.triples import direct_quotations

    from dateline.pipeline.parse import model_name

    nlp = spacy.load(model_name())
    for doc in docs:
        parsed = nlp(doc.text)
        found: list[SystemAttribution] = []
        try:
            triples = list(direct_quotations(parsed))
        except ValueError:  # textacy gives up on an article with an odd number of quotation marks
            triples = []
        for triple in triples:
            content = ((triple.content.start_char, triple.content.end_char),)
            cue = tuple((t.idx, t.idx + len(t)) for t in triple.cue)
            source = (
                ((triple.speaker[0].idx, triple.speaker[-1].idx + len(triple.speaker[-1])),) if triple.speaker else ()
            )
            found.append(SystemAttribution(content, cue[:1], source))
        yield found


def report_lines(name: str, result: dict[str, dict[str, Any]]) -> list[str]:
    """The scores of one system as a table."""
    lines = [f"== {name}"]
    for view, scores in result.items():
        lines.append(f"  [{view}]")
        for key, value in scores.items():
            if "f1" in value:
                lines.append(f"    {key:18} P {value['precision']:.3f}  R {value['recall']:.3f}  F1 {value['f1']:.3f}"
                             f"  (gold {value['gold']}, system {value['system']})")  # fmt: skip
            else:
                lines.append(f"    {key:18} accuracy {value['accuracy']:.3f}  ({value['pairs']} matched pairs)")
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", help="the polnear folder (train/, dev/)")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--beliefs", action="store_true", help="also extract belief cues (thinks, hopes, ...)")
    parser.add_argument("--baseline", choices=["textacy"], help="also score a baseline on the same articles")
    args = parser.parse_args(argv)
    try:
        docs = read_polnear(args.folder, args.split, args.limit)
    except QuoteDataError as error:
        sys.exit(str(error))
    results = {"dateline": score_quotes(docs, list(run_dateline(docs, args.beliefs)))}
    if args.baseline == "textacy":
        results["textacy"] = score_quotes(docs, list(run_textacy(docs)))
    if args.json:
        print(json.dumps({"split": args.split, "articles": len(docs), **results}, indent=2))  # noqa: T201
        return
    lines = [f"PolNeAR {args.split}: {len(docs)} articles, {sum(len(d.gold) for d in docs)} attributions"]
    for name, result in results.items():
        lines.extend(report_lines(name, result))
    print("\n".join(lines))  # noqa: T201


if __name__ == "__main__":
    main()
