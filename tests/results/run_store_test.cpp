// The HDF5 run store: round trip, the schema as h5py sees it, atomic writes, --force / --resume
// semantics, and clear errors for unreadable or truncated files.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "results/store/hdf5_io.hpp"
#include "results/store/provenance.hpp"
#include "results/store/run_file.hpp"
#include "support/python_runner.hpp"

using namespace simrec::results;
namespace fs = std::filesystem;

namespace {
UnitResult unit(const std::string& variant, std::int64_t seed, double auc) {
  UnitResult u;
  u.variant = variant;
  u.seed = seed;
  u.algorithm = "mostpop";
  u.options = "k = 10\n";
  u.data_hash = "00ff";
  u.metrics["auc"] = auc;
  u.metrics["recall@10"] = auc / 2;
  u.curves["loss"] = Curve{{1, 2, 3}, {0.9, 0.5, 0.4}};
  u.timing.fit_seconds = 1.5;
  u.arrays["scores"] = NamedArray{{2, 2}, {1, 2, 3, 4}};
  return u;
}
RunInfo info() {
  RunInfo i = build_and_machine_info();
  i.scenario = "unit-test";
  i.scale = "smoke";
  i.start_time = i.end_time = utc_now_iso8601();
  return i;
}
std::string temp_dir() { return simrec::testing::make_temp_dir("simrec_store_"); }
}  // namespace

TEST_CASE("run store: write, finish, read back", "[results][store]") {
  const std::string dir = temp_dir(), path = dir + "/run.h5";
  {
    RunWriter w(path, "[sim]\nusers = 10\n", false, false);
    w.add_unit(unit("b", 2, 0.7));
    w.add_unit(unit("a", 1, 0.6));
    CHECK_FALSE(fs::exists(path));  // nothing under the final name before finish
    w.finish(info());
  }
  REQUIRE(fs::exists(path));
  CHECK_FALSE(fs::exists(path + ".partial"));
  const Run run = read_run(path);
  CHECK(run.config == "[sim]\nusers = 10\n");
  CHECK(run.info.scenario == "unit-test");
  CHECK(run.info.blas_kernels == "unknown");  // set by the scenario runner (below), not by the store
  // The build flags name what decides the generated code: no contraction, the kernels' extra
  // flags and the vector extensions compiled in (with -march=native, also its resolved CPU).
  CHECK(run.info.build_flags.find("-ffp-contract=off") != std::string::npos);
  CHECK(run.info.build_flags.find("nn/kernels/cpu: -fno-math-errno -fno-trapping-math") != std::string::npos);
  CHECK(run.info.build_flags.find(" | isa=") != std::string::npos);
  REQUIRE(run.units.size() == 2);
  CHECK(run.units[0].variant == "a");  // ordered by (variant, seed)
  const UnitResult* b = run.find("b", 2);
  REQUIRE(b != nullptr);
  CHECK(b->metrics.at("auc") == 0.7);
  CHECK(b->curves.at("loss").y == std::vector<double>{0.9, 0.5, 0.4});
  CHECK(b->arrays.at("scores").dims == std::vector<std::int64_t>{2, 2});
  CHECK(b->timing.fit_seconds == 1.5);
  fs::remove_all(dir);
}

TEST_CASE("run store: h5py reads the file and finds the documented schema", "[results][store][h5py]") {
  if (!simrec::testing::python_module_available("h5py")) {
    WARN("SKIPPED: h5py is not available under /usr/bin/python3 (python3-h5py)");
    return;
  }
  const std::string dir = temp_dir(), path = dir + "/run.h5";
  RunWriter w(path, "[sim]\n", false, false);
  w.add_unit(unit("a", 1, 0.6));
  w.finish(info());
  std::string out;
  const int rc = simrec::testing::run_python(std::string(SIMREC_TEST_SCRIPTS_DIR) + "/check_run_schema.py", path, out);
  INFO(out);
  CHECK(rc == 0);
  fs::remove_all(dir);
}

TEST_CASE("run store: existing runs are not overwritten without force", "[results][store][errors]") {
  const std::string dir = temp_dir(), path = dir + "/run.h5";
  { RunWriter w(path, "x", false, false); w.add_unit(unit("a", 1, 0.5)); w.finish(info()); }
  CHECK_THROWS_WITH(RunWriter(path, "x", false, false), Catch::Contains("already exists") && Catch::Contains("--force"));
  { RunWriter w(path, "x", true, false); w.add_unit(unit("a", 1, 0.9)); w.finish(info()); }
  CHECK(read_run(path).units[0].metrics.at("auc") == 0.9);
  fs::remove_all(dir);
}

TEST_CASE("run store: an interrupted run resumes and keeps finished units", "[results][store]") {
  const std::string dir = temp_dir(), path = dir + "/run.h5";
  {
    RunWriter w(path, "cfg", false, false);
    w.add_unit(unit("a", 1, 0.5));
    // "crash": the writer goes away without finish(); a half-written piece may remain as .tmp
    std::ofstream(w.partial_dir() + "/a.seed_2.h5.tmp") << "garbage";
  }
  CHECK_FALSE(fs::exists(path));
  CHECK_THROWS_WITH(RunWriter(path, "cfg", false, false), Catch::Contains("--resume"));
  CHECK_THROWS_WITH(RunWriter(path, "other cfg", false, true), Catch::Contains("differs"));
  RunWriter w(path, "cfg", false, true);
  CHECK(w.has_unit("a", 1));
  CHECK_FALSE(w.has_unit("a", 2));
  w.add_unit(unit("a", 2, 0.6));
  w.finish(info());
  const Run run = read_run(path);
  CHECK(run.units.size() == 2);
  fs::remove_all(dir);
}

TEST_CASE("run store: unreadable and truncated files give a message naming the file", "[results][store][errors]") {
  const std::string dir = temp_dir(), path = dir + "/run.h5";
  CHECK_THROWS_WITH(read_run(dir + "/missing.h5"), Catch::Contains("missing.h5"));
  std::ofstream(dir + "/text.h5") << "not hdf5";
  CHECK_THROWS_WITH(read_run(dir + "/text.h5"), Catch::Contains("text.h5") && Catch::Contains("not a readable HDF5"));
  { RunWriter w(path, "x", false, false); w.add_unit(unit("a", 1, 0.5)); w.finish(info()); }
  const auto size = fs::file_size(path);
  fs::resize_file(path, size / 2);
  CHECK_THROWS_AS(read_run(path), StoreError);
  CHECK_THROWS_WITH(read_run(path), Catch::Contains("run.h5"));
  fs::remove_all(dir);
}
