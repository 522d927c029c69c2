"""Named-entity scores: re3d and CoNLL readers, the flat reading of re3d, and the scorer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.evaluate.ner import (
    CONLL_LABELS,
    GoldEntity,
    NerDoc,
    read_conll,
    read_re3d,
    score_directory,
    score_ner,
)
from dateline.model import Entity
from tests.conftest import shared_path

TEXT = "Syria accused Israel. Turkish Foreign Minister Mevlut Cavusoglu met the rebels west of Damascus."


def _write_re3d(root: Path) -> None:
    folder = root / "Some Source"
    folder.mkdir(parents=True)
    (folder / "documents.json").write_text(json.dumps({"_id": "D1", "text": TEXT}) + "\n", encoding="utf-8")

    def ann(value: str, kind: str, confidence: float, nth: int = 0) -> dict[str, object]:
        start = -1
        for _ in range(nth + 1):
            start = TEXT.index(value, start + 1)
        return {"documentId": "D1", "begin": start, "end": start + len(value), "type": kind, "value": value,
                "confidence": confidence}  # fmt: skip

    rows = [
        ann("Syria", "Location", 0),
        ann("Syria", "Organisation", 1),
        ann("Israel", "Organisation", 0.9),
        ann("Turkish Foreign Minister Mevlut Cavusoglu", "Person", 1),
        ann("Mevlut Cavusoglu", "Person", 0),
        ann("Turkish", "Nationality", 0),
        ann("the rebels", "Organisation", 1),
        ann("west of Damascus", "Location", 1),
        ann("Damascus", "Location", 0),
    ]
    (folder / "entities.json").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")


def test_read_re3d_takes_a_flat_reading(tmp_path: Path) -> None:
    _write_re3d(tmp_path)
    (doc,) = read_re3d(tmp_path)
    assert [(g.text, g.type, g.named) for g in doc.gold] == [
        ("Syria", "ORG", True),
        ("Israel", "ORG", True),
        ("Turkish Foreign Minister Mevlut Cavusoglu", "PERSON", True),
        ("the rebels", "ORG", False),
        ("west of Damascus", "LOC", True),
    ]
    assert {g.text for g in doc.nested} == {"Syria", "Mevlut Cavusoglu", "Turkish", "Damascus"}


def _entity(text: str, label: str, nth: int = 0) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return Entity("D1", start, start + len(text), text, label)


def test_score_re3d(tmp_path: Path) -> None:
    _write_re3d(tmp_path)
    docs = read_re3d(tmp_path)
    predicted = {
        "D1": [
            _entity("Syria", "GPE"),  # a country matches a gold Organisation
            _entity("Israel", "GPE"),
            _entity("Turkish", "NORP"),  # an annotation the flat reading left out: not scored
            _entity("Mevlut Cavusoglu", "PERSON"),
            _entity("Damascus", "GPE"),
        ]
    }
    result = score_ner(docs, predicted)
    assert result["ORG"]["relaxed"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 2, "fp": 0, "fn": 0}
    assert result["PERSON"]["relaxed"]["tp"] == 1 and result["PERSON"]["strict"]["tp"] == 0
    assert result["LOC"]["relaxed"]["tp"] == 1 and result["LOC"]["strict"]["fp"] == 0
    assert result["NORP"]["relaxed"]["fp"] == 0
    assert result["ALL"]["relaxed"]["f1"] == 1.0
    everything = score_ner(docs, predicted, named_only=False)
    assert everything["ORG"]["relaxed"]["fn"] == 1  # "the rebels"


CONLL = """-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
call NN I-NP O
. . O O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER

-DOCSTART- -X- -X- O

BRUSSELS NNP B-NP B-LOC
"""


def test_read_conll(tmp_path: Path) -> None:
    path = tmp_path / "test.txt"
    path.write_text(CONLL, encoding="utf-8")
    first, second = read_conll(path)
    assert first.text == "EU rejects German call .\nPeter Blackburn\n"
    assert [(g.text, g.type) for g in first.gold] == [("EU", "ORG"), ("German", "NORP"), ("Peter Blackburn", "PERSON")]
    assert [(g.text, g.type) for g in second.gold] == [("BRUSSELS", "LOC")]


@pytest.mark.parametrize(
    ("label", "gold_type", "right"),
    [
        ("PERSON", "PERSON", True),
        ("GPE", "LOC", True),
        ("FAC", "LOC", True),
        ("GPE", "ORG", False),
        ("ORG", "LOC", False),
    ],
)
def test_conll_label_mapping(label: str, gold_type: str, right: bool) -> None:
    doc = NerDoc("d", "Paris is big.", (GoldEntity(0, 5, gold_type, "Paris"),))
    result = score_ner([doc], {"d": [Entity("d", 0, 5, "Paris", label)]}, CONLL_LABELS)
    assert (result["ALL"]["strict"]["tp"] == 1) is right


def test_the_and_possessive_do_not_matter_strictly() -> None:
    text = "the European Union's plan"
    doc = NerDoc("d", text, (GoldEntity(0, 18, "ORG", "the European Union"),))
    result = score_ner([doc], {"d": [Entity("d", 4, 20, "European Union's", "ORG")]})
    assert result["ORG"]["strict"]["tp"] == 1


def test_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="E442"):
        score_directory(tmp_path / "absent")
    with pytest.raises(ValueError, match="E440"):
        score_directory(tmp_path)


@pytest.mark.slow
def test_re3d_floors() -> None:
    result = score_directory(shared_path("data", "ner", "re3d"))
    named = result["named"]
    # Floors a little below the figures measured when this was written (see the report).
    assert named["ALL"]["relaxed"]["f1"] >= FLOORS["ALL"]
    for kind in ("PERSON", "ORG", "LOC", "NORP"):
        assert named[kind]["relaxed"]["f1"] >= FLOORS[kind], kind


FLOORS = {"ALL": 0.80, "PERSON": 0.77, "ORG": 0.83, "LOC": 0.78, "NORP": 0.72}
