#include "algorithms/adascene/aggregation/rule_grouping.hpp"

#include <stdexcept>

namespace simrec::algorithms::adascene::aggregation {

RuleGrouping rule_grouping(RuleKind kind, const std::vector<const datasets::AdSampleTable*>& tables, std::uint32_t S) {
  RuleGrouping r;
  r.group.assign(S, RuleGrouping::kUnseenScenario);
  for (const datasets::AdSampleTable* t : tables) {
    if (t->size() == 0) continue;
    const std::size_t fc = t->field("channel"), ff = t->field("format");
    const std::uint32_t C = t->field_buckets[fc], F = t->field_buckets[ff];
    r.num_groups = kind == RuleKind::Channel ? C : kind == RuleKind::Format ? F : C * F;
    for (std::size_t row = 0; row < t->size(); ++row) {
      const std::uint32_t s = t->scenario[row];
      if (s >= S)
        throw std::invalid_argument("rule grouping: row " + std::to_string(row) + " has scenario " + std::to_string(s) + ", outside [0, " +
                                    std::to_string(S) + ")");
      const std::uint32_t c = t->cat(row, fc), f = t->cat(row, ff);
      const std::uint32_t g = kind == RuleKind::Channel ? c : kind == RuleKind::Format ? f : c * F + f;
      if (r.group[s] != RuleGrouping::kUnseenScenario && r.group[s] != g)
        throw std::invalid_argument("rule grouping: scenario " + std::to_string(s) + " appears with two different contexts");
      r.group[s] = g;
    }
  }
  return r;
}

}  // namespace simrec::algorithms::adascene::aggregation
