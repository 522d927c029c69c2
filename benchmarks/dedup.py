"""How similar are copies and non-copies? The data behind dateline's near-duplicate threshold.

    python benchmarks/dedup.py [FOLDER ...]

For every pair of articles whose MinHash estimate reaches 0.2, prints the exact Jaccard
similarity of their word 3-shingles as a histogram, with a few example pairs per band,
so the threshold (dateline.ingest.dedup.THRESHOLD) can be placed in the gap between
rewrites of one story and different stories on the same topic.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from datasketch import MinHashLSH

from dateline.ingest import Problem, read_paths, signature
from dateline.ingest.dedup import NUM_PERM, THRESHOLD, jaccard

ROOT = Path(__file__).resolve().parents[1]
DEFAULTS = [ROOT.parent / "shared" / "data" / "t17", ROOT / "src" / "dateline" / "samples" / "libya" / "articles"]


def main() -> None:
    folders = [Path(a) for a in sys.argv[1:]] or [d for d in DEFAULTS if d.exists()]
    articles = [a for a in read_paths([str(f) for f in folders]) if not isinstance(a, Problem)]
    lsh = MinHashLSH(threshold=0.2, num_perm=NUM_PERM)
    pairs: list[tuple[float, str, str]] = []
    texts: dict[str, str] = {}
    for article in articles:
        key = article.path or article.id
        if article.text in texts.values():
            continue
        minhash = signature(article.text)
        for other in lsh.query(minhash):
            pairs.append((jaccard(article.text, texts[other]), other, key))
        lsh.insert(key, minhash)
        texts[key] = article.text
    bands = Counter(min(int(score * 10), 9) for score, _, _ in pairs)
    print(f"{len(texts)} distinct articles, {len(pairs)} candidate pairs (MinHash estimate >= 0.2)")
    print(f"threshold in use: {THRESHOLD}")
    for band in range(2, 10):
        print(f"  Jaccard {band / 10:.1f}-{(band + 1) / 10:.1f}: {bands.get(band, 0)} pairs")
    for score, left, right in sorted(pairs, reverse=True):
        if 0.25 <= score <= 0.75:
            print(f"  {score:.2f}  {left}\n        {right}")


if __name__ == "__main__":
    main()
