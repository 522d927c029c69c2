"""The PolNeAR loader and the quote attribution scorer, on a small file written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate.quotes import (
    GoldAttribution,
    QuoteDataError,
    SystemAttribution,
    read_ann,
    read_polnear,
    score_quotes,
    system_attributions,
)
from dateline.model import Quote

TEXT = '"We will win," the mayor said. The council thinks the plan is wrong. Rain fell, officials said.'
ANN = """T1\tContent 0 14\t"We will win,"
T2\tSource 15 24\tthe mayor
T3\tCue 25 29\tsaid
T4\tAttribution 25 29\tsaid
E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2
T5\tSource 31 42\tThe council
T6\tCue 43 49\tthinks
T7\tContent 50 67\tthe plan is wrong
T8\tAttribution 43 49\tthinks
E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5
T9\tContent 69 78;79 79\tRain fell
T10\tCue 90 94\tsaid
T11\tAttribution 90 94\tsaid
E3\tAttribution-no-source:T11 Content:T9 Cue:T10
#1\tAnnotatorNotes T1\ta note
T12\tDiscuss 0 3\t"We
"""


def test_read_ann() -> None:
    gold = read_ann(ANN.splitlines(keepends=True))
    assert gold[0] == GoldAttribution(((0, 14),), ((25, 29),), ((15, 24),))
    assert gold[2].source == ()
    assert gold[2].content == ((69, 78), (79, 79))
    assert len(gold) == 3


def test_read_ann_names_the_bad_line() -> None:
    with pytest.raises(QuoteDataError, match="line 2"):
        read_ann(["T1\tContent 0 4\tword\n", "T2\tCue x y\tbad\n"])


def test_read_ann_skips_the_later_lines_of_a_span_over_a_line_break() -> None:
    lines = ["T1\tContent 0 4;6 12\tword\n", "The second line\n", "T2\tCue 13 17\tsaid\n",
             "E1\tAttribution:T2 Content:T1 Cue:T2\n"]  # fmt: skip
    assert read_ann(lines) == (GoldAttribution(((0, 4), (6, 12)), ((13, 17),), ()),)


def test_read_polnear_takes_the_first_annotator(tmp_path: Path) -> None:
    for folder in ("text", "attributions"):
        (tmp_path / "dev" / folder).mkdir(parents=True)
    (tmp_path / "dev" / "text" / "paper_2016-01-01_slug.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "paper_2016-01-01_slug_aaaa.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "paper_2016-01-01_slug_bbbb.ann").write_text("", encoding="utf-8")
    docs = read_polnear(tmp_path, "dev")
    assert [(d.id, len(d.gold)) for d in docs] == [("paper_2016-01-01_slug", 3)]
    with pytest.raises(QuoteDataError):
        read_polnear(tmp_path, "train")


def _quote(start: int, end: int, cue: tuple[int, int], speaker: tuple[int, int], direct: bool) -> Quote:
    return Quote("a", start, end, TEXT[start:end], None, TEXT[speaker[0] : speaker[1]], TEXT[cue[0] : cue[1]],
                 direct, 0, speaker[0], speaker[1], cue[0], cue[1])  # fmt: skip


def test_split_quotes_with_one_cue_are_one_attribution() -> None:
    found = system_attributions([_quote(1, 12, (25, 29), (15, 24), True), _quote(50, 67, (25, 29), (15, 24), True)])
    assert found == [SystemAttribution(((1, 12), (50, 67)), ((25, 29),), ((15, 24),))]


def test_scores() -> None:
    from dateline.evaluate.quotes import QuoteDoc

    gold = read_ann(ANN.splitlines())
    doc = QuoteDoc("d", TEXT, gold)
    system = [
        # the direct quote, without its marks: exact after normalisation; speaker head "mayor" inside gold's
        SystemAttribution(((1, 12),), ((25, 29),), ((19, 24),)),
        # "Rain fell" with a wrong speaker span and the cue right
        SystemAttribution(((69, 78),), ((90, 94),), ((80, 89),)),
        # a false positive
        SystemAttribution(((31, 42),), ((43, 49),), ((0, 3),)),
    ]
    result = score_quotes([doc], [system])
    everything, speech = result["all"], result["speech"]
    assert everything["content_exact"]["gold"] == 3
    assert everything["content_overlap"]["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert everything["content_overlap"]["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert everything["content_exact"]["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert everything["cue"]["f1"] == pytest.approx(1.0)
    # Only the direct quote has a gold source: its speaker is right.
    assert everything["speaker"] == {"accuracy": 1.0, "pairs": 1}
    assert everything["direct_overlap"]["recall"] == 1.0
    assert everything["indirect_overlap"]["gold"] == 2
    # "thinks" is a belief: out of the speech view; the false positive matched nothing and still counts
    assert speech["content_overlap"]["gold"] == 2
    assert speech["content_overlap"]["recall"] == 1.0
    assert speech["content_overlap"]["precision"] == pytest.approx(2 / 3, abs=1e-3)


def test_overlap_below_half_is_no_match() -> None:
    from dateline.evaluate.quotes import QuoteDoc

    doc = QuoteDoc("d", TEXT, (GoldAttribution(((50, 67),), ((43, 49),), ()),))
    result = score_quotes([doc], [[SystemAttribution(((50, 53),), (), ())]])  # "the" of "the plan is wrong"
    assert result["all"]["content_overlap"]["recall"] == 0.0
