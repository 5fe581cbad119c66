#pragma once
// Serving a trained retrieval algorithm inside the simulator (SPEC §3 online simulation, §6): a
// sim::SlatePolicy that, for every feed page a user opens, turns the user's observable state into
// one query row exactly shaped like the dataset's test rows and shows the algorithm's top
// slate_size videos, history excluded, best first (propensity 1: a deterministic policy).
//
// The query row (datasets/retrieval_samples.hpp): history = the user's watches so far, the last
// data.max_history, mapped to the video vocabulary (videos outside it -> the OOV bucket); search
// tokens = unigrams then bigrams (when data.use_bigrams) of each earlier search, the last
// data.max_search_tokens, mapped to the token vocabulary; demographics as observed; age_real =
// (age bucket + 1/2) / 6; example age 0 (serving). Videos uploaded after training are outside the
// vocabulary and are never shown: the limit of any model trained on the window.
//
// The simulator calls recommend() from several threads; algorithms are not required to be
// thread-safe, so calls are serialised by a mutex (the rest of the simulation stays parallel).
// Each call's result depends only on the request, so runs are reproducible for any thread count.

#include <mutex>

#include "algorithms/algorithm.hpp"
#include "datasets/video_datasets.hpp"
#include "sim/world/slate_policy.hpp"

namespace simrec::scenarios {

class RetrievalSlatePolicy final : public sim::SlatePolicy {
 public:
  RetrievalSlatePolicy(algorithms::RetrievalAlgorithm& algorithm, const datasets::VideoDatasets& data,
                       const datasets::DatasetConfig& config)
      : algorithm_(&algorithm), data_(&data), config_(config) {}

  void recommend(const sim::SlateRequest& request, random::Rng& rng, std::vector<sim::SlateItem>& out) const override;

  // The query row of a request (exposed for tests).
  datasets::RetrievalSamples query_row(const sim::SlateRequest& request) const;

 private:
  algorithms::RetrievalAlgorithm* algorithm_;
  const datasets::VideoDatasets* data_;
  datasets::DatasetConfig config_;
  mutable std::mutex mutex_;
};

}  // namespace simrec::scenarios
