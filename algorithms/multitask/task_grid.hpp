#pragma once
// The behaviour x group layout MFH needs (SPEC §6): every task of the table is one (behaviour a,
// group g) pair, and every pair of the behaviours and groups the tasks use is exactly one task —
// e.g. {completion_ratio, finish, skip} x {New, Low, High} = 9 tasks. A flat table (one group
// "all") is the degenerate product behaviours x 1.

#include <cstdint>
#include <vector>

#include "datasets/multitask_table.hpp"

namespace simrec::algorithms::multitask {

struct TaskGrid {
  std::vector<std::uint32_t> behaviours;  // the table's behaviour indices used by tasks, ascending
  std::vector<std::uint32_t> groups;      // the table's group indices used by tasks, ascending
  std::vector<std::uint32_t> task_behaviour, task_group;  // per task: position in behaviours / groups
  std::size_t num_behaviours() const { return behaviours.size(); }
  std::size_t num_groups() const { return groups.size(); }
};

// Throws std::invalid_argument naming the missing or repeated (behaviour, group) pair and listing
// the table's tasks when the tasks are not a full product.
TaskGrid task_grid(const datasets::MultiTaskTable& table);

}  // namespace simrec::algorithms::multitask
