#pragma once
// The data of a multi-task scenario for one (variant data key, seed): the video world's
// impressions, the MMoE generator or UCI Adult (datasets/multitask_config.hpp), as
// train / validation / test MultiTaskTables, plus a content hash that proves two units trained on
// the same rows.

#include <cstdint>
#include <string>

#include "datasets/multitask_builders.hpp"
#include "scenarios/scenario.hpp"
#include "sim/world/world.hpp"

namespace simrec::scenarios {

struct MultiTaskData {
  datasets::MultiTaskSplits splits;
  std::uint64_t hash = 0;  // of every table's rows (features, labels, masks)
};

// `world` is the seed's simulated world (nullptr for file / synthetic sources); `cache_dir` the
// dataset cache for the video world's tables (empty: none).
MultiTaskData build_multitask_data(const Scenario& scenario, const VariantSpec& variant, std::uint64_t seed,
                                   const sim::World* world, const std::string& cache_dir);

std::uint64_t multitask_table_hash(const datasets::MultiTaskTable& table, std::uint64_t h = 0xcbf29ce484222325ull);

}  // namespace simrec::scenarios
