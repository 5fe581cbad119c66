#!/usr/bin/python3
"""Side-by-side engine benchmark: simrec (Google Benchmark) vs PyTorch, same cases and threads.

Builds nothing: build first (from the repository root)
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSIMREC_CUDA=OFF
    cmake --build build -j2 --target simrec_bench_nn
then
    /usr/bin/python3 bench/compare_engine.py --threads 2 --rounds 5 [--markdown]

Both sides run with OMP_NUM_THREADS=N and OPENBLAS_NUM_THREADS=N. The two programs are run
INTERLEAVED (simrec, torch, simrec, torch, ...) for --rounds rounds, so slow drifts in the load
of a shared machine hit both alike. In a round each side reports, per case, the median of
--repeats timed repeats; the table gives per case the median over rounds and the [min, max]
over rounds, and the speed-up = torch ms / simrec ms (> 1: simrec is faster), as the ratio of the
medians and the [min, max] of the per-round ratios. GEMM-bound cases are also given as a
percentage of OpenBLAS's own sgemm rate (same shapes, OpenBLAS with N threads of its own).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# simrec benchmark -> torch case (bench/torch_compare.py), in table order.
PAIRS = [
    ('simrec_matmul', 'simrec_matmul'),
    ('linear_forward_backward', 'linear_forward_backward'),
    ('mlp_step', 'mlp_step'),
    ('embedding_bag_step', 'embedding_bag_step'),
    ('embedding_bag_forward_backward', 'embedding_bag_forward_backward'),
    ('softmax_xent_forward_backward', 'softmax_xent_forward_backward'),
    ('sampled_softmax_forward_backward', 'sampled_softmax_forward_backward'),
    ('lstm_window_forward_backward', 'lstm_window_forward_backward'),
]
# GEMM-bound simrec case -> the OpenBLAS benchmark doing the same GEMMs.
BLAS_BASELINES = [('simrec_matmul', 'openblas_sgemm'),
                  ('linear_forward_backward', 'openblas_linear_gemms')]
UNIT_MS = {'ns': 1e-6, 'us': 1e-3, 'ms': 1.0, 's': 1e3}


def run_simrec(binary, env, repeats, min_time):
    cmd = [binary, '--benchmark_format=json', f'--benchmark_repetitions={repeats}',
           f'--benchmark_min_time={min_time}', '--benchmark_report_aggregates_only=true']
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    res = {}
    for b in json.loads(out)['benchmarks']:
        # One repetition reports the run itself; several report aggregates (we take the median).
        if b.get('aggregate_name', 'median' if repeats == 1 else '') != 'median':
            continue
        name = b['run_name'].split('/')[0].removeprefix('BM_')
        res[name] = b['real_time'] * UNIT_MS[b['time_unit']]
    return res


def run_torch(env, threads, repeats, min_time):
    cmd = ['/usr/bin/python3', os.path.join(HERE, 'torch_compare.py'), '--json',
           f'--threads={threads}', f'--repeats={repeats}', f'--min-time={min_time}']
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return {k: v['median_ms'] for k, v in json.loads(out)['cases'].items()}


def summary(values):
    return statistics.median(values), min(values), max(values)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--threads', type=int, default=int(os.environ.get('OMP_NUM_THREADS', '2')))
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--repeats', type=int, default=3, help='timed repeats per case and round')
    ap.add_argument('--min-time', type=float, default=0.3, help='seconds per repeat')
    ap.add_argument('--binary', default=os.path.join(ROOT, 'build/bench/simrec_bench_nn'))
    ap.add_argument('--markdown', action='store_true', help='print a Markdown table')
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f'{args.binary} not found: build simrec_bench_nn first (see --help)')

    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads),
               OPENBLAS_NUM_THREADS=str(args.threads))
    simrec_rounds, torch_rounds, loads = [], [], []
    for r in range(args.rounds):
        loads.append(os.getloadavg()[0])
        simrec_rounds.append(run_simrec(args.binary, env, args.repeats, args.min_time))
        torch_rounds.append(run_torch(env, args.threads, args.repeats, args.min_time))
        print(f'round {r + 1}/{args.rounds} done (1-min load average at start {loads[-1]:.1f})',
              file=sys.stderr)

    def fmt(v):
        return f'{v[0]:.2f} [{v[1]:.2f}, {v[2]:.2f}]'

    rows = []
    for s_name, t_name in PAIRS:
        s = [rd[s_name] for rd in simrec_rounds if s_name in rd]
        t = [rd[t_name] for rd in torch_rounds if t_name in rd]
        if not s or not t:
            continue
        ratios = [rt[t_name] / rs[s_name] for rs, rt in zip(simrec_rounds, torch_rounds)]
        sm, tm = summary(s), summary(t)
        rows.append((s_name, fmt(sm), fmt(tm), f'{tm[0] / sm[0]:.2f}',
                     f'[{min(ratios):.2f}, {max(ratios):.2f}]'))
    blas_rows = []
    for s_name, b_name in BLAS_BASELINES:
        pct = [100 * rd[b_name] / rd[s_name] for rd in simrec_rounds]
        s = summary([rd[s_name] for rd in simrec_rounds])
        b = summary([rd[b_name] for rd in simrec_rounds])
        blas_rows.append((s_name, fmt(s), b_name, fmt(b), f'{100 * b[0] / s[0]:.0f}%',
                          f'[{min(pct):.0f}%, {max(pct):.0f}%]'))

    head = ('case', 'simrec ms median [min, max]', 'torch ms median [min, max]',
            'speed-up torch/simrec', 'per-round speed-up [min, max]')
    blas_head = ('case', 'simrec ms', 'OpenBLAS case', 'OpenBLAS ms',
                 'simrec rate / OpenBLAS rate', 'per-round [min, max]')
    print(f'threads {args.threads}, rounds {args.rounds}, repeats {args.repeats} x '
          f'{args.min_time} s; load average at round starts: '
          + ', '.join(f'{x:.1f}' for x in loads))
    print('speed-up = torch ms / simrec ms: > 1 means simrec is faster')
    for h, rs in ((head, rows), (blas_head, blas_rows)):
        print()
        if args.markdown:
            print('| ' + ' | '.join(h) + ' |')
            print('|' + '|'.join(['---'] * len(h)) + '|')
            for row in rs:
                print('| ' + ' | '.join(row) + ' |')
        else:
            widths = [max(len(str(x)) for x in col) for col in zip(h, *rs)]
            for row in (h, *rs):
                print('  '.join(str(x).ljust(w) for x, w in zip(row, widths)))


if __name__ == '__main__':
    main()
