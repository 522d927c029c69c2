"""The out-of-domain precision audit: judgments, matching our events to them, the bounds."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from dateline.evaluate.precision import (
    CUTOFFS,
    Judgment,
    PrecisionDataError,
    main,
    read_judgments,
    roc_auc,
    score_precision,
)
from tests.conftest import ROOT, shared_path

# Made-up reports, written for these tests.
FILE = "topic/InputDocs/2021-03-09/1.txt"
TEXT = "Soldiers shot three protesters in the capital on Tuesday. The minister met the ambassador on Monday."


def _folder(tmp_path: Path) -> Path:
    path = tmp_path / "t17" / FILE
    path.parent.mkdir(parents=True)
    path.write_text(TEXT, encoding="utf-8")
    return tmp_path / "t17"


def _judgment(word: str, kind: str, verdict: str) -> Judgment:
    start = TEXT.index(word)
    return Judgment(FILE, start, start + len(word), word, kind, verdict)


def test_events_are_matched_by_trigger_and_type(tmp_path: Path) -> None:
    judgments = [_judgment("shot", "ASSAULT", "correct"), _judgment("protesters", "PROTEST", "not_an_event")]
    result = score_precision(_folder(tmp_path), judgments, errors=True)
    assert (result["judged_coded"], result["precision"]) == (1, 1.0)
    assert result["dropped"] == {"not_an_event": 1}  # a judged reading we no longer code
    # The meeting is coded but nobody judged it: the bounds count it wrong, then right.
    assert result["unjudged"] == 1 and result["unjudged_events"][0]["trigger"] == "met"
    assert result["precision_bounds"] == [0.5, 1.0]


@pytest.mark.parametrize(
    ("scores", "positive", "auc"),
    [
        ([0.9, 0.2], [True, False], 1.0),
        ([0.2, 0.9], [True, False], 0.0),
        ([0.5, 0.5], [True, False], 0.5),  # a tie counts half
        ([0.8, 0.6, 0.6, 0.2], [True, False, True, False], 0.875),  # 3.5 of the 4 pairs
        ([0.8, 0.6], [True, True], None),  # no wrong event: undefined
        ([], [], None),
    ],
)
def test_roc_auc(scores: list[float], positive: list[bool], auc: float | None) -> None:
    assert roc_auc(scores, positive) == auc


def test_confidence_ranking_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    judgments = [_judgment("shot", "ASSAULT", "correct"), _judgment("met", "CONSULT", "not_an_event")]
    result = score_precision(_folder(tmp_path), judgments, errors=True)
    ranking = result["confidence"]
    assert result["judged_coded"] == 2 and ranking["auc"] in (0.0, 0.5, 1.0)
    assert [c["confidence"] for c in ranking["cutoffs"]] == list(CUTOFFS)
    counts = [c["events"] for c in ranking["cutoffs"]]
    assert counts == sorted(counts, reverse=True) and counts[0] <= 2
    assert 0.0 < result["wrong"][0]["confidence"] <= 1.0
    path = tmp_path / "j.jsonl"
    path.write_text("".join(json.dumps(dataclasses.asdict(j)) + "\n" for j in judgments), encoding="utf-8")
    assert main([str(tmp_path / "t17"), "--judgments", str(path)]) == 0
    assert f"ROC AUC {ranking['auc']:.3f}" in capsys.readouterr().out


def test_bad_judgments_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    good = json.dumps({"file": FILE, "trigger_start": 9, "trigger_end": 13, "trigger": "shot", "type": "ASSAULT",
                       "verdict": "correct"})  # fmt: skip
    path.write_text(good + "\n" + good.replace("correct", "maybe") + "\n", encoding="utf-8")
    with pytest.raises(PrecisionDataError, match=r"^E480 .*line 2: verdict 'maybe'"):
        read_judgments(path)


@pytest.mark.parametrize("content", [b"", b"\x99\xff binary", None])
def test_unreadable_judgments_are_a_clear_error(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "j.jsonl"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(PrecisionDataError, match=r"^E480 "):
        read_judgments(path)


def test_a_folder_without_the_judged_articles_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "j.jsonl"
    path.write_text(json.dumps(dataclasses.asdict(_judgment("shot", "ASSAULT", "correct"))) + "\n", encoding="utf-8")
    assert main([str(tmp_path), "--judgments", str(path)]) == 2
    assert capsys.readouterr().err.startswith("E481 ")


@pytest.mark.slow
def test_the_timeline17_audit_keeps_its_floor() -> None:
    result = score_precision(shared_path("data", "t17"), read_judgments(ROOT / "tests" / "gold" / "t17_events.jsonl"))
    # Measured 2026-12-06: 0.303 of 264 judged events still coded (0.284 before that day's precision rules).
    assert result["judged_coded"] >= 250 and result["precision"] >= 0.29
    assert result["dropped"].get("correct", 0) == 0
    # Confidence ranks the correct events first: ROC AUC 0.764, 0.473 correct at 0.5 or above (0.559 and 0.303
    # before the article's share of political events lowered it).
    assert result["confidence"]["auc"] >= 0.72 and result["confidence"]["cutoffs"][0]["precision"] >= 0.42
