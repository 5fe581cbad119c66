#!/usr/bin/python3
"""PyTorch side of bench/algorithms/adascene_train_bench.cpp: one training step of the AdaScene
base MoE (ada_base) and of AKTN on a batch gathered from a synthetic 64k-row ad table -- 15
categorical fields (nn.Embedding(8, sparse=True) + SparseAdam, simrec's lazy row-sparse Adam),
S = 1000 scenario keys drawn as floor(S u^3); scenario embedding [S, 8]; 8 ReLU experts 120-64-32;
one softmax gate per scenario (a sparse table [S, 8 x 120], g = softmax(W_s x)); tower on
concat(h, e_s) 40-32-1 plus a per-scenario logit offset; BCE-with-logits with row weights 1.
AKTN adds feature adaptation (w = 2 sigmoid(MLP 8-16-15 (e_s)), each field's 8 columns scaled by
its weight) and knowledge transfer (2 shared ReLU experts 120-64-32 mixed by a bias-free softmax
gate on x, added as h + sigmoid(T_s) * h_shared with T a sparse table [S, 32]). Adam on dense
parameters, SparseAdam on every table. Prints, per model and batch size (256, 1024), the median
wall milliseconds per step, rows/s and median process CPU milliseconds. Threads: OMP_NUM_THREADS
(default 2)."""
import os

import torch
import torch.nn.functional as F

from torch_blocks import median_step_ms, mlp

threads = int(os.environ.get("OMP_NUM_THREADS", "2"))
torch.set_num_threads(threads)
R, S, E, DS, N, NSH, ADAPT = 64 * 1024, 1000, 8, 8, 8, 2, 16
BUCKETS = [5000, 20, 6, 2, 3, 2, 20000, 2000, 30, 25, 10, 4, 1, 24, 5]
FIELDS = len(BUCKETS)
D = FIELDS * E
g = torch.Generator().manual_seed(1)
cat = torch.stack([torch.randint(0, b, (R,), generator=g) for b in BUCKETS], 1)
click = (torch.rand(R, generator=g) < 0.05).float()
key = torch.clamp((S * torch.rand(R, generator=g) ** 3).long(), max=S - 1)


class SceneNet(torch.nn.Module):
    def __init__(self, aktn):
        super().__init__()
        self.aktn = aktn
        self.tables = torch.nn.ModuleList([torch.nn.Embedding(b, E, sparse=True) for b in BUCKETS])
        self.scenario = torch.nn.Embedding(S, DS, sparse=True)
        self.gate = torch.nn.Embedding(S, N * D, sparse=True)
        self.experts = torch.nn.ModuleList([mlp([D, 64, 32], True) for _ in range(N)])
        self.tower = mlp([32 + DS, 32, 1], False)
        self.bias = torch.nn.Embedding(S, 1, sparse=True)
        if aktn:
            self.adapt = mlp([DS, ADAPT, FIELDS], False)
            self.shared = torch.nn.ModuleList([mlp([D, 64, 32], True) for _ in range(NSH)])
            self.shared_gate = torch.nn.Linear(D, NSH, bias=False)
            self.transfer = torch.nn.Embedding(S, 32, sparse=True)

    def forward(self, ids, k):
        B = ids.shape[0]
        x = torch.cat([t(ids[:, f]) for f, t in enumerate(self.tables)], 1)
        es = self.scenario(k)
        if self.aktn:
            x = x * torch.repeat_interleave(2 * torch.sigmoid(self.adapt(es)), E, dim=1)
        gw = torch.softmax(torch.bmm(self.gate(k).view(B, N, D), x.unsqueeze(2)).squeeze(2), 1)
        f = torch.stack([ex(x) for ex in self.experts], 1)  # [B, N, 32]
        h = torch.bmm(gw.unsqueeze(1), f).squeeze(1)
        if self.aktn:
            fs = torch.stack([ex(x) for ex in self.shared], 1)
            hs = torch.bmm(torch.softmax(self.shared_gate(x), 1).unsqueeze(1), fs).squeeze(1)
            h = h + torch.sigmoid(self.transfer(k)) * hs
        return (self.tower(torch.cat([h, es], 1)) + self.bias(k)).squeeze(1)


def bench(aktn, batch, report=True):
    torch.manual_seed(1)
    model = SceneNet(aktn)
    sparse = [m.weight for m in model.modules() if isinstance(m, torch.nn.Embedding)]
    sparse_ids = {id(p) for p in sparse}
    dense = [p for p in model.parameters() if id(p) not in sparse_ids]
    opts = [torch.optim.Adam(dense, lr=2e-3), torch.optim.SparseAdam(sparse, lr=2e-3)]
    order = torch.randperm(R, generator=g)
    w = torch.ones(batch)

    def step(it):
        rows = order[(it % (R // batch)) * batch:(it % (R // batch) + 1) * batch]
        z = model(cat[rows], key[rows])
        loss = F.binary_cross_entropy_with_logits(z, click[rows], weight=w)
        loss.backward()
        for opt in opts:
            opt.step()
            opt.zero_grad()

    ms, cpu_ms = median_step_ms(step)
    if not report:
        return
    name = "aktn" if aktn else "ada_base"
    print(f"torch {name} train step batch={batch} threads={threads}: {ms:.2f} ms, {batch / ms * 1e3:.0f} rows/s, process CPU {cpu_ms:.2f} ms")


# The first model trained in a process runs ~2x slower than the next ones, warm-up steps or not
# (measured 2026-12-01: ada_base/256 16.6 ms first, then 8.1 and 7.9 ms): one untimed case first.
bench(False, 256, report=False)
for aktn in (False, True):
    for batch in (256, 1024):
        bench(aktn, batch)
