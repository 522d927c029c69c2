"""Speed of sentence splitting + time expressions on a folder of dated articles (default: ../shared/data/t17).

    python benchmarks/timex.py [FOLDER] [--tempeval DIR]

Reads every ``*.txt`` under an ``InputDocs`` folder, dated by its parent folder's name
(``InputDocs/2010-04-22/123.htm.txt``), then times the stages ``dateline.sentences.v1`` +
``dateline.timex.v1`` (time expressions and sentence dates) and prints articles/s and
sentences/s on one core (reading the files is not timed).

With ``--tempeval DIR`` it also tags the TempEval-3 ``.tml`` files under DIR (into a temporary
folder, through the same writer the official scorer reads) and prints the TempEval-3 timex scores.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from t17 import DEFAULT
from t17 import articles as articles_of

from dateline.model import AnnotatedArticle, Article
from dateline.pipeline.base import make_pipeline, run_pipeline


def bench(articles: list[Article], repeat: int) -> tuple[float, int, int]:
    stages = make_pipeline(["dateline.sentences.v1", "dateline.timex.v1"])
    best = float("inf")
    sentences = timexes = 0
    for _ in range(repeat):
        sentences = timexes = 0
        began = time.perf_counter()
        for article in articles:
            doc = run_pipeline(stages, AnnotatedArticle(article))
            sentences += len(doc.sentences)
            timexes += len(doc.timexes)
        best = min(best, time.perf_counter() - began)
    return best, sentences, timexes


def score(folder: Path) -> None:
    from dateline.evaluate.timeml import score_timex, tag_directory

    with tempfile.TemporaryDirectory() as out:
        began = time.perf_counter()
        problems = tag_directory(folder, out)
        tagged = time.perf_counter() - began
        result = score_timex(folder, out)
    for problem in [*problems, *result["problems"]]:
        print(f"problem: {problem}")
    print(f"TempEval-3 timex scores on {folder} ({result['files']} files, tagged in {tagged:.1f} s)")
    counts = {key: result[key] for key in ("gold", "system", "relaxed", "strict")}
    print("  " + "  ".join(f"{key} {count}" for key, count in counts.items()))
    for kind in ("strict", "relaxed"):
        p, r, f = (result[f"{kind}_{m}"] for m in ("precision", "recall", "f1"))
        print(f"  {kind:8} P {p:.4f}  R {r:.4f}  F1 {f:.4f}")
    print(f"  type  accuracy {result['type_accuracy']:.4f}  F1 {result['type_f1']:.4f}")
    print(f"  value accuracy {result['value_accuracy']:.4f}  F1 {result['value_f1']:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=3, help="runs; the fastest is reported")
    parser.add_argument("--tempeval", metavar="DIR", help="also score on the TempEval-3 .tml files under DIR")
    args = parser.parse_args()
    folder = Path(args.folder)
    if not folder.exists():
        sys.exit(f"no such folder: {folder}")
    articles = articles_of(folder)
    if not articles:
        sys.exit(f"no dated InputDocs/<YYYY-MM-DD>/*.txt articles under {folder}")
    seconds, sentences, timexes = bench(articles, args.repeat)
    print(f"folder: {folder}")
    print(f"articles: {len(articles)}  sentences: {sentences}  time expressions: {timexes}")
    print(f"seconds: {seconds:.2f}  articles/s: {len(articles) / seconds:.0f}  sentences/s: {sentences / seconds:.0f}")
    if args.tempeval:
        score(Path(args.tempeval))


if __name__ == "__main__":
    main()
