#pragma once
// The non-learned baselines every benchmark has (SPEC §6, factorization baseline paragraph):
//   mostpop        retrieval: the most watched training videos (optionally in the last N days)
//   random         retrieval: uniformly random videos (seeded per query)
//   itemknn        retrieval: item-to-item co-watch cosine; user score = sum of the similarities
//                  of the candidate to the user's recent watches
//   rate           ranking: global click rate, or per-video click rate smoothed toward it
#include "algorithms/registry.hpp"

namespace simrec::algorithms::baselines {

AlgorithmInfo mostpop_info();
AlgorithmInfo random_info();
AlgorithmInfo item_knn_info();
AlgorithmInfo rate_predictor_info();

}  // namespace simrec::algorithms::baselines
