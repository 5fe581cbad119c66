// Number formatting and aligned text tables used by compare / gate / report.
#include <catch2/catch.hpp>
#include <cmath>

#include "results/number_format.hpp"
#include "results/text_table.hpp"

using namespace simrec::results;

TEST_CASE("number format: significant digits, no trailing zeros, zero is 0", "[results][format]") {
  CHECK(format_value(0.712345) == "0.7123");
  CHECK(format_value(1234.5) == "1234");
  CHECK(format_value(0.0020001) == "0.002");
  CHECK(format_value(1.5) == "1.5");
  CHECK(format_value(3.2e-7) == "3.200e-07");
  CHECK(format_value(0.0) == "0");
  CHECK(format_value(-0.0) == "0");
  CHECK(format_value(std::nan("")) == "n/a");
  CHECK(format_delta(0.0012) == "+0.0012");
  CHECK(format_delta(-0.0012) == "-0.0012");
  CHECK(format_delta(0.0) == "0");
  CHECK(format_delta(-0.0) == "0");
  CHECK(format_p(0.03125) == "0.031");
  CHECK(format_p(1.0) == "1");
  CHECK(format_p(2e-5) == "2.0e-05");
  CHECK(format_mean_std(0.71234, 0.0041) == "0.7123 ± 0.0041");
  CHECK(format_mean_std(0.12, 0.000816) == "0.12000 ± 0.00082");
  CHECK(format_mean_std(0.5, std::nan("")) == "0.5");
  CHECK(format_mean_std(0.5, 0.0) == "0.5 ± 0");
  CHECK(format_interval(0.0, 0.0, true) == "[0, 0]");
  CHECK(format_interval(-0.001, 0.002, true) == "[-0.001, +0.002]");
  CHECK(format_ratio(1.5) == "1.50x");
  CHECK(format_ratio(1.0) == "1.00x");
}

TEST_CASE("text table: aligned columns, UTF-8 aware, trailing spaces trimmed", "[results][format]") {
  TextTable t({"metric", "mean ± std", "n"}, "llr");
  t.add_row({"auc", "0.71 ± 0.01", "3"});
  t.add_row({"recall@10", "0.1", "12"});
  const std::string out = t.render();
  CHECK(out ==
        "metric     mean ± std    n\n"
        "---------  -----------  --\n"
        "auc        0.71 ± 0.01   3\n"
        "recall@10  0.1          12\n");
  CHECK(display_width("±Δ") == 2);
  CHECK_THROWS(t.add_row({"too", "few"}));
}
