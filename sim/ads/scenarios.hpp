#pragma once
// Scenarios of the ad world (SPEC §3, article 004 §1): scenario = channel x app x display format
// x time slot, with long-tailed traffic, per-channel base CTR over orders of magnitude and a
// hidden grouping.
//
//   id            s = ((channel x A + app) x F + format) x T + slot   (A apps, F formats, T slots)
//   traffic       score(s) = traffic_channel_sd Z_channel + traffic_app_sd Z_app + Z_s (standard
//                 normals), scenarios sorted by score (ties by id) get ranks 1..N and
//                 traffic(s) = rank(s)^-alpha / H(N, alpha), alpha = traffic_zipf: an exact Zipf law
//                 by rank whose head belongs mostly to the head channels and apps.
//   base CTR      log10 ctr(channel) = log10 base_ctr_median + spread x ((pi(c) + 0.5) / C - 1/2),
//                 pi a uniform permutation, spread = channel_ctr_spread_orders: the channels' base
//                 CTRs are evenly spaced in log over `spread` orders of magnitude (x (C - 1) / C).
//   target        target_logit(s) = logit ctr(channel) + format_offset[format] + scenario_ctr_sd N(0, 1):
//                 the scenario's mean CTR over the user population at position 1 (the click model's
//                 intercept is calibrated to it, click_model.hpp)
//   hidden group  group(s) = group_of_key(channel, format, slot) (uniform over groups), except with
//                 probability group_scenario_noise a uniform group of its own: scenarios of the same
//                 channel and format tend to share a group, and groups span channels -- so neither
//                 the channel rule nor the format rule recovers them, and channel x format only
//                 over-splits them. Hidden truth: never logged.

#include <cstdint>
#include <vector>

#include "sim/ads/config.hpp"
#include "sim/random/alias_table.hpp"

namespace simrec::sim::ads {

using ScenarioId = std::uint32_t;

// Logit offset of each display format (splash and interstitial take the whole screen).
inline constexpr double kFormatLogitOffset[kMaxFormats] = {0.5, 0.25, 0.0, -0.25};

struct ScenarioContext {
  std::uint32_t channel = 0, app = 0;
  AdFormat format = AdFormat::Splash;
  std::uint8_t slot = 0;
};

class ScenarioTable {
 public:
  ScenarioTable() = default;
  ScenarioTable(const AdWorldConfig& config, std::uint64_t seed);

  std::uint32_t num_scenarios() const { return std::uint32_t(traffic_.size()); }
  std::uint32_t num_channels() const { return std::uint32_t(channel_base_ctr_.size()); }
  std::uint32_t num_groups() const { return num_groups_; }

  ScenarioId id(const ScenarioContext& c) const {
    return ((c.channel * apps_ + c.app) * formats_ + std::uint32_t(c.format)) * slots_ + c.slot;
  }
  ScenarioContext context(ScenarioId s) const {
    ScenarioContext c;
    c.slot = std::uint8_t(s % slots_);
    s /= slots_;
    c.format = AdFormat(s % formats_);
    s /= formats_;
    c.app = s % apps_;
    c.channel = s / apps_;
    return c;
  }
  // Hours [slot_start, slot_start + slot_hours) of the day belong to slot.
  double slot_hours() const { return 24.0 / double(slots_); }

  double traffic(ScenarioId s) const { return traffic_[s]; }  // share of requests, sums to 1
  std::uint32_t traffic_rank(ScenarioId s) const { return rank_[s]; }  // 1 = most traffic
  double channel_base_ctr(std::uint32_t channel) const { return channel_base_ctr_[channel]; }
  float target_logit(ScenarioId s) const { return target_logit_[s]; }
  std::uint16_t hidden_group(ScenarioId s) const { return group_[s]; }
  const random::AliasTable& traffic_table() const { return traffic_table_; }

 private:
  std::uint32_t apps_ = 1, formats_ = 1, slots_ = 1, num_groups_ = 1;
  std::vector<double> traffic_;
  std::vector<std::uint32_t> rank_;
  std::vector<double> channel_base_ctr_;
  std::vector<float> target_logit_;
  std::vector<std::uint16_t> group_;
  random::AliasTable traffic_table_;
};

}  // namespace simrec::sim::ads
