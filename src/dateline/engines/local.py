"""The local engine: the stages in this process, or in a pool of worker processes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from dateline.model import AnnotatedArticle, Article
from dateline.pipeline.base import Stage, make_pipeline, run_pipeline

__all__ = ["LocalEngine", "default_workers"]

# Below this many articles a batch runs in-process: starting workers (each loads the stages)
# costs more than it saves.
_POOL_MIN = 8
_worker_stages: tuple[Stage, ...] = ()


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def _start_worker(names: tuple[str, ...] | None) -> None:
    global _worker_stages  # noqa: PLW0603  (one pipeline per worker process, set once at start)
    _worker_stages = make_pipeline(names)


def _annotate_in_worker(article: Article) -> AnnotatedArticle:
    return run_pipeline(_worker_stages, AnnotatedArticle(article))


class LocalEngine:
    """Annotates articles, keeping their order. Stages load once per process."""

    def __init__(self, stages: Sequence[str] | None = None, *, workers: int = 1) -> None:
        self.names = None if stages is None else tuple(stages)
        self.stages = make_pipeline(self.names)  # checks the order before any work
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def annotate(self, articles: Sequence[Article]) -> Iterator[AnnotatedArticle]:
        if self.workers == 1 or len(articles) < _POOL_MIN:
            yield from (run_pipeline(self.stages, AnnotatedArticle(a)) for a in articles)
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.names,),
            )
        chunk = max(1, len(articles) // (self.workers * 4))
        yield from self._pool.map(_annotate_in_worker, articles, chunksize=chunk)

    def annotate_all(self, articles: Iterable[Article]) -> list[AnnotatedArticle]:
        return list(self.annotate(list(articles)))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
