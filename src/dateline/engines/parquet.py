"""Annotated articles as Parquet: what both engines write and what `dateline load` reads.

An output folder holds one sub-folder per table and a manifest written last::

    out/
      _dateline.json                  format version, engine, stages, parts, rows per table
      articles/part-00000.parquet     one row per article (text, metadata, stages run, timings)
      sentences/part-00000.parquet    one row per annotation, keyed by article_id
      entities/ timexes/ places/ quotes/ actors/ events/

Every part name exists in every table folder, and the rows of one article sit in the
same-named part of each table, in the order the pipeline made them; an article id occurs
once per part. A folder without the manifest is an unfinished run and is refused.
The columns of each table are the fields of its record in ``dateline.model`` (see
``SCHEMAS``, ``python -m dateline.engines.parquet`` prints them, docs/spark.md lists them).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import time
import types
import typing
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from dateline.ingest import NearDuplicates, Problem, ReadOptions, read_paths, signature
from dateline.model import (
    Actor,
    AnnotatedArticle,
    Article,
    Entity,
    Event,
    Place,
    Quote,
    Sentence,
    TimeExpr,
    from_dict,
)

if TYPE_CHECKING:
    from dateline.engines.local import LocalEngine
    from dateline.store import Store

T = TypeVar("T")

__all__ = [
    "FORMAT_VERSION",
    "MANIFEST",
    "SCHEMAS",
    "TABLES",
    "AnnotateReport",
    "LoadReport",
    "ParquetError",
    "annotate_to_parquet",
    "batched",
    "load_parquet",
    "prepare_output",
    "read_manifest",
    "read_parquet",
    "schema_markdown",
    "write_manifest",
    "write_parquet",
    "write_part",
]

FORMAT = "dateline-parquet"
# Bump when a column changes meaning or type; readers refuse versions they do not know.
FORMAT_VERSION = 1
MANIFEST = "_dateline.json"
PART_SIZE = 1000  # articles per part file: a few MB of Parquet, bounded memory per writer

# Record type of each annotation table (articles and actors are built by hand below).
_RECORDS: dict[str, type] = {
    "sentences": Sentence,
    "entities": Entity,
    "timexes": TimeExpr,
    "places": Place,
    "quotes": Quote,
    "events": Event,
}
TABLES: tuple[str, ...] = ("articles", *_RECORDS, "actors")

Progress = Callable[[int], None]


class ParquetError(ValueError):
    """A folder that is not (or not yet) a dateline Parquet output, or records it cannot hold."""


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items (the last may be shorter); itertools.batched arrives in Python 3.12."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


# --- the schema -----------------------------------------------------------------------

# What each column holds; a "table.column" key overrides the bare column name for one table.
_DESCRIPTIONS: dict[str, str] = {
    "article_id": "id of the article (articles.id)",
    "start": "start character offset into the article text",
    "end": "end character offset (exclusive)",
    "text": "the covered text",
    "sentence": "index of the sentence it lies in (-1: none)",
    "stage": "versioned name of the stage that made the record",
    "articles.id": "content hash of the normalized text (16 hex digits)",
    "articles.text": "the full article text; every offset points into it",
    "published": "publication date (null: none found, date_from says unknown)",
    "articles.date_from": "where the date came from: header, dateline, option, filename, folder, field, html, feed",
    "articles.source": "agency or outlet",
    "dateline_place": "place named in the article's dateline",
    "title": "headline",
    "url": "address the article came from",
    "path": "input it was read from (file, file:line, file#url)",
    "duplicate_of": "id of the article it is a near-duplicate of (set by load, not annotate)",
    "warnings": "what the reader noticed (dates that disagree, missing dates)",
    "annotated_by": "versioned names of the stages that ran, in order",
    "stats": "per-stage counters, e.g. (dateline.parse.v1, seconds, 0.12)",
    "index": "position of the sentence in the article, from 0",
    "date": "TIMEX3 calendar value the record is dated to: 2020-01-19, 2020-01, 2020",
    "date_precision": "day, month or year",
    "sentences.date_from": "how the date was found: explicit, narrative, published",
    "events.date_from": "how the date was found: explicit, narrative, published",
    "date_confidence": "confidence in the sentence date, 0..1",
    "timexes.type": "TIMEX3 type: DATE, TIME, DURATION, SET",
    "value": "TIMEX3 value: 2020-06-16, 2020-01, 2019-W52, P1Y, PRESENT_REF",
    "anchor": "date the value was computed from",
    "how": "explicit, year_inferred, tense, anchored, relative, undated",
    "mod": "TIMEX3 mod: START, MID, END, APPROX, ...",
    "label": "entity label: PERSON, ORG, GPE, LOC, NORP, FAC",
    "actor": "canonical actor id (actors.id), null when unresolved",
    "name": "canonical name",
    "geonameid": "GeoNames id",
    "country": "ISO 3166 alpha-3 country code",
    "latitude": "WGS84 latitude",
    "longitude": "WGS84 longitude",
    "feature": "city, country or region",
    "confidence": "confidence, 0..1",
    "content": "the quoted words (start/end are their span)",
    "speaker": "actor id of the speaker",
    "speaker_text": "the speaker as written",
    "cue": "the attribution cue: said, told reporters, ...",
    "direct": "true for a direct (quoted) quote, false for reported speech",
    "speaker_start": "offset of the speaker mention (-1: none)",
    "speaker_end": "end offset of the speaker mention (-1: none)",
    "cue_start": "offset of the cue (-1: none)",
    "cue_end": "end offset of the cue (-1: none)",
    "actors.id": "canonical actor id",
    "kind": "PERSON, ORG, GROUP, COUNTRY, PLACE",
    "sector": "GOV, MIL, REB, OPP, IGO, NGO, MED, JUD, LEG, BUS, ...",
    "aliases": "other names of the actor",
    "roles": "dated positions: title, country, start, end",
    "events.id": "coded event id",
    "events.type": "PLOVER event type",
    "trigger": "the word(s) that express the event",
    "trigger_start": "offset of the trigger",
    "trigger_end": "end offset of the trigger",
    "mode": "PLOVER mode",
    "context": "PLOVER contexts",
    "cameo": "CAMEO code",
    "quad_class": "CAMEO quad class 1..4",
    "events.source": "actor id of the source (who acts)",
    "target": "actor id of the target",
    "source_text": "the source as written",
    "target_text": "the target as written",
    "place": "where it happened",
    "negated": "the sentence says it did not happen",
    "hypothetical": "conditional or hypothetical",
    "future": "announced or planned, not yet done",
    "reported": "attributed to a speaker rather than stated",
    "rule": "the rule or model that coded it",
}


def _arrow_type(hint: Any) -> pa.DataType:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _arrow_type(inner)
    if origin is tuple:
        return pa.list_(_arrow_type(typing.get_args(hint)[0]))
    if dataclasses.is_dataclass(hint):
        return pa.struct(_fields(hint))  # type: ignore[arg-type]
    simple: dict[Any, pa.DataType] = {
        str: pa.string(),
        int: pa.int64(),
        float: pa.float64(),
        bool: pa.bool_(),
        date: pa.date32(),
    }
    return simple[hint]


def _nullable(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def _field(table: str, name: str, kind: pa.DataType, nullable: bool) -> pa.Field:
    text = _DESCRIPTIONS.get(f"{table}.{name}") or _DESCRIPTIONS.get(name, "")
    return pa.field(name, kind, nullable=nullable, metadata={"description": text})


def _fields(cls: type, table: str = "") -> list[pa.Field]:
    hints = typing.get_type_hints(cls)
    return [
        _field(table, f.name, _arrow_type(hints[f.name]), _nullable(hints[f.name]))
        for f in dataclasses.fields(cls)
        if f.name != "parse"
    ]


_STATS = pa.list_(pa.struct([("stage", pa.string()), ("counter", pa.string()), ("value", pa.float64())]))

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            *_fields(Article, "articles"),
            _field("articles", "annotated_by", pa.list_(pa.string()), False),
            _field("articles", "stats", _STATS, False),
        ]
    ),
    **{table: pa.schema(_fields(cls, table)) for table, cls in _RECORDS.items()},
    "actors": pa.schema([_field("actors", "article_id", pa.string(), False), *_fields(Actor, "actors")]),
}


def schema_markdown() -> str:
    """The schema as Markdown tables (docs/spark.md carries this text)."""
    out = []
    for table in TABLES:
        out += [f"### {table}", "", "| column | type | description |", "|---|---|---|"]
        for column in SCHEMAS[table]:
            text = (column.metadata or {}).get(b"description", b"").decode()
            kind = f"{column.type}" + ("" if column.nullable else " not null")
            out.append(f"| `{column.name}` | {kind} | {text} |")
        out.append("")
    return "\n".join(out)


# --- records <-> rows -------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def _rows(docs: Sequence[AnnotatedArticle]) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    for doc in docs:
        article = _plain(doc.article)
        article["annotated_by"] = list(doc.done)
        article["stats"] = [{"stage": s, "counter": c, "value": v} for s, c, v in doc.stats]
        rows["articles"].append(article)
        for table in _RECORDS:
            rows[table].extend(_plain(record) for record in getattr(doc, table))
        rows["actors"].extend({"article_id": doc.article.id, **_plain(actor)} for actor in doc.actors)
    return rows


def _docs(tables: Mapping[str, pa.Table]) -> Iterator[AnnotatedArticle]:
    by_article: dict[str, dict[str, list[Any]]] = {}
    for table, cls in (*_RECORDS.items(), ("actors", Actor)):
        for row in tables[table].to_pylist():
            key = row.pop("article_id") if table == "actors" else row["article_id"]
            by_article.setdefault(key, {}).setdefault(table, []).append(from_dict(cls, row))
    for row in tables["articles"].to_pylist():
        done, stats = row.pop("annotated_by"), row.pop("stats")
        if row["published"] is not None:
            row["published"] = row["published"].isoformat()
        article = from_dict(Article, row)
        found = by_article.get(article.id, {})
        yield AnnotatedArticle(
            article,
            **{table: tuple(found.get(table, ())) for table in (*_RECORDS, "actors")},
            stats=tuple((s["stage"], s["counter"], s["value"]) for s in stats),
            done=tuple(done),
        )


# --- files --------------------------------------------------------------------------------


def _filesystem(folder: str | Path) -> tuple[pafs.FileSystem, str]:
    """The filesystem and base path of a folder: a local path, or a URI (s3://, hdfs://, file://)."""
    text = str(folder)
    if "://" in text:
        fs, base = pafs.FileSystem.from_uri(text)
        return fs, base.rstrip("/")
    return pafs.LocalFileSystem(), Path(text).resolve().as_posix()


def write_part(docs: Sequence[AnnotatedArticle], folder: str | Path, name: str) -> dict[str, int]:
    """Write one part of every table; returns the rows written per table.

    Each file is written under a temporary name and then moved into place, so a retried
    Spark task or a crash never leaves half a file under a part name.
    """
    ids = [doc.article.id for doc in docs]
    if len(set(ids)) != len(ids):
        raise ParquetError(f"E311 part {name} holds an article id twice: drop exact duplicates before writing")
    fs, base = _filesystem(folder)
    counts = {}
    for table, rows in _rows(docs).items():
        fs.create_dir(f"{base}/{table}", recursive=True)
        final = f"{base}/{table}/{name}.parquet"
        temporary = f"{base}/{table}/.{name}.{uuid.uuid4().hex}.tmp"
        pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]), temporary, filesystem=fs, compression="zstd")
        fs.move(temporary, final)
        counts[table] = len(rows)
    return counts


