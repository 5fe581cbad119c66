#pragma once
// Inventory forecasting (article 003; SPEC §6): the LSTM window forecaster with K-means scale
// groups and online incremental training (`lstm_forecast`), and the baselines it is compared with:
// total traffic x targeting ratio (`ratio_forecast`, the method the article replaced) and the
// seasonal naive forecast (`seasonal_naive`, same weekday last week). The no-clustering single
// model is `lstm_forecast` with num_groups = 1.
#include "algorithms/registry.hpp"

namespace simrec::algorithms::forecast {

AlgorithmInfo lstm_forecast_info();
AlgorithmInfo seasonal_naive_info();
AlgorithmInfo ratio_forecast_info();

}  // namespace simrec::algorithms::forecast
