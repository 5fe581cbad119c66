#pragma once
// MultiTaskTable: what a multi-task model trains on and predicts for (SPEC §6 multi-task ranking),
// whatever the source — the video world's impressions, the MMoE paper's synthetic generator or the
// UCI Adult census file. Columnar, row-major blocks:
//
//   categorical   rows x fields  bucket ids, field f in [0, field_buckets[f]) (0 may be "unknown")
//   dense         rows x dense   real features, already normalised by the builder
//   labels        rows x tasks   binary tasks 0/1, regression tasks real
//   mask          rows x tasks   1 = the task applies to this row (empty: every task applies);
//                                MFH's per-sample task masks: a row counts only for its user group
//
// Task structure: task t = (behaviour task_behaviour[t], group task_group[t]). A flat table has one
// group ("all") and task t = behaviour t. A behaviour x group table (MFH: {completion, finish,
// skip} x {New, Low, High}) names task t "<behaviour>.<group>" and masks each row to its group.
// `group` (per row, optional) is the row's group index into group_names; `page_key` (optional)
// identifies impressions of one page (GAUC).

#include <cstdint>
#include <string>
#include <vector>

namespace simrec::datasets {

struct MultiTaskTable {
  std::vector<std::string> task_names;
  std::vector<std::uint8_t> task_is_binary;
  std::vector<std::string> behaviour_names, group_names;
  std::vector<std::uint32_t> task_behaviour, task_group;  // per task

  std::vector<std::string> field_names;      // categorical fields
  std::vector<std::uint32_t> field_buckets;  // per field
  std::vector<std::string> dense_names;

  std::size_t rows = 0;
  std::vector<std::uint32_t> categorical;  // rows x num_fields()
  std::vector<float> dense;                // rows x num_dense()
  std::vector<float> labels;               // rows x num_tasks()
  std::vector<std::uint8_t> mask;          // rows x num_tasks(), or empty
  std::vector<std::uint8_t> group;         // rows, or empty
  std::vector<std::uint64_t> page_key;     // rows, or empty

  std::size_t num_tasks() const { return task_names.size(); }
  std::size_t num_fields() const { return field_names.size(); }
  std::size_t num_dense() const { return dense_names.size(); }
  std::size_t size() const { return rows; }
  float label(std::size_t r, std::size_t t) const { return labels[r * num_tasks() + t]; }
  bool applies(std::size_t r, std::size_t t) const { return mask.empty() || mask[r * num_tasks() + t] != 0; }
  std::uint32_t cat(std::size_t r, std::size_t f) const { return categorical[r * num_fields() + f]; }
  const float* dense_row(std::size_t r) const { return dense.data() + r * num_dense(); }

  // Sets one group "all" and task_behaviour = identity (a flat table).
  void set_flat_tasks(std::vector<std::string> names, std::vector<std::uint8_t> is_binary);
  // Same schema, rows selected (in the given order).
  MultiTaskTable select(const std::vector<std::size_t>& rows) const;
  // Throws std::invalid_argument naming what is inconsistent (sizes, buckets, masks).
  void validate() const;
};

}  // namespace simrec::datasets
