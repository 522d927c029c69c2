"""An article's text cut into segments, each with the annotations that cover it.

The template prints every segment's text through Jinja's autoescaping, so no article byte is
ever emitted as markup: annotations only add the ``class``, ``title`` and link around it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

__all__ = ["Segment", "Span", "article_spans", "entity_href", "segments"]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str  # css class: ent, place, timex, quote, speaker, trigger
    title: str
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    classes: str = ""
    title: str = ""
    href: str | None = None
    anchor: str | None = None  # an id for links into the text (``s-3``: sentence 3 starts here)


def entity_href(actor_id: str) -> str:
    return "/entities/" + quote(actor_id, safe=":")


def segments(text: str, spans: Iterable[Span], anchors: Mapping[int, str] | None = None) -> list[Segment]:
    """``text`` cut at every span boundary; a piece covered by several spans carries all their classes.

    ``anchors`` (offset -> id) add cuts too; the piece starting at an anchored offset carries its id.
    """
    anchors = {at: name for at, name in (anchors or {}).items() if 0 <= at < len(text)}
    kept = sorted((s for s in spans if 0 <= s.start < s.end <= len(text)), key=lambda s: (s.start, -s.end, s.kind))
    cuts = sorted({0, len(text), *anchors, *(s.start for s in kept), *(s.end for s in kept)})
    out: list[Segment] = []
    for left, right in itertools.pairwise(cuts):
        covering = [s for s in kept if s.start <= left and s.end >= right]
        piece = text[left:right]
        anchor = anchors.get(left)
        if not covering:
            out.append(Segment(piece, anchor=anchor))
            continue
        kinds = " ".join(dict.fromkeys(s.kind for s in covering))
        title = " · ".join(dict.fromkeys(s.title for s in covering if s.title))
        href = next((s.href for s in covering if s.href), None)
        out.append(Segment(piece, kinds, title, href, anchor))
    return out


def article_spans(article: Mapping[str, Any], names: Mapping[str, str]) -> list[Span]:
    """Spans of an article record (``Store.article``): entities, places, time expressions, quotes, triggers."""
    spans: list[Span] = []
    for entity in article.get("entities", ()):
        actor = entity.get("actor")
        title = entity["label"] + (f" → {names.get(actor, actor)}" if actor else "")
        spans.append(Span(entity["start"], entity["end"], "ent", title, entity_href(actor) if actor else None))
    for place in article.get("places", ()):
        where = ", ".join(str(v) for v in (place.get("name"), place.get("country")) if v)
        spans.append(Span(place["start"], place["end"], "place", f"place: {where}"))
    for timex in article.get("timexes", ()):
        spans.append(Span(timex["start"], timex["end"], "timex", f"{timex['type']} {timex['value']}"))
    for quote_row in article.get("quotes", ()):
        speaker = quote_row.get("speaker")
        who = names.get(speaker, speaker) if speaker else quote_row.get("speaker_text") or "unknown speaker"
        spans.append(Span(quote_row["start"], quote_row["end"], "quote", f"quote by {who}"))
        if quote_row.get("speaker_start", -1) >= 0:
            spans.append(
                Span(
                    quote_row["speaker_start"],
                    quote_row["speaker_end"],
                    "speaker",
                    f"speaker ({quote_row.get('cue') or 'cue unknown'})",
                    entity_href(speaker) if speaker else None,
                )
            )
    for event in article.get("events", ()):
        who = " → ".join(names.get(a, a) for a in (event.get("source"), event.get("target")) if a)
        flags = [flag for flag in ("negated", "hypothetical", "future") if event.get(flag)]
        title = " ".join(v for v in (event["type"], who, event.get("date") or "", *flags) if v)
        spans.append(Span(event["trigger_start"], event["trigger_end"], "trigger", f"event {title}"))
    return spans
