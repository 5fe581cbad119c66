// The multi-task harness: per-task metrics over masked rows (hand-computed), the [multitask] and
// [mmoe] scenario sections with variant-level grids, and an end-to-end run on the MMoE generator
// with a test-only model.
#include <catch2/catch.hpp>

#include "results/store/run_file.hpp"
#include "scenarios/evaluate_multitask.hpp"
#include "support/scenario_run.hpp"

using namespace simrec;

namespace {

// Two binary tasks per group x two groups, 4 rows: rows 0, 1 in group A, rows 2, 3 in group B.
datasets::MultiTaskTable grouped_table() {
  datasets::MultiTaskTable t;
  t.behaviour_names = {"finish", "ratio"};
  t.group_names = {"A", "B"};
  t.task_names = {"finish.A", "finish.B", "ratio.A", "ratio.B"};
  t.task_is_binary = {1, 1, 0, 0};
  t.task_behaviour = {0, 0, 1, 1};
  t.task_group = {0, 1, 0, 1};
  t.dense_names = {"x"};
  t.rows = 4;
  t.dense = {0, 0, 0, 0};
  // labels: finish.A finish.B ratio.A ratio.B
  t.labels = {1, 9, 0.5f, 9,   //
              0, 9, 0.1f, 9,   //
              9, 1, 9, 0.2f,   //
              9, 0, 9, 0.4f};  // 9 = a masked cell's label (must be ignored)
  t.mask = {1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1};
  t.group = {0, 0, 1, 1};
  return t;
}

// Predicts each task's training mean (a test-only multi-task model).
class MeanModel : public algorithms::MultiTaskAlgorithm {
 public:
  void fit(const algorithms::MultiTaskTrainView& v, algorithms::TrainingLogger& log) override {
    means_.assign(v.train.num_tasks(), 0);
    for (std::size_t t = 0; t < v.train.num_tasks(); ++t) {
      double s = 0;
      for (std::size_t r = 0; r < v.train.size(); ++r) s += v.train.label(r, t);
      means_[t] = float(s / double(v.train.size()));
    }
    log.log(1, "train_loss", 1.0);
  }
  std::vector<float> predict(const datasets::MultiTaskTable& rows) override {
    std::vector<float> p;
    for (std::size_t r = 0; r < rows.size(); ++r) p.insert(p.end(), means_.begin(), means_.end());
    return p;
  }

 private:
  std::vector<float> means_;
};

algorithms::Registry mean_registry() {
  algorithms::Registry reg;
  reg.add({"mean_model", algorithms::Task::MultiTask, "test only", {},
           [](const algorithms::OptionValues&) { return std::make_unique<MeanModel>(); }});
  return reg;
}

const char* kSynthetic = R"(name = mtl-test
task = multitask
seeds = 1, 2
metrics = mse
[data]
source = mmoe_synthetic
[mmoe]
dim = 8
num_samples = 600
[multitask]
tasks = task1, task2
test_fraction = 0.25
[variant.mean]
algorithm = mean_model
mmoe.task_correlation = 1, 0
)";

}  // namespace

TEST_CASE("multitask evaluation: per task over its own rows, means and group aggregates", "[scenarios][multitask]") {
  const auto t = grouped_table();
  // predictions rows x tasks; masked cells hold garbage that must not count
  const std::vector<float> p = {0.8f, -5, 0.4f, -5,  //
                                0.3f, -5, 0.3f, -5,  //
                                -5, 0.2f, -5, 0.2f,  //
                                -5, 0.6f, -5, 0.1f};
  const auto m = scenarios::evaluate_multitask(p, t, {"auc", "mse", "mae"});
  CHECK(m.at("auc:finish.A") == Approx(1.0));  // positive 0.8 > negative 0.3
  CHECK(m.at("auc:finish.B") == Approx(0.0));  // positive 0.2 < negative 0.6
  CHECK(m.at("auc:mean") == Approx(0.5));
  CHECK(m.at("auc:A") == Approx(1.0));
  CHECK(m.at("mse:ratio.A") == Approx((0.01 + 0.04) / 2));  // (0.5-0.4)^2, (0.1-0.3)^2
  CHECK(m.at("mse:ratio.B") == Approx((0.0 + 0.09) / 2));
  CHECK(m.at("mse:mean") == Approx((0.025 + 0.045) / 2));
  CHECK(m.at("mae:B") == Approx((0.0 + 0.3) / 2));
  CHECK(m.count("auc:ratio.A") == 0);  // families apply to their kind of task only
  CHECK(m.count("gauc:mean") == 0);
  CHECK_THROWS_WITH(scenarios::evaluate_multitask({1, 2}, t, {"auc"}), Catch::Contains("2 values for 4 rows x 4 tasks"));
}

