#pragma once
// Task weights of the multi-task objective (multitask_loss.hpp), option `task_weighting`:
//
//   static       w_t from option `task_weights` (all 1 when empty).
//   uncertainty  w_t from `task_weights` times Kendall et al.'s learned log-variance form
//                (multitask_loss.hpp): the weights adapt during training.
//   rarity       w_t from `task_weights` times r_t, raised for rarer tasks (Xin et al., WWW 2022,
//                as the survey article puts it): with N training rows,
//                  f_t = (rows where t applies and, for a binary task, the label is 1) / N
//                  r_t = 1 / sqrt(max(f_t, 1/N)),  then normalised so the mean of r over tasks is 1.
//                A binary task's frequency is its positive share of all rows (rare clicks, or a
//                small user group's task, both count as rare); a regression task's is its applicable
//                share. A task with no positive counts as one (the 1/N floor keeps r finite).
//
// `task_weights` text: empty or "none" (all 1); a list "2, 1, 0.5" (one value per task, in the
// table's task order); or pairs "finish=2, skip.New=0.5" naming tasks — a name may also be a
// behaviour, which sets every task of that behaviour (an exact task name wins). Unnamed tasks
// keep 1. Values must be finite and >= 0, not all 0. Commas separate entries (a String option:
// scenario files do not expand it into a grid).

#include <string>
#include <utility>
#include <vector>

#include "datasets/multitask_table.hpp"

namespace simrec::algorithms::multitask {

enum class TaskWeighting { Static, Uncertainty, Rarity };
inline const std::vector<std::string> kTaskWeightingNames = {"static", "uncertainty", "rarity"};
TaskWeighting parse_task_weighting(const std::string& name);

// The syntax of `task_weights`, checked when the algorithm is built (task names are checked
// against the table at fit time).
struct TaskWeightSpec {
  std::vector<double> list;                           // positional form
  std::vector<std::pair<std::string, double>> named;  // name=value form
  std::string text;
  bool empty() const { return list.empty() && named.empty(); }
};
// Throws OptionError "<context>.task_weights = '...': <why>".
TaskWeightSpec parse_task_weights(const std::string& text, const std::string& context);

// w_t for the table's tasks. Throws OptionError for a list of the wrong length or an unknown
// name (listing the table's tasks).
std::vector<double> resolve_task_weights(const TaskWeightSpec& spec, const datasets::MultiTaskTable& table,
                                         const std::string& context);

// r_t as above (mean 1).
std::vector<double> rarity_weights(const datasets::MultiTaskTable& table);

}  // namespace simrec::algorithms::multitask
