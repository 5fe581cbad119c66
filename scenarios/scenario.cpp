#include "scenarios/scenario.hpp"

#include <algorithm>
#include <limits>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "algorithms/registry.hpp"
#include "datasets/adult.hpp"
#include "datasets/movielens.hpp"
#include "scenarios/evaluate.hpp"
#include "scenarios/section_overrides.hpp"

namespace simrec::scenarios {

namespace {

using algorithms::did_you_mean;

const std::vector<std::string> kTopLevel = {"name", "description", "task", "seeds", "metrics"};
const std::vector<std::string> kSections = {"sim",      "data",     "eval", "multitask", "mmoe",   "inventory",
                                             "forecast", "ads", "ad_data", "titles", "align", "variant",   "scale"};

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, ',')) out.push_back(trim(cur));
  return out;
}

template <class Config>
std::vector<std::string> knob_names(std::span<const config::Knob<Config>> knobs) {
  std::vector<std::string> names;
  for (const auto& k : knobs) names.emplace_back(k.name);
  return names;
}

std::string where_of(const IniEntry& e) { return e.file == "--set" ? "--set " + e.key : e.where(); }

bool parse_bool(const IniEntry& e) {
  if (e.value == "true" || e.value == "1") return true;
  if (e.value == "false" || e.value == "0") return false;
  throw ScenarioError(e.where() + ": " + e.key + " = '" + e.value + "': allowed true or false");
}

// "0.5, 1, 2": positive, strictly ascending day edges.
std::vector<double> parse_bucket_edges(const IniEntry& e) {
  std::vector<double> edges;
  for (const auto& part : split_commas(e.value)) {
    char* end = nullptr;
    const double v = std::strtod(part.c_str(), &end);
    if (part.empty() || *end != '\0' || !(v > 0) || !std::isfinite(v) || (!edges.empty() && v <= edges.back()))
      throw ScenarioError(where_of(e) + ": " + e.key + " = '" + e.value +
                          "': allowed a strictly ascending list of positive day counts, e.g. 0.5, 1, 2, 4");
    edges.push_back(v);
  }
  return edges;
}

// Settings in application order: file (base), scale section, --set.
struct Settings {
  std::map<std::string, IniEntry> by_key;
  std::vector<std::string> variant_order;  // first appearance
  void set(const IniEntry& e) {
    by_key[e.key] = e;
    if (e.key.rfind("variant.", 0) == 0) {
      const auto dot = e.key.find('.', 8);
      const std::string v = e.key.substr(8, dot == std::string::npos ? std::string::npos : dot - 8);
      if (std::find(variant_order.begin(), variant_order.end(), v) == variant_order.end()) variant_order.push_back(v);
    }
  }
};

Settings collect(const std::vector<IniEntry>& entries, const std::vector<std::string>& overrides,
                 const std::string& scale) {
  Settings s;
  std::vector<IniEntry> scaled;
  for (const auto& e : entries) {
    if (e.key.rfind("scale.", 0) != 0) {
      s.set(e);
      continue;
    }
    const std::string rest = e.key.substr(6);
    const auto dot = rest.find('.');
    const std::string which = rest.substr(0, dot);
    if (dot == std::string::npos || (which != "smoke" && which != "paper"))
      throw ScenarioError(e.where() + ": unknown scale section '[scale." + which + "]'" +
                          did_you_mean(which, {"smoke", "paper"}) + "; allowed [scale.smoke], [scale.paper]");
    if (which == scale) scaled.push_back(IniEntry{rest.substr(dot + 1), e.value, e.file, e.line});
  }
  for (const auto& e : scaled) s.set(e);
  for (const auto& o : overrides) {
    const auto eq = o.find('=');
    if (eq == std::string::npos || trim(o.substr(0, eq)).empty())
      throw ScenarioError("--set '" + o + "': expected key=value, e.g. --set variant.mmoe.experts=8");
    s.set(IniEntry{trim(o.substr(0, eq)), trim(o.substr(eq + 1)), "--set", 0});
  }
  return s;
}


std::string options_list(const std::vector<std::string>& names) {
  if (names.empty()) return "it has no options";
  std::string s = "its options: ";
  for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return s;
}

