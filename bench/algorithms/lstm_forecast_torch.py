#!/usr/bin/python3
"""The LSTM window model of bench/algorithms/lstm_forecast_bench.cpp in PyTorch: 8 nn.Embedding
tables of width 4 (the default inventory world's vocabularies), concat with the z label, seq-first
nn.LSTM(33, 32), Linear(32, 32)-tanh-Linear(32, 1), MSE, Adam lr 1e-2; B = 256, W = 7. Also one
no-grad forward over 390 windows (every cross of a placement).

    OMP_NUM_THREADS=N OPENBLAS_NUM_THREADS=N /usr/bin/python3 bench/algorithms/lstm_forecast_torch.py
Prints the median per-iteration time of each case (microseconds) over 5 repeats of ~1 s.
"""
import os
import statistics
import time

import torch

torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
VOCAB = [7, 6, 3, 5, 7, 4, 15, 15]  # region, age, gender, member (+1 for any), weekday, type, to, after
W, E, H = 7, 4, 32


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.ModuleList(torch.nn.Embedding(v, E) for v in VOCAB)
        self.lstm = torch.nn.LSTM(len(VOCAB) * E + 1, H)
        self.head1 = torch.nn.Linear(H, H)
        self.head2 = torch.nn.Linear(H, 1)

    def forward(self, ids, z):  # ids [F, W, B], z [W, B]
        x = torch.cat([e(ids[f]) for f, e in enumerate(self.emb)] + [z.unsqueeze(-1)], dim=-1)
        _, (h, _) = self.lstm(x)
        return self.head2(torch.tanh(self.head1(h[-1])))


def batch(b):
    ids = torch.stack([torch.randint(0, v, (W, b)) for v in VOCAB])
    return ids, torch.rand(W, b) * 2 - 1, torch.rand(b, 1) * 2 - 1


def timed(step):
    for _ in range(3):
        step()
    n, t0 = 1, time.perf_counter()
    while time.perf_counter() - t0 < 0.2:
        step()
        n += 1
    iters = max(1, int(n / (time.perf_counter() - t0)))
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(iters):
            step()
        times.append((time.perf_counter() - t0) / iters * 1e6)
    return statistics.median(times)


torch.manual_seed(1)
model = Model()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
ids, z, y = batch(256)


def train_step():
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(model(ids, z), y)
    loss.backward()
    opt.step()


fids, fz, _ = batch(390)


def forecast():
    with torch.no_grad():
        model(fids, fz)


print(f"threads {torch.get_num_threads()}")
print(f"lstm_forecast_train_step {timed(train_step):.1f} us")
print(f"lstm_forecast_placement_forecast {timed(forecast):.1f} us")
