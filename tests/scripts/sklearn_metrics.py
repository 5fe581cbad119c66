#!/usr/bin/python3
"""scikit-learn side of the metric cross-check (tests/results/metrics_sklearn_test.cpp).

Reads a JSON file of named inputs, computes the same metrics with scikit-learn / numpy, and
prints one JSON object of results.
"""
import json
import sys

import numpy as np
from sklearn import metrics


def main():
    with open(sys.argv[1]) as f:
        d = json.load(f)
    y, s = np.array(d["labels"]), np.array(d["scores"])
    p = np.clip(np.array(d["probs"]), 1e-15, 1 - 1e-15)
    out = {
        "auc": metrics.roc_auc_score(y, s),
        "log_loss": float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))),
        "mse": metrics.mean_squared_error(d["reg_y"], d["reg_pred"]),
        "mae": metrics.mean_absolute_error(d["reg_y"], d["reg_pred"]),
        "ari": metrics.adjusted_rand_score(d["part_a"], d["part_b"]),
        "ndcg": metrics.ndcg_score(np.array(d["rel"]), np.array(d["rel_scores"]), k=d["k"]),
    }
    # GAUC: per-group roc_auc weighted by group size, groups with one class skipped.
    g = np.array(d["groups"])
    num = den = 0.0
    for grp in np.unique(g):
        m = g == grp
        if len(np.unique(y[m])) == 2:
            num += m.sum() * metrics.roc_auc_score(y[m], s[m])
            den += m.sum()
    out["gauc"] = num / den
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
