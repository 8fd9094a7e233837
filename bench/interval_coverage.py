"""Coverage of the composite's bounds by simulation, with skips that depend on satisfaction.

Each run draws an electorate of N workers, each with a satisfaction propensity (a beta-distributed
respondent effect, so one person's answers hang together) and 9 items; a dissatisfied answer is
skipped with probability 0.5, a satisfied one with 0.05 (informative skips). The truth is the
official composite (weighted mean of item rates, skips excluded) over all N. Each vote samples n
of them without replacement and computes the bounds exactly as the application does
(`estimation.influence` and `composite_estimate` on the ballots' SUM(z*z)). Reported: how often
the one-sided 95% lower bound is at or below the truth (goal 0.95), and how often the two-sided
90% interval covers it (goal 0.90). Votes whose sample has no spread get no interval and are left out.

Usage: python3 bench/interval_coverage.py [--runs 2000] [--seed 1]
"""
import argparse
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from survey.domain import estimation  # noqa: E402
from survey.domain.rules import RATE, ItemCount  # noqa: E402

ITEMS, WEIGHTS = 9, np.array([2, 2, 1, 1, 1, 1, 1, 1, 1])
SKIP_DISSATISFIED, SKIP_SATISFIED = 0.5, 0.05


def electorate(rng, size):
    propensity = rng.beta(6, 1.5, size=size)[:, None]  # mean 0.8
    satisfied = (rng.random((size, ITEMS)) < propensity).astype(float)
    answered = (rng.random((size, ITEMS)) >= np.where(satisfied == 1, SKIP_SATISFIED, SKIP_DISSATISFIED)).astype(float)
    return satisfied * answered, answered


def composite(values, answered) -> Fraction:
    a = answered.sum(axis=0)
    return sum(Fraction(int(w) * int(s), int(n)) for w, s, n in zip(WEIGHTS, values.sum(axis=0), a) if n) / int(
        WEIGHTS[a > 0].sum())


def bounds(values, answered, population):
    counts = [ItemCount(str(j), int(WEIGHTS[j]), int(answered[:, j].sum()), int(values[:, j].sum()), 0)
              for j in range(ITEMS)]
    influence = estimation.influence(RATE, counts)
    c = np.array([influence.get(str(j), (0.0, 0.0))[0] for j in range(ITEMS)])
    r = np.array([influence.get(str(j), (0.0, 0.0))[1] for j in range(ITEMS)])
    z = ((values - r) * answered * c).sum(axis=1)
    return estimation.composite_estimate(composite(values, answered), float((z * z).sum()), len(values), population)


def simulation() -> tuple[argparse.Namespace, np.random.Generator]:
    """The simulation benches' options (`--runs`, `--seed`) and their seeded generator."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    return args, np.random.default_rng(args.seed)


def main() -> None:
    args, rng = simulation()
    print("| ballots n of N | lower bound ≤ truth | 90% interval covers |")
    print("| --- | ---: | ---: |")
    for n, size in ((10, 1000), (30, 1000), (100, 1000), (100, 200)):
        lower = both = runs = 0
        for _ in range(args.runs):
            values, answered = electorate(rng, size)
            truth = float(composite(values, answered))
            pick = rng.choice(size, n, replace=False)
            found = bounds(values[pick], answered[pick], size)
            if found.low is None:
                continue  # no spread in the sample: no interval, no claim
            runs += 1
            lower += found.low <= truth
            both += found.low <= truth <= found.high
        print(f"| {n} of {size} | {lower / runs:.3f} | {both / runs:.3f} |")


if __name__ == "__main__":
    main()
