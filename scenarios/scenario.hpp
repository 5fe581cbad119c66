#pragma once
// A scenario: one experiment definition (scenarios/*.ini), resolved.
//
// File layout (Boost.Program_options config-file syntax):
//   name = quickstart                  # top-level keys: name, description, task, seeds, metrics
//   task = retrieval
//   seeds = 1, 2, 3                    # paired across variants: seed s = the same world and splits
//   metrics = recall@10, ndcg@10
//   [sim]      world knobs (sim/README.md; `simrec list` prints them with ranges)
//   [data]     dataset knobs (splits, filters, vocabularies); source = movielens:PATH and
//              protocol = leave_last_out | random_80_10_10 run real rating files instead of [sim]
//              source = mmoe_synthetic | adult:DIR feed task = multitask scenarios
//   [multitask] tasks = click, completion_ratio; by_user_group, clicked_only, ... (multitask_config.hpp)
//   [mmoe]     the MMoE paper's generator (task_correlation, dim, ...; sim/synthetic/mmoe_tasks.hpp)
//   [inventory] task = forecast: the inventory world's knobs (sim/inventory/config.hpp)
//   [forecast]  task = forecast: offline_days, test_days, ... (scenarios/forecast_runner.hpp)
//   [ads]      task = multiscenario: the ad world's knobs (sim/ads/config.hpp; simrec list ads)
//   [ad_data]  task = multiscenario: split days and id vocabularies of the ad log
//              (scenarios/multi_scenario_config.hpp; simrec list ad_data)
//   [titles]   task = alignment: the title world's knobs (sim/titles/config.hpp; simrec list titles)
//   [align]    task = alignment: evaluators, SFT, preference data and test prompts shared by the
//              variants of a seed (scenarios/align_config.hpp; simrec list align)
//   [eval]     exclude_history = true|false; upload_age_buckets = 0.5, 1, 2 (days, see upload_age.hpp);
//              online_days = N (serve each trained retrieval or ranking algorithm N simulated days:
//              online_* metrics); head_share = 0.5 (multiscenario: the head scenarios' share of
//              training rows, evaluate_multi_scenario.hpp)
//   [variant.NAME]  algorithm = <registered name>, then that algorithm's options;
//                   a comma-separated list on an option expands to a grid of variants
//                   named NAME[opt=value,...]. A variant may also override [data] knobs
//                   (data.label_mode = 1), and likewise [sim], [multitask], [mmoe], [ads] and
//                   [ad_data] knobs (sim.task_correlation = 1, 0; section_overrides.hpp): the
//                   runner then builds that variant its own datasets (seed pairing kept: the same
//                   seed; with [data] overrides the same world and users, only the data protocol
//                   differs; with [sim] overrides a world of its own from the same seed). These
//                   overrides expand into grids like options.
//   [scale.smoke] / [scale.paper]   dotted overrides (sim.num_users = 500, seeds = 1, ...)
//                   applied when the run uses that scale; "default" uses the file as written.
// Overrides from the command line (--set key=value) apply last. Every problem is a ScenarioError
// naming the file and line (or --set), the key and the allowed values, with a suggestion for
// misspelt names.

#include <cstdint>
#include <string>
#include <vector>

#include "algorithms/algorithm.hpp"
#include "algorithms/options.hpp"
#include "algorithms/registry.hpp"
#include "datasets/dataset_config.hpp"
#include "datasets/multitask_config.hpp"
#include "scenarios/forecast_runner.hpp"
#include "scenarios/ini.hpp"
#include "scenarios/multi_scenario_config.hpp"
#include "scenarios/align_config.hpp"
#include "sim/ads/config.hpp"
#include "sim/titles/config.hpp"
#include "sim/inventory/config.hpp"
#include "sim/synthetic/mmoe_tasks.hpp"
#include "sim/world/config.hpp"

