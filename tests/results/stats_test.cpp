// results/stats: descriptive statistics, paired t-test, Wilcoxon signed-rank, bootstrap CI and
// speed ratio, against hand-computed / textbook values and (where installed) scipy.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include "results/metrics/clustering.hpp"
#include "results/stats/ari_permutation.hpp"
#include "results/stats/bootstrap.hpp"
#include "results/stats/holm.hpp"
#include "results/stats/paired_comparison.hpp"
#include "results/stats/paired_t_test.hpp"
#include "results/stats/speed_ratio.hpp"
#include "results/stats/summary.hpp"
#include "results/stats/wilcoxon.hpp"
#include "support/python_runner.hpp"

using namespace simrec::stats;
using V = std::vector<double>;

namespace {
// 40 differences rounded to 0.1: ties, one zero (so 39 are ranked: the normal approximation).
const V kForty = {0.4, 0.2, 0.9, 0.4, -0.2, 0.7, 1.6, 1.2, -0.4, -1.0, -0.3, 0.3, -2.0, 0.1,
                  -0.9, -0.4, -0.2, -0.0, 0.7, 1.3, 0.2, 1.7, -0.4, 0.7, 1.2, 0.4, -0.4, -0.6,
                  -0.2, 0.5, -0.7, 0.1, 0.1, 0.8, 0.5, 0.7, -0.4, 0.2, 1.1, 1.8};
}  // namespace

TEST_CASE("stats: mean, sample std, quantile, median", "[results][stats]") {
  const V x = {2, 4, 4, 4, 5, 5, 7, 9};
  CHECK(mean(x) == 5.0);
  CHECK(sample_std(x) == Approx(std::sqrt(32.0 / 7)));  // sum of squares 32, n - 1 = 7
  CHECK(median(x) == 4.5);
  CHECK(quantile(x, 0.25) == 4.0);  // h = 1.75 between 4 and 4
  CHECK(quantile(V{1, 2, 3, 4}, 0.1) == Approx(1.3));  // h = 0.3
  CHECK(quantile(V{3, 1, 2}, 1.0) == 3.0);
  CHECK(std::isnan(mean(V{})));
  CHECK(std::isnan(sample_std(V{1.0})));
  CHECK_THROWS_WITH(quantile(x, 1.5), Catch::Contains("[0, 1]"));
}

TEST_CASE("stats: paired t-test, hand-computed", "[results][stats]") {
  // d = (1, 2, 0, 2, 3): mean 1.6, s_d = sqrt(1.3), t = 1.6 / (sqrt(1.3) / sqrt(5)) = 3.13786,
  // df = 4, p = 2 P(T_4 >= 3.13786) = 0.0349197 (t tables: t_{0.975,4} = 2.776 < t < t_{0.99,4} = 3.747).
  const auto r = paired_t_test(V{1, 2, 3, 4, 5}, V{2, 4, 3, 6, 8});
  CHECK(r.n == 5);
  CHECK(r.mean_difference == Approx(1.6));
  CHECK(r.std_difference == Approx(std::sqrt(1.3)));
  CHECK(r.t == Approx(3.1378581622109443).epsilon(1e-12));
  CHECK(r.df == 4);
  CHECK(r.p_value == Approx(0.03491970667453905).epsilon(1e-9));
  // Symmetric: swapping the samples flips t, keeps p.
  const auto s = paired_t_test(V{2, 4, 3, 6, 8}, V{1, 2, 3, 4, 5});
  CHECK(s.t == Approx(-r.t));
  CHECK(s.p_value == Approx(r.p_value));
}

TEST_CASE("stats: paired t-test degenerate cases", "[results][stats]") {
  const auto same = paired_t_test(V{0.7, 0.8, 0.9}, V{0.7, 0.8, 0.9});
  CHECK(same.mean_difference == 0);
  CHECK(same.t == 0);
  CHECK(same.p_value == 1);
  const auto shifted = one_sample_t_test(V{0.5, 0.5, 0.5});
  CHECK(std::isinf(shifted.t));
  CHECK(shifted.p_value == 0);
  const auto one = one_sample_t_test(V{0.5});
  CHECK(std::isnan(one.p_value));
  CHECK_THROWS_WITH(paired_t_test(V{1, 2}, V{1}), Catch::Contains("differ in length"));
}

