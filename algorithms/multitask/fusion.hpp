#pragma once
// Fusion of task predictions into one ranking score (SPEC §6; the survey article: "all tasks'
// predictions are combined by a function such as a weighted product"):
//
//   score_r = prod_t max(p_rt, floor)^{alpha_t}
//
// over the tasks that apply to row r (mask; empty = all), alpha_t the configurable powers (0
// leaves a task out; a negative power penalises a task, e.g. skip). p is a predict() output:
// a probability for binary tasks, the predicted value for regression tasks. The floor (default
// 1e-6) keeps zero or negative predictions from making the product 0 or undefined; it is part of
// the definition, not a clamp of user input. Computed as exp(sum_t alpha_t log max(p, floor)) in
// double precision.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "datasets/multitask_table.hpp"

namespace simrec::algorithms::multitask {

// predictions: rows x T row-major; powers: T; mask: rows x T (1 = applies) or empty.
std::vector<double> fusion_scores(std::span<const float> predictions, std::span<const double> powers,
                                  std::span<const std::uint8_t> mask = {}, double floor = 1e-6);

// Powers for a table's tasks from "finish=1, completion_ratio=0.5, skip=-1": a name is a task or
// a behaviour (then every task of the behaviour, an exact task name winning); unnamed tasks get
// `unnamed_power`. Throws std::invalid_argument naming an unknown task and listing the tasks.
std::vector<double> parse_fusion_powers(const std::string& text, const datasets::MultiTaskTable& schema,
                                        double unnamed_power = 0.0);

}  // namespace simrec::algorithms::multitask
