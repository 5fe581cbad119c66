// Report heat maps: the SVG's cells, colours and tooltips, and the report drawing 2-D arrays
// (scenario x expert) as heat maps with rows ordered by training traffic and capped, said in the
// caption; works without gnuplot.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "results/report/heatmap.hpp"
#include "results/report/report.hpp"

using namespace simrec::results;
using namespace simrec::results::report;

namespace {
std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("heat map: one cell per value, colours from low to high, NaN grey, tooltips escaped", "[results][report]") {
  HeatMap m;
  m.title = "u<1>";
  m.row_labels = {"a", "b"};
  m.col_labels = {"x", "y", "z"};
  m.values = {0, 1, 2, 3, 4, NAN};
  const std::string svg = heat_map_svg(m);
  CHECK(count(svg, "<rect") == 6 + 20);  // cells + colour bar
  CHECK(svg.find("fill=\"" + heat_color(0) + "\"><title>a, x: 0</title>") != std::string::npos);
  CHECK(svg.find("fill=\"" + heat_color(1) + "\"><title>b, y: 4</title>") != std::string::npos);
  CHECK(svg.find("fill=\"#bbbbbb\"><title>b, z: NaN</title>") != std::string::npos);
  CHECK(svg.find("u&lt;1&gt;") != std::string::npos);
  CHECK(heat_color(0) == "#ffffcc");
  CHECK(heat_color(1) == "#253494");
  CHECK(heat_color(0.5) == "#41b6c4");
  m.values.pop_back();
  CHECK_THROWS_WITH(heat_map_svg(m), Catch::Contains("5 values for 2 x 3"));
}

TEST_CASE("report: 2-D arrays become heat maps, rows by training traffic, at most 64 shown", "[results][report]") {
  Run run;
  run.path = "ms.h5";
  run.info.scenario = "ada-test";
  for (std::int64_t seed : {2, 1}) {
    UnitResult u;
    u.variant = "dselect";
    u.seed = seed;
    u.metrics["auc"] = 0.7;
    // 70 scenarios x 4 experts; scenario 69 has the most training rows, then 68, ...
    NamedArray util{{70, 4}, {}};
    NamedArray rows{{70}, {}};
    for (int s = 0; s < 70; ++s) {
      rows.values.push_back(double(s));
      for (int e = 0; e < 4; ++e) util.values.push_back(e == s % 4 ? 1.0 : 0.0);
    }
    u.arrays["expert_utilisation"] = util;
    u.arrays["scenario_train_rows"] = rows;
    run.units.push_back(u);
  }
  ::setenv("SIMREC_GNUPLOT", "", 1);  // heat maps do not need gnuplot
  const std::string html = build_report({run}, {});
  ::unsetenv("SIMREC_GNUPLOT");
  CHECK(count(html, "<svg") == 1);  // one variant: its first seed only
  CHECK(html.find("seed 1 (one seed") != std::string::npos);
  CHECK(html.find("showing the first 64 rows and 4 columns by training rows") != std::string::npos);
  CHECK(count(html, "</title></rect>") == 64 * 4);
  // The top row is scenario 69 (most rows), whose expert is 69 % 4 = 1; scenario 5 is cut.
  CHECK(html.find("<title>69, 1: 1</title>") < html.find("<title>68, 0: 0</title>"));
  CHECK(html.find("<title>5, ") == std::string::npos);
  CHECK(html.find("http://") == std::string::npos);  // inline SVG without a namespace URL: nothing external
}

TEST_CASE("report: an array over aggregation units is ordered by its units' summed training rows", "[results][report]") {
  Run run;
  run.path = "agg.h5";
  run.info.scenario = "ada-agg";
  UnitResult u;
  u.variant = "cells";
  u.seed = 1;
  u.metrics["auc"] = 0.7;
  // 6 scenarios in 3 units (unit of scenario s: s % 3; scenario 5 in none). Rows per scenario
  // 10, 30, 1, 10, 30, 100: unit 1 has 60, unit 0 has 20, unit 2 has 1 (scenario 5 not counted).
  u.arrays["scenario_train_rows"] = NamedArray{{6}, {10, 30, 1, 10, 30, 100}};
  u.arrays["scene_unit"] = NamedArray{{6}, {0, 1, 2, 0, 1, -1}};
  NamedArray affinity{{3, 3}, {}};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) affinity.values.push_back(10.0 * i + j);
  u.arrays["unit_affinity"] = affinity;
  run.units.push_back(u);
  ::setenv("SIMREC_GNUPLOT", "", 1);
  const std::string html = build_report({run}, {});
  ::unsetenv("SIMREC_GNUPLOT");
  CHECK(html.find("row (unit id), most training rows first") != std::string::npos);
  CHECK(html.find("the sum over its scenarios") != std::string::npos);
  // Display order 1, 0, 2 (rows and columns).
  CHECK(html.find("<title>1, 1: 11</title>") < html.find("<title>0, 0: 0</title>"));
  CHECK(html.find("<title>0, 0: 0</title>") < html.find("<title>2, 2: 22</title>"));
  CHECK(html.find("<title>1, 0: 10</title>") < html.find("<title>1, 2: 12</title>"));
  // Reversed traffic reverses the order.
  run.units[0].arrays["scenario_train_rows"] = NamedArray{{6}, {1, 5, 50, 1, 5, 0}};
  ::setenv("SIMREC_GNUPLOT", "", 1);
  const std::string reversed = build_report({run}, {});
  ::unsetenv("SIMREC_GNUPLOT");
  CHECK(reversed.find("<title>2, 2: 22</title>") < reversed.find("<title>1, 1: 11</title>"));
  CHECK(reversed.find("<title>1, 1: 11</title>") < reversed.find("<title>0, 0: 0</title>"));
}
