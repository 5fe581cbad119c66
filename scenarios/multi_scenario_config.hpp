#pragma once
// The sections of a task = multiscenario scenario (SPEC §3 ad world, §6 AdaScene):
//
//   [ads]      the ad world's knobs (sim/ads/config.hpp, ad_world_knobs(); `simrec list ads`):
//              users, days, scenarios = channels x apps x formats x time slots, traffic, base
//              CTR, hidden groups, click weights, inventory. The user model's remaining knobs
//              (demographics, regions, ...) come from [sim] (sim/ads/ad_world.hpp).
//   [ad_data]  how the click log becomes tables (datasets/ad_samples.hpp; `simrec list ad_data`):
//              train_days, validation_days, test_days (consecutive, must fit in ads.num_days),
//              user_vocabulary, ad_vocabulary, merchant_vocabulary (0: every id seen in training),
//              interest_tags (0 / 1: the user fields interest_tag_1, interest_tag_2) and
//              interest_tag_noise (default 0.2, [0, 1]).
//   [eval]     head_share (multiscenario only, default 0.5): the head scenarios are the most
//              trafficked ones by training rows whose rows together first reach this share of
//              all training rows (evaluate_multi_scenario.hpp); the rest are the tail.
//
// Variants override both sections like [data] ("ads.num_groups = 4, 16" in a variant: a grid);
// variants with equal resolved [ads] + [ad_data] share one world and one build of the tables per
// seed (seed pairing).

#include <cstdint>
#include <span>
#include <string>

#include "datasets/ad_samples.hpp"
#include "sim/config/knob.hpp"

namespace simrec::scenarios {

struct Scenario;

// The [ad_data] knob table over datasets::AdSampleConfig (num_threads, first_user and num_users
// are not scenario knobs: every user of the world is used).
std::span<const config::Knob<datasets::AdSampleConfig>> ad_data_knobs();
std::string ad_data_to_text(const datasets::AdSampleConfig& c);

// Checks [ads] and [ad_data] of a multiscenario scenario and of each variant's overrides (the
// split must fit in ads.num_days), and that the other tasks use neither section. Throws
// ScenarioError naming the file (and variant), section.knob and the allowed range.
void validate_multi_scenario_sections(const Scenario& sc, bool ads_given);

}  // namespace simrec::scenarios
