"""The articles the benchmarks time: the dated ``<topic>/InputDocs/<YYYY-MM-DD>/*.txt`` files of a folder."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from dateline.model import Article, article_id

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "t17"


def articles(folder: Path, limit: int | None = None, *, seed: int | None = None) -> list[Article]:
    """Every non-empty dated article, or ``limit`` of them: a random sample with ``seed``, else spread evenly."""
    paths = [p for p in sorted(folder.rglob("*.txt")) if p.parent.parent.name == "InputDocs" and p.stat().st_size]
    if limit is not None and seed is not None:
        random.Random(seed).shuffle(paths)
    elif limit is not None:
        paths = paths[:: max(len(paths) // limit, 1)]
    found = []
    for path in paths:
        try:
            published = date.fromisoformat(path.parent.name)
        except ValueError:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.strip():
            found.append(Article(article_id(text), text, published, "folder", path=str(path)))
        if limit is not None and len(found) >= limit:
            break
    return found
