"""The Spark engine: the very same stages over the partitions of a Spark cluster, Parquet out.

The driver only lists the input files. Executors read them; the articles are partitioned by
content hash, so that the copies of one article meet and only the first read is kept; they are
then range-partitioned by their place in the reading order, so that the parts, in name order,
hold the articles in the order the local engine reads them (``load`` decides near-duplicates in
that order, so both engines' outputs load into the same store). Each partition runs the stages
and writes its own part of every table with the schema of ``dateline.engines.parquet`` (pyarrow,
no Spark DataFrame: see docs/spark.md for why). The driver writes the manifest once every task
has succeeded.

The stages are built once per executor Python process (``spark.python.worker.reuse``, on by
default, keeps that process between tasks) and cached by ``_pipeline``; they stay pure.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import shutil
import subprocess
import sys
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.engines.parquet import (
    PART_SIZE,
    AnnotateReport,
    add_stage_seconds,
    batched,
    prepare_output,
    write_manifest,
    write_part,
)
from dateline.ingest import Problem, ReadOptions, read_path
from dateline.ingest.readers import expand_paths  # the driver lists files exactly as read_paths does
from dateline.model import AnnotatedArticle, Article
from dateline.pipeline.base import DEFAULT_STAGES, STAGES, PipelineError, Stage, make_pipeline, run_pipeline

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["MIN_JAVA", "SparkEngine", "SparkUnavailableError", "java_problem", "java_version", "require_spark"]

MIN_JAVA = 17  # pyspark 4 runs on Java 17 and 21

_JAVA_HOWTO = (
    "install a Java 17+ runtime (Debian/Ubuntu: `sudo apt-get install openjdk-17-jre-headless`; "
    "macOS: `brew install openjdk@17`; elsewhere: an Eclipse Temurin 17 build) and put its `java` "
    "on PATH or set JAVA_HOME to its folder"
)


class SparkUnavailableError(RuntimeError):
    """Spark cannot run here: pyspark missing, or no Java 17+ runtime."""


def _java_binary() -> str | None:
    """The java that pyspark's launcher will use: $JAVA_HOME/bin/java, else `java` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = Path(home) / "bin" / "java"
        return str(candidate) if candidate.is_file() else None
    return shutil.which("java")


_VERSION = re.compile(r'version "(\d+)(?:\.(\d+))?')


