// Multi-task models end to end: every registered model learns the synthetic correlated tasks
// clearly better than predicting the training mean; same seed -> bit-identical predictions on 1
// and 2 threads; logging and early stopping; bad options and unknown task names rejected with
// messages that name the option and the allowed values.
#include <catch2/catch.hpp>
#include <omp.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "multitask_fixture.hpp"

using namespace simrec;
using namespace simrec::testing;

namespace {

// One dataset (the generator draws its task functions once per seed), split into 3000 training,
// 500 validation and 1000 test rows.
const datasets::MultiTaskTable& all_rows() {
  static const datasets::MultiTaskTable t = grouped_synthetic_table(4500, 101);
  return t;
}
datasets::MultiTaskTable rows_between(std::size_t first, std::size_t last) {
  std::vector<std::size_t> rows;
  for (std::size_t r = first; r < last; ++r) rows.push_back(r);
  return all_rows().select(rows);
}
const datasets::MultiTaskTable& train_table() {
  static const datasets::MultiTaskTable t = rows_between(0, 3000);
  return t;
}
const datasets::MultiTaskTable& validation_table() {
  static const datasets::MultiTaskTable t = rows_between(3000, 3500);
  return t;
}
const datasets::MultiTaskTable& test_table() {
  static const datasets::MultiTaskTable t = rows_between(3500, 4500);
  return t;
}

// Small, fast settings (about a second per fit on two cores).
std::map<std::string, std::string> fast(std::map<std::string, std::string> extra = {}) {
  std::map<std::string, std::string> o{{"epochs", "4"},           {"batch_size", "64"}, {"learning_rate", "0.005"},
                                       {"tower_hidden", "16"},    {"embedding_dim", "4"}, {"patience", "0"}};
  for (const auto& [k, v] : extra) o[k] = v;
  return o;
}

std::string widths_key(const std::string& model) {
  return model == "single_task" || model == "shared_bottom" ? "bottom_hidden" : "expert_hidden";
}

// Per task: the model's error over the test rows where the task applies, and the error of the
// training mean (MSE for regression, Brier score for binary tasks).
struct TaskErrors {
  std::vector<double> model, baseline;
};
TaskErrors task_errors(const std::vector<float>& pred) {
  const auto& tr = train_table();
  const auto& te = test_table();
  const std::size_t T = tr.num_tasks();
  TaskErrors e;
  for (std::size_t t = 0; t < T; ++t) {
    double mean = 0, n = 0;
    for (std::size_t r = 0; r < tr.size(); ++r)
      if (tr.applies(r, t)) mean += tr.label(r, t), n += 1;
    mean /= n;
    double m = 0, b = 0, k = 0;
    for (std::size_t r = 0; r < te.size(); ++r)
      if (te.applies(r, t)) {
        const double y = te.label(r, t), p = pred[r * T + t];
        m += (p - y) * (p - y);
        b += (mean - y) * (mean - y);
        k += 1;
      }
    e.model.push_back(m / k);
    e.baseline.push_back(b / k);
  }
  return e;
}

}  // namespace

TEST_CASE("every multi-task model learns the correlated synthetic tasks well above the mean baseline", "[algorithms][multitask]") {
  // Margin: a fifth of the baseline's MSE on regression tasks, 0.4 of its Brier score on the
  // binary ones (measured: at most 0.06 and 0.17 of the baseline after 4 epochs). With training
  // broken (learning_rate 1e-9) every model stays at about 1x the baseline and the test fails.
  for (const std::string model : {"single_task", "shared_bottom", "mmoe", "cgc", "ple", "mfh"}) {
    INFO(model);
    auto options = fast({{widths_key(model), "32-16"}});
    if (model == "mmoe") options["experts"] = "4";
    auto algo = make_multitask(model, options);
    MultiTaskRecorder log;
    const datasets::MultiTaskTable none;
    algo->fit({train_table(), none, 7}, log);
    CHECK(log.curves.at("train_loss").size() == 4);
    CHECK(log.curves.count("validation_loss") == 0);
    CHECK(log.last_progress == 1.0);
    const std::vector<float> pred = algo->predict(test_table());
    REQUIRE(pred.size() == test_table().size() * 6);
    const TaskErrors e = task_errors(pred);
    for (std::size_t t = 0; t < 6; ++t) {
      INFO("task " << test_table().task_names[t] << ": model " << e.model[t] << ", mean baseline " << e.baseline[t]);
      CHECK(e.model[t] < (test_table().task_is_binary[t] ? 0.4 : 0.2) * e.baseline[t]);
    }
    for (std::size_t i = 0; i < pred.size(); ++i)
      if (test_table().task_is_binary[i % 6]) REQUIRE((pred[i] >= 0 && pred[i] <= 1));
  }
}

