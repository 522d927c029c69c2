"""The seed format: `` date YYYY-MM-DD`` then a wire dateline such as ``MOSCOW, June 16. /TASS/.``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["MONTHS", "Dateline", "parse_dateline", "parse_seed"]

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")
# PLACE, Month D. /AGENCY/.  -- the place in capitals, the agency between slashes.
_DATELINE = re.compile(
    r"""\A(?P<place>[A-Z][A-Z'\-\. ]*[A-Z](?:,\s[A-Z][A-Za-z'\-\. ]+?)?)
        ,\s(?P<month>[A-Z][a-z]{2,8})\.?\s(?P<day>\d{1,2})\.?
        (?:\s*/(?P<agency>[^/\n]{1,60})/\.?)?""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str
    month: int
    day: int
    agency: str | None


def parse_dateline(text: str) -> Dateline | None:
    """The dateline at the start of ``text``, or None."""
    match = _DATELINE.match(text)
    if not match or match["month"].lower().rstrip(".") not in MONTHS:
        return None
    agency = match["agency"].strip() if match["agency"] else None
    return Dateline(match["place"].strip(), MONTHS[match["month"].lower()], int(match["day"]), agency)


def parse_seed(raw: str) -> tuple[date | None, str, list[str]]:
    """(header date, text after the header, warnings) of a seed-format file.

    The header date is None when the file has no `` date`` header.
    """
    match = _HEADER.match(raw)
    if not match:
        return None, raw, []
    warnings: list[str] = []
    try:
        published: date | None = date.fromisoformat(match[1])
    except ValueError:
        published = None
        warnings.append(f"header date {match[1]!r} is not a calendar date")
    return published, raw[match.end() :], warnings


def is_seed(raw: str) -> bool:
    return _HEADER.match(raw) is not None
