"""One reader per input kind, each yielding Articles, or Problems for what it could not read.

A reader never raises on bad input: it yields a ``Problem`` naming the file (and line)
and goes on, so one broken file never stops a batch.
"""

from __future__ import annotations

import csv
import email.utils
import glob
import gzip
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from dateline.ingest.seed import is_seed, parse_dateline, parse_seed
from dateline.model import Article, article_id

__all__ = [
    "FORMATS",
    "Problem",
    "ReadOptions",
    "detect_format",
    "expand_paths",
    "parse_date",
    "read_csv",
    "read_feed",
    "read_html",
    "read_jsonl",
    "read_paths",
    "read_text",
    "read_warc",
]

csv.field_size_limit(2**28)


@dataclass(frozen=True, slots=True)
class Problem:
    """Input that could not be read, and why."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read: a forced format, a date for undated text, field names for tables."""

    format: str | None = None
    date: date | None = None
    fields: tuple[tuple[str, str], ...] = ()  # (our name, their column)


Item = Article | Problem

DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext"),
    "date": ("date", "published", "publish_date", "pubdate", "date_publish", "published_at"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "source": ("source", "outlet", "publisher", "agency"),
}

_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_BINARY_SNIFF = 8192


def parse_date(value: object) -> date | None:
    """A publication date from the many ways exports write one; None when it is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        # Epoch seconds (or milliseconds, as JavaScript exports write them).
        seconds = value / 1000 if value > 10**11 else value
        return datetime.fromtimestamp(seconds).date()
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    for pattern in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%m/%d/%Y", "%Y%m%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _make(
    text: str,
    *,
    published: date | None,
    date_from: str,
    path: str,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    dateline_place: str | None = None,
    warnings: Iterable[str] = (),
) -> Item:
    text = text.strip("\ufeff\n\r\t ")
    if not text.strip():
        return Problem(path, "no text")
    return Article(
        id=article_id(text),
        text=text,
        published=published,
        date_from=date_from if published else "unknown",
        source=source or None,
        dateline_place=dateline_place,
        title=(title or "").strip() or None,
        url=url or None,
        path=path,
        warnings=tuple(warnings),
    )


# --- text and the seed format ---------------------------------------------------------


def read_text(raw: str, path: str, options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """A plain-text or seed-format article.

    The date comes from the `` date`` header, else ``--date``, else the file name
    (``2020-06-16_x.txt``, ``20200616-x.txt``), else a folder named like a date.
    """
    header_date, body, warnings = parse_seed(raw)
    published, date_from = header_date, "header"
    if published is None:
        published, date_from = _date_from_path(path, options.date)
    dateline = parse_dateline(body.lstrip())
    place = source = None
    if dateline:
        place, source = dateline.place, dateline.agency
        if published and (published.month, published.day) != (dateline.month, dateline.day):
            warnings.append(
                f"header date {published.isoformat()} disagrees with the dateline "
                f"({place}, month {dateline.month} day {dateline.day})"
            )
    if published is None:
        warnings.append("no publication date: give --date, a dated file name or a dated folder")
    yield _make(
        body,
        published=published,
        date_from=date_from,
        path=path,
        source=source,
        dateline_place=place,
        warnings=warnings,
    )


def _date_from_path(path: str, given: date | None) -> tuple[date | None, str]:
    if given:
        return given, "option"
    parts = Path(path).parts
    for kind, part in (("filename", parts[-1]), *(("folder", p) for p in reversed(parts[:-1]))):
        match = _DATE_IN_NAME.search(part)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3])), kind
            except ValueError:
                continue
    return None, "unknown"


# --- tables: JSON lines and CSV ---------------------------------------------------------


def _field_map(options: ReadOptions) -> dict[str, tuple[str, ...]]:
    fields = dict(DEFAULT_FIELDS)
    for name, column in options.fields:
        fields[name] = (column,)
    return fields


def _pick(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        if record.get(name) not in (None, ""):
            return record[name]
    return None


def _from_record(
    record: Mapping[str, Any], path: str, line: int, fields: dict[str, tuple[str, ...]], options: ReadOptions
) -> Item:
    text = _pick(record, fields["text"])
    if not isinstance(text, str) or not text.strip():
        return Problem(path, f"no text in fields {', '.join(fields['text'])}", line)
    raw_date = _pick(record, fields["date"])
    published = parse_date(raw_date)
    date_from = "field"
    warnings = []
    if published is None and raw_date is not None:
        warnings.append(f"line {line}: date {raw_date!r} is not a date")
    if published is None and options.date:
        published, date_from = options.date, "option"
    item = next(read_text(text, path, ReadOptions(date=published)))
    if isinstance(item, Problem):
        return replace(item, line=line)
    return replace(
        item,
        date_from=date_from if item.date_from == "option" else item.date_from,
        title=_str(_pick(record, fields["title"])),
        url=_str(_pick(record, fields["url"])),
        source=_str(_pick(record, fields["source"])) or item.source,
        path=f"{path}:{line}",
        warnings=(*warnings, *item.warnings) if published is None else tuple(warnings),
    )


def _str(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def read_jsonl(raw: str, path: str, options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """One article per JSON object per line."""
    fields = _field_map(options)
    for line_number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Problem(path, f"malformed JSON ({error.msg} at column {error.colno})", line_number)
            continue
        if not isinstance(record, dict):
            yield Problem(path, "a line is not a JSON object", line_number)
            continue
        yield _from_record(record, path, line_number, fields, options)


def read_csv(raw: str, path: str, options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """One article per row; the header row names the columns."""
    fields = _field_map(options)
    reader = csv.DictReader(io.StringIO(raw, newline=""))
    columns = set(reader.fieldnames or ())
    if not columns & set(fields["text"]):
        yield Problem(path, f"no text column (looked for {', '.join(fields['text'])}; use --field text=COLUMN)")
        return
    try:
        for row in reader:
            yield _from_record(row, path, reader.line_num, fields, options)
    except csv.Error as error:
        yield Problem(path, f"malformed CSV: {error}", reader.line_num)


# --- the web: HTML, WARC, feeds ------------------------------------------------------------


def read_html(
    raw: str, path: str, options: ReadOptions = ReadOptions(), *, fallback_date: date | None = None
) -> Iterator[Item]:
    """A saved web page: trafilatura finds the main text, the title and the date."""
    import trafilatura

    found = trafilatura.bare_extraction(
        raw, url=path if path.startswith("http") else None, with_metadata=True, include_comments=False
    )
    document: dict[str, Any] = {} if found is None else found if isinstance(found, dict) else found.as_dict()
    text = str(document.get("text") or "")
    if not text.strip():
        yield Problem(path, "no article text found in the HTML")
        return
    published = parse_date(document.get("date"))
    date_from = "html"
    if published is None:
        published, date_from = (fallback_date, "warc") if fallback_date else _date_from_path(path, options.date)
    title = document.get("title")
    if title and text.startswith(title + "\n"):
        text = text[len(title) + 1 :]
    item = _make(
        text,
        published=published,
        date_from=date_from,
        path=path,
        title=title,
        url=document.get("url") or (path if path.startswith("http") else None),
        source=document.get("sitename"),
        warnings=() if published else ("no publication date in the page",),
    )
    yield item


def read_warc(stream: IO[bytes], path: str, options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Every HTML response in a WARC or WARC.gz file, through the same extractor as saved pages."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    pages = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if "html" not in content_type.lower():
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or path
            warc_date = parse_date(record.rec_headers.get_header("WARC-Date"))
            pages += 1
            body = record.content_stream().read()
            html = body.decode(_charset(content_type), errors="replace")
            for item in read_html(html, url, options, fallback_date=warc_date):
                yield replace(item, path=f"{path}#{url}")
    except (ArchiveLoadFailed, OSError, ValueError) as error:
        yield Problem(path, f"not a readable WARC file ({error})")
        return
    if not pages:
        yield Problem(path, "not a readable WARC file (no HTML responses in it)")


def _charset(content_type: str) -> str:
    match = re.search(r"charset=([\w-]+)", content_type, re.I)
    if match:
        try:
            "".encode(match[1])
            return match[1]
        except LookupError:
            pass
    return "utf-8"


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in {"p", "br", "div", "li"}:
            self.parts.append("\n")


def _strip_tags(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    return re.sub(r"\n\s*\n+", "\n\n", "".join(parser.parts)).strip()


def read_feed(source: str | bytes, path: str, options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Every entry of an RSS or Atom feed (a file's contents or a URL)."""
    import feedparser

    feed = feedparser.parse(source)
    if feed.bozo and not feed.entries:
        yield Problem(path, f"not a readable feed ({feed.get('bozo_exception', 'unknown error')})")
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        content = entry.get("content")
        html = content[0].get("value", "") if content else entry.get("summary", "")
        struct = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(struct.tm_year, struct.tm_mon, struct.tm_mday) if struct else options.date
        item = _make(
            _strip_tags(html),
            published=published,
            date_from="feed" if struct else "option",
            path=f"{path}#{number}",
            title=entry.get("title"),
            url=entry.get("link"),
            source=outlet,
            warnings=() if published else ("feed entry has no date",),
        )
        yield item


