// compare: single-run and run-vs-run tables, pairing by seed, failed units, data-hash and config
// checks, and the bad-input errors (different scenarios, nothing in common, unknown names).
#include <catch2/catch.hpp>
#include <filesystem>

#include "results/compare.hpp"
#include "results/input_error.hpp"
#include "results/pool.hpp"
#include "support/python_runner.hpp"
#include "support/run_fixtures.hpp"

using namespace simrec::results;
using simrec::testing::FixtureRun;
using simrec::testing::write_fixture_run;

namespace {
const DeltaRow& delta(const Comparison& c, const std::string& metric, const std::string& variant, std::size_t run = 0) {
  for (const auto& d : c.deltas)
    if (d.metric == metric && d.variant == variant && d.run == run) return d;
  FAIL("no delta row for " << metric << " / " << variant);
  throw;
}
std::string collapse_spaces(const std::string& s) {
  std::string out;
  for (char ch : s)
    if (ch != ' ' || (!out.empty() && out.back() != ' ' && out.back() != '\n')) out += ch;
  return out;
}
struct TempDir {
  std::string path = simrec::testing::make_temp_dir("simrec_compare_");
  ~TempDir() { std::filesystem::remove_all(path); }
};
}  // namespace

TEST_CASE("compare: one run, reference is the first variant of the scenario file", "[results][compare]") {
  TempDir dir;
  FixtureRun f;
  f.variants = {"mf0", "dnn1", "dnn2"};  // alphabetical order would start with dnn1
  const Run run = read_run(write_fixture_run(dir.path + "/a.h5", f));
  const Comparison c = compare_runs({run}, {});
  CHECK(c.reference_variant == "mf0");
  CHECK(c.reference_rule.find("/config") != std::string::npos);
  CHECK(c.variants == std::vector<std::string>{"mf0", "dnn1", "dnn2"});
  CHECK(c.metrics == std::vector<std::string>{"auc", "log_loss", "recall@10"});
  const auto& s = c.summaries[0].at({"dnn2", "auc"});
  CHECK(s.n_ok == 6);
  CHECK(s.mean == Approx(0.72).margin(0.002));
  // dnn2 is 0.02 better in auc on every seed, up to small noise: both tests see it.
  const auto& d = delta(c, "auc", "dnn2");
  CHECK(d.stats.n == 6);
  CHECK(d.seeds == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6});
  CHECK(d.stats.mean_difference == Approx(0.02).margin(0.003));
  CHECK(d.stats.t_test.p_value < 0.05);
  CHECK(d.stats.wilcoxon.p_value == Approx(0.03125));  // 6 positive differences, exact
  CHECK(d.stats.ci.low > 0);
  CHECK(c.speeds.size() == 2);
  CHECK(c.speeds[0].ratio.ratio == Approx(2.0).margin(0.2));  // dnn1 fit ~ 2x mf0's
  // Holm over the metric's two rows (dnn1, dnn2): the smaller p doubled, the larger at least that.
  const auto& d1 = delta(c, "auc", "dnn1");
  const double lo = std::min(d1.stats.t_test.p_value, d.stats.t_test.p_value), hi = std::max(d1.stats.t_test.p_value, d.stats.t_test.p_value);
  const double lo_adj = std::min(1.0, 2 * lo);
  CHECK(std::min(d1.t_p_holm, d.t_p_holm) == Approx(lo_adj));
  CHECK(std::max(d1.t_p_holm, d.t_p_holm) == Approx(std::max(lo_adj, hi)));

  const std::string text = format_comparison(c, {run});
  INFO(text);
  CHECK(text.find("reference variant: mf0") != std::string::npos);
  CHECK(text.find("(reference)") != std::string::npos);
  CHECK(text.find("0.03125 *") == std::string::npos);  // p printed with 3 decimals
  CHECK(text.find("0.031 *") != std::string::npos);
  CHECK(text.find("fit time") != std::string::npos);
  CHECK(text.find("p (t, Holm)") != std::string::npos);

  CompareOptions o;
  o.reference = "dnn1";
  o.metrics = {"auc"};
  const Comparison c2 = compare_runs({run}, o);
  CHECK(c2.reference_variant == "dnn1");
  CHECK(c2.metrics == std::vector<std::string>{"auc"});
}