void expand_variant(const std::string& name, const std::vector<const IniEntry*>& entries, const IniEntry* algo_entry,
                    algorithms::Task task, const algorithms::Registry& reg, std::vector<VariantSpec>& out) {
  const algorithms::AlgorithmInfo* info = nullptr;
  try {
    info = &reg.get(algo_entry->value);
  } catch (const algorithms::OptionError& e) {
    throw ScenarioError(where_of(*algo_entry) + ": " + e.what());
  }
  if (info->task != task)
    throw ScenarioError(where_of(*algo_entry) + ": algorithm '" + info->name + "' solves " +
                        algorithms::task_name(info->task) + ", but the scenario's task is " + algorithms::task_name(task));
  std::vector<std::string> option_names;
  for (const auto& spec : info->options) option_names.push_back(spec.name);
  // Each option: its list of values (a grid axis when more than one).
  std::vector<std::pair<std::string, std::vector<std::string>>> axes;
  for (const IniEntry* e : entries) {
    const std::string opt = e->key.substr(std::string("variant." + name + ".").size());
    if (is_data_override(opt)) {  // a [sim] / [data] / [multitask] / [mmoe] / [ads] / [ad_data] knob for this variant only
      const auto values = split_commas(e->value);
      for (const auto& v : values) {
        try {
          apply_data_override(opt, v, {});
        } catch (const config::ConfigError& err) {
          throw ScenarioError(where_of(*e) + ": variant." + name + "." + err.what());
        } catch (const ScenarioError& err) {
          throw ScenarioError(where_of(*e) + ": " + err.what());
        }
      }
      axes.emplace_back(opt, values);
      continue;
    }
    const auto spec = std::find_if(info->options.begin(), info->options.end(),
                                   [&](const algorithms::OptionSpec& s) { return s.name == opt; });
    if (spec == info->options.end())
      throw ScenarioError(where_of(*e) + ": unknown option '" + opt + "' for algorithm '" + info->name + "'" +
                          did_you_mean(opt, option_names) + "; " + options_list(option_names));
    const auto values = spec->kind == algorithms::OptionKind::String ? std::vector<std::string>{e->value} : split_commas(e->value);
    for (const auto& v : values) {
      try {
        algorithms::validate_option(*spec, v, "variant." + name);
      } catch (const algorithms::OptionError& err) {
        throw ScenarioError(where_of(*e) + ": " + err.what());
      }
    }
    axes.emplace_back(opt, values);
  }
  std::vector<std::size_t> pick(axes.size(), 0);
  for (;;) {
    std::map<std::string, std::string> given;
    std::vector<std::pair<std::string, std::string>> data;
    std::string suffix;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      if (is_data_override(axes[a].first))
        data.emplace_back(axes[a].first, axes[a].second[pick[a]]);
      else
        given[axes[a].first] = axes[a].second[pick[a]];
      if (axes[a].second.size() > 1) suffix += (suffix.empty() ? "" : ",") + axes[a].first + "=" + axes[a].second[pick[a]];
    }
    std::sort(data.begin(), data.end());
    VariantSpec v;
    v.data_overrides = std::move(data);
    v.name = suffix.empty() ? name : name + "[" + suffix + "]";
    v.algorithm = info->name;
    v.info = *info;
    v.options = algorithms::OptionValues(info->options, given, "variant." + name);
    v.where = algo_entry->where();
    out.push_back(std::move(v));
    std::size_t a = axes.size();
    while (a > 0) {
      --a;
      if (++pick[a] < axes[a].second.size()) break;
      pick[a] = 0;
      if (a == 0) return;
    }
    if (axes.empty()) return;
  }
}

}  // namespace