# --- finding and dispatching files ----------------------------------------------------------

FORMATS = ("seed", "text", "jsonl", "csv", "html", "warc", "feed")

_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".arc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}


def detect_format(path: str, head: bytes) -> str | None:
    """The format of a file from its name, else from its first bytes."""
    name = path.lower()
    if name.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    suffix = Path(name.removesuffix(".gz")).suffix
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    start = head.lstrip()[:200].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith((b"<rss", b"<feed", b"<?xml")) and (b"<rss" in head[:2000] or b"<feed" in head[:2000]):
        return "feed"
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return "text"


def expand_paths(paths: Iterable[str]) -> Iterator[str | Problem]:
    for given in paths:
        if given == "-" or given.startswith(("http://", "https://")):
            yield given
            continue
        # Path.glob takes no absolute patterns, glob.glob does.
        matches = sorted(glob.glob(given, recursive=True)) if glob.has_magic(given) else [given]  # noqa: PTH207
        if not matches:
            yield Problem(given, "no file matches this pattern")
        for match in matches:
            path = Path(match)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if _readable_name(p))
                if not files:
                    yield Problem(match, f"folder holds no readable files ({', '.join(sorted(_SUFFIXES))})")
                yield from (str(f) for f in files)
            elif path.is_file():
                yield match
            else:
                yield Problem(match, "no such file or folder")


