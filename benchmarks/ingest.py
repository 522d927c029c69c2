"""Read + deduplicate + store speed and peak memory on a folder (default: ../shared/data/t17).

    python benchmarks/ingest.py [FOLDER] [--annotate]

Prints articles/s and the peak resident memory of this process. Without --annotate only
reading, duplicate detection and storing are measured (the issue's "read+dedup+store").
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import dateline

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "t17"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default=str(DEFAULT))
    parser.add_argument("--annotate", action="store_true", help="run the default pipeline too")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    if not Path(args.folder).exists():
        sys.exit(f"no such folder: {args.folder}")
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        report = dateline.ingest([args.folder], db=Path(tmp) / "bench.db", annotate=args.annotate, workers=args.workers)
        seconds = time.perf_counter() - began
        size = (Path(tmp) / "bench.db").stat().st_size
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"folder: {args.folder}")
    print(f"mode: {'read+dedup+annotate+store' if args.annotate else 'read+dedup+store'}, workers {args.workers}")
    print(
        f"articles read: {report.read}  new: {report.new}  duplicates: "
        f"{report.exact_duplicates} exact + {report.near_duplicates} near  skipped: {len(report.skipped)}"
    )
    print(f"seconds: {seconds:.2f}  articles/s: {report.read / seconds:.0f}")
    print(f"peak memory: {peak_mib:.0f} MiB  database: {size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
