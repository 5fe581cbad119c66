#pragma once
// Builders of MultiTaskTable splits (datasets/multitask_table.hpp) from each source a multi-task
// scenario can use (datasets/multitask_config.hpp): the video world's impressions and the MMoE
// paper's synthetic generator. (UCI Adult: datasets/adult.hpp.)
//
// Video world: one row per impression of ranking_train / ranking_validation / ranking_test (only
// clicked ones with clicked_only). Categorical fields: video, channel (vocabulary indices, OOV
// bucket last), genre, region, device, age_bucket, gender, logged_in, user_group; dense: the six
// continuous features after the training-fitted quantile normaliser (x~ in [0, 1)); page_key and
// group (the user's activity group) per row. With by_user_group every behaviour becomes three tasks
// "<behaviour>.<group>" for groups New, Low, High and each row applies only to its own group's
// tasks (MFH's per-sample task masks, SPEC §6).
//
// Synthetic: rows [0, test) are the test set, the next validation_fraction of the rest the
// validation set, the remainder training (rows are i.i.d., so a prefix split is a random split);
// dense = x (d columns), no categorical fields, regression tasks task1 = y1, task2 = y2.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "datasets/multitask_config.hpp"
#include "datasets/multitask_table.hpp"
#include "datasets/video_datasets.hpp"
#include "sim/synthetic/mmoe_tasks.hpp"

namespace simrec::datasets {

struct MultiTaskSplits {
  MultiTaskTable train, validation, test;
  std::string protocol;  // how the split was made (recorded with the run)
  std::map<std::string, double> stats;  // facts about the data worth recording (e.g. label correlation)
};

inline const std::vector<std::string> kVideoBehaviours = {"click",  "watch_seconds", "log_watch_seconds", "completion_ratio",
                                                          "finish", "skip",          "like",              "share"};
inline const std::vector<std::string> kUserGroupNames = {"New", "Low", "High"};

// Throws std::invalid_argument naming an unknown behaviour and the allowed ones.
MultiTaskSplits video_multitask_splits(const VideoDatasets& data, const std::vector<std::string>& behaviours,
                                       const MultiTaskDataConfig& config);

// Throws std::invalid_argument for tasks other than task1 / task2.
MultiTaskSplits mmoe_synthetic_splits(const sim::MmoeSyntheticConfig& generator, std::uint64_t seed,
                                      const std::vector<std::string>& tasks, const MultiTaskDataConfig& config);

// Checks `tasks` against the source's `available` behaviours (order kept; duplicates rejected);
// an empty list gives `defaults`. Throws std::invalid_argument listing the allowed names.
std::vector<std::string> resolve_task_list(const std::vector<std::string>& tasks, const std::vector<std::string>& available,
                                           const std::vector<std::string>& defaults, const std::string& source);

}  // namespace simrec::datasets
