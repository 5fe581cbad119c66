// Users (SPEC §3): demographics predict interests better than chance -- through a non-linear
// function, so an additive model of one-hot demographics cannot reproduce it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

#include "test_worlds.hpp"

using namespace simrec::sim;
using namespace simrec::sim::testing;

namespace {
struct Probe {
  double accuracy, base_rate;
};
// Majority-class probe: the top genre of u* predicted by the majority top genre of the user's
// (age, gender, region) cell in a training half; scored on the other half.
Probe demographic_probe(const World& w, std::uint32_t users) {
  std::map<int, std::vector<int>> cell_counts;
  std::vector<int> overall(w.catalog().num_genres(), 0);
  std::vector<std::pair<int, int>> test;  // (cell, true genre)
  for (std::uint32_t id = 0; id < users; ++id) {
    const UserProfile u = w.user(id);
    const int genre = int(std::max_element(u.genre_affinity.begin(), u.genre_affinity.end()) - u.genre_affinity.begin());
    const int cell = (u.demo.age_bucket * 2 + u.demo.gender) * 1000 + u.demo.region;
    if (id % 2 == 0) {
      auto& c = cell_counts[cell];
      c.resize(overall.size(), 0);
      ++c[genre];
      ++overall[genre];
    } else {
      test.push_back({cell, genre});
    }
  }
  const int global = int(std::max_element(overall.begin(), overall.end()) - overall.begin());
  double hits = 0, base = 0;
  for (const auto& [cell, genre] : test) {
    const auto it = cell_counts.find(cell);
    const int guess = it == cell_counts.end() ? global : int(std::max_element(it->second.begin(), it->second.end()) - it->second.begin());
    hits += guess == genre;
    base += global == genre;
  }
  return {hits / double(test.size()), base / double(test.size())};
}

// R^2 of the best additive (one-hot main effects) least-squares fit of f(demo) over users.
double additive_r2(const World& w, std::uint32_t users) {
  const int num_regions = int(w.config().num_regions);
  const int p = 1 + kNumAgeBuckets + kNumGenders + num_regions + kNumDevices + 2;
  const std::size_t d = w.catalog().latent_dim;
  std::vector<double> xtx(std::size_t(p) * p, 0.0), xty(std::size_t(p) * d, 0.0);
  std::vector<std::vector<int>> rows;
  std::vector<std::vector<float>> ys;
  for (std::uint32_t id = 0; id < users; ++id) {
    const UserProfile u = w.user(id);
    const std::vector<int> x = {0, 1 + u.demo.age_bucket, 1 + kNumAgeBuckets + u.demo.gender,
                                1 + kNumAgeBuckets + kNumGenders + u.demo.region,
                                1 + kNumAgeBuckets + kNumGenders + num_regions + u.demo.device,
                                1 + kNumAgeBuckets + kNumGenders + num_regions + kNumDevices + u.demo.logged_in};
    for (int a : x) {
      for (int b : x) xtx[std::size_t(a) * p + b] += 1;
      for (std::size_t k = 0; k < d; ++k) xty[std::size_t(a) * d + k] += u.demographic_a[k];
    }
    rows.push_back(x);
    ys.push_back(u.demographic_a);
  }
  // Ridge-stabilised Gauss-Jordan solve of (X'X + eps I) B = X'Y.
  for (int i = 0; i < p; ++i) xtx[std::size_t(i) * p + i] += 1e-6;
  for (int col = 0; col < p; ++col) {
    int piv = col;
    for (int r = col + 1; r < p; ++r)
      if (std::abs(xtx[std::size_t(r) * p + col]) > std::abs(xtx[std::size_t(piv) * p + col])) piv = r;
    for (int k = 0; k < p; ++k) std::swap(xtx[std::size_t(col) * p + k], xtx[std::size_t(piv) * p + k]);
    for (std::size_t k = 0; k < d; ++k) std::swap(xty[std::size_t(col) * d + k], xty[std::size_t(piv) * d + k]);
    const double diag = xtx[std::size_t(col) * p + col];
    for (int r = 0; r < p; ++r) {
      if (r == col) continue;
      const double f = xtx[std::size_t(r) * p + col] / diag;
      if (f == 0) continue;
      for (int k = 0; k < p; ++k) xtx[std::size_t(r) * p + k] -= f * xtx[std::size_t(col) * p + k];
      for (std::size_t k = 0; k < d; ++k) xty[std::size_t(r) * d + k] -= f * xty[std::size_t(col) * d + k];
    }
  }
  for (int r = 0; r < p; ++r)
    for (std::size_t k = 0; k < d; ++k) xty[std::size_t(r) * d + k] /= xtx[std::size_t(r) * p + r];
  std::vector<double> mean(d, 0.0);
  for (const auto& y : ys)
    for (std::size_t k = 0; k < d; ++k) mean[k] += y[k] / double(ys.size());
  double ss_res = 0, ss_tot = 0;
  for (std::size_t i = 0; i < ys.size(); ++i)
    for (std::size_t k = 0; k < d; ++k) {
      double pred = 0;
      for (int a : rows[i]) pred += xty[std::size_t(a) * d + k];
      ss_res += (ys[i][k] - pred) * (ys[i][k] - pred);
      ss_tot += (ys[i][k] - mean[k]) * (ys[i][k] - mean[k]);
    }
  return 1.0 - ss_res / ss_tot;
}
}  // namespace

TEST_CASE("demographics predict interests better than chance", "[world][demographics]") {
  VideoWorldConfig c = small_config(20000, 500, 2);
  const Probe with = demographic_probe(World(c, 707), 20000);
  c.demographic_weight = 0.0;
  const Probe without = demographic_probe(World(c, 707), 20000);
  std::printf("demographic probe: accuracy %.3f vs base rate %.3f; with demographic_weight = 0: %.3f vs %.3f\n", with.accuracy,
              with.base_rate, without.accuracy, without.base_rate);
  CHECK(with.accuracy > with.base_rate + 0.15);
  CHECK((with.accuracy - with.base_rate) / (1.0 - with.base_rate) > 0.25);  // errors cut by a quarter
  CHECK(without.accuracy < without.base_rate + 0.03);
}

TEST_CASE("demographic tastes interact non-linearly", "[world][demographics]") {
  VideoWorldConfig c = small_config(8000, 500, 2);
  const double r2 = additive_r2(World(c, 808), 8000);
  c.demographic_gain = 0.05;  // near-linear tanh and softmax
  const double r2_linear = additive_r2(World(c, 808), 8000);
  std::printf("additive one-hot fit of f(demographics): R^2 = %.3f (gain 2.5), %.3f (gain 0.05)\n", r2, r2_linear);
  CHECK(r2 < 0.85);
  CHECK(r2_linear > 0.97);
}
