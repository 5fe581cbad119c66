#!/usr/bin/python3
"""Speed regression check between two git revisions (in the spirit of `asv continuous`).

    /usr/bin/python3 bench/compare_revisions.py BASE_REV CANDIDATE_REV [options]

Builds both revisions (Release, in throw-away worktrees under --work-dir), then runs the same
engine benchmarks and the same scenario INTERLEAVED, A B A B ..., for --rounds rounds, so slow
drifts of a shared machine hit both sides alike. Reports per case the median time of each side,
the ratio candidate / base of the medians (> 1: the candidate is slower) with the [min, max] of
the per-round ratios, and flags a slowdown when the median ratio exceeds --threshold AND every
round agrees (min ratio > 1). Exits 1 when something is flagged, 0 otherwise.

Options: --rounds N (5), --threshold R (1.10), --threads N (OMP threads, default 2),
--bench-filter REGEX (Google Benchmark filter, default all), --scenario FILE
(scenarios/quickstart.ini at --scale smoke; '' to skip), --work-dir DIR (/tmp/simrec-revisions),
--jobs N (build parallelism).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, **kw)


def build(rev, work_dir, jobs):
    sha = sh(["git", "-C", ROOT, "rev-parse", "--short=12", rev], capture_output=True).stdout.strip()
    tree = os.path.join(work_dir, sha)
    if not os.path.isdir(tree):
        sh(["git", "-C", ROOT, "worktree", "add", "--detach", tree, sha], capture_output=True)
    sh(["cmake", "-S", tree, "-B", os.path.join(tree, "build"), "-DCMAKE_BUILD_TYPE=Release",
        "-DSIMREC_BUILD_TESTS=OFF", "-DSIMREC_CUDA=OFF"], capture_output=True)
    targets = ["simrec"]
    if os.path.exists(os.path.join(tree, "bench", "nn")):
        targets.append("simrec_bench_nn")
    built = subprocess.run(["cmake", "--build", os.path.join(tree, "build"), "-j", str(jobs), "--target", *targets],
                           text=True, capture_output=True)
    if built.returncode != 0:
        tail = "\n".join((built.stdout + built.stderr).splitlines()[-15:])
        raise SystemExit(f"compare_revisions: building {rev} ({sha}) failed:\n{tail}")
    return sha, tree


def run_bench(tree, env, bench_filter):
    binary = os.path.join(tree, "build", "bench", "simrec_bench_nn")
    if not os.path.exists(binary):
        return {}
    cmd = [binary, "--benchmark_format=json", "--benchmark_min_time=0.2"]
    if bench_filter:
        cmd.append(f"--benchmark_filter={bench_filter}")
    out = sh(cmd, env=env, capture_output=True).stdout
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}
    return {b["name"]: b["real_time"] * scale[b["time_unit"]] for b in json.loads(out)["benchmarks"]
            if b.get("run_type", "iteration") == "iteration"}


def run_scenario(tree, env, scenario, out_dir):
    if not scenario:
        return {}
    out = os.path.join(out_dir, "scenario.h5")
    start = time.perf_counter()
    # Each revision runs its own copy of the scenario (algorithms and knobs change between revisions).
    done = subprocess.run([os.path.join(tree, "build", "app", "simrec"), "run", os.path.join(tree, scenario), "--scale",
                           "smoke", "--force", "--out", out], env=env, text=True, capture_output=True)
    if done.returncode != 0:
        print(f"compare_revisions: {scenario} failed in {tree}: {done.stderr.strip()[-300:]}", file=sys.stderr)
        return {}
    return {f"scenario {os.path.basename(scenario)} (smoke, wall)": (time.perf_counter() - start) * 1e3}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("base")
    p.add_argument("candidate")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--threshold", type=float, default=1.10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--bench-filter", default="")
    p.add_argument("--scenario", default="scenarios/quickstart.ini")
    p.add_argument("--work-dir", default="/tmp/simrec-revisions")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    a = p.parse_args()
    if a.rounds < 1 or a.threshold <= 0:
        print("compare_revisions: --rounds must be >= 1 and --threshold > 0", file=sys.stderr)
        return 2
    os.makedirs(a.work_dir, exist_ok=True)
    sides = []
    for rev in (a.base, a.candidate):
        print(f"building {rev} ...", file=sys.stderr)
        sides.append(build(rev, a.work_dir, a.jobs))
    env = dict(os.environ, OMP_NUM_THREADS=str(a.threads))
    times = [{}, {}]  # per side: case -> [ms per round]
    for r in range(a.rounds):
        for s, (sha, tree) in enumerate(sides):
            print(f"round {r + 1}/{a.rounds}: {sha}", file=sys.stderr)
            res = run_bench(tree, env, a.bench_filter)
            res.update(run_scenario(tree, env, a.scenario, os.path.join(a.work_dir, sha)))
            for case, ms in res.items():
                times[s].setdefault(case, []).append(ms)

    cases = sorted(set(times[0]) | set(times[1]))
    width = max([len(c) for c in cases] + [4])
    print(f"\nbase {sides[0][0]}  vs  candidate {sides[1][0]}: {a.rounds} interleaved rounds, "
          f"{a.threads} threads; ratio = candidate / base (> 1: candidate slower)\n")
    print(f"{'case':<{width}}  {'base ms':>10}  {'cand ms':>10}  {'ratio':>7}  {'[min, max]':>15}  flag")
    flagged = 0
    for c in cases:
        if c not in times[0] or c not in times[1]:
            print(f"{c:<{width}}  only in {'candidate' if c in times[1] else 'base'}")
            continue
        ma, mb = statistics.median(times[0][c]), statistics.median(times[1][c])
        per_round = [y / x for x, y in zip(times[0][c], times[1][c])]
        ratio = mb / ma
        slow = ratio > a.threshold and min(per_round) > 1.0
        flagged += slow
        print(f"{c:<{width}}  {ma:>10.3f}  {mb:>10.3f}  {ratio:>7.3f}  "
              f"[{min(per_round):.3f}, {max(per_round):.3f}]  {'SLOWER' if slow else ''}")
    print(f"\n{flagged} case(s) slower than the threshold {a.threshold:.2f}")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
