#pragma once
// A small video world and its ranking tables for the ranking algorithm tests (built once per
// process, about a second on two cores: 600 users, 6 training days capped at 60 impressions per
// user, one validation and one test day), and helpers that fit a registered ranking algorithm and
// score it with the harness's own evaluation.

#include <map>
#include <memory>
#include <string>

#include "algorithms/registry.hpp"
#include "datasets/video_datasets.hpp"
#include "retrieval_fixture.hpp"
#include "scenarios/evaluate.hpp"
#include "sim/world/world.hpp"

namespace simrec::testing {

inline const datasets::VideoDatasets& small_ranking_data() {
  static const datasets::VideoDatasets ds = [] {
    sim::VideoWorldConfig c;
    c.num_users = 600;
    c.num_videos = 500;
    c.num_channels = 50;
    c.num_days = 8;
    const sim::World world(c, 5);
    datasets::DatasetConfig d;
    d.train_days = 6;
    d.validation_days = 1;
    d.test_days = 1;
    d.ranking_impressions_per_user = 60;
    return datasets::build_video_datasets(world, d);
  }();
  return ds;
}

inline std::unique_ptr<algorithms::RankingAlgorithm> make_ranking(const std::string& name,
                                                                  const std::map<std::string, std::string>& options) {
  const auto& info = algorithms::registry().get(name);
  auto algo = info.make(algorithms::OptionValues(info.options, options, "test." + name));
  return std::unique_ptr<algorithms::RankingAlgorithm>(dynamic_cast<algorithms::RankingAlgorithm*>(algo.release()));
}

struct RankingFit {
  std::vector<float> scores;  // of the test rows
  std::map<std::string, double> metrics;
  RecordingLogger log;
};

inline RankingFit fit_and_score_ranking(const std::string& name, const std::map<std::string, std::string>& options = {},
                                        std::uint64_t seed = 11) {
  RankingFit r;
  auto algo = make_ranking(name, options);
  const auto& data = small_ranking_data();
  algo->fit(algorithms::make_train_view(data, seed), r.log);
  r.scores = algo->score(data.ranking_test);
  r.metrics = scenarios::evaluate_ranking(r.scores, algo->score_kind(), data.ranking_test, {"weighted_per_user_loss", "auc", "gauc"});
  return r;
}

}  // namespace simrec::testing
