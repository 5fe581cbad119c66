#include "datasets/multitask_facts.hpp"

#include <vector>

namespace simrec::datasets {

void add_split_facts(MultiTaskSplits& splits) {
  splits.stats["rows_train"] = double(splits.train.size());
  splits.stats["rows_validation"] = double(splits.validation.size());
  splits.stats["rows_test"] = double(splits.test.size());
  const MultiTaskTable& t = splits.train;
  const std::size_t tasks = t.num_tasks();
  std::vector<double> rows(tasks, 0.0), sum(tasks, 0.0);
  for (std::size_t r = 0; r < t.size(); ++r)
    for (std::size_t k = 0; k < tasks; ++k)
      if (t.applies(r, k)) {
        rows[k] += 1;
        sum[k] += double(t.label(r, k));
      }
  for (std::size_t k = 0; k < tasks; ++k) {
    splits.stats["rows_train:" + t.task_names[k]] = rows[k];
    if (rows[k] > 0) splits.stats["label_mean_train:" + t.task_names[k]] = sum[k] / rows[k];
  }
}

}  // namespace simrec::datasets
