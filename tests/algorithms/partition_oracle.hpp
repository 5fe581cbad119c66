#pragma once
// Exhaustive checks of the scene-aggregation partition (partition.hpp) on small graphs, shared by
// the tests of both objectives.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "algorithms/adascene/aggregation/partition.hpp"

namespace partition_oracle {

using simrec::algorithms::adascene::aggregation::AffinityGraph;
using simrec::algorithms::adascene::aggregation::PartitionObjective;

// All partitions of n nodes into exactly G non-empty groups (restricted growth strings): the best Q.
inline double brute_force_best(const AffinityGraph& g, std::uint32_t n, std::uint32_t G,
                               PartitionObjective objective = PartitionObjective::Sum) {
  std::vector<std::uint32_t> label(n, 0);
  double best = -std::numeric_limits<double>::infinity();
  std::function<void(std::uint32_t, std::uint32_t)> rec = [&](std::uint32_t v, std::uint32_t used) {
    if (v == n) {
      if (used == G) best = std::max(best, partition_objective(g, label, objective));
      return;
    }
    if (used + (n - v) < G) return;
    for (std::uint32_t l = 0; l <= std::min(used, G - 1); ++l) {
      label[v] = l;
      rec(v + 1, std::max(used, l + 1));
    }
  };
  rec(0, 0);
  return best;
}

// Whether moving one node to another group (its own keeping a member) raises Q by more than 1e-9.
inline bool single_move_improves(const AffinityGraph& g, std::vector<std::uint32_t> group, std::uint32_t G,
                                 PartitionObjective objective = PartitionObjective::Sum) {
  const double q = partition_objective(g, group, objective);
  for (std::size_t v = 0; v < group.size(); ++v) {
    const std::uint32_t own = group[v];
    if (std::count(group.begin(), group.end(), own) < 2) continue;
    for (std::uint32_t t = 0; t < G; ++t) {
      if (t == own) continue;
      group[v] = t;
      const bool better = partition_objective(g, group, objective) > q + 1e-9;
      group[v] = own;
      if (better) return true;
    }
  }
  return false;
}

}  // namespace partition_oracle
