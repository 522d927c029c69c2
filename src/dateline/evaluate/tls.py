"""Timeline summarisation on Timeline17-style folders, scored with tilse.

The protocol is the one of Gholipour Ghalandari & Ifrim (ACL 2020, news-tls), applied to
every reference timeline of every topic folder (``<topic>/InputDocs/<date>/*.txt`` and
``<topic>/timelines/*.txt``):

- only the topic's articles published within the reference timeline's first and last
  dates are read, and only days in that range may be chosen;
- the system is given ``l``, the number of distinct reference dates, and ``k``, the mean
  number of sentences per reference date (rounded as Python's ``round`` does);
- each timeline is scored with tilse: alignment-based ROUGE "align+ m:1"
  (``evaluate_align_date_content_costs_many_to_one``), concat ROUGE and date F1;
- averages are news-tls's: precision and recall are averaged over timelines and F1 is
  computed from the averages.

``reference_dates=True`` (``--reference-dates``) is a diagnostic: each timeline is summarised on
the reference's own dates, so its ROUGE measures the summaries alone, and its date recall is
the share of reference dates the articles have a sentence for (the ceiling of date recall).

ROUGE is the original Perl ROUGE-1.5.5 that tilse drives through pyrouge (stemming and
stopword removal on, as tilse sets it); it needs Debian's ``libxml-parser-perl``.
``rouge="python"`` uses tilse's own approximate reimplementation instead (faster, figures
differ slightly: for development only).

Run: ``python -m dateline.evaluate.tls ../shared/data/t17 [--json]``.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import io
import json
import logging
import math
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dateline.ingest import read_paths
from dateline.model import AnnotatedArticle, Article, TimelineEntry, from_dict, to_dict
from dateline.pipeline.base import make_pipeline, run_pipeline
from dateline.timeline.select import (
    DEFAULT_PARAMS,
    Candidate,
    SelectionParams,
    article_candidates,
    build_timeline,
    date_scores,
    default_sizes,
    summarise_dates,
)

__all__ = [
    "ANNOTATION_STAGES",
    "TLSError",
    "TimelineTask",
    "annotated_topic",
    "evaluate_tls",
    "read_timeline",
    "report_lines",
    "score_timeline",
    "system_timeline",
    "timeline_tasks",
]

log = logging.getLogger(__name__)

ANNOTATION_STAGES = ("dateline.sentences.v1", "dateline.timex.v1")
_SEPARATOR = "-" * 32
_DATE_LINE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Known defects of the T17 release, read as the standard tools (news-tls's data) read them.
_KNOWN_DATE_FIXES = {"2011-04-0": "2011-04-02"}


class TLSError(ValueError):
    """A folder that is not a Timeline17-style dataset."""


@dataclass(frozen=True, slots=True)
class TimelineTask:
    """One reference timeline and the topic folder whose articles it summarises."""

    topic: str
    name: str
    folder: Path
    reference: dict[date, list[str]]

    @property
    def start(self) -> date:
        return min(self.reference)

    @property
    def end(self) -> date:
        return max(self.reference)

    @property
    def n_dates(self) -> int:
        return len(self.reference)

    @property
    def n_sentences(self) -> int:
        """news-tls's ``k``: the mean number of sentences per date, rounded."""
        return max(1, round(sum(len(s) for s in self.reference.values()) / len(self.reference)))


def read_timeline(path: Path) -> dict[date, list[str]]:
    """A reference timeline: a date line, its sentences, a line of 32 dashes; repeated dates merge."""
    timeline: dict[date, list[str]] = {}
    current: date | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        line = raw.strip()
        if line == _SEPARATOR:
            current = None
            continue
        if current is None and _DATE_LINE.fullmatch(line):
            line = _KNOWN_DATE_FIXES.get(line, line)
            try:
                current = date.fromisoformat("-".join(f"{int(p):02d}" for p in line.split("-")))
            except ValueError:
                raise TLSError(f"E640 {path}:{number}: {line!r} is not a date") from None
            timeline.setdefault(current, [])
            continue
        if line and current is not None:
            timeline[current].append(line)
    timeline = {day: sentences for day, sentences in timeline.items() if sentences}
    if not timeline:
        raise TLSError(f"E641 {path} holds no dated sentences")
    return timeline


