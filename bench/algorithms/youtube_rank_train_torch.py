#!/usr/bin/python3
"""PyTorch side of bench/algorithms/youtube_rank_train_bench.cpp: one training step of the YouTube
DNN ranker (1024-512-256 tower, weighted logistic regression, batch 512) on synthetic impression
rows of the same sizes: one shared video table [100k, 46] read by the impression id (F.embedding)
and by the mean of 20 recent watches (F.embedding_bag, mode='mean'), tables for channel (10k) and
the small fields, 18 continuous reals. Tables: sparse gradients + SparseAdam; tower: Adam.
Prints the median wall milliseconds per step, examples/s, and the median CPU milliseconds per step
(all threads of the process; on one thread comparable with Google Benchmark's CPU column, and less
sensitive to other jobs on a shared machine). Threads: OMP_NUM_THREADS (default 2)."""
import math
import os

import torch
import torch.nn.functional as F

from torch_blocks import median_step_ms

threads = int(os.environ.get("OMP_NUM_THREADS", "2"))
torch.set_num_threads(threads)
V, CH, B, R = 100000, 10000, 512, 20
FIELDS = [CH, 20, 20, 4, 6, 2, 2, 3]  # channel, genre, region, device, age, gender, logged-in, group


def width(rows):
    return min(64, max(1, round(4 * math.log(rows))))


g = torch.Generator().manual_seed(1)


def batch():
    clicks = (torch.rand(B, generator=g) < 0.05).float()
    x = torch.rand(B, 6, generator=g)
    return dict(video=torch.randint(0, V, (B,), generator=g), recent=torch.randint(0, V, (B * R,), generator=g),
                offsets=torch.arange(0, B * R + 1, R), fields=[torch.randint(0, n, (B,), generator=g) for n in FIELDS],
                reals=torch.cat([x, x * x, x.sqrt()], 1), clicks=clicks,
                weights=torch.where(clicks > 0, 10 + 600 * torch.rand(B, generator=g), torch.ones(B)))


class Ranker(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.video = torch.nn.Parameter(torch.randn(V, width(V)) / width(V) ** 0.5)
        self.tables = torch.nn.ParameterList([torch.nn.Parameter(torch.randn(n, width(n)) / width(n) ** 0.5) for n in FIELDS])
        n_in = 2 * width(V) + sum(width(n) for n in FIELDS) + 18
        self.tower = torch.nn.Sequential(torch.nn.Linear(n_in, 1024), torch.nn.ReLU(), torch.nn.Linear(1024, 512), torch.nn.ReLU(),
                                         torch.nn.Linear(512, 256), torch.nn.ReLU(), torch.nn.Linear(256, 1))

    def forward(self, b):
        parts = [F.embedding(b["video"], self.video, sparse=True),
                 F.embedding_bag(b["recent"], self.video, b["offsets"], mode="mean", sparse=True, include_last_offset=True)]
        parts += [F.embedding(ids, t, sparse=True) for ids, t in zip(b["fields"], self.tables)]
        parts.append(b["reals"])  # x~, x~^2, sqrt(x~): precomputed, as simrec's batches are
        return self.tower(torch.cat(parts, 1)).squeeze(1)


model = Ranker()
opt_sparse = torch.optim.SparseAdam([model.video] + list(model.tables), lr=1e-3)
opt_dense = torch.optim.Adam(model.tower.parameters(), lr=1e-3)
batches = [batch() for _ in range(16)]


def step(it):
    b = batches[it % 16]
    loss = F.binary_cross_entropy_with_logits(model(b), b["clicks"], weight=b["weights"])
    opt_sparse.zero_grad()
    opt_dense.zero_grad()
    loss.backward()
    opt_sparse.step()
    opt_dense.step()


ms, cpu_ms = median_step_ms(step)
print(f"torch youtube_rank train step threads={threads}: {ms:.2f} ms, {B / ms * 1e3:.0f} examples/s, cpu {cpu_ms:.2f} ms")
