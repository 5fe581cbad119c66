#pragma once
// How compare, gate and report print numbers: a fixed number of significant digits without
// needless exponents or trailing zeros, and an exact zero printed as "0" (never "0.0000", "-0" or
// "+0": identical runs must read as identical). format_mean_std keeps its trailing zeros: both
// numbers share one decimal place on purpose.
//
//   format_value(0.712345)   -> "0.7123"      format_value(1234.5) -> "1234"    (4 significant)
//   format_value(0.00012346) -> "0.0001235"   format_value(3.2e-7) -> "3.200e-07"
//   format_value(0.0020001)  -> "0.002"       format_value(1.5)    -> "1.5"
//   format_delta(0.0012)     -> "+0.0012"     format_delta(0)      -> "0"
//   format_p(0.0312)         -> "0.031"       format_p(2e-5)       -> "2.0e-05"   format_p(1) -> "1"
//   NaN -> "n/a", +-inf -> "inf" / "-inf"

#include <string>

namespace simrec::results {

std::string format_value(double x, int significant = 4);
std::string format_delta(double x, int significant = 4);  // explicit sign for non-zero values
std::string format_p(double p);
// Mean and std to the same decimal place: the std's 2nd significant digit (or the mean's 3rd if
// that is finer): (0.71234, 0.0041) -> "0.7123 ± 0.0041"; (0.12, 0.000816) -> "0.12000 ± 0.00082".
// std NaN (one seed) -> the mean alone.
std::string format_mean_std(double mean, double std);
// "[-0.0012, +0.0034]"
std::string format_interval(double low, double high, bool signed_values);
// "1.23x" (two decimals below 100x)
std::string format_ratio(double r);

}  // namespace simrec::results
