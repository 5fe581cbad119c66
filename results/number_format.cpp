#include "results/number_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace simrec::results {

namespace {
std::string printf_string(const char* fmt, int precision, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, precision, x);
  return buf;
}
// a + sep + b, appended in place (GCC 12 warns falsely, -Wrestrict, on "literal" + std::string&&).
std::string join_with(std::string a, const char* sep, const std::string& b) {
  a += sep;
  a += b;
  return a;
}
}  // namespace

std::string format_value(double x, int significant) {
  if (std::isnan(x)) return "n/a";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == 0) return "0";
  const double a = std::fabs(x);
  if (a >= 1e-4 && a < 1e7) {
    const int magnitude = int(std::floor(std::log10(a)));
    const int decimals = std::clamp(significant - 1 - magnitude, 0, 9);
    std::string s = printf_string("%.*f", decimals, x);
    if (s.find_first_not_of("-0.") == std::string::npos) return "0";  // rounded away entirely
    if (s.find('.') != std::string::npos) {  // "0.002000" -> "0.002", "2.000" -> "2"
      s.erase(s.find_last_not_of('0') + 1);
      if (s.back() == '.') s.pop_back();
    }
    return s;
  }
  return printf_string("%.*e", significant - 1, x);
}

std::string format_delta(double x, int significant) {
  const std::string s = format_value(x, significant);
  if (s == "0" || s == "n/a" || s[0] == '-') return s;
  return "+" + s;
}

std::string format_p(double p) {
  if (std::isnan(p)) return "n/a";
  if (p >= 1) return "1";
  if (p == 0) return "0";
  if (p >= 0.001) return printf_string("%.*f", 3, p);
  return printf_string("%.*e", 1, p);
}

std::string format_mean_std(double mean, double std) {
  if (std::isnan(std)) return format_value(mean);
  const double m = std::fabs(mean), s = std::fabs(std);
  const bool plain = (m == 0 || (m >= 1e-4 && m < 1e7)) && (s == 0 || (s >= 1e-6 && s < 1e7));
  if (!plain || !std::isfinite(mean) || s == 0) return join_with(format_value(mean), " ± ", format_value(std));
  // Both to one decimal place: the std's second significant digit, or the mean's third if finer.
  auto decimals_for = [](double x, int significant) { return significant - 1 - int(std::floor(std::log10(x))); };
  int decimals = decimals_for(s, 2);
  if (m > 0) decimals = std::max(decimals, decimals_for(m, 3));
  decimals = std::clamp(decimals, 0, 9);
  const std::string ms = printf_string("%.*f", decimals, mean);
  const bool rounds_to_zero = ms.find_first_not_of("-0.") == std::string::npos;
  return join_with(rounds_to_zero ? std::string(1, '0') : ms, " ± ", printf_string("%.*f", decimals, std));
}

std::string format_interval(double low, double high, bool signed_values) {
  if (std::isnan(low) || std::isnan(high)) return "n/a";
  auto f = [&](double v) { return signed_values ? format_delta(v) : format_value(v); };
  std::string s = "[";
  s += join_with(f(low), ", ", f(high));
  s += "]";
  return s;
}

std::string format_ratio(double r) {
  if (std::isnan(r)) return "n/a";
  if (std::isinf(r)) return r > 0 ? "inf" : "-inf";
  std::string s = std::fabs(r) < 100 ? printf_string("%.*f", 2, r) : format_value(r, 3);
  s += "x";
  return s;
}

}  // namespace simrec::results