def _readable_name(path: Path) -> bool:
    """Whether a file found in a folder is one of ours to read (hidden files and notes are not)."""
    if not path.is_file() or path.name.startswith("."):
        return False
    name = path.name.lower().removesuffix(".gz")
    return "." not in name or Path(name).suffix in _SUFFIXES or name.endswith((".warc", ".arc"))


def read_paths(paths: Iterable[str], options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Articles from files, folders (recursive), globs, URLs of feeds and ``-`` (standard input)."""
    for path in expand_paths(paths):
        if isinstance(path, Problem):
            yield path
            continue
        yield from read_path(path, options)


def read_path(path: str, options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Articles from one file, URL or ``-``."""
    if path.startswith(("http://", "https://")):
        yield from read_feed(path, path, options)
        return
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as error:
        yield Problem(path, f"cannot read ({error.strerror or error})")
        return
    if path.lower().endswith(".gz") and not path.lower().endswith((".warc.gz", ".arc.gz")):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            yield Problem(path, f"not a readable gzip file ({error})")
            return
    kind = options.format or detect_format(path, data[:_BINARY_SNIFF])
    if kind not in FORMATS:
        yield Problem(path, f"unknown format {kind!r}; known formats: {', '.join(FORMATS)}")
        return
    if not data.strip():
        yield Problem(path, "empty file")
        return
    if kind == "warc":
        yield from read_warc(io.BytesIO(data), path, options)
        return
    if kind == "feed":
        yield from read_feed(data, path, options)
        return
    if b"\x00" in data[:_BINARY_SNIFF]:
        yield Problem(path, "binary file, not text")
        return
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        yield Problem(path, f"not UTF-8 text (undecodable byte at offset {error.start})")
        return
    readers: dict[str, Callable[[str, str, ReadOptions], Iterator[Item]]] = {
        "seed": read_text,
        "text": read_text,
        "jsonl": read_jsonl,
        "csv": read_csv,
        "html": read_html,
    }
    if kind == "seed" and not is_seed(raw):
        yield Problem(path, "not in the seed format (no ' date YYYY-MM-DD' header)")
        return
    yield from readers[kind](raw, path, options)
