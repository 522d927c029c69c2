"""How many of the events we code in news outside our home domain are real: a judged audit.

Our event rules were written on conflict news (the Libya sample, the PLOVER and CAMEO
development data). On other news -- an oil spill, a flu pandemic, a financial crisis, arts
pages beside war reports -- an event coder makes GDELT's mistake: every "attack", "meet" or
"killed" becomes an event. This scorer measures that, on judgments of the events we coded in
Timeline17 articles (``tests/gold/t17_events.jsonl``).

Each judgment names an event by its article (a path under the Timeline17 folder), the
characters of its trigger and its PLOVER type, and says whether it is ``correct`` (a real
interaction of that type, with its flags right), ``not_an_event``, ``wrong_type`` or
``actor_error`` (a real event with a wrong source or target), with a short cause
("arts_fiction", "word_sense", "idiom", ...). One of us judged 282 events of 31 articles
drawn at random (seed 17) from six topics, coded by the rules of 2026-12-06 before the
precision rules of that day. Those rules were written from these judgments (their gain here is
in-sample); rules written later should be judged on other articles too.

Scoring runs the whole pipeline on the judged articles and matches our events to judgments by
(article, trigger characters, type). **Precision** is correct / judged events still coded.
Events that no judgment covers (new readings, or an event whose type changed) are counted as
``unjudged``; ``precision_bounds`` counts them as all wrong and as all right, so a change that
codes new events cannot look better than it is. Judged events we no longer code (or code with
another type) are ``dropped``, by verdict: dropping not-events is the point, dropping correct
ones is a loss.

**Ranking by confidence**: how well an event's ``confidence`` puts the correct judged events
above the wrong ones: the ROC AUC over the judged events still coded (correct is positive; the
chance that a correct event has the higher confidence than a wrong one, ties counting half;
0.5 is no better than chance), and, for each of ``CUTOFFS``, how many of them have at least that
confidence and their precision -- what a user who filters by confidence gets.

    python -m dateline.evaluate.precision T17_DIR --judgments tests/gold/t17_events.jsonl [--json] [--errors]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dateline.model import AnnotatedArticle, Article, article_id

__all__ = ["CUTOFFS", "VERDICTS", "Judgment", "PrecisionDataError", "read_judgments", "roc_auc", "score_precision"]

VERDICTS = ("correct", "not_an_event", "wrong_type", "actor_error")
# Confidence cut-offs at which the report gives the precision of the events that remain.
CUTOFFS = (0.5, 0.6, 0.7, 0.8)


class PrecisionDataError(ValueError):
    """A judgment file or Timeline17 folder that cannot be used; the message names it."""


@dataclass(frozen=True, slots=True)
class Judgment:
    """One judged event: where its trigger is, the type we coded, the verdict and its cause."""

    file: str  # path under the Timeline17 folder
    trigger_start: int
    trigger_end: int
    trigger: str
    type: str
    verdict: str
    cause: str | None = None

    @property
    def key(self) -> tuple[str, int, int, str]:
        return self.file, self.trigger_start, self.trigger_end, self.type


def read_judgments(path: str | Path) -> list[Judgment]:
    """The judgments of a JSON Lines file, validated; errors name the line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise PrecisionDataError(f"E480 cannot read the judgments {path}: {error}") from None
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            judgment = Judgment(**json.loads(line))
        except (json.JSONDecodeError, TypeError) as error:
            raise PrecisionDataError(f"E480 {path}, line {number}: not a judgment ({error})") from None
        if judgment.verdict not in VERDICTS:
            raise PrecisionDataError(
                f"E480 {path}, line {number}: verdict {judgment.verdict!r} is not one of {VERDICTS}"
            )
        out.append(judgment)
    if not out:
        raise PrecisionDataError(f"E480 {path} holds no judgments")
    return out


def _article(root: Path, file: str) -> Article:
    path = root / file
    if not path.is_file():
        raise PrecisionDataError(f"E481 {path} does not exist: is {root} the Timeline17 folder?")
    text = path.read_text(encoding="utf-8", errors="replace")
    return Article(article_id(text), text, date.fromisoformat(path.parent.name), "folder", path=str(path))


def roc_auc(scores: Sequence[float], positive: Sequence[bool]) -> float | None:
    """The chance that a positive item scores above a negative one (ties count half); None without both."""
    pos = [score for score, p in zip(scores, positive, strict=True) if p]
    neg = [score for score, p in zip(scores, positive, strict=True) if not p]
    if not pos or not neg:
        return None
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)  # a few hundred judged events: pairs are cheap
    return wins / (len(pos) * len(neg))


def _ranking(confidences: Sequence[float], correct: Sequence[bool]) -> dict[str, Any]:
    """ROC AUC of the confidences and the precision of the events at or above each cut-off."""
    auc = roc_auc(confidences, correct)
    cutoffs = []
    for cutoff in CUTOFFS:
        above = [c for confidence, c in zip(confidences, correct, strict=True) if confidence >= cutoff]
        precision = round(sum(above) / len(above), 4) if above else 0.0
        cutoffs.append({"confidence": cutoff, "events": len(above), "precision": precision})
    return {"auc": None if auc is None else round(auc, 4), "cutoffs": cutoffs}


