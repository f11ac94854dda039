"""Every row of a table bigger than memory in rank order: a distribution sort on disk.

Full ranks need a sort.  The rows' scores are already on disk (`tradeoff.core.stream`
writes them in the score pass); then:

1. a sample of the scores (about `SAMPLE` of them, evenly spaced) gives the edges
   that cut the scores into buckets of about `BUCKET_ROWS` rows each, best first;
2. one pass over the spill writes each row (name, values, score) to its bucket's file
   (an Arrow IPC stream);
3. each bucket in turn is read whole, sorted by score (ties in the table's order), and
   ranked, its first tie chain continuing the last bucket's
   (`tradeoff.core.ranks.continued_ranks`), so the ranks are `competition_ranks`' of
   the whole.

Cost: one more read of the spill and one write and read of the rows (name, values,
score); memory: one bucket, about `BUCKET_ROWS` rows at a time.  A score shared by more
rows than a bucket holds makes its bucket bigger (rows with one score stay together);
at most `MAX_BUCKETS` files are open, so beyond 5e8 rows buckets grow with the table.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from .ranks import continued_ranks

#: Rows of a bucket, about: a bucket of 5 criteria and 20-byte names is ~ 80 MB.
BUCKET_ROWS = 1 << 20
#: Scores sampled for the buckets' edges.
SAMPLE = 1 << 17
#: Bucket files open at once, at most.
MAX_BUCKETS = 512


def in_rank_order(
    blocks: Any, n: int, higher_is_better: bool, folder: Path, schema: Any, *, bucket_rows: int = BUCKET_ROWS
) -> Iterator[Any]:
    """pyarrow tables of every row, best first, with a ``rank`` column: `blocks()` gives
    a fresh iterator of pyarrow tables (name, values..., score) in the table's order."""
    import pyarrow as pa

    buckets = max(1, min(MAX_BUCKETS, math.ceil(n / bucket_rows)))
    edges = _edges(blocks(), n, buckets, higher_is_better)
    folder.mkdir()
    paths = [folder / f"bucket{b:04d}.arrow" for b in range(buckets)]
    sinks = [pa.OSFile(str(p), "wb") for p in paths]
    writers = [pa.ipc.new_stream(s, schema) for s in sinks]
    try:
        for table in blocks():
            key = _key(table.column("score").to_numpy(), higher_is_better)
            which = np.searchsorted(edges, key, side="right")
            order = np.argsort(which, kind="stable")
            cuts = np.searchsorted(which[order], np.arange(buckets + 1))
            ordered = table.take(pa.array(order))
            for b in range(buckets):
                if cuts[b] < cuts[b + 1]:
                    writers[b].write_table(ordered.slice(cuts[b], cuts[b + 1] - cuts[b]))
    finally:
        for w, s in zip(writers, sinks):
            w.close()
            s.close()
    ranked, carry = 0, None
    ranks_schema = schema.append(pa.field("rank", pa.int64()))
    for path in paths:
        with pa.memory_map(str(path)) as source:
            bucket = pa.ipc.open_stream(source).read_all()
        path.unlink()
        if not bucket.num_rows:
            continue
        scores = bucket.column("score").to_numpy()
        order = np.argsort(_key(scores, higher_is_better), kind="stable")  # ties: the table's order
        bucket = bucket.take(pa.array(order))
        scores = scores[order]
        ranks = continued_ranks(scores, higher_is_better, ranked, carry)
        ranked += len(scores)
        carry = (float(scores[-1]), int(ranks[-1]))
        yield pa.Table.from_arrays([*bucket.columns, pa.array(ranks)], schema=ranks_schema)


def _key(scores: np.ndarray, higher_is_better: bool) -> np.ndarray:
    """Scores as a key that sorts best first."""
    return -scores if higher_is_better else scores


def _edges(tables: Iterator[Any], n: int, buckets: int, higher_is_better: bool) -> np.ndarray:
    """Keys cutting the rows into `buckets` of about equal size, from an even sample."""
    if buckets == 1:
        return np.zeros(0)
    step = max(1, n // SAMPLE)
    picked, seen = [], 0
    for table in tables:
        scores = table.column("score").to_numpy()
        first = (-seen) % step
        picked.append(scores[first::step])
        seen += len(scores)
    sample = _key(np.concatenate(picked), higher_is_better)
    return np.unique(np.quantile(sample, np.linspace(0, 1, buckets + 1)[1:-1]))
