#pragma once
// YouTube DNN (article 000; SPEC §6). Candidate generation: `youtube_dnn` (retrieval).
#include "algorithms/registry.hpp"

namespace simrec::algorithms::youtube_dnn {

AlgorithmInfo candidate_generator_info();

}  // namespace simrec::algorithms::youtube_dnn
