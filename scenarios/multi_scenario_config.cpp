#include "scenarios/multi_scenario_config.hpp"

#include <vector>

#include "scenarios/ini.hpp"
#include "scenarios/scenario.hpp"

namespace simrec::scenarios {

namespace {

using C = datasets::AdSampleConfig;

const std::vector<config::Knob<C>>& table() {
  static const std::vector<config::Knob<C>> t = {
      SIMREC_KNOB(C, train_days, 1, 3650, "days [0, train_days) of the ad log are the training split"),
      SIMREC_KNOB(C, validation_days, 0, 3650, "the next days are the validation split (early stopping; 0: none)"),
      SIMREC_KNOB(C, test_days, 1, 3650, "the next days are the test split (metrics)"),
      SIMREC_KNOB(C, user_vocabulary, 0, 1e9, "user ids kept (most frequent in training first; the rest share the OOV bucket); 0: all"),
      SIMREC_KNOB(C, ad_vocabulary, 0, 1e9, "ad ids kept, as user_vocabulary; 0: all"),
      SIMREC_KNOB(C, merchant_vocabulary, 0, 1e9, "merchant ids kept, as user_vocabulary; 0: all"),
      SIMREC_KNOB(C, interest_tags, 0, 1,
                  "1: add the user fields interest_tag_1, interest_tag_2 = the sub-genres s1, s2 of the user's personal taste (noisy)"),
      SIMREC_KNOB(C, interest_tag_noise, 0, 1, "probability that an interest tag is replaced by a uniformly drawn sub-genre"),
  };
  return t;
}

void check_split(const C& d, const sim::ads::AdWorldConfig& ads, const std::string& where) {
  try {
    config::check_knobs<C>(d, ad_data_knobs(), "ad_data");
    ads.validate();
  } catch (const config::ConfigError& e) {
    throw ScenarioError(where + ": " + e.what());
  }
  const std::int64_t days = d.train_days + d.validation_days + d.test_days;
  if (days > ads.num_days)
    throw ScenarioError(where + ": ad_data.train_days + ad_data.validation_days + ad_data.test_days = " + std::to_string(days) +
                        " is out of range: allowed at most ads.num_days = " + std::to_string(ads.num_days));
}

}  // namespace

std::span<const config::Knob<datasets::AdSampleConfig>> ad_data_knobs() { return table(); }

std::string ad_data_to_text(const datasets::AdSampleConfig& c) { return config::knobs_to_text<C>(c, ad_data_knobs()); }

void validate_multi_scenario_sections(const Scenario& sc, bool ads_given) {
  const bool multi = sc.task == algorithms::Task::MultiScenario;
  if (!multi) {
    bool overrides = false;
    for (const auto& v : sc.variants)
      for (const auto& [key, value] : v.data_overrides) overrides = overrides || key.rfind("ads.", 0) == 0 || key.rfind("ad_data.", 0) == 0;
    if (ads_given || overrides) throw ScenarioError(sc.file + ": the [ads] and [ad_data] sections are only for task = multiscenario");
    return;
  }
  check_split(sc.ad_data, sc.ads, sc.file);
  for (const auto& v : sc.variants)
    if (!v.data_overrides.empty()) check_split(sc.ad_data_for(v), sc.ads_for(v), v.where + ": [variant." + v.name + "] with its data overrides");
}

}  // namespace simrec::scenarios
