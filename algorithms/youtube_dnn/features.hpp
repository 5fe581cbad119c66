#pragma once
// Inputs of the YouTube candidate generator (SPEC §6; article 000 §3.3), per retrieval row:
//   watches       mean of the embeddings of the last `max_watches` watched videos (order dropped)
//   searches      mean of the embeddings of the last `max_search_tokens` search tokens (unigrams
//                 and bigrams, as the dataset wrote them; order dropped)
//   example_age   x = example_age_days / A, fed as x, x^2, sqrt(x) (A = the largest training
//                 example age, so x is in [0, 1]; training rows: t_max - t_example; serving: 0)
//   demographics  embedded region and device, and the reals gender, logged-in, age in [0, 1]
// Out-of-vocabulary ids are zero vectors (the engine's embedding-bag rule), and an empty bag is
// the zero vector. Which groups feed the network is the `features` option: a '+'-joined subset
// of the four names, in the order above.

#include <cstdint>
#include <string>
#include <vector>

#include "datasets/retrieval_samples.hpp"
#include "nn/core/tensor.hpp"

namespace simrec::algorithms::youtube_dnn {

struct FeatureSet {
  bool watches = true, searches = false, example_age = false, demographics = false;

  // "watches+searches" -> {true, true, false, false}; throws std::invalid_argument otherwise.
  static FeatureSet parse(const std::string& text);
  std::string name() const;
  // Every valid option value (the 15 non-empty subsets), smallest first.
  static std::vector<std::string> all_names();
};

inline constexpr int kDemographicReals = 3;  // gender, logged_in, age
inline constexpr int kExampleAgeReals = 3;   // x, x^2, sqrt(x)

// One batch of inputs, laid out for the engine's ops.
struct InputBatch {
  std::size_t size = 0;
  std::vector<std::int64_t> watch_ids, watch_offsets{0};
  std::vector<std::int64_t> token_ids, token_offsets{0};
  std::vector<std::int64_t> region, device;
  nn::Tensor reals;  // [B, number of real inputs] (undefined when there are none)
};

struct BatchLimits {
  std::size_t max_watches = 50, max_search_tokens = 50;
  double example_age_scale_days = 1.0;  // A
};

// Inputs of rows `rows` of `samples`. serving_age_days >= 0 replaces every row's example age
// (serving: 0); a negative value keeps the rows' own ages (training).
InputBatch make_batch(const datasets::RetrievalSamples& samples, const std::vector<std::size_t>& rows, const FeatureSet& features,
                      const BatchLimits& limits, double serving_age_days);

int real_inputs(const FeatureSet& f);

}  // namespace simrec::algorithms::youtube_dnn
