"""Actors merged across articles."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.model import Actor, AnnotatedArticle, Article, Entity
from dateline.resolve.actors import apply_actor_merges, merged_actor_ids

LISTED = {
    "person:khalifa-haftar": Actor("person:khalifa-haftar", "Khalifa Haftar", "PERSON", "LBY", "MIL"),
    "person:abdullah-al-thani": Actor("person:abdullah-al-thani", "Abdullah al-Thani", "PERSON", "LBY", "GOV"),
    "person:tamim-bin-hamad-al-thani": Actor(
        "person:tamim-bin-hamad-al-thani", "Tamim bin Hamad Al Thani", "PERSON", "QAT", "GOV"
    ),
}


def person(name: str, country: str | None = None) -> Actor:
    return Actor("person:" + name.lower().replace(" ", "-"), name, "PERSON", country)


def org(name: str, country: str | None = None, aliases: tuple[str, ...] = ()) -> Actor:
    return Actor("org:" + name.lower().replace(" ", "-"), name, "ORG", country, aliases=aliases)


CASES = [
    # a surname-only person joins the one fuller name with that surname in the corpus
    ([[person("Mismari", "LBY")], [person("Ahmed al Mismari", "LBY")]], {"person:mismari": "person:ahmed-al-mismari"}),
    # ... and a listed actor wins over an unlisted one
    ([[person("Haftar")], [LISTED["person:khalifa-haftar"]]], {"person:haftar": "person:khalifa-haftar"}),
    # two fuller names with the same first name and surname, one inside the other
    (
        [[person("Abdullah Abdurrahman al-Thani", "LBY")], [LISTED["person:abdullah-al-thani"]]],
        {"person:abdullah-abdurrahman-al-thani": "person:abdullah-al-thani"},
    ),
    (
        [[person("Salem Juha")], [person("Salem Ali Juha")]],
        {"person:salem-juha": "person:salem-ali-juha"},
    ),
    # ambiguous surnames stay apart
    (
        [[person("al-Thani")], [LISTED["person:abdullah-al-thani"], LISTED["person:tamim-bin-hamad-al-thani"]]],
        {},
    ),
    # different countries are different people
    ([[person("Juha", "SYR")], [person("Salem Juha", "LBY")]], {}),
    # acronyms join the organisation whose initials they spell
    (
        [[org("TPF")], [org("Tripoli Protection Force", "LBY")]],
        {"org:tpf": "org:tripoli-protection-force"},
    ),
    # organisations sharing a name
    (
        [[org("Halbous Brigade")], [org("Halbous Brigade")], [org("Halbous Brigades", aliases=("Halbous Brigade",))]],
        {"org:halbous-brigades": "org:halbous-brigade"},
    ),
    # two listed actors are never merged
    ([[LISTED["person:abdullah-al-thani"]], [LISTED["person:tamim-bin-hamad-al-thani"]]], {}),
]


@pytest.mark.parametrize(("articles", "expected"), CASES)
def test_merged_actor_ids(articles: list[list[Actor]], expected: dict[str, str]) -> None:
    assert merged_actor_ids(articles, listed=LISTED) == expected


def test_merges_with_the_bundled_list() -> None:
    merges = merged_actor_ids([[person("Hifter", "LBY")], [Actor("person:khalifa-haftar", "Khalifa Haftar", "PERSON")]])
    assert merges == {"person:hifter": "person:khalifa-haftar"}


def test_apply_actor_merges() -> None:
    article = Article("a1", "Mismari spoke.", date(2020, 1, 1), "option")
    doc = AnnotatedArticle(
        article,
        entities=(Entity("a1", 0, 7, "Mismari", "PERSON", actor="person:mismari"),),
        actors=(person("Mismari", "LBY"),),
    )
    merged = apply_actor_merges(doc, {"person:mismari": "person:ahmed-al-mismari"})
    assert merged.entities[0].actor == "person:ahmed-al-mismari"
    assert [a.id for a in merged.actors] == ["person:ahmed-al-mismari"]
    assert apply_actor_merges(doc, {}) is doc
