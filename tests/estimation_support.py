"""Independent computations of the composite's statistics, by another route than the code under test:
the delta method through the covariance matrix of per-ballot (value, answered) pairs, instead of
the linearized values' sum of squares; hypergeometric bounds by summing binomial coefficients."""
import math

import numpy as np
from scipy import stats as st

VALUES = {"satisfied": 1, "fairly": 1, "dissatisfied": 0}  # 3-point rate method: satisfied or not
SCORES = {"satisfied": 100, "fairly": 60, "dissatisfied": 0}


def matrices(ballots, keys, value_of=VALUES):
    """Per ballot and item: its value (0 when skipped) and whether it answered."""
    values = np.array([[value_of[b[k]] if b.get(k) else 0 for k in keys] for b in ballots], dtype=float)
    answered = np.array([[1.0 if b.get(k) else 0.0 for k in keys] for b in ballots])
    return values, answered


def composite(values, answered, weights):
    """The official composite: weighted mean of item rates over items somebody answered."""
    a = answered.sum(axis=0)
    used = (a > 0) & (weights > 0)
    rates = values.sum(axis=0)[used] / a[used]
    return float((weights[used] * rates).sum() / weights[used].sum())


def delta_variance(values, answered, weights, population):
    """Var of the composite by the delta method: gradient' Cov(u) gradient / n, u = (values, answered)."""
    n = len(values)
    a, s = answered.mean(axis=0), values.mean(axis=0)
    used = (a > 0) & (weights > 0)
    w = np.where(used, weights, 0) / weights[used].sum()
    safe = np.where(used, a, 1)
    gradient = np.concatenate([w / safe, -w * s / safe**2])
    cov = np.cov(np.hstack([values, answered]), rowvar=False, ddof=1)
    fpc = 1 - n / population if population else 1.0
    return fpc * float(gradient @ cov @ gradient) / n


def korn_graubard(p, variance, n, top=1.0):
    """(low, high): Clopper–Pearson with the effective sample size, one-sided 95% each way."""
    p, variance = p / top, variance / top**2
    n_eff = n if p in (0, 1) else p * (1 - p) / variance * (st.norm.ppf(0.95) / st.t.ppf(0.95, n - 1)) ** 2
    x = p * n_eff
    low = 0.0 if x == 0 else st.beta.ppf(0.05, x, n_eff - x + 1)
    high = 1.0 if p == 1 else st.beta.ppf(0.95, x + 1, n_eff - x)
    return low * top, high * top


def hypergeometric_bounds(k, n, population, confidence=0.95):
    """Exact bounds by summing C(K, x) C(N - K, n - x) / C(N, n) over the tail."""
    tail, total = (1 - confidence) / 2, math.comb(population, n)

    def pmf(x, K):
        return math.comb(K, x) * math.comb(population - K, n - x) / total

    candidates = range(k, population - (n - k) + 1)
    low = min(K for K in candidates if sum(pmf(x, K) for x in range(k, n + 1)) > tail)
    high = max(K for K in candidates if sum(pmf(x, K) for x in range(0, k + 1)) > tail)
    return low / population, high / population


def fisher_two_sided(table):
    """Fisher's exact p-value summed by hand from the hypergeometric distribution."""
    (a, b), (c, d) = table
    dist = st.hypergeom(a + b + c + d, a + c, a + b)
    observed = dist.pmf(a)
    support = np.arange(max(0, (a + b) - (b + d)), min(a + b, a + c) + 1)
    pmf = dist.pmf(support)
    return float(pmf[pmf <= observed * (1 + 1e-7)].sum())


def welch(change, va, na, vb, nb):
    """(low, high, p) of a difference with variances va, vb and Welch–Satterthwaite df."""
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1))
    half = st.t.ppf(0.975, df) * se
    return change - half, change + half, 2 * st.t.sf(abs(change) / se, df)