def java_version(java: str) -> int | None:
    """The feature version of a java binary (8 for "1.8.0_292", 17 for "17.0.15"), None if it does not run."""
    try:
        # The binary is the one pyspark itself would launch (JAVA_HOME or PATH), not user text.
        done = subprocess.run(  # noqa: S603
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = _VERSION.search(done.stderr + done.stdout)
    if match is None:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def java_problem() -> str | None:
    """Why Spark cannot start for lack of Java (an E302/E303 message), or None when Java is fine."""
    java = _java_binary()
    if java is None:
        where = (
            f"JAVA_HOME={os.environ['JAVA_HOME']} holds no bin/java"
            if os.environ.get("JAVA_HOME")
            else ("no `java` on PATH and JAVA_HOME is not set")
        )
        return f"E302 the Spark engine needs a Java {MIN_JAVA}+ runtime: {where}; {_JAVA_HOWTO}"
    version = java_version(java)
    if version is None:
        return f"E303 the Spark engine needs a Java {MIN_JAVA}+ runtime: {java} -version did not run; {_JAVA_HOWTO}"
    if version < MIN_JAVA:
        return f"E303 the Spark engine needs Java {MIN_JAVA} or newer; {java} is Java {version}: {_JAVA_HOWTO}"
    return None


def require_spark() -> None:
    """Raise ``SparkUnavailableError`` with a numbered, actionable message unless Spark can start here."""
    try:
        importlib.import_module("pyspark")
    except ImportError:
        raise SparkUnavailableError(
            "E301 the Spark engine needs pyspark: `pip install 'pyspark>=4.0'` (and a Java 17+ runtime)"
        ) from None
    problem = java_problem()
    if problem:
        raise SparkUnavailableError(problem)


def check_order(names: Sequence[str]) -> None:
    """``make_pipeline``'s order check from the stage classes alone, so the driver loads no model."""
    available = {"article"}
    for name in names:
        if name not in STAGES:
            raise PipelineError(f"E001 unknown stage {name!r}; known stages: {', '.join(sorted(STAGES))}")
        module_name, class_name = STAGES[name].split(":")
        try:
            cls: type[Stage] = getattr(importlib.import_module(module_name), class_name)
        except ImportError as error:
            raise PipelineError(f"E004 stage {name} cannot be loaded: {error}") from None
        missing = cls.requires - available
        if missing:
            needs = ", ".join(sorted(missing))
            raise PipelineError(f"E002 stage {name} needs {needs}, which no stage before it assigns")
        available |= cls.assigns


# --- what runs on the executors -------------------------------------------------------------


@functools.cache
def _pipeline(names: tuple[str, ...]) -> tuple[Stage, ...]:
    """The stages, built once per executor Python process and reused by every task it runs."""
    return make_pipeline(names)


Order = tuple[int, int]  # (input number, position in that input): the local engine's reading order
Item = Article | Problem | None  # None stands for an exact duplicate that was dropped


def _read(entry: tuple[int, str | Article], options: ReadOptions) -> Iterator[tuple[str, tuple[Order, Item]]]:
    """Articles of one input keyed by id (problems by path), each with its place in the reading order."""
    number, source = entry
    items: Iterable[Article | Problem] = read_path(source, options) if isinstance(source, str) else [source]
    for position, item in enumerate(items):
        key = item.id if isinstance(item, Article) else item.path
        yield key, ((number, position), item)


def _partition_of(key: str) -> int:
    # Deterministic (unlike Python's salted str hash), so a retried task gets the same articles.
    return zlib.crc32(key.encode("utf-8"))


def _first_copies(entries: Iterable[tuple[str, tuple[Order, Item]]]) -> Iterator[tuple[Order, Item]]:
    """Every copy of an article is in this partition: keep the first read, mark the others."""
    first: dict[str, Order] = {}
    items = []
    for _, (order, item) in entries:
        items.append((order, item))
        if isinstance(item, Article) and order < first.get(item.id, (sys.maxsize, 0)):
            first[item.id] = order
    for order, item in items:
        yield order, (None if isinstance(item, Article) and first[item.id] != order else item)


def _annotate_partition(
    names: tuple[str, ...], out: str, part_size: int, index: int, entries: Iterable[tuple[Order, Item]]
) -> Iterator[dict[str, Any]]:
    """One task: annotate its range of the reading order and write its parts (``part_size`` articles each)."""
    summary: dict[str, Any] = {"read": 0, "duplicates": 0, "problems": [], "parts": {}, "stages": {}}

    def articles() -> Iterator[Article]:
        for _, item in entries:
            if isinstance(item, Problem):
                summary["problems"].append((item.path, item.message, item.line))
                continue
            summary["read"] += 1
            if item is None:
                summary["duplicates"] += 1
            else:
                yield item

    stages = _pipeline(names)
    for chunk, batch in enumerate(batched(articles(), part_size)):
        docs = [run_pipeline(stages, AnnotatedArticle(article)) for article in batch]
        for doc in docs:
            add_stage_seconds(summary["stages"], doc)
        name = f"part-{index:05d}-{chunk:04d}"
        summary["parts"][name] = write_part(docs, out, name)
    yield summary


# --- the driver -------------------------------------------------------------------------------


class SparkEngine:
    """Runs the stages on Spark: ``local[N]`` on one machine, or a cluster URL (spark://, yarn, k8s://)."""

    def __init__(
        self,
        master: str = "local[*]",
        stages: Sequence[str] | None = None,
        *,
        partitions: int | None = None,
        conf: Mapping[str, str] | None = None,
        part_size: int = PART_SIZE,
    ) -> None:
        self.master = master
        self.names = tuple(DEFAULT_STAGES if stages is None else stages)
        check_order(self.names)  # before any work, without loading a model on the driver
        require_spark()
        self.partitions = partitions
        self.conf = dict(conf or {})
        self.part_size = part_size
        self._session: SparkSession | None = None

    @property
    def session(self) -> SparkSession:
        """The Spark session, started on first use (about 13 s for a local one)."""
        if self._session is None:
            from pyspark.sql import SparkSession

            builder = SparkSession.builder.master(self.master).appName("dateline")
            settings = {"spark.python.worker.reuse": "true"}  # keeps each worker's loaded stages
            if self.master.startswith("local"):
                # Workers run this interpreter (this virtualenv, where dateline is installed): pyspark takes
                # the workers' python from PYSPARK_PYTHON when the context starts. No web UI or console bars.
                os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
                settings |= {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false"}
            for key, value in (settings | self.conf).items():
                builder = builder.config(key, value)
            self._session = builder.getOrCreate()
            self._session.sparkContext.setLogLevel("ERROR")
        return self._session

    def to_parquet(
        self, inputs: Sequence[str], out_dir: str | Path, *, options: ReadOptions = ReadOptions()
    ) -> AnnotateReport:
        """Read, annotate and write ``inputs`` as Parquet under ``out_dir`` (a path every executor can reach)."""
        began = time.perf_counter()
        out = str(out_dir) if "://" in str(out_dir) else Path(out_dir).resolve().as_posix()
        report = AnnotateReport(f"spark {self.master}", str(out_dir))
        sources: list[str | Article] = []
        for entry in expand_paths(inputs):
            if isinstance(entry, Problem):
                report.skipped.append(entry)
            elif entry == "-" or entry.startswith(("http://", "https://")):
                # Standard input and feed URLs are read here: executors cannot reach them.
                for item in read_path(entry, options):
                    (report.skipped if isinstance(item, Problem) else sources).append(item)  # type: ignore[arg-type]
            else:
                sources.append(entry)
        context = self.session.sparkContext
        partitions = self.partitions or max(1, context.defaultParallelism * 4)
        prepare_output(out)
        summaries = (
            context.parallelize(list(enumerate(sources)), max(1, min(len(sources), partitions)))
            .flatMap(functools.partial(_read, options=options))
            .partitionBy(partitions, _partition_of)
            .mapPartitions(_first_copies)
            .sortByKey(numPartitions=partitions)
            .mapPartitionsWithIndex(functools.partial(_annotate_partition, self.names, out, self.part_size))
            .collect()
        )
        parts: dict[str, dict[str, int]] = {}
        for summary in summaries:
            report.read += summary["read"]
            report.exact_duplicates += summary["duplicates"]
            report.skipped.extend(Problem(path, message, line) for path, message, line in summary["problems"])
            parts.update(summary["parts"])
            for stage, seconds in summary["stages"].items():
                report.stages[stage] = report.stages.get(stage, 0.0) + seconds
        report.annotated = report.read - report.exact_duplicates
        manifest = write_manifest(
            out, parts, engine="spark", stages=self.names, extra={"master": self.master, "partitions": partitions}
        )
        report.rows, report.parts = manifest["rows"], len(manifest["parts"])
        report.seconds = time.perf_counter() - began
        return report

    def close(self) -> None:
        if self._session is not None:
            self._session.stop()
            self._session = None

    def __enter__(self) -> SparkEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
