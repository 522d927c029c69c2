"""Geometry for the server-side SVG charts: bars over months, and a zoomable time axis.

Only numbers and labels are computed here; the templates draw them (and escape the labels).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

__all__ = ["Axis", "Bar", "BarChart", "Point", "Tick", "bar_chart", "fill_months", "time_axis"]


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    labels: tuple[Bar, ...]  # the bars whose label is printed under the axis
    top: int


def fill_months(series: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """Monthly counts with the empty months between the first and the last put back, so time reads linearly."""
    counts = dict(series)
    months = sorted(m for m in counts if len(m) == 7 and m[4] == "-")
    if not months:
        return list(series)
    year, month = int(months[0][:4]), int(months[0][5:])
    out = []
    while f"{year:04d}-{month:02d}" <= months[-1]:
        key = f"{year:04d}-{month:02d}"
        out.append((key, counts.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def bar_chart(series: Sequence[tuple[str, int]], width: int = 720, height: int = 140) -> BarChart:
    """Bars for ``(label, count)`` in order, scaled to the largest count; about ten labels shown."""
    top = max((value for _, value in series), default=0)
    step = width / max(len(series), 1)
    every = max(1, round(len(series) / 10))
    bars = tuple(
        Bar(
            x=round(i * step, 2),
            y=round(height - (value / top * height if top else 0), 2),
            width=round(max(step - 1, 0.5), 2),
            height=round(value / top * height if top else 0, 2),
            label=label,
            value=value,
        )
        for i, (label, value) in enumerate(series)
    )
    return BarChart(width, height, bars, bars[::every], top)


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    date: str
    weight: int  # how many sentences the entry holds


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str
    date_from: str  # zooming into this tick shows [date_from, date_to]
    date_to: str


@dataclass(frozen=True, slots=True)
class Axis:
    width: int
    points: tuple[Point, ...]
    ticks: tuple[Tick, ...]
    first: str
    last: str


def time_axis(days: Sequence[tuple[str, int]], width: int = 960) -> Axis | None:
    """Positions of timeline days on an axis from the first to the last, with month (or year) ticks to zoom into."""
    parsed = sorted((date.fromisoformat(d), n) for d, n in days if len(d) == 10)
    if not parsed:
        return None
    first, last = parsed[0][0], parsed[-1][0]
    span = max((last - first).days, 1)
    margin = 40  # room for the first and last tick labels

    def x_of(day: date) -> float:
        return round(margin + (day - first).days / span * (width - 2 * margin), 1)

    months = (last.year - first.year) * 12 + last.month - first.month
    ticks = []
    if months <= 36:
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            start = date(year, month, 1)
            end = date(year, month, calendar.monthrange(year, month)[1])
            ticks.append(Tick(x_of(max(start, first)), start.strftime("%b %Y"), start.isoformat(), end.isoformat()))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        for year in range(first.year, last.year + 1):
            start = max(date(year, 1, 1), first)
            ticks.append(Tick(x_of(start), str(year), f"{year}-01-01", f"{year}-12-31"))
    points = tuple(Point(x_of(day), day.isoformat(), n) for day, n in parsed)
    return Axis(width, points, tuple(ticks), first.isoformat(), last.isoformat())