def timeline_tasks(root: Path) -> list[TimelineTask]:
    """Every reference timeline under ``root`` (one topic folder, or a folder of topics)."""
    folders = [root] if (root / "timelines").is_dir() else sorted(p for p in root.iterdir() if p.is_dir())
    tasks = []
    for folder in folders:
        timelines, inputs = folder / "timelines", folder / "InputDocs"
        if not timelines.is_dir() or not inputs.is_dir():
            continue
        for path in sorted(timelines.glob("*.txt")):
            tasks.append(TimelineTask(folder.name, path.stem, folder, read_timeline(path)))
    if not tasks:
        raise TLSError(f"E642 no <topic>/timelines/*.txt with <topic>/InputDocs/ under {root}")
    return tasks


# --- annotation (cached per topic) ----------------------------------------------------------


def _stages_key() -> str:
    """Changes whenever the code of the annotation stages changes, so a stale cache is never read."""
    import dateline.pipeline.sentences
    import dateline.pipeline.timex

    digest = hashlib.sha256()
    for module in (dateline.pipeline.sentences, dateline.pipeline.timex):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:12]


def annotated_topic(folder: Path, cache: Path | None = None) -> list[AnnotatedArticle]:
    """The articles of a topic folder with sentences and temporal grounding, cached under ``cache``."""
    cached = cache / f"{folder.name}-{_stages_key()}.json.gz" if cache else None
    if cached is not None and cached.exists():
        with gzip.open(cached, "rt", encoding="utf-8") as stream:
            return [from_dict(AnnotatedArticle, json.loads(line)) for line in stream]
    articles = [item for item in read_paths([str(folder / "InputDocs")]) if isinstance(item, Article)]
    stages = make_pipeline(ANNOTATION_STAGES)
    docs = [run_pipeline(stages, AnnotatedArticle(article)) for article in articles]
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        with gzip.open(partial, "wt", encoding="utf-8") as stream:
            for doc in docs:
                stream.write(json.dumps(to_dict(doc), ensure_ascii=False) + "\n")
        partial.replace(cached)
    return docs


# --- our timeline for a task ----------------------------------------------------------------


def task_candidates(task: TimelineTask, docs: Sequence[AnnotatedArticle]) -> list[Candidate]:
    """The candidates of the articles published within the reference timeline's range."""
    out: list[Candidate] = []
    for doc in docs:
        published = doc.article.published
        if published is not None and task.start <= published <= task.end:
            out.extend(article_candidates(doc))
    return out


def system_timeline(
    task: TimelineTask,
    candidates: Sequence[Candidate],
    params: SelectionParams = DEFAULT_PARAMS,
    *,
    reference_dates: bool = False,
) -> list[TimelineEntry]:
    """Our timeline for one task: ``l`` dates of ``k`` sentences from its ``task_candidates``.

    With ``reference_dates`` the dates are the reference's (most voted for first, as the
    repetition check goes in that order) and only the summaries are ours.
    """
    if reference_dates:
        votes = date_scores(candidates, start=task.start, end=task.end, params=params)
        days = sorted(task.reference, key=lambda day: (-votes.get(day, 0.0), day))
        return summarise_dates(candidates, days, task.n_sentences, params=params)
    return build_timeline(candidates, task.n_dates, task.n_sentences, start=task.start, end=task.end, params=params)


# --- scoring ---------------------------------------------------------------------------------


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _prf(scores: dict[str, float]) -> dict[str, float]:
    return {"precision": scores["precision"], "recall": scores["recall"], "f_score": scores["f_score"]}


