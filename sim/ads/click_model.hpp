#pragma once
// The click model of the ad world: hidden scenario groups, each with its own transformation of
// user-ad affinity and its own feature importances (SPEC §3, article 004: negative transfer
// between scenarios, hidden scenario groups that aggregation should recover).
//
// For user u (taste u*), ad a (latent a*, category k, quality q_a), scenario s in hidden group g,
// hour of day h and position p (1 unless the format is feed):
//
//   logit P(click) = intercept(s)                                  calibrated (below)
//                  + w_aff[g]  <u*, D_g a*>                        group affinity
//                  + w_tod[g]  cos(2 pi (h - peak_k - shift_g) / 24)  time of day x category
//                  + w_q[g]    q_a                                 ad quality
//                  + bias[g][k]                                    group taste for category k
//                  - w_pos[g]  log p                               position
//
//   D_g = diag(delta_g), delta_g,i = sqrt(rho) + sqrt(1 - rho) N(0, 1), rho =
//         group_affinity_correlation: E[delta_g,i delta_h,i] = rho for g != h and E[delta^2] = 1,
//         so two groups' affinities correlate about rho over (user, ad) pairs and each group
//         up-weights, ignores or inverts different taste dimensions;
//   w_x[g] = x_weight exp(importance_log_sigma N(0, 1) - importance_log_sigma^2 / 2) (mean x_weight);
//   shift_g ~ U(-group_time_shift_hours, +group_time_shift_hours); bias[g][k] ~ N(0, category_bias_sd);
//   intercept(s) = offset_g(target(s)): the offset whose mean CTR over a probe population equals
//         the scenario's target CTR sigmoid(target_logit(s)) (scenarios.hpp: channel base CTR x
//         format x scenario noise). The probe (AdWorld: users, ads served by the logging policy,
//         uniform hours, position 1) gives each group a table of mean CTR against offset, inverted by
//         interpolation; without it the group terms' spread (Jensen, saturation) would lift low
//         CTRs and compress the configured spread between channels.
//
// Scenarios in the same group share every term but the intercept, so they behave alike; scenarios
// in different groups rank the same (user, ad, hour) differently -- pooling them transfers
// negatively. All of it is hidden truth.

#include <cstdint>
#include <span>
#include <vector>

#include "sim/ads/config.hpp"
#include "sim/ads/inventory.hpp"

namespace simrec::sim::ads {

struct GroupParameters {
  std::vector<float> dimension_weight;  // delta_g (latent_dim)
  double affinity_weight = 0, time_of_day_weight = 0, quality_weight = 0, position_weight = 0;
  double time_shift_hours = 0;
  std::vector<double> calibration_logit;  // logit of the probe's mean CTR at offset kOffsetGrid[j]
  std::vector<float> category_bias;  // per category
};

// The terms of one click logit, for the harness and tests.
struct ClickLogit {
  double intercept = 0, affinity = 0, time_of_day = 0, quality = 0, category = 0, position = 0;
  double total() const { return intercept + affinity + time_of_day + quality + category + position; }
};

class ClickModel {
 public:
  ClickModel() = default;
  ClickModel(const AdWorldConfig& config, const AdInventory& inventory, std::uint64_t seed);

  std::uint32_t num_groups() const { return std::uint32_t(groups_.size()); }
  const GroupParameters& group(std::uint32_t g) const { return groups_[g]; }

  // <u*, D_g a*>: the group's affinity (before its weight).
  double group_affinity(std::uint32_t g, const float* taste, const float* ad_latent) const;
  // Offsets of the calibration table: kGridMin + j x kGridStep, j < kGridSize.
  static constexpr double kGridMin = -25, kGridStep = 0.25;
  static constexpr int kGridSize = 201;
  // Builds group g's table from the group terms (all but the intercept) of the probe sample.
  void calibrate_group(std::uint32_t g, std::span<const double> terms);
  // The intercept whose mean CTR over the probe is sigmoid(target_logit) (monotone interpolation;
  // clamped to the table's ends).
  double intercept_for(std::uint32_t g, double target_logit) const;

  // The logit of P(click) with `intercept` the scenario's intercept; position is 1-based.
  ClickLogit logit(std::uint32_t g, double intercept, const float* taste, AdId ad, double hour_of_day,
                   std::uint32_t position) const;

 private:
  const AdInventory* inventory_ = nullptr;
  std::uint32_t dim_ = 0;
  std::vector<GroupParameters> groups_;
};

}  // namespace simrec::sim::ads
