"""Size and power of the department test by simulation: the one-way ANOVA of respondents' composite
scores the application uses, against the replaced pseudo-count chi-square (round(SUM(x)) "satisfied"
of n respondents per department).

Four departments of 8, 12, 20 and 40 respondents answer 9 items; each respondent has a
satisfaction propensity (beta-distributed, so their answers hang together) and skips none.
Size: every department has the same mean propensity 0.8. Power: the smallest department's mean
is 0.65. Reported: the share of runs with p < 0.05.

Usage: python3 bench/departments.py [--runs 2000] [--seed 1]
"""
import sys
from pathlib import Path

import numpy as np
from scipy import stats as st

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from interval_coverage import simulation  # noqa: E402
from survey.domain.breakdown import GroupCount, department_test  # noqa: E402

SIZES, ITEMS, CONCENTRATION = (8, 12, 20, 40), 9, 6.0


def scores(rng, size, mean):
    propensity = rng.beta(mean * CONCENTRATION, (1 - mean) * CONCENTRATION, size=size)[:, None]
    return (rng.random((size, ITEMS)) < propensity).mean(axis=1)


def anova_p(groups) -> float:
    test, _reason = department_test([GroupCount(str(i), len(x), float(x.sum()), len(x), (), float((x * x).sum()))
                                     for i, x in enumerate(groups)])
    return 1.0 if test is None else test.p_value


def old_p(groups) -> float:
    table = np.array([[round(x.sum()), len(x) - round(x.sum())] for x in groups])
    if (table.sum(axis=0) == 0).any():
        return 1.0
    return float(st.chi2_contingency(table).pvalue)


def main() -> None:
    args, rng = simulation()
    print("| | ANOVA of scores | old pseudo-count chi-square |")
    print("| --- | ---: | ---: |")
    for label, means in (("size (no difference)", (0.8, 0.8, 0.8, 0.8)), ("power (0.65 in one)", (0.65, 0.8, 0.8, 0.8))):
        new = old = 0
        for _ in range(args.runs):
            groups = [scores(rng, size, mean) for size, mean in zip(SIZES, means)]
            new += anova_p(groups) < 0.05
            old += old_p(groups) < 0.05
        print(f"| {label} | {new / args.runs:.3f} | {old / args.runs:.3f} |")


if __name__ == "__main__":
    main()
