#pragma once
// Oracle references for retrieval metrics (SPEC §1: only the harness asks the simulator for
// ground truth). Each test query is answered with a top-K list over the video vocabulary ranked by
// the world's browse utility at the query's time (sim/world/user_simulator.hpp),
//   s(v) = a[g] log attention(v, t) + beta[g] <x_u, v*>,
// with the user's activity group g and x_u by kind:
//   popularity   x_u = 0: the true time-dependent popularity alone (what no personalisation and a
//                perfect example-age model reach)
//   demographic  x_u = alpha f(demo): the demographic part of the user's interest, scaled by
//                alpha = mean over the test users of <u*, f(demo)> (the least-squares scale of u* on
//                the unit f): what perfect use of the demographics alone reaches
//   taste        x_u = u*: the full interest vector
// The similarity to the last watch, the drift, search intents and series are left out, so these
// are references for the features' headroom, not upper bounds. Unreleased videos are never
// listed; history is excluded when eval.exclude_history is set, as for the algorithms.
// Metric names: "oracle_<kind>.<top-K metric>", e.g. oracle_demographic.map@10:new; the same for
// every variant of a seed (they depend on the data only).

#include <map>
#include <string>
#include <vector>

#include "algorithms/algorithm.hpp"
#include "datasets/video_datasets.hpp"
#include "sim/world/world.hpp"

namespace simrec::scenarios {

enum class RetrievalOracle { Popularity, Demographic, Taste };

// "oracle_taste.map@10" -> true with kind and "map@10"; other names -> false.
bool parse_retrieval_oracle(const std::string& metric, RetrievalOracle* kind, std::string* rest);

algorithms::RankedLists retrieval_oracle_lists(const sim::World& world, const datasets::VideoDatasets& data,
                                               const datasets::RetrievalSamples& queries, RetrievalOracle kind, int k,
                                               bool exclude_history);

// Every oracle_* metric of `metrics`, computed on `queries`.
std::map<std::string, double> retrieval_oracle_metrics(const sim::World& world, const datasets::VideoDatasets& data,
                                                       const datasets::RetrievalSamples& queries,
                                                       const std::vector<std::string>& metrics, bool exclude_history);

}  // namespace simrec::scenarios
