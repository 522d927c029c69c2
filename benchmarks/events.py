"""Speed of the whole pipeline through events on a sample of T17 articles, against spaCy alone.

    python benchmarks/events.py [FOLDER] [--articles 100] [--show 5]

Reads every ``N``-th ``*.txt`` under the ``InputDocs`` folders of FOLDER (default ../shared/data/t17)
so the sample spans all topics, then times on one core (reading files is not timed):

1. spaCy's own ``nlp.pipe`` over the same texts (the model ``dateline.parse.v1`` loads);
2. the pipeline sentences -> timex -> parse -> entities -> actors -> places -> quotes -> events, with
   whichever of entities, actors, places and quotes are registered and importable; until the actors
   stage exists, entities and actors come from ``dateline.evaluate.events.entities_and_actors``;
3. the events stage alone (its share of the pipeline's time).

It prints articles/s for each, the ratio of the pipeline's time to spaCy's, the events found per
article and the stage statistics (sentences skipped and why, events dropped), and ``--show N``
prints N events with ``explain``.
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
from dateline.pipeline.base import PipelineError, make_pipeline
from dateline.pipeline.events import EventStage, explain
from dateline.pipeline.parse import MAX_CHARS, load_model, model_name

OPTIONAL = ("dateline.entities.v1", "dateline.actors.v1", "dateline.places.v1", "dateline.quotes.v1")


def stages_available() -> tuple[list[str], bool]:
    names = ["dateline.sentences.v1", "dateline.timex.v1", "dateline.parse.v1"]
    for name in OPTIONAL:
        try:
            make_pipeline([*names, name])
        except PipelineError:
            continue
        names.append(name)
    return names, "dateline.actors.v1" not in names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--show", type=int, default=0, help="print this many events with their explanation")
    args = parser.parse_args()
    if not args.folder.exists():
        print(f"no folder {args.folder}", file=sys.stderr)
        return 1
    articles = articles_of(args.folder, args.articles)
    names, own_actors = stages_available()
    stages = make_pipeline(names)
    events_stage = EventStage()
    nlp = load_model(model_name())
    nlp("warm up")
    # The parse stage parses at most MAX_CHARS of an article; spaCy alone gets the same texts.
    texts = [a.text[:MAX_CHARS] for a in articles]

    began = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts))
    spacy_seconds = time.perf_counter() - began

    from dateline.evaluate.events import entities_and_actors

    docs = []
    event_seconds = 0.0
    began = time.perf_counter()
    for article in articles:
        doc = AnnotatedArticle(article)
        for stage in stages:
            doc = stage(doc)
        if own_actors:
            doc = entities_and_actors(doc)
        started = time.perf_counter()
        doc = events_stage(doc)
        event_seconds += time.perf_counter() - started
        docs.append(doc)
    pipeline_seconds = time.perf_counter() - began

    n = len(articles)
    events = [e for doc in docs for e in doc.events]
    stats: Counter[str] = Counter()
    for doc in docs:
        for stage, key, value in doc.stats:
            if stage == events_stage.name:
                stats[key] += int(value)
    print(
        f"{n} T17 articles, {tokens} tokens; stages: {' -> '.join(names)} -> events"
        + (" (own entities/actors)" if own_actors else "")
    )
    share = 100 * event_seconds / pipeline_seconds
    kinds = dict(Counter(e.type for e in events).most_common())
    print(f"spaCy nlp.pipe alone : {n / spacy_seconds:7.2f} articles/s")
    ratio = pipeline_seconds / spacy_seconds
    print(f"pipeline incl. events: {n / pipeline_seconds:7.2f} articles/s  ({ratio:.2f} x spaCy's time)")
    print(f"events stage alone   : {n / event_seconds:7.2f} articles/s  ({share:.1f} % of the pipeline)")
    print(f"events: {len(events)} ({len(events) / n:.1f} per article); types: {kinds}")
    print(f"stage statistics: {dict(stats)}")
    for event in events[: args.show]:
        print(f"- {event.type} {event.trigger!r}: {explain(event)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
