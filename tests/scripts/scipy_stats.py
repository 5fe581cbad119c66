"""Reference values for results/stats from scipy (run by tests/results/stats_test.cpp).

Input file: one case per line, "<kind> <x1> <x2> ...", the x being paired differences d = b - a.
Output: one line per case, "<kind> <value> [<value>]" in the same order:
  ttest      p of the two-sided one-sample t-test of d (== paired t-test)
  wilcoxon   two-sided p, zeros dropped ("wilcox"); exact null distribution for <= 25 non-zero
             differences (by brute-force enumeration of the 2^n sign patterns over midranks, which
             scipy's "exact" does not do when there are ties), else scipy's normal approximation
             without continuity correction
  bootstrap  low high of scipy.stats.bootstrap's percentile 95% interval of the mean (10000)
"""
import itertools
import sys

import numpy as np
from scipy import stats


def wilcoxon_p(d):
    d = d[d != 0]
    n = len(d)
    if n == 0:
        return 1.0
    if n > 25:
        return stats.wilcoxon(d, zero_method="wilcox", correction=False, method="approx").pvalue
    ranks = stats.rankdata(np.abs(d))
    w_plus = ranks[d > 0].sum()
    w_min = min(w_plus, ranks.sum() - w_plus)
    below = 0
    for signs in itertools.product((0, 1), repeat=n):
        if np.dot(signs, ranks) <= w_min + 1e-9:
            below += 1
    return min(1.0, 2 * below / 2**n)


def main():
    for line in open(sys.argv[1]):
        parts = line.split()
        if not parts:
            continue
        kind, d = parts[0], np.array([float(x) for x in parts[1:]])
        if kind == "ttest":
            print(kind, repr(float(stats.ttest_1samp(d, 0.0).pvalue)))
        elif kind == "wilcoxon":
            print(kind, repr(float(wilcoxon_p(d))))
        elif kind == "bootstrap":
            ci = stats.bootstrap((d,), np.mean, confidence_level=0.95, n_resamples=10000,
                                 method="percentile", random_state=1).confidence_interval
            print(kind, repr(float(ci.low)), repr(float(ci.high)))
        else:
            sys.exit("unknown kind " + kind)


if __name__ == "__main__":
    main()
