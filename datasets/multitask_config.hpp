#pragma once
// MultiTaskDataConfig: how a multi-task scenario's rows and tasks are built (the scenario file's
// [multitask] section; SPEC §6 multi-task ranking). Numeric knobs use the same mechanism as the
// world and data configs (sim/config/knob.hpp); `tasks` is a list of behaviour names.
//
// Sources (the scenario's data.source):
//   (none)          the simulated video world's impressions (datasets/ranking_samples.hpp);
//                   behaviours click, watch_seconds, log_watch_seconds (= ln(1 + seconds)),
//                   completion_ratio, finish, skip, like, share
//   mmoe_synthetic  the MMoE paper's generator ([mmoe] section); behaviours task1, task2
//   adult:DIR       UCI Adult (DIR/adult.data for training, DIR/adult.test for testing);
//                   behaviours income (> 50K), never_married (marital-status == Never-married)
// An empty task list means the source's default: click, completion_ratio / task1, task2 /
// income, never_married.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/config/knob.hpp"

namespace simrec::datasets {

struct MultiTaskDataConfig {
  std::int64_t by_user_group = 0;     // video world: tasks = behaviour x {New, Low, High}, rows masked to their group
  std::int64_t clicked_only = 0;      // video world: keep clicked impressions only (watch-defined tasks)
  std::int64_t watch_tasks_on_clicks = 0;  // video world: watch-defined tasks masked to clicked impressions, the rest on all
  double validation_fraction = 0.1;   // synthetic / Adult: share of the training rows held out for validation
  double test_fraction = 0.2;         // synthetic: share of the generated rows used as the test set
  std::int64_t adult_relationship = 1;  // Adult: feed the `relationship` column (it encodes marital status)

  std::string to_text() const;
  void set(std::string_view name, std::string_view value);
  void validate() const;
};

std::span<const config::Knob<MultiTaskDataConfig>> multitask_data_knobs();

// "a, b,c" -> {"a", "b", "c"} (empty entries dropped).
std::vector<std::string> split_task_list(const std::string& text);

}  // namespace simrec::datasets
