"""Actors: mentions resolved to canonical actors; the actor list loaded, validated and indexed.

Every sentence here is written for these tests; none comes from a corpus.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path

import pytest

from dateline.ingest.readers import read_paths
from dateline.model import Actor, AnnotatedArticle, Article, article_id
from dateline.pipeline.actors import ActorStage
from dateline.pipeline.base import Stage, make_pipeline, run_pipeline
from dateline.resources.actors import (
    ActorListError,
    alias_key,
    load_actors,
    make_actor_index,
    read_actor_file,
    role_key,
    surname_key,
)
from tests.conftest import shared_path

JUN16 = date(2020, 6, 16)
DEC26 = date(2019, 12, 26)


@functools.cache
def _stages() -> tuple[Stage, ...]:
    names = ["dateline.sentences.v1", "dateline.parse.v1", "dateline.entities.v1", "dateline.actors.v1"]
    return make_pipeline(names)


def annotate(text: str, published: date | None = JUN16) -> AnnotatedArticle:
    article = Article(article_id(text), text, published, "option" if published else "unknown")
    return run_pipeline(_stages(), AnnotatedArticle(article))


def actor_of(doc: AnnotatedArticle, mention: str) -> Actor:
    ids = {e.actor for e in doc.entities if e.text == mention}
    assert len(ids) == 1, (mention, ids)
    actors = {a.id: a for a in doc.actors}
    return actors[ids.pop()]  # type: ignore[index]


# (text, date, mention, (id, kind, country, sector))
CASES = [
    (
        "Russian Foreign Minister Sergey Lavrov told reporters the talks were useful.",
        JUN16,
        "Sergey Lavrov",
        ("person:sergey-lavrov", "PERSON", "RUS", "GOV"),
    ),
    (
        "Field Marshal Khalifa Hifter rejected the plan.",
        JUN16,
        "Khalifa Hifter",
        ("person:khalifa-haftar", "PERSON", "LBY", "MIL"),
    ),
    (
        "Russia's top diplomat said the talks were useful.",
        JUN16,
        "Russia's top diplomat",
        ("person:sergey-lavrov", "PERSON", "RUS", "GOV"),
    ),
    (
        "The Italian prime minister said Rome was concerned.",
        DEC26,
        "Italian prime minister",
        ("person:giuseppe-conte", "PERSON", "ITA", "GOV"),
    ),
    ("The Libyan National Army (LNA) advanced.", JUN16, "LNA", ("org:libyan-national-army", "ORG", "LBY", "MIL")),
    ("The Houthis fired missiles.", JUN16, "Houthis", ("group:houthis", "GROUP", "YEM", "REB")),
    ("Libyan forces advanced.", JUN16, "Libyan", ("country:LBY", "COUNTRY", "LBY", None)),
    ("The UN envoy arrived in Tripoli.", JUN16, "Tripoli", ("place:tripoli", "PLACE", "LBY", None)),
    # a person the list does not know: country and sector from the words around the name
    (
        "Libyan militia commander Salem Juha said his men held the bridge.",
        JUN16,
        "Salem Juha",
        ("person:salem-juha", "PERSON", "LBY", "REB"),
    ),
    (
        "Mohammed Khalil Aziz, a commander of the Tripoli Protection Force, said the road was open.",
        JUN16,
        "Mohammed Khalil Aziz",
        ("person:mohammed-khalil-aziz", "PERSON", "LBY", "MIL"),
    ),
    (
        "Turkish Foreign Ministry spokesman Hami Aksoy said Ankara would respond.",
        JUN16,
        "Hami Aksoy",
        ("person:hami-aksoy", "PERSON", "TUR", "GOV"),
    ),
    # an organisation the list does not know: kind, sector and country from its name
    (
        "The Halbous Brigade attacked the airport.",
        JUN16,
        "Halbous Brigade",
        ("group:halbous-brigade", "GROUP", None, "REB"),
    ),
    # an office held by someone else then: the role of that date decides
    ("Sisi said Egypt would act.", date(2013, 1, 5), "Sisi", ("person:abdel-fattah-al-sisi", "PERSON", "EGY", "GOV")),
]


@pytest.mark.parametrize(("text", "published", "mention", "expected"), CASES)
def test_actor(text: str, published: date, mention: str, expected: tuple[str, str, str | None, str | None]) -> None:
    actor = actor_of(annotate(text, published), mention)
    assert (actor.id, actor.kind, actor.country, actor.sector) == expected


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("Sergey Lavrov met Josep Borrell. Lavrov said the talks were useful.", ["Sergey Lavrov", "Lavrov"]),
        (
            "Abdullah Abdurrahman al-Thani's cabinet met. Al-Thani said the budget was ready.",
            ["Abdullah Abdurrahman al-Thani", "Al-Thani"],
        ),
        (
            "The Government of National Accord (GNA) protested. The GNA said...",
            ["Government of National Accord", "GNA"],
        ),
        ("Salem Juha spoke first. Then Juha left.", ["Salem Juha", "Juha"]),
        (
            "Sergey Lavrov spoke. Russia's top diplomat said the talks were useful.",
            ["Sergey Lavrov", "Russia's top diplomat"],
        ),
    ],
)
def test_one_actor_within_an_article(text: str, mentions: list[str]) -> None:
    doc = annotate(text)
    ids = {e.actor for e in doc.entities if e.text in mentions}
    assert len(ids) == 1 and None not in ids


def test_nationality_modifying_a_role_is_no_actor_of_its_own() -> None:
    doc = annotate("Russian Foreign Minister Sergey Lavrov spoke.")
    assert [a.id for a in doc.actors if a.kind == "PERSON"] == ["person:sergey-lavrov"]
    assert not any(a.id.startswith(("norp:", "group:russian")) for a in doc.actors)


def test_same_surname_different_people_stay_apart() -> None:
    doc = annotate("Ali Abdullah Saleh and Aguila Saleh were named.", date(2011, 5, 1))
    ids = {e.actor for e in doc.entities if e.label == "PERSON"}
    assert ids == {"person:ali-abdullah-saleh", "person:aguila-saleh-issa"}


def test_every_actor_is_referenced_and_stats_are_kept() -> None:
    doc = annotate("Khalifa Haftar met Fayez al-Sarraj in Abu Dhabi.")
    assert {e.actor for e in doc.entities} == {a.id for a in doc.actors}
    counters = {counter for stage, counter, _ in doc.stats if stage == ActorStage.name}
    assert {"actors", "listed_actors", "new_actors"} <= counters


def test_no_entities_no_actors() -> None:
    doc = annotate("It rained all day.")
    assert doc.actors == ()


# (seed file, mention, expected id, kind, country, sector)
SEED_ACTORS = [
    ("000", "Sergey Lavrov", "person:sergey-lavrov", "PERSON", "RUS", "GOV"),
    ("000", "Lavrov", "person:sergey-lavrov", "PERSON", "RUS", "GOV"),
    ("000", "Russia’s top diplomat", "person:sergey-lavrov", "PERSON", "RUS", "GOV"),
    ("000", "Josep Borrell", "person:josep-borrell", "PERSON", None, "IGO"),
    ("000", "European Union", "org:european-union", "ORG", None, "IGO"),
    ("000", "EU", "org:european-union", "ORG", None, "IGO"),
    ("000", "Government of National Accord", "org:government-of-national-accord", "ORG", "LBY", "GOV"),
    ("000", "GNA", "org:government-of-national-accord", "ORG", "LBY", "GOV"),
    ("000", "Fayez al-Sarraj", "person:fayez-al-sarraj", "PERSON", "LBY", "GOV"),
    ("000", "Abdullah Abdurrahman al-Thani", "person:abdullah-al-thani", "PERSON", "LBY", "GOV"),
    ("000", "Libyan National Army", "org:libyan-national-army", "ORG", "LBY", "MIL"),
    ("000", "LNA", "org:libyan-national-army", "ORG", "LBY", "MIL"),
    ("000", "Khalifa Haftar", "person:khalifa-haftar", "PERSON", "LBY", "MIL"),
    ("000", "Vladimir Putin", "person:vladimir-putin", "PERSON", "RUS", "GOV"),
    ("000", "NATO", "org:nato", "ORG", None, "IGO"),
    ("000", "UN", "org:united-nations", "ORG", None, "IGO"),
    ("000", "Russia", "country:RUS", "COUNTRY", "RUS", None),
    ("002", "Giuseppe Conte", "person:giuseppe-conte", "PERSON", "ITA", "GOV"),
    ("002", "Conte", "person:giuseppe-conte", "PERSON", "ITA", "GOV"),
    ("002", "Dmitry Peskov", "person:dmitry-peskov", "PERSON", "RUS", "GOV"),
    ("002", "Recep Tayyip Erdogan", "person:recep-tayyip-erdogan", "PERSON", "TUR", "GOV"),
    ("002", "Erdogan", "person:recep-tayyip-erdogan", "PERSON", "TUR", "GOV"),
    ("002", "Kremlin", "org:kremlin", "ORG", "RUS", "GOV"),
    ("002", "Abdullah al-Thani", "person:abdullah-al-thani", "PERSON", "LBY", "GOV"),
    ("002", "Haftar", "person:khalifa-haftar", "PERSON", "LBY", "MIL"),
    ("002", "Khalifa Haftar", "person:khalifa-haftar", "PERSON", "LBY", "MIL"),
    ("002", "Turkish", "country:TUR", "COUNTRY", "TUR", None),
]


@functools.cache
def _seed_docs() -> dict[str, AnnotatedArticle]:
    folder = shared_path("seeds")
    docs = {}
    for article in read_paths([str(folder)]):
        assert isinstance(article, Article)
        docs[Path(article.path or "").name[:3]] = run_pipeline(_stages(), AnnotatedArticle(article))
    return docs


@pytest.mark.parametrize(("seed", "mention", "ident", "kind", "country", "sector"), SEED_ACTORS)
def test_seed_actors(seed: str, mention: str, ident: str, kind: str, country: str | None, sector: str | None) -> None:
    actor = actor_of(_seed_docs()[seed], mention)
    assert (actor.id, actor.kind, actor.country, actor.sector) == (ident, kind, country, sector)


# --- the actor list ----------------------------------------------------------------------


def test_bundled_list_loads_and_is_large() -> None:
    index = load_actors()
    kinds = [actor.kind for actor in index.actors.values()]
    assert len(kinds) >= 400
    assert kinds.count("COUNTRY") >= 190
    assert kinds.count("PERSON") >= 300
    for name in ("Khalifa Haftar", "Fayez al-Sarraj", "LNA", "GNA", "Giuseppe Conte", "Wagner Group", "Houthis"):
        assert index.lookup(name), name


@pytest.mark.parametrize(
    ("office", "country", "day", "holder"),
    [
        ("foreign_minister", "RUS", date(2020, 6, 16), "person:sergey-lavrov"),
        ("head_of_government", "ITA", date(2019, 12, 26), "person:giuseppe-conte"),
        ("head_of_government", "ITA", date(2021, 3, 1), "person:mario-draghi"),
        ("head_of_state", "USA", date(2018, 1, 1), "person:donald-trump"),
        ("foreign_minister", "USA", date(2014, 5, 1), "person:john-kerry"),
        ("head_of_government", "GBR", date(2019, 8, 1), "person:boris-johnson"),
        ("head_of_state", "TUR", date(2020, 1, 1), "person:recep-tayyip-erdogan"),
    ],
)
def test_dated_offices(office: str, country: str, day: date, holder: str) -> None:
    assert [a.id for a in load_actors().holders(office, country, day)] == [holder]


@pytest.mark.parametrize(
    ("text", "key"),
    [("the Libyan National Army", "libyan national army"), ("al-Sarraj’s", "al sarraj"), ("U.S.", "us"),
     ("Çavuşoğlu", "cavusoglu")],
)  # fmt: skip
def test_alias_key(text: str, key: str) -> None:
    assert alias_key(text) == key


@pytest.mark.parametrize(
    ("name", "surname"),
    [("Fayez al-Sarraj", "sarraj"), ("Abdullah II", "abdullah"), ("Khalifa Haftar", "haftar"), ("Putin", "putin")],
)
def test_surname_key(name: str, surname: str) -> None:
    assert surname_key(name) == surname


@pytest.mark.parametrize(
    ("title", "key"), [("Foreign Minister", "foreign_minister"), ("President", "head_of_state"), ("Spokesman", None)]
)
def test_role_key(title: str, key: str | None) -> None:
    assert role_key(title) == key


COUNTRY = '{"name": "Libya", "kind": "COUNTRY", "country": "LBY", "demonyms": ["Libyan"]}'


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("{not json", "E400"),
        ('["a list"]', "E401"),
        ('{"name": "X", "kind": "PERSON", "colour": "red"}', "E401"),
        ('{"kind": "PERSON"}', "E402"),
        ('{"name": "X", "kind": "ROBOT"}', "E402"),
        ('{"name": "X", "kind": "PERSON", "aliases": "Y"}', "E403"),
        ('{"name": "X", "kind": "PERSON", "country": "Libya"}', "E404"),
        ('{"name": "X", "kind": "COUNTRY"}', "E404"),
        ('{"name": "X", "kind": "PERSON", "roles": [{"title": "President", "start": "June 2020"}]}', "E406"),
        ('{"name": "X", "kind": "PERSON", "roles": [{"title": "President", "start": "2020", "end": "2019"}]}', "E406"),
        ('{"name": "X", "kind": "PERSON", "roles": [{"start": "2020"}]}', "E405"),
        ('{"name": "X", "kind": "PERSON", "sector": "ARMY"}', "E407"),
        ('{"name": "X", "kind": "ORG", "part_of": "US military"}', "E402"),
    ],
)
def test_invalid_lines_name_their_line(tmp_path: Path, line: str, code: str) -> None:
    path = tmp_path / "actors.jsonl"
    path.write_text(f"# my actors\n{COUNTRY}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(ActorListError, match=rf"^{code} .*line 4\)$"):
        list(read_actor_file(path))


def test_unknown_country_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "actors.jsonl"
    path.write_text('{"name": "X", "kind": "PERSON", "country": "ZZZ"}\n', encoding="utf-8")
    with pytest.raises(ActorListError, match="E408"):
        make_actor_index(list(read_actor_file(path)))


@pytest.mark.parametrize("part_of", ["org:nowhere", "org:x"])
def test_part_of_must_name_another_actor(tmp_path: Path, part_of: str) -> None:
    path = tmp_path / "actors.jsonl"
    path.write_text(f'{{"id": "org:x", "name": "X", "kind": "ORG", "part_of": "{part_of}"}}\n', encoding="utf-8")
    with pytest.raises(ActorListError, match=f"E408 org:x: part_of {part_of}"):
        make_actor_index(list(read_actor_file(path)))


def test_user_file_extends_the_list(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    entry = {
        "name": "Salem Juha",
        "kind": "PERSON",
        "country": "LBY",
        "aliases": ["Juha"],
        "roles": [{"title": "Commander of the Misrata militias", "start": "2019"}],
    }
    path.write_text(json.dumps(entry) + "\n", encoding="utf-8")
    index = load_actors((str(path),))
    (actor,) = index.lookup("Juha")
    assert (actor.id, actor.sector) == ("person:salem-juha", "MIL")
    assert index.lookup("Khalifa Haftar")


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(ActorListError, match="E409"):
        load_actors((str(tmp_path / "absent.jsonl"),))


def test_a_leader_leads_the_body_a_title_names_while_the_role_lasts(tmp_path: Path) -> None:
    path = tmp_path / "actors.jsonl"
    lines = [
        COUNTRY,
        '{"id": "org:eastern-army", "name": "Eastern Army", "kind": "ORG", "country": "LBY", "sector": "MIL"}',
        '{"id": "person:a", "name": "Omar Adel", "kind": "PERSON", "country": "LBY", "roles": ['
        '{"title": "Commander of the Eastern Army", "start": "2015-03-02", "end": "2021-01-01"}, '
        '{"title": "President", "country": "LBY", "start": "2019-05-01"}]}',
        '{"id": "person:b", "name": "Saleh Adel", "kind": "PERSON", "country": "LBY", "roles": ['
        '{"title": "Commander in the Eastern Army", "start": "2016"}]}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    index = make_actor_index(list(read_actor_file(path)))
    assert index.led("person:a", date(2020, 6, 1)) == {"org:eastern-army", "country:LBY"}
    assert index.led("person:a", date(2018, 6, 1)) == {"org:eastern-army"}  # not yet president
    assert index.led("person:a", date(2022, 6, 1)) == {"country:LBY"}  # no longer commander
    assert index.led("person:a") == {"org:eastern-army", "country:LBY"}
    assert index.led("person:b", date(2020, 6, 1)) == frozenset()  # a commander in it leads none of it
    assert index.led("org:eastern-army") == frozenset()
