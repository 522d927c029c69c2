"""The `dateline` command: thin wrappers over the public functions. Printing lives only here."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

import dateline
from dateline.engines.parquet import ParquetError
from dateline.engines.spark import SparkUnavailableError
from dateline.ingest import FORMATS, ReadOptions
from dateline.ingest.readers import DEFAULT_FIELDS
from dateline.store import DEFAULT_DB, StoreError
from dateline.store.export import EXPORT_FORMATS, EXPORT_TABLES
from dateline.timeline.render import FORMATS as TIMELINE_FORMATS
from dateline.timeline.render import RenderError
from dateline.timeline.render import render as render_timeline
from dateline.timeline.select import TimelineError

app = typer.Typer(
    name="dateline",
    help="Turn dated news reports into a sourced record of a crisis and a dated timeline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[Path, typer.Option("--db", help="The SQLite store.", envvar="DATELINE_DB")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary.")]


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


@contextmanager
def errors() -> Iterator[None]:
    """Known failures become one clear line and exit code 2, never a traceback."""
    try:
        yield
    except (
        StoreError,
        dateline.IngestError,
        dateline.PipelineError,
        dateline.SchemaError,
        TimelineError,
        RenderError,
        ParquetError,
        SparkUnavailableError,
    ) as error:
        fail(str(error))


def _read_options(format: str | None, when: str | None, field: list[str] | None) -> ReadOptions:
    if format is not None and format not in FORMATS:
        fail(f"unknown --format {format!r}; formats: {', '.join(FORMATS)}")
    given = None
    if when:
        try:
            given = date.fromisoformat(when)
        except ValueError:
            fail(f"--date {when!r} is not a YYYY-MM-DD date")
    pairs = []
    for item in field or ():
        name, sep, column = item.partition("=")
        if not sep or name not in DEFAULT_FIELDS:
            fail(f"--field {item!r}: expected NAME=COLUMN with NAME one of {', '.join(DEFAULT_FIELDS)}")
        pairs.append((name, column))
    return ReadOptions(format=format, date=given, fields=tuple(pairs))


FormatOption = Annotated[
    str | None,
    typer.Option("--format", "-f", help=f"Input format: {', '.join(FORMATS)} (default: by file type)."),
]
DateOption = Annotated[str | None, typer.Option("--date", help="Publication date (YYYY-MM-DD) for undated text.")]
FieldOption = Annotated[
    list[str] | None,
    typer.Option("--field", help="Column for a field in JSONL/CSV, e.g. text=body (repeatable)."),
]


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, feed URLs or - for standard input.")],
    db: DbOption = Path(DEFAULT_DB),
    format: FormatOption = None,
    when: DateOption = None,
    field: FieldOption = None,
    no_annotate: Annotated[bool, typer.Option("--no-annotate", help="Only store; annotate later.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes (default: all cores).")] = 0,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Articles per transaction.")] = 64,
    strict: Annotated[bool, typer.Option("--strict", help="Store nothing if any input is bad.")] = False,
    allow_undated: Annotated[
        bool, typer.Option("--allow-undated", help="Store articles with no date (flagged).")
    ] = False,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Read, deduplicate, annotate and store articles (idempotent: re-running adds nothing)."""
    options = _read_options(format, when, field)
    with errors(), _progress(quiet or as_json, "reading") as advance:
        report = dateline.ingest(
            paths,
            db=db,
            options=options,
            annotate=not no_annotate,
            workers=workers or None,
            batch_size=max(1, batch_size),
            strict=strict,
            allow_undated=allow_undated,
            progress=advance,
        )
    for problem in report.skipped:
        err.print(f"skipped {problem}", highlight=False, markup=False)
    if as_json:
        out.print_json(data=report.to_json())
    elif not quiet:
        for warning in report.warnings[:20]:
            err.print(f"warning: {warning}", highlight=False, markup=False)
        if len(report.warnings) > 20:
            err.print(f"warning: … and {len(report.warnings) - 20} more", highlight=False)
        out.print(report.summary(), highlight=False)
    if report.skipped:
        raise typer.Exit(1)