TEST_CASE("compare: two runs of the same seeds give exactly zero deltas, printed as 0", "[results][compare]") {
  TempDir dir;
  FixtureRun f;
  const Run a = read_run(write_fixture_run(dir.path + "/a.h5", f));
  const Run b = read_run(write_fixture_run(dir.path + "/b.h5", f));
  const Comparison c = compare_runs({a, b}, {});
  CHECK(c.several_runs);
  REQUIRE(c.deltas.size() == 9);  // 3 variants x 3 metrics, run B vs run A
  for (const auto& d : c.deltas) {
    CHECK(d.run == 1);
    CHECK(d.stats.n == 6);
    CHECK(d.stats.mean_difference == 0);
    CHECK(d.stats.ci.low == 0);
    CHECK(d.stats.ci.high == 0);
    CHECK(d.stats.t_test.p_value == 1);
    CHECK(d.stats.wilcoxon.p_value == 1);
  }
  CHECK(c.warnings.empty());
  CHECK(c.config_differences[1].empty());
  const std::string text = format_comparison(c, {a, b});
  INFO(text);
  // Rows of B: pairs 6, Δ 0, CI [0, 0], p 1, Holm 1 and 1 (whitespace collapsed: widths vary).
  CHECK(collapse_spaces(text).find("B 6 0.4403 ± 0.0024 6 0 [0, 0] 1 1 1\n") != std::string::npos);
  CHECK(text.find("config of B: identical to A") != std::string::npos);
  CHECK(text.find("machine of B differs") == std::string::npos);  // same machine
  Run with_kernels = a, other_machine = b, older_file = b;
  with_kernels.info.blas_kernels = "OpenBLAS Haswell";
  other_machine.info.blas_kernels = "OpenBLAS Prescott";
  CHECK(format_comparison(c, {with_kernels, other_machine}).find("machine of B differs from A") != std::string::npos);
  older_file.info.blas_kernels = "unknown";  // a file written before the attribute existed: nothing to say
  CHECK(format_comparison(c, {with_kernels, older_file}).find("machine of B differs") == std::string::npos);
  CHECK(text.find("data check: data_hash of the same (variant, seed) across runs: 18 of 18 match; variants of the "
                  "same seed within a run: 12 of 12 seeds saw identical data") != std::string::npos);
  CHECK(text.find("+0") == std::string::npos);
  CHECK(text.find("-0 ") == std::string::npos);
}

TEST_CASE("compare: runs of the same scenario with other config, data and a failed unit", "[results][compare]") {
  TempDir dir;
  FixtureRun f;
  const Run a = read_run(write_fixture_run(dir.path + "/a.h5", f));
  f.extra_config = "rho = 0.5\n";
  f.shift[{"depth1", "auc"}] = -0.01;
  f.failed[{"depth2", 3}] = "failed: NaN loss at epoch 4";
  f.data_hash_salt = "x";
  const Run b = read_run(write_fixture_run(dir.path + "/b.h5", f));
  const Comparison c = compare_runs({a, b}, {});
  REQUIRE(c.config_differences[1].size() == 1);
  CHECK(c.config_differences[1][0].key == "sim.rho");
  CHECK(c.config_differences[1][0].a == "(absent)");
  CHECK(delta(c, "auc", "depth1", 1).stats.mean_difference == Approx(-0.01));
  CHECK(delta(c, "auc", "depth2", 1).stats.n == 5);  // seed 3 failed in B: left out
  CHECK(c.summaries[1].at({"depth2", "auc"}).n_failed == 1);
  REQUIRE(c.failed.size() == 1);
  CHECK(c.failed[0].seed == 3);
  CHECK_FALSE(c.warnings.empty());
  const std::string text = format_comparison(c, {a, b});
  INFO(text);
  CHECK(text.find("did not see the same data") != std::string::npos);
  CHECK(text.find("0 of 18 match") != std::string::npos);  // every unit of B saw other data
  CHECK(text.find("5 (1 failed)") != std::string::npos);
  CHECK(text.find("NaN loss at epoch 4") != std::string::npos);
  CHECK(text.find("sim.rho") != std::string::npos);
}

