// simrec list [algorithms|scenarios|metrics|sim|data|multitask|mmoe|inventory|forecast|ads|ad_data|titles|align|ALGORITHM]:
// what can be run and how it is configured,
// read from the same option and knob tables the scenario parser validates against.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <vector>

#include "algorithms/registry.hpp"
#include "app/commands/command.hpp"
#include "datasets/dataset_config.hpp"
#include "datasets/multitask_config.hpp"
#include "scenarios/evaluate.hpp"
#include "scenarios/forecast_runner.hpp"
#include "scenarios/multi_scenario_config.hpp"
#include "sim/ads/config.hpp"
#include "scenarios/ini.hpp"
#include "sim/inventory/config.hpp"
#include "sim/titles/config.hpp"
#include "scenarios/align_config.hpp"
#include "sim/synthetic/mmoe_tasks.hpp"
#include "sim/world/config.hpp"

namespace simrec::app {

namespace {

void list_algorithm(std::ostream& os, const algorithms::AlgorithmInfo& a) {
  os << "\n  " << a.name << "  [" << algorithms::task_name(a.task) << "]  " << a.summary << "\n";
  if (a.options.empty()) os << "      (no options)\n";
  for (const auto& o : a.options)
    os << "      " << o.name << " = " << o.default_text << "    " << o.help << "; allowed " << o.allowed_text() << "\n";
}

void list_algorithms(std::ostream& os) {
  os << "ALGORITHMS (use in a scenario as [variant.NAME] algorithm = <name>, then its options)\n";
  for (const auto& a : algorithms::registry().all()) list_algorithm(os, a);
}

void list_scenarios(std::ostream& os, const std::string& dir) {
  os << "SCENARIOS (in " << dir << "/; run with simrec run " << dir << "/<file>)\n";
  if (!std::filesystem::is_directory(dir)) {
    os << "  (no " << dir << " directory here; run simrec from the repository root)\n";
    return;
  }
  std::set<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".ini") files.insert(e.path().string());
  for (const auto& f : files) {
    std::string name, description, task;
    try {
      for (const auto& e : scenarios::parse_ini_file(f)) {
        if (e.key == "name") name = e.value;
        if (e.key == "description") description = e.value;
        if (e.key == "task") task = e.value;
      }
    } catch (const std::exception& e) {
      description = std::string("(unreadable: ") + e.what() + ")";
    }
    os << "  " << f << "  [" << task << "]  " << description << "\n";
  }
}

void list_metrics(std::ostream& os) {
  os << "METRICS (scenario key: metrics = a, b, ...; K is any positive integer)\n";
  for (auto t : {algorithms::Task::Retrieval, algorithms::Task::Ranking, algorithms::Task::MultiTask, algorithms::Task::MultiScenario}) {
    os << "  " << algorithms::task_name(t) << ":";
    for (const auto& p : scenarios::metric_patterns(t)) os << " " << p;
    os << "\n";
  }
  os << "  (retrieval: <top-K> is recall, precision, ndcg, map, hit_rate or popularity_rank; :new|low|high\n"
        "   restricts it to one activity group's test users; oracle_*.<top-K> scores the world's own ranking\n"
        "   by true popularity, + the demographic part of the interest, + the whole interest)\n"
        "  (multitask: each family is computed per task as family:TASK, with family:mean and, for\n"
        "   behaviour x group tasks, family:GROUP)\n";
}

template <class Config>
void list_knobs(std::ostream& os, const char* section, std::span<const config::Knob<Config>> knobs) {
  os << "[" << section << "] KNOBS (name = default  allowed range  help)\n";
  for (const auto& k : knobs)
    os << "  " << k.name << " = " << config::format_value(k.default_value()) << "  " << config::range_text(k) << "  "
       << k.help << "\n";
}

}  // namespace

int list_command(const Args& args) {
  const std::string what = args.empty() ? "all" : args[0];
  const std::set<std::string> allowed = {"all", "algorithms", "scenarios", "metrics", "sim", "data", "multitask", "mmoe", "inventory", "forecast", "ads", "ad_data", "titles", "align"};
  const algorithms::AlgorithmInfo* one = args.size() == 1 ? algorithms::registry().find(what) : nullptr;
  if (one) {  // simrec list kton: that algorithm's options
    list_algorithm(std::cout, *one);
    return 0;
  }
  if (args.size() > 1 || !allowed.count(what)) {
    std::vector<std::string> names(allowed.begin(), allowed.end());
    for (const auto& a : algorithms::registry().all()) names.push_back(a.name);
    std::cerr << "simrec list: unknown topic '" << what << "'" << algorithms::did_you_mean(what, names)
              << "; allowed: algorithms, scenarios, metrics, sim, data, multitask, mmoe, inventory, forecast, ads, ad_data, titles, "
                 "align, or an algorithm's name (simrec list algorithms)\n";
    return 2;
  }
  std::ostream& os = std::cout;
  if (what == "all" || what == "algorithms") list_algorithms(os), os << "\n";
  if (what == "all" || what == "scenarios") list_scenarios(os, "scenarios"), os << "\n";
  if (what == "all" || what == "metrics") list_metrics(os), os << "\n";
  if (what == "sim") list_knobs(os, "sim", sim::video_world_knobs());
  if (what == "data") list_knobs(os, "data", datasets::dataset_knobs());
  if (what == "multitask") {
    list_knobs(os, "multitask", datasets::multitask_data_knobs());
    os << "  tasks = (the source's defaults)  behaviours: video world: click, watch_seconds, log_watch_seconds, "
          "completion_ratio, finish, skip, like, share; mmoe_synthetic: task1, task2; adult: income, never_married\n";
  }
  if (what == "mmoe") list_knobs(os, "mmoe", sim::mmoe_synthetic_knobs());
  if (what == "inventory") list_knobs(os, "inventory", sim::inventory_knobs());
  if (what == "forecast") {
    list_knobs(os, "forecast", scenarios::forecast_eval_knobs());
    os << "  metrics: wmape, wmape_mean_cross, wmape_last_month, wmape_holiday, wmape_dims_K, wmape_group_G, num_groups\n";
  }
  if (what == "ads") list_knobs(os, "ads", sim::ads::ad_world_knobs());
  if (what == "ad_data") {
    list_knobs(os, "ad_data", scenarios::ad_data_knobs());
    os << "  [eval] head_share = 0.5  (0, 1)  head scenarios: most training rows first, until this share of training rows\n";
  }
  if (what == "titles") list_knobs(os, "titles", sim::titles::title_world_knobs());
  if (what == "align") {
    list_knobs(os, "align", scenarios::align_knobs());
    os << "  metrics: fluency_score, style_score, quality_score, fluency_pass, true_ctr, true_fluency, true_style, true_quality,\n"
          "  keyword_coverage, distinct_1, distinct_2, mean_length, data_auc_fluency, data_auc_style, data_auc_quality\n";
  }
  if (what == "all")
    os << "(simrec list sim | data | multitask | mmoe | inventory | forecast | ads | ad_data | titles | align print the simulator,\n"
          " dataset, multi-task, MMoE-generator, inventory-world, forecast-protocol, ad-world, ad-table, title-world and\n"
          " alignment-protocol knobs)\n";
  return 0;
}

}  // namespace simrec::app
