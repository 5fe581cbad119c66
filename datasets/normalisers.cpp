#include "datasets/normalisers.hpp"

#include <algorithm>
#include <cmath>

namespace simrec::datasets {

QuantileNormaliser QuantileNormaliser::fit(std::span<const float> values, std::size_t bins) {
  QuantileNormaliser q;
  if (values.empty() || bins == 0) return q;
  std::vector<float> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  q.knots_.resize(bins + 1);
  for (std::size_t i = 0; i <= bins; ++i) {
    const std::size_t rank = std::size_t(std::llround(double(i) * double(n - 1) / double(bins)));
    q.knots_[i] = sorted[rank];
  }
  return q;
}

float QuantileNormaliser::transform(float x) const {
  constexpr float kBelowOne = 1.0f - 1.0f / 16777216.0f;
  if (knots_.empty()) return 0.0f;
  const std::size_t bins = knots_.size() - 1;
  if (x < knots_.front()) return 0.0f;
  if (x >= knots_.back() || bins == 0) return kBelowOne;
  const std::size_t i = std::size_t(std::upper_bound(knots_.begin(), knots_.end(), x) - knots_.begin()) - 1;
  const double lo = knots_[i], hi = knots_[i + 1];
  const double frac = hi > lo ? (double(x) - lo) / (hi - lo) : 0.0;
  return std::min(kBelowOne, float((double(i) + frac) / double(bins)));
}

void QuantileNormaliser::transform(std::span<const float> in, std::span<float> out) const {
  for (std::size_t i = 0; i < in.size(); ++i) out[i] = transform(in[i]);
}

ZScoreNormaliser ZScoreNormaliser::fit(std::span<const float> values) {
  ZScoreNormaliser z;
  if (values.empty()) return z;
  double sum = 0;
  for (float v : values) sum += v;
  z.mean_ = sum / double(values.size());
  double ss = 0;
  for (float v : values) ss += (v - z.mean_) * (v - z.mean_);
  const double sd = std::sqrt(ss / double(values.size()));
  z.sd_ = sd > 0 ? sd : 1.0;
  return z;
}

}  // namespace simrec::datasets
