#!/usr/bin/python3
"""PyTorch side of bench/nn/embedding_bag_bench.cpp: EmbeddingBag forward + backward on the same
sizes (10k bags of 0..40 ids, 50k x 64 float32 table, loss sum(out * r)); dense and sparse
gradients. Prints the median milliseconds per iteration. Threads: OMP_NUM_THREADS (default 2)."""
import os
import time

import torch

threads = int(os.environ.get("OMP_NUM_THREADS", "2"))
torch.set_num_threads(threads)
g = torch.Generator().manual_seed(1)
lengths = torch.randint(0, 41, (10000,), generator=g)
offsets = torch.cat([torch.zeros(1, dtype=torch.long), lengths.cumsum(0)])
ids = torch.randint(0, 50000, (int(offsets[-1]),), generator=g)
r = torch.rand(10000, 64, generator=g)
for mode in ("sum", "mean", "max"):
    for sparse in (False, True) if mode != "max" else (False,):  # torch: no sparse max
        bag = torch.nn.EmbeddingBag(50000, 64, mode=mode, sparse=sparse, include_last_offset=True)
        times = []
        for it in range(25):
            bag.weight.grad = None
            t0 = time.perf_counter()
            (bag(ids, offsets) * r).sum().backward()
            if sparse:
                bag.weight.grad._values()
            times.append(time.perf_counter() - t0)
        times = sorted(times[5:])
        print(f"torch {mode:4s} {'sparse' if sparse else 'dense '} threads={threads}: "
              f"{1e3 * times[len(times) // 2]:.2f} ms")
