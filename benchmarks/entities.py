"""Speed of sentences + parse + entities + actors on a folder of dated articles (default: ../shared/data/t17).

    python benchmarks/entities.py [FOLDER] [--sample 200] [--seed 0]

Reads a random sample of the ``*.txt`` files under ``InputDocs`` folders (dated by their
parent folder's name), then times the stages ``dateline.sentences.v1``,
``dateline.parse.v1``, ``dateline.entities.v1`` and ``dateline.actors.v1`` on one core
and prints articles/s and the share of time each stage took (reading the files and
loading the model are not timed).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from t17 import DEFAULT
from t17 import articles as articles_of

from dateline.model import AnnotatedArticle
from dateline.pipeline.base import make_pipeline, run_pipeline

STAGES = ["dateline.sentences.v1", "dateline.parse.v1", "dateline.entities.v1", "dateline.actors.v1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default=str(DEFAULT))
    parser.add_argument("--sample", type=int, default=200, help="articles to time")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    folder = Path(args.folder)
    if not folder.exists():
        sys.exit(f"no such folder: {folder}")
    articles = articles_of(folder, args.sample, seed=args.seed)
    if not articles:
        sys.exit(f"no dated InputDocs/<YYYY-MM-DD>/*.txt articles under {folder}")
    stages = make_pipeline(STAGES)  # loads the model and the actor list before timing
    seconds: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    began = time.perf_counter()
    for article in articles:
        doc = run_pipeline(stages, AnnotatedArticle(article))
        for stage, counter, value in doc.stats:
            if counter == "seconds":
                seconds[stage] += value
            elif counter in {"skipped_language", "skipped_all_caps", "no_entities"}:
                counts[counter] += 1
        counts["entities"] += len(doc.entities)
        counts["actors"] += len(doc.actors)
        counts["characters"] += len(article.text)
    total = time.perf_counter() - began
    print(f"folder: {folder}  articles: {len(articles)}  characters: {counts['characters']}")
    print(f"entities: {counts['entities']}  actors: {counts['actors']}  "
          f"skipped (language, all caps): {counts['skipped_language']}, {counts['skipped_all_caps']}  "
          f"without entities: {counts['no_entities']}")  # fmt: skip
    print(f"seconds: {total:.2f}  articles/s: {len(articles) / total:.1f}")
    for stage in STAGES:
        print(f"  {stage:24} {seconds[stage]:7.2f} s  {100 * seconds[stage] / total:5.1f} %")


if __name__ == "__main__":
    main()