TEST_CASE("multi-task training is bit-identical for 1 and 2 threads", "[algorithms][multitask]") {
  const auto run = [](int threads) {
    omp_set_num_threads(threads);
    auto algo = make_multitask("ple", fast({{"epochs", "2"}, {"dropout", "0.1"}, {"task_weighting", "uncertainty"}, {"expert_hidden", "16"}}));
    algorithms::NullLogger log;
    const datasets::MultiTaskTable none;
    algo->fit({train_table(), none, 3}, log);
    return algo->predict(test_table());
  };
  const std::vector<float> one = run(1), two = run(2);
  omp_set_num_threads(2);
  REQUIRE(one.size() == two.size());
  CHECK(std::memcmp(one.data(), two.data(), one.size() * sizeof(float)) == 0);
}

TEST_CASE("multi-task training logs validation loss and stops early, keeping the best epoch", "[algorithms][multitask]") {
  // A learning rate far too high makes the validation loss worse after the first epochs.
  const datasets::MultiTaskTable& valid = validation_table();
  auto algo = make_multitask("shared_bottom", fast({{"epochs", "30"}, {"patience", "2"}, {"bottom_hidden", "16"}}));
  MultiTaskRecorder log;
  algo->fit({train_table(), valid, 5}, log);
  const auto& v = log.curves.at("validation_loss");
  CHECK(v.size() == log.curves.at("train_loss").size());
  REQUIRE(log.curves.count("best_epoch") == 1);
  const std::size_t best = std::size_t(log.curves.at("best_epoch").front());
  CHECK(v[best - 1] == *std::min_element(v.begin(), v.end()));
  if (v.size() < 30) CHECK(v.size() == best + 2);  // stopped after `patience` epochs without improvement
}

TEST_CASE("multi-task reduce on plateau: the same run up to the first plateau, then a lower rate from the best epoch",
          "[algorithms][multitask]") {
  const datasets::MultiTaskTable& valid = validation_table();
  const std::map<std::string, std::string> plain_options{{"epochs", "30"}, {"patience", "1"}, {"bottom_hidden", "16"}};
  std::map<std::string, std::string> decay_options = plain_options;
  decay_options["lr_decays"] = "1";
  decay_options["lr_decay_factor"] = "0.2";
  MultiTaskRecorder plain, decayed;
  make_multitask("shared_bottom", fast(plain_options))->fit({train_table(), valid, 5}, plain);
  make_multitask("shared_bottom", fast(decay_options))->fit({train_table(), valid, 5}, decayed);
  const auto& v0 = plain.curves.at("validation_loss");
  const auto& v1 = decayed.curves.at("validation_loss");
  REQUIRE(v0.size() < 30);
  REQUIRE(v1.size() > v0.size());
  for (std::size_t e = 0; e < v0.size(); ++e) CHECK(v1[e] == v0[e]);
  REQUIRE(decayed.curves.count("learning_rate") == 1);
  CHECK(decayed.curves.at("learning_rate").front() == Approx(0.2 * std::stod(fast({}).at("learning_rate"))));
  CHECK(v1[v0.size()] < v0.back());  // restarted from the best parameters at a lower rate
  CHECK(*std::min_element(v1.begin(), v1.end()) <= *std::min_element(v0.begin(), v0.end()));
}

TEST_CASE("multi-task per-task selection: each task predicted with the parameters of its own best validation epoch",
          "[algorithms][multitask]") {
  const datasets::MultiTaskTable& valid = validation_table();
  const auto& names = train_table().task_names;
  // A high rate makes the tasks' validation losses turn at different epochs; patience = epochs,
  // so all 8 epochs run and each task's best is the minimum of its own curve.
  const std::map<std::string, std::string> base{{"epochs", "8"}, {"learning_rate", "0.02"}, {"expert_hidden", "16"}, {"experts", "3"}};
  std::map<std::string, std::string> per_task_options = base;
  per_task_options["patience"] = "8";
  per_task_options["selection"] = "per_task";
  auto per_task = make_multitask("mmoe", fast(per_task_options));
  MultiTaskRecorder log;
  per_task->fit({train_table(), valid, 7}, log);
  const std::vector<float> pred = per_task->predict(test_table());
  const std::size_t T = names.size();
  REQUIRE(log.curves.count("best_epoch") == 0);  // no joint choice was made
  std::set<std::int64_t> distinct;
  const auto& joint_curve = log.curves.at("validation_loss");
  for (std::size_t e = 0; e < joint_curve.size(); ++e) {  // the combined loss is the mean of the tasks' (unit weights)
    double sum = 0;
    for (const auto& n : names) sum += log.curves.at("validation_loss:" + n)[e];
    CHECK(joint_curve[e] == Approx(sum / double(T)).epsilon(1e-12));
  }
  for (std::size_t t = 0; t < T; ++t) {
    const auto& v = log.curves.at("validation_loss:" + names[t]);
    REQUIRE(v.size() == 8);
    const std::int64_t best = std::int64_t(log.curves.at("best_epoch:" + names[t]).front());
    CHECK(v[std::size_t(best - 1)] == *std::min_element(v.begin(), v.end()));
    distinct.insert(best);
  }
  REQUIRE(distinct.size() >= 2);  // otherwise the test below could not tell the snapshots apart
  // Column t equals, bit for bit, the prediction of the same model trained for exactly task t's
  // best number of epochs (no early stopping: the last epoch is kept; same seed, same batches).
  for (const std::int64_t epochs : distinct) {
    std::map<std::string, std::string> fixed = base;
    fixed["epochs"] = std::to_string(epochs);
    auto joint = make_multitask("mmoe", fast(fixed));
    algorithms::NullLogger quiet;
    joint->fit({train_table(), valid, 7}, quiet);
    const std::vector<float> reference = joint->predict(test_table());
    for (std::size_t t = 0; t < T; ++t) {
      if (std::int64_t(log.curves.at("best_epoch:" + names[t]).front()) != epochs) continue;
      INFO("task " << names[t] << ", best epoch " << epochs);
      std::size_t same = 0;
      for (std::size_t r = 0; r < test_table().size(); ++r) same += pred[r * T + t] == reference[r * T + t] ? 1 : 0;
      CHECK(same == test_table().size());
    }
  }
  // Early stopping waits for the last task to stall.
  per_task_options["patience"] = "1";
  per_task_options["epochs"] = "30";
  MultiTaskRecorder stopped;
  make_multitask("mmoe", fast(per_task_options))->fit({train_table(), valid, 7}, stopped);
  std::int64_t last_best = 0;
  for (const auto& n : names) last_best = std::max(last_best, std::int64_t(stopped.curves.at("best_epoch:" + n).front()));
  const std::size_t ran = stopped.curves.at("validation_loss").size();
  if (ran < 30) CHECK(std::int64_t(ran) == last_best + 1);
  CHECK_THROWS_WITH(make_multitask("mmoe", {{"selection", "per_task"}, {"lr_decays", "1"}}),
                    Catch::Contains("selection = per_task") && Catch::Contains("lr_decays"));
  CHECK_THROWS_WITH(make_multitask("mmoe", {{"selection", "each"}}), Catch::Contains("joint") && Catch::Contains("per_task"));
}

