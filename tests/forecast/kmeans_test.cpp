// K-means against hand cases, the article's elbow rule on constructed SSE curves, and the
// article's early-stopping rule step by step.
#include <catch2/catch.hpp>

#include "algorithms/forecast/early_stopping.hpp"
#include "algorithms/forecast/kmeans.hpp"

using namespace simrec::algorithms::forecast;

TEST_CASE("kmeans: three obvious 1-D clusters, labelled by ascending centre", "[forecast][kmeans]") {
  const std::vector<double> x = {50, 1, 11, 2, 3, 10, 12};
  const KMeansResult r = kmeans(x, 1, 3, 7);
  CHECK(r.labels == std::vector<int>{2, 0, 1, 0, 0, 1, 1});
  CHECK(r.centres == std::vector<double>{2, 11, 50});
  CHECK(r.sse == Approx(4.0));  // (1 + 0 + 1) + (1 + 0 + 1) + 0
  // k = 1: the mean; SSE = total sum of squares.
  const KMeansResult one = kmeans(x, 1, 1, 7);
  const double mean = 89.0 / 7;
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  CHECK(one.centres[0] == Approx(mean));
  CHECK(one.sse == Approx(ss));
}

TEST_CASE("kmeans: a 2-D hand case and its errors", "[forecast][kmeans]") {
  // Two squares of side 2 centred at (0, 0) and (10, 10): SSE = 8 points x 2 = 16.
  const std::vector<double> x = {-1, -1, 1, 1, -1, 1, 1, -1, 9, 9, 11, 11, 9, 11, 11, 9};
  const KMeansResult r = kmeans(x, 2, 2, 3);
  CHECK(r.labels == std::vector<int>{0, 0, 0, 0, 1, 1, 1, 1});
  CHECK(r.centres == std::vector<double>{0, 0, 10, 10});
  CHECK(r.sse == Approx(16.0));
  CHECK_THROWS_WITH(kmeans(x, 2, 9, 1), Catch::Contains("k = 9") && Catch::Contains("[1, 8]"));
  CHECK_THROWS_WITH(kmeans(std::vector<double>{1, 2, 3}, 2, 1, 1), Catch::Contains("n x d"));
}

TEST_CASE("elbow rule: k = argmin(d[i+1] / d[i]) + 2 as the article's code", "[forecast][elbow]") {
  // d = -60, -30, -2, -1, -0.5, -0.3, -0.2, -0.1; ratios 0.5, 0.067, 0.5, 0.5, 0.6, 0.67, 0.5 -> k = 3.
  const std::vector<double> sse = {100, 40, 10, 8, 7, 6.5, 6.2, 6.0, 5.9};
  CHECK(elbow_k(sse) == 3);
  // A sharp elbow at k = 2: d = -90, -1, -0.9, ... ratios 0.011, 0.9, ... -> k = 2.
  CHECK(elbow_k(std::vector<double>{100, 10, 9, 8.1, 7.3, 6.6, 6.0, 5.4, 4.9}) == 2);
  // Elbow at 5.
  CHECK(elbow_k(std::vector<double>{100, 70, 45, 25, 8, 7, 6, 5, 4}) == 5);
  // Too short for a ratio; a flat curve (all points equal) gives 1.
  CHECK(elbow_k(std::vector<double>{5}) == 1);
  CHECK(elbow_k(std::vector<double>{5, 1}) == 2);
  CHECK(elbow_k(std::vector<double>{0, 0, 0, 0}) == 1);
  CHECK_THROWS(elbow_k(std::vector<double>{}));
  // End to end on three scales: SSE curve from K-means, elbow at 3.
  const std::vector<double> x = {1.0, 1.1, 0.9, 1.05, 5.0, 5.1, 4.9, 5.05, 9.0, 9.1, 8.9, 9.05};
  const auto curve = sse_curve(x, 1, 9, 1);
  REQUIRE(curve.size() == 9);
  CHECK(elbow_k(curve) == 3);
}

TEST_CASE("early stopping: counts non-improving epochs only below the threshold", "[forecast][early_stopping]") {
  EarlyStopping s(2, 0.5);
  CHECK_FALSE(s.step(1.0));   // best = 1.0
  CHECK_FALSE(s.step(1.2));   // worse but above x: no count
  CHECK(s.counter() == 0);
  CHECK_FALSE(s.step(0.4));   // better: best = 0.4
  CHECK_FALSE(s.step(0.45));  // worse, below x: 1
  CHECK(s.counter() == 1);
  CHECK_FALSE(s.step(0.3));   // better: reset
  CHECK(s.counter() == 0);
  CHECK_FALSE(s.step(0.35));  // 1
  CHECK(s.step(0.31));        // 2 -> stop
  CHECK(s.best() == 0.3);
  EarlyStopping never(0, 1e9);
  for (int i = 0; i < 10; ++i) CHECK_FALSE(never.step(1.0 + i));
}
