// One main for the simrec_bench_algorithms program (every file registers its own cases).
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
