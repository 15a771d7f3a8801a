"""Content hashes for exact duplicates; MinHash signatures and LSH bands for near-duplicates."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

NUM_PERM = 128
THRESHOLD = 0.6  # Jaccard similarity of word 3-shingles above which two texts are one story
BANDS, ROWS = _optimal_param(THRESHOLD, NUM_PERM, 0.5, 0.5)
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
WORD = re.compile(r"\w+")


def normalise_for_hash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(text: str) -> str:
    """SHA-256 of the text with whitespace collapsed: the same article stored once."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


def shingles(text: str, k: int = 3) -> set[bytes]:
    """Word k-shingles; CJK text is split into characters first."""
    words = WORD.findall(CJK.sub(lambda m: f" {m.group(0)} ", text.lower()))
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


SCHEME = "affine32"


def signature(text: str) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch(list(shingles(text)))
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return mh.hashvalues.astype(np.uint64).tobytes()


def similarity(mh: MinHash, blob: bytes) -> float:
    """Estimated Jaccard similarity between a signature and a stored one (MinHash.jaccard, on bytes)."""
    other = np.frombuffer(blob, dtype=np.uint64)
    return float(np.count_nonzero(mh.hashvalues.astype(np.uint64) == other)) / NUM_PERM


def band_keys(mh: MinHash) -> list[str]:
    """The LSH buckets a signature falls into: band number and a hash of the band's rows."""
    values = mh.hashvalues.astype(np.uint64)
    return [
        f"{b:03d}{hashlib.blake2b(values[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).hexdigest()}"
        for b in range(BANDS)
    ]
