#!/usr/bin/python3
"""PyTorch side of the alignment cross-checks (tests/alignment/*_test.cpp).

Usage:
  torch_alignment.py losses DIR   DIR/pc.npy, pr.npy, rc.npy, rr.npy (pairs, float64 [N]), p.npy, r.npy,
                                  pm.npy, rm.npy (unpaired), des.npy (0/1 float64), nw.npy, nl.npy (token
                                  counts), cases.json (list of {name, kind, params}). Writes for each case
                                  torch_<name>_loss.npy and torch_<name>_grad_<input>.npy (gradients w.r.t.
                                  the policy log-probs: pc, pr for pairs; p for unpaired).
  torch_alignment.py policy DIR   DIR/manifest.json (vocab, num_industries, E, H, L, params), param_<name>.npy,
                                  industry.npy, kw_ids.npy, kw_offsets.npy, y_ids.npy, y_offsets.npy (int64),
                                  length_normalised and keyword_copy flags in the manifest. Builds the title policy in torch
                                  (algorithms/alignment/title_policy.hpp), writes torch_logp.npy, every scored
                                  token's log-prob (sequence-major, each completion's EOS last) as
                                  torch_token_logp.npy, and the gradients of sum(logp * weights.npy) as
                                  torch_grad_<name>.npy.
Formulas: algorithms/alignment/preference_losses.hpp.
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

torch.set_num_threads(1)


def load(d, n):
    return torch.from_numpy(np.load(f"{d}/{n}.npy"))


def dpo(pc, pr, rc, rr, beta, eps, lam):
    rw, rl = pc - rc, pr - rr
    z = beta * (rw - rl)
    per = -(1 - eps) * F.logsigmoid(z) - eps * F.logsigmoid(-z) + lam * torch.relu(rl)
    return per.mean()


def ipo(pc, pr, rc, rr, tau, nw=None, nl=None):
    rw, rl = pc - rc, pr - rr
    if nw is not None:
        rw, rl = rw / nw, rl / nl
    return ((rw - rl) - 1 / (2 * tau)).pow(2).mean()


def kto(p, r, pm, rm, des, beta, ld, lu, ln):
    z0 = torch.clamp((pm - rm).mean(), min=0).detach()
    lr = p - r
    d = ld * (1 - torch.sigmoid(beta * (lr - z0)))
    u = lu * (1 - torch.sigmoid(beta * (z0 - lr))) + ln * torch.relu(lr)
    return torch.where(des > 0.5, d, u).mean()


def losses(d):
    with open(f"{d}/cases.json") as f:
        cases = json.load(f)
    for c in cases:
        pc, pr, p = (load(d, n).clone().requires_grad_(True) for n in ("pc", "pr", "p"))
        rc, rr, pm, rm, des, nw, nl = (load(d, n) for n in ("rc", "rr", "pm", "rm", "des", "nw", "nl"))
        k, q = c["kind"], c["params"]
        if k == "dpo":
            loss = dpo(pc, pr, rc, rr, q["beta"], q["eps"], q["lambda_n"])
        elif k == "ipo":
            loss = ipo(pc, pr, rc, rr, q["tau"], nw if q["length_normalise"] else None, nl if q["length_normalise"] else None)
        else:
            loss = kto(p, rc, pm, rm, des, q["beta"], q["lambda_d"], q["lambda_u"], q["lambda_n"])
        loss.backward()
        np.save(f"{d}/torch_{c['name']}_loss.npy", loss.detach().numpy())
        for n, t in (("pc", pc), ("pr", pr), ("p", p)):
            g = t.grad if t.grad is not None else torch.zeros_like(t)
            np.save(f"{d}/torch_{c['name']}_grad_{n}.npy", g.numpy())
    return 0


class TitlePolicy(nn.Module):
    def __init__(self, vocab, industries, e, h, layers, keyword_copy):
        super().__init__()
        self.tok_emb = nn.Embedding(vocab, e)
        self.industry_emb = nn.Embedding(industries + 1, e)
        self.init_proj = nn.Linear(2 * e, layers * h)
        self.lstm = nn.LSTM(3 * e, h, layers)  # seq-first
        self.head = nn.Linear(h, vocab)
        if keyword_copy:
            self.copy_gate = nn.Linear(h, 1)
        self.layers, self.h, self.vocab, self.keyword_copy = layers, h, vocab, keyword_copy

    def forward(self, industry, kw_ids, kw_off, seqs, normalise):
        n = industry.shape[0]
        kw = F.embedding_bag(kw_ids, self.tok_emb.weight, kw_off, mode="mean", include_last_offset=True)
        ctx = torch.cat([self.industry_emb(industry), kw], dim=1)
        h0 = torch.tanh(self.init_proj(ctx)).view(n, self.layers, self.h).transpose(0, 1).contiguous()
        c0 = torch.zeros_like(h0)
        T = max(len(s) for s in seqs) + 1
        prev = torch.zeros(T, n, dtype=torch.long)  # PAD
        prev[0, :] = 1  # BOS
        for b, s in enumerate(seqs):
            for t, tok in enumerate(s):
                prev[t + 1, b] = tok
        x = torch.cat([self.tok_emb(prev), ctx.unsqueeze(0).expand(T, n, ctx.shape[1])], dim=2)
        out, _ = self.lstm(x, (h0, c0))
        logits = self.head(out)  # [T, N, V]
        if self.keyword_copy:
            # keyword copy bias: + copy_gate(h_t) on the prompt keywords not among y_1 .. y_{t-1}
            mask = torch.zeros(T, n, self.vocab)
            for b, s in enumerate(seqs):
                kws = set(kw_ids[kw_off[b]:kw_off[b + 1]].tolist())
                for t in range(T):
                    for k in kws - set(s[:t]):
                        mask[t, b, k] = 1.0
            logits = logits + mask * self.copy_gate(out)
        logp = torch.log_softmax(logits, dim=2)
        total, self.token_terms = [], []
        for b, s in enumerate(seqs):
            targets = list(s) + [2]  # EOS
            terms = torch.stack([logp[t, b, tok] for t, tok in enumerate(targets)])
            self.token_terms.append(terms.detach())
            total.append(terms.sum() / (len(targets) if normalise else 1))
        return torch.stack(total)


def policy(d):
    with open(f"{d}/manifest.json") as f:
        m = json.load(f)
    model = TitlePolicy(m["vocab"], m["industries"], m["embedding_dim"], m["hidden"], m["layers"], m["keyword_copy"])
    params = dict(model.named_parameters())
    with torch.no_grad():
        for n in m["params"]:
            params[n].copy_(torch.from_numpy(np.load(f"{d}/param_{n}.npy")))
    y_ids, y_off = np.load(f"{d}/y_ids.npy"), np.load(f"{d}/y_offsets.npy")
    seqs = [y_ids[y_off[i]:y_off[i + 1]].tolist() for i in range(len(y_off) - 1)]
    logp = model(load(d, "industry"), load(d, "kw_ids"), load(d, "kw_offsets"), seqs, m["length_normalised"])
    (logp * load(d, "weights")).sum().backward()
    np.save(f"{d}/torch_logp.npy", logp.detach().numpy())
    np.save(f"{d}/torch_token_logp.npy", torch.cat(model.token_terms).numpy())
    for n in m["params"]:
        np.save(f"{d}/torch_grad_{n}.npy", params[n].grad.numpy())
    return 0


if __name__ == "__main__":
    sys.exit(losses(sys.argv[2]) if sys.argv[1] == "losses" else policy(sys.argv[2]))
