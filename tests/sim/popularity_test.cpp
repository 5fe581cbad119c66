// Popularity semantics (SPEC §3): organic demand follows base(v) = rank^-s, and fresh uploads get
// more attention than the same videos later (attention = base x (1 + viral exp(-age / tau))).
#include <catch2/catch.hpp>

#include <cstdio>
#include <vector>

#include "sim/random/zipf.hpp"
#include "test_worlds.hpp"

using namespace simrec::sim;
using namespace simrec::sim::testing;

namespace {
// Browse watches per base-popularity rank (the organic choice: P(v) ~ attention(v, t)^a x taste).
double fitted_organic_exponent(double configured, std::uint64_t seed) {
  VideoWorldConfig c = small_config(1500, 4000, 7);
  c.video_popularity_zipf = configured;
  c.back_catalog_fraction = 1.0;  // no uploads during the window
  c.viral_median = 0.0;           // pure base popularity
  c.rewatch_penalty = 0.0;        // heavy users would otherwise exhaust the head (see sim/README.md)
  const World w(c, seed);
  std::vector<double> counts(w.num_videos(), 0.0);
  for (const Event& e : generate_all(w))
    if (e.kind == EventKind::Watch && e.source == WatchSource::Browse) counts[w.catalog().video_popularity_rank[e.video_id] - 1] += 1;
  return simrec::random::fit_zipf_exponent(counts, 1, 300);
}
}  // namespace

TEST_CASE("organic video popularity follows the configured Zipf exponent", "[world][popularity]") {
  for (double s : {1.0, 0.6}) {
    const double fitted = fitted_organic_exponent(s, 101);
    std::printf("popularity: configured Zipf exponent %.2f, fitted from browse watches %.3f\n", s, fitted);
    CHECK(fitted == Approx(s).margin(0.1));
  }
  // Control: without a popularity law the fit is flat, so the test measures the mechanism.
  CHECK(std::abs(fitted_organic_exponent(0.0, 101)) < 0.1);
}

TEST_CASE("fresh uploads receive more attention than the same videos later", "[world][popularity][freshness]") {
  // Watches of videos uploaded on days 1-6 during their first two days vs days 5-7 after upload:
  // the same videos, so equal base popularity. Re-watch and impression-fatigue penalties are off:
  // they make early viewers unavailable later (saturation), a real but different decay.
  const auto ratio = [](double viral_median) {
    VideoWorldConfig c = small_config(1500, 4000, 14);
    c.back_catalog_fraction = 0.6;
    c.viral_median = viral_median;
    c.rewatch_penalty = 0;
    c.impression_fatigue_weight = 0;
    const World w(c, 202);
    double early = 0, late = 0;
    for (const Event& e : generate_all(w)) {
      if (e.kind != EventKind::Watch) continue;
      const double upload = w.catalog().video_upload_seconds[e.video_id];
      if (upload < 1 * kSecondsPerDay || upload >= 6 * kSecondsPerDay) continue;
      const double age_days = (e.time_seconds - upload) / kSecondsPerDay;
      early += age_days < 2.0;
      late += age_days >= 5.0 && age_days < 7.0;
    }
    return early / std::max(1.0, late);
  };
  const double with_viral = ratio(3.0), without = ratio(0.0);
  std::printf("freshness: watches in days 0-2 after upload / days 5-7: %.2f with viral boost, %.2f without\n", with_viral, without);
  CHECK(with_viral > 2.0);
  CHECK(without < 1.3);
  CHECK(with_viral > 1.8 * without);
}
