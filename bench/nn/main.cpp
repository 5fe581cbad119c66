// simrec_bench_nn: every engine benchmark in bench/nn links into this one program.
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
