#!/usr/bin/python3
"""PyTorch side of bench/algorithms/mmoe_train_bench.cpp: one MMoE training step on a batch of
1024 rows gathered from a 16k-row table — 4 categorical fields of 1000 buckets (nn.Embedding(16,
sparse=True) + SparseAdam, simrec's lazy row-sparse Adam), 32 dense features, 8 ReLU experts
96-128-64, 2 softmax gates without bias, 2 towers 64-32-1, BCE-with-logits on task 0 and squared
error on task 1, averaged over the 2 tasks; Adam on the dense parameters. With --dense-embeddings
the tables are ordinary dense parameters under the same Adam (not simrec's lazy semantics, but
what a PyTorch user might write for 1000-row tables). Prints the median wall
milliseconds per step, rows/s, and the median process CPU milliseconds per step (all threads;
with one thread, a measure of the work that the machine's load barely moves). Threads:
OMP_NUM_THREADS (default 2)."""
import os
import sys

import torch
import torch.nn.functional as F

from torch_blocks import median_step_ms, mlp

threads = int(os.environ.get("OMP_NUM_THREADS", "2"))
torch.set_num_threads(threads)
SPARSE = "--dense-embeddings" not in sys.argv[1:]
R, B, FIELDS, BUCKETS, DENSE, E, N, T = 16 * 1024, 1024, 4, 1000, 32, 16, 8, 2
g = torch.Generator().manual_seed(1)
cat = torch.randint(0, BUCKETS, (R, FIELDS), generator=g)
dense = torch.rand(R, DENSE, generator=g) * 2 - 1
labels = torch.stack([(torch.rand(R, generator=g) < 0.3).float(), torch.rand(R, generator=g)], 1)


class Mmoe(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.tables = torch.nn.ModuleList([torch.nn.Embedding(BUCKETS, E, sparse=SPARSE) for _ in range(FIELDS)])
        width = FIELDS * E + DENSE
        self.experts = torch.nn.ModuleList([mlp([width, 128, 64], True) for _ in range(N)])
        self.gates = torch.nn.ModuleList([torch.nn.Linear(width, N, bias=False) for _ in range(T)])
        self.towers = torch.nn.ModuleList([mlp([64, 32, 1], False) for _ in range(T)])

    def forward(self, ids, x):
        e = torch.cat([t(ids[:, f]) for f, t in enumerate(self.tables)] + [x], 1)
        f = torch.stack([ex(e) for ex in self.experts], 1)  # [B, N, 64]
        outs = [tw(torch.bmm(torch.softmax(gt(e), 1).unsqueeze(1), f).squeeze(1)) for gt, tw in zip(self.gates, self.towers)]
        return torch.cat(outs, 1)


model = Mmoe()
sparse_params = [t.weight for t in model.tables] if SPARSE else []
dense_params = [p for n, p in model.named_parameters() if not (SPARSE and n.startswith("tables."))]
opts = [torch.optim.Adam(dense_params, lr=1e-3)] + ([torch.optim.SparseAdam(sparse_params, lr=1e-3)] if SPARSE else [])
order = torch.randperm(R, generator=g)


def step(it):
    rows = order[(it % (R // B)) * B:(it % (R // B) + 1) * B]
    ids, x, y = cat[rows], dense[rows], labels[rows]
    z = model(ids, x)
    loss = (F.binary_cross_entropy_with_logits(z[:, 0], y[:, 0]) + F.mse_loss(z[:, 1], y[:, 1])) / 2
    loss.backward()
    for opt in opts:
        opt.step()
        opt.zero_grad()


ms, cpu_ms = median_step_ms(step)
kind = "sparse" if SPARSE else "dense"
print(f"torch mmoe train step threads={threads} embeddings={kind}: {ms:.2f} ms, {B / ms * 1e3:.0f} rows/s, process CPU {cpu_ms:.2f} ms")
