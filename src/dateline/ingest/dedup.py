"""Near-duplicate wire copies: MinHash over word shingles, indexed with LSH (datasketch)."""

from __future__ import annotations

import re
import zlib

import numpy as np
from datasketch import MinHash, MinHashLSH

from dateline.model import normalize_text

__all__ = ["NUM_PERM", "SHINGLE", "THRESHOLD", "NearDuplicates", "jaccard", "signature"]

# Chosen on data with `python benchmarks/dedup.py` (Timeline17 + the sample corpus): of the
# Timeline17 pairs at Jaccard >= 0.5 on word 3-shingles, the ones we read were all one story
# (wire updates, a Reuters story reprinted by Fox News at 0.52, a running timeline re-issued
# at 0.54). Between 0.3 and 0.5 updates of one story (0.32) sit beside different stories that
# share page boilerplate (0.38-0.42), so a lower threshold would hide real reports. We prefer
# missing a copy to merging two stories: 0.5.
THRESHOLD = 0.5
SHINGLE = 3
NUM_PERM = 128
SCHEME = "affine32"  # datasketch's default hashing scheme; stored signatures must be read back with it
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> set[bytes]:
    words = _WORD.findall(normalize_text(text).lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> MinHash:
    # CRC-32 is deterministic across processes and, being C, ten times faster than datasketch's SHA-1.
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=zlib.crc32)
    minhash.update_batch(list(_shingles(text)))
    return minhash


def jaccard(a: str, b: str) -> float:
    """Exact Jaccard similarity of two texts' shingle sets (for measuring the estimate)."""
    left, right = _shingles(a), _shingles(b)
    return len(left & right) / len(left | right) if left | right else 1.0


class NearDuplicates:
    """An index of article signatures that answers: which earlier article is this a copy of?"""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, key: str, minhash: MinHash) -> None:
        if key not in self._signatures:
            self._lsh.insert(key, minhash)
            self._signatures[key] = minhash

    def original_of(self, minhash: MinHash) -> str | None:
        """The most similar indexed article at or above the threshold, if any."""
        best, best_score = None, self.threshold
        for key in sorted(self._lsh.query(minhash)):
            score = minhash.jaccard(self._signatures[key])
            if score >= best_score:
                best, best_score = key, score
        return best

    @staticmethod
    def to_bytes(minhash: MinHash) -> bytes:
        return bytes(minhash.hashvalues.astype(np.uint64).tobytes())  # 64-bit: the same bytes for every scheme

    @staticmethod
    def from_bytes(data: bytes) -> MinHash:
        return MinHash(
            num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME, hashfunc=zlib.crc32
        )
