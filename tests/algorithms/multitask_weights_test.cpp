// The masked multi-task objective, task weighting (static lists and names, rarity, uncertainty)
// and score fusion, against values worked out by hand.
#include <catch2/catch.hpp>

#include <cmath>

#include "algorithms/multitask/fusion.hpp"
#include "algorithms/multitask/multitask_loss.hpp"
#include "algorithms/multitask/task_weights.hpp"
#include "algorithms/options.hpp"
#include "multitask_fixture.hpp"

using namespace simrec;
using namespace simrec::algorithms::multitask;

namespace {

// 4 rows, tasks: click (binary), watch (regression); click applies to rows 0-3, watch to rows 1-2.
datasets::MultiTaskTable four_rows() {
  datasets::MultiTaskTable t;
  t.set_flat_tasks({"click", "watch"}, {1, 0});
  t.dense_names = {"d"};
  t.rows = 4;
  t.dense = {0, 1, 2, 3};
  t.labels = {1, NAN, 0, 2.0f, 0, 4.0f, 0, NAN};
  t.mask = {1, 0, 1, 1, 1, 1, 1, 0};
  t.validate();
  return t;
}

}  // namespace

TEST_CASE("masked task losses: per-task means over applicable rows, masked cells get exactly zero gradient", "[algorithms][multitask]") {
  const datasets::MultiTaskTable t = four_rows();
  const std::vector<std::size_t> rows{0, 1, 2, 3};
  const BatchTargets targets = make_targets(t, rows, nn::DType::F64);
  CHECK(targets.counts == std::vector<std::int64_t>{4, 2});
  CHECK(targets.active_tasks() == 2);
  nn::Tensor z = nn::Tensor::from({4, 2}, std::vector<double>{0.0, 9.0, 1.0, 1.0, -1.0, 3.0, 2.0, -7.0}).set_requires_grad(true);
  const nn::Tensor L = per_task_loss(z, targets, t.task_is_binary);
  const auto softplus = [](double x) { return std::log1p(std::exp(x)); };
  // click: BCE(0, 1) + BCE(1, 0) + BCE(-1, 0) + BCE(2, 0), mean of 4; watch: ((1-2)^2 + (3-4)^2) / 2.
  const double click = (softplus(-0.0) + softplus(1.0) + softplus(-1.0) + softplus(2.0)) / 4;
  CHECK(L.to_vector()[0] == Approx(click).epsilon(1e-12));
  CHECK(L.to_vector()[1] == Approx(1.0).epsilon(1e-12));
  const nn::Tensor J = combine_task_losses(L, targets, {1.0, 3.0}, t.task_is_binary);
  CHECK(J.item() == Approx((click + 3.0) / 2).epsilon(1e-12));
  J.backward();
  const std::vector<double> g = z.grad().to_vector();
  CHECK(g[1] == 0.0);  // row 0's watch cell: masked (label NaN in the table)
  CHECK(g[7] == 0.0);  // row 3's watch cell
  CHECK(g[3] == Approx(3.0 / 2 * 2 * (1.0 - 2.0) / 2).epsilon(1e-12));  // w / |A| * 2 (z - y) / n
  CHECK(g[0] == Approx(0.5 * (0.5 - 1.0) / 4).epsilon(1e-12));        // w / |A| * (sigmoid - y) / n
}

TEST_CASE("task losses: tasks absent from the batch leave the denominator, uncertainty follows Kendall et al", "[algorithms][multitask]") {
  BatchTargets targets;
  targets.counts = {2, 0, 3};
  const std::vector<std::uint8_t> binary{1, 0, 0};
  const nn::Tensor L = nn::Tensor::from({3}, std::vector<double>{0.5, 2.0, 1.0});
  CHECK(combine_task_losses(L, targets, {1, 3, 2}, binary).item() == Approx((1 * 0.5 + 2 * 1.0) / 2));
  nn::Tensor s = nn::Tensor::from({3}, std::vector<double>{std::log(2.0), 0.7, std::log(4.0)}).set_requires_grad(true);
  // binary: L / sigma^2 + log sigma; regression: L / (2 sigma^2) + log sigma; sigma^2 = e^s.
  const double binary_term = 0.5 / 2 + 0.5 * std::log(2.0), regression_term = 1.0 / (2 * 4) + 0.5 * std::log(4.0);
  const nn::Tensor J = combine_task_losses(L, targets, {1, 3, 2}, binary, s);
  CHECK(J.item() == Approx((binary_term + 2 * regression_term) / 2).epsilon(1e-12));
  J.backward();
  const auto gs = s.grad().to_vector();
  CHECK(gs[0] == Approx((-0.5 / 2 + 0.5) / 2).epsilon(1e-12));
  CHECK(gs[1] == 0.0);  // absent task: no gradient to its variance
  targets.counts = {0, 0, 0};
  CHECK_THROWS_WITH(combine_task_losses(L, targets, {1, 1, 1}, binary), Catch::Contains("no task applies"));
}