def prepare_output(folder: str | Path) -> None:
    """Make ``folder`` ready for a new run: remove the manifest first, then our old part files.

    Anything else in the folder is left alone.
    """
    fs, base = _filesystem(folder)
    fs.create_dir(base, recursive=True)
    if fs.get_file_info(f"{base}/{MANIFEST}").type == pafs.FileType.File:
        fs.delete_file(f"{base}/{MANIFEST}")
    for table in TABLES:
        info = fs.get_file_info(pafs.FileSelector(f"{base}/{table}", allow_not_found=True))
        for item in info:
            if item.type == pafs.FileType.File and item.base_name.endswith((".parquet", ".tmp")):
                fs.delete_file(item.path)


def write_manifest(
    folder: str | Path,
    parts: Mapping[str, Mapping[str, int]],
    *,
    engine: str,
    stages: Sequence[str],
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Write the manifest that marks the output complete; writes empty parts if there are none."""
    if not parts:
        parts = {"part-00000": write_part([], folder, "part-00000")}
    rows = {table: sum(counts.get(table, 0) for counts in parts.values()) for table in TABLES}
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "engine": engine,
        "stages": list(stages),
        "written": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": rows,
        "parts": sorted(parts),
        **(extra or {}),
    }
    fs, base = _filesystem(folder)
    with fs.open_output_stream(f"{base}/{MANIFEST}") as stream:
        stream.write(json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8"))
    return manifest


def write_parquet(
    docs: Iterable[AnnotatedArticle],
    folder: str | Path,
    *,
    part_size: int = PART_SIZE,
    engine: str = "python",
    stages: Sequence[str] = (),
) -> dict[str, Any]:
    """Write annotated articles (unique ids) as a complete output folder; returns the manifest."""
    prepare_output(folder)
    parts: dict[str, dict[str, int]] = {}
    for number, batch in enumerate(batched(docs, part_size)):
        name = f"part-{number:05d}"
        parts[name] = write_part(batch, folder, name)
    return write_manifest(folder, parts, engine=engine, stages=stages)


def read_manifest(folder: str | Path) -> dict[str, Any]:
    """The manifest of a finished output folder."""
    fs, base = _filesystem(folder)
    try:
        with fs.open_input_stream(f"{base}/{MANIFEST}") as stream:
            manifest: dict[str, Any] = json.loads(stream.read())
    except FileNotFoundError:
        raise ParquetError(
            f"E312 {folder} has no {MANIFEST}: it is not a dateline Parquet output, or its run did not finish"
        ) from None
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise ParquetError(
            f"E313 {folder} holds {manifest.get('format')} version {manifest.get('version')}; "
            f"this dateline reads {FORMAT} version {FORMAT_VERSION}"
        )
    return manifest


def read_parquet(folder: str | Path) -> Iterator[AnnotatedArticle]:
    """The annotated articles of an output folder, part by part (memory holds one part)."""
    manifest = read_manifest(folder)
    fs, base = _filesystem(folder)
    for part in manifest["parts"]:
        tables = {
            table: pq.read_table(f"{base}/{table}/{part}.parquet", filesystem=fs, schema=SCHEMAS[table])
            for table in TABLES
        }
        yield from _docs(tables)


# --- annotating into Parquet --------------------------------------------------------------


@dataclass(slots=True)
class AnnotateReport:
    """What one `annotate --out` run did."""

    engine: str
    out: str
    read: int = 0
    annotated: int = 0
    exact_duplicates: int = 0
    skipped: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    parts: int = 0
    stages: dict[str, float] = field(default_factory=dict)  # stage -> seconds, summed over articles
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.engine}: read {self.read}, annotated {self.annotated}, "
            f"exact duplicates {self.exact_duplicates}, skipped {len(self.skipped)}; "
            f"wrote {self.parts} part(s) to {self.out} in {self.seconds:.1f}s"
        )

    def to_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data["skipped"] = [{"path": p.path, "line": p.line, "message": p.message} for p in self.skipped]
        return data


def add_stage_seconds(totals: dict[str, float], doc: AnnotatedArticle) -> None:
    for stage, counter, value in doc.stats:
        if counter == "seconds":
            totals[stage] = totals.get(stage, 0.0) + value


def annotate_to_parquet(
    inputs: Sequence[str],
    out_dir: str | Path,
    *,
    engine: str = "local",
    workers: int = 1,
    master: str | None = None,
    stages: Sequence[str] | None = None,
    options: ReadOptions = ReadOptions(),
    partitions: int | None = None,
    progress: Progress | None = None,
) -> AnnotateReport:
    """Read ``inputs``, annotate every article once (exact duplicates dropped) and write Parquet to ``out_dir``.

    ``engine="local"`` runs a pool of ``workers`` processes; ``engine="spark"`` runs the same
    stages on Spark (``master``: ``local[N]``, ``spark://host:7077``, ``yarn``, ...; default
    ``local[workers]``). Both write the same tables; the manifest is written last.
    """
    if engine == "local":
        from dateline.engines.local import LocalEngine

        with LocalEngine(stages, workers=workers) as local:
            return local_to_parquet(local, inputs, out_dir, options=options, progress=progress)
    if engine == "spark":
        from dateline.engines.spark import SparkEngine

        with SparkEngine(master or f"local[{max(1, workers)}]", stages, partitions=partitions) as spark:
            return spark.to_parquet(inputs, out_dir, options=options)
    raise ParquetError(f"E314 unknown engine {engine!r}; engines: local, spark")


def local_to_parquet(
    engine: LocalEngine,
    inputs: Sequence[str],
    out_dir: str | Path,
    *,
    options: ReadOptions = ReadOptions(),
    progress: Progress | None = None,
    part_size: int = PART_SIZE,
) -> AnnotateReport:
    """The local engine's run: read in order, drop exact duplicates, annotate in parts, write each part."""
    began = time.perf_counter()
    report = AnnotateReport("local", str(out_dir))
    prepare_output(out_dir)
    seen: set[str] = set()

    def articles() -> Iterator[Article]:
        for item in read_paths(inputs, options):
            if isinstance(item, Problem):
                report.skipped.append(item)
                continue
            report.read += 1
            if item.id in seen:
                report.exact_duplicates += 1
                continue
            seen.add(item.id)
            yield item

    parts: dict[str, dict[str, int]] = {}
    for number, batch in enumerate(batched(articles(), part_size)):
        docs = list(engine.annotate(list(batch)))
        for doc in docs:
            add_stage_seconds(report.stages, doc)
        name = f"part-{number:05d}"
        parts[name] = write_part(docs, out_dir, name)
        report.annotated += len(docs)
        if progress:
            progress(len(docs))
    names = [stage.name for stage in engine.stages]
    manifest = write_manifest(out_dir, parts, engine="local", stages=names)
    report.rows, report.parts = manifest["rows"], len(manifest["parts"])
    report.seconds = time.perf_counter() - began
    return report


# --- loading into a store -----------------------------------------------------------------


@dataclass(slots=True)
class LoadReport:
    """What one load did: every article of the output is counted exactly once."""

    read: int = 0
    new: int = 0
    replaced: int = 0  # already stored: annotations replaced by the output's
    near_duplicates: int = 0  # stored without annotations, pointing at their original
    exact_duplicates: int = 0  # same id earlier in this output
    unchanged: int = 0  # stored before as a near-duplicate: left as it is
    undated: int = 0
    stages: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    resolution: dict[str, Any] | None = None  # what corpus-level resolution did after the load

    @property
    def annotated(self) -> int:
        """Articles whose annotations were written (resolution should run when this is not 0)."""
        return self.new + self.replaced

    def summary(self) -> str:
        return (
            f"read {self.read}, new {self.new}, replaced {self.replaced}, near duplicates {self.near_duplicates}, "
            f"exact duplicates {self.exact_duplicates}, unchanged {self.unchanged} in {self.seconds:.1f}s"
        )

    def to_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data["annotated"] = self.annotated
        return data


def load_parquet(folder: str | Path, store: Store, *, batch_size: int = 256) -> LoadReport:
    """Bring an output folder into ``store``, one transaction per batch; idempotent.

    As ingest does: articles are keyed by content hash, near-duplicates of stored or earlier
    articles are stored without annotations and point at their original, and the input path
    is recorded as a copy. An article already stored as an original gets the output's
    annotations in place of its own. Corpus-level resolution is the caller's next step.
    """
    began = time.perf_counter()
    report = LoadReport()
    index = NearDuplicates()
    for key, data in store.signatures():
        index.add(key, NearDuplicates.from_bytes(data))
    seen: set[str] = set()
    for batch in batched(read_parquet(folder), batch_size):
        originals: list[AnnotatedArticle] = []
        duplicates: list[AnnotatedArticle] = []
        replaced: list[AnnotatedArticle] = []
        copies: list[tuple[str, Article]] = []
        signatures: list[tuple[str, bytes]] = []
        for doc in batch:
            article = doc.article
            report.read += 1
            copies.append((article.path or article.id, article))
            if article.id in seen:
                report.exact_duplicates += 1
                continue
            seen.add(article.id)
            add_stage_seconds(report.stages, doc)
            if store.has_article(article.id):
                if store.duplicate_of(article.id) is None:
                    replaced.append(doc)
                    report.replaced += 1
                else:
                    report.unchanged += 1
                continue
            report.undated += article.published is None
            minhash = signature(article.text)
            signatures.append((article.id, NearDuplicates.to_bytes(minhash)))
            original = index.original_of(minhash)
            if original is not None:
                duplicates.append(AnnotatedArticle(dataclasses.replace(article, duplicate_of=original)))
                report.near_duplicates += 1
            else:
                index.add(article.id, minhash)
                originals.append(doc)
                report.new += 1
        # Originals before their near-duplicates: the duplicates' foreign key points at them.
        store.write_batch([*originals, *duplicates], copies=copies, signatures=signatures)
        if replaced:
            store.replace_annotations(replaced)
    report.seconds = time.perf_counter() - began
    return report


if __name__ == "__main__":
    print(schema_markdown())  # noqa: T201