def score_precision(root: str | Path, judgments: Sequence[Judgment], *, errors: bool = False) -> dict[str, Any]:
    """Precision of our events on the judged articles (see the module doc)."""
    from dateline.pipeline.base import make_pipeline, run_pipeline

    folder = Path(root)
    by_key = {j.key: j for j in judgments}
    stages = make_pipeline()
    kept: list[Judgment] = []
    confidences: list[float] = []  # of the kept ones, in the same order
    asserted: list[Judgment] = []  # of them, the events we code as neither hypothetical nor negated
    unjudged: list[dict[str, Any]] = []
    for file in dict.fromkeys(j.file for j in judgments):
        doc = run_pipeline(stages, AnnotatedArticle(_article(folder, file)))
        for event in doc.events:
            judgment = by_key.get((file, event.trigger_start, event.trigger_end, event.type))
            if judgment is not None:
                kept.append(judgment)
                confidences.append(event.confidence)
                if not (event.hypothetical or event.negated):
                    asserted.append(judgment)
            else:
                unjudged.append({"file": file, "trigger": event.trigger, "type": event.type, "rule": event.rule})
    verdicts = Counter(j.verdict for j in kept)
    kept_keys = {j.key for j in kept}
    dropped = Counter(j.verdict for j in judgments if j.key not in kept_keys)
    judged, correct = len(kept), verdicts["correct"]
    total = judged + len(unjudged)
    result: dict[str, Any] = {
        "judgments": len(judgments),
        "articles": len({j.file for j in judgments}),
        "judged_coded": judged,
        "precision": round(correct / judged, 4) if judged else 0.0,
        "precision_bounds": [round(correct / total, 4), round((correct + len(unjudged)) / total, 4)]
        if total
        else [0.0, 0.0],
        "asserted": len(asserted),
        "asserted_precision": round(sum(j.verdict == "correct" for j in asserted) / len(asserted), 4)
        if asserted
        else 0.0,
        "verdicts": dict(verdicts),
        "unjudged": len(unjudged),
        "dropped": dict(dropped),
        "causes": dict(Counter(j.cause for j in kept if j.verdict != "correct").most_common()),
        "confidence": _ranking(confidences, [j.verdict == "correct" for j in kept]),
    }
    if errors:
        result["wrong"] = [
            {**dataclasses.asdict(j), "confidence": c}
            for j, c in zip(kept, confidences, strict=True)
            if j.verdict != "correct"
        ]
        result["unjudged_events"] = unjudged
    return result


def _report(result: dict[str, Any]) -> str:
    lines = [
        f"{result['judgments']} judged events in {result['articles']} Timeline17 articles",
        f"precision {result['precision']:.3f} ({result['verdicts'].get('correct', 0)} of {result['judged_coded']} "
        f"judged events still coded); with the {result['unjudged']} unjudged ones counted wrong or right: "
        f"{result['precision_bounds'][0]:.3f} to {result['precision_bounds'][1]:.3f}",
        f"precision of the {result['asserted']} of them coded as neither hypothetical nor negated: "
        f"{result['asserted_precision']:.3f}",
        "verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(result["verdicts"].items())),
        "dropped since judged: " + (", ".join(f"{k} {v}" for k, v in sorted(result["dropped"].items())) or "none"),
        "causes of the wrong ones: " + ", ".join(f"{k} {v}" for k, v in result["causes"].items()),
    ]
    ranking = result["confidence"]
    auc = "undefined (it needs correct and wrong events)" if ranking["auc"] is None else f"{ranking['auc']:.3f}"
    lines.append(f"confidence ranks the correct above the wrong ones with ROC AUC {auc}; at or above")
    lines.extend(
        f"  {c['confidence']}: {c['events']} events, precision {c['precision']:.3f}" for c in ranking["cutoffs"]
    )
    for item in result.get("wrong", []):
        kind = f"{item['verdict']:12} {item['type']:9} {item['trigger']!r:16}"
        lines.append(f"  {kind} {item['confidence']:.2f}  {item['cause']}  {item['file']}")
    for item in result.get("unjudged_events", []):
        lines.append(f"  unjudged     {item['type']:9} {item['trigger']!r:16} {item['rule']}  {item['file']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dateline eval precision", description=__doc__.split("\n")[0])
    parser.add_argument("t17", type=Path, help="the Timeline17 folder (../shared/data/t17)")
    parser.add_argument("--judgments", type=Path, required=True, help="the judged events (tests/gold/t17_events.jsonl)")
    parser.add_argument("--errors", action="store_true", help="list the wrong and the unjudged events")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    try:
        result = score_precision(args.t17, read_judgments(args.judgments), errors=args.errors)
    except (PrecisionDataError, OSError) as error:
        print(error, file=sys.stderr)  # noqa: T201
        return 2
    print(json.dumps(result, indent=2) if args.json else _report(result))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
