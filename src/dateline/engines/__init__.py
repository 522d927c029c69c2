"""Engines run the pipeline's stages: in this process or a pool of processes (`local`), or on Spark."""

from dateline.engines.local import LocalEngine

__all__ = ["LocalEngine"]
