"""Teacher (en_core_web_sm) against the distilled student: speed and agreement.

    python benchmarks/fast_model.py [--student PATH] [--teacher NAME] [--repeat 3] [--no-agreement]

Speed: ``nlp.pipe`` over 40 T17 articles (every n-th input article, as the parse profile did), on one
core, repeated; it prints articles/s from wall-clock time and from the process's CPU time (less
sensitive to other jobs on the machine), the spread over repeats, and each component's CPU share.

Agreement: on the held-out T17 articles that ``tools/train_fast_model.py`` never trains on, the
teacher's parse is the reference and the student's is scored against it: tag accuracy, UAS/LAS
(spaCy's scorer, punctuation excluded), sentence-boundary F1 and NER precision/recall/F1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from t17 import DEFAULT  # noqa: E402
from train_fast_model import PACKAGE_DIR, TEACHER, speed_articles, split  # noqa: E402

import dateline.resources.models  # noqa: E402, F401  (registers the student's components with spaCy)


def load(name: str) -> Any:
    import spacy

    return spacy.load(name, disable=["lemmatizer"])


def speed(nlp: Any, texts: list[str], repeat: int) -> None:
    components: dict[str, float] = {}
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        list(nlp.pipe(texts))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    docs = [nlp.make_doc(t) for t in texts]
    for name, proc in nlp.pipeline:
        cpu = time.process_time()
        docs = list(proc.pipe(docs))
        components[name] = time.process_time() - cpu
    n = len(texts)
    rates_wall = sorted(n / w for w in walls)
    rates_cpu = sorted(n / c for c in cpus)
    print(
        f"  speed: {statistics.median(rates_cpu):.1f} articles/s by CPU time "
        f"(range {rates_cpu[0]:.1f}-{rates_cpu[-1]:.1f}), {statistics.median(rates_wall):.1f} by wall clock "
        f"(range {rates_wall[0]:.1f}-{rates_wall[-1]:.1f}) over {repeat} runs of {n} articles"
    )
    total = sum(components.values())
    print("  CPU s per component:", ", ".join(f"{k} {v:.2f}" for k, v in components.items()), f"(sum {total:.2f})")


def agreement(teacher: Any, student: Any, texts: list[str]) -> None:
    from spacy.scorer import Scorer
    from spacy.training import Example

    examples = [
        Example(predicted, reference)
        for reference, predicted in zip(teacher.pipe(texts), student.pipe(texts), strict=True)
    ]
    tags = Scorer.score_token_attr(examples, "tag")
    pos = Scorer.score_token_attr(examples, "pos")
    deps = Scorer.score_deps(examples, "dep", getter=getattr, head_attr="head", ignore_labels=("p", "punct"))
    sents = Scorer.score_spans(examples, "sents")
    ents = Scorer.score_spans(examples, "ents")
    print(
        f"  agreement with the teacher on {len(texts)} held-out articles: tag {tags['tag_acc']:.4f}, "
        f"pos {pos['pos_acc']:.4f}, UAS {deps['dep_uas']:.4f}, LAS {deps['dep_las']:.4f}, "
        f"sentences F1 {sents['sents_f']:.4f}, NER P {ents['ents_p']:.4f} R {ents['ents_r']:.4f} "
        f"F1 {ents['ents_f']:.4f}"
    )
    per_type = ents["ents_per_type"]
    print("  NER F1 by type:", ", ".join(f"{k} {v['f']:.3f}" for k, v in sorted(per_type.items())))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--student", default=str(PACKAGE_DIR), help="student model directory (or package name)")
    parser.add_argument("--teacher", default=TEACHER)
    parser.add_argument("--folder", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-agreement", action="store_true")
    parser.add_argument("--no-teacher-speed", action="store_true")
    args = parser.parse_args()
    if not args.folder.exists():
        print(f"no folder {args.folder}", file=sys.stderr)
        return 1
    if os.environ.get("OMP_NUM_THREADS") != "1":
        print("note: set OMP_NUM_THREADS=1 for single-core figures", file=sys.stderr)
    texts = [p.read_text(errors="replace") for p in speed_articles(args.folder)]
    teacher, student = load(args.teacher), load(args.student)
    tokens = sum(len(teacher.make_doc(t)) for t in texts)
    print(f"{len(texts)} articles, {tokens} tokens")
    for label, nlp in (("teacher", teacher), ("student", student)):
        if label == "teacher" and args.no_teacher_speed:
            continue
        print(f"{label} {nlp.meta.get('name')} {nlp.pipe_names}")
        speed(nlp, texts, args.repeat)
    if not args.no_agreement:
        _, held = split(args.folder)
        agreement(teacher, student, [p.read_text(errors="replace")[:100_000] for p in held])
    return 0


if __name__ == "__main__":
    sys.exit(main())
