// report: the page's structure (sections, one inline <svg> per plot, nothing external), the
// no-gnuplot fallback, the atomic write, and a headless Chromium render of the page.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "results/input_error.hpp"
#include "results/report/gnuplot.hpp"
#include "results/report/report.hpp"
#include "support/python_runner.hpp"
#include "support/run_fixtures.hpp"

using namespace simrec::results;
using namespace simrec::results::report;
using simrec::testing::FixtureRun;
using simrec::testing::write_fixture_run;
namespace fs = std::filesystem;

namespace {
struct TempDir {
  std::string path = simrec::testing::make_temp_dir("simrec_report_");
  ~TempDir() { fs::remove_all(path); }
};
std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}
bool gnuplot_available() {
  std::string why;
  return find_gnuplot(why).has_value();
}
// Runs of one scenario (two runs, one failed unit) and of another scenario.
std::vector<Run> fixture_runs(const std::string& dir) {
  FixtureRun f;
  f.variants = {"mf0", "dnn<1>", "dnn2"};  // a name that must be escaped
  f.with_seed_metric = true;              // listed in the table, not drawn
  std::vector<Run> runs;
  runs.push_back(read_run(write_fixture_run(dir + "/base.h5", f)));
  f.shift[{"dnn2", "auc"}] = -0.01;
  f.failed[{"mf0", 2}] = "failed: NaN loss at epoch 3";
  runs.push_back(read_run(write_fixture_run(dir + "/cand.h5", f)));
  FixtureRun g;
  g.scenario = "mtl-seesaw";
  g.with_arrays = false;
  runs.push_back(read_run(write_fixture_run(dir + "/other.h5", g)));
  return runs;
}
void check_self_contained(const std::string& html) {
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  // Every href / url() points inside the page.
  CHECK_FALSE(std::regex_search(html, std::regex(R"(href=["'][^#])")));
  CHECK_FALSE(std::regex_search(html, std::regex(R"(url\([^#])")));
}
}  // namespace

TEST_CASE("report: page structure, one inline svg per plot, nothing external", "[results][report]") {
  if (!gnuplot_available()) {
    WARN("SKIPPED: gnuplot is not installed (gnuplot-nox): the plot part of the report is not tested here");
    return;
  }
  TempDir dir;
  const std::vector<Run> runs = fixture_runs(dir.path);
  ReportSummary summary;
  const std::string html = build_report(runs, {}, &summary);
  CHECK(summary.plots_available);
  CHECK(summary.plot_failures == 0);
  // Per scenario: 3 metric bar charts + 2 curves (+ 2 drawable arrays in yt-depth).
  CHECK(summary.plots == 7 + 5);
  CHECK(count(html, "<svg") == summary.plots);
  CHECK(count(html, "<figure class=\"plot\"><svg") == summary.plots);
  CHECK(count(html, "</svg>") == summary.plots);
  for (const char* section : {"id=\"provenance\"", "id=\"scenario-yt-depth\"", "id=\"scenario-mtl-seesaw\"",
                              "Final metrics", "Paired differences", "Training curves", "Arrays", "Timing",
                              "Failed units", "Configuration"})
    CHECK(html.find(section) != std::string::npos);
  CHECK(html.find("NaN loss at epoch 3") != std::string::npos);
  CHECK(html.find("dnn&lt;1&gt;") != std::string::npos);  // escaped in tables...
  CHECK(html.find("dnn<1>") == std::string::npos);          // ...and in the SVG (gnuplot escapes)
  CHECK(html.find("arrays/confusion") != std::string::npos);  // 3-D: listed, not drawn
  CHECK(html.find("arrays/per_item_score") != std::string::npos);  // per item: listed, not drawn
  CHECK(html.find("one value per evaluated item") != std::string::npos);
  CHECK(html.find("y axis starts at") != std::string::npos);  // close bars: zoomed axis, said so
  // data_rows is the same for every variant of a seed: in the table, not drawn (the plot count above).
  CHECK(html.find("Not drawn (the same for every variant of a seed): data_rows") != std::string::npos);
  CHECK(html.find(">data_rows<") != std::string::npos);
  CHECK(html.find("Plots unavailable") == std::string::npos);
  check_self_contained(html);
  // Ids are unique across the inlined SVGs (gnuplot names its markers the same in every file).
  std::set<std::string> ids;
  const std::regex id_re(R"(\bid=['"]([^'"]+)['"])");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), id_re); it != std::sregex_iterator(); ++it) {
    INFO((*it)[1].str());
    CHECK(ids.insert((*it)[1].str()).second);
  }
}

