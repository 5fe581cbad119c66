// simrec compare / gate / report from the command line: exit codes (0 ok, 1 regression, 2 bad
// input), messages naming files, scenarios, variants and metrics, and nothing written on error.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "support/python_runner.hpp"
#include "support/run_fixtures.hpp"

using simrec::testing::FixtureRun;
using simrec::testing::write_fixture_run;
namespace fs = std::filesystem;

namespace {
struct Result {
  int rc = -1;
  std::string out, err;
};
std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
struct Fixture {
  std::string dir = simrec::testing::make_temp_dir("simrec_cli_");
  ~Fixture() { fs::remove_all(dir); }
  // Runs simrec with stdout and stderr captured separately.
  Result simrec(const std::string& args) const {
    const std::string cmd = std::string(SIMREC_BINARY) + " " + args + " >" + dir + "/out.txt 2>" + dir + "/err.txt";
    const int status = std::system(cmd.c_str());
    Result r;
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(dir + "/out.txt");
    r.err = slurp(dir + "/err.txt");
    return r;
  }
  std::string run(const std::string& name, const FixtureRun& f) const { return write_fixture_run(dir + "/" + name, f); }
};
bool contains(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }
}  // namespace

TEST_CASE("cli: compare of two runs of the same seeds prints zero deltas, exit 0", "[app][compare]") {
  Fixture fx;
  const std::string a = fx.run("a.h5", {}), b = fx.run("b.h5", {});
  const Result r = fx.simrec("compare " + a + " " + b);
  INFO(r.out << r.err);
  CHECK(r.rc == 0);
  CHECK(contains(r.out, "scenario 'yt-depth': 2 runs"));
  CHECK(contains(r.out, "[0, 0]"));
  CHECK_FALSE(contains(r.out, "+0 "));
  CHECK_FALSE(std::regex_search(r.out, std::regex(R"(\d \*)")));  // no p-value marked significant
  const Result one = fx.simrec("compare " + a + " --reference depth1 --metrics auc");
  INFO(one.out << one.err);
  CHECK(one.rc == 0);
  CHECK(contains(one.out, "reference variant: depth1 (--reference)"));
  CHECK_FALSE(contains(one.out, "recall@10"));
}

TEST_CASE("cli: compare refuses runs of different scenarios, exit 2, nothing on stdout", "[app][compare][errors]") {
  Fixture fx;
  FixtureRun other;
  other.scenario = "mtl-seesaw";
  const std::string a = fx.run("a.h5", {}), b = fx.run("other.h5", other);
  const Result r = fx.simrec("compare " + a + " " + b);
  CHECK(r.rc == 2);
  CHECK(r.out.empty());
  CHECK(contains(r.err, "a.h5"));
  CHECK(contains(r.err, "other.h5"));
  CHECK(contains(r.err, "different scenarios"));
  FixtureRun later;
  later.seeds = {7, 8};
  const Result disjoint = fx.simrec("compare " + a + " " + fx.run("later.h5", later));
  CHECK(disjoint.rc == 2);
  CHECK(disjoint.out.empty());
  CHECK(contains(disjoint.err, "no (variant, seed) in common"));
  CHECK(contains(disjoint.err, "later.h5"));
  const Result unknown = fx.simrec("compare " + a + " --metrics aucc");
  CHECK(unknown.rc == 2);
  CHECK(contains(unknown.err, "aucc"));
  // --by-traffic needs a multi-scenario run's per-scenario arrays; refused before any table.
  const Result traffic = fx.simrec("compare " + a + " --by-traffic");
  CHECK(traffic.rc == 2);
  CHECK(traffic.out.empty());
  CHECK(contains(traffic.err, "scenario_auc"));
  const Result traffic_two = fx.simrec("compare " + a + " " + fx.run("same.h5", {}) + " --by-traffic");
  CHECK(traffic_two.rc == 2);
  CHECK(traffic_two.out.empty());
  CHECK(contains(traffic_two.err, "--pool"));
  CHECK(fx.simrec("compare").rc == 2);
  CHECK(fx.simrec("compare --frobnicate " + a).rc == 2);
  const Result help = fx.simrec("compare --help");
  CHECK(help.rc == 0);
  CHECK(contains(help.out, "usage: simrec compare"));
}

