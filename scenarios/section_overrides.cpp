#include "scenarios/section_overrides.hpp"

#include <algorithm>
#include <vector>

#include "algorithms/options.hpp"
#include "scenarios/ini.hpp"
#include "scenarios/multi_scenario_config.hpp"

namespace simrec::scenarios {

namespace {

const std::vector<std::string> kOverridable = {"sim", "data", "multitask", "mmoe", "ads", "ad_data"};

template <class Config>
void set_checked(const std::string& key, const std::string& section, const std::string& knob, const std::string& value,
                 std::span<const config::Knob<Config>> knobs, Config* target) {
  std::vector<std::string> names;
  for (const auto& k : knobs) names.emplace_back(k.name);
  if (std::find(names.begin(), names.end(), knob) == names.end())
    throw ScenarioError("unknown option " + key + algorithms::did_you_mean(knob, names) + " (variants may override [" + section +
                        "] knobs; simrec list " + section + " shows them)");
  Config scratch;
  config::set_knob<Config>(target ? *target : scratch, knobs, section, knob, value);
}

}  // namespace

bool is_data_override(const std::string& key) {
  const auto dot = key.find('.');
  return dot != std::string::npos && std::find(kOverridable.begin(), kOverridable.end(), key.substr(0, dot)) != kOverridable.end();
}

void apply_data_override(const std::string& key, const std::string& value, const OverrideTargets& t) {
  const auto dot = key.find('.');
  const std::string section = key.substr(0, dot), knob = key.substr(dot + 1);
  if (section == "sim")
    set_checked(key, section, knob, value, sim::video_world_knobs(), t.world);
  else if (section == "data")
    set_checked(key, section, knob, value, datasets::dataset_knobs(), t.data);
  else if (section == "multitask")
    set_checked(key, section, knob, value, datasets::multitask_data_knobs(), t.multitask);
  else if (section == "mmoe")
    set_checked(key, section, knob, value, sim::mmoe_synthetic_knobs(), t.mmoe);
  else if (section == "ads")
    set_checked(key, section, knob, value, sim::ads::ad_world_knobs(), t.ads);
  else if (section == "ad_data")
    set_checked(key, section, knob, value, ad_data_knobs(), t.ad_data);
  else
    throw ScenarioError("'" + key + "' is not a data-section knob" + algorithms::did_you_mean(section, kOverridable) +
                        "; allowed sections: sim, data, multitask, mmoe, ads, ad_data");
}

}  // namespace simrec::scenarios