TEST_CASE("stats: Wilcoxon exact p, textbook values", "[results][stats]") {
  // n = 5, all positive: W- = 0, only 1 of 2^5 sign patterns is as extreme per side: p = 2/32.
  auto r = wilcoxon_signed_rank(V{1, 2, 3, 4, 5});
  CHECK(r.method == WilcoxonMethod::exact);
  CHECK(r.statistic == 0);
  CHECK(r.p_value == Approx(0.0625));
  CHECK(wilcoxon_signed_rank(V{1, 2, 3, 4, 5, 6}).p_value == Approx(0.03125));
  // d = (1..5, -6): W- = 6. Subsets of {1..6} with sum <= 6: 1+1+1+2+2+3+4 = 14, p = 2 * 14/64.
  r = wilcoxon_signed_rank(V{1, 2, 3, 4, 5, -6});
  CHECK(r.w_plus == 15);
  CHECK(r.w_minus == 6);
  CHECK(r.p_value == Approx(0.4375));
  // scipy.stats.wilcoxon(method="exact"): 0.0546875
  CHECK(wilcoxon_signed_rank(V{0.5, -1.2, 2.3, 3.1, -0.4, 4.2, 5.5, 6.1}).p_value == Approx(0.0546875));
}

TEST_CASE("stats: Wilcoxon zeros are dropped, ties get midranks, exact with ties", "[results][stats]") {
  // Zeros dropped: same as without them.
  auto r = wilcoxon_signed_rank(V{0, 1, 2, 0, 3, 4, 5});
  CHECK(r.n_zero == 2);
  CHECK(r.n_used == 5);
  CHECK(r.p_value == Approx(0.0625));
  // All zero: no evidence of a difference.
  r = wilcoxon_signed_rank(V{0, 0, 0});
  CHECK(r.method == WilcoxonMethod::none);
  CHECK(r.p_value == 1);
  // Ties: |d| = (1, 1, 2, 3) -> midranks (1.5, 1.5, 3, 4); d = (1, -1, 2, 3): W- = 1.5, W+ = 8.5.
  // Sign patterns (of 16) with W+ <= 1.5: {}, {1.5}, {1.5'} -> 3; p = 2 * 3/16 = 0.375.
  r = wilcoxon_signed_rank(V{1, -1, 2, 3});
  CHECK(r.w_minus == 1.5);
  CHECK(r.w_plus == 8.5);
  CHECK(r.p_value == Approx(0.375));
  // At the centre of the distribution p is capped at 1.
  CHECK(wilcoxon_signed_rank(V{1, -1}).p_value == 1);
}

TEST_CASE("stats: Wilcoxon normal approximation beyond 25 pairs, with ties and a zero", "[results][stats]") {
  const auto r = wilcoxon_signed_rank(kForty);
  CHECK(r.method == WilcoxonMethod::normal);
  CHECK(r.n_zero == 1);
  CHECK(r.n_used == 39);
  CHECK(r.statistic == 254);
  // scipy.stats.wilcoxon(d, zero_method="wilcox", correction=False, method="approx")
  CHECK(r.p_value == Approx(0.057264754483120586).epsilon(1e-9));
}

TEST_CASE("stats: bootstrap CI is reproducible, exact for constant data, close to normal theory", "[results][stats]") {
  const V d = {0.01, 0.03, -0.02, 0.04, 0.02, 0.00, 0.05, 0.01};
  const auto a = bootstrap_mean_ci(d), b = bootstrap_mean_ci(d);
  CHECK(a.low == b.low);  // fixed Philox seed: bit-identical
  CHECK(a.high == b.high);
  CHECK(a.low < mean(d));
  CHECK(a.high > mean(d));
  // The seed is actually used (with few resamples, so that the discrete quantiles move).
  BootstrapOptions few, other;
  few.resamples = other.resamples = 37;
  other.seed = 7;
  const auto f = bootstrap_mean_ci(d, few), c = bootstrap_mean_ci(d, other);
  CHECK((c.low != f.low || c.high != f.high));

  const auto k = bootstrap_mean_ci(V{0.25, 0.25, 0.25});
  CHECK(k.low == 0.25);
  CHECK(k.high == 0.25);
  const auto z = bootstrap_mean_ci(V{0, 0, 0, 0});
  CHECK(z.low == 0);
  CHECK(z.high == 0);
  CHECK(std::isnan(bootstrap_mean_ci(V{}).low));

  // n = 400 evenly spread values: the percentile interval ~ mean +- 1.96 s / sqrt(n).
  V x;
  for (int i = 0; i < 400; ++i) x.push_back(std::sin(i * 0.7) + 0.1);
  const auto ci = bootstrap_mean_ci(x);
  const double half = 1.96 * sample_std(x) / std::sqrt(400.0);
  CHECK(ci.low == Approx(mean(x) - half).margin(0.1 * half));
  CHECK(ci.high == Approx(mean(x) + half).margin(0.1 * half));
}