TEST_CASE("compare: bad input is refused naming files, variants and metrics", "[results][compare][errors]") {
  TempDir dir;
  FixtureRun f;
  const Run a = read_run(write_fixture_run(dir.path + "/a.h5", f));
  FixtureRun g = f;
  g.scenario = "mtl-seesaw";
  const Run other = read_run(write_fixture_run(dir.path + "/other.h5", g));
  CHECK_THROWS_WITH(compare_runs({a, other}, {}), Catch::Contains("a.h5") && Catch::Contains("other.h5") &&
                                                      Catch::Contains("different scenarios"));
  FixtureRun h = f;
  h.seeds = {7, 8};
  const Run disjoint = read_run(write_fixture_run(dir.path + "/disjoint.h5", h));
  CHECK_THROWS_WITH(compare_runs({a, disjoint}, {}), Catch::Contains("no (variant, seed) in common") &&
                                                         Catch::Contains("disjoint.h5"));
  CompareOptions o;
  o.reference = "depth9";
  CHECK_THROWS_WITH(compare_runs({a}, o), Catch::Contains("depth9") && Catch::Contains("depth0, depth1, depth2"));
  o.reference.clear();
  o.metrics = {"aucc"};
  CHECK_THROWS_WITH(compare_runs({a}, o), Catch::Contains("aucc") && Catch::Contains("auc, log_loss, recall@10"));
  o.metrics.clear();
  o.reference = "depth1";
  CHECK_THROWS_AS(compare_runs({a, a}, o), InputError);
}

TEST_CASE("compare --pool: variants of several files compared as one run, paired by seed", "[results][compare]") {
  TempDir dir;
  FixtureRun fa;
  fa.variants = {"mf0", "dnn1"};
  FixtureRun fb;
  fb.scenario = "yt-depth-more";
  fb.variants = {"dnn1", "dnn2"};
  fb.shift[{"dnn2", "auc"}] = 0.05;
  const Run a = read_run(write_fixture_run(dir.path + "/a.h5", fa));
  const Run b = read_run(write_fixture_run(dir.path + "/b.h5", fb));
  const PooledRun pooled = pool_runs({a, b});
  CHECK(pooled.run.info.scenario == "yt-depth + yt-depth-more");
  REQUIRE(pooled.renamed.size() == 2);  // dnn1 is in both files
  CHECK(pooled.renamed[0].rfind("A:dnn1 (dnn1 of A = ", 0) == 0);
  CHECK(pooled.renamed[1].rfind("B:dnn1 (dnn1 of B = ", 0) == 0);
  // Provenance: one value when the files agree, each value with its files' labels when not.
  CHECK(pooled.run.info.git_commit == a.info.git_commit);
  Run b_elsewhere = b, c_elsewhere = b;
  b_elsewhere.info.git_commit = "0123abc";
  b_elsewhere.info.cpu_model = "another CPU";
  b_elsewhere.info.start_time = "2000-01-01T00:00:00Z";
  c_elsewhere.info.git_commit = "0123abc";
  const RunInfo mixed = pool_runs({a, b_elsewhere, c_elsewhere}).run.info;
  CHECK(mixed.git_commit == a.info.git_commit + " (A) | 0123abc (B, C)");
  CHECK(mixed.cpu_model == a.info.cpu_model + " (A, C) | another CPU (B)");
  CHECK(mixed.start_time == "2000-01-01T00:00:00Z");
  CHECK(mixed.build_flags == a.info.build_flags);

  CompareOptions o;
  o.reference = "mf0";
  const Comparison c = compare_runs({pooled.run}, o);
  CHECK(c.variants == std::vector<std::string>{"mf0", "A:dnn1", "B:dnn1", "dnn2"});
  // Each pooled variant keeps its own values: the same (variant, seed) from either file gives
  // exactly the same delta, and dnn2's shift is measured against a reference from the other file.
  CHECK(delta(c, "auc", "A:dnn1").stats.mean_difference == delta(c, "auc", "B:dnn1").stats.mean_difference);
  const Comparison single = compare_runs({b}, CompareOptions{"dnn1", {}});
  CHECK(delta(c, "auc", "dnn2").stats.mean_difference - delta(c, "auc", "B:dnn1").stats.mean_difference ==
        Approx(delta(single, "auc", "dnn2").stats.mean_difference));
  CHECK(c.warnings.empty());  // the fixtures' seeds saw the same data in both files
  CHECK(c.data_check.find("3 of 3") == std::string::npos);  // 6 seeds
  CHECK(c.data_check.find("6 of 6 seeds saw identical data") != std::string::npos);

  // Files whose seeds saw other data: the data check says so.
  fb.data_hash_salt = "other world";
  const Run b2 = read_run(write_fixture_run(dir.path + "/b2.h5", fb));
  const Comparison c2 = compare_runs({pool_runs({a, b2}).run}, o);
  CHECK(c2.data_check.find("0 of 6 seeds saw identical data") != std::string::npos);
  CHECK_FALSE(c2.warnings.empty());

  CHECK_THROWS_AS(pool_runs({a}), InputError);
}

