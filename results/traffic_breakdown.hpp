#pragma once
// `simrec compare --by-traffic`: where in the traffic distribution a multi-scenario variant gains
// over its reference (article 004, table 1: "more on the small tail scenarios").
//
// Reads each unit's per-scenario arrays (scenarios/multi_scenario_runner.hpp): scenario_auc (the
// scenario's test AUC, NaN without both labels) and scenario_train_rows. Scenarios are binned by
// their training rows in decades ([1, 10), [10, 100), ..., the top bin open); rows are taken from
// the reference unit of the same seed (variants of a seed share data; compare's data check says
// whether they did). For each studied variant, band and paired seed:
//   a = mean of the reference's AUC over the band's scenarios where both AUCs are defined,
//   b = the same mean of the variant's AUC,
// compared over seeds like any metric (stats/paired_comparison.hpp). One number for the trend:
// per seed the least-squares slope of the per-scenario gain (variant - reference AUC) on
// log10(training rows), over scenarios with both AUCs and at least one training row; negative =
// the gain is larger on small scenarios. The slopes are tested against zero over seeds (a = 0).
// A band or slope needs at least 2 such scenarios in a seed; seeds without them are left out.
//
// Bad input throws InputError: a run without the per-scenario arrays (not a multi-scenario run),
// an unknown reference.

#include <cstdint>
#include <string>
#include <vector>

#include "results/stats/paired_comparison.hpp"
#include "results/store/run_types.hpp"

namespace simrec::results {

struct TrafficBandRow {
  std::string variant;
  double rows_low = 0, rows_high = 0;  // [low, high) training rows; high = +inf for the top band
  double scenarios = 0;                // mean over the paired seeds of the scenarios compared
  std::vector<std::int64_t> seeds;
  stats::PairedComparison stats;       // a = reference band mean, b = variant band mean
};

struct TrafficSlopeRow {
  std::string variant;
  std::vector<std::int64_t> seeds;
  std::vector<double> slopes;    // per seed: AUC gain per decade of training rows
  std::size_t negative = 0;      // seeds whose slope is below 0
  stats::PairedComparison stats;  // a = 0, b = slopes
};

struct TrafficBreakdown {
  std::string reference;
  std::vector<TrafficBandRow> bands;  // by variant, then band from small to large
  std::vector<TrafficSlopeRow> slopes;
};

TrafficBreakdown traffic_breakdown(const Run& run, const std::string& reference, const std::vector<std::string>& variants);

std::string format_traffic_breakdown(const TrafficBreakdown& t);

// "[10, 100)", ">= 10000"
std::string traffic_band_label(const TrafficBandRow& row);

// Least-squares slope of y on x (at least 2 points, x not all equal; else NaN). Exposed for tests.
double least_squares_slope(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace simrec::results
