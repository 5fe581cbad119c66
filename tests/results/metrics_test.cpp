// Every metric against values computed by hand (the arithmetic is in the comments).
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "results/metrics/classification.hpp"
#include "results/metrics/clustering.hpp"
#include "results/metrics/diversity.hpp"
#include "results/metrics/ranking.hpp"
#include "results/metrics/regression.hpp"
#include "results/metrics/watch_time_loss.hpp"

using namespace simrec::metrics;
using V = std::vector<float>;
using I = std::vector<std::int64_t>;

TEST_CASE("auc: hand-computed with ties", "[metrics][auc]") {
  // positives scores {0.8, 0.4}, negatives {0.4, 0.2, 0.1}: pairs won: 0.8 beats all 3;
  // 0.4 ties one (0.5) and beats 2 -> (3 + 2.5) / 6.
  const V y{1, 1, 0, 0, 0}, s{0.8f, 0.4f, 0.4f, 0.2f, 0.1f};
  CHECK(auc(y, s) == Approx(5.5 / 6.0));
  CHECK(auc(V{1, 0}, V{0.1f, 0.9f}) == 0.0);
  CHECK(auc(V{1, 0, 1, 0}, V{0.5f, 0.5f, 0.5f, 0.5f}) == 0.5);
  CHECK_THROWS_WITH(auc(V{1, 1}, V{0.1f, 0.2f}), Catch::Contains("auc") && Catch::Contains("both"));
  CHECK_THROWS_WITH(auc(V{1, 0}, V{0.1f}), Catch::Contains("differ in length"));
}

TEST_CASE("gauc: per-user AUC weighted by impressions, one-class users skipped", "[metrics][gauc]") {
  // user 1: 3 impressions, AUC 1 (0.9 > 0.3, 0.2); user 2: 2 impressions, AUC 0;
  // user 3: only positives -> skipped. GAUC = (3 * 1 + 2 * 0) / 5 = 0.6.
  const I g{1, 1, 1, 2, 2, 3};
  const V y{1, 0, 0, 1, 0, 1}, s{0.9f, 0.3f, 0.2f, 0.1f, 0.7f, 0.5f};
  CHECK(gauc(g, y, s) == Approx(0.6));
}

TEST_CASE("log_loss: hand-computed and clipped", "[metrics][log_loss]") {
  // -(ln 0.8 + ln(1 - 0.4)) / 2
  CHECK(log_loss(V{1, 0}, V{0.8f, 0.4f}) == Approx(-(std::log(0.8) + std::log(0.6)) / 2).epsilon(1e-6));
  CHECK(std::isfinite(log_loss(V{1}, V{0.0f})));
  CHECK(log_loss(V{1}, V{0.0f}) == Approx(-std::log(1e-15)));
}

TEST_CASE("regression metrics: hand-computed", "[metrics][mse][mae][wmape][smape]") {
  const V y{1, 2, 4}, p{2, 2, 1};
  CHECK(mse(y, p) == Approx((1 + 0 + 9) / 3.0));
  CHECK(mae(y, p) == Approx((1 + 0 + 3) / 3.0));
  CHECK(wmape(y, p) == Approx(4.0 / 7.0));
  // smape: 2*1/3 + 0 + 2*3/5, over 3
  CHECK(smape(y, p) == Approx((2.0 / 3 + 0 + 6.0 / 5) / 3));
  CHECK(smape(V{0}, V{0}) == 0.0);
  CHECK_THROWS_WITH(wmape(V{0, 0}, V{1, 1}), Catch::Contains("wmape"));
}

TEST_CASE("top-K metrics: hand-computed", "[metrics][recall][precision][map][ndcg][hit_rate]") {
  // ranked 10, 20, 30, 40; relevant {20, 40, 99}; K = 3: hit at rank 2 only.
  const TopKScores s = topk_one(I{10, 20, 30, 40}, I{40, 20, 99}, 3);
  CHECK(s.recall == Approx(1.0 / 3));
  CHECK(s.precision == Approx(1.0 / 3));
  CHECK(s.hit_rate == 1.0);
  CHECK(s.map == Approx((1.0 / 2) / 3));                    // P@2 = 1/2, min(|R|, K) = 3
  CHECK(s.ndcg == Approx((1 / std::log2(3.0)) / (1 + 1 / std::log2(3.0) + 0.5)));
  // K = 4: hits at 2 and 4 -> AP = (1/2 + 2/4) / 3
  CHECK(topk_one(I{10, 20, 30, 40}, I{40, 20, 99}, 4).map == Approx(1.0 / 3));
  // Duplicates in the ranked list count once; a miss gives zeros.
  CHECK(topk_one(I{20, 20}, I{20}, 2).precision == Approx(0.5));
  CHECK(topk_one(I{1, 2}, I{3}, 2).ndcg == 0.0);
  // Mean over users; user 2 has no relevant items and is skipped.
  const TopKScores m = topk_mean(I{1, 2, 3, 4}, I{0, 2, 4}, I{2}, I{0, 1, 1}, 2);
  CHECK(m.users == 1);
  CHECK(m.recall == 1.0);
  CHECK_THROWS(topk_one(I{1}, I{1}, 0));
}

