#!/usr/bin/python3
"""PyTorch side of the optimizer cross-check (tests/nn/optim_test.cpp).

Reads <dir>/manifest.json: a list of cases, each {"name", "dir", "optimizer", "options",
"steps", "sparse_rows"}. For each case loads <case dir>/p0.npy (the float32 parameter) and
g<s>.npy (the gradient of step s, same shape), runs `steps` steps of the torch optimizer and
writes p<s>.npy after every step. When "sparse_rows" is a list (one list of row ids per step),
the gradient of step s is handed to torch as a sparse COO tensor holding only those rows of
g<s> (SGD, Adagrad and SparseAdam accept sparse gradients).
"""
import json
import sys

import numpy as np
import torch

torch.set_num_threads(1)

OPTIMIZERS = {
    "SGD": torch.optim.SGD,
    "Adagrad": torch.optim.Adagrad,
    "Adam": torch.optim.Adam,
    "AdamW": torch.optim.AdamW,
    "SparseAdam": torch.optim.SparseAdam,
}


def main():
    root = sys.argv[1]
    with open(f"{root}/manifest.json") as f:
        manifest = json.load(f)
    for case in manifest["cases"]:
        d = case["dir"]
        p = torch.nn.Parameter(torch.from_numpy(np.load(f"{d}/p0.npy")))
        opt = OPTIMIZERS[case["optimizer"]]([p], **case["options"])
        for s in range(case["steps"]):
            g = torch.from_numpy(np.load(f"{d}/g{s}.npy"))
            rows = case.get("sparse_rows")
            if rows is not None:
                idx = torch.tensor(rows[s], dtype=torch.int64)
                p.grad = torch.sparse_coo_tensor(idx.unsqueeze(0), g[idx], g.shape)
            else:
                p.grad = g
            opt.step()
            np.save(f"{d}/p{s}.npy", p.detach().numpy())
    return 0


if __name__ == "__main__":
    sys.exit(main())
