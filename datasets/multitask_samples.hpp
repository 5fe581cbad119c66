#pragma once
// MultiTaskSamples: the ranking rows seen as several tasks (SPEC §6 multi-task ranking): a label
// matrix rows x tasks over a chosen list of behaviours, the user group of each row (for MFH's
// behaviour x group tasks and per-sample task masks), and the row's index in the RankingSamples it
// came from (features are read there: no copy). Tasks: click, watch_seconds, completion_ratio,
// finish, skip, like, share. With clicked_only, only clicked impressions are kept (the article's
// completion / finish / skip tasks are defined on watches).

#include <cstdint>
#include <string>
#include <vector>

#include "datasets/ranking_samples.hpp"

namespace simrec::datasets {

struct MultiTaskSamples {
  std::vector<std::string> task_names;
  std::vector<std::uint8_t> task_is_binary;
  std::vector<float> labels;  // rows x num_tasks()
  std::vector<std::uint8_t> user_group;
  std::vector<std::uint32_t> row;  // index into the source RankingSamples

  std::size_t num_tasks() const { return task_names.size(); }
  std::size_t size() const { return row.size(); }
  float label(std::size_t r, std::size_t task) const { return labels[r * num_tasks() + task]; }
};

// Throws std::invalid_argument on an unknown task name (naming the allowed ones).
MultiTaskSamples make_multitask_samples(const RankingSamples& ranking, const std::vector<std::string>& tasks,
                                        bool clicked_only = false);

}  // namespace simrec::datasets
