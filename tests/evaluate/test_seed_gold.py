"""The hand-made gold of the two TASS seed articles (tests/gold/seeds) and scoring another gold folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dateline.evaluate.sample import (
    ACTOR_KINDS,
    PLOVER_TYPES,
    SECTORS,
    TIMEX_TYPES,
    GoldArticle,
    SampleGoldError,
    evaluate_sample,
    load_gold,
    main,
)
from tests.conftest import ROOT, shared_path

GOLD = ROOT / "tests" / "gold" / "seeds"
# Measured with every stage on 2026-11-29: actors found 1.0, quotes F1 1.0, speakers 1.0.
FLOORS = {("actors", "all_right"): 0.95, ("quotes", "f1"): 0.9, ("quotes", "speaker_accuracy"): 0.9}


@pytest.fixture(scope="module")
def seed_gold() -> list[GoldArticle]:
    return load_gold(GOLD, shared_path("seeds"))


def test_one_gold_file_per_seed_article(seed_gold: list[GoldArticle]) -> None:
    seeds = shared_path("seeds")
    assert sorted(p.stem for p in GOLD.glob("*.json")) == sorted(p.stem for p in seeds.glob("*.txt"))
    assert [item.name for item in seed_gold] == sorted(p.name for p in seeds.glob("*.txt"))


def test_seed_gold_is_well_formed(seed_gold: list[GoldArticle]) -> None:
    for item in seed_gold:
        text = item.article.text
        raw = json.loads((GOLD / (Path(item.name).stem + ".json")).read_text(encoding="utf-8"))
        assert item.article.published is not None
        assert raw["published"] == item.article.published.isoformat()
        assert raw["published"] in {t.value for t in item.timexes}
        assert all(t.type in TIMEX_TYPES and text[t.start : t.end] == t.text for t in item.timexes)
        canonical = {a.canonical for a in item.actors}
        assert len(canonical) == len(item.actors), f"{item.name}: an actor is listed twice"
        for actor in item.actors:
            assert actor.kind in ACTOR_KINDS and actor.name in text, actor
            assert actor.sector is None or actor.sector in SECTORS, actor
            assert (actor.kind == "COUNTRY") == (actor.sector is None), actor
        for quote in item.quotes:
            assert text[quote.start : quote.end] == quote.content
            assert quote.canonical is None or quote.canonical in canonical, quote
            # Direct quotes are the words inside the quotation marks, without the marks.
            assert not quote.content.startswith(('"', "\u201c")) and not quote.content.endswith((",", '"'))
        for event in item.events:
            assert event.type in PLOVER_TYPES, event
            assert event.date and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", event.date), event
            assert all(who is None or who in canonical for who in (event.source, event.target)), event


def test_seed_gold_has_the_quotes_of_the_kremlin_story(seed_gold: list[GoldArticle]) -> None:
    kremlin = next(item for item in seed_gold if item.name.startswith("002_"))
    speakers = [q.canonical for q in kremlin.quotes]
    assert speakers.count("Kremlin") == 2 and speakers.count("Dmitry Peskov") == 3
    assert sum(q.direct for q in kremlin.quotes) == 4


def test_stages_on_the_seed_gold_keep_their_floors() -> None:
    result = evaluate_sample(GOLD, articles=shared_path("seeds"))
    assert not result["stage_failures"], result["stage_failures"]
    for (section, key), floor in FLOORS.items():
        assert result[section][key] >= floor, (section, key, result[section])


def test_main_scores_another_folder(capsys: pytest.CaptureFixture[str]) -> None:
    seeds = shared_path("seeds")
    assert main(["--gold", str(GOLD), "--articles", str(seeds), "--errors"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 gold articles") and "quotes: gold=11" in out


def test_main_refuses_missing_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--gold", str(GOLD), "--articles", str(tmp_path / "nowhere")]) == 2
    assert "no such articles folder" in capsys.readouterr().err
    with pytest.raises(SampleGoldError, match="no gold files"):
        load_gold(tmp_path, tmp_path)
