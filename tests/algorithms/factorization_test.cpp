// The factorization baselines: a WALS row solve checked by hand (Cholesky and CG), the objective's
// observed-cells-only form against the brute-force sum over every cell, the interaction counts,
// learning on a small world (far above random, near or above MostPop), thread-count determinism,
// and option errors.
#include <catch2/catch.hpp>
#include <omp.h>

#include "algorithms/factorization/als_solver.hpp"
#include "algorithms/factorization/interactions.hpp"
#include "retrieval_fixture.hpp"

using namespace simrec;
using namespace simrec::algorithms::factorization;

TEST_CASE("wals row solve matches a hand-computed 2x2 case", "[algorithms][wals]") {
  // Y rows y0 = (1, 0), y1 = (0, 2), y2 = (1, 1); the user watched item 0 once and item 2 twice.
  Factors Y(3, 2);
  Y.values = {1, 0, 0, 2, 1, 1};
  const std::vector<std::uint32_t> cols{0, 2};
  const std::vector<float> counts{1, 2};
  AlsOptions o;
  o.alpha = 1.0;
  o.reg = 0.5;
  // G = Y^T Y = [[2, 1], [1, 5]]; c = (2, 3); A = G + 1 y0 y0^T + 2 y2 y2^T + 0.5 I = [[5.5, 3], [3, 7.5]];
  // b = 2 y0 + 3 y2 = (5, 3); x = A^-1 b = (7.5*5 - 3*3, -3*5 + 5.5*3) / (5.5*7.5 - 9) = (28.5, 1.5) / 32.25.
  const std::vector<double> G = gram(Y);
  CHECK(G == std::vector<double>{2, 1, 1, 5});
  double x[2] = {0, 0};
  solve_row(G, Y, cols, counts, o, x);
  CHECK(x[0] == Approx(28.5 / 32.25).epsilon(1e-12));
  CHECK(x[1] == Approx(1.5 / 32.25).epsilon(1e-12));
  // Conjugate gradient reaches the exact solution of a 2x2 system in two steps.
  o.solver = AlsSolver::ConjugateGradient;
  o.cg_steps = 2;
  double y[2] = {0, 0};
  solve_row(G, Y, cols, counts, o, y);
  CHECK(y[0] == Approx(28.5 / 32.25).epsilon(1e-9));
  CHECK(y[1] == Approx(1.5 / 32.25).epsilon(1e-9));
  // One step from zero is not there yet (the test would pass vacuously otherwise).
  o.cg_steps = 1;
  double z[2] = {0, 0};
  solve_row(G, Y, cols, counts, o, z);
  CHECK(std::fabs(z[0] - 28.5 / 32.25) > 1e-3);
  // Frequency-scaled (ALS-WR) regularisation: two observed cells, so reg I becomes 2 x 0.5 I:
  // A = [[6, 3], [3, 8]], b = (5, 3), x = (8*5 - 3*3, -3*5 + 6*3) / (48 - 9) = (31, 3) / 39.
  o.frequency_scaled_reg = true;
  for (const AlsSolver solver : {AlsSolver::Cholesky, AlsSolver::ConjugateGradient}) {
    o.solver = solver;
    o.cg_steps = 2;
    double w[2] = {0, 0};
    solve_row(G, Y, cols, counts, o, w);
    CHECK(w[0] == Approx(31.0 / 39.0).epsilon(1e-9));
    CHECK(w[1] == Approx(3.0 / 39.0).epsilon(1e-9));
  }
  CHECK(row_reg(o, 0) == 0.5);  // an empty row keeps reg x 1
  CHECK(row_reg(o, 7) == 3.5);
}