TEST_CASE("weighted per-user loss: hand-computed", "[metrics][weighted_per_user_loss]") {
  // Page 1: positives A (score 0.9, 10 s) and B (0.2, 30 s); negatives 0.5 and 0.2.
  //   A vs 0.5 ok, A vs 0.2 ok; B vs 0.5 wrong (30), B vs 0.2 tie (15). total = 2*10 + 2*30 = 80.
  // Page 2: one positive (0.1, 5 s) and one negative (0.3): wrong 5, total 5.
  // loss = (30 + 15 + 5) / 85.
  const I page{1, 1, 1, 1, 2, 2};
  const V clicked{1, 1, 0, 0, 1, 0}, watch{10, 30, 0, 0, 5, 0},
      score{0.9f, 0.2f, 0.5f, 0.2f, 0.1f, 0.3f};
  CHECK(weighted_per_user_loss(page, clicked, watch, score) == Approx(50.0 / 85.0));
}

TEST_CASE("adjusted Rand index: hand-computed", "[metrics][ari]") {
  CHECK(adjusted_rand_index(I{0, 0, 1, 1}, I{5, 5, 7, 7}) == 1.0);  // relabelling
  // a = {0,0,1,1}, b = {0,1,0,1}: n_ij all 1 -> index 0; sum_a = sum_b = 2; E = 4/6;
  // ARI = (0 - 2/3) / (2 - 2/3) = -0.5
  CHECK(adjusted_rand_index(I{0, 0, 1, 1}, I{0, 1, 0, 1}) == Approx(-0.5));
  CHECK(adjusted_rand_index(I{0, 0, 0}, I{0, 0, 0}) == 1.0);
}

TEST_CASE("adjusted Rand index, weighted: equals the index over the repeated items", "[metrics][ari]") {
  // Items (a, b, weight): (0, 0, 3), (0, 1, 1), (1, 1, 2), (2, 1, 0): the same as the 6 items
  // a = 0 0 0 0 1 1, b = 0 0 0 1 1 1 (the zero-weight item adds nothing).
  const I a{0, 0, 1, 2}, b{0, 1, 1, 1};
  const std::vector<double> w{3, 1, 2, 0};
  const double expanded = adjusted_rand_index(I{0, 0, 0, 0, 1, 1}, I{0, 0, 0, 1, 1, 1});
  // By hand: n_ij 3, 1, 2 -> index 3 + 0 + 1 = 4; a sums 4, 2 -> 6 + 1 = 7; b sums 3, 3 -> 6;
  // E = 7 * 6 / 15 = 2.8; max = 6.5; ARI = (4 - 2.8) / (6.5 - 2.8) = 1.2 / 3.7.
  CHECK(expanded == Approx(1.2 / 3.7));
  CHECK(adjusted_rand_index(a, b, w) == Approx(1.2 / 3.7));
  CHECK(adjusted_rand_index(I{0, 0, 1, 1}, I{0, 1, 0, 1}, std::vector<double>(4, 1.0)) == Approx(-0.5));
  CHECK_THROWS_WITH(adjusted_rand_index(a, b, std::vector<double>{1, 1, -1, 1}), Catch::Contains("< 0"));
  CHECK_THROWS(adjusted_rand_index(a, b, std::vector<double>{1, 1}));
}

TEST_CASE("distinct_n: hand-computed n-gram diversity", "[metrics][distinct_n]") {
  // Sequences (1 2 3), (1 2 4), (5): unigrams 1 2 3 1 2 4 5 -> 5 distinct of 7;
  // bigrams (1 2) (2 3) (1 2) (2 4) -> 3 distinct of 4 (none crosses a sequence boundary);
  // trigrams (1 2 3) (1 2 4) -> 2 of 2.
  const std::vector<std::uint32_t> tokens = {1, 2, 3, 1, 2, 4, 5};
  const std::vector<std::size_t> offsets = {0, 3, 6, 7};
  CHECK(simrec::metrics::distinct_n(tokens, offsets, 1) == Approx(5.0 / 7.0));
  CHECK(simrec::metrics::distinct_n(tokens, offsets, 2) == Approx(3.0 / 4.0));
  CHECK(simrec::metrics::distinct_n(tokens, offsets, 3) == Approx(1.0));
  CHECK(simrec::metrics::distinct_n(tokens, offsets, 4) == 0.0);
  // The boundary matters: joined into one sequence, (3 1) and (4 5) would be bigrams too.
  const std::vector<std::size_t> joined = {0, 7};
  CHECK(simrec::metrics::distinct_n(tokens, joined, 2) == Approx(5.0 / 6.0));
  CHECK_THROWS_WITH(simrec::metrics::distinct_n(tokens, offsets, 0), Catch::Contains("allowed n >= 1"));
}