TEST_CASE("compare --pool: the same variant run for other seeds is merged, anything else kept apart", "[results][compare]") {
  TempDir dir;
  FixtureRun fa;
  fa.variants = {"mf0", "dnn1"};
  fa.seeds = {1, 2, 3};
  FixtureRun fb = fa;
  fb.seeds = {4, 5, 6};
  const Run a = read_run(write_fixture_run(dir.path + "/a.h5", fa));
  const Run b = read_run(write_fixture_run(dir.path + "/b.h5", fb));
  const PooledRun pooled = pool_runs({a, b});
  CHECK(pooled.renamed.empty());
  REQUIRE(pooled.merged.size() == 2);
  CHECK(pooled.merged[0] == "dnn1: seeds 1,2,3 of A + 4,5,6 of B");
  CHECK(pooled.merged[1] == "mf0: seeds 1,2,3 of A + 4,5,6 of B");
  CompareOptions o;
  o.reference = "mf0";
  const Comparison c = compare_runs({pooled.run}, o);
  CHECK(c.variants == std::vector<std::string>{"mf0", "dnn1"});
  CHECK(delta(c, "auc", "dnn1").stats.n == 6);
  // The merged comparison is the one a single six-seed run gives.
  FixtureRun six = fa;
  six.seeds = {1, 2, 3, 4, 5, 6};
  const Comparison whole = compare_runs({read_run(write_fixture_run(dir.path + "/six.h5", six))}, o);
  CHECK(delta(c, "auc", "dnn1").stats.mean_difference == delta(whole, "auc", "dnn1").stats.mean_difference);

  // Another world (a [sim] key differs): kept apart.
  FixtureRun other_world = fb;
  other_world.extra_config = "clickbait = 0.5\n";
  const PooledRun apart = pool_runs({a, read_run(write_fixture_run(dir.path + "/w.h5", other_world))});
  CHECK(apart.merged.empty());
  CHECK(apart.renamed.size() == 4);
  // Other options for a variant: that variant is kept apart, the other one merged.
  Run b_opts = b;
  for (auto& u : b_opts.units)
    if (u.variant == "dnn1") u.options = "depth = 2\n";
  const PooledRun by_options = pool_runs({a, b_opts});
  REQUIRE(by_options.merged.size() == 1);
  CHECK(by_options.merged[0].rfind("mf0:", 0) == 0);
  CHECK(by_options.renamed.size() == 2);
  // Overlapping seeds: kept apart (as in the test above).
  CHECK(pool_runs({a, a}).merged.empty());

  // An option the older file lacks: merged when the newer units hold its default (as the caller's
  // registry says), kept apart when they hold another value or the default is unknown.
  Run older = a, newer = b;
  for (auto& u : older.units) u.options = "depth = 1\n";
  for (auto& u : newer.units) u.options = "depth = 1\nfraction = 1\n";
  const OptionDefault default_of = [](const std::string&, const std::string& option) -> std::optional<std::string> {
    return option == "fraction" ? std::optional<std::string>("1") : std::nullopt;
  };
  const PooledRun defaulted = pool_runs({older, newer}, default_of);
  CHECK(defaulted.merged.size() == 2);
  REQUIRE(defaulted.defaulted.size() == 2);
  CHECK(defaulted.defaulted[0] == "dnn1: option fraction absent in A, taken as its default 1");
  CHECK(pool_runs({older, newer}).merged.empty());  // no registry: the defaults are unknown
  for (auto& u : newer.units) u.options = "depth = 1\nfraction = 0.5\n";
  CHECK(pool_runs({older, newer}, default_of).merged.empty());
}

