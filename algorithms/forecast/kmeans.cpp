#include "algorithms/forecast/kmeans.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "sim/random/philox.hpp"

namespace simrec::algorithms::forecast {

namespace {

double dist2(const double* a, const double* b, std::size_t dim) {
  double s = 0;
  for (std::size_t j = 0; j < dim; ++j) s += (a[j] - b[j]) * (a[j] - b[j]);
  return s;
}

KMeansResult lloyd(std::span<const double> x, std::size_t dim, int k, random::Rng& rng, int max_iterations) {
  const std::size_t n = x.size() / dim;
  KMeansResult r;
  r.centres.resize(std::size_t(k) * dim);
  // k-means++ seeding.
  std::vector<double> nearest(n, std::numeric_limits<double>::infinity());
  std::size_t first = std::size_t(rng.below(n));
  std::copy_n(&x[first * dim], dim, r.centres.begin());
  for (int c = 1; c < k; ++c) {
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      nearest[i] = std::min(nearest[i], dist2(&x[i * dim], &r.centres[std::size_t(c - 1) * dim], dim));
      total += nearest[i];
    }
    std::size_t pick = 0;
    if (total > 0) {
      double u = rng.uniform() * total;
      for (pick = 0; pick + 1 < n && u >= nearest[pick]; ++pick) u -= nearest[pick];
    } else {
      pick = std::size_t(rng.below(n));
    }
    std::copy_n(&x[pick * dim], dim, r.centres.begin() + std::ptrdiff_t(std::size_t(c) * dim));
  }
  r.labels.assign(n, -1);
  for (int it = 0; it < max_iterations; ++it) {
    bool changed = false;
    for (std::size_t i = 0; i < n; ++i) {
      int best = 0;
      double best_d = std::numeric_limits<double>::infinity();
      for (int c = 0; c < k; ++c) {
        const double d = dist2(&x[i * dim], &r.centres[std::size_t(c) * dim], dim);
        if (d < best_d) best_d = d, best = c;
      }
      changed = changed || r.labels[i] != best;
      r.labels[i] = best;
    }
    if (!changed) break;
    std::vector<double> sum(std::size_t(k) * dim, 0.0);
    std::vector<std::size_t> count(std::size_t(k), 0);
    for (std::size_t i = 0; i < n; ++i) {
      ++count[std::size_t(r.labels[i])];
      for (std::size_t j = 0; j < dim; ++j) sum[std::size_t(r.labels[i]) * dim + j] += x[i * dim + j];
    }
    for (int c = 0; c < k; ++c)
      if (count[std::size_t(c)] > 0)  // an empty cluster keeps its centre
        for (std::size_t j = 0; j < dim; ++j) r.centres[std::size_t(c) * dim + j] = sum[std::size_t(c) * dim + j] / double(count[std::size_t(c)]);
  }
  r.sse = 0;
  for (std::size_t i = 0; i < n; ++i) r.sse += dist2(&x[i * dim], &r.centres[std::size_t(r.labels[i]) * dim], dim);
  return r;
}

}  // namespace

KMeansResult kmeans(std::span<const double> points, std::size_t dim, int k, std::uint64_t seed, int restarts, int max_iterations) {
  if (dim == 0 || points.empty() || points.size() % dim != 0)
    throw std::invalid_argument("kmeans: expected n x d points with n >= 1, got " + std::to_string(points.size()) + " values for d = " + std::to_string(dim));
  const std::size_t n = points.size() / dim;
  if (k < 1 || std::size_t(k) > n)
    throw std::invalid_argument("kmeans: k = " + std::to_string(k) + " is out of range: allowed [1, " + std::to_string(n) + "] (the number of points)");
  KMeansResult best;
  best.sse = std::numeric_limits<double>::infinity();
  for (int r = 0; r < std::max(1, restarts); ++r) {
    random::Rng rng(seed, "forecast/kmeans", std::uint64_t(r));
    KMeansResult res = lloyd(points, dim, k, rng, max_iterations);
    if (res.sse < best.sse) best = std::move(res);
  }
  // Relabel by ascending first coordinate of the centre.
  std::vector<int> order(static_cast<std::size_t>(k));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return best.centres[std::size_t(a) * dim] < best.centres[std::size_t(b) * dim]; });
  std::vector<int> rank(static_cast<std::size_t>(k));
  std::vector<double> centres(best.centres.size());
  for (int i = 0; i < k; ++i) {
    rank[std::size_t(order[std::size_t(i)])] = i;
    std::copy_n(&best.centres[std::size_t(order[std::size_t(i)]) * dim], dim, centres.begin() + std::ptrdiff_t(std::size_t(i) * dim));
  }
  for (int& l : best.labels) l = rank[std::size_t(l)];
  best.centres = std::move(centres);
  return best;
}

std::vector<double> sse_curve(std::span<const double> points, std::size_t dim, int k_max, std::uint64_t seed) {
  const int n = int(points.size() / dim);
  std::vector<double> sse;
  for (int k = 1; k <= std::min(k_max, n); ++k) sse.push_back(kmeans(points, dim, k, seed).sse);
  return sse;
}

int elbow_k(std::span<const double> sse) {
  if (sse.empty()) throw std::invalid_argument("elbow rule: empty SSE curve");
  if (sse.size() < 3) return int(sse.size());
  int best = -1;
  double best_ratio = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i + 2 < sse.size(); ++i) {
    const double d0 = sse[i + 1] - sse[i], d1 = sse[i + 2] - sse[i + 1];
    if (d0 == 0) continue;
    const double r = d1 / d0;
    if (r < best_ratio) best_ratio = r, best = int(i);
  }
  return best < 0 ? 1 : best + 2;
}

}  // namespace simrec::algorithms::forecast
