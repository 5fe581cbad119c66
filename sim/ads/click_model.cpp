#include "sim/ads/click_model.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "sim/random/distributions.hpp"

namespace simrec::sim::ads {

using random::Rng;

ClickModel::ClickModel(const AdWorldConfig& cfg, const AdInventory& inventory, std::uint64_t seed)
    : inventory_(&inventory), dim_(inventory.latent_dim) {
  const std::uint32_t G = std::uint32_t(cfg.num_groups);
  const std::uint32_t K = inventory.num_categories();
  const double rho = cfg.group_affinity_correlation;
  const double sigma = cfg.importance_log_sigma;
  groups_.resize(G);
  for (std::uint32_t g = 0; g < G; ++g) {
    GroupParameters& p = groups_[g];
    Rng rng(seed, "ads/group", g);
    p.dimension_weight.resize(dim_);
    for (auto& w : p.dimension_weight) w = float(std::sqrt(rho) + std::sqrt(1.0 - rho) * random::standard_normal(rng));
    const auto importance = [&](double base) { return base * std::exp(sigma * random::standard_normal(rng) - 0.5 * sigma * sigma); };
    p.affinity_weight = importance(cfg.affinity_weight);
    p.time_of_day_weight = importance(cfg.time_of_day_weight);
    p.quality_weight = importance(cfg.quality_weight);
    p.position_weight = importance(cfg.position_weight);
    p.time_shift_hours = random::uniform_range(rng, -cfg.group_time_shift_hours, cfg.group_time_shift_hours);
    p.category_bias.resize(K);
    for (auto& b : p.category_bias) b = float(cfg.category_bias_sd * random::standard_normal(rng));
  }
}

double ClickModel::group_affinity(std::uint32_t g, const float* taste, const float* ad_latent) const {
  const float* w = groups_[g].dimension_weight.data();
  double s = 0;
  for (std::uint32_t i = 0; i < dim_; ++i) s += double(taste[i]) * w[i] * ad_latent[i];
  return s;
}

void ClickModel::calibrate_group(std::uint32_t g, std::span<const double> terms) {
  auto& table = groups_[g].calibration_logit;
  table.resize(kGridSize);
  for (int j = 0; j < kGridSize; ++j) {
    const double offset = kGridMin + j * kGridStep;
    double s = 0;
    for (double t : terms) s += random::sigmoid(offset + t);
    const double mean = std::clamp(s / double(terms.size()), 1e-300, 1.0 - 1e-16);
    table[j] = std::log(mean) - std::log1p(-mean);
  }
}

double ClickModel::intercept_for(std::uint32_t g, double target_logit) const {
  const auto& table = groups_[g].calibration_logit;
  const auto it = std::lower_bound(table.begin(), table.end(), target_logit);
  if (it == table.begin()) return kGridMin;
  if (it == table.end()) return kGridMin + (kGridSize - 1) * kGridStep;
  const int j = int(it - table.begin());
  const double f = (target_logit - table[j - 1]) / std::max(1e-300, table[j] - table[j - 1]);
  return kGridMin + (j - 1 + f) * kGridStep;
}

ClickLogit ClickModel::logit(std::uint32_t g, double intercept, const float* taste, AdId ad, double hour_of_day,
                             std::uint32_t position) const {
  const GroupParameters& p = groups_[g];
  const AdInventory& inv = *inventory_;
  const std::uint32_t k = inv.ad_category[ad];
  ClickLogit z;
  z.intercept = intercept;
  z.affinity = p.affinity_weight * group_affinity(g, taste, inv.latent(ad));
  const double phase = 2.0 * std::numbers::pi * (hour_of_day - inv.category_peak_hour[k] - p.time_shift_hours) / 24.0;
  z.time_of_day = p.time_of_day_weight * std::cos(phase);
  z.quality = p.quality_weight * inv.ad_quality[ad];
  z.category = p.category_bias[k];
  z.position = -p.position_weight * std::log(double(position));
  return z;
}

}  // namespace simrec::sim::ads