TEST_CASE("compare: a metric every variant reports alike at each seed is printed once, as the data's", "[results][compare]") {
  Run run;
  run.path = "shared.h5";
  run.info.scenario = "s";
  for (const char* v : {"a", "b", "c"})
    for (std::int64_t seed : {1, 2, 3}) {
      UnitResult u;
      u.variant = v;
      u.seed = seed;
      u.metrics["auc"] = 0.7 + 0.01 * double(v[0] - 'a') + 0.001 * double(seed);
      u.metrics["oracle_taste.map@10"] = 0.05 + 0.01 * double(seed);  // the data's: same for a, b, c
      // Alike for every variant but at seed 3, where c differs: not the data's.
      u.metrics["near"] = 0.3 + (seed == 3 && v[0] == 'c' ? 0.01 : 0.0);
      run.units.push_back(u);
    }
  const Comparison c = compare_runs({run}, {});
  CHECK(c.shared_metrics == std::vector<std::string>{"oracle_taste.map@10"});
  const std::string text = format_comparison(c, {run});
  INFO(text);
  CHECK(text.find("(the same for every variant: the data's)") != std::string::npos);
  const auto line_of = [&](const std::string& m) {
    const auto at = text.find("\n" + m);
    return at == std::string::npos ? std::string() : text.substr(at + 1, text.find('\n', at + 1) - at - 1);
  };
  CHECK(collapse_spaces(line_of("oracle_taste.map@10")) == "oracle_taste.map@10 (the same for every variant: the data's) 3 0.0700 ± 0.0100");
  CHECK(line_of("near").find("(reference)") != std::string::npos);  // printed per variant as usual
  // One variant alone: nothing to collapse.
  Run one = run;
  one.units.resize(3);
  CHECK(compare_runs({one}, {}).shared_metrics.empty());
}

