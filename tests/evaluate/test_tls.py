from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from dateline.evaluate.tls import (
    TimelineTask,
    TLSError,
    evaluate_tls,
    read_timeline,
    score_timeline,
    timeline_tasks,
)
from dateline.model import TimelineEntry
from tests.conftest import shared_path

pytest.importorskip("tilse")

SEPARATOR = "-" * 32


def write_timeline(path: Path, blocks: list[tuple[str, list[str]]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{day}\n" + "".join(f"{s}\n" for s in lines) + f"{SEPARATOR}\n" for day, lines in blocks))
    return path


def test_read_timeline_merges_repeated_dates_and_fixes_the_known_defect(tmp_path: Path) -> None:
    path = write_timeline(
        tmp_path / "tl.txt",
        [
            ("2011-03-03", ["The trial is delayed ."]),
            ("2011-04-0", ["Jury selection begins .", "500 people are called ."]),
            ("2011-03-03", ["Both sides agree ."]),
        ],
    )
    timeline = read_timeline(path)
    assert timeline == {
        date(2011, 3, 3): ["The trial is delayed .", "Both sides agree ."],
        date(2011, 4, 2): ["Jury selection begins .", "500 people are called ."],
    }
    task = TimelineTask("topic", "tl", tmp_path, timeline)
    assert (task.n_dates, task.n_sentences, task.start, task.end) == (2, 2, date(2011, 3, 3), date(2011, 4, 2))


def test_bad_folders(tmp_path: Path) -> None:
    with pytest.raises(TLSError, match="E642"):
        timeline_tasks(tmp_path)
    (tmp_path / "t").mkdir()
    path = write_timeline(tmp_path / "t" / "timelines" / "x.txt", [])
    (tmp_path / "t" / "InputDocs").mkdir()
    with pytest.raises(TLSError, match="E641"):
        read_timeline(path)


# A hand-made pair. After ROUGE's stopwords ("the", "on", "a", "at", "sat") and stemming:
# system 2010-01-01 "cat mat"            vs reference 2010-01-01 "cat mat":           2 of 2 match
# system 2010-01-03 "dog bark loud night" vs reference 2010-01-02 "dog bark night":    3 match, 1 day off
# align+ m:1 weighs a pair 1 / (days apart + 1):
#   precision = (2 + 3/2) / (2 + 4) = 0.5833, recall = (2 + 3/2) / (2 + 3) = 0.7, F1 = 0.6364
# concat: precision 5/6, recall 5/5; dates: one of two right both ways.
REFERENCE = {date(2010, 1, 1): ["the cat sat on a mat"], date(2010, 1, 2): ["the dog barked at night"]}
SYSTEM = [
    TimelineEntry("2010-01-01", ("the cat sat on the mat .",)),
    TimelineEntry("2010-01-03", ("a dog barked loudly at night",)),
]
EXPECTED = {
    "align_rouge_1": (0.5833, 0.7, 0.6364),
    "align_rouge_2": (0.375, 0.5, 0.4286),
    "concat_rouge_1": (0.8333, 1.0, 0.9091),
    "concat_rouge_2": (0.6, 0.75, 0.6667),
    "date": (0.5, 0.5, 0.5),
}


def _perl_rouge_works() -> bool:
    perl = shutil.which("perl")
    if perl is None:
        return False
    return subprocess.run([perl, "-MXML::Parser", "-e", "1"], capture_output=True, check=False).returncode == 0


@pytest.mark.parametrize(
    "rouge",
    [
        "python",
        pytest.param(
            "perl",
            marks=pytest.mark.skipif(not _perl_rouge_works(), reason="ROUGE-1.5.5 needs perl and XML::Parser"),
        ),
    ],
)
def test_hand_made_pair_through_tilse(rouge: str) -> None:
    scores = score_timeline(SYSTEM, REFERENCE, rouge=rouge)
    for metric, expected in EXPECTED.items():
        got = scores[metric]
        assert (got["precision"], got["recall"], got["f_score"]) == pytest.approx(expected, abs=1e-4), metric


def test_an_empty_timeline_scores_zero() -> None:
    scores = score_timeline([], REFERENCE, rouge="python")
    assert scores["align_rouge_1"]["f_score"] == scores["date"]["f_score"] == 0.0


def test_unknown_rouge() -> None:
    with pytest.raises(TLSError, match="E643"):
        score_timeline(SYSTEM, REFERENCE, rouge="java")


TRUCE = {
    "2020-10-23": "Delegations of the rival forces signed a permanent ceasefire agreement in Geneva on Friday.",
    "2020-10-24": "Prisoners were exchanged at a checkpoint south of the city, the UN said on Saturday.",
    "2020-12-30": "A new dispute over the central bank broke out on Wednesday between the two governments.",
}
SIGNED = ("2020-10-23", ["The rival forces sign a permanent ceasefire in Geneva ."])


def write_topic(root: Path, docs: dict[str, str], reference: list[tuple[str, list[str]]]) -> None:
    """A Timeline17-style topic "truce": one article per day and one reference timeline."""
    topic = root / "truce"
    for day, text in docs.items():
        (topic / "InputDocs" / day).mkdir(parents=True)
        (topic / "InputDocs" / day / "1.txt").write_text(text)
    write_timeline(topic / "timelines" / "ref.txt", reference)


def test_protocol_on_a_tiny_folder(tmp_path: Path) -> None:
    """Articles outside the reference's range are not read; l and k come from the reference."""
    write_topic(tmp_path, TRUCE, [SIGNED, ("2020-10-24", ["It holds ."])])
    result = evaluate_tls(tmp_path, rouge="python")
    assert result["timelines"] == 1
    row = result["per_timeline"][0]
    assert (row["l"], row["k"], row["dates"]) == (2, 1, 2)
    assert row["date_f1"] > 0
    # what `dateline timeline` would pick untold, against the editor's l and k: two days that
    # have sentences, one sentence each (ln(2/2) = ln(1/1) = 0)
    assert (row["default_l"], row["default_k"]) == (2, 1)
    assert (result["default_l_log_ratio"], result["default_k_log_ratio"]) == (0.0, 0.0)
    assert set(result) >= {
        "align_rouge_1_f",
        "align_rouge_2_f",
        "concat_rouge_1_f",
        "concat_rouge_2_f",
        "date_f1",
        "per_timeline",
    }


@pytest.mark.slow
def test_floor_on_a_small_t17_topic(tmp_path: Path) -> None:
    root = shared_path("data", "t17")
    # H1N1_guardian: 75 articles, 12 reference dates. Measured (tilse's Python ROUGE):
    # align+ m:1 ROUGE-1 F1 0.196, ROUGE-2 F1 0.063, date F1 0.696.
    result = evaluate_tls(root, rouge="python", topics=["H1N1_guardian"], cache=tmp_path)
    assert result["timelines"] == 1
    assert result["align_rouge_1_f"] >= 0.17
    assert result["align_rouge_2_f"] >= 0.05
    assert result["date_f1"] >= 0.6


def test_reference_dates_summarise_the_references_own_days(tmp_path: Path) -> None:
    """The diagnostic keeps our summaries and takes the reference's dates; a date no article
    has a sentence for gets no entry, so date recall says how many reference dates are reachable."""
    write_topic(tmp_path, TRUCE, [SIGNED, ("2020-10-26", ["Talks resume ."])])
    result = evaluate_tls(tmp_path, rouge="python", reference_dates=True)
    assert result["dates"] == "reference"
    assert (result["date_precision"], result["date_recall"]) == (1.0, 0.5)
    assert result["align_rouge_1_f"] > 0
    assert evaluate_tls(tmp_path, rouge="python")["dates"] == "ours"