TEST_CASE("cli: gate passes an exact reproduction and fails a degraded candidate", "[app][gate]") {
  Fixture fx;
  const std::string base = fx.run("base.h5", {}), same = fx.run("same.h5", {});
  FixtureRun worse;
  worse.shift[{"depth2", "auc"}] = -0.01;
  const std::string cand = fx.run("cand.h5", worse);

  const Result pass = fx.simrec("gate --baseline " + base + " --candidate " + same);
  INFO(pass.out << pass.err);
  CHECK(pass.rc == 0);
  CHECK(contains(pass.out, "gate PASSED"));

  const Result fail = fx.simrec("gate --baseline " + base + " --candidate " + cand + " --tolerance auc=0.002");
  INFO(fail.out << fail.err);
  CHECK(fail.rc == 1);
  CHECK(contains(fail.out, "FAIL scenario 'yt-depth' variant 'depth2' metric 'auc': baseline 0.7"));
  CHECK(contains(fail.out, ", candidate 0.7"));
  CHECK(contains(fail.out, "difference -0.01"));
  CHECK(contains(fail.out, "tolerance 0.002"));
  CHECK(contains(fail.out, "gate FAILED: 1 of 9 checks failed"));

  const Result loose = fx.simrec("gate --baseline " + base + " --candidate " + cand + " --tolerance auc=0.02");
  CHECK(loose.rc == 0);
}

TEST_CASE("cli: gate bad input exits 2 with the reason", "[app][gate][errors]") {
  Fixture fx;
  const std::string base = fx.run("base.h5", {});
  Result r = fx.simrec("gate --baseline " + base + " --candidate " + base + " --tolerance auc:0.1");
  CHECK(r.rc == 2);
  CHECK(contains(r.err, "METRIC=VALUE"));
  r = fx.simrec("gate --baseline " + base + " --candidate " + fx.dir + "/nope.h5");
  CHECK(r.rc == 2);
  CHECK(contains(r.err, "nope.h5"));
  r = fx.simrec("gate --baseline " + base);
  CHECK(r.rc == 2);
  CHECK(contains(r.err, "--candidate"));
  FixtureRun other;
  other.scenario = "mtl-seesaw";
  r = fx.simrec("gate --baseline " + base + " --candidate " + fx.run("other.h5", other));
  CHECK(r.rc == 2);
  CHECK(contains(r.err, "different scenarios"));
  r = fx.simrec("gate --baseline " + base + " --candidate " + base + " --speed-tolerance 0");
  CHECK(r.rc == 2);
}

TEST_CASE("cli: truncated HDF5 input exits 2 naming the file, for every command", "[app][errors]") {
  Fixture fx;
  const std::string good = fx.run("good.h5", {});
  const std::string broken = fx.run("broken.h5", {});
  fs::resize_file(broken, fs::file_size(broken) / 2);
  for (const std::string& args : {"compare " + good + " " + broken, "gate --baseline " + good + " --candidate " + broken,
                                 "report " + good + " " + broken + " -o " + fx.dir + "/r.html"}) {
    const Result r = fx.simrec(args);
    INFO(args << "\n" << r.err);
    CHECK(r.rc == 2);
    CHECK(contains(r.err, "broken.h5"));
    CHECK(r.out.empty());
  }
  CHECK_FALSE(fs::exists(fx.dir + "/r.html"));
}

TEST_CASE("cli: report writes a self-contained page, exit 2 when it cannot", "[app][report]") {
  Fixture fx;
  const std::string a = fx.run("a.h5", {});
  const std::string page = fx.dir + "/report.html";
  Result r = fx.simrec("report " + a + " -o " + page);
  INFO(r.out << r.err);
  CHECK(r.rc == 0);
  CHECK(contains(r.out, "wrote " + page));
  REQUIRE(fs::exists(page));
  const std::string html = slurp(page);
  CHECK(contains(html, "<h2 id=\"provenance\">"));
  CHECK_FALSE(contains(html, "http://"));
  r = fx.simrec("report " + a + " -o " + fx.dir + "/no/such/dir/report.html");
  CHECK(r.rc == 2);
  CHECK(contains(r.err, "no/such/dir/report.html"));
  r = fx.simrec("report " + a);
  CHECK(r.rc == 2);
  CHECK(contains(r.err, "--output"));
  r = fx.simrec("report " + a + " -o " + fx.dir + "/tables.html --no-plots");
  CHECK(r.rc == 0);
  CHECK_FALSE(contains(slurp(fx.dir + "/tables.html"), "<svg"));
}
