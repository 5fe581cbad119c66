#pragma once
// The MMoE paper's synthetic correlated-task generator (Ma et al., KDD 2018, §3.2; SPEC §6):
//
//   u1, u2 orthonormal in R^d;  w1 = c u1,  w2 = c (rho u1 + sqrt(1 - rho^2) u2)
//   x ~ N(0, I_d)
//   y_t = w_t . x + sum_{i=1..m} sin(alpha_i w_t . x + beta_i) + eps,  eps ~ N(0, noise_sd^2)
//
// alpha_i, beta_i ~ N(0, 1) are drawn once per dataset. rho is the cosine of the two weight
// vectors, not the label correlation; label_correlation() reports the empirical Pearson
// correlation of (y1, y2) next to it. For a fixed seed, u1, u2, alpha, beta, x and eps do not
// depend on rho, so datasets at different rho differ only through w2 (a controlled comparison).
// Rows are generated in parallel from per-row streams: identical for any thread count.

#include <cstdint>
#include <span>
#include <vector>

#include "sim/config/knob.hpp"

namespace simrec::sim {

struct MmoeSyntheticConfig {
  std::int64_t dim = 100;          // d
  std::int64_t num_sines = 10;     // m
  double scale = 1.0;              // c
  double task_correlation = 0.5;   // rho = cos(w1, w2)
  double noise_sd = 0.01;
  std::int64_t num_samples = 10000;

  void validate() const;
};
std::span<const config::Knob<MmoeSyntheticConfig>> mmoe_synthetic_knobs();

struct MmoeSyntheticData {
  std::size_t num_samples = 0, dim = 0;
  std::vector<float> x;       // num_samples x dim, row-major
  std::vector<float> y1, y2;  // labels
  std::vector<double> w1, w2, alpha, beta;

  double weight_cosine() const;
  double label_correlation() const;
};

MmoeSyntheticData generate_mmoe_synthetic(const MmoeSyntheticConfig& config, std::uint64_t seed);

double pearson_correlation(std::span<const float> a, std::span<const float> b);

}  // namespace simrec::sim
