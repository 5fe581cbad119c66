#pragma once
// K-means for grouping inventory series by scale, and the article's elbow rule (article 003 §4.3).
//
// kmeans: Lloyd's algorithm from k-means++ seeds (Philox stream "forecast/kmeans", index = restart),
// `restarts` runs, the lowest SSE kept (like scikit-learn's n_init). Points are n x d, row-major.
// Clusters are relabelled by ascending first coordinate of their centre, so group 0 is the
// smallest scale. SSE = sum of squared distances of points to their centre (sklearn's inertia_).
//
// Elbow rule, exactly as the article's code:
//   sse[k-1] = SSE of K-means with k clusters, k = 1..k_max (k_max = 9, or fewer points)
//   d = diff(sse)                       (d[i] = sse[i+1] - sse[i])
//   r[i] = d[i+1] / d[i]
//   k = argmin(r) + 2
// The ratio is smallest where the next improvement is small relative to the last one: the elbow.
// A step with d[i] = 0 (SSE already 0) gives no ratio and is skipped; with fewer than 3 SSE values
// the rule has no ratio and returns the number of values (1 or 2).

#include <cstdint>
#include <span>
#include <vector>

namespace simrec::algorithms::forecast {

struct KMeansResult {
  std::vector<int> labels;      // per point, 0..k-1 by ascending centre
  std::vector<double> centres;  // k x d
  double sse = 0;
};

KMeansResult kmeans(std::span<const double> points, std::size_t dim, int k, std::uint64_t seed, int restarts = 10,
                    int max_iterations = 300);

// SSE of K-means for k = 1..k_max (capped at the number of points).
std::vector<double> sse_curve(std::span<const double> points, std::size_t dim, int k_max, std::uint64_t seed);

// The article's elbow rule on an SSE curve (sse[0] is k = 1).
int elbow_k(std::span<const double> sse);

}  // namespace simrec::algorithms::forecast
