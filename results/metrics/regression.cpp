#include "results/metrics/regression.hpp"

#include <cmath>
#include <stdexcept>

#include "results/metrics/check.hpp"

namespace simrec::metrics {

double mse(std::span<const float> y, std::span<const float> pred) {
  detail::check_same_length("mse", y.size(), pred.size());
  detail::check_nonempty("mse", y.size());
  double acc = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double d = double(y[i]) - pred[i];
    acc += d * d;
  }
  return acc / double(y.size());
}

double mae(std::span<const float> y, std::span<const float> pred) {
  detail::check_same_length("mae", y.size(), pred.size());
  detail::check_nonempty("mae", y.size());
  double acc = 0;
  for (std::size_t i = 0; i < y.size(); ++i) acc += std::fabs(double(y[i]) - pred[i]);
  return acc / double(y.size());
}

double wmape(std::span<const float> y, std::span<const float> pred) {
  detail::check_same_length("wmape", y.size(), pred.size());
  double err = 0, total = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    err += std::fabs(double(y[i]) - pred[i]);
    total += std::fabs(double(y[i]));
  }
  if (total == 0) throw std::invalid_argument("wmape: sum of |actual| is zero");
  return err / total;
}

double smape(std::span<const float> y, std::span<const float> pred) {
  detail::check_same_length("smape", y.size(), pred.size());
  detail::check_nonempty("smape", y.size());
  double acc = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double den = std::fabs(double(y[i])) + std::fabs(double(pred[i]));
    if (den > 0) acc += 2 * std::fabs(double(y[i]) - pred[i]) / den;
  }
  return acc / double(y.size());
}

}  // namespace simrec::metrics
