"""Benchmark of the survey aggregation for `make bench` (issue: 1,000,000 responses × 40 items by group and wave
in under 5 s and at least 5 × faster than plain pandas groupby, identical numbers).

Both sides compute the same cells: n, mean, SD, median and the counts per scale point of every item per group and
wave. `run(n, items)` returns {"polars_s", "pandas_s", "ratio", "cells"} and raises AssertionError when the numbers
differ. pandas is a test/bench dependency only.
"""

from __future__ import annotations

import math
import time


def _data(n: int, items: int, seed: int = 1):
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(seed)
    columns = {}
    for j in range(items):
        values = rng.integers(1, 7, n).astype("float64")
        values[rng.random(n) < 0.1] = np.nan
        columns[f"i{j}"] = values
    frame = pl.DataFrame(columns).with_columns(
        [pl.col(f"i{j}").fill_nan(None) for j in range(items)]
        + [pl.Series("__g", rng.choice(["Kommune", "Jobcenter", "AA", "Wirtschaft", "Träger", "STM"], n)),
           pl.Series("__w", rng.choice(["W1", "W2"], n))])
    return frame, columns


def run(n: int = 1_000_000, items: int = 40) -> dict:
    import pandas as pd

    from quartiersnetz.analytics.survey_stats import aggregate_frame

    frame, columns = _data(n, items)
    names = [f"i{j}" for j in range(items)]
    start = time.perf_counter()
    cells = aggregate_frame(frame, items=names, scale=(1, 6), group_col="__g", wave_col="__w", min_cell=1)
    polars_s = time.perf_counter() - start
    df = pd.DataFrame({**columns, "__g": frame["__g"].to_list(), "__w": frame["__w"].to_list()})
    start = time.perf_counter()
    grouped = df.groupby(["__g", "__w"])
    plain = grouped[names].agg(["count", "mean", "std", "median"])
    counts = {name: grouped[name].value_counts() for name in names}
    pandas_s = time.perf_counter() - start
    for cell in cells:
        if cell.group is None:
            continue
        row = plain.loc[(cell.group, cell.wave), cell.item]
        assert cell.n == row["count"]
        for ours, theirs in ((cell.mean, row["mean"]), (cell.sd, row["std"]), (cell.median, row["median"])):
            assert math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-9), (cell, row)
        theirs_counts = counts[cell.item].loc[(cell.group, cell.wave)]
        assert {p: int(theirs_counts.get(float(p), 0)) for p in range(1, 7)} == cell.counts
    return {"polars_s": polars_s, "pandas_s": pandas_s, "ratio": pandas_s / polars_s, "cells": len(cells)}


if __name__ == "__main__":  # pragma: no cover
    print(run())
