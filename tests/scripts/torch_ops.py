#!/usr/bin/python3
"""PyTorch side of the op cross-check (tests/nn/torch_crosscheck_test.cpp).

Reads <dir>/manifest.json: a list of cases, each {"name", "op", "dir", "attrs", "grad": [bool per
input]}. For each case loads <case dir>/in<i>.npy, evaluates the op in PyTorch (CPU, float32,
one thread), writes out.npy, and when an upstream gradient dout.npy exists, backpropagates it and
writes grad<i>.npy for every input that requires grad.
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def ids(a, key):
    return torch.tensor(a[key], dtype=torch.int64)


def lstm(x, a):
    """torch.nn.LSTM (seq-first) with weights x[1:] in nn.LSTM's parameter order; returns the
    output, then h_n and c_n, flattened and joined. Runs the kernel nn.LSTM runs (_VF.lstm) on
    the given tensors so their gradients come back; checks the parameter names first."""
    layers, hidden = a["layers"], a["hidden"]
    module = torch.nn.LSTM(x[0].shape[2], hidden, layers)
    names = [n for n, _ in module.named_parameters()]
    assert names == a["names"], f"nn.LSTM parameters are {names}, simrec sends {a['names']}"
    zero = torch.zeros(layers, x[0].shape[1], hidden)
    out, h, c = torch._VF.lstm(x[0], (zero, zero), x[1:], True, layers, 0.0, False, False, False)
    return torch.cat([out.reshape(-1), h.reshape(-1), c.reshape(-1)])


OPS = {
    # element-wise and broadcasting
    "add": lambda x, a: x[0] + x[1],
    "sub": lambda x, a: x[0] - x[1],
    "mul": lambda x, a: x[0] * x[1],
    "div": lambda x, a: x[0] / x[1],
    "affine": lambda x, a: x[0] * a["scale"] + a["shift"],
    # unary
    "relu": lambda x, a: torch.relu(x[0]),
    "sigmoid": lambda x, a: torch.sigmoid(x[0]),
    "tanh": lambda x, a: torch.tanh(x[0]),
    "exp": lambda x, a: torch.exp(x[0]),
    "log": lambda x, a: torch.log(x[0]),
    "sqrt": lambda x, a: torch.sqrt(x[0]),
    "pow": lambda x, a: torch.pow(x[0], a["p"]),
    "clamp": lambda x, a: torch.clamp(x[0], a["lo"], a["hi"]),
    "log_sigmoid": lambda x, a: F.logsigmoid(x[0]),
    # reductions
    "sum": lambda x, a: x[0].sum(dim=a["axes"], keepdim=a["keepdim"]),
    "mean": lambda x, a: x[0].mean(dim=a["axes"], keepdim=a["keepdim"]),
    # matrix products
    "matmul": lambda x, a: x[0] @ x[1],
    "matmul_t": lambda x, a: x[0] @ x[1].t(),
    "bmm": lambda x, a: torch.matmul(x[0], x[1].transpose(1, 2) if a["trans_b"] else x[1]),
    "linear": lambda x, a: F.linear(x[0], x[1], x[2]),
    # shape ops
    "permute": lambda x, a: x[0].permute(*a["perm"]).contiguous(),
    "slice": lambda x, a: x[0].narrow(a["axis"], a["start"], a["length"]).contiguous(),
    "concat": lambda x, a: torch.cat(x, dim=a["axis"]),
    # indexing
    "index_select": lambda x, a: x[0].index_select(0, ids(a, "ids")),
    "gather": lambda x, a: torch.gather(x[0], 1, ids(a, "idx").reshape(a["idx_shape"])),
    "embedding_bag": lambda x, a: F.embedding_bag(
        ids(a, "ids"), x[0], ids(a, "offsets")[:-1], mode=a["mode"],
        per_sample_weights=x[1] if len(x) > 1 else None),
    # normalisation
    "softmax": lambda x, a: torch.softmax(x[0], dim=a["axis"]),
    "log_softmax": lambda x, a: torch.log_softmax(x[0], dim=a["axis"]),
    "layer_norm": lambda x, a: F.layer_norm(x[0], (x[0].shape[-1],), x[1], x[2], eps=a["eps"]),
    # losses
    "bce_with_logits": lambda x, a: F.binary_cross_entropy_with_logits(
        x[0], x[1], weight=x[2] if len(x) > 2 else None, reduction=a["reduction"]),
    "mse": lambda x, a: F.mse_loss(x[0], x[1], reduction=a["reduction"]),
    "softmax_cross_entropy": lambda x, a: F.cross_entropy(x[0], ids(a, "labels"),
                                                          reduction=a["reduction"]),
    "pairwise_log_sigmoid": lambda x, a: -F.logsigmoid(x[0] - x[1]).mean(),
    "sampled_softmax": lambda x, a: sampled_softmax(x, a),
    # layers
    "lstm": lstm,
}


def sampled_softmax(x, a):
    """Reference sampled softmax: positive in column 0, shared negatives, temperature before the
    log-Q correction, accidental hits masked to the lowest float (see nn/losses/sampled_softmax.hpp)."""
    user, label_rows, sampled_rows = x
    labels, sampled = ids(a, "labels"), ids(a, "sampled")
    pos = (user * label_rows).sum(1, keepdim=True) / a["temperature"]
    neg = user @ sampled_rows.t() / a["temperature"]
    if a["logq"]:
        pos = pos - torch.tensor(a["label_log_q"], dtype=pos.dtype).unsqueeze(1)
        neg = neg - torch.tensor(a["sampled_log_q"], dtype=neg.dtype).unsqueeze(0)
    if a["remove_hits"]:
        hit = labels.unsqueeze(1) == sampled.unsqueeze(0)
        neg = neg.masked_fill(hit, torch.finfo(neg.dtype).min)
    logits = torch.cat([pos, neg], dim=1)
    return F.cross_entropy(logits, torch.zeros(len(labels), dtype=torch.int64))


def main():
    root = sys.argv[1]
    with open(f"{root}/manifest.json") as f:
        manifest = json.load(f)
    for case in manifest["cases"]:
        d = case["dir"]
        xs = []
        for i, needs in enumerate(case["grad"]):
            t = torch.from_numpy(np.load(f"{d}/in{i}.npy"))
            xs.append(t.requires_grad_(bool(needs)))
        op = OPS.get(case["op"])
        if op is None:
            print(f"torch_ops.py: unknown op '{case['op']}' in case {case['name']}")
            return 2
        out = op(xs, case["attrs"])
        np.save(f"{d}/out.npy", out.detach().numpy())
        if any(case["grad"]):
            dout = torch.from_numpy(np.load(f"{d}/dout.npy"))
            out.backward(dout)
            for i, t in enumerate(xs):
                if t.requires_grad:
                    g = t.grad if t.grad is not None else torch.zeros_like(t)
                    np.save(f"{d}/grad{i}.npy", g.numpy())
    return 0


if __name__ == "__main__":
    sys.exit(main())
