#include "results/stats/paired_t_test.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "results/stats/summary.hpp"

namespace simrec::stats {

TTestResult one_sample_t_test(std::span<const double> d) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  TTestResult r;
  r.n = d.size();
  r.mean_difference = mean(d);
  r.std_difference = sample_std(d);
  if (r.n < 2) {
    r.t = r.df = r.p_value = kNaN;
    return r;
  }
  r.df = double(r.n - 1);
  if (r.std_difference == 0) {
    r.t = r.mean_difference == 0 ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), r.mean_difference);
    r.p_value = r.mean_difference == 0 ? 1.0 : 0.0;
    return r;
  }
  r.t = r.mean_difference / (r.std_difference / std::sqrt(double(r.n)));
  if (!std::isfinite(r.t)) {
    r.p_value = std::isnan(r.t) ? kNaN : 0.0;
    return r;
  }
  const boost::math::students_t dist(r.df);
  r.p_value = std::min(1.0, 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(r.t))));
  return r;
}

TTestResult paired_t_test(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size())
    throw std::invalid_argument("paired_t_test: samples differ in length (" + std::to_string(a.size()) + " vs " +
                                std::to_string(b.size()) + ")");
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  return one_sample_t_test(d);
}

}  // namespace simrec::stats
