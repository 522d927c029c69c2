"""Seconds per topic to build a timeline once the articles are annotated.

    python benchmarks/timeline.py [T17_FOLDER] [--repeat N] [--scale K]

For every Timeline17 reference timeline: annotation time (sentences + temporal grounding,
reported apart), then the time of ``build_timeline`` with the reference's ``l`` and ``k``,
best of ``--repeat`` runs. ``--scale K`` feeds each topic's candidates K times (with
distinct article ids) to see how selection grows with the size of a collection. The
target is at most 60 s per topic on two cores.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from dateline.evaluate.tls import annotated_topic, task_candidates, timeline_tasks
from dateline.timeline.select import build_timeline

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "t17"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    print(f"{'topic':24s} {'articles':>8s} {'candidates':>10s} {'annotate s':>10s} {'timeline s':>10s}")
    worst = 0.0
    docs_of: dict[Path, tuple[list, float]] = {}
    for task in timeline_tasks(args.root):
        if task.folder not in docs_of:
            began = time.perf_counter()
            docs = annotated_topic(task.folder)
            docs_of = {task.folder: (docs, time.perf_counter() - began)}
        docs, annotate_seconds = docs_of[task.folder]
        candidates = task_candidates(task, docs)
        candidates = [
            dataclasses.replace(c, article_id=f"{c.article_id}-{n}") for n in range(args.scale) for c in candidates
        ]
        best = float("inf")
        for _ in range(args.repeat):
            began = time.perf_counter()
            build_timeline(candidates, task.n_dates, task.n_sentences, start=task.start, end=task.end)
            best = min(best, time.perf_counter() - began)
        worst = max(worst, best)
        articles = len({c.article_id for c in candidates})
        print(f"{task.topic:24s} {articles:8d} {len(candidates):10d} {annotate_seconds:10.2f} {best:10.2f}")
    print(f"slowest timeline: {worst:.2f} s (target: at most 60 s per topic)")


if __name__ == "__main__":
    main()