TEST_CASE("task weights: lists, names and behaviours resolve against the table, unknown names list the tasks", "[algorithms][multitask]") {
  const datasets::MultiTaskTable t = testing::grouped_synthetic_table(10, 1);  // y1.A y2.A pos.A y1.B y2.B pos.B
  CHECK(resolve_task_weights(parse_task_weights("", "m"), t, "m") == std::vector<double>(6, 1.0));
  CHECK(resolve_task_weights(parse_task_weights("none", "m"), t, "m") == std::vector<double>(6, 1.0));
  CHECK(resolve_task_weights(parse_task_weights("1, 2, 3, 4, 5, 0", "m"), t, "m") == std::vector<double>{1, 2, 3, 4, 5, 0});
  // A behaviour sets all its tasks; an exact task name wins, whatever the order.
  CHECK(resolve_task_weights(parse_task_weights("pos.B=0.5, pos=3, y2.A=2", "m"), t, "m") == std::vector<double>{1, 2, 3, 1, 1, 0.5});
  CHECK_THROWS_WITH(resolve_task_weights(parse_task_weights("pos.C=1", "m"), t, "m"),
                    Catch::Contains("unknown task 'pos.C'") && Catch::Contains("did you mean") &&
                        Catch::Contains("the table's tasks: y1.A, y2.A, pos.A, y1.B, y2.B, pos.B"));
  CHECK_THROWS_WITH(parse_task_weights("0, 0", "m"), Catch::Contains("every weight is 0"));
  CHECK_THROWS_WITH(parse_task_weights("a=1, a=2", "m"), Catch::Contains("given twice"));
  CHECK_THROWS_WITH(parse_task_weights("-1", "m"), Catch::Contains("not a weight >= 0"));
  CHECK_THROWS_AS(parse_task_weights("a=", "m"), algorithms::OptionError);
}

TEST_CASE("rarity weights: 1/sqrt of the positive or applicable share, mean 1", "[algorithms][multitask]") {
  // click: 1 positive in 4 rows -> f = 1/4, r = 2; watch applies to 2 of 4 rows -> f = 1/2, r = sqrt(2).
  const auto r = rarity_weights(four_rows());
  const double norm = 2.0 / (2.0 + std::sqrt(2.0));
  CHECK(r[0] == Approx(2.0 * norm).epsilon(1e-12));
  CHECK(r[1] == Approx(std::sqrt(2.0) * norm).epsilon(1e-12));
  CHECK((r[0] + r[1]) / 2 == Approx(1.0));
  // A binary task with no positive counts as one positive: f = 1/N.
  datasets::MultiTaskTable t = four_rows();
  t.labels[0] = 0;
  CHECK(rarity_weights(t)[0] / rarity_weights(t)[1] == Approx(2.0 / std::sqrt(2.0)));
}

TEST_CASE("fusion: product of task predictions raised to their powers", "[algorithms][multitask]") {
  const std::vector<float> p{0.5f, 0.2f, 4.0f,   //
                             0.0f, 1.0f, 2.0f};
  const std::vector<double> powers{1.0, -1.0, 0.5};
  const auto s = fusion_scores(p, powers);
  REQUIRE(s.size() == 2);
  CHECK(s[0] == Approx(0.5 / 0.2 * 2.0).epsilon(1e-6));  // 5
  CHECK(s[1] == Approx(1e-6 * std::sqrt(2.0)).epsilon(1e-6));  // p = 0 floored at 1e-6
  // Tasks that do not apply to a row are left out; power 0 leaves a task out everywhere.
  const std::vector<std::uint8_t> mask{1, 0, 1, 1, 1, 0};
  const auto m = fusion_scores(p, powers, mask, 0.01);
  CHECK(m[0] == Approx(0.5 * 2.0).epsilon(1e-6));
  CHECK(m[1] == Approx(0.01).epsilon(1e-6));
  CHECK(fusion_scores(p, std::vector<double>{0, 0, 0}) == std::vector<double>{1.0, 1.0});
  CHECK_THROWS_WITH(fusion_scores(p, std::vector<double>{1, 1, 1, 1}), Catch::Contains("do not split into rows"));

  const datasets::MultiTaskTable t = testing::grouped_synthetic_table(4, 1);
  CHECK(parse_fusion_powers("y1=1, pos=-1, pos.B=2", t) == std::vector<double>{1, 0, -1, 1, 0, 2});
  CHECK(parse_fusion_powers("y2.A=0.5", t, 1.0) == std::vector<double>{1, 0.5, 1, 1, 1, 1});
  CHECK_THROWS_WITH(parse_fusion_powers("skip=1", t), Catch::Contains("unknown task 'skip'") && Catch::Contains("y1.A"));
  CHECK_THROWS_WITH(parse_fusion_powers("y1", t), Catch::Contains("not task=power"));
}