TEST_CASE("wals objective equals the sum over every user x item cell", "[algorithms][wals]") {
  datasets::RetrievalSamples rows;  // user 5 watched 0, 1, 1; user 9 watched 2 (label) after 0
  rows.user_id = {5, 9};
  rows.label = {1, 2};
  rows.history = {0, 1, 0};
  rows.history_offsets = {0, 2, 3};
  const Interactions m = build_interactions(rows, 3);
  REQUIRE(m.user_ids == std::vector<std::uint32_t>{5, 9});
  CHECK(m.by_user.columns == std::vector<std::uint32_t>{0, 1, 0, 2});
  CHECK(m.by_user.counts == std::vector<float>{1, 2, 1, 1});
  CHECK(m.by_item.columns == std::vector<std::uint32_t>{0, 1, 0, 1});
  Factors X(2, 2), Y(3, 2);
  X.values = {0.3, -0.2, 0.5, 0.1};
  Y.values = {1, 0.5, -0.4, 0.2, 0.7, 0.9};
  AlsOptions o;
  o.alpha = 3;
  o.reg = 0.25;
  double brute = 0;
  for (int u = 0; u < 2; ++u)
    for (int i = 0; i < 3; ++i) {
      double r = 0;
      for (std::size_t e = m.by_user.offsets[u]; e < m.by_user.offsets[u + 1]; ++e)
        if (m.by_user.columns[e] == std::uint32_t(i)) r = m.by_user.counts[e];
      const double s = X.row(u)[0] * Y.row(i)[0] + X.row(u)[1] * Y.row(i)[1];
      brute += (1 + o.alpha * r) * ((r > 0 ? 1.0 : 0.0) - s) * ((r > 0 ? 1.0 : 0.0) - s);
    }
  double penalty = 0;
  for (double v : X.values) penalty += v * v;
  for (double v : Y.values) penalty += v * v;
  CHECK(als_objective(m.by_user, X, Y, o) == Approx(brute + o.reg * penalty).epsilon(1e-12));
  // Frequency-scaled: users 5 and 9 have 2 observed cells each; items 0, 1, 2 have 2, 1, 1.
  o.frequency_scaled_reg = true;
  auto sq = [](const double* r) { return r[0] * r[0] + r[1] * r[1]; };
  const double scaled = 2 * sq(X.row(0)) + 2 * sq(X.row(1)) + 2 * sq(Y.row(0)) + sq(Y.row(1)) + sq(Y.row(2));
  CHECK(als_objective(m.by_user, X, Y, o) == Approx(brute + o.reg * scaled).epsilon(1e-12));
  // A user sweep is the exact minimiser over X of this objective: moving any coordinate of the
  // solved X raises it.
  als_sweep(m.by_user, Y, X, o);
  const double at_minimum = als_objective(m.by_user, X, Y, o);
  for (std::size_t c = 0; c < X.values.size(); ++c)
    for (const double step : {-1e-3, 1e-3}) {
      Factors moved = X;
      moved.values[c] += step;
      CHECK(als_objective(m.by_user, moved, Y, o) > at_minimum);
    }
}

TEST_CASE("wals and bpr learn on a small world", "[algorithms][wals][bpr]") {
  const double random = testing::fit_and_score("random").recall_at_10;
  const double mostpop = testing::fit_and_score("mostpop").recall_at_10;
  const auto wals = testing::fit_and_score("wals", {{"iterations", "6"}});
  const auto bpr = testing::fit_and_score("bpr", {{"epochs", "10"}});
  INFO("random " << random << " mostpop " << mostpop << " wals " << wals.recall_at_10 << " bpr " << bpr.recall_at_10);
  CHECK(wals.recall_at_10 > 5 * random);
  CHECK(bpr.recall_at_10 > 5 * random);
  CHECK(wals.recall_at_10 > 0.8 * mostpop);
  CHECK(bpr.recall_at_10 > 0.8 * mostpop);
  // ALS never increases its objective; BPR's loss falls from its first epoch.
  const auto& objective = wals.log.curves.at("wals_objective");
  for (std::size_t i = 1; i < objective.size(); ++i) CHECK(objective[i] <= objective[i - 1] * (1 + 1e-9));
  const auto& loss = bpr.log.curves.at("bpr_loss");
  CHECK(loss.back() < 0.8 * loss.front());
  // With frequency-scaled regularisation (its own objective) the same holds.
  const auto wals_wr = testing::fit_and_score("wals", {{"iterations", "6"}, {"reg_scaling", "frequency"}, {"reg", "0.05"}});
  INFO("wals, reg_scaling = frequency: " << wals_wr.recall_at_10);
  CHECK(wals_wr.recall_at_10 > 5 * random);
  const auto& wr_objective = wals_wr.log.curves.at("wals_objective");
  for (std::size_t i = 1; i < wr_objective.size(); ++i) CHECK(wr_objective[i] <= wr_objective[i - 1] * (1 + 1e-9));
}

TEST_CASE("wals and bpr give the same lists for 1 and 2 threads", "[algorithms][wals][bpr][determinism]") {
  const int saved = omp_get_max_threads();
  for (const std::string name : {"wals", "bpr"}) {
    omp_set_num_threads(1);
    const auto one = testing::fit_and_score(name, {{name == "wals" ? "iterations" : "epochs", "2"}});
    omp_set_num_threads(2);
    const auto two = testing::fit_and_score(name, {{name == "wals" ? "iterations" : "epochs", "2"}});
    CHECK(one.lists.items == two.lists.items);
  }
  omp_set_num_threads(saved);
}

TEST_CASE("factorization options out of range are rejected with the allowed range", "[algorithms][wals][bpr][errors]") {
  using algorithms::OptionError;
  CHECK_THROWS_WITH(testing::make_retrieval("wals", {{"factors", "0"}}), Catch::Contains("factors") && Catch::Contains("[1, 1024]"));
  CHECK_THROWS_WITH(testing::make_retrieval("wals", {{"solver", "lu"}}), Catch::Contains("cholesky") && Catch::Contains("cg"));
  CHECK_THROWS_WITH(testing::make_retrieval("wals", {{"reg_scaling", "users"}}), Catch::Contains("constant") && Catch::Contains("frequency"));
  CHECK_THROWS_WITH(testing::make_retrieval("wals", {{"reg", "-1"}}), Catch::Contains("reg"));
  CHECK_THROWS_WITH(testing::make_retrieval("bpr", {{"lr", "0"}}), Catch::Contains("lr"));
  CHECK_THROWS_AS(testing::make_retrieval("bpr", {{"negatives", "0"}}), OptionError);
}
