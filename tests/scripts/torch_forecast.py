#!/usr/bin/python3
"""PyTorch side of the forecaster's window-model cross-check (tests/forecast/window_model_test.cpp).

Usage: torch_forecast.py DIR
Reads DIR/manifest.json (config, parameter names in simrec order, feature names), DIR/param_<name>.npy,
DIR/ids_<feature>.npy (int64, W x B), DIR/label.npy (W x B float32), DIR/target.npy (B float32).
Builds article 003's model in torch (nn.Embedding per feature, seq-first nn.LSTM, head Linear-Tanh-
Linear on the last step), copies the weights, computes the MSE loss against the target and writes
DIR/torch_out.npy, DIR/torch_loss.npy and DIR/torch_grad_<name>.npy for every parameter.
"""
import json
import sys

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)


class WindowModel(nn.Module):
    def __init__(self, vocab, emb_dim, hidden, layers):
        super().__init__()
        self.emb = nn.ModuleDict({name: nn.Embedding(rows, emb_dim) for name, rows in vocab})
        self.names = [name for name, _ in vocab]
        self.lstm = nn.LSTM(len(vocab) * emb_dim + 1, hidden, layers)  # seq-first
        self.head1 = nn.Linear(hidden, hidden)
        self.head2 = nn.Linear(hidden, 1)

    def forward(self, ids, label):
        parts = [self.emb[n](ids[n]) for n in self.names] + [label.unsqueeze(-1)]
        x = torch.cat(parts, dim=2)  # [W, B, C]
        _, (h, _) = self.lstm(x)
        return self.head2(torch.tanh(self.head1(h[-1])))


def main():
    d = sys.argv[1]
    with open(f"{d}/manifest.json") as f:
        m = json.load(f)
    model = WindowModel([(n, r) for n, r in zip(m["features"], m["vocab"])], m["embedding_dim"], m["hidden"], m["layers"])
    params = dict(model.named_parameters())
    with torch.no_grad():
        for n in m["params"]:
            params[n].copy_(torch.from_numpy(np.load(f"{d}/param_{n}.npy")))
    ids = {n: torch.from_numpy(np.load(f"{d}/ids_{n}.npy")) for n in m["features"]}
    label = torch.from_numpy(np.load(f"{d}/label.npy"))
    target = torch.from_numpy(np.load(f"{d}/target.npy")).unsqueeze(-1)
    out = model(ids, label)
    loss = torch.nn.functional.mse_loss(out, target)
    loss.backward()
    np.save(f"{d}/torch_out.npy", out.detach().numpy())
    np.save(f"{d}/torch_loss.npy", loss.detach().numpy())
    for n in m["params"]:
        np.save(f"{d}/torch_grad_{n}.npy", params[n].grad.numpy())
    return 0


if __name__ == "__main__":
    sys.exit(main())
