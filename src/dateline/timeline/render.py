"""A timeline as text for a terminal, Markdown, one self-contained HTML file, JSON or TimelineJS JSON.

Renderers are pure functions of the entries: they never read the store. Sentence text is
shown cleaned (``clean_text``: Penn Treebank tokens such as ``-LRB-`` and spaced
punctuation undone), while the sources still point at the exact stored sentence.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from dateline.model import TimelineEntry

__all__ = [
    "FORMATS",
    "RenderError",
    "clean_text",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "render_timelinejs",
    "timeline_json",
]


class RenderError(ValueError):
    """An output format we do not write."""


# --- cleaning ----------------------------------------------------------------------------

_PTB = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "``": "\u201c",
    "''": "\u201d",
}
_PTB_TOKEN = re.compile("|".join(re.escape(token) for token in _PTB))
_SPACE_BEFORE = re.compile(r"\s+([,.;:!?%)\]}\u201d]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b|')")
_SPACE_AFTER = re.compile(r"([(\[{\u201c$#])\s+")
_SINGLE_OPEN = re.compile(r"(^|\s)`\s*")


def clean_text(text: str) -> str:
    """Undo Penn Treebank tokenisation so a sentence reads as written; other text is unchanged."""
    text = _PTB_TOKEN.sub(lambda m: _PTB[m.group()], text)
    text = text.replace("\\/", "/").replace("\\*", "*")
    text = _SINGLE_OPEN.sub(lambda m: m.group(1) + "\u2018", text)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


# --- shared shape --------------------------------------------------------------------------


def _weekday(day: str) -> str:
    try:
        return date.fromisoformat(day).strftime("%A")
    except ValueError:
        return ""


def _citation(source: Mapping[str, str]) -> str:
    parts = [source.get("outlet") or "unknown outlet", source.get("published") or "undated"]
    parts.append(source.get("article_id", "")[:8])
    return ", ".join(part for part in parts if part)


def timeline_json(
    entries: Sequence[TimelineEntry], *, title: str = "", meta: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON shape of a timeline: each date with its sentences and, beside each, its source."""
    return {
        "title": title,
        **(dict(meta) if meta else {}),
        "dates": [
            {
                "date": entry.date,
                "score": entry.score,
                "sentences": [
                    {"text": clean_text(text), **dict(source)}
                    for text, source in zip(entry.sentences, _sources(entry), strict=True)
                ],
            }
            for entry in entries
        ],
    }


def _sources(entry: TimelineEntry) -> list[Mapping[str, str]]:
    sources: list[Mapping[str, str]] = list(entry.sources)
    return sources + [{}] * (len(entry.sentences) - len(sources))


# --- formats ---------------------------------------------------------------------------------


def render_text(entries: Sequence[TimelineEntry], *, title: str = "", width: int = 88) -> str:
    """Plain text that fits a terminal ``width`` columns wide."""
    width = max(40, width)
    lines: list[str] = []
    if title:
        lines += [title, "=" * min(len(title), width), ""]
    if not entries:
        lines.append("(no dates)")
    for entry in entries:
        lines.append(f"{entry.date}  {_weekday(entry.date)}")
        for text, source in zip(entry.sentences, _sources(entry), strict=True):
            lines += textwrap.wrap(clean_text(text), width, initial_indent="  • ", subsequent_indent="    ")
            cite = _citation(source)
            if source.get("speaker"):
                cite += f"; quoting {source['speaker']}"
            lines += textwrap.wrap(f"— {cite}", width, initial_indent="    ", subsequent_indent="      ")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)


def render_markdown(entries: Sequence[TimelineEntry], *, title: str = "") -> str:
    """Markdown: a heading per date, a bullet per sentence with its source in italics."""
    lines = [f"# {_md(title)}", ""] if title else []
    if not entries:
        lines.append("_No dates._")
    for entry in entries:
        lines += [f"## {entry.date} ({_weekday(entry.date)})", ""]
        for text, source in zip(entry.sentences, _sources(entry), strict=True):
            cite = _md(_citation(source))
            if source.get("speaker"):
                cite += f"; quoting {_md(source['speaker'])}"
            lines.append(f"- {_md(clean_text(text))} _({cite})_")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}
