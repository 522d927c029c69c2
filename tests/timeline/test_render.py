from __future__ import annotations

import json
import re

import pytest

from dateline.model import TimelineEntry
from dateline.timeline.render import (
    FORMATS,
    RenderError,
    clean_text,
    render,
    render_html,
    render_markdown,
    render_text,
    render_timelinejs,
    timeline_json,
)

LONG = (
    "Delegations of the two rival forces met in Geneva for a fifth round of talks under UN auspices , "
    "the mission said in a statement on Monday , and agreed on a map of front lines and on exchanging prisoners ."
)
ENTRIES = [
    TimelineEntry(
        date="2020-01-19",
        sentences=("Leaders met in Berlin and agreed to respect the arms embargo -LRB- again -RRB- .",),
        sources=({"article_id": "0123456789abcdef", "outlet": "TASS", "published": "2020-06-16", "sentence": "3"},),
        score=4.0,
    ),
    TimelineEntry(
        date="2020-10-23",
        sentences=(LONG, "`` It is done , '' the envoy said <b>."),
        sources=(
            {"article_id": "fedcba9876543210", "outlet": "Harbour News", "published": "2020-10-24", "sentence": "0"},
            {
                "article_id": "fedcba9876543210",
                "outlet": "Harbour News",
                "published": "2020-10-24",
                "sentence": "2",
                "quote": "It is done",
                "speaker": "Stephanie Williams",
            },
        ),
        score=2.5,
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said `` no '' .", "He said “no”."),
        (
            "BP pledged $ 500m -LRB- # 346m -RRB- to study the spill 's impact .",
            "BP pledged $500m (#346m) to study the spill's impact.",
        ),
        ("It does n't work , he said ; they 're late .", "It doesn't work, he said; they're late."),
        ("the students ' union", "the students' union"),
        ("a 60-70 % chance , BP\\/Obama", "a 60-70% chance, BP/Obama"),
        ('Already clean, "quoted" (and fine).', 'Already clean, "quoted" (and fine).'),
    ],
)
def test_clean_text(text: str, expected: str) -> None:
    assert clean_text(text) == expected


@pytest.mark.parametrize("width", [40, 60, 88])
def test_text_fits_the_terminal(width: int) -> None:
    out = render_text(ENTRIES, title="Libya", width=width)
    assert all(len(line) <= width for line in out.splitlines())
    assert "2020-01-19  Sunday" in out
    assert "quoting Stephanie Williams" in " ".join(out.split())
    assert "-LRB-" not in out


def test_markdown_escapes_and_cites() -> None:
    out = render_markdown(ENTRIES, title="Libya *2020*")
    assert out.startswith("# Libya \\*2020\\*\n")
    assert "## 2020-10-23 (Friday)" in out
    assert "\\<b\\>" in out
    assert "_(TASS, 2020-06-16, 01234567)_" in out


def test_html_is_one_self_contained_file() -> None:
    out = render_html(ENTRIES, title="Libya <2020>")
    assert out.startswith("<!DOCTYPE html>")
    assert "<style>" in out
    assert not re.search(r"<script|<link|\bsrc=|url\(|https?://", out)
    assert "Libya &lt;2020&gt;" in out
    assert "&lt;b&gt;" in out and "<b>" not in out
    assert out.count('<li class="date">') == 2


def test_json_pairs_each_sentence_with_its_source() -> None:
    data = json.loads(render(ENTRIES, "json", title="Libya", meta={"query": "talks"}))
    assert data["title"] == "Libya" and data["query"] == "talks"
    second = data["dates"][1]
    assert second["date"] == "2020-10-23"
    assert [s["sentence"] for s in second["sentences"]] == ["0", "2"]
    assert second["sentences"][1]["speaker"] == "Stephanie Williams"
    assert second["sentences"][1]["text"] == "“It is done,” the envoy said <b>."
    assert timeline_json([]) == {"title": "", "dates": []}


def test_timelinejs_shape() -> None:
    data = json.loads(render_timelinejs(ENTRIES, title="Libya"))
    assert data["title"]["text"]["headline"] == "Libya"
    first = data["events"][0]
    assert first["start_date"] == {"year": "2020", "month": "1", "day": "19"}
    assert "TASS" in first["text"]["text"]
    assert len({e["unique_id"] for e in data["events"]}) == 2


@pytest.mark.parametrize("format", FORMATS)
def test_every_format_renders_an_empty_timeline(format: str) -> None:
    assert render([], format, title="Nothing")


def test_unknown_format() -> None:
    with pytest.raises(RenderError, match="E620 unknown timeline format 'pdf'"):
        render(ENTRIES, "pdf")