TEST_CASE("stats: speed ratio of medians with range and interval", "[results][stats]") {
  const auto r = speed_ratio(V{2, 3, 4}, V{1, 2, 3});
  CHECK(r.candidate_median == 3);
  CHECK(r.baseline_median == 2);
  CHECK(r.ratio == 1.5);
  CHECK(r.range.low == Approx(2.0 / 3));
  CHECK(r.range.high == 4);
  CHECK(r.ci.low >= r.range.low);
  CHECK(r.ci.high <= r.range.high);
  CHECK(r.ci.low <= r.ratio);
  CHECK(r.ci.high >= r.ratio);
  const auto same = speed_ratio(V{1, 1, 1}, V{1, 1, 1});
  CHECK(same.ratio == 1);
  CHECK(same.ci.low == 1);
  CHECK(std::isnan(speed_ratio(V{1}, V{0}).ratio));
}

TEST_CASE("stats: paired comparison of identical samples is exactly zero", "[results][stats]") {
  const auto c = compare_paired(V{0.71, 0.72, 0.73}, V{0.71, 0.72, 0.73});
  CHECK(c.mean_difference == 0);
  CHECK(c.ci.low == 0);
  CHECK(c.ci.high == 0);
  CHECK(c.t_test.p_value == 1);
  CHECK(c.wilcoxon.p_value == 1);
}

TEST_CASE("stats: t-test, Wilcoxon and bootstrap agree with scipy", "[results][stats][scipy]") {
  if (!simrec::testing::python_module_available("scipy")) {
    WARN("SKIPPED: scipy is not available under /usr/bin/python3 (python3-scipy)");
    return;
  }
  const std::vector<V> cases = {
      {1, 2, 0, 2, 3},
      {0.012, -0.004, 0.02, 0.015, 0.007, -0.001},
      {1, -1, 2, 3, 3, -3, 0, 5},  // ties and a zero, exact
      {0.5, -1.2, 2.3, 3.1, -0.4, 4.2, 5.5, 6.1, -0.8, 1.9, 2.2, -2.5, 0.3, 0.9, 1.4},
      kForty,
  };
  const std::string dir = simrec::testing::make_temp_dir("simrec_stats_");
  {
    std::ofstream f(dir + "/cases.txt");
    f.precision(17);
    for (const auto& d : cases)
      for (const char* kind : {"ttest", "wilcoxon", "bootstrap"}) {
        f << kind;
        for (double v : d) f << " " << v;
        f << "\n";
      }
  }
  std::string out;
  const int rc = simrec::testing::run_python(std::string(SIMREC_TEST_SCRIPTS_DIR) + "/scipy_stats.py", dir + "/cases.txt", out);
  INFO(out);
  REQUIRE(rc == 0);
  std::istringstream lines(out);
  for (const auto& d : cases) {
    INFO("case of " << d.size() << " differences, first " << d[0]);
    std::string kind;
    double p_t = 0, p_w = 0, low = 0, high = 0;
    lines >> kind >> p_t >> kind >> p_w >> kind >> low >> high;
    CHECK(one_sample_t_test(d).p_value == Approx(p_t).epsilon(1e-9));
    CHECK(wilcoxon_signed_rank(d).p_value == Approx(p_w).epsilon(1e-9));
    // Different random resamples: the endpoints agree to a few percent of the interval's width.
    // Only for n >= 15: with 5 pairs the resample means are so discrete that the 2.5% point sits
    // on a step (for d = 1,2,0,2,3, P(mean <= 0.6) = 2.59%) and either neighbour is right.
    if (d.size() < 15) continue;
    const auto ci = bootstrap_mean_ci(d);
    const double width = high - low;
    CHECK(ci.low == Approx(low).margin(0.06 * width));
    CHECK(ci.high == Approx(high).margin(0.06 * width));
  }
}

