#pragma once
// Small synthetic multi-task tables for the multi-task family tests, and helpers to build and fit
// a registered model.
//
// grouped_synthetic_table: the MMoE paper's generator (sim/synthetic/mmoe_tasks.hpp) with x as the
// dense features, plus two categorical fields: "group" (the row's user group, A or B) and "noise"
// (4 uninformative buckets). Behaviours {y1, y2 (regression), pos (binary: y1 + y2 > 0)} x groups
// {A, B} = 6 tasks "y1.A", ..., masked so that a row counts only for its group's tasks; group B's
// regression labels are shifted by +1 (the groups differ). Masked cells hold NaN labels: the
// models must never read them.

#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <string>

#include "algorithms/multitask/trainer.hpp"
#include "algorithms/registry.hpp"
#include "support/recording_logger.hpp"
#include "datasets/multitask_table.hpp"
#include "sim/synthetic/mmoe_tasks.hpp"

namespace simrec::testing {

inline datasets::MultiTaskTable grouped_synthetic_table(std::size_t rows, std::uint64_t seed, std::int64_t dim = 8) {
  sim::MmoeSyntheticConfig c;
  c.dim = dim;
  c.num_samples = std::int64_t(rows);
  c.task_correlation = 0.5;
  const sim::MmoeSyntheticData d = sim::generate_mmoe_synthetic(c, seed);
  datasets::MultiTaskTable t;
  t.behaviour_names = {"y1", "y2", "pos"};
  t.group_names = {"A", "B"};
  for (std::uint32_t g = 0; g < 2; ++g)
    for (std::uint32_t b = 0; b < 3; ++b) {
      t.task_names.push_back(t.behaviour_names[b] + "." + t.group_names[g]);
      t.task_is_binary.push_back(b == 2);
      t.task_behaviour.push_back(b);
      t.task_group.push_back(g);
    }
  t.field_names = {"group", "noise"};
  t.field_buckets = {2, 4};
  for (std::int64_t k = 0; k < dim; ++k) t.dense_names.push_back("x" + std::to_string(k));
  t.rows = rows;
  t.dense = d.x;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (std::size_t r = 0; r < rows; ++r) {
    const std::uint32_t g = std::uint32_t((r * 2654435761u >> 7) % 2), noise = std::uint32_t((r * 40503u >> 3) % 4);
    t.categorical.push_back(g);
    t.categorical.push_back(noise);
    t.group.push_back(std::uint8_t(g));
    const float shift = g == 1 ? 1.0f : 0.0f;
    const float values[3] = {d.y1[r] + shift, d.y2[r] + shift, d.y1[r] + d.y2[r] > 0 ? 1.0f : 0.0f};
    for (std::uint32_t tg = 0; tg < 2; ++tg)
      for (std::uint32_t b = 0; b < 3; ++b) {
        t.labels.push_back(tg == g ? values[b] : nan);
        t.mask.push_back(tg == g);
      }
  }
  t.validate();
  return t;
}

// The same rows as a flat table: tasks y1, y2, pos on every row (no groups, no mask).
inline datasets::MultiTaskTable flat_synthetic_table(std::size_t rows, std::uint64_t seed, std::int64_t dim = 8) {
  const datasets::MultiTaskTable g = grouped_synthetic_table(rows, seed, dim);
  datasets::MultiTaskTable t = g;
  t.set_flat_tasks({"y1", "y2", "pos"}, {0, 0, 1});
  t.labels.clear();
  t.mask.clear();
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t off = g.group[r] == 0 ? 0 : 3;
    for (std::size_t b = 0; b < 3; ++b) t.labels.push_back(g.label(r, off + b));
  }
  t.validate();
  return t;
}

using MultiTaskRecorder = RecordingLogger;

inline std::unique_ptr<algorithms::multitask::MultiTaskModel> make_multitask(const std::string& name,
                                                                             const std::map<std::string, std::string>& options) {
  const auto& info = algorithms::registry().get(name);
  auto algo = info.make(algorithms::OptionValues(info.options, options, "test." + name));
  auto* model = dynamic_cast<algorithms::multitask::MultiTaskModel*>(algo.get());
  if (model == nullptr) throw std::logic_error(name + " is not a MultiTaskModel");
  algo.release();
  return std::unique_ptr<algorithms::multitask::MultiTaskModel>(model);
}

}  // namespace simrec::testing
