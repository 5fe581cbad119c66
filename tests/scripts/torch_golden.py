#!/usr/bin/python3
"""PyTorch side of the golden end-to-end test (tests/nn/golden_test.cpp).

Usage: torch_golden.py DIR MODEL   with MODEL in {mlp, lstm}.
Reads DIR/manifest.json (parameter names in simrec order) and DIR/param_<name>.npy, DIR/x.npy,
DIR/y.npy; builds the same model in PyTorch from those weights; writes DIR/torch_out.npy,
DIR/torch_loss.npy, DIR/torch_grad_<name>.npy, then takes 5 Adam steps (lr from the manifest) on
the same batch and writes DIR/torch_step5_<name>.npy.
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def load(d, name):
    return torch.from_numpy(np.load(f"{d}/{name}.npy"))


def mlp_forward(params, names, x):
    # Linear layers "0.weight", "0.bias", "1.weight", ...; ReLU between layers, none after the last.
    layers = len(names) // 2
    h = x
    for k in range(layers):
        h = F.linear(h, params[f"{k}.weight"], params[f"{k}.bias"])
        if k + 1 < layers:
            h = torch.relu(h)
    return h.squeeze(-1)


def main():
    d, model = sys.argv[1], sys.argv[2]
    with open(f"{d}/manifest.json") as f:
        manifest = json.load(f)
    names = manifest["params"]
    x, y = load(d, "x"), load(d, "y")

    if model == "mlp":
        params = {n: load(d, "param_" + n).clone().requires_grad_(True) for n in names}
        leaves = [params[n] for n in names]

        def forward():
            return mlp_forward(params, names, x)

        def loss_fn(out):
            return F.binary_cross_entropy_with_logits(out, y)
    elif model == "lstm":
        cfg = manifest["lstm"]
        lstm = torch.nn.LSTM(cfg["input"], cfg["hidden"], cfg["layers"])  # seq-first
        head = torch.nn.Linear(cfg["hidden"], 1)
        modules = {"lstm." + k: v for k, v in lstm.named_parameters()}
        modules.update({"head." + k: v for k, v in head.named_parameters()})
        with torch.no_grad():
            for n in names:
                modules[n].copy_(load(d, "param_" + n))
        leaves = [modules[n] for n in names]

        def forward():
            out, _ = lstm(x)
            return head(out[-1]).squeeze(-1)

        def loss_fn(out):
            return F.mse_loss(out, y)
    else:
        print("unknown model", model)
        return 2

    out = forward()
    loss = loss_fn(out)
    loss.backward()
    np.save(f"{d}/torch_out.npy", out.detach().numpy())
    np.save(f"{d}/torch_loss.npy", loss.detach().numpy())
    for n, p in zip(names, leaves):
        np.save(f"{d}/torch_grad_{n}.npy", p.grad.numpy())

    opt = torch.optim.Adam(leaves, lr=manifest["lr"])
    opt.zero_grad()
    for _ in range(5):
        opt.zero_grad()
        loss_fn(forward()).backward()
        opt.step()
    for n, p in zip(names, leaves):
        np.save(f"{d}/torch_step5_{n}.npy", p.detach().numpy())
    return 0


if __name__ == "__main__":
    sys.exit(main())
