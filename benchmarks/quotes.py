"""Speed of the quote stage on a folder of dated articles (default: ../shared/data/t17).

    python benchmarks/quotes.py [FOLDER] [--sample 200] [--seed 0]

Runs sentences, parse, entities and actors first (their time is the shared cost every
later stage builds on and is printed apart), then times ``dateline.quotes.v1`` alone and
prints articles/s for it and for the whole chain, on one core.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from entities import STAGES
from t17 import DEFAULT
from t17 import articles as articles_of

from dateline.model import AnnotatedArticle
from dateline.pipeline.base import make_pipeline
from dateline.pipeline.quotes import QuoteStage


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
    before = make_pipeline(STAGES)
    stage = QuoteStage()
    shared = quoting = 0.0
    counts: Counter[str] = Counter()
    for article in articles:
        began = time.perf_counter()
        doc = AnnotatedArticle(article)
        for step in before:
            doc = step(doc)
        middle = time.perf_counter()
        doc = stage(doc)
        ended = time.perf_counter()
        shared += middle - began
        quoting += ended - middle
        counts["quotes"] += len(doc.quotes)
        counts["direct"] += sum(q.direct for q in doc.quotes)
        counts["speaker_actor"] += sum(q.speaker is not None for q in doc.quotes)
    n = len(articles)
    print(f"folder: {folder}  articles: {n}")
    print(f"quotes: {counts['quotes']}  direct: {counts['direct']}  with a speaker actor: {counts['speaker_actor']}")
    print(f"shared stages (sentences, parse, entities, actors): {shared:.2f} s  {n / shared:.1f} articles/s")
    print(f"dateline.quotes.v1 alone: {quoting:.2f} s  {n / quoting:.1f} articles/s")
    print(f"all together: {n / (shared + quoting):.1f} articles/s")


if __name__ == "__main__":
    main()
