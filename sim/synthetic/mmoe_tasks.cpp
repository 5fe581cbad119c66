#include "sim/synthetic/mmoe_tasks.hpp"

#include <cmath>

#include "sim/random/distributions.hpp"

namespace simrec::sim {

using random::Rng;

namespace {
using C = MmoeSyntheticConfig;
const std::vector<config::Knob<C>>& table() {
  static const std::vector<config::Knob<C>> t = {
      SIMREC_KNOB(C, dim, 2, 100000, "input dimension d"),
      SIMREC_KNOB(C, num_sines, 0, 10000, "number m of sine terms"),
      SIMREC_KNOB_POS(C, scale, 0, 1e6, "norm c of the task weight vectors"),
      SIMREC_KNOB(C, task_correlation, -1, 1, "rho: cosine between w1 and w2"),
      SIMREC_KNOB(C, noise_sd, 0, 1e6, "standard deviation of the label noise"),
      SIMREC_KNOB(C, num_samples, 1, 1e9, "number of generated examples"),
  };
  return t;
}
}  // namespace

std::span<const config::Knob<MmoeSyntheticConfig>> mmoe_synthetic_knobs() { return table(); }

void MmoeSyntheticConfig::validate() const { config::check_knobs<MmoeSyntheticConfig>(*this, mmoe_synthetic_knobs(), "mmoe"); }

double pearson_correlation(std::span<const float> a, std::span<const float> b) {
  const std::size_t n = std::min(a.size(), b.size());
  if (n < 2) return 0;
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    ma += a[i];
    mb += b[i];
  }
  ma /= double(n);
  mb /= double(n);
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double da = a[i] - ma, db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

double MmoeSyntheticData::weight_cosine() const {
  double d12 = 0, d11 = 0, d22 = 0;
  for (std::size_t i = 0; i < w1.size(); ++i) {
    d12 += w1[i] * w2[i];
    d11 += w1[i] * w1[i];
    d22 += w2[i] * w2[i];
  }
  return d12 / std::sqrt(d11 * d22);
}

double MmoeSyntheticData::label_correlation() const { return pearson_correlation(y1, y2); }

MmoeSyntheticData generate_mmoe_synthetic(const MmoeSyntheticConfig& cfg, std::uint64_t seed) {
  cfg.validate();
  MmoeSyntheticData data;
  const std::size_t d = std::size_t(cfg.dim), n = std::size_t(cfg.num_samples), m = std::size_t(cfg.num_sines);
  data.num_samples = n;
  data.dim = d;

  // Orthonormal u1, u2 by Gram-Schmidt on two Gaussian vectors.
  Rng basis(seed, "mmoe/basis", 0);
  std::vector<double> u1(d), u2(d);
  for (auto& v : u1) v = random::standard_normal(basis);
  for (auto& v : u2) v = random::standard_normal(basis);
  double n1 = 0;
  for (double v : u1) n1 += v * v;
  n1 = std::sqrt(n1);
  for (auto& v : u1) v /= n1;
  double proj = 0;
  for (std::size_t i = 0; i < d; ++i) proj += u1[i] * u2[i];
  double n2 = 0;
  for (std::size_t i = 0; i < d; ++i) {
    u2[i] -= proj * u1[i];
    n2 += u2[i] * u2[i];
  }
  n2 = std::sqrt(n2);
  for (auto& v : u2) v /= n2;
  const double rho = cfg.task_correlation, rc = std::sqrt(std::max(0.0, 1.0 - rho * rho));
  data.w1.resize(d);
  data.w2.resize(d);
  for (std::size_t i = 0; i < d; ++i) {
    data.w1[i] = cfg.scale * u1[i];
    data.w2[i] = cfg.scale * (rho * u1[i] + rc * u2[i]);
  }
  Rng sines(seed, "mmoe/sines", 0);
  data.alpha.resize(m);
  data.beta.resize(m);
  for (std::size_t i = 0; i < m; ++i) {
    data.alpha[i] = random::standard_normal(sines);
    data.beta[i] = random::standard_normal(sines);
  }

  data.x.resize(n * d);
  data.y1.resize(n);
  data.y2.resize(n);
  const random::Key x_key = random::stream_key(seed, "mmoe/x");
  const random::Key noise_key = random::stream_key(seed, "mmoe/noise");
#pragma omp parallel for schedule(static)
  for (std::int64_t ri = 0; ri < std::int64_t(n); ++ri) {
    const std::size_t r = std::size_t(ri);
    Rng xr(x_key, r);
    float* row = &data.x[r * d];
    double z1 = 0, z2 = 0;
    for (std::size_t i = 0; i < d; ++i) {
      row[i] = float(random::standard_normal(xr));
      z1 += data.w1[i] * row[i];
      z2 += data.w2[i] * row[i];
    }
    double y1 = z1, y2 = z2;
    for (std::size_t i = 0; i < m; ++i) {
      y1 += std::sin(data.alpha[i] * z1 + data.beta[i]);
      y2 += std::sin(data.alpha[i] * z2 + data.beta[i]);
    }
    Rng nr(noise_key, r);
    data.y1[r] = float(y1 + cfg.noise_sd * random::standard_normal(nr));
    data.y2[r] = float(y2 + cfg.noise_sd * random::standard_normal(nr));
  }
  return data;
}

}  // namespace simrec::sim