TEST_CASE("report: a per-step curve is drawn against the optimizer step, an epoch curve against the epoch", "[results][report]") {
  if (!gnuplot_available()) {
    WARN("SKIPPED: gnuplot is not installed (gnuplot-nox): the plot part of the report is not tested here");
    return;
  }
  TempDir dir;
  FixtureRun f;
  f.with_arrays = false;
  std::vector<Run> runs{read_run(write_fixture_run(dir.path + "/steps.h5", f))};
  ReportSummary before;
  const std::string plain = build_report(runs, {}, &before);
  CHECK(plain.find("optimizer step") == std::string::npos);
  CHECK(count(plain, ">epoch<") == 2);  // the fixture's two epoch curves
  for (UnitResult& u : runs[0].units)
    for (int step = 1; step <= 40; ++step) {
      u.curves["rejected_log_ratio_per_step"].x.push_back(step);
      u.curves["rejected_log_ratio_per_step"].y.push_back(-0.05 * step);
    }
  ReportSummary after;
  const std::string html = build_report(runs, {}, &after);
  CHECK(after.plots == before.plots + 1);
  CHECK(count(html, ">optimizer step<") == 1);
  CHECK(count(html, ">epoch<") == 2);
  CHECK(is_per_step_curve("rejected_log_ratio_per_step"));
  CHECK_FALSE(is_per_step_curve("rejected_log_ratio"));
  CHECK_FALSE(is_per_step_curve("_per_ste"));
}

TEST_CASE("report: without gnuplot the tables remain and the page says plots are unavailable", "[results][report]") {
  TempDir dir;
  const std::vector<Run> runs = fixture_runs(dir.path);
  ::setenv("SIMREC_GNUPLOT", "", 1);
  ReportSummary summary;
  const std::string html = build_report(runs, {}, &summary);
  ::unsetenv("SIMREC_GNUPLOT");
  CHECK_FALSE(summary.plots_available);
  CHECK(summary.plots == 0);
  CHECK(html.find("Plots unavailable") != std::string::npos);
  CHECK(html.find("SIMREC_GNUPLOT") != std::string::npos);  // says why
  CHECK(html.find("<svg") == std::string::npos);
  CHECK(html.find("0.6997 ± 0.0015") != std::string::npos);  // the numbers are still there
  CHECK(html.find("Paired differences") != std::string::npos);
  check_self_contained(html);
  ReportOptions tables_only;
  tables_only.plots = false;
  CHECK(build_report(runs, tables_only).find("--no-plots") != std::string::npos);
}

TEST_CASE("report: written atomically, unwritable destinations are errors naming the path", "[results][report][errors]") {
  TempDir dir;
  write_report_file(dir.path + "/r.html", "<html></html>");
  CHECK(fs::file_size(dir.path + "/r.html") == 13);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path)) ++entries;
  CHECK(entries == 1);  // no temporary left behind
  CHECK_THROWS_AS(write_report_file(dir.path + "/missing/r.html", "x"), InputError);
  CHECK_THROWS_WITH(write_report_file(dir.path + "/missing/r.html", "x"), Catch::Contains("missing/r.html"));
}

TEST_CASE("report: headless Chromium renders the page", "[results][report][chromium]") {
  const char* chromium = "/usr/bin/chromium";
  if (!fs::exists(chromium)) {
    WARN("SKIPPED: /usr/bin/chromium is not installed, the page is not rendered");
    return;
  }
  if (!gnuplot_available()) WARN("SKIPPED (plot part): gnuplot is not installed, the page renders without plots");
  TempDir dir;
  const std::vector<Run> runs = fixture_runs(dir.path);
  const std::string page = dir.path + "/report.html", png = dir.path + "/report.png";
  write_report_file(page, build_report(runs, {}));
  const std::string profile = simrec::testing::make_temp_dir("simrec_chromium_");
  const std::string cmd = std::string("timeout 120 ") + chromium +
                          " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                          " --disable-background-networking --disable-component-update --disable-sync"
                          " --user-data-dir=" + profile + " --screenshot=" + png +
                          " --window-size=1200,1600 file://" + page + " >" + dir.path + "/chromium.log 2>&1";
  const int rc = std::system(cmd.c_str());
  fs::remove_all(profile);
  std::ifstream log(dir.path + "/chromium.log");
  const std::string log_text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  INFO(log_text);
  CHECK(rc == 0);
  REQUIRE(fs::exists(png));
  // A blank 1200x1600 page compresses to a few kB; text, tables and plots make it much larger.
  CHECK(fs::file_size(png) > 60000);
  std::ifstream f(png, std::ios::binary);
  char magic[8] = {};
  f.read(magic, 8);
  CHECK(std::string(magic + 1, 3) == "PNG");
}

