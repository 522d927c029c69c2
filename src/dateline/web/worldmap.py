"""An offline world map: the vendored world-atlas TopoJSON decoded into SVG paths, once per process.

Equirectangular projection (longitude and latitude straight onto x and y): it is exact
enough to place cities and needs no projection library.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["HEIGHT", "WIDTH", "country_paths", "project"]

WIDTH, HEIGHT = 960, 480
_ATLAS = ("static", "vendor", "world-atlas", "countries-110m.json")


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """SVG coordinates of a point on the ``WIDTH`` x ``HEIGHT`` map."""
    return round((longitude + 180) / 360 * WIDTH, 1), round((90 - latitude) / 180 * HEIGHT, 1)


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Delta- and quantization-decoded arcs, as (longitude, latitude) lists."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: Sequence[int], arcs: list[list[tuple[float, float]]]) -> str:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    if len(points) < 3:
        return ""
    # A ring that crosses the antimeridian (Russia, Fiji) would draw a line across the whole map:
    # it is cut there into open pieces instead.
    pieces: list[list[tuple[float, float]]] = [[points[0]]]
    for before, point in itertools.pairwise(points):
        if abs(point[0] - before[0]) > 180:
            pieces.append([])
        pieces[-1].append(point)
    out = []
    for piece in pieces:
        xy = [project(lon, lat) for lon, lat in piece]
        out.append("M" + "L".join(f"{x},{y}" for x, y in xy))
    return "".join(out) + ("Z" if len(pieces) == 1 else "")


@cache
def country_paths() -> tuple[tuple[str, str], ...]:
    """(country name, SVG path data) for every country of the 1:110m atlas."""
    path = resources.files("dateline.web").joinpath(*_ATLAS)
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry["type"], []
        )
        data = "".join(_ring(ring, arcs) for polygon in polygons for ring in polygon)
        if data:
            out.append((str(geometry.get("properties", {}).get("name", "")), data))
    return tuple(out)
