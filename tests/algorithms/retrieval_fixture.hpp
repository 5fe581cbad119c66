#pragma once
// A small video world and its datasets for the retrieval algorithm tests (built once per process,
// in about a second on two cores), and helpers that fit a registered algorithm and score it with
// the harness's own evaluation (first test watch per user, history excluded).

#include <map>
#include <string>

#include "algorithms/registry.hpp"
#include "support/recording_logger.hpp"
#include "datasets/video_datasets.hpp"
#include "scenarios/evaluate.hpp"
#include "sim/world/world.hpp"

namespace simrec::testing {

inline const datasets::VideoDatasets& small_retrieval_data() {
  static const datasets::VideoDatasets ds = [] {
    sim::VideoWorldConfig c;
    c.num_users = 1200;
    c.num_videos = 1200;
    c.num_channels = 100;
    c.num_days = 9;
    const sim::World world(c, 7);
    datasets::DatasetConfig d;
    d.train_days = 7;
    d.validation_days = 1;
    d.test_days = 1;
    d.retrieval_samples_per_user = 10;
    return datasets::build_video_datasets(world, d);
  }();
  return ds;
}

inline const datasets::RetrievalSamples& small_queries() {
  static const datasets::RetrievalSamples q = scenarios::first_test_row_per_user(small_retrieval_data().retrieval_test);
  return q;
}


inline std::unique_ptr<algorithms::RetrievalAlgorithm> make_retrieval(const std::string& name,
                                                                      const std::map<std::string, std::string>& options) {
  const auto& info = algorithms::registry().get(name);
  auto algo = info.make(algorithms::OptionValues(info.options, options, "test." + name));
  return std::unique_ptr<algorithms::RetrievalAlgorithm>(dynamic_cast<algorithms::RetrievalAlgorithm*>(algo.release()));
}

struct FitResult {
  double recall_at_10 = 0;
  algorithms::RankedLists lists;
  RecordingLogger log;
};

inline FitResult fit_and_score(const std::string& name, const std::map<std::string, std::string>& options = {}) {
  FitResult r;
  auto algo = make_retrieval(name, options);
  algo->fit(algorithms::make_train_view(small_retrieval_data(), 11), r.log);
  algo->recommend(small_queries(), 10, true, r.lists);
  r.recall_at_10 = scenarios::evaluate_retrieval(r.lists, small_queries(), {"recall@10"}).at("recall@10");
  return r;
}

}  // namespace simrec::testing
