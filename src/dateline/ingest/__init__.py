"""Reading articles from the forms users have them in, and spotting copies."""

from dateline.ingest.dedup import NearDuplicates, signature
from dateline.ingest.readers import FORMATS, Problem, ReadOptions, detect_format, parse_date, read_path, read_paths
from dateline.ingest.seed import parse_dateline, parse_seed

__all__ = [
    "FORMATS",
    "NearDuplicates",
    "Problem",
    "ReadOptions",
    "detect_format",
    "parse_date",
    "parse_dateline",
    "parse_seed",
    "read_path",
    "read_paths",
    "signature",
]
