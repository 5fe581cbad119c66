"""Building blocks shared by the PyTorch twins of the simrec benchmarks in this folder."""
import os
import time

import torch

# Steps run untimed before timing. Google Benchmark's simrec side times seconds of steps, i.e. the
# steady state, so the twins time well past their first steps too (these used to time steps
# 10-60). Measured 2026-12-01 on the 2-core AMD EPYC: the MMoE step's median over windows of 50
# steps moved between 26 and 47 ms within and between processes (the machine's noise more than
# warm-up); the first model of a process is slower still (adascene_train_torch.py).
WARMUP_STEPS = int(os.environ.get("SIMREC_TORCH_WARMUP_STEPS", "200"))
TIMED_STEPS = int(os.environ.get("SIMREC_TORCH_TIMED_STEPS", "100"))


def median_step_ms(step, warmup=None, timed=None):
    """Calls step(it) for it = 0, 1, ...: `warmup` untimed calls, then `timed` timed ones. Returns
    the median wall and median process-CPU milliseconds per timed call."""
    warmup = WARMUP_STEPS if warmup is None else warmup
    timed = TIMED_STEPS if timed is None else timed
    for it in range(warmup):
        step(it)
    wall, cpu = [], []
    for it in range(warmup, warmup + timed):
        t0, c0 = time.perf_counter(), time.process_time()
        step(it)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    wall.sort()
    cpu.sort()
    return 1e3 * wall[timed // 2], 1e3 * cpu[timed // 2]


def mlp(widths, final_relu):
    """Linear layers widths[0] -> ... -> widths[-1] with ReLU between them (and after the last
    one when final_relu), as simrec's experts (ReLU on the last layer) and towers (linear out)."""
    layers = []
    for k in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[k], widths[k + 1]))
        if final_relu or k + 2 < len(widths):
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)
