// `simrec compare --by-traffic` (results/traffic_breakdown.hpp): per-scenario AUC gains by the
// scenarios' training rows, against hand-computed band means and slopes.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "results/input_error.hpp"
#include "results/traffic_breakdown.hpp"

using namespace simrec::results;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

UnitResult unit(const std::string& variant, std::int64_t seed, std::vector<double> auc, const std::vector<double>& rows) {
  UnitResult u;
  u.variant = variant;
  u.seed = seed;
  u.arrays["scenario_auc"] = NamedArray{{std::int64_t(auc.size())}, std::move(auc)};
  u.arrays["scenario_train_rows"] = NamedArray{{std::int64_t(rows.size())}, rows};
  return u;
}

// Seven scenarios; the variant's gain on each is seed x {0.03, 0.01, 0.02, 0.02, 0, -, -0.01}:
// scenario 5 has no reference AUC, so it is left out everywhere.
const std::vector<double> kRows = {5, 8, 50, 60, 500, 600, 900};
const std::vector<double> kGain = {0.03, 0.01, 0.02, 0.02, 0.0, 0.0, -0.01};

Run fixture() {
  Run run;
  run.path = "ms.h5";
  for (std::int64_t s = 1; s <= 3; ++s) {
    const std::vector<double> ref = {0.5, 0.5, 0.6, 0.6, 0.7, kNaN, 0.7};
    std::vector<double> var(ref.size());
    for (std::size_t i = 0; i < ref.size(); ++i) var[i] = ref[i] + double(s) * kGain[i];
    var[5] = 0.9;
    run.units.push_back(unit("base", s, ref, kRows));
    run.units.push_back(unit("aktn", s, var, kRows));
  }
  return run;
}

}  // namespace

TEST_CASE("least-squares slope: hand-computed cases", "[results][traffic]") {
  CHECK(least_squares_slope({0, 1, 2}, {1, 3, 5}) == 2.0);
  CHECK(least_squares_slope({0, 1, 2, 3}, {1, 0, 1, 0}) == -0.2);  // sxy = -1, sxx = 5
  CHECK(std::isnan(least_squares_slope({1}, {1})));
  CHECK(std::isnan(least_squares_slope({2, 2}, {1, 3})));
}

TEST_CASE("traffic breakdown: band means and gain slopes paired by seed", "[results][traffic]") {
  const TrafficBreakdown t = traffic_breakdown(fixture(), "base", {"base", "aktn"});
  CHECK(t.reference == "base");
  // Largest scenario 900 -> bands [0, 10), [10, 100), >= 100.
  REQUIRE(t.bands.size() == 3);
  const auto& small = t.bands[0];
  CHECK(small.variant == "aktn");
  CHECK(small.rows_low == 0);
  CHECK(small.rows_high == 10);
  CHECK(small.scenarios == 2);
  CHECK(small.stats.n == 3);
  CHECK(small.stats.mean_a == 0.5);
  // Band gain per seed s: s x (0.03 + 0.01) / 2 = 0.02 s; mean over s = 1, 2, 3: 0.04.
  CHECK(std::abs(small.stats.mean_difference - 0.04) < 1e-12);
  CHECK(std::abs(t.bands[1].stats.mean_difference - 0.04) < 1e-12);  // s x 0.02
  CHECK(t.bands[1].rows_low == 10);
  CHECK(t.bands[1].rows_high == 100);
  const auto& top = t.bands[2];
  CHECK(top.rows_low == 100);
  CHECK(std::isinf(top.rows_high));
  CHECK(top.scenarios == 2);  // 500 and 900; 600 has no reference AUC
  CHECK(std::abs(top.stats.mean_a - 0.7) < 1e-12);
  CHECK(std::abs(top.stats.mean_difference - (-0.01)) < 1e-12);  // s x (0 - 0.01) / 2 = -0.005 s
  // Slopes: seed s gives s times the slope of kGain on log10(rows) over the six scenarios kept.
  std::vector<double> x, g;
  for (std::size_t i = 0; i < kRows.size(); ++i)
    if (i != 5) x.push_back(std::log10(kRows[i])), g.push_back(kGain[i]);
  const double slope1 = least_squares_slope(x, g);
  CHECK(slope1 < -0.01);  // the gains fall with traffic
  REQUIRE(t.slopes.size() == 1);
  REQUIRE(t.slopes[0].slopes.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(std::abs(t.slopes[0].slopes[i] - double(i + 1) * slope1) < 1e-12);
  CHECK(std::abs(t.slopes[0].stats.mean_difference - 2 * slope1) < 1e-12);
  const std::string text = format_traffic_breakdown(t);
  CHECK_THAT(text, Catch::Contains(">= 100") && Catch::Contains("[10, 100)") && Catch::Contains("3 of 3"));
}

TEST_CASE("traffic breakdown: runs without per-scenario arrays and unknown references are rejected", "[results][traffic]") {
  Run run = fixture();
  CHECK_THROWS_WITH(traffic_breakdown(run, "blind", {"base", "aktn"}), Catch::Contains("no variant 'blind'"));
  for (auto& u : run.units) u.arrays.clear();
  CHECK_THROWS_AS(traffic_breakdown(run, "base", {"base", "aktn"}), InputError);
  CHECK_THROWS_WITH(traffic_breakdown(run, "base", {"base", "aktn"}),
                    Catch::Contains("scenario_auc") && Catch::Contains("task = multiscenario") && Catch::Contains("ms.h5"));
}
