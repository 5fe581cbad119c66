#!/usr/bin/python3
"""PyTorch side of the multi-task cross-check (tests/algorithms/multitask_torch_test.cpp).

Usage: torch_multitask.py DIR
Reads DIR/manifest.json ({"model": "mmoe" | "ple", sizes, task flags, weights, "uncertainty",
"params": [names in simrec order]}), DIR/param_<name>.npy, the batch DIR/ids_<f>.npy (int64),
DIR/dense.npy, DIR/labels.npy, DIR/mask.npy (and DIR/log_variance.npy with uncertainty weighting).
Rebuilds the network functionally from the parameters by name (float64), evaluates the masked
multi-task objective of algorithms/multitask/multitask_loss.hpp, backpropagates, and writes
DIR/torch_out.npy, DIR/torch_loss.npy and DIR/torch_grad_<name>.npy for every parameter (plus
torch_grad_log_variance.npy). Fails when a parameter is missing or left unused.
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)


class Params:
    def __init__(self, d, names):
        self.t = {n: torch.from_numpy(np.load(f"{d}/param_{n}.npy")).requires_grad_(True) for n in names}
        self.used = set()

    def __getitem__(self, name):
        self.used.add(name)
        return self.t[name]

    def has(self, name):
        return name in self.t


def mlp(p, prefix, x, final_relu):
    """Linear layers prefix.0, prefix.1, ...; ReLU between them (and after the last if final_relu)."""
    k = 0
    while p.has(f"{prefix}.{k}.weight"):
        x = F.linear(x, p[f"{prefix}.{k}.weight"], p[f"{prefix}.{k}.bias"])
        if final_relu or p.has(f"{prefix}.{k + 1}.weight"):
            x = torch.relu(x)
        k += 1
    assert k > 0, f"no layer under {prefix}"
    return x


def experts(p, prefix, x, n):
    return torch.stack([mlp(p, f"{prefix}.{i}", x, True) for i in range(n)], dim=1)  # [B, n, d]


def gate(p, name, x):
    return torch.softmax(x @ p[name].t(), dim=1)  # [B, n]


def mix(e, g):
    return torch.einsum("bn,bnd->bd", g, e)


def input_layer(p, d, fields, dense):
    parts = [p[f"input.tables.{f}.weight"][torch.from_numpy(np.load(f"{d}/ids_{f}.npy"))] for f in range(fields)]
    if dense is not None:
        parts.append(dense)
    return torch.cat(parts, dim=1)


def mmoe(p, m, e):
    f = experts(p, "experts", e, m["experts"])
    return [mix(f, gate(p, f"gates.{t}.weight", e)) for t in range(m["tasks"])]


def ple(p, m, e):
    T, mt, ms, L = m["tasks"], m["task_experts"], m["shared_experts"], m["levels"]
    branch, shared = [e] * T, e
    for l in range(L):
        pre = f"levels.{l}"
        own = [experts(p, f"{pre}.task_experts.{k}", branch[k], mt) if mt > 0 else None for k in range(T)]
        sh = experts(p, f"{pre}.shared_experts", shared, ms) if ms > 0 else None
        out = []
        for k in range(T):
            pool = torch.cat([x for x in (own[k], sh) if x is not None], dim=1)
            out.append(mix(pool, gate(p, f"{pre}.task_gates.{k}.weight", branch[k])))
        if l + 1 < L:
            pool = torch.cat([x for x in own + [sh] if x is not None], dim=1)
            shared = mix(pool, gate(p, f"{pre}.shared_gate.weight", shared))
        branch = out
    return branch


def objective(z, y, mask, m, log_var):
    binary = torch.tensor(m["binary"], dtype=torch.bool)
    per_cell = torch.where(binary, F.binary_cross_entropy_with_logits(z, y, reduction="none"), (z - y) ** 2)
    counts = mask.sum(0)
    task_loss = (per_cell * mask).sum(0) / counts.clamp(min=1)
    active = counts > 0
    w = torch.tensor(m["weights"], dtype=z.dtype)
    if log_var is not None:
        k = torch.where(binary, torch.ones_like(w), 0.5 * torch.ones_like(w))
        term = k * torch.exp(-log_var) * task_loss + 0.5 * log_var
    else:
        term = task_loss
    return (w * term)[active].sum() / active.sum()


def main():
    d = sys.argv[1]
    with open(f"{d}/manifest.json") as f:
        m = json.load(f)
    p = Params(d, m["params"])
    dense = torch.from_numpy(np.load(f"{d}/dense.npy")) if m["num_dense"] > 0 else None
    e = input_layer(p, d, m["fields"], dense)
    tower_in = {"mmoe": mmoe, "ple": ple}[m["model"]](p, m, e)
    z = torch.cat([mlp(p, f"towers.{t}", tower_in[t], False) for t in range(m["tasks"])], dim=1)
    y = torch.from_numpy(np.load(f"{d}/labels.npy"))
    mask = torch.from_numpy(np.load(f"{d}/mask.npy"))
    log_var = torch.from_numpy(np.load(f"{d}/log_variance.npy")).requires_grad_(True) if m["uncertainty"] else None
    loss = objective(z, y, mask, m, log_var)
    loss.backward()
    unused = set(m["params"]) - p.used
    assert not unused, f"parameters simrec has but the torch model does not use: {sorted(unused)}"
    np.save(f"{d}/torch_out.npy", z.detach().numpy())
    np.save(f"{d}/torch_loss.npy", loss.detach().numpy())
    for n in m["params"]:
        np.save(f"{d}/torch_grad_{n}.npy", p.t[n].grad.numpy())
    if log_var is not None:
        np.save(f"{d}/torch_grad_log_variance.npy", log_var.grad.numpy())
    return 0


if __name__ == "__main__":
    sys.exit(main())
