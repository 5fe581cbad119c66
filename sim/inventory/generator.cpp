#include "sim/inventory/generator.hpp"

#include <cmath>
#include <stdexcept>

#include "sim/random/distributions.hpp"

namespace simrec::sim {

using random::Rng;

namespace {

constexpr const char* kDimNames[kNumTargetingDims] = {"region", "age", "gender", "member"};
constexpr std::uint64_t kMaxLevels = 1024;

std::vector<double> zipf_shares(std::int64_t n, double s) {
  std::vector<double> w(static_cast<std::size_t>(n));
  double sum = 0;
  for (std::int64_t i = 0; i < n; ++i) sum += w[std::size_t(i)] = std::pow(double(i + 1), -s);
  for (double& v : w) v /= sum;
  return w;
}

// Per-level offsets of one dimension: pre, during, post, weekend, drift; and the drift per year of
// the first four (response_drift_sigma).
struct LevelEffects {
  double pre, during, post, weekend, drift;
  double pre_drift, during_drift, post_drift, weekend_drift;
};

}  // namespace

const char* targeting_dim_name(int dim) { return kDimNames[dim]; }

int TargetingCross::num_fixed() const {
  int n = 0;
  for (auto l : level) n += l != kAnyLevel;
  return n;
}

bool TargetingCross::contains(const std::array<std::int16_t, kNumTargetingDims>& cell) const {
  for (int d = 0; d < kNumTargetingDims; ++d)
    if (level[std::size_t(d)] != kAnyLevel && level[std::size_t(d)] != cell[std::size_t(d)]) return false;
  return true;
}

std::string cross_name(const TargetingCross& cross) {
  std::string s;
  for (int d = 0; d < kNumTargetingDims; ++d)
    if (cross.level[std::size_t(d)] != kAnyLevel)
      s += (s.empty() ? "" : ",") + std::string(kDimNames[d]) + "=" + std::to_string(cross.level[std::size_t(d)]);
  return s.empty() ? "all" : s;
}

std::array<std::int64_t, kNumTargetingDims> InventoryWorld::dim_sizes() const {
  return {config.num_regions, config.num_age_buckets, config.num_genders, config.num_member_levels};
}

std::size_t InventoryWorld::find_cross(const TargetingCross& cross) const {
  for (std::size_t i = 0; i < crosses.size(); ++i)
    if (crosses[i].level == cross.level) return i;
  throw std::invalid_argument("inventory world: no targeting cross '" + cross_name(cross) + "' (crosses fix at most " +
                              std::to_string(config.max_cross_dims) + " dimensions, levels below the dimension sizes)");
}

std::vector<TargetingCross> enumerate_crosses(const std::array<std::int64_t, kNumTargetingDims>& sizes, int max_dims) {
  std::vector<TargetingCross> out;
  for (int k = 0; k <= max_dims; ++k) {
    for (int mask = 0; mask < (1 << kNumTargetingDims); ++mask) {
      if (__builtin_popcount(unsigned(mask)) != k) continue;
      TargetingCross c;
      for (int d = 0; d < kNumTargetingDims; ++d)
        if (mask & (1 << d)) c.level[std::size_t(d)] = 0;
      // Odometer over the fixed dimensions' levels (last dimension fastest).
      for (;;) {
        out.push_back(c);
        int d = kNumTargetingDims - 1;
        for (; d >= 0; --d) {
          if (!(mask & (1 << d))) continue;
          if (++c.level[std::size_t(d)] < sizes[std::size_t(d)]) break;
          c.level[std::size_t(d)] = 0;
        }
        if (d < 0) break;
      }
    }
  }
  return out;
}

InventoryWorld generate_inventory_world(const InventoryConfig& cfg, std::uint64_t seed) {
  cfg.validate();
  if (double(cfg.num_cells()) * double(cfg.num_days) > 2e9)
    throw config::ConfigError("inventory: full cells x num_days = " + std::to_string(cfg.num_cells() * cfg.num_days) +
                              " is too large: allowed at most 2e9");
  InventoryWorld w;
  w.config = cfg;
  w.seed = seed;
  const std::int64_t days = cfg.num_days;
  w.calendar = build_inventory_calendar(cfg, seed, days);
  const auto sizes = w.dim_sizes();

  // Marginal shares and per-level effects.
  std::array<std::vector<double>, kNumTargetingDims> marginal = {
      zipf_shares(sizes[0], cfg.region_zipf), zipf_shares(sizes[1], cfg.age_zipf), zipf_shares(sizes[2], cfg.gender_zipf),
      zipf_shares(sizes[3], cfg.member_zipf)};
  std::array<std::vector<LevelEffects>, kNumTargetingDims> effects;
  for (int d = 0; d < kNumTargetingDims; ++d)
    for (std::int64_t l = 0; l < sizes[std::size_t(d)]; ++l) {
      Rng rng(seed, "inventory/levels", std::uint64_t(d) * kMaxLevels + std::uint64_t(l));
      LevelEffects e;
      e.pre = cfg.response_spread * random::standard_normal(rng);
      e.during = cfg.response_spread * random::standard_normal(rng);
      e.post = cfg.response_spread * random::standard_normal(rng);
      e.weekend = cfg.response_spread * random::standard_normal(rng);
      e.drift = cfg.share_drift_sigma * random::standard_normal(rng);
      // Its own stream: the other effects are the same whatever response_drift_sigma is.
      Rng drift_rng(seed, "inventory/response_drift", std::uint64_t(d) * kMaxLevels + std::uint64_t(l));
      const double ds = cfg.response_drift_sigma;
      e.pre_drift = ds * random::standard_normal(drift_rng);
      e.during_drift = ds * random::standard_normal(drift_rng);
      e.post_drift = ds * random::standard_normal(drift_rng);
      e.weekend_drift = ds * random::standard_normal(drift_rng);
      effects[std::size_t(d)].push_back(e);
    }

  // Cells (last dimension fastest).
  const std::size_t num_cells = std::size_t(cfg.num_cells());
  w.cells.resize(num_cells);
  double share_sum = 0;
  for (std::size_t c = 0; c < num_cells; ++c) {
    InventoryCellTruth& cell = w.cells[c];
    std::size_t rest = c;
    for (int d = kNumTargetingDims - 1; d >= 0; --d) {
      cell.level[std::size_t(d)] = std::int16_t(rest % std::size_t(sizes[std::size_t(d)]));
      rest /= std::size_t(sizes[std::size_t(d)]);
    }
    Rng rng(seed, "inventory/cell", c);
    const double sigma = cfg.share_interaction_sigma;
    double share = std::exp(sigma * random::standard_normal(rng) - 0.5 * sigma * sigma);
    cell.pre_offset = cfg.response_cell_jitter * random::standard_normal(rng);
    cell.during_offset = cfg.response_cell_jitter * random::standard_normal(rng);
    cell.post_offset = cfg.response_cell_jitter * random::standard_normal(rng);
    cell.weekend_offset = cfg.response_cell_jitter * random::standard_normal(rng);
    cell.drift_per_year = 0;
    for (int d = 0; d < kNumTargetingDims; ++d) {
      const std::size_t l = std::size_t(cell.level[std::size_t(d)]);
      const LevelEffects& e = effects[std::size_t(d)][l];
      share *= marginal[std::size_t(d)][l];
      cell.pre_offset += e.pre;
      cell.during_offset += e.during;
      cell.post_offset += e.post;
      cell.weekend_offset += e.weekend;
      cell.drift_per_year += e.drift;
      cell.pre_drift += e.pre_drift;
      cell.during_drift += e.during_drift;
      cell.post_drift += e.post_drift;
      cell.weekend_drift += e.weekend_drift;
    }
    cell.base_share = share;
    share_sum += share;
  }
  for (auto& cell : w.cells) cell.base_share /= share_sum;

  // Shocks and total traffic.
  w.shock_log.assign(std::size_t(days), 0.0);
  {
    Rng rng(seed, "inventory/shocks", 0);
    const std::uint64_t n = random::poisson(rng, cfg.shocks_per_year * double(days) / 365.0);
    for (std::uint64_t k = 0; k < n; ++k) {
      const std::int64_t start = std::int64_t(rng.below(std::uint64_t(days)));
      const double m = cfg.shock_sigma * random::standard_normal(rng);
      for (std::int64_t t = start; t < days; ++t) w.shock_log[std::size_t(t)] += m * std::exp(-double(t - start) / cfg.shock_decay_days);
    }
  }
  const auto& curves = w.calendar.curves;
  const std::size_t num_days = static_cast<std::size_t>(days);
  std::vector<double> weekend(num_days), total(num_days), weekend_lift(num_days);
  w.total_expected.resize(std::size_t(days));
  for (std::int64_t t = 0; t < days; ++t) {
    const std::size_t i = std::size_t(t);
    weekend[i] = w.calendar.days[i].type == HolidayType::Weekend ? 1.0 : 0.0;
    // The weekday profile may drift (with weekend_drift_per_year = 0 this is exactly weekend_lift).
    weekend_lift[i] = cfg.weekend_lift + cfg.weekend_drift_per_year * double(t) / 365.0;
    const double log_total = std::log(cfg.base_daily_requests) + cfg.trend_per_year * double(t) / 365.0 +
                             weekend_lift[i] * weekend[i] + cfg.holiday_lift * curves.during[i] +
                             cfg.pre_holiday_lift * curves.pre[i] - cfg.post_holiday_drop * curves.post[i] + w.shock_log[i];
    w.total_expected[i] = std::exp(log_total);
    Rng rng(seed, "inventory/total_day", std::uint64_t(t));
    const double s = cfg.total_noise_sigma;
    total[i] = w.total_expected[i] * std::exp(s * random::standard_normal(rng) - 0.5 * s * s);
  }

  // Cell requests: shares renormalised per day, then noise and counts.
  std::vector<double> cell_requests(num_cells * std::size_t(days));
  std::vector<double> norm(std::size_t(days), 0.0);
  // Offsets at day i: a + b i / 365 (b = 0 without response drift: then exactly a).
  const auto log_response = [&](const InventoryCellTruth& c, std::size_t i) {
    const double years = double(i) / 365.0;
    return (c.during_offset + c.during_drift * years) * cfg.holiday_lift * curves.during[i] +
           (c.pre_offset + c.pre_drift * years) * cfg.pre_holiday_lift * curves.pre[i] -
           (c.post_offset + c.post_drift * years) * cfg.post_holiday_drop * curves.post[i] +
           (c.weekend_offset + c.weekend_drift * years) * weekend_lift[i] * weekend[i] + c.drift_per_year * double(i) / 365.0;
  };
  // Normaliser per day, summed in cell order (deterministic), parallel over days.
#pragma omp parallel for schedule(static)
  for (std::int64_t t = 0; t < days; ++t) {
    double s = 0;
    for (const auto& c : w.cells) s += c.base_share * std::exp(log_response(c, std::size_t(t)));
    norm[std::size_t(t)] = s;
  }
  const random::Key noise_key = random::stream_key(seed, "inventory/cell_day");
#pragma omp parallel for schedule(static)
  for (std::int64_t ci = 0; ci < std::int64_t(num_cells); ++ci) {
    const InventoryCellTruth& c = w.cells[std::size_t(ci)];
    const double s = cfg.cell_noise_sigma;
    for (std::int64_t t = 0; t < days; ++t) {
      const std::size_t i = std::size_t(t);
      Rng rng(noise_key, std::uint64_t(ci) * std::uint64_t(days) + std::uint64_t(t));
      const double share = c.base_share * std::exp(log_response(c, i)) / norm[i];
      const double mean = total[i] * share * std::exp(s * random::standard_normal(rng) - 0.5 * s * s);
      cell_requests[std::size_t(ci) * std::size_t(days) + i] = cfg.poisson_counts ? double(random::poisson(rng, mean)) : mean;
    }
  }

  // Crosses: exact sums of their cells, in cell order.
  w.crosses = enumerate_crosses(sizes, int(cfg.max_cross_dims));
  w.requests.assign(w.crosses.size() * std::size_t(days), 0.0);
#pragma omp parallel for schedule(dynamic)
  for (std::int64_t k = 0; k < std::int64_t(w.crosses.size()); ++k) {
    double* out = w.requests.data() + std::size_t(k) * std::size_t(days);
    for (std::size_t c = 0; c < num_cells; ++c) {
      if (!w.crosses[std::size_t(k)].contains(w.cells[c].level)) continue;
      const double* in = cell_requests.data() + c * std::size_t(days);
      for (std::int64_t t = 0; t < days; ++t) out[t] += in[t];
    }
  }
  return w;
}

}  // namespace simrec::sim
