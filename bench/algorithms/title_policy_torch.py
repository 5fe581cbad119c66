#!/usr/bin/python3
"""The title policy steps of bench/algorithms/title_policy_bench.cpp in PyTorch: the same model
(nn.Embedding tokens / industries, mean keyword bag, tanh(Linear) initial state, seq-first nn.LSTM
fed [token embedding, context], Linear head over V = 3000), the same batch shapes (B = 64, title i
has 8 + (7 i) % 13 tokens + EOS) and the same steps: SFT (per-token NLL, Adam) and DPO (policy
forward over chosen + rejected with gradient, frozen reference forward under no_grad, DPO loss,
backward, Adam). Like the engine, only valid (non-padding) positions reach the V-wide head.

    OMP_NUM_THREADS=N OPENBLAS_NUM_THREADS=N OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/algorithms/title_policy_torch.py
Prints the median per-step wall time (ms) over 5 repeats, the process CPU time per step (summed over
threads: comparable with Google Benchmark's CPU column only at 1 thread) and the tokens per second.
"""
import copy
import os
import statistics
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
V, K, E, H, B = 3000, 20, 32, 128, 64


class TitlePolicy(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.tok_emb = torch.nn.Embedding(V, E)
        self.industry_emb = torch.nn.Embedding(K + 1, E)
        self.init_proj = torch.nn.Linear(2 * E, H)
        self.lstm = torch.nn.LSTM(3 * E, H)
        self.head = torch.nn.Linear(H, V)

    def forward(self, industry, kw_ids, kw_off, prev, valid, targets, bag):
        n = industry.shape[0]
        T = prev.shape[0]
        kw = F.embedding_bag(kw_ids, self.tok_emb.weight, kw_off, mode="mean", include_last_offset=True)
        ctx = torch.cat([self.industry_emb(industry), kw], dim=1)
        h0 = torch.tanh(self.init_proj(ctx)).unsqueeze(0)
        x = torch.cat([self.tok_emb(prev), ctx.unsqueeze(0).expand(T, n, 2 * E)], dim=2)
        out, _ = self.lstm(x, (h0, torch.zeros_like(h0)))
        h = out.reshape(T * n, H).index_select(0, valid)
        logp = torch.log_softmax(self.head(h), dim=1).gather(1, targets.unsqueeze(1)).squeeze(1)
        return torch.zeros(n).index_add_(0, bag, logp)


def batch(n, dup=False):
    lengths = [8 + (7 * i) % 13 for i in range(n)]
    seqs = [torch.randint(3, V, (L,)) for L in lengths]
    industry = torch.randint(0, K, (n,))
    kw_ids = torch.randint(3, V, (2 * n,))
    if dup:  # prompts twice: chosen then rejected
        seqs = seqs + [torch.randint(3, V, (L,)) for L in lengths]
        industry = torch.cat([industry, industry])
        kw_ids = torch.cat([kw_ids, kw_ids])
        n *= 2
    kw_off = torch.arange(0, 2 * n + 1, 2)
    T = max(len(s) for s in seqs) + 1
    prev = torch.zeros(T, n, dtype=torch.long)
    prev[0] = 1
    valid, targets, bag = [], [], []
    for b, s in enumerate(seqs):
        prev[1:len(s) + 1, b] = s
        for t in range(len(s) + 1):
            valid.append(t * n + b)
            targets.append(int(s[t]) if t < len(s) else 2)
            bag.append(b)
    return (industry, kw_ids, kw_off, prev, torch.tensor(valid), torch.tensor(targets), torch.tensor(bag)), len(valid)


def timed(step):
    for _ in range(3):
        step()
    n, t0 = 1, time.perf_counter()
    while time.perf_counter() - t0 < 0.5:
        step()
        n += 1
    iters = max(1, int(n / (time.perf_counter() - t0)))
    times, cpu = [], []
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(iters):
            step()
        times.append((time.perf_counter() - t0) / iters)
        cpu.append((time.process_time() - c0) / iters)
    return statistics.median(times), statistics.median(cpu)


torch.manual_seed(1)
policy = TitlePolicy()
reference = copy.deepcopy(policy).requires_grad_(False)
opt = torch.optim.Adam(policy.parameters(), lr=1e-3)
sft_batch, sft_tokens = batch(B)
dpo_batch, dpo_tokens = batch(B, dup=True)


def sft_step():
    opt.zero_grad(set_to_none=True)
    loss = -policy(*sft_batch).sum() / sft_tokens
    loss.backward()
    opt.step()


def dpo_step():
    opt.zero_grad(set_to_none=True)
    with torch.no_grad():
        ref = reference(*dpo_batch)
    lp = policy(*dpo_batch)
    r = lp - ref
    loss = -F.logsigmoid(0.1 * (r[:B] - r[B:])).mean()
    loss.backward()
    opt.step()


print(f"threads {torch.get_num_threads()}")
for name, step, tokens in (("title_sft_step", sft_step, sft_tokens), ("title_dpo_step", dpo_step, dpo_tokens)):
    s, c = timed(step)
    print(f"{name} {s * 1e3:.2f} ms wall ({c * 1e3:.2f} ms CPU, all threads)  {tokens / s:.0f} tokens/s")
