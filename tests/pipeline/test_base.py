from __future__ import annotations

import pytest

from dateline.model import AnnotatedArticle, Article
from dateline.pipeline.base import STAGES, PipelineError, make_pipeline, run_pipeline
from dateline.pipeline.sentences import split_sentences


def test_unknown_stage_fails_before_work() -> None:
    with pytest.raises(PipelineError, match=r"E001 unknown stage 'dateline\.nothing\.v1'"):
        make_pipeline(["dateline.sentences.v1", "dateline.nothing.v1"])


def test_order_is_checked_before_work() -> None:
    with pytest.raises(PipelineError, match=r"E002 stage dateline\.parse\.v1 needs sentences"):
        make_pipeline(["dateline.parse.v1", "dateline.sentences.v1"])


def test_stage_names_are_versioned() -> None:
    assert all(name.startswith("dateline.") and name.rsplit(".", 1)[1].startswith("v") for name in STAGES)


def test_run_records_time_and_stages() -> None:
    doc = run_pipeline(
        make_pipeline(["dateline.sentences.v1"]), AnnotatedArticle(Article("a", "One. Two.", None, "unknown"))
    )
    assert [s.text for s in doc.sentences] == ["One.", "Two."]
    assert doc.done == ("dateline.sentences.v1",)
    assert ("dateline.sentences.v1", "sentences", 2) in doc.stats


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MOSCOW, June 16. /TASS/. Russia and the EU agree.", ["MOSCOW, June 16. /TASS/.", "Russia and the EU agree."]),
        ("Mr. Saleh met Gen. Haftar. They talked.", ["Mr. Saleh met Gen. Haftar.", "They talked."]),
        ("The U.S. envoy left. Talks ended.", ["The U.S. envoy left.", "Talks ended."]),
        ('"We agreed," he said. "It is done."', ['"We agreed," he said.', '"It is done."']),
        ("George W. Bush spoke. Then he left.", ["George W. Bush spoke.", "Then he left."]),
        ("It happened on Jan. 19 in Berlin.", ["It happened on Jan. 19 in Berlin."]),
        ("First line\nSecond line", ["First line", "Second line"]),
        ("Is it over? Yes! It is.", ["Is it over?", "Yes!", "It is."]),
        ("  \n\n ", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == expected