TEST_CASE("ARI permutation test: the null of a tiny case by hand, p-values, determinism", "[stats][ari]") {
  using I = std::vector<std::int64_t>;
  // 4 items, a = b = {0, 0, 1, 1}: of the 24 orderings of a, 8 give ARI 1 (the groups {0,1}, {2,3}
  // in either labelling) and 16 give ARI -0.5 ({0,2},{1,3} or {0,3},{1,2}), so the null has mean
  // (8 - 8) / 24 = 0, P(null >= 1) = 1/3, sd = sqrt((8 * 1 + 16 * 0.25) / 24) = sqrt(0.5).
  const I a{0, 0, 1, 1};
  const AriPermutationResult r = ari_permutation_test(a, a, {}, {3000, 7});
  CHECK(r.observed == 1.0);
  CHECK(r.null_mean == Approx(0.0).margin(0.04));
  CHECK(r.null_sd == Approx(std::sqrt(0.5)).epsilon(0.03));
  CHECK(r.p_value == Approx(1.0 / 3.0).margin(0.03));
  // A real structure on 40 items is far outside the null; an unrelated labelling is not.
  I x, y, z;
  for (std::int64_t i = 0; i < 40; ++i) x.push_back(i / 10), y.push_back(i / 10 + (i % 10 == 0 ? 1 : 0)), z.push_back(i % 4);
  const AriPermutationResult found = ari_permutation_test(y, x);
  CHECK(found.observed > 0.7);
  CHECK(found.p_value == Approx(1.0 / 1001.0));  // no permutation reaches it: the floor 1 / (1 + P)
  CHECK(found.z > 10);
  const AriPermutationResult chance = ari_permutation_test(z, x);
  CHECK(chance.p_value > 0.5);  // z = i % 4 is balanced across x's groups: ARI below the null mean
  // Weights stay with the items: the observed index is the weighted one, and the null changes.
  std::vector<double> w(40, 1.0);
  w[0] = 400;
  const AriPermutationResult weighted = ari_permutation_test(y, x, w);
  CHECK(weighted.observed == simrec::metrics::adjusted_rand_index(y, x, w));
  CHECK(weighted.null_sd != Approx(found.null_sd).epsilon(0.1));
  // A pure function of its inputs and seed.
  const AriPermutationResult again = ari_permutation_test(y, x);
  CHECK(again.null_mean == found.null_mean);
  CHECK(again.null_sd == found.null_sd);
  CHECK_THROWS_WITH(ari_permutation_test(a, a, {}, {0, 1}), Catch::Contains("permutations"));
}

TEST_CASE("Holm adjustment: step-down by hand, monotone, NaN left out", "[results][stats]") {
  using simrec::stats::holm_adjust;
  // Sorted: 0.005 x 4 = 0.02; 0.01 x 3 = 0.03; 0.03 x 2 = 0.06; 0.04 x 1 = 0.04 -> max(0.06, 0.04).
  const auto a = holm_adjust({0.01, 0.04, 0.03, 0.005});
  CHECK(a[0] == Approx(0.03));
  CHECK(a[1] == Approx(0.06));
  CHECK(a[2] == Approx(0.06));
  CHECK(a[3] == Approx(0.02));
  // A NaN does not count in m: the same three finite values as a family of 3.
  const auto b = holm_adjust({0.01, std::nan(""), 0.2, 0.02});
  CHECK(b[0] == Approx(0.03));
  CHECK(std::isnan(b[1]));
  CHECK(b[2] == Approx(0.2));
  CHECK(b[3] == Approx(0.04));
  // Capped at 1; one test is its own adjustment; ties get equal values.
  CHECK(holm_adjust({0.6, 0.7})[0] == 1.0);
  CHECK(holm_adjust({0.013})[0] == Approx(0.013));
  const auto t = holm_adjust({0.02, 0.02, 0.02});
  CHECK(t[0] == Approx(0.06));
  CHECK(t[1] == Approx(0.06));
  CHECK(t[2] == Approx(0.06));
  CHECK(holm_adjust({}).empty());
  CHECK_THROWS_WITH(holm_adjust({0.5, 1.5}), Catch::Contains("outside [0, 1]"));
}