body{color:#222}
h1{font-size:1.5rem}ol{list-style:none;padding:0;border-left:3px solid #c33;margin-left:.5rem}
li.date{margin:0 0 1.5rem;padding-left:1rem;position:relative}
li.date:before{content:"";position:absolute;left:-.5rem;top:.45rem;width:.7rem;height:.7rem;border-radius:50%;background:#c33}
time{font-weight:700}.wd{color:#666;margin-left:.4rem}p{margin:.3rem 0}
.src{display:block;font-size:.8rem;color:#666}.src code{font-size:.75rem}
@media (prefers-color-scheme:dark){body{background:#111;color:#ddd}.src,.wd{color:#999}}
"""


def render_html(entries: Sequence[TimelineEntry], *, title: str = "") -> str:
    """One self-contained HTML file: inline CSS, no script, no external resource."""
    esc = html.escape
    heading = esc(title or "Timeline")
    items = []
    for entry in entries:
        paragraphs = []
        for text, source in zip(entry.sentences, _sources(entry), strict=True):
            cite = f"{esc(source.get('outlet') or 'unknown outlet')}, {esc(source.get('published') or 'undated')}"
            if source.get("article_id"):
                cite += f", article <code>{esc(source['article_id'])}</code>"
                if source.get("sentence"):
                    cite += f" sentence {esc(source['sentence'])}"
            if source.get("speaker"):
                cite += f"; quoting {esc(source['speaker'])}"
            paragraphs.append(f'<p>{esc(clean_text(text))}<span class="src">{cite}</span></p>')
        items.append(
            f'<li class="date"><time datetime="{esc(entry.date)}">{esc(entry.date)}</time>'
            f'<span class="wd">{_weekday(entry.date)}</span>{"".join(paragraphs)}</li>'
        )
    body = f"<ol>{''.join(items)}</ol>" if items else "<p>No dates.</p>"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{heading}</title><style>{_CSS.strip()}</style></head>"
        f"<body><h1>{heading}</h1>{body}</body></html>\n"
    )


def render_json(entries: Sequence[TimelineEntry], *, title: str = "", meta: Mapping[str, Any] | None = None) -> str:
    """``timeline_json`` as indented JSON."""
    return json.dumps(timeline_json(entries, title=title, meta=meta), ensure_ascii=False, indent=2) + "\n"


def render_timelinejs(entries: Sequence[TimelineEntry], *, title: str = "") -> str:
    """The JSON that TimelineJS 3 reads: one event per date, its sentences and sources as HTML text."""
    esc = html.escape
    events = []
    for entry in entries:
        year, month, day = entry.date.split("-")
        paragraphs = []
        for text, source in zip(entry.sentences, _sources(entry), strict=True):
            paragraphs.append(f"<p>{esc(clean_text(text))} <small>({esc(_citation(source))})</small></p>")
        headline = clean_text(entry.sentences[0]) if entry.sentences else entry.date
        events.append(
            {
                "start_date": {"year": year, "month": str(int(month)), "day": str(int(day))},
                "text": {
                    "headline": esc(textwrap.shorten(headline, 80, placeholder=" …")),
                    "text": "".join(paragraphs),
                },
                "unique_id": f"d{entry.date}",
            }
        )
    document: dict[str, Any] = {"events": events}
    if title:
        document["title"] = {"text": {"headline": esc(title), "text": ""}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _text(entries: Sequence[TimelineEntry], title: str, width: int, meta: Mapping[str, Any] | None) -> str:
    return render_text(entries, title=title, width=width)


def _markdown(entries: Sequence[TimelineEntry], title: str, width: int, meta: Mapping[str, Any] | None) -> str:
    return render_markdown(entries, title=title)


def _html(entries: Sequence[TimelineEntry], title: str, width: int, meta: Mapping[str, Any] | None) -> str:
    return render_html(entries, title=title)


def _json(entries: Sequence[TimelineEntry], title: str, width: int, meta: Mapping[str, Any] | None) -> str:
    return render_json(entries, title=title, meta=meta)


def _timelinejs(entries: Sequence[TimelineEntry], title: str, width: int, meta: Mapping[str, Any] | None) -> str:
    return render_timelinejs(entries, title=title)


_RENDERERS: dict[str, Callable[[Sequence[TimelineEntry], str, int, Mapping[str, Any] | None], str]] = {
    "text": _text,
    "markdown": _markdown,
    "html": _html,
    "json": _json,
    "timelinejs": _timelinejs,
}
FORMATS: tuple[str, ...] = tuple(_RENDERERS)


def render(
    entries: Sequence[TimelineEntry],
    format: str = "text",
    *,
    title: str = "",
    width: int = 88,
    meta: Mapping[str, Any] | None = None,
) -> str:
    """The timeline in ``format`` (one of ``FORMATS``)."""
    try:
        renderer = _RENDERERS[format]
    except KeyError:
        raise RenderError(f"E620 unknown timeline format {format!r}; formats: {', '.join(FORMATS)}") from None
    return renderer(entries, title, width, meta)
