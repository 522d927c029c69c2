"""Tables out of the store as CSV, JSON lines or Parquet."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from dateline.store import EXPORT_TABLES, Store, StoreError

__all__ = ["EXPORT_FORMATS", "EXPORT_TABLES", "export_rows", "export_table"]

EXPORT_FORMATS = ("csv", "jsonl", "parquet")


def export_table(store: Store, table: str, format: str, out: str | Path | None = None) -> int:
    """Write one table to ``out`` (standard output when None; Parquet needs a file). Returns rows."""
    return export_rows(store.rows(table), format, out, columns=_table_columns(store, table))


def _table_columns(store: Store, table: str) -> list[str]:
    if table not in EXPORT_TABLES:
        raise StoreError(f"E108 unknown table {table!r}; tables: {', '.join(EXPORT_TABLES)}")
    return [row[1] for row in store.db.execute(f"PRAGMA table_info({table})")]


def export_rows(rows: Iterable[dict[str, Any]], format: str, out: str | Path | None, *, columns: list[str]) -> int:
    """Write rows in one of ``EXPORT_FORMATS``."""
    if format not in EXPORT_FORMATS:
        raise StoreError(f"E109 unknown export format {format!r}; formats: {', '.join(EXPORT_FORMATS)}")
    if format == "parquet":
        if out is None:
            raise StoreError("E110 Parquet is binary: give an output file with --out")
        return _parquet(rows, Path(out), columns)
    if out is None:
        return _write_text(rows, format, sys.stdout, columns)
    with Path(out).open("w", encoding="utf-8", newline="") as stream:
        return _write_text(rows, format, stream, columns)


def _write_text(rows: Iterable[dict[str, Any]], format: str, stream: IO[str], columns: list[str]) -> int:
    count = 0
    if format == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(_flat(row))
        count += 1
    return count


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """Lists and objects (aliases, roles, warnings) as JSON text, for flat formats."""
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()}


def _parquet(rows: Iterable[dict[str, Any]], out: Path, columns: list[str]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [_flat(row) for row in rows]
    table = pa.Table.from_pylist(records) if records else pa.table({c: pa.array([], pa.string()) for c in columns})
    pq.write_table(table, out)
    return len(records)
