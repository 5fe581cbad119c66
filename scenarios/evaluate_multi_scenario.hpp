#pragma once
// The harness's multi-scenario evaluation (SPEC §6 AdaScene; article 004 tables 1-3): click
// probabilities of the test rows scored overall, by head / tail scenario and per scenario.
//
// Head and tail: scenarios ranked by training rows, most first (ties by id; AdSamples::
// scenarios_by_traffic); the head is the shortest prefix whose training rows reach head_share of
// all training rows ([eval] head_share, default 0.5), the tail every other scenario (scenarios
// without training rows are tail). With the ad world's Zipf traffic a few scenarios make the head.
//
// Metrics a scenario may list (metrics = ...):
//   auc                 tie-aware AUC over every test row
//   gauc                per-user AUC weighted by the user's test rows, users with one class skipped
//   log_loss            mean binary cross-entropy of the probabilities (clipped to [1e-15, 1 - 1e-15])
//   auc:head, auc:tail, gauc:head, gauc:tail   the same over the test rows of head / tail scenarios
//   scenario_auc_mean   unweighted mean over scenarios of the scenario's test AUC, over the
//                       scenarios whose test rows have both labels
//   scenario_auc_mean:head, scenario_auc_mean:tail   the same over head / tail scenarios only: the
//                       article's table 1 reads AUC per sub-scenario, so a gain on small scenarios
//                       shows here, while auc:tail pools the tail's rows and mixes in how well the
//                       scenarios' click rates are told apart
// A metric whose rows lack a class (no clicks in the tail of a tiny world) is not recorded (not
// zero). The runner adds (multi_scenario_runner.hpp): data_head_scenarios, data_tail_scenarios,
// data_head_train_share; with a scene grouping num_groups and ari_hidden_groups.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "datasets/ad_samples.hpp"

namespace simrec::scenarios {

// 1 for head scenarios, 0 for tail (size = train_rows.size()). head_share in (0, 1].
std::vector<std::uint8_t> head_scenarios(std::span<const std::uint64_t> train_rows, double head_share);

// AUC of each scenario's test rows (size num_scenarios); NaN where the scenario has no test row
// of one of the classes.
std::vector<double> scenario_aucs(std::span<const float> predictions, const datasets::AdSampleTable& test, std::uint32_t num_scenarios);

std::map<std::string, double> evaluate_multi_scenario(std::span<const float> predictions, const datasets::AdSampleTable& test,
                                                      std::span<const std::uint8_t> is_head, const std::vector<std::string>& metrics);

}  // namespace simrec::scenarios