TEST_CASE("multi-task options: bad values are rejected naming the option and the allowed values", "[algorithms][multitask]") {
  CHECK_THROWS_WITH(make_multitask("mmoe", {{"experts", "0"}}), Catch::Contains("mmoe.experts") && Catch::Contains("[1, 1024]"));
  CHECK_THROWS_WITH(make_multitask("cgc", {{"task_experts", "0"}, {"shared_experts", "0"}}),
                    Catch::Contains("task_experts = 0 and shared_experts = 0") && Catch::Contains("allowed"));
  CHECK_THROWS_WITH(make_multitask("ple", {{"task_experts", "0"}, {"shared_experts", "0"}}), Catch::Contains("without an expert"));
  CHECK_THROWS_WITH(make_multitask("mfh", {{"task_experts", "0"}, {"shared_experts", "0"}}), Catch::Contains("without an expert"));
  CHECK_THROWS_WITH(make_multitask("ple", {{"shared_experts", "0"}, {"levels", "3"}}), Catch::Contains("no shared branch between levels"));
  CHECK_NOTHROW(make_multitask("ple", {{"shared_experts", "0"}, {"levels", "1"}}));
  CHECK_THROWS_WITH(make_multitask("ple", {{"levels", "0"}}), Catch::Contains("levels") && Catch::Contains("[1, 16]"));
  CHECK_THROWS_WITH(make_multitask("mmoe", {{"expert_hidden", "none"}}), Catch::Contains("expert_hidden = none"));
  CHECK_THROWS_WITH(make_multitask("mmoe", {{"expert_hidden", "64-0"}}), Catch::Contains("out of range"));
  CHECK_THROWS_WITH(make_multitask("mmoe", {{"task_weighting", "uncertainity"}}),
                    Catch::Contains("did you mean 'uncertainty'") && Catch::Contains("static, uncertainty, rarity"));
  CHECK_THROWS_WITH(make_multitask("mmoe", {{"task_weights", "1, x"}}), Catch::Contains("'x' is not a weight"));
  CHECK_THROWS_WITH(make_multitask("mmoe", {{"task_weights", "1, a=2"}}), Catch::Contains("mixes"));
  CHECK_THROWS_WITH(make_multitask("mmoe", {{"optimizer", "adamw"}}), Catch::Contains("one of: adam, adagrad, sgd"));
  CHECK_THROWS_WITH(make_multitask("mmoe", {{"experts_hidden", "8"}}), Catch::Contains("did you mean 'expert_hidden'"));

  // Task names are checked against the table when fitting.
  algorithms::NullLogger log;
  const datasets::MultiTaskTable none;
  auto unknown = make_multitask("mmoe", fast({{"epochs", "1"}, {"task_weights", "y1.A=2, finsh=1"}}));
  CHECK_THROWS_WITH(unknown->fit({train_table(), none, 1}, log),
                    Catch::Contains("unknown task 'finsh'") && Catch::Contains("y1.A, y2.A, pos.A, y1.B, y2.B, pos.B"));
  auto count = make_multitask("mmoe", fast({{"epochs", "1"}, {"task_weights", "1, 2"}}));
  CHECK_THROWS_WITH(count->fit({train_table(), none, 1}, log), Catch::Contains("2 weights for 6 tasks"));
}
