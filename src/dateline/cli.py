"""The `dateline` command: thin wrappers over the public functions. Printing lives only here."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

import dateline
from dateline.ingest import FORMATS, ReadOptions
from dateline.ingest.readers import DEFAULT_FIELDS
from dateline.store import DEFAULT_DB, StoreError
from dateline.store.export import EXPORT_FORMATS, EXPORT_TABLES

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
    except (StoreError, dateline.IngestError, dateline.PipelineError, dateline.SchemaError) as error:
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
    str | None, typer.Option("--format", "-f", help=f"Input format: {', '.join(FORMATS)} (default: by file type).")
]
DateOption = Annotated[str | None, typer.Option("--date", help="Publication date (YYYY-MM-DD) for undated text.")]
FieldOption = Annotated[
    list[str] | None, typer.Option("--field", help="Column for a field in JSONL/CSV, e.g. text=body (repeatable).")
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
    columns = (SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
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
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes.")] = 1,
) -> None:
    """Read and annotate without a store; print one JSON object per article."""
    if output != "json":
        fail(f"unknown --format {output!r}; formats: json")
    options = _read_options(input_format, when, field)
    problems: list[dateline.Problem] = []
    with errors():
        for record in dateline.annotate(paths, options=options, workers=max(1, workers), problems=problems):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    for problem in problems:
        err.print(f"skipped {problem}", highlight=False, markup=False)
    if problems:
        raise typer.Exit(1)


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
        table.add_row(hit["id"][:12], hit["published"] or "?", hit["source"] or "", hit["snippet"].replace("\n", " "))
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
    for key in ("id", "published", "date_from", "source", "dateline_place", "url", "path", "duplicate_of"):
        if record.get(key):
            out.print(f"{key:>15}: {record[key]}", highlight=False)
    for copy in record["copies"]:
        if copy["path"] != record["path"]:
            out.print(
                f"{'copy':>15}: {copy['path']} ({copy['source'] or '?'}, {copy['published'] or '?'})", highlight=False
            )
    for dup in record["duplicates"]:
        out.print(
            f"{'near-duplicate':>15}: {dup['id']} ({dup['source'] or '?'}, {dup['published'] or '?'})", highlight=False
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
        out.print("sources: " + ", ".join(f"{name} ({n})" for name, n in counts["sources"].items()), highlight=False)
    for run in result["runs"][:3]:
        out.print(f"run {run['id']} {run['command']} at {run['started']}: {run['seconds']:.1f}s", highlight=False)
        for stage in run["stages"]:
            out.print(f"    {stage['stage']:<28} {stage['counter']:<10} {stage['value']:.3f}", highlight=False)


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
        out.print_json(data=result)
        return
    report = result["ingest"]
    out.print(
        f"[bold]dateline demo[/] — the bundled Libya corpus, {result['first_published']} to {result['last_published']}"
    )
    out.print(f"ingest: {report.summary()}", highlight=False)
    out.print(f"store: {db} — {result['sentences']} sentences, {result['timexes']} time expressions", highlight=False)
    out.print()
    out.print("[bold]Reported later, happened earlier[/] (sentences dated by when things happened):")
    for item in result["recalled"]:
        out.print(
            f"  {item['date']:<10} ← published {item['published']} ({item['source']}): {item['text']}",
            highlight=False,
            markup=False,
        )
    out.print()
    out.print(
        f"Try: dateline search Berlin --db {db}   ·   dateline show {result['example_id'][:12]} --db {db}",
        highlight=False,
    )


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
