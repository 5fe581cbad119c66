// gate: exact reproductions pass, regressions beyond tolerance fail in the metric's direction,
// missing / failed pieces fail, speed only when asked, and malformed tolerances are refused.
#include <catch2/catch.hpp>
#include <filesystem>

#include "results/gate.hpp"
#include "results/input_error.hpp"
#include "support/python_runner.hpp"
#include "support/run_fixtures.hpp"

using namespace simrec::results;
using simrec::testing::FixtureRun;
using simrec::testing::write_fixture_run;

namespace {
struct TempDir {
  std::string path = simrec::testing::make_temp_dir("simrec_gate_");
  ~TempDir() { std::filesystem::remove_all(path); }
};
const GateCheck* find_check(const GateResult& r, const std::string& variant, const std::string& metric) {
  for (const auto& c : r.checks)
    if (c.variant == variant && c.metric == metric) return &c;
  return nullptr;
}
}  // namespace

TEST_CASE("gate: an exact reproduction passes with the default tolerance", "[results][gate]") {
  TempDir dir;
  FixtureRun f;
  const Run base = read_run(write_fixture_run(dir.path + "/base.h5", f));
  const Run cand = read_run(write_fixture_run(dir.path + "/cand.h5", f));
  const GateResult r = run_gate(base, cand, {});
  CHECK(r.checks.size() == 9);
  CHECK(r.passed());
  const std::string text = format_gate(r);
  INFO(text);
  CHECK(text.find("gate PASSED: all 9 checks within tolerance") != std::string::npos);
}

TEST_CASE("gate: regressions beyond tolerance fail in the metric's direction", "[results][gate]") {
  TempDir dir;
  FixtureRun f;
  const Run base = read_run(write_fixture_run(dir.path + "/base.h5", f));
  f.shift[{"depth1", "auc"}] = -0.003;        // worse by more than 0.002
  f.shift[{"depth2", "auc"}] = -0.001;        // worse, within tolerance
  f.shift[{"depth0", "log_loss"}] = -0.05;    // lower loss: better
  f.shift[{"depth2", "log_loss"}] = +0.0001;  // higher loss, no tolerance given: fails
  f.shift[{"depth0", "recall@10"}] = -0.004;  // within the family tolerance recall=0.005
  const Run cand = read_run(write_fixture_run(dir.path + "/cand.h5", f));
  GateOptions o;
  o.tolerances = parse_tolerances("auc=0.002,recall=0.005");
  const GateResult r = run_gate(base, cand, o);
  CHECK(r.failures() == 2);
  CHECK_FALSE(find_check(r, "depth1", "auc")->passed);
  CHECK(find_check(r, "depth1", "auc")->difference == Approx(-0.003));
  CHECK(find_check(r, "depth2", "auc")->passed);
  CHECK(find_check(r, "depth0", "log_loss")->passed);
  CHECK_FALSE(find_check(r, "depth2", "log_loss")->passed);
  CHECK(find_check(r, "depth0", "recall@10")->passed);
  CHECK(find_check(r, "depth0", "recall@10")->tolerance == 0.005);
  const std::string text = format_gate(r);
  INFO(text);
  CHECK(text.find("FAIL scenario 'yt-depth' variant 'depth1' metric 'auc': baseline 0.7") != std::string::npos);
  CHECK(text.find("difference -0.003") != std::string::npos);
  CHECK(text.find("tolerance 0.002") != std::string::npos);
  CHECK(text.find("gate FAILED: 2 of 9 checks failed") != std::string::npos);
}