@contextmanager
def _progress(hidden: bool, label: str) -> Iterator[Any]:
    if hidden or not err.is_terminal:
        yield None
        return
    columns = (
        SpinnerColumn(),
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda n: bar.advance(task, n)


@app.command()
def annotate(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs or - for standard input.")],
    output: Annotated[str, typer.Option("--format", "-f", help="Output: json (one object per line).")] = "json",
    input_format: Annotated[
        str | None, typer.Option("--input-format", help=f"Input format: {', '.join(FORMATS)} (default: by file type).")
    ] = None,
    when: DateOption = None,
    field: FieldOption = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes (Spark: local[N]).")] = 1,
    engine: Annotated[str, typer.Option("--engine", help="local (a process pool) or spark.")] = "local",
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write Parquet tables to this folder instead of JSON lines.")
    ] = None,
    master: Annotated[
        str | None, typer.Option("--master", help="Spark master: local[N], spark://host:7077, yarn, ...")
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Read and annotate without a store: JSON lines on standard output, or Parquet tables with --out."""
    if output != "json":
        fail(f"unknown --format {output!r}; formats: json")
    if engine not in ("local", "spark"):
        fail(f"unknown --engine {engine!r}; engines: local, spark")
    options = _read_options(input_format, when, field)
    if out_dir is not None:
        with errors(), _progress(quiet or engine != "local", "annotating") as advance:
            report = dateline.annotate_parquet(
                paths, out_dir, engine=engine, workers=max(1, workers), master=master, options=options, progress=advance
            )
        for problem in report.skipped:
            err.print(f"skipped {problem}", highlight=False, markup=False)
        if not quiet:
            out.print(report.summary(), highlight=False)
        if report.skipped:
            raise typer.Exit(1)
        return
    if engine == "spark" or master:
        fail("--engine spark writes Parquet: give an output folder with --out")
    problems: list[dateline.Problem] = []
    with errors():
        for record in dateline.annotate(paths, options=options, workers=max(1, workers), problems=problems):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    for problem in problems:
        err.print(f"skipped {problem}", highlight=False, markup=False)
    if problems:
        raise typer.Exit(1)


@app.command()
def load(
    folder: Annotated[Path, typer.Argument(help="A Parquet output folder of `dateline annotate --out`.")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Bring annotated Parquet (local or Spark) into the store, idempotently, then resolve the corpus."""
    with errors():
        report = dateline.load(folder, db=db)
    if as_json:
        out.print_json(data=report.to_json())
    elif not quiet:
        out.print(report.summary(), highlight=False)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", or FTS5 syntax (AND, OR, NEAR, prefix*).')],
    db: DbOption = Path(DEFAULT_DB),
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many results.")] = 20,
    date_from: Annotated[str | None, typer.Option("--from", help="Published on or after (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Published on or before (YYYY-MM-DD).")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Only this outlet.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over the stored articles."""
    with errors():
        hits = dateline.search(query, db=db, limit=limit, date_from=date_from, date_to=date_to, source=source)
    if as_json:
        out.print_json(data=hits)
        return
    if not hits:
        out.print(f"no article matches {query!r}", highlight=False)
        return
    table = Table("id", "published", "source", "snippet", box=None, show_header=True)
    for hit in hits:
        table.add_row(
            hit["id"][:12],
            hit["published"] or "?",
            hit["source"] or "",
            hit["snippet"].replace("\n", " "),
        )
    out.print(table)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="An article id or a unique prefix of it (at least 4 characters).")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """One article with its metadata, annotations and duplicates."""
    with errors():
        record = dateline.show(article_id, db=db)
    if record is None:
        fail(f"no article with id {article_id!r} (or the prefix is ambiguous)", code=1)
    if as_json:
        out.print_json(data=record)
        return
    out.print(f"[bold]{record['title'] or '(no title)'}[/]")
    for key in (
        "id",
        "published",
        "date_from",
        "source",
        "dateline_place",
        "url",
        "path",
        "duplicate_of",
    ):
        if record.get(key):
            out.print(f"{key:>15}: {record[key]}", highlight=False)
    for copy in record["copies"]:
        if copy["path"] != record["path"]:
            out.print(
                f"{'copy':>15}: {copy['path']} ({copy['source'] or '?'}, {copy['published'] or '?'})",
                highlight=False,
            )
    for dup in record["duplicates"]:
        out.print(
            f"{'near-duplicate':>15}: {dup['id']} ({dup['source'] or '?'}, {dup['published'] or '?'})",
            highlight=False,
        )
    out.print()
    out.print(record["text"], highlight=False, markup=False)
    if record["timexes"]:
        out.print()
        out.print("[bold]time expressions[/]")
        for timex in record["timexes"]:
            out.print(
                f"  {timex['text']!r:<28} {timex['type']:<9} {timex['value']:<14} ({timex['how']})",
                highlight=False,
                markup=False,
            )


@app.command()
def stats(db: DbOption = Path(DEFAULT_DB), as_json: JsonOption = False) -> None:
    """What the store holds and what the last runs did, stage by stage."""
    with errors():
        result = dateline.stats(db=db)
    if as_json:
        out.print_json(data=result)
        return
    counts = result["counts"]
    table = Table("what", "count", box=None)
    for key, value in counts.items():
        if key != "sources":
            table.add_row(key.replace("_", " "), str(value))
    out.print(table)
    if counts["sources"]:
        out.print(
            "sources: " + ", ".join(f"{name} ({n})" for name, n in counts["sources"].items()),
            highlight=False,
        )
    for run in result["runs"][:3]:
        out.print(
            f"run {run['id']} {run['command']} at {run['started']}: {run['seconds']:.1f}s",
            highlight=False,
        )
        for stage in run["stages"]:
            out.print(
                f"    {stage['stage']:<28} {stage['counter']:<10} {stage['value']:.3f}",
                highlight=False,
            )


@app.command()
def export(
    table: Annotated[str, typer.Option("--table", "-t", help=f"One of: {', '.join(EXPORT_TABLES)}.")] = "articles",
    format: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(EXPORT_FORMATS)}.")] = "csv",
    output: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: standard output).")] = None,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Export a table as CSV, JSON lines or Parquet."""
    with errors():
        rows = dateline.export(table, format, db=db, out=output)
    if output is not None:
        err.print(f"wrote {rows} rows to {output}", highlight=False)


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="Where to build the demo store (replaced if it exists).")] = Path(
        "dateline-demo.db"
    ),
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes (default: all cores).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Ingest the bundled Libya sample corpus into a fresh store and summarise what dateline found."""
    with errors():
        result = dateline.demo(db=db, workers=workers or None)
    if as_json:
        out.print_json(data={**result, "ingest": result["ingest"].to_json()})
        return
    report, counts = result["ingest"], result["counts"]
    out.print(
        f"[bold]dateline demo[/] — the bundled Libya corpus, {counts['first_published']} to {counts['last_published']}"
    )
    out.print(f"ingest: {report.summary()}", highlight=False)
    out.print(
        f"store: {db} — {counts['sentences']} sentences, {counts['timexes']} time expressions, "
        f"{counts['entities']} entity mentions of {counts['actors']} actors, {counts['places']} places, "
        f"{counts['quotes']} quotes, {counts['events']} coded events",
        highlight=False,
    )
    kinds = ", ".join(f"{n} {kind}" for kind, n in result["event_types"].items())
    out.print(
        f"events: {result['events']} real-world events ({kinds}); "
        f"{result['events_with_several_reports']} reported by more than one article",
        highlight=False,
    )
    out.print()
    out.print("[bold]Who is involved[/] (mentions, articles):")
    width = max((len(actor["name"]) for actor in result["actors"]), default=0)
    for actor in result["actors"]:
        where = "/".join(filter(None, (actor["country"], actor["sector"])))
        out.print(
            f"  {actor['name']:<{width}}  {where:<8} {actor['mentions']:>4} {actor['articles']:>4}",
            highlight=False,
            markup=False,
        )
    out.print()
    out.print("[bold]Reported later, happened earlier[/] (sentences dated by when things happened):")
    for item in result["recalled"]:
        out.print(
            f"  {item['date']:<10} ← published {item['published']} ({item['source']}): {_ellipsis(item['text'], 90)}",
            highlight=False,
            markup=False,
        )
    out.print()
    days = len(result["timeline"])
    out.print(f"[bold]Timeline[/] ({days} days chosen from the data, one sentence each; `dateline timeline` for more):")
    for entry in result["timeline"]:
        sources = ", ".join(sorted({s.get("outlet") or "?" for s in entry["sources"]}))
        out.print(
            f"  {entry['date']}  {_ellipsis(entry['sentences'][0], 96)} ({sources})",
            highlight=False,
            markup=False,
        )
    out.print()
    out.print(
        f"Try: dateline events --db {db}   ·   dateline explain {result['example_event'][:10]} --db {db}   ·   "
        f"dateline show {result['example_id'][:12]} --db {db}   ·   dateline timeline Sirte --db {db}",
        highlight=False,
    )


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a YYYY-MM-DD date")


def _partial_date(value: str | None, option: str) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD, as event dates have those precisions."""
    if value is not None and not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", value):
        fail(f"{option} {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return value


@app.command()
def timeline(
    query: Annotated[str | None, typer.Argument(help="Words the articles must contain (full-text).")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Only sentences about this actor (name or id).")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Only sentences naming this place.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD).")] = None,
    dates: Annotated[int | None, typer.Option("--dates", "-n", help="Number of days (default: from the data).")] = None,
    sentences: Annotated[
        int | None,
        typer.Option("--sentences", "-k", help="Sentences per day (default: from the data)."),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(TIMELINE_FORMATS)}.")] = "text",
    width: Annotated[int, typer.Option("--width", help="Text width for --format text.")] = 0,
    output: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: standard output).")] = None,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """The most important days for a topic, actor or place, each with its best sentences and sources."""
    if format not in TIMELINE_FORMATS:
        fail(f"unknown --format {format!r}; formats: {', '.join(TIMELINE_FORMATS)}")
    with errors():
        result = dateline.timeline(
            query,
            db=db,
            actor=actor,
            place=place,
            date_from=_day(date_from, "--from"),
            date_to=_day(date_to, "--to"),
            n_dates=dates,
            n_sentences=sentences,
        )
    if result.message:
        # Nothing found is an answer, not an error: say why on standard error and exit 0.
        err.print(f"empty timeline: {result.message}", highlight=False, markup=False)
        if format in ("json", "timelinejs"):
            sys.stdout.write(render_timeline((), format, title=result.query.describe()) + "\n")
        return
    title = f"Timeline: {result.query.describe()}"
    meta = {"query": result.query.describe(), "articles": result.articles}
    text = render_timeline(result.entries, format, title=title, width=width or min(out.width, 100), meta=meta)
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {len(result.entries)} days to {output}", highlight=False)


@app.command()
def events(
    actor: Annotated[str | None, typer.Option("--actor", help="Source or target actor (name, alias or id).")] = None,
    country: Annotated[str | None, typer.Option("--country", help="ISO alpha-3 of the source or target.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. ASSAULT.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Where it happened.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Happened on or after (YYYY[-MM[-DD]]).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Happened on or before (YYYY[-MM[-DD]]).")] = None,
    negated: Annotated[bool, typer.Option("--negated", help="Also events reported as not happening.")] = False,
    min_confidence: Annotated[
        float | None,
        typer.Option("--min-confidence", help="Only events with at least this confidence (0..1, a ranking score)."),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="At most this many events.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="One of: table, csv, jsonl, parquet, gdelt.")] = "table",
    output: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: standard output).")] = None,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Who did what to whom, when and where: one row per real-world event, with its reports."""
    if format not in ("table", "gdelt", *EXPORT_FORMATS):
        fail(f"unknown --format {format!r}; formats: table, csv, jsonl, parquet, gdelt")
    with errors():
        rows = dateline.events(
            db=db,
            actor=actor,
            country=country,
            type=type,
            place=place,
            date_from=_partial_date(date_from, "--from"),
            date_to=_partial_date(date_to, "--to"),
            include_negated=negated,
            min_confidence=min_confidence,
            limit=limit,
        )
        if format != "table":
            count = dateline.export_events(rows, format, output)
            if output is not None:
                err.print(f"wrote {count} events to {output}", highlight=False)
            return
    if not rows:
        out.print("no event matches", highlight=False)
        return
    for row in rows:
        flags = "".join(f" [{f}]" for f in ("hypothetical", "future", "negated") if row[f])
        what = row["type"] + (f"/{row['mode']}" if row["mode"] else "") + flags
        source = row["source_name"] or row["source_text"] or "?"
        target = row["target_name"] or row["target_text"] or "?"
        where = f" in {row['place']}" if row["place"] else ""
        reports = f"{row['reports']} report{'s' if row['reports'] != 1 else ''}"
        out.print(
            f"{row['date'] or '?':<10}  {what:<16} {source} → {target}{where}  ({reports}, {row['id'][:10]})",
            highlight=False,
            markup=False,
        )
        snippet = _around(row["sentence_text"] or "", row["trigger"] or "", 100)
        out.print(f"{'':<12}{snippet}", highlight=False, markup=False)


def _print_columns(headers: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Aligned columns that never wrap or truncate (rich tables squeeze to 80 columns when piped)."""
    cells = [headers, *(tuple("" if v is None else str(v) for v in row) for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        line = "  ".join(
            value.rjust(w) if value.isdigit() else value.ljust(w) for value, w in zip(row, widths, strict=True)
        )
        out.print(line.rstrip(), highlight=False, markup=False)


def _ellipsis(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _around(text: str, trigger: str, width: int) -> str:
    """``text`` cut to ``width`` characters so that it shows ``trigger`` (a long sentence's event may be at its end)."""
    text = " ".join(text.split())
    at = text.find(" ".join(trigger.split())) if trigger else -1
    if len(text) <= width or at < 0 or at + len(trigger) < width - 1:
        return _ellipsis(text, width)
    start = max(1, min(at - width // 3, len(text) - width + 1))
    return _ellipsis("…" + text[start:], width)


@app.command()
def explain(
    event_id: Annotated[str, typer.Argument(help="An event id (from `dateline events`) or a unique prefix.")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """Why an event was coded: its sentence, trigger, actors, rule steps, date and every report."""
    with errors():
        record = dateline.explain(event_id, db=db)
    if record is None:
        fail(f"no event with id {event_id!r} (or the prefix is ambiguous)", code=1)
    if as_json:
        out.print_json(data=record)
        return
    flags = [f for f in ("negated", "hypothetical", "future", "reported") if record[f]]
    out.print(
        f"[bold]{record['type']}[/]"
        + (f" / {record['mode']}" if record["mode"] else "")
        + f"  CAMEO {record['cameo'] or '-'} (quad class {record['quad_class'] or '-'})"
        + (f"  flags: {', '.join(flags)}" if flags else "")
    )
    sentence, base = record["sentence_text"] or "", record["sentence_start"] or 0
    lo, hi = record["trigger_start"] - base, record["trigger_end"] - base
    marked = f"{sentence[:lo]}[[{sentence[lo:hi]}]]{sentence[hi:]}" if 0 <= lo <= hi <= len(sentence) else sentence
    out.print(
        f"sentence {record['sentence']} of {record['article_id'][:12]} ({record['outlet'] or '?'}, "
        f"published {record['published']}):",
        highlight=False,
    )
    out.print(f"  {marked}", highlight=False, markup=False)
    for side in ("source", "target"):
        actor = record[f"{side}_actor"]
        described = (
            f"{actor['name']} ({actor['kind']}, {actor['country'] or '?'}, {actor['sector'] or '?'})" if actor else "-"
        )
        out.print(
            f"{side:>8}: {record[f'{side}_text'] or '-'} → {described}",
            highlight=False,
            markup=False,
        )
    out.print(
        f"{'date':>8}: {record['date'] or '?'} ({record['date_precision'] or '?'}, from {record['date_from']})",
        highlight=False,
    )
    out.print(f"{'place':>8}: {record['place'] or '-'}", highlight=False)
    out.print(f"{'why':>8}: confidence {record['confidence']:.2f}", highlight=False)
    for step in record["steps"]:
        out.print(f"          - {step}", highlight=False, markup=False)
    if len(record["reports"]) > 1:
        out.print(f"reported {len(record['reports'])} times:", highlight=False)
        for report in record["reports"]:
            out.print(
                f"  {report['published']} {report['outlet'] or '?'} {report['article_id'][:12]}: "
                f"{_ellipsis(report['text'] or '', 80)}",
                highlight=False,
                markup=False,
            )


@app.command()
def entities(
    kind: Annotated[str | None, typer.Option("--kind", help="PERSON, ORG, GROUP or COUNTRY.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="ISO alpha-3, e.g. LBY.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 50,
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """The actors of the corpus, most named first, with country, sector and when they were reported."""
    with errors():
        rows = dateline.entities(db=db, kind=kind, country=country, limit=limit)
    if as_json:
        out.print_json(data=rows)
        return
    _print_columns(
        ("actor", "kind", "country", "sector", "mentions", "articles", "first", "last", "id"),
        [
            (
                r["name"],
                r["kind"],
                r["country"],
                r["sector"],
                r["mentions"],
                r["articles"],
                r["first"],
                r["last"],
                r["id"],
            )
            for r in rows
        ],
    )


@app.command()
def entity(
    name: Annotated[str, typer.Argument(help="An actor's id, name or alias (the most named match is shown).")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """One actor: aliases, roles, country and sector, mentions over time, quotes, events, company kept."""
    with errors():
        profile = dateline.entity(name, db=db)
    if profile is None:
        fail(f"no actor matches {name!r}", code=1)
    if as_json:
        out.print_json(data=profile)
        return
    where = ", ".join(filter(None, (profile["kind"], profile["country"], profile["sector"])))
    out.print(f"[bold]{profile['name']}[/] ({where}) — {profile['id']}", highlight=False)
    if profile["aliases"]:
        out.print(f"also: {', '.join(profile['aliases'])}", highlight=False, markup=False)
    for role in profile.get("roles") or []:
        span = f"{role.get('start') or '…'}–{role.get('end') or ''}"
        out.print(
            f"role: {role['title']} ({role.get('country') or '?'}, {span})",
            highlight=False,
            markup=False,
        )
    out.print(
        f"{profile['mentions']} mentions in {profile['articles']} articles, {profile['first']} to {profile['last']}; "
        "by month: " + ", ".join(f"{month} {n}" for month, n in profile["mentions_by_month"]),
        highlight=False,
    )
    for label, key in (("as source", "events_as_source"), ("as target", "events_as_target")):
        for event in profile[key][:10]:
            out.print(
                f"event {label}: {event['date'] or '?'} {event['type']} {event['other_name'] or event['other'] or ''}"
                f" ({event['trigger']})",
                highlight=False,
                markup=False,
            )
    for quote in profile["quotes"][:10]:
        mark = '"' if quote["direct"] else ""
        out.print(
            f"said {quote['published']} ({quote['source'] or '?'}): {mark}{_ellipsis(quote['content'], 100)}{mark}",
            highlight=False,
            markup=False,
        )
    if profile["co_actors"]:
        named = ", ".join(f"{a['name']} ({a['sentences']})" for a in profile["co_actors"][:10])
        out.print(f"named with: {named}", highlight=False, markup=False)


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option("--speaker", help="Speaker's name, alias or id.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Published on or after (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Published on or before (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 100,
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """Who said what: quotes and reported speech with their speakers, by publication date."""
    with errors():
        rows = dateline.quotes(
            db=db,
            speaker=speaker,
            date_from=_partial_date(date_from, "--from"),
            date_to=_partial_date(date_to, "--to"),
            limit=limit,
        )
    if as_json:
        out.print_json(data=rows)
        return
    if not rows:
        out.print("no quote matches", highlight=False)
    for row in rows:
        who = row["speaker_name"] or row["speaker_text"] or "?"
        content = f'"{row["content"]}"' if row["direct"] else row["content"]
        out.print(
            f"{row['published']} {who} ({row['cue'] or '?'}, {row['outlet'] or '?'}): {_ellipsis(content, 110)}",
            highlight=False,
            markup=False,
        )


@app.command()
def places(
    country: Annotated[str | None, typer.Option("--country", help="ISO alpha-3, e.g. LBY.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 100,
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """Places named in the corpus, geocoded (GeoNames id, country, coordinates), most named first."""
    with errors():
        rows = dateline.places(db=db, country=country, limit=limit)
    if as_json:
        out.print_json(data=rows)
        return
    _print_columns(
        ("place", "country", "kind", "latitude", "longitude", "geonames", "mentions", "articles"),
        [
            (
                r["name"],
                r["country"],
                r["feature"],
                None if r["latitude"] is None else f"{r['latitude']:.3f}",
                None if r["longitude"] is None else f"{r['longitude']:.3f}",
                r["geonameid"],
                r["mentions"],
                r["articles"],
            )
            for r in rows
        ],
    )


@app.command()
def serve(
    db: DbOption = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option("--host", help="Interface to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
) -> None:
    """The web explorer: search, timeline, events, entities, articles, map and run statistics in a browser."""
    from dateline.web import serve as serve_web

    with errors():
        err.print(
            f"dateline explorer on http://{host}:{port}/ (store {db}, read-only); Ctrl-C stops it", highlight=False
        )
        serve_web(db, host=host, port=port)


@app.command()
def timeml(
    in_dir: Annotated[Path, typer.Argument(help="Folder of TempEval-3 .tml files (searched recursively).")],
    out_dir: Annotated[Path, typer.Argument(help="Where to write the tagged .tml files (same layout).")],
) -> None:
    """Tag TempEval-3 TimeML files with our TIMEX3 expressions (the gold tags are dropped)."""
    problems = dateline.timeml(in_dir, out_dir)
    for problem in problems:
        err.print(f"skipped {problem}", highlight=False, markup=False)
    if problems:
        raise typer.Exit(1)


eval_app = typer.Typer(help="Score the NLP stages on gold data (see the README's quality table).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("timex")
def eval_timex(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold TempEval-3 .tml files.")],
    as_json: JsonOption = False,
) -> None:
    """TempEval-3 figures of our time expressions: extents (strict, relaxed), type and value."""
    from dateline.evaluate.timeml import evaluate_timex

    result = evaluate_timex(gold_dir)
    problems = result.pop("problems")
    for problem in problems:
        err.print(f"problem: {problem}", highlight=False, markup=False)
    if as_json:
        out.print_json(data=result)
    else:
        out.print(f"{result['files']} files, {result['gold']} gold and {result['system']} system expressions")
        table = Table("", "precision", "recall", "F1", box=None)
        for kind in ("strict", "relaxed"):
            table.add_row(kind, *(f"{result[f'{kind}_{m}']:.4f}" for m in ("precision", "recall", "f1")))
        out.print(table)
        for attribute in ("type", "value"):
            out.print(
                f"{attribute}: accuracy {result[f'{attribute}_accuracy']:.4f}, F1 {result[f'{attribute}_f1']:.4f}",
                highlight=False,
            )
    if not result["files"]:
        raise typer.Exit(1)


@eval_app.command("tls")
def eval_tls(
    root: Annotated[Path, typer.Argument(help="Timeline17-style folder: <topic>/InputDocs, <topic>/timelines.")],
    rouge: Annotated[str, typer.Option("--rouge", help="perl (ROUGE-1.5.5 via tilse) or python.")] = "perl",
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Only this topic (repeatable).")] = None,
    cache: Annotated[Path | None, typer.Option("--cache", help="Folder to cache annotated articles in.")] = None,
    reference_dates: Annotated[
        bool,
        typer.Option(
            "--reference-dates",
            help="Diagnostic: summarise the reference's own dates, so ROUGE scores the summaries alone "
            "and date recall is the share of reference dates the articles have a sentence for.",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Timeline summarisation scores (align+ m:1 and concat ROUGE, date F1) against reference timelines."""
    from dateline.evaluate.tls import TLSError, evaluate_tls, report_lines

    try:
        result = evaluate_tls(root, cache=cache, rouge=rouge, topics=topic or (), reference_dates=reference_dates)
    except TLSError as error:
        fail(str(error))
    if as_json:
        out.print_json(data=result)
    else:
        for line in report_lines(result):
            out.print(line, highlight=False)


# The scorers below take their own arguments (python -m dateline.evaluate.X --help): pass them through.
_EXTRA_ARGS = {"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []}


# The scorers that keep their own argument parsers: `dateline eval NAME ...` is `python -m dateline.evaluate.NAME ...`.
_PASSTHROUGH = {
    "ner": "Entities on re3d",
    "events": "PLOVER and CAMEO event coding",
    "quotes": "Quote attribution on PolNeAR",
    "sample": "Every stage on the sample corpus's hand-made gold",
    "resolution": "Cross-article event resolution on the sample corpus",
    "geo": "Geocoding on LGL",
    "precision": "Event precision on judged Timeline17 events, outside our home domain",
}


def _passthrough(module: str) -> Callable[[typer.Context], None]:
    def command(ctx: typer.Context) -> None:
        import importlib

        code = importlib.import_module(f"dateline.evaluate.{module}").main(ctx.args)
        raise typer.Exit(code or 0)

    return command


for _name, _what in _PASSTHROUGH.items():
    eval_app.command(
        _name,
        context_settings=_EXTRA_ARGS,
        add_help_option=False,
        help=f"{_what} (arguments as `python -m dateline.evaluate.{_name} --help`).",
    )(_passthrough(_name))


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
