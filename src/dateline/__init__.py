"""dateline: dated news reports in, a sourced record of a crisis and a dated timeline out.

The functions here are the public API; every `dateline` command calls one of them. Note that
``dateline.ingest`` is the function; the readers live in the package ``dateline.ingest``
(``from dateline.ingest import read_paths``).
"""

import logging

from dateline.api import (
    IngestError,
    IngestReport,
    ResolveReport,
    annotate,
    annotate_parquet,
    annotated_json,
    demo,
    entities,
    entity,
    events,
    explain,
    export,
    export_events,
    ingest,
    load,
    places,
    quotes,
    resolve,
    sample_corpus,
    search,
    show,
    stats,
    timeline,
    timeml,
)
from dateline.ingest.readers import Problem, ReadOptions
from dateline.pipeline.base import PipelineError, make_pipeline
from dateline.store import SchemaError, Store, StoreError, open_store

__version__ = "0.1.0"

__all__ = [
    "IngestError",
    "IngestReport",
    "PipelineError",
    "Problem",
    "ReadOptions",
    "ResolveReport",
    "SchemaError",
    "Store",
    "StoreError",
    "annotate",
    "annotate_parquet",
    "annotated_json",
    "demo",
    "entities",
    "entity",
    "events",
    "explain",
    "export",
    "export_events",
    "ingest",
    "load",
    "make_pipeline",
    "open_store",
    "places",
    "quotes",
    "resolve",
    "sample_corpus",
    "search",
    "show",
    "stats",
    "timeline",
    "timeml",
]

logging.getLogger("dateline").addHandler(logging.NullHandler())