TEST_CASE("gate: a descriptive metric fails on a change in either direction", "[results][gate]") {
  // data_rows is a fact of the data (metric_direction: descriptive): more rows is not better, and a
  // change either way means the candidate ran on other data.
  TempDir dir;
  FixtureRun f;
  f.with_seed_metric = true;
  const Run base = read_run(write_fixture_run(dir.path + "/base.h5", f));
  f.shift[{"depth0", "data_rows"}] = +5;      // up: fails
  f.shift[{"depth1", "data_rows"}] = -5;      // down: fails
  f.shift[{"depth2", "data_rows"}] = +0.001;  // within the tolerance
  const Run cand = read_run(write_fixture_run(dir.path + "/cand.h5", f));
  GateOptions o;
  o.default_tolerance = 0.003;
  const GateResult r = run_gate(base, cand, o);
  CHECK(r.failures() == 2);
  CHECK(find_check(r, "depth0", "data_rows")->direction.descriptive());
  CHECK_FALSE(find_check(r, "depth0", "data_rows")->passed);
  CHECK_FALSE(find_check(r, "depth1", "data_rows")->passed);
  CHECK(find_check(r, "depth2", "data_rows")->passed);
  const std::string text = format_gate(r);
  INFO(text);
  CHECK(text.find("(changed by 5, tolerance 0.003; descriptive: no better direction") != std::string::npos);
  CHECK(text.find("either") != std::string::npos);
  CHECK(text.find("unknown direction") == std::string::npos);
}

TEST_CASE("gate: missing variants, metrics and failed candidate units are failures", "[results][gate]") {
  TempDir dir;
  FixtureRun f;
  const Run base = read_run(write_fixture_run(dir.path + "/base.h5", f));
  FixtureRun g = f;
  g.variants = {"depth0", "depth1"};
  g.failed[{"depth1", 2}] = "failed: out of memory";
  const Run cand = read_run(write_fixture_run(dir.path + "/cand.h5", g));
  const GateResult r = run_gate(base, cand, {});
  CHECK(find_check(r, "depth2", "auc")->problem == "variant missing from the candidate");
  const GateCheck* status = find_check(r, "depth1", "status");
  REQUIRE(status != nullptr);
  CHECK(status->problem.find("out of memory") != std::string::npos);
  CHECK(find_check(r, "depth1", "auc")->seeds == 5);
  CHECK(r.failures() == 4);  // 3 metrics of depth2 + the failed unit
}

TEST_CASE("gate: speed is checked only with a speed tolerance", "[results][gate]") {
  TempDir dir;
  FixtureRun f;
  const Run base = read_run(write_fixture_run(dir.path + "/base.h5", f));
  f.fit_seconds_scale = 2.0;
  const Run cand = read_run(write_fixture_run(dir.path + "/cand.h5", f));
  CHECK(run_gate(base, cand, {}).passed());
  GateOptions o;
  o.speed_tolerance = 1.5;
  const GateResult r = run_gate(base, cand, o);
  CHECK(r.failures() == 3);
  const GateCheck* s = find_check(r, "depth1", "fit_seconds");
  REQUIRE(s != nullptr);
  CHECK(s->kind == CheckKind::speed);
  CHECK(s->difference == Approx(2.0));
  o.speed_tolerance = 2.5;
  CHECK(run_gate(base, cand, o).passed());
}

TEST_CASE("gate: malformed tolerances and mismatched runs are bad input", "[results][gate][errors]") {
  CHECK(parse_tolerances("auc=0.002, recall@10 = 0.005").at("recall@10") == 0.005);
  for (const char* bad : {"auc", "auc=", "=0.1", "auc=abc", "auc=-1", "auc=0.1,", "auc=0.1;recall=2", "auc=0.1,auc=0.2"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_tolerances(bad), InputError);
  }
  CHECK_THROWS_WITH(parse_tolerances("auc:0.1"), Catch::Contains("METRIC=VALUE") && Catch::Contains("auc:0.1"));
  TempDir dir;
  FixtureRun f;
  const Run base = read_run(write_fixture_run(dir.path + "/base.h5", f));
  GateOptions o;
  o.tolerances = parse_tolerances("acu=0.002");
  CHECK_THROWS_WITH(run_gate(base, base, o), Catch::Contains("acu") && Catch::Contains("auc, log_loss, recall@10"));
  f.scenario = "other";
  const Run other = read_run(write_fixture_run(dir.path + "/other.h5", f));
  CHECK_THROWS_WITH(run_gate(base, other, {}), Catch::Contains("base.h5") && Catch::Contains("other.h5"));
}
