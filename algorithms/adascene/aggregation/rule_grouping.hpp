#pragma once
// Rule-based scene groupings (article 004 table 4's comparison rows), from the context fields
// the ad tables carry per row (datasets/ad_samples.hpp: channel, format):
//   channel         group = channel                          (C groups)
//   format          group = format                           (F groups)
//   channel_format  group = channel x F + format             (C F groups)
// C, F = the fields' bucket counts; a group may have no scenario (its key then has no rows).
// A scenario's context is a function of its id, so any row of the scenario gives it.

#include <cstdint>
#include <string>
#include <vector>

#include "datasets/ad_samples.hpp"

namespace simrec::algorithms::adascene::aggregation {

enum class RuleKind { Channel, Format, ChannelFormat };

struct RuleGrouping {
  std::uint32_t num_groups = 0;
  std::vector<std::uint32_t> group;  // per raw scenario id; kUnseenScenario when no table has a row of it
  static constexpr std::uint32_t kUnseenScenario = 0xffffffffu;
};

// Throws std::invalid_argument when a table lacks the channel / format field or two tables
// disagree on a scenario's context.
RuleGrouping rule_grouping(RuleKind kind, const std::vector<const datasets::AdSampleTable*>& tables, std::uint32_t num_scenarios);

}  // namespace simrec::algorithms::adascene::aggregation
