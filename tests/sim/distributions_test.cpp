// Distributions on top of Philox: moments, known quantiles, alias / Zipf frequencies, and the
// Plackett-Luce samplers against exact probabilities. Fixed seeds; margins of ~4-5 sigma.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <vector>

#include "sim/random/alias_table.hpp"
#include "sim/random/distributions.hpp"
#include "sim/random/gumbel_top_k.hpp"
#include "sim/random/zipf.hpp"

using namespace simrec::random;

namespace {
struct Moments {
  double mean = 0, var = 0;
};
template <class F>
Moments moments(int n, F&& draw) {
  double s = 0, ss = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    s += x;
    ss += x * x;
  }
  Moments m;
  m.mean = s / n;
  m.var = ss / n - m.mean * m.mean;
  return m;
}
}  // namespace

TEST_CASE("normal quantile matches published values", "[rng][distributions]") {
  CHECK(normal_quantile(0.5) == Approx(0.0).margin(1e-15));
  CHECK(normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-14));
  CHECK(normal_quantile(0.025) == Approx(-1.959963984540054).epsilon(1e-14));
  CHECK(normal_quantile(0.999) == Approx(3.090232306167813).epsilon(1e-13));
  CHECK(normal_quantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-12));
  for (double p : {0.01, 0.2, 0.7, 0.93})
    CHECK(normal_cdf(normal_quantile(p)) == Approx(p).epsilon(1e-12));
}

TEST_CASE("continuous distributions have the right moments", "[rng][distributions]") {
  Rng r(11, "moments", 0);
  const int n = 200000;
  const Moments z = moments(n, [&] { return standard_normal(r); });
  CHECK(std::abs(z.mean) < 0.012);
  CHECK(z.var == Approx(1.0).margin(0.015));
  const Moments e = moments(n, [&] { return exponential(r, 2.0); });
  CHECK(e.mean == Approx(0.5).margin(0.006));
  for (double shape : {0.4, 1.0, 3.5}) {
    const Moments g = moments(n, [&] { return gamma(r, shape, 2.0); });
    CHECK(g.mean == Approx(2.0 * shape).epsilon(0.02));
    CHECK(g.var == Approx(4.0 * shape).epsilon(0.05));
  }
  const Moments b = moments(n, [&] { return beta(r, 2.0, 6.0); });
  CHECK(b.mean == Approx(0.25).margin(0.003));
  CHECK(b.var == Approx(2.0 * 6.0 / (64.0 * 9.0)).epsilon(0.04));
  const Moments ln = moments(n, [&] { return std::log(log_normal(r, 1.0, 0.5)); });
  CHECK(ln.mean == Approx(1.0).margin(0.006));
  CHECK(ln.var == Approx(0.25).epsilon(0.03));
}

TEST_CASE("discrete distributions have the right moments", "[rng][distributions]") {
  Rng r(12, "moments", 0);
  const int n = 200000;
  for (double mean : {0.7, 5.0, 40.0, 300.0}) {
    const Moments p = moments(n, [&] { return double(poisson(r, mean)); });
    CHECK(p.mean == Approx(mean).margin(5 * std::sqrt(mean / n) + 1e-3));
    CHECK(p.var == Approx(mean).epsilon(0.03));
  }
  const Moments g = moments(n, [&] { return double(geometric(r, 0.25)); });
  CHECK(g.mean == Approx(3.0).margin(0.05));
}

TEST_CASE("alias table draws each index with its weight", "[rng][alias]") {
  const std::vector<double> w = {5, 0, 1, 3, 0.5, 10, 0, 2};
  const AliasTable t(w);
  double total = 0;
  for (double x : w) total += x;
  std::vector<int> counts(w.size(), 0);
  Rng r(3, "alias", 0);
  const int n = 400000;
  for (int i = 0; i < n; ++i) ++counts[t.sample(r)];  // NOLINT
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double p = w[i] / total;
    if (w[i] == 0) {
      CHECK(counts[i] == 0);
    } else {
      CHECK(double(counts[i]) / n == Approx(p).margin(5 * std::sqrt(p * (1 - p) / n)));
    }
  }
  CHECK(t.total_weight() == Approx(total));
}

TEST_CASE("Zipf sampler follows k^-s and the fitted exponent recovers s", "[rng][zipf]") {
  for (double s : {0.0, 0.8, 1.0, 1.5}) {
    const std::size_t n = 50;
    const ZipfSampler z(n, s);
    const std::vector<double> p = zipf_weights(n, s);
    std::vector<double> counts(n, 0.0);
    Rng r(5, "zipf", std::uint64_t(s * 10));
    const int draws = 300000;
    int out_of_range = 0;
    for (int i = 0; i < draws; ++i) {
      const auto k = z.sample(r);
      if (k < 1 || k > n) {
        ++out_of_range;
        continue;
      }
      counts[k - 1] += 1;
    }
    CHECK(out_of_range == 0);
    for (std::size_t k = 0; k < n; ++k) CHECK(counts[k] / draws == Approx(p[k]).margin(5 * std::sqrt(p[k] / draws)));
    CHECK(fit_zipf_exponent(counts, 1, 30) == Approx(s).margin(0.05));
  }
  // Large n without a table.
  const ZipfSampler big(1000000, 1.1);
  Rng r(6, "zipf_big", 0);
  std::vector<double> counts(100, 0.0);
  for (int i = 0; i < 400000; ++i) {
    const auto k = big.sample(r);
    if (k <= 100) counts[k - 1] += 1;
  }
  CHECK(fit_zipf_exponent(counts, 1, 100) == Approx(1.1).margin(0.05));
}

TEST_CASE("Gumbel-top-k and sequential Plackett-Luce sample the same ranking law", "[rng][plackett_luce]") {
  const std::vector<double> w = {1.0, 2.0, 4.0, 0.5};
  std::vector<double> logw;
  for (double x : w) logw.push_back(std::log(x));
  // Exact probability of each ordered pair (first, second).
  const double total = 7.5;
  std::map<std::pair<int, int>, double> exact;
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 4; ++b)
      if (a != b) exact[{a, b}] = w[a] / total * w[b] / (total - w[a]);
  std::map<std::pair<int, int>, int> gumbel_counts, seq_counts;
  Rng r1(8, "gumbel", 0), r2(8, "pl", 0);
  std::vector<std::uint32_t> order;
  std::vector<double> prop;
  const int n = 200000;
  int propensity_errors = 0;
  for (int i = 0; i < n; ++i) {
    gumbel_top_k(logw, 2, r1, order);
    ++gumbel_counts[{int(order[0]), int(order[1])}];
    plackett_luce_sample(w, 2, r2, order, prop);
    ++seq_counts[{int(order[0]), int(order[1])}];
    propensity_errors += std::abs(prop[0] - w[order[0]] / total) > 1e-12;
    propensity_errors += std::abs(prop[1] - w[order[1]] / (total - w[order[0]])) > 1e-12;
  }
  CHECK(propensity_errors == 0);
  for (const auto& [pair, p] : exact) {
    const double margin = 5 * std::sqrt(p * (1 - p) / n);
    CHECK(double(gumbel_counts[pair]) / n == Approx(p).margin(margin));
    CHECK(double(seq_counts[pair]) / n == Approx(p).margin(margin));
  }
  std::vector<double> pl;
  const std::vector<std::uint32_t> ranking = {2, 0, 1};
  plackett_luce_propensities(logw, ranking, pl);
  CHECK(pl[0] == Approx(4.0 / 7.5));
  CHECK(pl[1] == Approx(1.0 / 3.5));
  CHECK(pl[2] == Approx(2.0 / 2.5));
}