TEST_CASE("compare --reference GRID: each variant against the reference at its own grid point", "[results][compare]") {
  // A rho sweep in one run: the worlds differ by far more (0.1 AUC) than the models (0.01-0.02).
  Run run;
  run.path = "grid.h5";
  run.info.scenario = "s";
  const auto add = [&](const std::string& variant, const std::string& rho, double effect) {
    for (std::int64_t seed = 1; seed <= 5; ++seed) {
      UnitResult u;
      u.variant = variant;
      u.seed = seed;
      u.data_hash = "world" + rho + "-" + std::to_string(seed);
      const double world = rho == "1" ? 0.80 : rho == "0" ? 0.70 : 0.75;
      u.metrics["auc"] = world + effect + 0.003 * std::sin(double(seed) * 1.3 + double(variant.size()));
      run.units.push_back(u);
    }
  };
  add("single[sim.task_correlation=1]", "1", 0);
  add("single[sim.task_correlation=0]", "0", 0);
  add("mmoe[sim.task_correlation=1]", "1", 0.02);
  add("mmoe[sim.task_correlation=0]", "0", 0.01);
  add("mmoe[experts=8,sim.task_correlation=0]", "0", 0.015);  // an option axis beside the world's
  add("lonely[sim.task_correlation=0.5]", "0.5", 0);           // no single at rho 0.5

  CompareOptions o;
  o.reference = "single";
  const Comparison c = compare_runs({run}, o);
  CHECK(c.reference_grid == std::vector<std::string>{"single[sim.task_correlation=1]", "single[sim.task_correlation=0]"});
  CHECK(c.reference_of.at("mmoe[sim.task_correlation=1]") == "single[sim.task_correlation=1]");
  CHECK(c.reference_of.at("mmoe[experts=8,sim.task_correlation=0]") == "single[sim.task_correlation=0]");
  CHECK(c.without_reference == std::vector<std::string>{"lonely[sim.task_correlation=0.5]"});
  // Paired within each world: +0.02 at rho 1, +0.01 at rho 0 (not +0.12 / -0.09 across worlds).
  CHECK(delta(c, "auc", "mmoe[sim.task_correlation=1]").stats.mean_difference == Approx(0.02).margin(0.005));
  CHECK(delta(c, "auc", "mmoe[sim.task_correlation=0]").stats.mean_difference == Approx(0.01).margin(0.005));
  CHECK(delta(c, "auc", "mmoe[experts=8,sim.task_correlation=0]").stats.mean_difference == Approx(0.015).margin(0.005));
  for (const auto& d : c.deltas) CHECK(d.variant != "lonely[sim.task_correlation=0.5]");
  // The data check pairs each variant with its reference, so different worlds are no warning.
  CHECK(c.warnings.empty());
  CHECK(c.data_check.find("15 of 15 pairs saw identical data") != std::string::npos);

  const std::string text = format_comparison(c, {run});
  INFO(text);
  CHECK(text.find("reference variant: single (--reference, at each variant's grid point)") != std::string::npos);
  CHECK(text.find("no reference at the grid point of: lonely[sim.task_correlation=0.5]") != std::string::npos);
  CHECK(text.find("(no reference at its grid point)") != std::string::npos);
  CHECK(text.find("Δ = variant - single at the variant's grid point") != std::string::npos);

  // A reference grid whose points repeat (an option axis of its own) is ambiguous.
  Run ambiguous;
  ambiguous.path = "ambiguous.h5";
  ambiguous.info.scenario = "s";
  for (const char* v : {"single[sim.task_correlation=1,width=8]", "single[sim.task_correlation=1,width=16]", "mmoe[sim.task_correlation=1]"}) {
    UnitResult u;
    u.variant = v;
    u.seed = 1;
    u.metrics["auc"] = 0.8;
    ambiguous.units.push_back(u);
  }
  CHECK_THROWS_WITH(compare_runs({ambiguous}, o), Catch::Contains("reference single") && Catch::Contains("same grid point"));
  // Without --reference the first variant's grid is the reference when the first variant is a
  // grid point; when its points repeat, the first variant alone, as for any run.
  const Comparison by_default = compare_runs({run}, {});
  CHECK(by_default.reference_variant == "single");
  CHECK(by_default.reference_of.at("mmoe[sim.task_correlation=0]") == "single[sim.task_correlation=0]");
  CHECK(by_default.reference_rule.find("at each variant's grid point") != std::string::npos);
  const Comparison first_alone = compare_runs({ambiguous}, {});
  CHECK(first_alone.reference_variant == "single[sim.task_correlation=1,width=8]");
  CHECK(first_alone.reference_grid.empty());
  // A name that is neither a variant nor a grid's base is refused as before.
  CompareOptions unknown;
  unknown.reference = "sing";
  CHECK_THROWS_WITH(compare_runs({run}, unknown), Catch::Contains("unknown variant 'sing'"));
}
