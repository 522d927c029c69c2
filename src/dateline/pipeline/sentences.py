"""Sentence boundaries by rule: fast, deterministic and the same on every engine."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from dateline.model import AnnotatedArticle, Sentence
from dateline.pipeline.base import Stage

__all__ = ["SentenceStage", "split_sentences"]

# Words that end with a period without ending a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "maj",
        "capt",
        "sgt",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "rev",
        "hon",
        "pres",
        "messrs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "nos",
        "vs",
        "etc",
        "inc",
        "corp",
        "co",
        "ltd",
        "dept",
        "univ",
        "est",
        "approx",
        "fig",
        "al",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "u.s.a",
        "e.u",
        "a.m",
        "p.m",
    ]
)
# A sentence ends at . ! or ? (and any closing quotes or brackets) before a space and a capital,
# a digit or an opening quote.
_END = re.compile(r"""[.!?]+["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018(\[]?[A-Z0-9`])""")
_LINE = re.compile(r"[^\n]+")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every sentence; line breaks always end a sentence."""
    for line in _LINE.finditer(text):
        start = line.start()
        for end in _ends(line.group()):
            yield from _trimmed(text, start, line.start() + end)
            start = line.start() + end
        yield from _trimmed(text, start, line.end())


def _ends(line: str) -> Iterator[int]:
    for match in _END.finditer(line):
        word = _WORD_BEFORE.search(line, 0, match.start() + 1)
        if match.group()[0] == "." and word and _is_abbreviation(word.group(1)):
            continue
        yield match.end()


def _is_abbreviation(word: str) -> bool:
    # Single capitals are initials ("George W. Bush"), dotted forms are acronyms ("U.S.").
    return (len(word) == 1 and word.isupper()) or word.lower().rstrip(".") in _ABBREVIATIONS


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


class SentenceStage(Stage):
    name = "dateline.sentences.v1"
    requires = frozenset({"article"})
    assigns = frozenset({"sentences"})

    def __call__(self, doc: AnnotatedArticle) -> AnnotatedArticle:
        text = doc.article.text
        sentences = tuple(
            Sentence(doc.article.id, index, start, end, text[start:end])
            for index, (start, end) in enumerate(split_sentences(text))
        )
        return dataclasses.replace(
            doc, sentences=sentences, stats=(*doc.stats, (self.name, "sentences", len(sentences)))
        )
