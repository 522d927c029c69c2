"""Speed of the geocoding part of ``dateline.places.v1`` on a folder of dated articles (default: ../shared/data/t17).

    python benchmarks/places.py [FOLDER] [--sample 200] [--seed 0]

Runs sentences, parse, entities and actors on a random sample of the ``*.txt`` files under
``InputDocs`` folders (untimed), then times the places stage alone on one core and prints
articles/s and toponyms/s, with the gazetteer's load time and size (``DATELINE_GAZETTEER_CITIES``
picks the city file).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

from t17 import DEFAULT
from t17 import articles as articles_of

from dateline.model import AnnotatedArticle
from dateline.pipeline.base import make_pipeline, run_pipeline
from dateline.resources.gazetteer import load_gazetteer

BEFORE = ["dateline.sentences.v1", "dateline.parse.v1", "dateline.entities.v1", "dateline.actors.v1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not args.folder.exists():
        sys.exit(f"no folder {args.folder}")
    articles = articles_of(args.folder, args.sample, seed=args.seed)
    tracemalloc.start()
    began = time.perf_counter()
    gazetteer = load_gazetteer()
    load_seconds = time.perf_counter() - began
    memory_mb = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    before = make_pipeline(BEFORE)
    docs = [run_pipeline(before, AnnotatedArticle(article)) for article in articles]
    (stage,) = make_pipeline([*BEFORE, "dateline.places.v1"])[-1:]
    began = time.perf_counter()
    out = [stage(doc) for doc in docs]
    seconds = time.perf_counter() - began
    places = sum(len(doc.places) for doc in out)
    toponyms = sum(value for doc in out for (_, counter, value) in doc.stats if counter == "toponyms")
    print(f"gazetteer: {gazetteer.source}; {gazetteer.stats()['keys']:,} names; "
          f"loaded in {load_seconds:.1f} s, {memory_mb:.0f} MB")  # fmt: skip
    print(f"{len(docs)} articles, {toponyms:.0f} toponyms, {places} places in {seconds:.2f} s: "
          f"{len(docs) / seconds:.1f} articles/s, {toponyms / seconds:.0f} toponyms/s (one core)")  # fmt: skip


if __name__ == "__main__":
    main()
