// The one place algorithms are registered: one line each.
#include "algorithms/baselines/baselines.hpp"
#include "algorithms/factorization/factorization.hpp"
#include "algorithms/registry.hpp"
#include "algorithms/youtube_dnn/youtube_dnn.hpp"

namespace simrec::algorithms {

const Registry& registry() {
  static const Registry r = [] {
    Registry reg;
    reg.add(baselines::mostpop_info());
    reg.add(baselines::random_info());
    reg.add(baselines::item_knn_info());
    reg.add(baselines::rate_predictor_info());
    reg.add(factorization::wals_info());
    reg.add(factorization::bpr_info());
    reg.add(youtube_dnn::candidate_generator_info());
    reg.add(youtube_dnn::ranker_info());
    return reg;
  }();
  return r;
}

}  // namespace simrec::algorithms
