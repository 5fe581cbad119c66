#include "sim/ads/scenarios.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/random/distributions.hpp"
#include "sim/random/zipf.hpp"

namespace simrec::sim::ads {

using random::Rng;

namespace {
// A uniform permutation of 0..n-1 (Fisher-Yates from one stream).
std::vector<std::uint32_t> permutation(std::uint32_t n, std::uint64_t seed, const char* stream) {
  std::vector<std::uint32_t> p(n);
  std::iota(p.begin(), p.end(), 0u);
  Rng rng(seed, stream, 0);
  for (std::uint32_t i = n; i > 1; --i) std::swap(p[i - 1], p[rng.below(i)]);
  return p;
}
}  // namespace

ScenarioTable::ScenarioTable(const AdWorldConfig& cfg, std::uint64_t seed)
    : apps_(std::uint32_t(cfg.num_apps)),
      formats_(std::uint32_t(cfg.num_formats)),
      slots_(std::uint32_t(cfg.num_time_slots)),
      num_groups_(std::uint32_t(cfg.num_groups)) {
  const std::uint32_t C = std::uint32_t(cfg.num_channels);
  const std::uint32_t N = std::uint32_t(cfg.num_scenarios());

  // Channel base CTRs, evenly spaced in log10 over the configured spread, randomly assigned.
  const std::vector<std::uint32_t> ctr_order = permutation(C, seed, "ads/channel_ctr");
  channel_base_ctr_.resize(C);
  for (std::uint32_t c = 0; c < C; ++c) {
    const double q = (double(ctr_order[c]) + 0.5) / double(C) - 0.5;
    channel_base_ctr_[c] = std::pow(10.0, std::log10(cfg.base_ctr_median) + cfg.channel_ctr_spread_orders * q);
  }

  // Traffic: rank scenarios by a score that favours head channels and apps, then Zipf by rank.
  std::vector<double> channel_z(C), app_z(apps_);
  for (std::uint32_t c = 0; c < C; ++c) {
    Rng rng(seed, "ads/channel", c);
    channel_z[c] = random::standard_normal(rng);
  }
  for (std::uint32_t a = 0; a < apps_; ++a) {
    Rng rng(seed, "ads/app", a);
    app_z[a] = random::standard_normal(rng);
  }
  std::vector<double> score(N);
  target_logit_.resize(N);
  group_.resize(N);
  for (ScenarioId s = 0; s < N; ++s) {
    const ScenarioContext ctx = context(s);
    Rng rng(seed, "ads/scenario", s);
    score[s] = cfg.traffic_channel_sd * channel_z[ctx.channel] + cfg.traffic_app_sd * app_z[ctx.app] +
               random::standard_normal(rng);
    const double base = channel_base_ctr_[ctx.channel];
    target_logit_[s] = float(std::log(base / (1.0 - base)) + kFormatLogitOffset[int(ctx.format)] +
                          cfg.scenario_ctr_sd * random::standard_normal(rng));
    // Hidden group: that of the (channel, format, slot) key unless this scenario is an outlier.
    const bool outlier = random::bernoulli(rng, cfg.group_scenario_noise);
    const std::uint32_t own_group = std::uint32_t(rng.below(num_groups_));
    const std::uint64_t key = (std::uint64_t(ctx.channel) * formats_ + std::uint32_t(ctx.format)) * slots_ + ctx.slot;
    Rng key_rng(seed, "ads/group_key", key);
    group_[s] = std::uint16_t(outlier ? own_group : std::uint32_t(key_rng.below(num_groups_)));
  }
  std::vector<std::uint32_t> order(N);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return score[a] > score[b] || (score[a] == score[b] && a < b);
  });
  const std::vector<double> zipf = random::zipf_weights(N, cfg.traffic_zipf);
  traffic_.resize(N);
  rank_.resize(N);
  for (std::uint32_t r = 0; r < N; ++r) {
    traffic_[order[r]] = zipf[r];
    rank_[order[r]] = r + 1;
  }
  traffic_table_ = random::AliasTable(traffic_);
}

}  // namespace simrec::sim::ads
