#include "datasets/multitask_config.hpp"

#include <sstream>

namespace simrec::datasets {

namespace {
using C = MultiTaskDataConfig;
const std::vector<config::Knob<C>>& table() {
  static const std::vector<config::Knob<C>> t = {
      SIMREC_KNOB(C, by_user_group, 0, 1, "video world: tasks = behaviour x user group {New, Low, High}, each row masked to its group"),
      SIMREC_KNOB(C, clicked_only, 0, 1, "video world: keep only clicked impressions (for watch-defined tasks)"),
      SIMREC_KNOB(C, watch_tasks_on_clicks, 0, 1,
                  "video world: keep every impression, but the watch-defined tasks (watch_seconds, log_watch_seconds, completion_ratio) "
                  "apply only to clicked ones (per-row masks; e.g. click with completion_ratio)"),
      SIMREC_KNOB(C, validation_fraction, 0, 0.5, "synthetic / Adult: share of training rows held out for validation"),
      SIMREC_KNOB_POS(C, test_fraction, 0, 0.9, "synthetic: share of generated rows used as the test set"),
      SIMREC_KNOB(C, adult_relationship, 0, 1, "Adult: feed the relationship column (it encodes marital status)"),
  };
  return t;
}
}  // namespace

std::span<const config::Knob<MultiTaskDataConfig>> multitask_data_knobs() { return table(); }

std::string MultiTaskDataConfig::to_text() const { return config::knobs_to_text<C>(*this, multitask_data_knobs()); }

void MultiTaskDataConfig::set(std::string_view name, std::string_view value) {
  config::set_knob<C>(*this, multitask_data_knobs(), "multitask", name, value);
}

void MultiTaskDataConfig::validate() const { config::check_knobs<C>(*this, multitask_data_knobs(), "multitask"); }

std::vector<std::string> split_task_list(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(text);
  while (std::getline(in, cur, ',')) {
    const auto b = cur.find_first_not_of(" \t");
    if (b == std::string::npos) continue;
    const auto e = cur.find_last_not_of(" \t");
    out.push_back(cur.substr(b, e - b + 1));
  }
  return out;
}

}  // namespace simrec::datasets
