#pragma once
// The inventory world (SPEC §3; the model and every knob: sim/README.md "Inventory world"): daily
// ad requests per targeting cross over several years.
//
// Targeting dimensions (region, age, gender, member level) define full cells c = (r, a, g, m).
// Per day t and cell c:
//   log total(t) = log base + trend t / 365 + weekend_lift [weekend] + holiday_lift during(t)
//                  + pre_holiday_lift pre(t) - post_holiday_drop post(t) + shock(t) + s_tot z_t
//   (weekend_lift becomes weekend_lift + weekend_drift_per_year t / 365)
//   log r_c(t)   = a_c^during holiday_lift during(t) + a_c^pre pre_holiday_lift pre(t)
//                  - a_c^post post_holiday_drop post(t) + a_c^weekend weekend_lift [weekend]
//                  + drift_c t / 365
//   share_c(t)   = s_c r_c(t) / sum_c' s_c' r_c'(t)          (sums to 1 every day)
//   requests_c(t) ~ Poisson(total(t) share_c(t) exp(s_cell z_ct - s_cell^2 / 2))
// with s_c = product of Zipf marginals x a log-normal interaction, the elasticity offsets a_c^k =
// sum over dimensions of per-level offsets N(0, response_spread^2) + per-cell jitter, drift_c = sum
// of per-level drifts N(0, share_drift_sigma^2), shock(t) = sum_k m_k exp(-(t - t_k) / decay) over
// Poisson-many shocks; with response_drift_sigma > 0 every a_c^k(t) = a_c^k + b_c^k t / 365 drifts
// (b_c^k = sum of per-level N(0, response_drift_sigma^2)). So a cross's holiday ramp, holiday lift and post-holiday drop differ from the
// total's by its cells' elasticities, and its share drifts slowly.
//
// A targeting cross fixes 0..max_cross_dims dimensions; its requests are the exact sum of its
// cells' requests. Consistency guaranteed (and tested): for every cross with fewer than
// max_cross_dims fixed dimensions and every free dimension d, the crosses that additionally fix d
// (one per level) sum to it; the empty cross ("all") is the sum of every cell.
//
// Randomness (Philox streams, index in brackets): "inventory/calendar" [year], "inventory/levels"
// [dimension x 1024 + level], "inventory/response_drift" [dimension x 1024 + level], "inventory/cell" [cell], "inventory/shocks" [0],
// "inventory/total_day" [day], "inventory/cell_day" [cell x num_days + day]. Cells are generated in
// parallel (OpenMP) and crosses summed in cell order: identical for any thread count.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/inventory/calendar.hpp"
#include "sim/inventory/config.hpp"

namespace simrec::sim {

inline constexpr int kNumTargetingDims = 4;
inline constexpr std::int16_t kAnyLevel = -1;
// "region", "age", "gender", "member"
const char* targeting_dim_name(int dim);

struct TargetingCross {
  std::array<std::int16_t, kNumTargetingDims> level{kAnyLevel, kAnyLevel, kAnyLevel, kAnyLevel};
  int num_fixed() const;
  bool contains(const std::array<std::int16_t, kNumTargetingDims>& cell) const;
};
// "all" or e.g. "region=2,member=0".
std::string cross_name(const TargetingCross& cross);

// Per-cell hidden truth (what the harness may use; forecasters never see it).
struct InventoryCellTruth {
  std::array<std::int16_t, kNumTargetingDims> level;
  double base_share;                              // s_c (sums to 1)
  double pre_offset, during_offset, post_offset;  // a_c^pre, a_c^during, a_c^post
  double weekend_offset;                          // a_c^weekend
  // Drift per 365 days of each offset (response_drift_sigma): a_c^k(t) = a_c^k + b_c^k t / 365.
  double pre_drift = 0, during_drift = 0, post_drift = 0, weekend_drift = 0;
  double drift_per_year;                          // drift_c
};

struct InventoryWorld {
  InventoryConfig config;
  std::uint64_t seed = 0;
  InventoryCalendar calendar;                 // config.num_days days
  std::vector<TargetingCross> crosses;        // fixed dims 0, 1, ...; within a count, by dims then levels
  std::vector<double> requests;               // crosses x days, row-major
  // Hidden truth.
  std::vector<InventoryCellTruth> cells;
  std::vector<double> total_expected;         // total(t) before the daily total noise
  std::vector<double> shock_log;              // shock(t)

  std::size_t num_crosses() const { return crosses.size(); }
  std::size_t num_days() const { return std::size_t(config.num_days); }
  const double* series(std::size_t cross) const { return requests.data() + cross * num_days(); }
  std::array<std::int64_t, kNumTargetingDims> dim_sizes() const;
  // Index of the cross with exactly these levels; throws std::invalid_argument when absent.
  std::size_t find_cross(const TargetingCross& cross) const;
};

// Validates the config (config::ConfigError naming knob, value and range) and generates the world.
InventoryWorld generate_inventory_world(const InventoryConfig& config, std::uint64_t seed);

// Every cross of 0..max_dims fixed dimensions, in the world's order.
std::vector<TargetingCross> enumerate_crosses(const std::array<std::int64_t, kNumTargetingDims>& sizes, int max_dims);

}  // namespace simrec::sim
