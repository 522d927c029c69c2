"""What a stage is, the registry of stages by versioned name, and the pipeline that checks their order."""

from __future__ import annotations

import dataclasses
import importlib
import time
from collections.abc import Iterable, Sequence
from typing import ClassVar

from dateline.model import AnnotatedArticle

__all__ = ["DEFAULT_STAGES", "STAGES", "PipelineError", "Stage", "make_pipeline", "make_stage", "run_pipeline"]


class PipelineError(ValueError):
    """A pipeline that cannot run: unknown stage or a stage whose inputs come later."""


class Stage:
    """A pure step over one article.

    A stage declares the fields of ``AnnotatedArticle`` it reads (``requires``) and
    the ones it fills (``assigns``); it touches no database, no network and no
    global mutable state, and loads heavy resources once per process.
    """

    name: ClassVar[str] = ""
    requires: ClassVar[frozenset[str]] = frozenset()
    assigns: ClassVar[frozenset[str]] = frozenset()

    def __call__(self, doc: AnnotatedArticle) -> AnnotatedArticle:
        raise NotImplementedError


# Versioned name -> "module:Class". Stages load lazily so that importing dateline stays cheap.
STAGES: dict[str, str] = {
    "dateline.sentences.v1": "dateline.pipeline.sentences:SentenceStage",
    "dateline.timex.v1": "dateline.pipeline.timex:TimexStage",
    "dateline.parse.v1": "dateline.pipeline.parse:ParseStage",
    "dateline.entities.v1": "dateline.pipeline.entities:EntityStage",
    "dateline.actors.v1": "dateline.pipeline.actors:ActorStage",
    "dateline.places.v1": "dateline.pipeline.places:PlaceStage",
    "dateline.quotes.v1": "dateline.pipeline.quotes:QuoteStage",
    "dateline.events.v1": "dateline.pipeline.events:EventStage",
}

# The stages `ingest` and `annotate` run unless told otherwise, in order.
DEFAULT_STAGES: tuple[str, ...] = (
    "dateline.sentences.v1",
    "dateline.timex.v1",
    "dateline.parse.v1",
    "dateline.entities.v1",
    "dateline.actors.v1",
    "dateline.places.v1",
    "dateline.quotes.v1",
    "dateline.events.v1",
)


def make_stage(name: str) -> Stage:
    """The stage registered under ``name``."""
    try:
        module_name, class_name = STAGES[name].split(":")
    except KeyError:
        known = ", ".join(sorted(STAGES))
        raise PipelineError(f"E001 unknown stage {name!r}; known stages: {known}") from None
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise PipelineError(f"E004 stage {name} cannot be loaded: {error}") from None
    stage: Stage = getattr(module, class_name)()
    return stage


def make_pipeline(names: Iterable[str] | None = None) -> tuple[Stage, ...]:
    """Stages in order, checked before any work: each one's inputs must be assigned earlier."""
    stages = tuple(make_stage(name) for name in (DEFAULT_STAGES if names is None else names))
    available = {"article"}
    for stage in stages:
        missing = stage.requires - available
        if missing:
            raise PipelineError(
                f"E002 stage {stage.name} needs {', '.join(sorted(missing))}, which no stage before it assigns"
            )
        available |= stage.assigns
    return stages


def run_pipeline(stages: Sequence[Stage], doc: AnnotatedArticle) -> AnnotatedArticle:
    """Run every stage on one article, recording each stage's time in ``stats``."""
    for stage in stages:
        began = time.perf_counter()
        doc = stage(doc)
        elapsed = time.perf_counter() - began
        doc = dataclasses.replace(
            doc,
            stats=(*doc.stats, (stage.name, "seconds", elapsed)),
            done=(*doc.done, stage.name),
        )
    return dataclasses.replace(doc, parse=None)
