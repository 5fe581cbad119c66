#!/usr/bin/python3
"""PyTorch side of bench/algorithms/youtube_dnn_train_bench.cpp: one training step of the YouTube
candidate generator (depth 3, D = 256, every feature group, 1000 shared sampled negatives with
log-Q correction and accidental-hit masking, batch 256) on synthetic rows of the same sizes.
Tables: nn.EmbeddingBag(mean, sparse=True) + SparseAdam; tower, output table: Adam (the output
rows are gathered with F.embedding(sparse=True) so the output table also gets sparse gradients).
Prints the median milliseconds per step and examples/s. Threads: OMP_NUM_THREADS (default 2)."""
import os

import torch
import torch.nn.functional as F

from torch_blocks import median_step_ms

threads = int(os.environ.get("OMP_NUM_THREADS", "2"))
torch.set_num_threads(threads)
V, T, B, S, E, C, D = 100000, 50000, 256, 1000, 64, 8, 256
g = torch.Generator().manual_seed(1)


def batch():
    hl = torch.randint(0, 51, (B,), generator=g)
    tl = torch.randint(0, 21, (B,), generator=g)
    return dict(
        hist=torch.randint(0, V, (int(hl.sum()),), generator=g), hoff=torch.cat([torch.zeros(1, dtype=torch.long), hl.cumsum(0)]),
        tok=torch.randint(0, T, (int(tl.sum()),), generator=g), toff=torch.cat([torch.zeros(1, dtype=torch.long), tl.cumsum(0)]),
        region=torch.randint(0, 20, (B,), generator=g), device=torch.randint(0, 4, (B,), generator=g),
        reals=torch.rand(B, 6, generator=g), labels=torch.randint(0, V, (B,), generator=g))


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.watch = torch.nn.EmbeddingBag(V, E, mode="mean", sparse=True, include_last_offset=True)
        self.token = torch.nn.EmbeddingBag(T, E, mode="mean", sparse=True, include_last_offset=True)
        self.region = torch.nn.Embedding(20, C, sparse=True)
        self.device = torch.nn.Embedding(4, C, sparse=True)
        self.tower = torch.nn.Sequential(torch.nn.Linear(2 * E + 2 * C + 6, 1024), torch.nn.ReLU(), torch.nn.Linear(1024, 512),
                                         torch.nn.ReLU(), torch.nn.Linear(512, 256), torch.nn.ReLU())
        self.out = torch.nn.Parameter(torch.randn(V, D) / D ** 0.5)

    def forward(self, b):
        x = torch.cat([self.watch(b["hist"], b["hoff"]), self.token(b["tok"], b["toff"]), self.region(b["region"]),
                       self.device(b["device"]), b["reals"]], 1)
        return self.tower(x)


model = Model()
sparse_params = [model.watch.weight, model.token.weight, model.region.weight, model.device.weight, model.out]
dense_params = list(model.tower.parameters())
opt_sparse = torch.optim.SparseAdam(sparse_params, lr=1e-3)
opt_dense = torch.optim.Adam(dense_params, lr=1e-3)
q = (1.0 / torch.arange(1, V + 1, dtype=torch.float64)) ** 0.75
q = q / q.sum()
log_q = q.log().float()
batches = [batch() for _ in range(16)]


def step(it):
    b = batches[it % 16]
    u = model(b)
    sampled = torch.multinomial(q, S, replacement=True, generator=g)
    pos = (u * F.embedding(b["labels"], model.out, sparse=True)).sum(1) - log_q[b["labels"]]
    neg = u @ F.embedding(sampled, model.out, sparse=True).t() - log_q[sampled]
    neg = neg.masked_fill(b["labels"][:, None] == sampled[None, :], torch.finfo(torch.float32).min)
    loss = F.softplus(torch.logsumexp(neg, 1) - pos).mean()
    opt_sparse.zero_grad()
    opt_dense.zero_grad()
    loss.backward()
    opt_sparse.step()
    opt_dense.step()


ms, _ = median_step_ms(step)
print(f"torch youtube_dnn train step threads={threads}: {ms:.2f} ms, {B / ms * 1e3:.0f} examples/s")
