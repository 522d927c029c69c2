from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.engines.parquet import AnnotateReport, annotate_to_parquet, load_parquet, read_manifest, read_parquet
from dateline.engines.spark import SparkEngine, SparkUnavailableError, java_problem, java_version, require_spark
from dateline.model import AnnotatedArticle
from dateline.pipeline.base import PipelineError
from dateline.store import open_store
from tests.conftest import shared_path
from tests.engines.test_parquet import STAGES, STORY, store_content

# --- the checks before Spark starts (fast) ---------------------------------------------------------


def fake_java(folder: Path, version_line: str) -> Path:
    java = folder / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\n", encoding="utf-8")
    java.chmod(0o755)
    return folder


@pytest.mark.parametrize(
    ("line", "version"),
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('openjdk version "21" 2023-09-19', 21),
        ('java version "1.8.0_292"', 8),
        ('openjdk version "11.0.2" 2019-01-15', 11),
    ],
)
def test_java_version(tmp_path: Path, line: str, version: int) -> None:
    assert java_version(str(fake_java(tmp_path, line) / "bin" / "java")) == version


def test_old_java_is_refused_with_a_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(fake_java(tmp_path, 'java version "1.8.0_292"')))
    problem = java_problem()
    assert problem is not None and problem.startswith("E303") and "Java 8" in problem
    with pytest.raises(SparkUnavailableError, match="E303"):
        require_spark()


def test_missing_java_is_refused_with_a_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    problem = java_problem()
    assert problem is not None and problem.startswith("E302") and "openjdk-17" in problem
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    assert (java_problem() or "").startswith("E302")


def test_missing_pyspark_is_refused_with_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(SparkUnavailableError, match=r"E301.*pip install"):
        require_spark()


def test_stage_order_is_checked_before_spark_starts() -> None:
    with pytest.raises(PipelineError, match="E002"):
        SparkEngine("local[1]", ["dateline.events.v1"])


# --- the same records from both engines (slow: one Spark session for the module) --------------------


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkEngine]:
    problem = java_problem()
    if problem:
        pytest.skip(problem)
    with SparkEngine("local[2]", STAGES) as engine:
        yield engine


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    seeds = shared_path("seeds")
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "2020-10-19_a.txt").write_text(STORY, encoding="utf-8")
    (folder / "2020-10-19_copy.txt").write_text(STORY + "\n", encoding="utf-8")
    (folder / "2020-10-20_c.txt").write_text(
        STORY.replace("the mission said in a statement", "the UN mission announced"), encoding="utf-8"
    )
    lines = [
        {"date": "2020-01-19", "title": "Berlin", "text": "BERLIN, January 19. Leaders met in Berlin on Sunday "
         "and agreed to respect the arms embargo on Libya, the German chancellor told reporters."},
        {"date": "2020-06-16", "text": "Russia and Turkey postponed talks on Libya planned for Sunday, "
         "Sergey Lavrov said on Tuesday."},
    ]  # fmt: skip
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return [str(seeds), str(folder)]


@pytest.fixture(scope="module")
def outputs(
    spark: SparkEngine, inputs: list[str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, AnnotateReport, Path, AnnotateReport]:
    out = tmp_path_factory.mktemp("out")
    local = annotate_to_parquet(inputs, out / "local", stages=STAGES, workers=1)
    distributed = spark.to_parquet(inputs, out / "spark")
    return out / "local", local, out / "spark", distributed


def without_timings(doc: AnnotatedArticle) -> AnnotatedArticle:
    return dataclasses.replace(doc, stats=tuple(s for s in doc.stats if s[1] != "seconds"))


@pytest.mark.slow
def test_spark_writes_the_same_records_as_local(outputs: tuple[Path, AnnotateReport, Path, AnnotateReport]) -> None:
    local_dir, local, spark_dir, spark = outputs
    for report in (local, spark):
        assert (report.read, report.annotated, report.exact_duplicates) == (7, 6, 1)
        assert [p.message for p in report.skipped] == ["empty file"]
    assert spark.rows == local.rows and local.rows["events"] > 0 and local.rows["actors"] > 0
    by_local = [without_timings(doc) for doc in read_parquet(local_dir)]
    by_spark = [without_timings(doc) for doc in read_parquet(spark_dir)]
    # Same articles in the same (reading) order, and every record of every article equal.
    assert [d.article.id for d in by_spark] == [d.article.id for d in by_local]
    for spark_doc, local_doc in zip(by_spark, by_local, strict=True):
        assert spark_doc == local_doc, local_doc.article.path
    manifest = read_manifest(spark_dir)
    assert manifest["engine"] == "spark" and manifest["stages"] == list(STAGES)


@pytest.mark.slow
def test_loading_either_output_gives_the_same_store(
    outputs: tuple[Path, AnnotateReport, Path, AnnotateReport], tmp_path: Path
) -> None:
    local_dir, _, spark_dir, _ = outputs
    contents = []
    for folder in (local_dir, spark_dir):
        db = tmp_path / f"{folder.name}.db"
        with open_store(db) as store:
            report = load_parquet(folder, store)
        assert (report.new, report.near_duplicates) == (5, 1)
        contents.append(store_content(db))
    local, spark = contents
    for table in local:
        assert spark[table] == local[table], table


@pytest.mark.slow
def test_nothing_to_read_still_gives_a_readable_output(spark: SparkEngine, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    report = spark.to_parquet([str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")], tmp_path / "out")
    assert (report.read, report.annotated, len(report.skipped)) == (0, 0, 2)
    assert list(read_parquet(tmp_path / "out")) == [] and read_manifest(tmp_path / "out")["rows"]["articles"] == 0
