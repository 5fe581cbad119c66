#!/usr/bin/python3
"""Side-by-side engine benchmark: simrec (Google Benchmark) vs PyTorch, same cases and threads.

Builds nothing: build first (from the repository root)
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSIMREC_CUDA=OFF
    cmake --build build -j2 --target simrec_bench_nn
then
    /usr/bin/python3 bench/compare_engine.py --threads 2 --rounds 5 [--quiet-wait 20] [--markdown]

Both sides run with OMP_NUM_THREADS=N and OPENBLAS_NUM_THREADS=N (torch also gets
torch.set_num_threads(N)), the same OPENBLAS_CORETYPE (the environment's unless
--openblas-coretype says otherwise) and, by default, OMP_WAIT_POLICY=PASSIVE: on a machine shared
with other jobs, libgomp's default spinning at barriers keeps a core busy while the thread it
waits for is descheduled, and both programs then measure the scheduler (bench/README.md).

The two are INTERLEAVED case by case: in every round each case runs once in
build/bench/simrec_bench_nn (a fresh process, --benchmark_filter for that case) and once in one
long-lived bench/torch_compare.py --serve process, simrec first in odd rounds and torch first in
even ones, so the load of a shared machine hits both sides of a pair alike. In a round each side
reports the median of --repeats timed repeats. The table gives, per case, the median over rounds
with the [min, max] over rounds, and the speed-up = torch ms / simrec ms (> 1: simrec is faster)
as the median [min, max] of the per-round ratios, each from a pair measured back to back.
GEMM-bound cases are also given as a percentage of OpenBLAS's own sgemm rate (the same GEMMs on
OpenBLAS with N threads of its own, timed in the same simrec process).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Case = simrec benchmark name without BM_ = bench/torch_compare.py case name; table order.
CASES = [
    'simrec_matmul',
    'linear_forward_backward',
    'mlp_step',
    'embedding_bag_step',
    'embedding_bag_forward_backward',
    'softmax_xent_forward_backward',
    'sampled_softmax_forward_backward',
    'lstm_window_forward_backward',
]
# GEMM-bound case -> the OpenBLAS benchmark doing the same GEMMs (run with the case).
BLAS_BASELINES = {'simrec_matmul': 'openblas_sgemm',
                  'linear_forward_backward': 'openblas_linear_gemms',
                  'mlp_step': 'openblas_mlp_gemms'}
UNIT_MS = {'ns': 1e-6, 'us': 1e-3, 'ms': 1.0, 's': 1e3}


def run_simrec(binary, env, names, repeats, min_time):
    regex = '^BM_(' + '|'.join(names) + ')(/|$)'
    cmd = [binary, '--benchmark_format=json', f'--benchmark_filter={regex}',
           f'--benchmark_repetitions={repeats}', f'--benchmark_min_time={min_time}',
           '--benchmark_report_aggregates_only=true']
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    res = {}
    for b in json.loads(out)['benchmarks']:
        # One repetition reports the run itself; several report aggregates (we take the median).
        if b.get('aggregate_name', 'median' if repeats == 1 else '') != 'median':
            continue
        res[b['run_name'].split('/')[0].removeprefix('BM_')] = (
            b['real_time'] * UNIT_MS[b['time_unit']])
    missing = set(names) - set(res)
    if missing:
        sys.exit(f'simrec_bench_nn did not report {sorted(missing)}')
    return res


class TorchServer:
    def __init__(self, env, threads, repeats, min_time):
        cmd = ['/usr/bin/python3', os.path.join(HERE, 'torch_compare.py'), '--serve',
               f'--threads={threads}', f'--repeats={repeats}', f'--min-time={min_time}']
        self.proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)

    def time(self, case):
        self.proc.stdin.write(case + '\n')
        self.proc.stdin.flush()
        r = json.loads(self.proc.stdout.readline())
        if 'error' in r:
            sys.exit(f'torch_compare.py: {case}: {r["error"]}')
        return r['median_ms']

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def other_runnable(seconds=1.0, samples=10):
    """Mean number of runnable tasks on the machine besides this script, over `seconds`."""
    total = 0
    for _ in range(samples):
        with open('/proc/loadavg') as f:
            total += int(f.read().split()[3].split('/')[0]) - 1
        time.sleep(seconds / samples)
    return total / samples


def wait_until_quiet(max_seconds):
    """Waits up to max_seconds for fewer than one other runnable task; True if it got quiet."""
    deadline = time.monotonic() + max_seconds
    while True:
        if other_runnable() < 1.0:
            return True
        if time.monotonic() >= deadline:
            return False


def summary(values):
    return statistics.median(values), min(values), max(values)


def fmt(v):
    return f'{v[0]:.2f} [{v[1]:.2f}, {v[2]:.2f}]'


def print_table(head, rows, markdown):
    if markdown:
        print('| ' + ' | '.join(head) + ' |')
        print('|' + '|'.join(['---'] * len(head)) + '|')
        for row in rows:
            print('| ' + ' | '.join(row) + ' |')
        return
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    for row in (head, *rows):
        print('  '.join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--threads', type=int, default=int(os.environ.get('OMP_NUM_THREADS', '2')))
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--repeats', type=int, default=3, help='timed repeats per case and round')
    ap.add_argument('--min-time', type=float, default=0.3, help='seconds per repeat')
    ap.add_argument('--quiet-wait', type=float, default=0,
                    help='before each case of each round, wait up to this many seconds until '
                    'no other task is runnable (a shared machine); 0: do not wait')
    ap.add_argument('--cases', default=','.join(CASES), help='comma-separated subset')
    ap.add_argument('--omp-wait-policy', default='passive',
                    choices=['passive', 'active', 'default'],
                    help='OMP_WAIT_POLICY for both sides (default: passive; "default" leaves it '
                    'unset, i.e. libgomp spins before sleeping)')
    ap.add_argument('--openblas-coretype', default=None,
                    help='OPENBLAS_CORETYPE for both sides, e.g. Haswell or SkylakeX; "auto" '
                    'unsets it (OpenBLAS detects the CPU); default: as in the environment')
    ap.add_argument('--binary', default=os.path.join(ROOT, 'build/bench/simrec_bench_nn'))
    ap.add_argument('--markdown', action='store_true', help='print Markdown tables')
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f'{args.binary} not found: build simrec_bench_nn first (see --help)')
    cases = [c for c in args.cases.split(',') if c]
    unknown = set(cases) - set(CASES)
    if unknown:
        sys.exit(f'unknown cases {sorted(unknown)}; known: {", ".join(CASES)}')

    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads),
               OPENBLAS_NUM_THREADS=str(args.threads))
    env.pop('OMP_WAIT_POLICY', None)
    if args.omp_wait_policy != 'default':
        env['OMP_WAIT_POLICY'] = args.omp_wait_policy.upper()
    if args.openblas_coretype == 'auto':
        env.pop('OPENBLAS_CORETYPE', None)
    elif args.openblas_coretype:
        env['OPENBLAS_CORETYPE'] = args.openblas_coretype
    simrec = {c: [] for c in cases}
    blas = {c: [] for c in cases if c in BLAS_BASELINES}
    torch_ms = {c: [] for c in cases}
    loads = []
    waits = quiet = 0
    server = TorchServer(env, args.threads, args.repeats, args.min_time)
    for r in range(args.rounds):
        loads.append(os.getloadavg()[0])
        for case in cases:
            if args.quiet_wait > 0:
                waits += 1
                quiet += wait_until_quiet(args.quiet_wait)
            names = [case] + ([BLAS_BASELINES[case]] if case in BLAS_BASELINES else [])
            for side in (('simrec', 'torch') if r % 2 == 0 else ('torch', 'simrec')):
                if side == 'torch':
                    torch_ms[case].append(server.time(case))
                    continue
                res = run_simrec(args.binary, env, names, args.repeats, args.min_time)
                simrec[case].append(res[case])
                if case in blas:
                    blas[case].append(res[BLAS_BASELINES[case]])
        print(f'round {r + 1}/{args.rounds} done (1-min load average at its start {loads[-1]:.1f})',
              file=sys.stderr)
    server.close()

    rows = []
    for c in cases:
        s, t = summary(simrec[c]), summary(torch_ms[c])
        ratios = summary([tt / ss for ss, tt in zip(simrec[c], torch_ms[c])])
        rows.append((c, fmt(s), fmt(t), fmt(ratios)))
    blas_rows = []
    for c in blas:
        s, b = summary(simrec[c]), summary(blas[c])
        pct = summary([100 * bb / ss for ss, bb in zip(simrec[c], blas[c])])
        blas_rows.append((c, fmt(s), BLAS_BASELINES[c], fmt(b),
                          f'{pct[0]:.0f}% [{pct[1]:.0f}%, {pct[2]:.0f}%]'))

    print(f'threads {args.threads}, OMP_WAIT_POLICY {env.get("OMP_WAIT_POLICY", "unset")}, '
          f'OPENBLAS_CORETYPE {env.get("OPENBLAS_CORETYPE", "unset (auto)")}, '
          f'{args.rounds} rounds, {args.repeats} repeats x {args.min_time} s per case and side; '
          '1-min load average at round starts: ' + ', '.join(f'{x:.1f}' for x in loads))
    if waits:
        print(f'quiet wait: {quiet} of {waits} case pairs started with no other runnable task '
              f'(the others after waiting {args.quiet_wait:g} s)')
    print('all entries: median [min, max] over rounds; speed-up = torch ms / simrec ms of the '
          'same round (> 1: simrec is faster)')
    print()
    print_table(('case', 'simrec ms', 'torch ms', 'speed-up torch/simrec'), rows, args.markdown)
    if blas_rows:
        print()
        print('GEMM-bound cases vs OpenBLAS alone: rate = OpenBLAS ms / simrec ms of the same run '
              '(for mlp_step: the share of the step that its GEMMs on OpenBLAS alone take)')
        print()
        print_table(('case', 'simrec ms', 'OpenBLAS case', 'OpenBLAS ms',
                     'simrec rate / OpenBLAS rate'), blas_rows, args.markdown)


if __name__ == '__main__':
    main()
