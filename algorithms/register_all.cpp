// The one place algorithms are registered: one line each.
#include "algorithms/adascene/adascene.hpp"
#include "algorithms/alignment/methods.hpp"
#include "algorithms/baselines/baselines.hpp"
#include "algorithms/factorization/factorization.hpp"
#include "algorithms/forecast/forecast.hpp"
#include "algorithms/multitask/multitask.hpp"
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
    reg.add(multitask::single_task_info());
    reg.add(multitask::shared_bottom_info());
    reg.add(multitask::mmoe_info());
    reg.add(multitask::cgc_info());
    reg.add(multitask::ple_info());
    reg.add(multitask::mfh_info());
    reg.add(forecast::lstm_forecast_info());
    reg.add(forecast::seasonal_naive_info());
    reg.add(forecast::ratio_forecast_info());
    reg.add(adascene::ada_base_info());
    reg.add(adascene::aktn_info());
    reg.add(adascene::scenario_blind_info());
    reg.add(adascene::per_scenario_info());
    reg.add(adascene::ada_aggregated_info());
    reg.add(youtube_dnn::ranker_info());
    reg.add(alignment::sft_policy_info());
    reg.add(alignment::dpo_info());
    reg.add(alignment::ipo_info());
    reg.add(alignment::kto_info());
    reg.add(alignment::kton_info());
    reg.add(alignment::dpo_penalty_info());
    return reg;
  }();
  return r;
}

}  // namespace simrec::algorithms