TEST_CASE("report: multi-scenario runs get the per-scenario AUC by traffic, other runs do not", "[results][report]") {
  Run run;
  run.path = "ads.h5";
  run.info.scenario = "ada-aktn";
  run.config = "[variant.base]\nalgorithm = ada_base\n[variant.aktn]\nalgorithm = aktn\n";
  const std::vector<double> rows = {5, 8, 50, 60, 500, 900};
  for (std::int64_t s = 1; s <= 3; ++s)
    for (const char* v : {"base", "aktn"}) {
      UnitResult u;
      u.variant = v;
      u.seed = s;
      u.metrics["auc"] = 0.8;
      std::vector<double> auc = {0.5, 0.55, 0.6, 0.62, 0.7, 0.72};
      if (std::string(v) == "aktn")
        for (double& a : auc) a += 0.01 * double(s);
      u.arrays["scenario_auc"] = NamedArray{{6}, auc};
      u.arrays["scenario_train_rows"] = NamedArray{{6}, rows};
      run.units.push_back(u);
    }
  ReportOptions tables_only;
  tables_only.plots = false;
  const std::string html = build_report({run}, tables_only);
  CHECK(html.find("Per-scenario AUC by traffic") != std::string::npos);
  CHECK(html.find("[10, 100)") != std::string::npos);
  CHECK(html.find("&gt;= 100") != std::string::npos);
  CHECK(html.find("+0.02") != std::string::npos);  // the mean gain over seeds 1-3
  TempDir dir;
  CHECK(build_report(fixture_runs(dir.path), tables_only).find("Per-scenario AUC by traffic") == std::string::npos);
}

TEST_CASE("report: two-task runs get the task trade-off against the reference, other runs do not", "[results][report]") {
  // click AUC and completion MSE; mmoe trades click for completion, ple gains both.
  Run run;
  run.path = "mtl.h5";
  run.info.scenario = "mtl-click-completion";
  run.config = "[variant.single_task]\nalgorithm = single_task\n[variant.mmoe]\nalgorithm = mmoe\n[variant.ple]\nalgorithm = ple\n";
  for (std::int64_t s = 1; s <= 4; ++s)
    for (const char* v : {"single_task", "mmoe", "ple"}) {
      UnitResult u;
      u.variant = v;
      u.seed = s;
      const double wobble = 0.0005 * std::sin(double(s) + double(std::string(v).size()));
      const bool mmoe = std::string(v) == "mmoe", ple = std::string(v) == "ple";
      u.metrics["auc:click"] = 0.70 + (mmoe ? -0.007 : ple ? 0.0035 : 0.0) + wobble;  // -1% / +0.5%
      u.metrics["mse:completion_ratio"] = 0.050 + (mmoe ? -0.001 : ple ? -0.0005 : 0.0) + 0.1 * wobble;  // +2% / +1% (lower)
      u.metrics["auc:mean"] = u.metrics["auc:click"];
      u.metrics["mse:mean"] = u.metrics["mse:completion_ratio"];
      run.units.push_back(u);
    }
  ReportOptions tables_only;
  tables_only.plots = false;
  const std::string html = build_report({run}, tables_only);
  INFO(html.substr(html.find("Task trade-off") == std::string::npos ? 0 : html.find("Task trade-off"), 3000));
  REQUIRE(html.find("<h3>Task trade-off</h3>") != std::string::npos);
  const auto begin = html.find("<h3>Task trade-off</h3>");
  const std::string section = html.substr(begin, html.find("</table>", begin) - begin);
  const auto row_of = [&](const std::string& variant) {
    const auto at = section.find("<tr><td>" + variant + "</td>");
    return at == std::string::npos ? std::string() : section.substr(at, section.find("</tr>", at) - at);
  };
  // mmoe: click -1% of 0.70, completion +2% (MSE 0.049 vs 0.050, lower is better): a trade.
  CHECK(row_of("mmoe").find("completion_ratio better, click worse") != std::string::npos);
  CHECK(row_of("mmoe").find(">-1.0") != std::string::npos);
  CHECK(row_of("mmoe").find(">+2.0") != std::string::npos);
  CHECK(row_of("ple").find("both better") != std::string::npos);
  CHECK(row_of("single_task").empty());  // the reference has no row
  // Three tasks (or one): no trade-off section.
  Run three = run;
  for (auto& u : three.units) u.metrics["auc:skip"] = 0.8;
  CHECK(build_report({three}, tables_only).find("Task trade-off") == std::string::npos);
  TempDir dir;
  CHECK(build_report(fixture_runs(dir.path), tables_only).find("Task trade-off") == std::string::npos);
  if (gnuplot_available()) {
    const std::string drawn = build_report({run}, {});
    const auto at = drawn.find("<h3>Task trade-off</h3>");
    REQUIRE(at != std::string::npos);
    CHECK(drawn.find("<svg", at) < drawn.find("</table>", at));  // the scatter precedes its table
  }
}
