#pragma once
// Metrics of real-valued predictions (watch time, completion ratio, forecasts).
//
//   mse  = mean (y - y^)^2                 mae = mean |y - y^|
//   wmape = sum |y - y^| / sum |y|         (the forecasting article's metric; throws if sum|y| = 0)
//   smape = mean 2 |y - y^| / (|y| + |y^|), a term with y = y^ = 0 counting 0

#include <span>

namespace simrec::metrics {

double mse(std::span<const float> y, std::span<const float> pred);
double mae(std::span<const float> y, std::span<const float> pred);
double wmape(std::span<const float> y, std::span<const float> pred);
double smape(std::span<const float> y, std::span<const float> pred);

}  // namespace simrec::metrics