def score_timeline(
    entries: Sequence[TimelineEntry], reference: dict[date, list[str]], *, rouge: str = "perl"
) -> dict[str, Any]:
    """tilse's scores of one timeline against one reference: align+ m:1, concat, date P/R/F1."""
    from tilse.data.timelines import GroundTruth, Timeline
    from tilse.evaluation import dates as tilse_dates
    from tilse.evaluation import rouge as tilse_rouge

    if rouge not in ("perl", "python"):
        raise TLSError(f"E643 unknown ROUGE {rouge!r}: perl or python")
    predicted = Timeline({date.fromisoformat(e.date): list(e.sentences) for e in entries})
    truth = GroundTruth([Timeline(reference)])
    evaluator = tilse_rouge.TimelineRougeEvaluator(
        measures={"rouge_1", "rouge_2"}, rouge_computation="original" if rouge == "perl" else "reimpl"
    )
    result: dict[str, Any] = {}
    if entries:
        # pyrouge prints its settings on stdout; keep our JSON output clean.
        with contextlib.redirect_stdout(io.StringIO()):
            align = evaluator.evaluate_align_date_content_costs_many_to_one(predicted, truth)
            concat = evaluator.evaluate_concat(predicted, truth)
        days = tilse_dates.evaluate_dates(predicted, truth)
    else:
        zero = {"precision": 0.0, "recall": 0.0, "f_score": 0.0}
        align = concat = {"rouge_1": zero, "rouge_2": zero}
        days = zero
    for metric, scores in (("align", align), ("concat", concat)):
        for n in ("1", "2"):
            result[f"{metric}_rouge_{n}"] = _prf(scores[f"rouge_{n}"])
    result["date"] = _prf(days)
    return result


_METRICS = ("align_rouge_1", "align_rouge_2", "concat_rouge_1", "concat_rouge_2", "date")


def _averaged(per_timeline: Sequence[dict[str, Any]]) -> dict[str, float]:
    """news-tls's average: mean precision and mean recall over timelines, F1 of the means."""
    out: dict[str, float] = {}
    n = len(per_timeline)
    for metric in _METRICS:
        precision = sum(t["scores"][metric]["precision"] for t in per_timeline) / n
        recall = sum(t["scores"][metric]["recall"] for t in per_timeline) / n
        name = "date" if metric == "date" else metric
        out[f"{name}_precision"] = round(precision, 4)
        out[f"{name}_recall"] = round(recall, 4)
        out[f"{name}_f" if metric != "date" else "date_f1"] = round(_f1(precision, recall), 4)
        if metric != "date":
            out[f"{metric}_f_mean"] = round(sum(t["scores"][metric]["f_score"] for t in per_timeline) / n, 4)
    return out


def evaluate_tls(
    root: Path,
    *,
    cache: Path | None = None,
    rouge: str = "perl",
    topics: Sequence[str] = (),
    params: SelectionParams = DEFAULT_PARAMS,
    reference_dates: bool = False,
) -> dict[str, Any]:
    """Build and score our timeline for every reference timeline under ``root`` (see the module doc)."""
    tasks = [t for t in timeline_tasks(root) if not topics or t.topic in topics]
    if not tasks:
        raise TLSError(f"E644 none of the topics {', '.join(topics)} is under {root}")
    per_timeline = []
    docs_of: dict[Path, list[AnnotatedArticle]] = {}
    for task in tasks:
        if task.folder not in docs_of:
            docs_of = {task.folder: annotated_topic(task.folder, cache)}
        docs = docs_of[task.folder]
        candidates = task_candidates(task, docs)
        began = time.perf_counter()
        entries = system_timeline(task, candidates, params, reference_dates=reference_dates)
        seconds = time.perf_counter() - began
        scores = score_timeline(entries, task.reference, rouge=rouge)
        default_l, default_k = default_sizes(candidates, start=task.start, end=task.end, params=params)
        per_timeline.append(
            {
                "topic": task.topic,
                "timeline": task.name,
                "l": task.n_dates,
                "k": task.n_sentences,
                "default_l": default_l,
                "default_k": default_k,
                "dates": len(entries),
                "seconds": round(seconds, 2),
                "scores": scores,
                "align_rouge_1_f": round(scores["align_rouge_1"]["f_score"], 4),
                "align_rouge_2_f": round(scores["align_rouge_2"]["f_score"], 4),
                "concat_rouge_1_f": round(scores["concat_rouge_1"]["f_score"], 4),
                "concat_rouge_2_f": round(scores["concat_rouge_2"]["f_score"], 4),
                "date_f1": round(scores["date"]["f_score"], 4),
            }
        )
        log.info("%s/%s: %s", task.topic, task.name, per_timeline[-1]["date_f1"])
    return {
        "timelines": len(per_timeline),
        "rouge": "ROUGE-1.5.5 (Perl, via tilse/pyrouge)" if rouge == "perl" else "tilse RougeReimplementation",
        "dates": "reference" if reference_dates else "ours",
        **_averaged(per_timeline),
        **_defaults_fit(per_timeline),
        "per_timeline": per_timeline,
    }


