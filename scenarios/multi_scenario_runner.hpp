#pragma once
// The multi-scenario path of the runner (task = multiscenario; SPEC §6 AdaScene, §7 rows ada-*).
//
// Per seed and distinct data key ([ads] + [ad_data] after the variant's overrides): the ad world
// AdWorld(ads, seed, user model = [sim]) and its click log as train / validation / test tables
// (datasets/ad_samples.hpp) are built once and shared by every variant with that key (seed
// pairing: common random numbers). Per unit: fit with the raw scenario id as the key
// (table.scenario; num_scenarios = the world's), predict the test rows, score them
// (evaluate_multi_scenario.hpp). Recorded:
//   metrics   the listed ones; data_head_scenarios, data_tail_scenarios (counts),
//             data_head_train_share (the head's share of training rows), data_test_ctr;
//             oracle_<metric> for every listed metric: the same metric of the world's true click
//             probabilities (AdWorld::true_click_probability; the harness's ground truth, never
//             shown to the algorithm) -- the ceiling a model could reach on these test rows;
//             with a scene grouping (MultiScenarioAlgorithm::grouping() non-null): num_groups and
//             ari_hidden_groups (adjusted Rand index of the grouping vs the world's hidden groups);
//             with an affinity grouping also affinity_pairs (ordered scenario pairs measured) and
//             affinity_edges (edges of the partition's graph)
//   arrays    scenario_auc [S]          test AUC per raw scenario id (NaN: a class is missing)
//             scenario_train_rows [S]   training rows per scenario (the report orders heat-map
//                                       rows by it)
//             expert_utilisation [S x E]  mean gate weight per (scenario, expert) on the test rows,
//                                       for models with experts (ExpertUtilisation)
//             scene_group [S]           with a grouping: the group of each scenario
//             scene_affinity [S x S]    with a grouping that has an affinity matrix (groupings give one
//                                       only for S <= algorithms::kMaxDenseAffinity = 2000)
//             scene_unit [S]            with aggregation_unit = a rule: each scenario's cell (-1: none)
//             unit_affinity [U x U]     then: the stage-1 affinity between the U cells
//   curves    whatever the algorithm logs (train_loss, validation_loss, ...)
//   timing    fit / predict seconds, training rows per second of fit

#include <cstdint>
#include <memory>
#include <vector>

#include "algorithms/algorithm.hpp"
#include "datasets/ad_samples.hpp"
#include "results/store/run_types.hpp"
#include "sim/ads/ad_world.hpp"

namespace simrec::scenarios {

struct Scenario;
struct VariantSpec;

struct MultiScenarioData {
  std::unique_ptr<sim::ads::AdWorld> world;
  datasets::AdSamples samples;
  std::vector<std::uint8_t> head;  // per scenario id: 1 = head (evaluate_multi_scenario.hpp)
  std::uint64_t hash = 0;          // FNV-1a of every split's columns: proves shared data
  std::vector<float> oracle;       // per test row: the true click probability
};

// The world and tables of `variant`'s data key for `seed`. Throws config::ConfigError /
// std::invalid_argument for an impossible configuration.
MultiScenarioData build_multi_scenario_data(const Scenario& sc, const VariantSpec& variant, std::uint64_t seed);

void run_multi_scenario_unit(const Scenario& sc, const VariantSpec& v, const MultiScenarioData& data, std::uint64_t seed,
                             results::UnitResult& unit, algorithms::TrainingLogger& logger);

}  // namespace simrec::scenarios
