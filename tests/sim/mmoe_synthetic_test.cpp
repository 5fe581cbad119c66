// The MMoE paper's synthetic generator (SPEC §6): rho is the cosine of the task weights, and the
// measured label correlation falls monotonically as rho falls (both are reported).
#include <catch2/catch.hpp>

#include <omp.h>

#include <cmath>
#include <cstdio>

#include "sim/synthetic/mmoe_tasks.hpp"

using namespace simrec::sim;

TEST_CASE("MMoE synthetic tasks: label correlation falls monotonically with rho", "[mmoe]") {
  MmoeSyntheticConfig c;
  c.num_samples = 20000;
  double previous = 2.0;
  for (double rho : {1.0, 0.9, 0.5, 0.0}) {
    c.task_correlation = rho;
    const MmoeSyntheticData d = generate_mmoe_synthetic(c, 2018);
    const double label_corr = d.label_correlation();
    std::printf("mmoe synthetic: rho = %.2f  cos(w1, w2) = %.4f  label Pearson correlation = %.4f\n", rho, d.weight_cosine(),
                label_corr);
    CHECK(d.weight_cosine() == Approx(rho).margin(1e-9));
    CHECK(label_corr < previous - 0.03);
    previous = label_corr;
    if (rho == 1.0) CHECK(label_corr > 0.99);  // identical tasks up to the 0.01 noise
    if (rho == 0.0) CHECK(std::abs(label_corr) < 0.15);
  }
}

TEST_CASE("MMoE synthetic data follow the generator's equations", "[mmoe]") {
  MmoeSyntheticConfig c;
  c.dim = 8;
  c.num_sines = 3;
  c.num_samples = 50;
  c.noise_sd = 0.0;
  c.task_correlation = 0.3;
  const MmoeSyntheticData d = generate_mmoe_synthetic(c, 7);
  double n1 = 0, n2 = 0, dot12 = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    n1 += d.w1[i] * d.w1[i];
    n2 += d.w2[i] * d.w2[i];
    dot12 += d.w1[i] * d.w2[i];
  }
  CHECK(n1 == Approx(1.0));
  CHECK(n2 == Approx(1.0));
  CHECK(dot12 == Approx(0.3));
  for (std::size_t r = 0; r < d.num_samples; ++r) {
    double z = 0;
    for (std::size_t i = 0; i < 8; ++i) z += d.w1[i] * d.x[r * 8 + i];
    double y = z;
    for (std::size_t i = 0; i < 3; ++i) y += std::sin(d.alpha[i] * z + d.beta[i]);
    CHECK(d.y1[r] == Approx(y).margin(1e-4));
  }
  // Same data for any thread count; x does not depend on rho.
  omp_set_num_threads(1);
  const MmoeSyntheticData one = generate_mmoe_synthetic(c, 7);
  omp_set_num_threads(2);
  c.task_correlation = 0.8;
  const MmoeSyntheticData other_rho = generate_mmoe_synthetic(c, 7);
  CHECK(one.y1 == d.y1);
  CHECK(one.y2 == d.y2);
  CHECK(other_rho.x == d.x);
  CHECK(other_rho.y1 == d.y1);
}
