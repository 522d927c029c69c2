"""Articles/s of `annotate --out` on a sample of Timeline17, local engine vs Spark, 1 and 2 cores.

    python benchmarks/scale.py [--limit 200] [--repeat 1] [--folder ../shared/data/t17] [--stages a,b] [--no-spark]

The sample is --limit article files spread evenly over the sorted file list (every topic is in it).
Each configuration starts its engine and warms it up on 16 other files (workers start and load the
stages), then reads, annotates and writes Parquet for the sample --repeat times: "run" is the
fastest of those (the machine is shared), and articles/s is sample size / run. "start" is the
engine start plus warm-up, paid once per job. "cpu" is the CPU time of this process and all its
descendants (pool workers; Spark's JVM and Python workers) during that run, read from /proc: on a
machine shared with other work it shows the cost that wall time hides. The output of "local 2" is
also loaded into a fresh store (`dateline load`) and resolved, and that speed printed.
Printed: scaling efficiency 1 -> 2 cores (speed-up / 2; the issue's 1.8x speed-up is 90 %) and
Spark's overhead at equal cores (Spark run time / local run time; target <= 1.3).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dateline
from dateline.engines.local import LocalEngine
from dateline.engines.parquet import AnnotateReport, load_parquet, local_to_parquet
from dateline.ingest import read_paths
from dateline.model import Article
from dateline.pipeline.base import DEFAULT_STAGES
from dateline.store import open_store

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "t17"
WARM_UP = 16


def sample(folder: Path, limit: int) -> tuple[list[str], list[str]]:
    """``limit`` files spread over the corpus, and WARM_UP others for warming up."""
    files = sorted(str(p) for p in folder.glob("*/InputDocs/*/*") if p.is_file())
    step = max(1, len(files) // (limit + WARM_UP))
    spread = files[::step]
    return spread[:limit], spread[limit : limit + WARM_UP]


def tree_cpu() -> float:
    """CPU seconds used so far by this process and all its descendants (Linux /proc), live or reaped."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            stats[int(entry.name)] = text[text.rindex(")") + 2 :].split()
    children: dict[int, list[int]] = {}
    for pid, fields in stats.items():
        children.setdefault(int(fields[1]), []).append(pid)
    total, todo = 0, [os.getpid()]
    while todo:
        pid = todo.pop()
        if pid in stats:
            total += sum(int(v) for v in stats[pid][11:15])  # utime, stime, cutime, cstime
        todo.extend(children.get(pid, []))
    return total / tick


def load_speed(out: str) -> None:
    """`dateline load` of an output folder into a fresh store, then resolution."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "load.db"
        began = time.perf_counter()
        with open_store(db) as store:
            report = load_parquet(out, store)
        seconds = time.perf_counter() - began
        resolution = dateline.resolve(db=db)
    print(
        f"  load into SQLite: {report.read} articles in {seconds:.1f}s = {report.read / seconds:.0f} articles/s; "
        f"resolution of {resolution.events} events {resolution.seconds:.1f}s"
    )


def measure(
    name: str, start: Callable[[], Any], run: Callable[[Any, str], AnnotateReport], repeat: int
) -> dict[str, float]:
    """Start an engine, then time ``repeat`` runs of the sample and keep the fastest."""
    began = time.perf_counter()
    engine = start()
    started = time.perf_counter() - began
    runs = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            began, cpu = time.perf_counter(), tree_cpu()
            report = run(engine, out)
            runs.append((time.perf_counter() - began, tree_cpu() - cpu))
            if name == "local 2" and len(runs) == repeat:
                load_speed(out)
    engine.close()
    seconds, cpu = min(runs)
    rate = report.annotated / seconds
    print(
        f"{name:<16} start {started:5.1f}s  run {seconds:6.1f}s (of {', '.join(f'{r:.1f}' for r, _ in runs)})  "
        f"{rate:5.2f} articles/s  cpu {cpu:6.1f}s = {cpu / report.annotated:.3f} s/article  "
        f"({report.annotated} annotated, {report.rows['sentences']} sentences, {report.rows['events']} events)",
        flush=True,
    )
    if name == "local 1":
        total = sum(report.stages.values())
        shares = sorted(report.stages.items(), key=lambda item: -item[1])
        print("  time per stage: " + ", ".join(f"{stage.split('.')[1]} {sec / total:.0%}" for stage, sec in shares))
    return {"start": started, "run": seconds, "rate": rate, "cpu": cpu, "rows": float(sum(report.rows.values()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--stages", default=",".join(DEFAULT_STAGES), help="comma-separated stage names")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per configuration; the fastest counts")
    parser.add_argument("--no-spark", action="store_true")
    args = parser.parse_args()
    folder = Path(args.folder)
    if not folder.exists():
        sys.exit(f"no such folder: {folder} (Timeline17 lives in ../shared/data/t17)")
    files, warm = sample(folder, args.limit)
    stages = tuple(args.stages.split(","))
    print(f"{len(files)} files of {folder}; stages: {', '.join(stages)}")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work skews the figures)")
    results: dict[str, dict[str, float]] = {}

    for workers in (1, 2):

        def start_local(workers: int = workers) -> LocalEngine:
            engine = LocalEngine(stages, workers=workers)
            list(engine.annotate(_articles(warm)))
            return engine

        results[f"local {workers}"] = measure(
            f"local {workers}", start_local, lambda engine, out: local_to_parquet(engine, files, out), args.repeat
        )
    if not args.no_spark:
        from dateline.engines.spark import SparkEngine, java_problem

        problem = java_problem()
        if problem:
            sys.exit(problem)
        for cores in (1, 2):

            def start_spark(cores: int = cores) -> SparkEngine:
                engine = SparkEngine(f"local[{cores}]", stages)
                with tempfile.TemporaryDirectory() as out:
                    engine.to_parquet(warm, out)
                return engine

            results[f"spark local[{cores}]"] = measure(
                f"spark local[{cores}]", start_spark, lambda engine, out: engine.to_parquet(files, out), args.repeat
            )

    print()
    pairs = [("local 1", "local 2")] + ([("spark local[1]", "spark local[2]")] if not args.no_spark else [])
    for one, two in pairs:
        speedup = results[two]["rate"] / results[one]["rate"]
        print(
            f"scaling {one} -> {two}: speed-up {speedup:.2f}x, efficiency {speedup / 2:.0%} (target 1.8x); "
            f"CPU per article {results[two]['cpu'] / results[one]['cpu']:.2f}x"
        )
    if not args.no_spark:
        for cores in (1, 2):
            spark, local = results[f"spark local[{cores}]"], results[f"local {cores}"]
            print(
                f"spark overhead at {cores} core(s): {spark['run'] / local['run']:.2f}x local run time "
                f"(target <= 1.3x), {spark['cpu'] / local['cpu']:.2f}x its CPU time"
            )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    same = len({r["rows"] for r in results.values()}) == 1
    print(f"same number of rows from every configuration: {same}")


def _articles(paths: list[str]) -> list[Article]:
    return [item for item in read_paths(paths) if isinstance(item, Article)]


if __name__ == "__main__":
    main()
