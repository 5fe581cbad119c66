#pragma once
// Feature normalisers, fitted on the training split only and applied unchanged to every split.
//
// QuantileNormaliser (the YouTube ranking recipe, SPEC §6): knots q_0..q_B are the training values
// at ranks round(i (n - 1) / B); a value x maps to x~ = (i + (x - q_i) / (q_{i+1} - q_i)) / B for
// q_i <= x < q_{i+1} (i the last knot <= x), 0 below q_0 and 1 - 2^-24 at or above q_B, so
// x~ is in [0, 1) and approximates the training CDF. Repeated knots (point masses such as counts of
// 0) map to the position of their last copy.
// ZScoreNormaliser: (x - mean) / sd with the training mean and population sd (sd 0 -> 1).

#include <cstdint>
#include <span>
#include <vector>

namespace simrec::datasets {

class QuantileNormaliser {
 public:
  QuantileNormaliser() = default;
  static QuantileNormaliser fit(std::span<const float> training_values, std::size_t bins);
  static QuantileNormaliser from_knots(std::vector<float> knots) {
    QuantileNormaliser q;
    q.knots_ = std::move(knots);
    return q;
  }
  float transform(float x) const;
  void transform(std::span<const float> in, std::span<float> out) const;
  std::span<const float> knots() const { return knots_; }

 private:
  std::vector<float> knots_;
};

class ZScoreNormaliser {
 public:
  static ZScoreNormaliser fit(std::span<const float> training_values);
  static ZScoreNormaliser from_moments(double mean, double sd) {
    ZScoreNormaliser z;
    z.mean_ = mean;
    z.sd_ = sd;
    return z;
  }
  float transform(float x) const { return float((x - mean_) / sd_); }
  double mean() const { return mean_; }
  double sd() const { return sd_; }

 private:
  double mean_ = 0, sd_ = 1;
};

}  // namespace simrec::datasets
