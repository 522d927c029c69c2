"""Tables out of the store as CSV, JSON lines or Parquet."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from dateline.resolve.events import date_range
from dateline.store import EXPORT_TABLES, Store, StoreError

__all__ = ["EXPORT_FORMATS", "EXPORT_TABLES", "GDELT_COLUMNS", "export_rows", "export_table", "gdelt_rows"]

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


def _actor_columns(n: int) -> tuple[str, ...]:
    return tuple(
        f"Actor{n}{name}"
        for name in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    )


def _geo_columns(prefix: str) -> tuple[str, ...]:
    return tuple(
        f"{prefix}Geo_{name}"
        for name in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
    )


# The 61 columns of a GDELT 2.0 event record, in GDELT's order (GDELT Event Codebook V2.0).
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *_actor_columns(1), *_actor_columns(2),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *_geo_columns("Actor1"), *_geo_columns("Actor2"), *_geo_columns("Action"),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip


def _fraction(parts: list[str]) -> str:
    year, month, day = (int(p) for p in parts)
    return f"{year + (month - 1) / 12 + (day - 1) / 365:.4f}"


def gdelt_rows(rows: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """Real-world event rows (``dateline.events``) in GDELT 2.0 event columns.

    What GDELT has and we do not is left empty: Goldstein scale, tone, ethnic and religion codes,
    and the FIPS country codes of the geography columns (we keep ISO alpha-3 in the actor columns,
    as CAMEO actor codes do). SQLDATE is the day the event happened, not the day it was reported;
    a week-, month- or year-precise date becomes its first day. The id is the first 60 bits of ours.
    """
    for row in rows:
        first = date_range(row.get("date"), row.get("date_precision")) or date_range(row.get("published"))
        day = first[0].isoformat() if first else ""
        parts = day.split("-") if day else ["", "", ""]
        sqldate = "".join(parts)
        cameo = row.get("cameo") or ""
        out: dict[str, Any] = dict.fromkeys(GDELT_COLUMNS, "")
        out |= {
            "GLOBALEVENTID": int(row["id"][:15], 16),
            "SQLDATE": sqldate,
            "MonthYear": sqldate[:6],
            "Year": sqldate[:4],
            "FractionDate": f"{int(parts[0]) + (int(parts[1]) - 1) / 12 + (int(parts[2]) - 1) / 365:.4f}"
            if day
            else "",
            "IsRootEvent": 1,
            "EventCode": cameo,
            "EventBaseCode": cameo[:3],
            "EventRootCode": cameo[:2],
            "QuadClass": row.get("quad_class") or "",
            "NumMentions": row.get("reports") or 1,
            "NumSources": len({s.get("outlet") for s in row.get("sources", [])}) or 1,
            "NumArticles": row.get("articles") or 1,
            "DATEADDED": (row.get("published") or "").replace("-", "") + "000000" if row.get("published") else "",
            "SOURCEURL": row.get("url") or f"dateline:article/{row.get('article_id', '')}",
        }
        for n, side in ((1, "source"), (2, "target")):
            country, sector = row.get(f"{side}_country") or "", row.get(f"{side}_sector") or ""
            out[f"Actor{n}Code"] = country + sector
            out[f"Actor{n}Name"] = (row.get(f"{side}_name") or row.get(f"{side}_text") or "").upper()
            out[f"Actor{n}CountryCode"] = country
            out[f"Actor{n}Type1Code"] = sector
        if row.get("place"):
            out["ActionGeo_Type"] = 4 if row.get("place_latitude") is not None else ""
            out["ActionGeo_FullName"] = row["place"]
            out["ActionGeo_Lat"] = row.get("place_latitude") if row.get("place_latitude") is not None else ""
            out["ActionGeo_Long"] = row.get("place_longitude") if row.get("place_longitude") is not None else ""
            out["ActionGeo_FeatureID"] = row.get("place_geonameid") or ""
        yield out
