#pragma once
// Knobs of the world and data sections that a variant may override for itself ("data.KNOB = v"
// inside [variant.NAME]; the scenario's own [multitask], [mmoe], [ads] and [ad_data] sections go
// through the same path). One place knows which sections these are, which knob tables check them,
// and how an unknown knob is reported (with a did-you-mean suggestion).
//
//   sim.KNOB        sim::VideoWorldConfig            ([sim], sim/world/config.hpp): the variant
//                   runs on its own world, built from the same seed
//   data.KNOB       datasets::DatasetConfig          ([data], dataset_config.hpp)
//   multitask.KNOB  datasets::MultiTaskDataConfig    ([multitask], multitask_config.hpp)
//   mmoe.KNOB       sim::MmoeSyntheticConfig         ([mmoe], sim/synthetic/mmoe_tasks.hpp)
//   ads.KNOB        sim::ads::AdWorldConfig          ([ads], sim/ads/config.hpp)
//   ad_data.KNOB    datasets::AdSampleConfig         ([ad_data], multi_scenario_config.hpp)

#include <string>

#include "datasets/ad_samples.hpp"
#include "datasets/dataset_config.hpp"
#include "datasets/multitask_config.hpp"
#include "sim/ads/config.hpp"
#include "sim/synthetic/mmoe_tasks.hpp"
#include "sim/world/config.hpp"

namespace simrec::scenarios {

// The configs an override may land in; a null target means "check only" for that section.
struct OverrideTargets {
  sim::VideoWorldConfig* world = nullptr;
  datasets::DatasetConfig* data = nullptr;
  datasets::MultiTaskDataConfig* multitask = nullptr;
  sim::MmoeSyntheticConfig* mmoe = nullptr;
  sim::ads::AdWorldConfig* ads = nullptr;
  datasets::AdSampleConfig* ad_data = nullptr;
};

// Whether `key` ("section.knob") names one of the overridable sections above.
bool is_data_override(const std::string& key);

// Sets `key` = `value` on the target of its section (or on a scratch config when the target is
// null). An unknown knob throws ScenarioError naming section.knob with a suggestion; a malformed
// or out-of-range value throws config::ConfigError naming section.knob and the allowed range.
void apply_data_override(const std::string& key, const std::string& value, const OverrideTargets& targets);

}  // namespace simrec::scenarios
