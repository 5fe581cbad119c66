#pragma once
// YouTube DNN (article 000; SPEC §6). Candidate generation: `youtube_dnn` (retrieval); ranking:
// `youtube_rank` (ranker_model.hpp, ranker.cpp).
#include "algorithms/registry.hpp"

namespace simrec::algorithms::youtube_dnn {

AlgorithmInfo candidate_generator_info();
AlgorithmInfo ranker_info();

}  // namespace simrec::algorithms::youtube_dnn
