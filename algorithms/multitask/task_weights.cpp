#include "algorithms/multitask/task_weights.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "algorithms/options.hpp"

namespace simrec::algorithms::multitask {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

bool parse_weight(const std::string& s, double& v) {
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(v) && v >= 0;
}

std::string task_list(const datasets::MultiTaskTable& table) {
  std::string s;
  for (std::size_t t = 0; t < table.num_tasks(); ++t) s += (t ? ", " : "") + table.task_names[t];
  return s;
}

}  // namespace

TaskWeighting parse_task_weighting(const std::string& name) {
  for (std::size_t i = 0; i < kTaskWeightingNames.size(); ++i)
    if (kTaskWeightingNames[i] == name) return TaskWeighting(i);
  throw OptionError("task_weighting = '" + name + "': one of static, uncertainty, rarity");
}

TaskWeightSpec parse_task_weights(const std::string& text, const std::string& context) {
  TaskWeightSpec spec;
  spec.text = text;
  const std::string all = trim(text);
  if (all.empty() || all == "none") return spec;
  const auto bad = [&](const std::string& why) {
    throw OptionError(context + ".task_weights = '" + text + "': " + why +
                      "; allowed: empty, a list of weights >= 0 in task order (2, 1, 0.5), or task=weight pairs (finish=2, skip=0.5)");
  };
  std::stringstream in(all);
  std::string part;
  bool any_positive = false;
  while (std::getline(in, part, ',')) {
    part = trim(part);
    double v = 0;
    const auto eq = part.find('=');
    if (eq == std::string::npos) {
      if (!parse_weight(part, v)) bad("'" + part + "' is not a weight >= 0");
      spec.list.push_back(v);
    } else {
      const std::string name = trim(part.substr(0, eq)), value = trim(part.substr(eq + 1));
      if (name.empty()) bad("'" + part + "' has no task name");
      if (!parse_weight(value, v)) bad("'" + value + "' (for " + name + ") is not a weight >= 0");
      for (const auto& [n, w] : spec.named)
        if (n == name) bad("task '" + name + "' is given twice");
      spec.named.emplace_back(name, v);
    }
    any_positive |= v > 0;
  }
  if (!spec.list.empty() && !spec.named.empty()) bad("mixes a plain list with name=value pairs");
  if (!any_positive && spec.named.empty()) bad("every weight is 0");
  return spec;
}

std::vector<double> resolve_task_weights(const TaskWeightSpec& spec, const datasets::MultiTaskTable& table,
                                         const std::string& context) {
  const std::size_t T = table.num_tasks();
  std::vector<double> w(T, 1.0);
  if (!spec.list.empty()) {
    if (spec.list.size() != T)
      throw OptionError(context + ".task_weights = '" + spec.text + "': " + std::to_string(spec.list.size()) +
                        " weights for " + std::to_string(T) + " tasks (" + task_list(table) + ")");
    return spec.list;
  }
  // Behaviour names first, then exact task names, so a task name wins over its behaviour.
  std::vector<bool> exact(spec.named.size(), false);
  for (std::size_t i = 0; i < spec.named.size(); ++i) {
    const auto& [name, v] = spec.named[i];
    bool found = false;
    for (std::size_t t = 0; t < T; ++t) {
      if (table.task_names[t] == name) exact[i] = found = true;
      const std::uint32_t b = table.task_behaviour[t];
      if (b < table.behaviour_names.size() && table.behaviour_names[b] == name) found = true;
    }
    if (!found) {
      std::vector<std::string> names = table.task_names;
      names.insert(names.end(), table.behaviour_names.begin(), table.behaviour_names.end());
      throw OptionError(context + ".task_weights: unknown task '" + name + "'" + did_you_mean(name, names) +
                        "; the table's tasks: " + task_list(table));
    }
  }
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t i = 0; i < spec.named.size(); ++i) {
      if (exact[i] != (pass == 1)) continue;
      const auto& [name, v] = spec.named[i];
      for (std::size_t t = 0; t < T; ++t) {
        const std::uint32_t b = table.task_behaviour[t];
        const bool behaviour_match = b < table.behaviour_names.size() && table.behaviour_names[b] == name;
        if (pass == 1 ? table.task_names[t] == name : behaviour_match) w[t] = v;
      }
    }
  if (std::all_of(w.begin(), w.end(), [](double v) { return v == 0; }))
    throw OptionError(context + ".task_weights = '" + spec.text + "': every task's weight is 0");
  return w;
}

std::vector<double> rarity_weights(const datasets::MultiTaskTable& table) {
  const std::size_t T = table.num_tasks(), N = table.size();
  std::vector<double> r(T, 1.0);
  if (N == 0) return r;
  double sum = 0;
  for (std::size_t t = 0; t < T; ++t) {
    std::size_t hits = 0;
    for (std::size_t i = 0; i < N; ++i)
      if (table.applies(i, t) && (!table.task_is_binary[t] || table.label(i, t) > 0.5f)) ++hits;
    const double f = std::max(double(hits), 1.0) / double(N);
    r[t] = 1.0 / std::sqrt(f);
    sum += r[t];
  }
  for (double& v : r) v *= double(T) / sum;
  return r;
}

}  // namespace simrec::algorithms::multitask
