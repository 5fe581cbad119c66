#include "datasets/multitask_table.hpp"

#include <stdexcept>

namespace simrec::datasets {

void MultiTaskTable::set_flat_tasks(std::vector<std::string> names, std::vector<std::uint8_t> is_binary) {
  task_names = std::move(names);
  task_is_binary = std::move(is_binary);
  behaviour_names = task_names;
  group_names = {"all"};
  task_behaviour.resize(task_names.size());
  task_group.assign(task_names.size(), 0);
  for (std::size_t t = 0; t < task_names.size(); ++t) task_behaviour[t] = std::uint32_t(t);
}

MultiTaskTable MultiTaskTable::select(const std::vector<std::size_t>& picked) const {
  MultiTaskTable out;
  out.task_names = task_names;
  out.task_is_binary = task_is_binary;
  out.behaviour_names = behaviour_names;
  out.group_names = group_names;
  out.task_behaviour = task_behaviour;
  out.task_group = task_group;
  out.field_names = field_names;
  out.field_buckets = field_buckets;
  out.dense_names = dense_names;
  out.rows = picked.size();
  const std::size_t nf = num_fields(), nd = num_dense(), nt = num_tasks();
  out.categorical.reserve(picked.size() * nf);
  out.dense.reserve(picked.size() * nd);
  out.labels.reserve(picked.size() * nt);
  for (std::size_t r : picked) {
    if (r >= rows) throw std::out_of_range("MultiTaskTable::select: row " + std::to_string(r) + " >= " + std::to_string(rows));
    out.categorical.insert(out.categorical.end(), categorical.begin() + r * nf, categorical.begin() + (r + 1) * nf);
    out.dense.insert(out.dense.end(), dense.begin() + r * nd, dense.begin() + (r + 1) * nd);
    out.labels.insert(out.labels.end(), labels.begin() + r * nt, labels.begin() + (r + 1) * nt);
    if (!mask.empty()) out.mask.insert(out.mask.end(), mask.begin() + r * nt, mask.begin() + (r + 1) * nt);
    if (!group.empty()) out.group.push_back(group[r]);
    if (!page_key.empty()) out.page_key.push_back(page_key[r]);
  }
  return out;
}

void MultiTaskTable::validate() const {
  auto fail = [](const std::string& what) { throw std::invalid_argument("multi-task table: " + what); };
  const std::size_t nt = num_tasks();
  if (nt == 0) fail("no tasks");
  if (task_is_binary.size() != nt || task_behaviour.size() != nt || task_group.size() != nt)
    fail("per-task vectors disagree with the " + std::to_string(nt) + " task names");
  for (std::size_t t = 0; t < nt; ++t) {
    if (task_behaviour[t] >= behaviour_names.size()) fail("task '" + task_names[t] + "' names a missing behaviour");
    if (task_group[t] >= group_names.size()) fail("task '" + task_names[t] + "' names a missing group");
  }
  if (field_buckets.size() != num_fields()) fail("field_buckets disagrees with field_names");
  if (num_fields() == 0 && num_dense() == 0) fail("no features");
  if (categorical.size() != rows * num_fields()) fail("categorical block is not rows x fields");
  if (dense.size() != rows * num_dense()) fail("dense block is not rows x dense");
  if (labels.size() != rows * nt) fail("labels block is not rows x tasks");
  if (!mask.empty() && mask.size() != rows * nt) fail("mask block is not rows x tasks");
  if (!group.empty() && group.size() != rows) fail("group column is not one per row");
  if (!page_key.empty() && page_key.size() != rows) fail("page_key column is not one per row");
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t f = 0; f < num_fields(); ++f)
      if (cat(r, f) >= field_buckets[f])
        fail("row " + std::to_string(r) + " field '" + field_names[f] + "' bucket " + std::to_string(cat(r, f)) +
             " >= " + std::to_string(field_buckets[f]));
  for (std::size_t i = 0; i < group.size(); ++i)
    if (group[i] >= group_names.size()) fail("row " + std::to_string(i) + " has a group outside group_names");
}

}  // namespace simrec::datasets