TEST_CASE("multitask scenario: sections, task names and variant grids over the generator", "[scenarios][multitask]") {
  const auto reg = mean_registry();
  const auto sc = scenarios::load_scenario_text(kSynthetic, "m.ini", {}, "default", reg);
  REQUIRE(sc.variants.size() == 2);
  CHECK(sc.variants[0].name == "mean[mmoe.task_correlation=1]");
  CHECK(sc.mmoe_for(sc.variants[1]).task_correlation == 0);
  CHECK(sc.mmoe_for(sc.variants[0]).dim == 8);
  CHECK(sc.data_key(sc.variants[0]) != sc.data_key(sc.variants[1]));
  CHECK(sc.resolved_text().find("[multitask]\ntasks = task1, task2\n") != std::string::npos);
  CHECK(sc.resolved_text().find("mmoe.task_correlation = 0\n") != std::string::npos);
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kSynthetic, "m.ini", {"multitask.tasks=task1, tsk2"}, "default", reg),
                    Catch::Contains("unknown task 'tsk2'") && Catch::Contains("allowed task1, task2"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kSynthetic, "m.ini", {"variant.mean.mmoe.task_corelation=1"}, "default", reg),
                    Catch::Contains("did you mean 'task_correlation'"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kSynthetic, "m.ini", {"mmoe.task_correlation=2"}, "default", reg),
                    Catch::Contains("mmoe.task_correlation = 2 is out of range"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kSynthetic, "m.ini", {"metrics=recall@10"}, "default", reg),
                    Catch::Contains("allowed: auc, gauc, log_loss, mse, mae"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kSynthetic, "m.ini", {"data.source=adulty"}, "default", reg),
                    Catch::Contains("allowed movielens:PATH") && Catch::Contains("adult:DIR"));
  const auto missing = scenarios::load_scenario_text(kSynthetic, "m.ini", {"data.source=adult:/nowhere", "multitask.tasks=income"},
                                                     "default", reg);
  CHECK_THAT(missing.data_missing, Catch::Contains("/nowhere/adult.data not found"));
  // [multitask] belongs to multitask scenarios only.
  const std::string retrieval = "name = r\ntask = retrieval\nseeds = 1\nmetrics = recall@10\n[multitask]\nclicked_only = 1\n"
                                "[variant.pop]\nalgorithm = mostpop\n";
  CHECK_THROWS_WITH(scenarios::load_scenario_text(retrieval, "r.ini", {}), Catch::Contains("only for task = multitask"));
}

TEST_CASE("multitask runner: an end-to-end run on the generator records per-task metrics and the data facts",
          "[scenarios][multitask][runner]") {
  const auto reg = mean_registry();
  const auto sc = scenarios::load_scenario_text(kSynthetic, "m.ini", {}, "default", reg);
  const auto [run, failed_units] = testing::run_scenario_in_temp_dir(sc, "simrec_mtl_run_");
  CHECK(failed_units == 0);
  const auto* same = run.find("mean[mmoe.task_correlation=1]", 2);
  const auto* indep = run.find("mean[mmoe.task_correlation=0]", 2);
  REQUIRE(same != nullptr);
  REQUIRE(indep != nullptr);
  CHECK(same->metrics.at("mse:task1") > 0);
  CHECK(same->metrics.count("mse:task2") == 1);
  CHECK(same->metrics.at("data_task_weight_cosine") == Approx(1.0));
  CHECK(indep->metrics.at("data_task_weight_cosine") == Approx(0.0).margin(1e-9));
  CHECK(same->metrics.at("data_task_label_correlation") > 0.99);
  // task1 does not depend on rho: same rows, same labels, same mean model -> same error
  CHECK(same->metrics.at("mse:task1") == indep->metrics.at("mse:task1"));
  CHECK(same->data_hash != indep->data_hash);
  // The split's facts: every row applies to both generator tasks.
  CHECK(same->metrics.at("data_rows_train") > 0);
  CHECK(same->metrics.at("data_rows_train:task2") == same->metrics.at("data_rows_train"));
  CHECK(same->metrics.count("data_label_mean_train:task1") == 1);
}
