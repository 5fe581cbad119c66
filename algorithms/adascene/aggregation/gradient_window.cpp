#include "algorithms/adascene/aggregation/gradient_window.hpp"

namespace simrec::algorithms::adascene::aggregation {

void GradientWindow::add(std::uint32_t scenario, double rows, const std::vector<float>& gradient, double loss) {
  Mean& m = sums_[scenario];
  if (m.gradient.empty()) m.gradient.assign(gradient.size(), 0.0);
  for (std::size_t k = 0; k < gradient.size(); ++k) m.gradient[k] += rows * double(gradient[k]);
  m.rows += rows;
  m.loss += rows * loss;
}

std::map<std::uint32_t, GradientWindow::Mean> GradientWindow::take(bool centre) {
  std::map<std::uint32_t, Mean> means;
  means.swap(sums_);
  for (auto& [s, m] : means) {
    for (double& v : m.gradient) v /= m.rows;
    m.loss /= m.rows;
  }
  if (centre && !means.empty()) {
    std::vector<double> mean(means.begin()->second.gradient.size(), 0.0);
    double rows = 0;
    for (const auto& [s, m] : means) {
      for (std::size_t k = 0; k < mean.size(); ++k) mean[k] += m.rows * m.gradient[k];
      rows += m.rows;
    }
    for (double& v : mean) v /= rows;
    for (auto& [s, m] : means)
      for (std::size_t k = 0; k < mean.size(); ++k) m.gradient[k] -= mean[k];
  }
  return means;
}

}  // namespace simrec::algorithms::adascene::aggregation
