from __future__ import annotations

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from dateline.model import (
    Actor,
    AnnotatedArticle,
    Article,
    Event,
    Quote,
    Role,
    Sentence,
    TimeExpr,
    article_id,
    from_dict,
    normalize_text,
    to_dict,
)

words = st.text(min_size=0, max_size=30)


@given(text=st.text(min_size=1), published=st.none() | st.dates(), warnings=st.lists(words, max_size=3))
def test_article_json_round_trip(text: str, published: date | None, warnings: list[str]) -> None:
    article = Article(article_id(text), text, published, "header", source="TASS", warnings=tuple(warnings))
    assert from_dict(Article, json.loads(json.dumps(to_dict(article)))) == article


@given(aliases=st.lists(words, max_size=4), title=words, start=st.none() | words)
def test_actor_with_roles_round_trip(aliases: list[str], title: str, start: str | None) -> None:
    actor = Actor("person:x", "X", "PERSON", "RUS", "GOV", tuple(aliases), (Role(title, "RUS", start, None),))
    assert from_dict(Actor, json.loads(json.dumps(to_dict(actor)))) == actor


def test_annotated_article_round_trip() -> None:
    article = Article("a1", "Putin called Conte on Thursday.", date(2019, 12, 26), "header")
    doc = AnnotatedArticle(
        article,
        sentences=(Sentence("a1", 0, 0, 31, article.text, "2019-12-26", "day", "explicit", 0.9),),
        timexes=(TimeExpr("a1", 22, 30, "Thursday", "DATE", "2019-12-26", "2019-12-26", "tense", 0),),
        quotes=(Quote("a1", 0, 5, "Putin", None, None, None, False),),
        events=(Event("e1", "a1", 0, "CONSULT", "called", 6, 12, mode="phone", context=("diplomacy",)),),
        parse=object(),
    )
    data = json.loads(json.dumps(to_dict(doc)))
    assert "parse" not in data
    assert from_dict(AnnotatedArticle, data) == doc  # parse is not compared


def test_article_id_ignores_typography_and_spacing() -> None:
    assert article_id("\u201cWe agreed,\u201d he said.\n") == article_id('"We agreed," he  said.')
    assert normalize_text("  a\u00a0 b ") == "a b"
