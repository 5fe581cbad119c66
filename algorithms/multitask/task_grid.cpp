#include "algorithms/multitask/task_grid.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace simrec::algorithms::multitask {

TaskGrid task_grid(const datasets::MultiTaskTable& table) {
  const std::size_t nt = table.num_tasks();
  if (table.task_behaviour.size() != nt || table.task_group.size() != nt)
    throw std::invalid_argument("mfh: the table's task_behaviour / task_group do not give one entry per task");
  TaskGrid g;
  g.behaviours = table.task_behaviour;
  g.groups = table.task_group;
  for (auto* v : {&g.behaviours, &g.groups}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  std::string tasks;
  for (std::size_t t = 0; t < nt; ++t) tasks += (t ? ", " : "") + table.task_names[t];
  const auto name_of = [](const std::vector<std::string>& names, std::uint32_t i) {
    return i < names.size() ? names[i] : "#" + std::to_string(i);
  };
  const std::size_t A = g.num_behaviours(), G = g.num_groups();
  std::vector<int> seen(A * G, -1);
  for (std::size_t t = 0; t < nt; ++t) {
    const auto a = std::uint32_t(std::lower_bound(g.behaviours.begin(), g.behaviours.end(), table.task_behaviour[t]) - g.behaviours.begin());
    const auto gr = std::uint32_t(std::lower_bound(g.groups.begin(), g.groups.end(), table.task_group[t]) - g.groups.begin());
    if (seen[a * G + gr] >= 0)
      throw std::invalid_argument("mfh: tasks '" + table.task_names[std::size_t(seen[a * G + gr])] + "' and '" + table.task_names[t] +
                                  "' are the same (behaviour, group) pair; MFH needs each pair once (tasks: " + tasks + ")");
    seen[a * G + gr] = int(t);
    g.task_behaviour.push_back(a);
    g.task_group.push_back(gr);
  }
  for (std::size_t a = 0; a < A; ++a)
    for (std::size_t gr = 0; gr < G; ++gr)
      if (seen[a * G + gr] < 0)
        throw std::invalid_argument("mfh: the tasks are not a full behaviour x group product: no task for behaviour '" +
                                    name_of(table.behaviour_names, g.behaviours[a]) + "' in group '" +
                                    name_of(table.group_names, g.groups[gr]) + "' (tasks: " + tasks + ")");
  return g;
}

}  // namespace simrec::algorithms::multitask