namespace simrec::scenarios {

inline const std::vector<std::string> kScales = {"smoke", "default", "paper"};

struct VariantSpec {
  std::string name;       // "itemknn" or "itemknn[neighbors=20]" for a grid point
  std::string algorithm;
  algorithms::OptionValues options;
  // Data-section knobs for this variant only, as "data.KNOB" / "multitask.KNOB" / "mmoe.KNOB" /
  // "ads.KNOB" / "ad_data.KNOB" -> value, sorted by key.
  std::vector<std::pair<std::string, std::string>> data_overrides;
  algorithms::AlgorithmInfo info;  // the registry entry (factory included) it was resolved against
  std::string where;      // file:line of the variant's section
};

struct EvalConfig {
  bool exclude_history = true;
  // Upload-age bucket edges in days before t_max, ascending (upload_age.hpp); empty: no
  // upload-age curves, and fresh_share@K is not available.
  std::vector<double> upload_age_buckets;
  // Retrieval and ranking: after offline evaluation, serve each trained algorithm in the
  // simulator for this many days from the start of the test period (online_policy.hpp,
  // ranking_policy.hpp) and record the true outcomes as online_* metrics; 0: no online simulation.
  std::int64_t online_days = 0;
  // Multi-scenario: the head scenarios (most training rows first) cover at least this share of the
  // training rows; the others are the tail (evaluate_multi_scenario.hpp). In (0, 1).
  double head_share = 0.5;
};

struct Scenario {
  std::string file, name, description, scale;
  algorithms::Task task = algorithms::Task::Retrieval;
  std::vector<std::int64_t> seeds;
  std::vector<std::string> metrics;
  sim::VideoWorldConfig world;
  datasets::DatasetConfig data;
  // Real data instead of the simulator: "movielens:PATH" ([data] source), split by data_protocol
  // (leave_last_out | random_80_10_10; datasets/movielens.hpp); empty: the simulated world.
  std::string data_source, data_protocol = "leave_last_out";
  // Set when data.source names files that are absent (adult:DIR): the run is skipped with this
  // message instead of failing (real data is not shipped).
  std::string data_missing;
  // task = multitask: the [multitask] section (behaviours; empty = the source's defaults) and the
  // MMoE generator's knobs ([mmoe], data.source = mmoe_synthetic).
  std::vector<std::string> tasks;
  datasets::MultiTaskDataConfig multitask;
  sim::MmoeSyntheticConfig mmoe;
  // task = forecast: the inventory world ([inventory]) and the evaluation protocol ([forecast]).
  sim::InventoryConfig inventory;
  ForecastEvalConfig forecast;
  // task = multiscenario: the ad world ([ads]) and its tables ([ad_data]).
  sim::ads::AdWorldConfig ads;
  datasets::AdSampleConfig ad_data;
  // task = alignment: the title world ([titles]) and the harness protocol ([align]).
  sim::titles::TitleWorldConfig titles;
  AlignConfig align;
  EvalConfig eval;
  std::vector<VariantSpec> variants;  // in file order, grids expanded in place

  // The fully resolved scenario as ini text (every knob and option, defaults included): what the
  // run store records under /config and what --resume compares.
  std::string resolved_text() const;
  // The configs a variant's data come from: each section plus the variant's overrides of it
  // (section_overrides.hpp). world_for: the video world the variant's seed builds ([sim]).
  sim::VideoWorldConfig world_for(const VariantSpec& variant) const;
  datasets::DatasetConfig data_for(const VariantSpec& variant) const;
  datasets::MultiTaskDataConfig multitask_for(const VariantSpec& variant) const;
  sim::MmoeSyntheticConfig mmoe_for(const VariantSpec& variant) const;
  sim::ads::AdWorldConfig ads_for(const VariantSpec& variant) const;
  datasets::AdSampleConfig ad_data_for(const VariantSpec& variant) const;
  // Variants with equal keys share one build of their world and data (every world and data knob,
  // resolved).
  std::string data_key(const VariantSpec& variant) const;
};

// Loads, applies the scale and the overrides ("key=value"), validates everything.
// Algorithm names resolve against `registry` (the global one by default; tests pass their own).
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                       const std::string& scale = "default",
                       const algorithms::Registry& registry = algorithms::registry());
Scenario load_scenario_text(const std::string& text, const std::string& file,
                            const std::vector<std::string>& overrides, const std::string& scale = "default",
                            const algorithms::Registry& registry = algorithms::registry());

}  // namespace simrec::scenarios
