"""Entities read off combined tags: a student whose tagger predicts ``TAG|BILUO`` for each token.

spaCy's transition-based entity recogniser costs more than the rest of a small pipeline together.
A student can instead learn one label per token that joins the fine-grained tag and the entity
BILUO tag (``NNP|B-PERSON``, ``VBD|O``); this component, placed right after the tagger, puts the
fine-grained part back into ``token.tag_`` and turns the BILUO parts into ``doc.ents``. Inconsistent
sequences are repaired leniently: an ``I-``/``L-`` that does not continue an open entity of the same
label starts one, and an entity still open at an ``O``, ``B-`` or ``U-`` is closed before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

__all__ = ["FACTORY", "SEPARATOR", "TagEntities", "entities_from_biluo", "join_tag"]

FACTORY = "dateline_tag_entities"
SEPARATOR = "|"


def join_tag(tag: str, biluo: str) -> str:
    return f"{tag}{SEPARATOR}{biluo}"


def entities_from_biluo(labels: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) token spans from per-token BILUO labels, repairing broken sequences."""
    spans: list[tuple[int, int, str]] = []
    open_start, open_label = -1, ""
    for i, tag in enumerate(labels):
        move, _, label = tag.partition("-")
        if open_label and (move in ("O", "B", "U", "") or label != open_label):
            spans.append((open_start, i, open_label))
            open_start, open_label = -1, ""
        if move == "U":
            spans.append((i, i + 1, label))
        elif move in ("B", "I") and label:
            if not open_label:
                open_start, open_label = i, label
        elif move == "L" and label:
            spans.append((open_start if open_label else i, i + 1, label))
            open_start, open_label = -1, ""
    if open_label:
        spans.append((open_start, len(labels), open_label))
    return spans


class TagEntities:
    def __init__(self, vocab: Vocab, name: str = FACTORY) -> None:
        self.vocab = vocab
        self.name = name
        self._split: dict[int, tuple[int, str]] = {}

    def __call__(self, doc: Doc) -> Doc:
        biluo = []
        split = self._split
        for token in doc:
            parts = split.get(token.tag)
            if parts is None:
                tag, _, ent = token.tag_.partition(SEPARATOR)
                parts = split[token.tag] = (int(self.vocab.strings.add(tag)) if tag else 0, ent or "O")
            token.tag = parts[0]
            biluo.append(parts[1])
        doc.ents = [Span(doc, start, end, label=label) for start, end, label in entities_from_biluo(biluo)]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TagEntities:
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> TagEntities:
        return self


@Language.factory(FACTORY)
def make_tag_entities(nlp: Language, name: str) -> TagEntities:
    return TagEntities(nlp.vocab, name)