std::string Scenario::resolved_text() const {
  std::ostringstream os;
  os << "name = " << name << "\ndescription = " << description << "\ntask = " << algorithms::task_name(task)
     << "\nscale = " << scale << "\nseeds = ";
  for (std::size_t i = 0; i < seeds.size(); ++i) os << (i ? ", " : "") << seeds[i];
  os << "\nmetrics = ";
  for (std::size_t i = 0; i < metrics.size(); ++i) os << (i ? ", " : "") << metrics[i];
  os << "\n\n[sim]\n" << world.to_text() << "\n[data]\n" << data.to_text();
  if (!data_source.empty()) os << "source = " << data_source << "\nprotocol = " << data_protocol << "\n";
  if (task == algorithms::Task::MultiTask) {
    os << "\n[multitask]\ntasks = ";
    for (std::size_t i = 0; i < tasks.size(); ++i) os << (i ? ", " : "") << tasks[i];
    os << "\n" << multitask.to_text();
    if (data_source == "mmoe_synthetic") os << "\n[mmoe]\n" << config::knobs_to_text<sim::MmoeSyntheticConfig>(mmoe, sim::mmoe_synthetic_knobs());
  }
  if (task == algorithms::Task::Forecast) os << "\n[inventory]\n" << inventory.to_text() << "\n[forecast]\n" << forecast.to_text();
  if (task == algorithms::Task::MultiScenario) os << "\n[ads]\n" << ads.to_text() << "\n[ad_data]\n" << ad_data_to_text(ad_data);
  if (task == algorithms::Task::Alignment) os << "\n[titles]\n" << titles.to_text() << "\n[align]\n" << align.to_text();
  os << "\n[eval]\nexclude_history = "
     << (eval.exclude_history ? "true" : "false") << "\n";
  if (eval.online_days > 0) os << "online_days = " << eval.online_days << "\n";  // only when set, as below
  if (task == algorithms::Task::MultiScenario) os << "head_share = " << config::format_value(eval.head_share) << "\n";
  if (!eval.upload_age_buckets.empty()) {  // written only when set, so older runs' texts are unchanged
    os << "upload_age_buckets = ";
    for (std::size_t i = 0; i < eval.upload_age_buckets.size(); ++i) os << (i ? ", " : "") << eval.upload_age_buckets[i];
    os << "\n";
  }
  for (const auto& v : variants) {
    os << "\n[variant." << v.name << "]\nalgorithm = " << v.algorithm << "\n" << v.options.to_text();
    for (const auto& [key, value] : v.data_overrides) os << key << " = " << value << "\n";
  }
  return os.str();
}

namespace {

// `base` with the variant's overrides of one section ("data" for data.KNOB, ...) applied.
template <class Config>
Config with_overrides(Config base, const VariantSpec& variant, const std::string& section, Config* OverrideTargets::*slot) {
  OverrideTargets targets;
  targets.*slot = &base;
  for (const auto& [key, value] : variant.data_overrides)
    if (key.size() > section.size() && key.compare(0, section.size(), section) == 0 && key[section.size()] == '.')
      apply_data_override(key, value, targets);
  return base;
}

}  // namespace

sim::VideoWorldConfig Scenario::world_for(const VariantSpec& variant) const {
  return with_overrides(world, variant, "sim", &OverrideTargets::world);
}

datasets::DatasetConfig Scenario::data_for(const VariantSpec& variant) const {
  return with_overrides(data, variant, "data", &OverrideTargets::data);
}

datasets::MultiTaskDataConfig Scenario::multitask_for(const VariantSpec& variant) const {
  return with_overrides(multitask, variant, "multitask", &OverrideTargets::multitask);
}

sim::MmoeSyntheticConfig Scenario::mmoe_for(const VariantSpec& variant) const {
  return with_overrides(mmoe, variant, "mmoe", &OverrideTargets::mmoe);
}

sim::ads::AdWorldConfig Scenario::ads_for(const VariantSpec& variant) const {
  return with_overrides(ads, variant, "ads", &OverrideTargets::ads);
}

datasets::AdSampleConfig Scenario::ad_data_for(const VariantSpec& variant) const {
  return with_overrides(ad_data, variant, "ad_data", &OverrideTargets::ad_data);
}

std::string Scenario::data_key(const VariantSpec& variant) const {
  std::string key = world_for(variant).to_text() + data_for(variant).to_text();
  if (task == algorithms::Task::MultiTask)
    key += multitask_for(variant).to_text() + config::knobs_to_text<sim::MmoeSyntheticConfig>(mmoe_for(variant), sim::mmoe_synthetic_knobs());
  if (task == algorithms::Task::MultiScenario) key += ads_for(variant).to_text() + ad_data_to_text(ad_data_for(variant));
  return key;
}

