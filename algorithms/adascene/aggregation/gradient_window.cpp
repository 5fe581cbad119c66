#include "algorithms/adascene/aggregation/gradient_window.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

#include "nn/core/autograd.hpp"
#include "nn/ops/matmul.hpp"

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

void check_table_window(std::size_t K, const char* method) {
  if (K <= kMaxTableWindow) return;
  throw std::runtime_error(std::string("ada_aggregated (") + method + "): an affinity window over " + std::to_string(K) +
                           " scenarios would hold " + std::to_string(K * (K - 1)) + " scenario pairs in the pair table (at most " +
                           std::to_string(kMaxTableWindow) +
                           " scenarios per window); with more scenarios use grouping = lookahead with one window over all of stage 1 "
                           "(affinity_window >= the measured steps), which streams its pairs (above partition_merge_limit scenarios only those with the head)");
}

GramRows::GramRows(const std::map<std::uint32_t, GradientWindow::Mean>& means, const std::vector<std::size_t>& columns)
    : K_(std::int64_t(means.size())) {
  if (K_ == 0) return;
  P_ = std::int64_t(means.begin()->second.gradient.size());
  all_ = nn::Tensor::empty({K_, P_}, nn::DType::F64);
  double* out = all_.data<double>();
  for (const auto& [s, m] : means) {
    std::memcpy(out, m.gradient.data(), sizeof(double) * std::size_t(P_));
    out += P_;
  }
  if (columns.empty()) {
    columns_ = all_;
    C_ = K_;
    return;
  }
  C_ = std::int64_t(columns.size());
  columns_ = nn::Tensor::empty({C_, P_}, nn::DType::F64);
  for (std::int64_t c = 0; c < C_; ++c)
    std::memcpy(columns_.data<double>() + c * P_, all_.data<double>() + std::int64_t(columns[std::size_t(c)]) * P_, sizeof(double) * std::size_t(P_));
}

std::vector<double> GramRows::rows(std::int64_t first, std::int64_t count) const {
  const nn::NoGradGuard no_grad;
  const nn::Tensor block = nn::Tensor::empty({count, P_}, nn::DType::F64);
  std::memcpy(block.data<double>(), all_.data<double>() + first * P_, sizeof(double) * std::size_t(count * P_));
  const nn::Tensor product = nn::matmul_t(block, columns_);
  const double* p = product.data<double>();
  return std::vector<double>(p, p + count * C_);
}

}  // namespace simrec::algorithms::adascene::aggregation
