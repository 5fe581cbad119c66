#pragma once
// The harness's multi-task evaluation (SPEC §6 multi-task ranking): a scenario lists metric
// families (auc, gauc, log_loss for binary tasks; mse, mae for regression tasks) and each is
// computed per task over the rows where the task applies (the table's mask), named
// "<family>:<task>", e.g. auc:finish.New, mse:completion_ratio. Also:
//   "<family>:mean"   the unweighted mean over the tasks the family applies to
//   "<family>:<G>"    for behaviour x group tables, the mean over group G's tasks (auc:New)
// gauc groups impressions by page (the table's page_key; unavailable without it). A task with
// fewer than two label classes among its rows has no AUC (skipped, not zero).

#include <map>
#include <string>
#include <vector>

#include "datasets/multitask_table.hpp"

namespace simrec::scenarios {

std::map<std::string, double> evaluate_multitask(const std::vector<float>& predictions, const datasets::MultiTaskTable& test,
                                                 const std::vector<std::string>& families);

}  // namespace simrec::scenarios