def _defaults_fit(per_timeline: Sequence[dict[str, Any]]) -> dict[str, float]:
    """How close the sizes ``dateline timeline`` picks when not told come to the editors'
    (``l`` dates, ``k`` sentences a date): the mean of |ln(ours / theirs)| over timelines, so
    0.69 is off by a factor of two on average."""
    out = {}
    for ours, theirs in (("default_l", "l"), ("default_k", "k")):
        ratios = [abs(math.log(t[ours] / t[theirs])) for t in per_timeline if t[ours] > 0 and t[theirs] > 0]
        out[f"{ours}_log_ratio"] = round(sum(ratios) / len(ratios), 3) if ratios else 0.0
    return out


def report_lines(result: dict[str, Any]) -> Iterator[str]:
    yield f"{'topic/timeline':48s} {'l':>4s} {'k':>2s} {'AR1':>6s} {'AR2':>6s} {'CR1':>6s} {'CR2':>6s} {'DateF1':>6s}"
    for t in result["per_timeline"]:
        yield (
            f"{t['topic'] + '/' + t['timeline']:48.48s} {t['l']:4d} {t['k']:2d} {t['align_rouge_1_f']:6.3f} "
            f"{t['align_rouge_2_f']:6.3f} {t['concat_rouge_1_f']:6.3f} {t['concat_rouge_2_f']:6.3f} {t['date_f1']:6.3f}"
        )
    yield (
        f"{'average (F1 of mean P and R)':48s} {'':4s} {'':2s} {result['align_rouge_1_f']:6.3f} "
        f"{result['align_rouge_2_f']:6.3f} {result['concat_rouge_1_f']:6.3f} {result['concat_rouge_2_f']:6.3f} "
        f"{result['date_f1']:6.3f}"
    )
    given = "; summaries on the reference dates" if result.get("dates") == "reference" else ""
    yield f"{result['timelines']} timelines; ROUGE: {result['rouge']}{given}"
    yield (
        "sizes chosen when not told, against the editors' l and k: mean |ln(ours/theirs)| "
        f"{result['default_l_log_ratio']:.3f} for dates, {result['default_k_log_ratio']:.3f} for sentences a date"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dateline.evaluate.tls", description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="a Timeline17-style folder (topics, or one topic)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--cache", type=Path, default=None, help="folder to cache annotated articles in")
    parser.add_argument("--rouge", choices=("perl", "python"), default="perl")
    parser.add_argument("--topic", action="append", default=[], help="only this topic (repeatable)")
    parser.add_argument("--reference-dates", action="store_true", help="summarise the reference's dates (diagnostic)")
    args = parser.parse_args(argv)
    try:
        result = evaluate_tls(
            args.root, cache=args.cache, rouge=args.rouge, topics=args.topic, reference_dates=args.reference_dates
        )
    except TLSError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    sys.stdout.write((json.dumps(result, indent=2) if args.json else "\n".join(report_lines(result))) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
