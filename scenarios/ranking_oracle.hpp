#pragma once
// Oracle references for ranking metrics (SPEC §1: the harness alone may ask the simulator for
// ground truth). The harness scores the test impressions with the world's hidden truth, so a
// scenario's table shows what a perfect click model and a perfect watch-time model reach on the
// same rows, next to the learned rankers:
//   Click  P(click | user, video, t, history) at position 1 (BehaviourModel::click_probability
//          with the row's observable history features; the slate position left out, as the
//          rankers leave it out by default)
//   Watch  Click x E[watch seconds | click] (BehaviourModel::expected_watch): the expected watch
//          time of the impression, the quantity weighted logistic regression estimates
// The history features are read back from the row's raw continuous columns (channel watches,
// hours since the topic's last watch, earlier impressions of the video), exactly the values the
// simulator used. Metrics: oracle_click_weighted_per_user_loss, oracle_watch_weighted_per_user_loss
// (the same for every variant of a seed: they depend on the data only).

#include <vector>

#include "datasets/ranking_samples.hpp"
#include "sim/world/world.hpp"

namespace simrec::scenarios {

enum class OracleScore { Click, Watch };

std::vector<float> oracle_scores(const sim::World& world, const datasets::RankingSamples& rows, OracleScore kind);

}  // namespace simrec::scenarios