Scenario load_scenario_text(const std::string& text, const std::string& file, const std::vector<std::string>& overrides,
                            const std::string& scale, const algorithms::Registry& registry) {
  if (std::find(kScales.begin(), kScales.end(), scale) == kScales.end())
    throw ScenarioError("--scale '" + scale + "'" + did_you_mean(scale, kScales) + ": allowed smoke, default, paper");
  const Settings settings = collect(parse_ini(text, file), overrides, scale);
  Scenario sc;
  sc.file = file;
  sc.scale = scale;
  const auto get = [&](const std::string& key) -> const IniEntry* {
    const auto it = settings.by_key.find(key);
    return it == settings.by_key.end() ? nullptr : &it->second;
  };
  const auto require = [&](const std::string& key, const std::string& example) -> const IniEntry& {
    const IniEntry* e = get(key);
    if (!e || e->value.empty()) throw ScenarioError(file + ": missing '" + key + " = ...' (e.g. " + example + ")");
    return *e;
  };
  sc.name = require("name", "name = quickstart").value;
  if (const IniEntry* d = get("description")) sc.description = d->value;
  const IniEntry& task = require("task", "task = retrieval");
  try {
    sc.task = algorithms::parse_task(task.value);
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(where_of(task) + ": " + e.what());
  }
  const IniEntry& seeds = require("seeds", "seeds = 1, 2, 3");
  for (const auto& s : split_commas(seeds.value)) {
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || v < 0)
      throw ScenarioError(where_of(seeds) + ": seed '" + s + "' is not a non-negative integer (e.g. seeds = 1, 2, 3)");
    if (std::find(sc.seeds.begin(), sc.seeds.end(), v) != sc.seeds.end())
      throw ScenarioError(where_of(seeds) + ": seed " + s + " is listed twice");
    sc.seeds.push_back(v);
  }
  const IniEntry& metrics = require("metrics", "metrics = recall@10, ndcg@10");
  for (const auto& m : split_commas(metrics.value)) {
    check_metric(sc.task, m, where_of(metrics));
    sc.metrics.push_back(m);
  }

  const auto world_names = knob_names(sim::video_world_knobs());
  const auto data_names = knob_names(datasets::dataset_knobs());
  std::map<std::string, std::vector<const IniEntry*>> variant_entries;
  for (const auto& [key, e] : settings.by_key) {
    const auto dot = key.find('.');
    const std::string section = key.substr(0, dot);
    if (dot == std::string::npos) {
      if (std::find(kTopLevel.begin(), kTopLevel.end(), key) == kTopLevel.end()) {
        std::vector<std::string> all = kTopLevel;
        throw ScenarioError(where_of(e) + ": unknown key '" + key + "'" + did_you_mean(key, all) +
                            "; top-level keys: name, description, task, seeds, metrics; sections: [sim], [data], [eval], [variant.NAME], [scale.smoke|paper]");
      }
      continue;
    }
    const std::string rest = key.substr(dot + 1);
    try {
      if (section == "sim") {
        if (std::find(world_names.begin(), world_names.end(), rest) == world_names.end())
          throw ScenarioError(where_of(e) + ": unknown option sim." + rest + did_you_mean(rest, world_names) + " (simrec list shows the world's knobs)");
        sc.world.set(rest, e.value);
      } else if (section == "data" && rest == "source") {
        sc.data_source = e.value;
        if (e.value == "mmoe_synthetic") {
        } else if (e.value.rfind("adult:", 0) == 0 && e.value.size() > 6) {
          datasets::adult_files_present(e.value.substr(6), &sc.data_missing);
        } else if (e.value.rfind("movielens:", 0) == 0 && e.value.size() > 10) {
          if (!std::ifstream(e.value.substr(10)))
            throw ScenarioError(where_of(e) + ": data.source = '" + e.value + "': cannot open " + e.value.substr(10));
        } else if (e.value.rfind("csv:", 0) == 0 && e.value.size() > 4) {
          if (!std::ifstream(e.value.substr(4)))
            throw ScenarioError(where_of(e) + ": data.source = '" + e.value + "': cannot open " + e.value.substr(4));
        } else {
          throw ScenarioError(where_of(e) + ": data.source = '" + e.value +
                              "': allowed movielens:PATH (a u.data or ratings.dat file; retrieval), mmoe_synthetic or adult:DIR (multi-task), "
                              "csv:PATH (daily series; forecast)");
        }
      } else if (section == "data" && rest == "protocol") {
        try {
          datasets::parse_movielens_protocol(e.value);
        } catch (const std::invalid_argument& err) {
          throw ScenarioError(where_of(e) + ": data." + err.what());
        }
        sc.data_protocol = e.value;
      } else if (section == "data") {
        if (std::find(data_names.begin(), data_names.end(), rest) == data_names.end())
          throw ScenarioError(where_of(e) + ": unknown option data." + rest + did_you_mean(rest, data_names));
        sc.data.set(rest, e.value);
      } else if (section == "multitask" && rest == "tasks") {
        sc.tasks = datasets::split_task_list(e.value);
      } else if (section == "multitask" || section == "mmoe" || section == "ads" || section == "ad_data") {
        apply_data_override(key, e.value, {.multitask = &sc.multitask, .mmoe = &sc.mmoe, .ads = &sc.ads, .ad_data = &sc.ad_data});
      } else if (section == "titles") {
        sc.titles.set(rest, e.value);
      } else if (section == "align") {
        sc.align.set(rest, e.value);
      } else if (section == "inventory") {
        sc.inventory.set(rest, e.value);
      } else if (section == "forecast") {
        sc.forecast.set(rest, e.value);
      } else if (section == "eval") {
        if (rest == "exclude_history") {
          sc.eval.exclude_history = parse_bool(e);
        } else if (rest == "upload_age_buckets") {
          sc.eval.upload_age_buckets = parse_bucket_edges(e);
        } else if (rest == "online_days") {
          char* end = nullptr;
          const long long v = std::strtoll(e.value.c_str(), &end, 10);
          if (e.value.empty() || *end != '\0' || v < 0 || v > 3650)
            throw ScenarioError(where_of(e) + ": eval.online_days = '" + e.value + "': allowed an integer in [0, 3650] (0 = off)");
          sc.eval.online_days = v;
        } else if (rest == "head_share") {
          char* end = nullptr;
          const double v = std::strtod(e.value.c_str(), &end);
          if (e.value.empty() || *end != '\0' || !(v > 0 && v < 1))
            throw ScenarioError(where_of(e) + ": eval.head_share = '" + e.value + "': allowed a number in (0, 1) (share of training rows)");
          sc.eval.head_share = v;
        } else {
          throw ScenarioError(where_of(e) + ": unknown option eval." + rest +
                              did_you_mean(rest, {"exclude_history", "upload_age_buckets", "online_days", "head_share"}) +
                              "; allowed: exclude_history, upload_age_buckets, online_days, head_share");
        }
      } else if (section == "variant") {
        const auto vdot = rest.find('.');
        if (vdot == std::string::npos || rest.substr(vdot + 1).empty())
          throw ScenarioError(where_of(e) + ": expected variant.NAME.option, got '" + key + "'");
        variant_entries[rest.substr(0, vdot)].push_back(&e);
      } else {
        throw ScenarioError(where_of(e) + ": unknown section '[" + section + "]'" + did_you_mean(section, kSections) +
                            "; allowed: [sim], [data], [eval], [multitask], [mmoe], [inventory], [forecast], [ads], [ad_data], [titles], [align], [variant.NAME], "
                            "[scale.smoke], [scale.paper]");
      }
    } catch (const config::ConfigError& err) {
      throw ScenarioError(where_of(e) + ": " + err.what());
    }
  }
  if (settings.variant_order.empty()) throw ScenarioError(file + ": no [variant.NAME] section: nothing to run");
  for (const auto& name : settings.variant_order) {
    const IniEntry* algo = get("variant." + name + ".algorithm");
    if (!algo) {
      std::string known;
      for (const auto& n : registry.names()) known += (known.empty() ? "" : ", ") + n;
      throw ScenarioError(variant_entries[name].front()->where() + ": [variant." + name + "] has no 'algorithm = ...' (known: " + known + ")");
    }
    std::vector<const IniEntry*> opts;
    for (const IniEntry* e : variant_entries[name])
      if (e->key != "variant." + name + ".algorithm") opts.push_back(e);
    expand_variant(name, opts, algo, sc.task, registry, sc.variants);
  }
  try {
    sc.world.validate();
    sc.data.validate(sc.world.num_days);
  } catch (const config::ConfigError& err) {
    throw ScenarioError(file + ": " + err.what());
  }
  const bool forecast_sections = sc.inventory.to_text() != sim::InventoryConfig{}.to_text() || sc.forecast.to_text() != ForecastEvalConfig{}.to_text();
  if (sc.task != algorithms::Task::Forecast && forecast_sections)
    throw ScenarioError(file + ": the [inventory] and [forecast] sections are only for task = forecast");
  const bool alignment_sections = sc.titles.to_text() != sim::titles::TitleWorldConfig{}.to_text() || sc.align.to_text() != AlignConfig{}.to_text();
  if (sc.task != algorithms::Task::Alignment && alignment_sections)
    throw ScenarioError(file + ": the [titles] and [align] sections are only for task = alignment");
  if (sc.task == algorithms::Task::Alignment) {
    try {
      sc.titles.validate();
      sc.align.validate();
    } catch (const config::ConfigError& err) {
      throw ScenarioError(file + ": " + err.what());
    }
  }
  if (sc.task == algorithms::Task::Forecast) {
    try {
      sc.inventory.validate();
      // Series from a CSV file: their length is checked when the file is read.
      const bool csv = sc.data_source.rfind("csv:", 0) == 0;
      sc.forecast.validate(csv ? std::numeric_limits<std::int64_t>::max() / 4 : sc.inventory.num_days);
    } catch (const config::ConfigError& err) {
      throw ScenarioError(file + ": " + err.what());
    }
  }
  const bool multitask_source = sc.data_source == "mmoe_synthetic" || sc.data_source.rfind("adult:", 0) == 0;
  if (multitask_source && sc.task != algorithms::Task::MultiTask)
    throw ScenarioError(file + ": data.source = " + sc.data_source + " is only for multitask scenarios");
  if (sc.task != algorithms::Task::MultiTask && (get("multitask.tasks") || sc.multitask.to_text() != datasets::MultiTaskDataConfig{}.to_text()))
    throw ScenarioError(file + ": the [multitask] section is only for task = multitask");
  if (sc.data_source.rfind("movielens:", 0) == 0)
    for (const auto& m : sc.metrics) {
      if (m.rfind("oracle_", 0) == 0)
        throw ScenarioError(where_of(metrics) + ": metric '" + m + "': an oracle needs the simulated world's truth; MovieLens has none");
      else if (is_segmented_metric(m))
        throw ScenarioError(where_of(metrics) + ": metric '" + m +
                            "': segments (new, low, high) are the simulator's activity groups; MovieLens users have none");
    }
  if (sc.task == algorithms::Task::MultiTask) {
    try {
      sc.multitask.validate();
      sc.mmoe.validate();
    } catch (const config::ConfigError& err) {
      throw ScenarioError(file + ": " + err.what());
    }
    if (sc.data_source.rfind("movielens:", 0) == 0)
      throw ScenarioError(file + ": data.source = movielens:PATH is only for retrieval scenarios");
    const IniEntry* tasks_entry = get("multitask.tasks");
    try {
      if (sc.data_source == "mmoe_synthetic")
        datasets::resolve_task_list(sc.tasks, {"task1", "task2"}, {}, "data.source = mmoe_synthetic");
      else if (!sc.data_source.empty())
        datasets::resolve_task_list(sc.tasks, {"income", "never_married"}, {}, "data.source = adult");
      else
        datasets::resolve_task_list(sc.tasks, datasets::kVideoBehaviours, {}, "the video world");
    } catch (const std::invalid_argument& err) {
      throw ScenarioError((tasks_entry ? where_of(*tasks_entry) : file) + ": multitask.tasks: " + err.what());
    }
    if (sc.eval.online_days > 0) throw ScenarioError(file + ": eval.online_days is not available for multitask scenarios");
  } else if (sc.task == algorithms::Task::Forecast) {
    if (!sc.data_source.empty() && sc.data_source.rfind("csv:", 0) != 0)
      throw ScenarioError(file + ": data.source = " + sc.data_source + ": forecast scenarios read csv:PATH (daily series) or the inventory world (no source)");
  } else if (sc.data_source.rfind("csv:", 0) == 0) {
    throw ScenarioError(file + ": data.source = csv:PATH (daily series) is only for forecast scenarios");
  } else if (!sc.data_source.empty()) {
    if (sc.task != algorithms::Task::Retrieval) throw ScenarioError(file + ": data.source (real rating files) is only for retrieval scenarios");
    if (sc.eval.online_days > 0 || !sc.eval.upload_age_buckets.empty())
      throw ScenarioError(file + ": eval.online_days and eval.upload_age_buckets need the simulated world; not available with data.source");
  } else if (settings.by_key.count("data.protocol")) {
    throw ScenarioError(where_of(settings.by_key.at("data.protocol")) + ": data.protocol applies to data.source = movielens:PATH only");
  }
  for (const auto& m : sc.metrics)
    if (m.rfind("online_", 0) == 0 && sc.eval.online_days == 0)
      throw ScenarioError(where_of(metrics) + ": metric '" + m + "' needs [eval] online_days = N (days of simulated serving)");
  if (sc.eval.online_days > 0 && sc.task != algorithms::Task::Retrieval && sc.task != algorithms::Task::Ranking)
    throw ScenarioError(file + ": eval.online_days is only available for retrieval and ranking scenarios");
  for (const auto& v : sc.variants) {
    const auto d = sc.data_for(v);
    const std::int64_t first = d.train_days + d.validation_days, days = sc.world_for(v).num_days;
    if (sc.eval.online_days > 0 && first + sc.eval.online_days > days)
      throw ScenarioError(file + ": eval.online_days = " + std::to_string(sc.eval.online_days) +
                          " is out of range: serving starts after the training and validation days (day " + std::to_string(first) +
                          "), so allowed [0, " + std::to_string(days - first) + "] with sim.num_days = " + std::to_string(days));
  }
  for (const auto& m : sc.metrics)
    if (m.rfind("fresh_share@", 0) == 0 && sc.eval.upload_age_buckets.empty())
      throw ScenarioError(where_of(metrics) + ": metric '" + m + "' needs [eval] upload_age_buckets = ... (e.g. 0.5, 1, 2, 4)");
  bool ads_given = false;
  for (const auto& [key, e] : settings.by_key) ads_given = ads_given || key.rfind("ads.", 0) == 0 || key.rfind("ad_data.", 0) == 0;
  validate_multi_scenario_sections(sc, ads_given);
  if (settings.by_key.count("eval.head_share") && sc.task != algorithms::Task::MultiScenario)
    throw ScenarioError(where_of(settings.by_key.at("eval.head_share")) + ": eval.head_share is only for task = multiscenario");
  // [sim] overrides need the simulated video world: the ad world reuses its user model, the
  // title and inventory worlds and real data do not read it.
  const bool reads_video_world = sc.data_source.empty() && sc.task != algorithms::Task::Forecast && sc.task != algorithms::Task::Alignment;
  for (const auto& v : sc.variants) {
    if (v.data_overrides.empty()) continue;
    for (const auto& [key, value] : v.data_overrides)
      if (key.rfind("sim.", 0) == 0 && !reads_video_world)
        throw ScenarioError(v.where + ": [variant." + v.name + "] " + key + ": this scenario does not simulate the video world (" +
                            (sc.data_source.empty() ? std::string("task = ") + algorithms::task_name(sc.task) : "data.source = " + sc.data_source) +
                            "), so [sim] knobs cannot change its data");
    try {
      const sim::VideoWorldConfig world = sc.world_for(v);
      world.validate();
      sc.data_for(v).validate(world.num_days);
    } catch (const config::ConfigError& err) {
      throw ScenarioError(v.where + ": [variant." + v.name + "] with its data overrides: " + err.what());
    }
  }
  return sc;
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides, const std::string& scale,
                       const algorithms::Registry& registry) {
  std::ifstream f(path);
  if (!f) throw ScenarioError(path + ": cannot open scenario file");
  std::stringstream ss;
  ss << f.rdbuf();
  return load_scenario_text(ss.str(), path, overrides, scale, registry);
}

}  // namespace simrec::scenarios
