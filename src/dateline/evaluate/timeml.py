"""TempEval-3 TimeML files: read the gold, write our tags, score time expressions.

The scores are the timex figures of the official TempEval-3 scorer (``TE3-evaluation.py``,
UzZaman et al. 2013):

- a system expression and a gold one *match relaxed* when their extents overlap (each
  expression is matched at most once, as the official id normalisation does), and *match
  strictly* when the extents are identical;
- precision = matches / system expressions, recall = matches / gold expressions (the
  document creation time ``t0`` is never counted);
- type and value *accuracy* are the share of relaxed matches with the gold attribute;
- type and value *F1* ("attribute F1" in the official output) = accuracy x relaxed F1.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from dateline.ingest.readers import Problem
from dateline.model import TimeExpr
from dateline.pipeline.timex import extract_timexes

__all__ = [
    "GoldTimex",
    "TimeMLDoc",
    "TimeMLError",
    "align_timexes",
    "evaluate_timex",
    "read_timeml",
    "score_timex",
    "tag_directory",
    "write_timeml",
]


class TimeMLError(ValueError):
    """A TimeML file that cannot be used: not XML, no <TEXT>, no creation time."""


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """A TIMEX3 of a TimeML file, with offsets into the document's plain text."""

    start: int
    end: int
    text: str
    type: str
    value: str
    tid: str = ""
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    """One TimeML document: its creation time, its plain text and its time expressions."""

    path: str
    doc_id: str
    dct: date
    dct_value: str
    text: str
    timexes: tuple[GoldTimex, ...]
    title: str | None = None


_DCT_TEXT = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


