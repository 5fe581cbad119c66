#!/usr/bin/python3
"""Times the engine benchmark cases of bench/nn/ in PyTorch, same shapes, same thread count.

Run with Debian's interpreter, which has python3-torch:
    /usr/bin/python3 bench/torch_compare.py [--threads N] [--repeats R] [--min-time S] [--json]
    /usr/bin/python3 bench/torch_compare.py --serve ...   (case names on stdin, JSON lines out)

N defaults to OMP_NUM_THREADS (else 1). Set OPENBLAS_NUM_THREADS=N too when calling this
directly: torch's GEMMs run on the system OpenBLAS (BLAS_INFO=generic), whose thread count
torch.set_num_threads does not control. bench/compare_engine.sh does that for you.

Each case is warmed up, its iteration count calibrated to take about --min-time seconds, then
timed --repeats times; the result is the median (and min, max) of the per-iteration wall times.
Case names match the simrec Google Benchmark names without the BM_ prefix; every case mirrors
the C++ file named in its comment (shapes, loss, optimizer, what is inside the timed step).
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F


def case_matmul():  # gemm_bench.cpp: BM_simrec_matmul
    a = torch.empty(1024, 512).uniform_(-1, 1)
    b = torch.empty(512, 512).uniform_(-1, 1)

    def step():
        with torch.no_grad():
            torch.mm(a, b)
    return step


def case_linear_forward_backward():  # gemm_bench.cpp: x [1024, 512] -> 256
    x = torch.empty(1024, 512).uniform_(-1, 1).requires_grad_()
    lin = torch.nn.Linear(512, 256)

    def step():
        x.grad = None
        lin.zero_grad(set_to_none=True)
        lin(x).sum().backward()
    return step


def case_mlp_step():  # mlp_step_bench.cpp: 512-256-1 ReLU, BCE with logits, Adam
    model = torch.nn.Sequential(torch.nn.Linear(512, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, 1))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.empty(1024, 512).uniform_(-1, 1)
    y = (torch.rand(1024, 1) < 0.5).float()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.binary_cross_entropy_with_logits(model(x), y)
        loss.backward()
        opt.step()
    return step


def _bags():
    ids = torch.randint(0, 100000, (4096 * 20,))
    offsets = torch.arange(0, 4096 * 20, 20)
    return ids, offsets


def case_embedding_bag_step():  # embedding_bag_step_bench.cpp: mean bags, sparse grad, SparseAdam
    emb = torch.nn.EmbeddingBag(100000, 64, mode='mean', sparse=True)
    opt = torch.optim.SparseAdam(emb.parameters(), lr=1e-3)
    ids, offsets = _bags()

    def step():
        opt.zero_grad(set_to_none=True)
        emb(ids, offsets).sum().backward()
        opt.step()
    return step


def case_embedding_bag_forward_backward():  # embedding_bag_step_bench.cpp, no optimizer
    emb = torch.nn.EmbeddingBag(100000, 64, mode='mean', sparse=True)
    ids, offsets = _bags()

    def step():
        emb.zero_grad(set_to_none=True)
        emb(ids, offsets).sum().backward()
    return step


def case_softmax_xent_forward_backward():  # softmax_bench.cpp: logits [1024, 10000]
    logits = torch.empty(1024, 10000).uniform_(-4, 4).requires_grad_()
    labels = torch.randint(0, 10000, (1024,))

    def step():
        logits.grad = None
        F.cross_entropy(logits, labels).backward()
    return step


def case_sampled_softmax_forward_backward():  # softmax_bench.cpp: same formula as the engine
    vocabulary, dim, sampled_count = 100000, 64, 5000
    user = torch.empty(1024, dim).uniform_(-1, 1).requires_grad_()
    table = torch.empty(vocabulary, dim).uniform_(-0.1, 0.1).requires_grad_()
    q = 1.0 / torch.arange(1, vocabulary + 1, dtype=torch.float64)
    q /= q.sum()
    sampled = torch.multinomial(q, sampled_count, replacement=True)
    labels = torch.randint(0, vocabulary, (1024,))
    log_q_sampled = q[sampled].log().float()
    log_q_labels = q[labels].log().float()
    lowest = torch.finfo(torch.float32).min

    def step():
        user.grad = None
        table.grad = None
        label_rows = F.embedding(labels, table, sparse=True)
        sampled_rows = F.embedding(sampled, table, sparse=True)
        pos = (user * label_rows).sum(1) - log_q_labels
        neg = user @ sampled_rows.t() - log_q_sampled
        neg = neg.masked_fill(labels[:, None] == sampled[None, :], lowest)  # accidental hits
        (-F.logsigmoid(pos - torch.logsumexp(neg, 1))).mean().backward()
    return step


def case_lstm_window_forward_backward():  # lstm_bench.cpp: [7, 512, 32] -> 64, 2 layers
    lstm = torch.nn.LSTM(32, 64, num_layers=2)
    x = torch.empty(7, 512, 32).uniform_(-1, 1).requires_grad_()

    def step():
        x.grad = None
        lstm.zero_grad(set_to_none=True)
        out, _ = lstm(x)
        out.sum().backward()
    return step


CASES = {
    'simrec_matmul': case_matmul,
    'linear_forward_backward': case_linear_forward_backward,
    'mlp_step': case_mlp_step,
    'embedding_bag_step': case_embedding_bag_step,
    'embedding_bag_forward_backward': case_embedding_bag_forward_backward,
    'softmax_xent_forward_backward': case_softmax_xent_forward_backward,
    'sampled_softmax_forward_backward': case_sampled_softmax_forward_backward,
    'lstm_window_forward_backward': case_lstm_window_forward_backward,
}


def time_case(step, repeats, min_time):
    # Warm-up (allocator, lazy init) and calibration: iterations per repeat ~ min_time seconds.
    step()
    start, n = time.perf_counter(), 0
    while n < 3 or time.perf_counter() - start < min_time / 2:
        step()
        n += 1
    per_iter = (time.perf_counter() - start) / n
    iters = max(1, math.ceil(min_time / per_iter))
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(iters):
            step()
        times.append((time.perf_counter() - t0) / iters * 1e3)
    return {'median_ms': statistics.median(times), 'min_ms': min(times), 'max_ms': max(times),
            'iterations': iters, 'repeats': repeats}


def serve(args):
    """One case per input line (its name); answers one JSON line per case (bench/compare_engine.py
    keeps one process and interleaves its requests with the simrec runs)."""
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        if name not in CASES:
            print(json.dumps({'case': name, 'error': 'unknown case'}), flush=True)
            continue
        r = time_case(CASES[name](), args.repeats, args.min_time)
        print(json.dumps(dict(r, case=name)), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--threads', type=int, default=int(os.environ.get('OMP_NUM_THREADS', '1')))
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--min-time', type=float, default=0.3, help='seconds per repeat')
    ap.add_argument('--filter', default='', help='substring of the case names to run')
    ap.add_argument('--json', action='store_true', help='print JSON instead of a table')
    ap.add_argument('--serve', action='store_true',
                    help='read case names from stdin, answer one JSON line each')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    if args.serve:
        serve(args)
        return
    results = {}
    for name, make in CASES.items():
        if args.filter in name:
            results[name] = time_case(make(), args.repeats, args.min_time)
    meta = {'torch': torch.__version__, 'threads': torch.get_num_threads(),
            'openblas_threads_env': os.environ.get('OPENBLAS_NUM_THREADS')}
    if args.json:
        json.dump({'meta': meta, 'cases': results}, sys.stdout, indent=1)
        print()
        return
    print(f"torch {meta['torch']}, {meta['threads']} threads")
    print(f"{'case':36s} {'median ms':>10s} {'min':>8s} {'max':>8s}")
    for name, r in results.items():
        print(f"{name:36s} {r['median_ms']:10.3f} {r['min_ms']:8.3f} {r['max_ms']:8.3f}")


if __name__ == '__main__':
    main()
