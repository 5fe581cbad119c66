// The runner keeps going when one variant's training produces NaN: that unit is recorded as
// failed with a clear status, the others finish, and the run file says so (SPEC §9).
#include <catch2/catch.hpp>
#include <filesystem>
#include <limits>

#include "algorithms/baselines/baselines.hpp"
#include "results/store/run_file.hpp"
#include "scenarios/runner.hpp"
#include "support/python_runner.hpp"

using namespace simrec;

namespace {
// A retrieval algorithm whose training loss diverges at epoch 3 (for this test only).
class Diverging : public algorithms::RetrievalAlgorithm {
 public:
  void fit(const algorithms::VideoTrainView&, algorithms::TrainingLogger& log) override {
    for (int e = 1; e <= 5; ++e) log.log(e, "train_loss", e < 3 ? 1.0 / e : std::numeric_limits<double>::quiet_NaN());
  }
  void recommend(const datasets::RetrievalSamples& q, int, bool, algorithms::RankedLists& out) override {
    out.clear();
    for (std::size_t r = 0; r < q.size(); ++r) out.offsets.push_back(0);
  }
};
}  // namespace

TEST_CASE("a variant whose training produces NaN fails alone; the run completes", "[scenarios][runner][errors]") {
  algorithms::Registry reg;
  reg.add(algorithms::baselines::mostpop_info());
  reg.add({"diverging", algorithms::Task::Retrieval, "test only", {},
           [](const algorithms::OptionValues&) { return std::make_unique<Diverging>(); }});
  const std::string text =
      "name = nan\ntask = retrieval\nseeds = 1\nmetrics = recall@10\n[sim]\nnum_users = 200\nnum_videos = 300\n"
      "num_channels = 30\n[variant.bad]\nalgorithm = diverging\n[variant.good]\nalgorithm = mostpop\n";
  const auto sc = scenarios::load_scenario_text(text, "nan.ini", {}, "default", reg);
  const std::string dir = testing::make_temp_dir("simrec_nan_");
  scenarios::RunOptions ro;
  ro.out_path = dir + "/nan.h5";
  ro.progress_out = stdout;
  const auto outcome = scenarios::run_scenario(sc, ro);
  CHECK(outcome.failed_units == 1);
  const auto run = results::read_run(outcome.path);
  CHECK(run.info.exit_status == 1);
  const auto* bad = run.find("bad", 1);
  const auto* good = run.find("good", 1);
  REQUIRE(bad != nullptr);
  REQUIRE(good != nullptr);
  CHECK(bad->status.find("failed: non-finite value in training: train_loss became NaN at epoch 3") == 0);
  CHECK(bad->curves.at("train_loss").y.size() == 2);  // the finite values before the failure are kept
  CHECK(good->ok());
  CHECK(good->metrics.at("recall@10") > 0);
  std::filesystem::remove_all(dir);
}