def read_timeml(path: str | Path) -> TimeMLDoc:
    """The document in a ``.tml`` file; raises ``TimeMLError`` saying what is wrong with it."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()  # noqa: S314 -- local evaluation files, not untrusted input
    except ET.ParseError as error:
        raise TimeMLError(f"not well-formed XML ({error})") from None
    except OSError as error:
        raise TimeMLError(f"cannot read ({error.strerror or error})") from None
    text_element = root.find("TEXT")
    if text_element is None:
        raise TimeMLError("no <TEXT> element")
    dct, dct_value = _creation_time(root)
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    _walk(text_element, parts, timexes)
    text = "".join(parts)
    doc_id = (root.findtext("DOCID") or path.stem.removesuffix(".tml")).strip()
    title = root.findtext("TITLE")
    return TimeMLDoc(str(path), doc_id, dct, dct_value, text, tuple(timexes), title.strip() if title else None)


def _creation_time(root: ET.Element) -> tuple[date, str]:
    for element in root.iter("TIMEX3"):
        if element.get("functionInDocument") == "CREATION_TIME":
            value = element.get("value") or ""
            found = _DCT_TEXT.match(value) or _DCT_TEXT.search("".join(element.itertext()))
            if found:
                try:
                    return date(int(found[1]), int(found[2]), int(found[3])), value or found.group()
                except ValueError:
                    pass
            raise TimeMLError(f"creation time {value!r} is not a calendar date")
    dct = root.find("DCT")
    if dct is not None:
        found = _DCT_TEXT.search("".join(dct.itertext()))
        if found:
            try:
                day = date(int(found[1]), int(found[2]), int(found[3]))
            except ValueError:
                raise TimeMLError(f"<DCT> {found.group()!r} is not a calendar date") from None
            return day, day.isoformat()
    raise TimeMLError('no creation time (no <TIMEX3 functionInDocument="CREATION_TIME"> and no dated <DCT>)')


def _walk(element: ET.Element, parts: list[str], timexes: list[GoldTimex]) -> None:
    """Collect the character data of ``element`` and the offsets of the TIMEX3 inside it."""
    if element.text:
        parts.append(element.text)
    for child in element:
        start = sum(map(len, parts))
        _walk(child, parts, timexes)
        if child.tag == "TIMEX3":
            end = sum(map(len, parts))
            covered = "".join(parts)[start:end]
            kind, value, tid = child.get("type", ""), child.get("value", ""), child.get("tid", "")
            timexes.append(GoldTimex(start, end, covered, kind, value, tid, child.get("mod")))
        if child.tail:
            parts.append(child.tail)


def write_timeml(doc: TimeMLDoc, timexes: Iterable[TimeExpr | GoldTimex], path: str | Path) -> None:
    """Write ``doc`` with ``timexes`` tagged inside <TEXT>, as the TempEval-3 scorer reads it.

    The header keeps the document id and the creation time as ``t0``; expressions are
    numbered ``t1``, ``t2``, ... in text order. Overlapping expressions keep the first.
    """
    pieces = []
    position = 0
    number = 0
    for timex in sorted(timexes, key=lambda t: (t.start, -t.end)):
        if timex.start < position or timex.end <= timex.start or timex.end > len(doc.text):
            continue
        number += 1
        attributes = f'tid="t{number}" type={quoteattr(timex.type)} value={quoteattr(timex.value)}'
        if timex.mod:
            attributes += f" mod={quoteattr(timex.mod)}"
        pieces.append(escape(doc.text[position : timex.start]))
        pieces.append(f"<TIMEX3 {attributes}>{escape(doc.text[timex.start : timex.end])}</TIMEX3>")
        position = timex.end
    pieces.append(escape(doc.text[position:]))
    dct_type = "TIME" if "T" in doc.dct_value else "DATE"
    header = (
        '<?xml version="1.0" ?>\n'
        '<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">\n\n'
        f"<DOCID>{escape(doc.doc_id)}</DOCID>\n\n"
        f'<DCT><TIMEX3 tid="t0" type="{dct_type}" value={quoteattr(doc.dct_value)} temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{escape(doc.dct_value)}</TIMEX3></DCT>\n\n'
    )
    if doc.title:
        header += f"<TITLE>{escape(doc.title)}</TITLE>\n\n"
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(header + "<TEXT>" + "".join(pieces) + "</TEXT>\n\n</TimeML>\n", encoding="utf-8")


def _tml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.tml") if p.is_file() and not p.name.startswith("."))


def tag_directory(in_dir: str | Path, out_dir: str | Path) -> list[Problem]:
    """Tag every ``.tml`` under ``in_dir`` with our time expressions into the same layout under ``out_dir``.

    The gold TIMEX3 are dropped; the creation time is the anchor. Files that cannot be read
    are reported, not fatal.
    """
    in_dir, out_dir = Path(in_dir), Path(out_dir)
    problems = []
    files = _tml_files(in_dir)
    if not files:
        problems.append(Problem(str(in_dir), "no .tml files here"))
    for path in files:
        try:
            doc = read_timeml(path)
        except TimeMLError as error:
            problems.append(Problem(str(path), str(error)))
            continue
        timexes = extract_timexes(doc.text, doc.dct, doc.doc_id)
        write_timeml(doc, timexes, out_dir / path.relative_to(in_dir))
    return problems


def align_timexes(
    gold: Sequence[GoldTimex | TimeExpr], system: Sequence[GoldTimex | TimeExpr]
) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs of overlapping extents, identical extents first."""
    pairs = []
    used_gold: set[int] = set()
    used_system: set[int] = set()
    exact = {(s.start, s.end): j for j, s in enumerate(system)}
    for i, g in enumerate(gold):
        j = exact.get((g.start, g.end))
        if j is not None and j not in used_system:
            pairs.append((i, j))
            used_gold.add(i)
            used_system.add(j)
    overlaps = []
    for i, g in enumerate(gold):
        if i in used_gold:
            continue
        for j, s in enumerate(system):
            if j not in used_system and s.start < g.end and g.start < s.end:
                overlaps.append((min(g.end, s.end) - max(g.start, s.start), i, j))
    for _size, i, j in sorted(overlaps, key=lambda o: (-o[0], o[1], o[2])):
        if i not in used_gold and j not in used_system:
            pairs.append((i, j))
            used_gold.add(i)
            used_system.add(j)
    return sorted(pairs)


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def score_timex(gold_dir: str | Path, system_dir: str | Path) -> dict[str, Any]:
    """TempEval-3 timex figures of the system files against the gold files of the same relative path.

    Returns the counts (``gold``, ``system``, ``strict``, ``relaxed``, ``type``, ``value``,
    ``files``), the figures (``strict_precision`` ... ``value_f1``, as fractions) and
    ``problems`` (files that could not be scored; their gold expressions count as missed).
    """
    gold_dir, system_dir = Path(gold_dir), Path(system_dir)
    counts = dict.fromkeys(("files", "gold", "system", "strict", "relaxed", "type", "value"), 0)
    problems: list[Problem] = []
    for gold_path in _tml_files(gold_dir):
        try:
            gold = read_timeml(gold_path)
        except TimeMLError as error:
            problems.append(Problem(str(gold_path), f"gold file: {error}"))
            continue
        counts["files"] += 1
        counts["gold"] += len(gold.timexes)
        system_path = system_dir / gold_path.relative_to(gold_dir)
        try:
            system = read_timeml(system_path)
        except TimeMLError as error:
            problems.append(Problem(str(system_path), f"system file: {error}"))
            continue
        if system.text != gold.text:
            problems.append(Problem(str(system_path), "its text differs from the gold file's"))
            continue
        counts["system"] += len(system.timexes)
        for i, j in align_timexes(gold.timexes, system.timexes):
            g, s = gold.timexes[i], system.timexes[j]
            counts["relaxed"] += 1
            counts["strict"] += (g.start, g.end) == (s.start, s.end)
            counts["type"] += g.type == s.type
            counts["value"] += g.value == s.value
    return {**counts, **_figures(counts), "problems": problems}


def evaluate_timex(gold_dir: str | Path) -> dict[str, Any]:
    """Tag the gold files' texts afresh and score our expressions against theirs (``score_timex``)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="dateline-timex-") as system_dir:
        problems = tag_directory(gold_dir, system_dir)
        result = score_timex(gold_dir, system_dir)
    result["problems"] = [*problems, *result["problems"]]
    return result


def _figures(counts: dict[str, int]) -> dict[str, float]:
    gold, system, relaxed = counts["gold"], counts["system"], counts["relaxed"]
    figures = {}
    for kind in ("strict", "relaxed"):
        precision = counts[kind] / system if system else 0.0
        recall = counts[kind] / gold if gold else 0.0
        figures[f"{kind}_precision"] = precision
        figures[f"{kind}_recall"] = recall
        figures[f"{kind}_f1"] = _f1(precision, recall)
    for attribute in ("type", "value"):
        accuracy = counts[attribute] / relaxed if relaxed else 0.0
        figures[f"{attribute}_accuracy"] = accuracy
        figures[f"{attribute}_f1"] = accuracy * figures["relaxed_f1"]
    return figures
