// Determinism of training: the engine demo trained for 50 steps gives bit-identical parameters
// with 1 and with 2 OpenMP threads, on two runs with the same seed; a different seed differs.
#include <catch2/catch.hpp>
#include <omp.h>

#include "nn/examples/spiral_demo.hpp"

using namespace simrec::nn::examples;

namespace {
std::vector<float> train_50_steps(int threads, std::uint64_t seed) {
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  SpiralDemoOptions o;
  o.seed = seed;
  o.max_steps = 50;
  const auto r = run_spiral_demo(o);
  omp_set_num_threads(saved);
  REQUIRE(r.steps == 50);
  return r.parameters;
}
}  // namespace

TEST_CASE("demo training is bit-identical for 1 and 2 threads and across runs", "[nn][determinism]") {
  const auto one = train_50_steps(1, 7);
  const auto two = train_50_steps(2, 7);
  const auto again = train_50_steps(2, 7);
  REQUIRE(one.size() > 4000);
  CHECK(one == two);     // exact float equality, element by element
  CHECK(two == again);
  CHECK(train_50_steps(2, 8) != one);
}

TEST_CASE("demo learns the spirals", "[nn][demo]") {
  SpiralDemoOptions o;
  o.epochs = 20;
  const auto r = run_spiral_demo(o);
  CHECK(r.epochs.front().train_loss > 0.6);  // chance level is ln 3 = 1.10
  CHECK(r.epochs.back().train_loss < 0.15);
  CHECK(r.final_test_accuracy > 0.9);
}
