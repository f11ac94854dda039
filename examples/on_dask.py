"""A table of offers ranked on a Dask cluster (the optional extra "dask").

Run from the repository root:  python examples/on_dask.py [SCHEDULER_ADDRESS]

Without an address it starts a local cluster of two worker processes; with one
(tcp://HOST:PORT) it ranks on that cluster, whose workers need tradeoff installed and
the files at the same paths.
"""

import sys
from pathlib import Path

import dask.dataframe as dd
import pandas as pd

import tradeoff
import tradeoff.dask

HERE = Path(__file__).parent


def main() -> None:
    scenario = tradeoff.load(HERE / "it-outsourcing.toml")
    address = sys.argv[1] if len(sys.argv) > 1 else None
    with tradeoff.dask.client_for(address, workers=2):
        # Files: a partition per Parquet row group and per CSV file.
        result = tradeoff.dask.rank(str(HERE / "offers"), scenario, top=3)
        print(f"Ranked {result.ranked} offers; the best three:")
        for row in result.rows:
            print(f"  {row.rank}. {row.name:<24} {row.score:.4f}")

        # A Dask DataFrame: every row's score as a Series beside it.
        frame = dd.from_pandas(pd.read_csv(HERE / "offers" / "offers-1.csv"), npartitions=4)
        scores = tradeoff.dask.scores(frame, scenario).compute()
        print(f"Best row of offers-1.csv: {frame['name'].compute()[scores.idxmax()]} ({scores.max():.4f})")

        # SMAA-2: how often each offer is first when the weights are uncertain.
        found = tradeoff.dask.sensitivity(str(HERE / "offers"), scenario, samples=1000, ranks=1)
        print(f"Most often first: {found.names[0]} ({found.acceptability[0, 0]:.0%} of 1,000 weight samples)")


if __name__ == "__main__":  # worker processes import this file: they must not run it
    main()
