// Optimizers: two hand-computed steps of each (expected numbers from the formulas in the headers,
// worked out in float64 and written here), reference vs optimised update kernels (bit-identical,
// on tensors large enough to take the parallel path), row-sparse updates that touch only the
// given rows, state inspection, option errors, and five steps of each against torch.optim
// (SKIPPED, saying so, where /usr/bin/python3 lacks torch).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "support/nn_testing.hpp"
#include "support/npy.hpp"
#include "support/python_runner.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

namespace {

// p = [1, -2] (float64); gradients of the two steps: [0.5, 0.25] then [-1, 2].
const std::vector<std::vector<double>> kGrads = {{0.5, 0.25}, {-1.0, 2.0}};

Tensor make_param(std::vector<double> v = {1.0, -2.0}) {
  Tensor p = Tensor::from({std::int64_t(v.size())}, v).set_requires_grad(true);
  return p.set_name("p");
}

// Sets p's gradient to g through a backward pass (loss = sum(p * g)).
void set_grad(Tensor& p, const std::vector<double>& g) {
  p.zero_grad();
  sum_all(mul(p, Tensor::from(p.shape(), g).to(p.dtype()))).backward();
}

// Runs the two steps; returns p after each.
template <class Opt, class Options>
std::vector<std::vector<double>> two_steps(Options o) {
  Tensor p = make_param();
  Opt opt({{"p", p}}, o);
  std::vector<std::vector<double>> out;
  for (const auto& g : kGrads) {
    set_grad(p, g);
    opt.step();
    out.push_back(p.to_vector());
  }
  return out;
}

void check_steps(const std::vector<std::vector<double>>& got,
                 const std::vector<std::vector<double>>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t s = 0; s < got.size(); ++s)
    for (std::size_t i = 0; i < got[s].size(); ++i) {
      INFO("step " << s + 1 << " element " << i);
      CHECK(got[s][i] == Approx(want[s][i]).epsilon(1e-13));
    }
}

}  // namespace

TEST_CASE("SGD: hand-computed steps", "[nn][optim][SGD]") {
  // Plain: p - lr g.
  check_steps(two_steps<SGD>(SGDOptions{.lr = 0.1}), {{0.95, -2.025}, {1.05, -2.225}});
  // momentum 0.9, dampening 0.5, weight_decay 0.1. Step 1: d = g + 0.1 p = [0.6, 0.05], buf = d,
  // p = [0.94, -2.005]. Step 2: d = [-1 + 0.094, 2 - 0.2005] = [-0.906, 1.7995];
  // buf = 0.9 [0.6, 0.05] + 0.5 d = [0.087, 0.94475]; p = p - 0.1 buf = [0.9313, -2.099475].
  check_steps(two_steps<SGD>(SGDOptions{.lr = 0.1, .momentum = 0.9, .dampening = 0.5, .weight_decay = 0.1}),
              {{0.94, -2.005}, {0.9313, -2.099475}});
  // Nesterov, momentum 0.9. Step 1: buf = g, d = g + 0.9 buf = [0.95, 0.475], p = [0.905, -2.0475].
  // Step 2: buf = 0.9 [0.5, 0.25] + [-1, 2] = [-0.55, 2.225]; d = g + 0.9 buf = [-1.495, 4.0025];
  // p = [1.0545, -2.44775].
  check_steps(two_steps<SGD>(SGDOptions{.lr = 0.1, .momentum = 0.9, .nesterov = true}),
              {{0.905, -2.0475}, {1.0545, -2.44775}});
}

TEST_CASE("Adagrad: hand-computed steps", "[nn][optim][Adagrad]") {
  // lr 0.1, eps 1e-10, weight_decay 0.1, initial sum 0.1. Step 1: d = [0.6, 0.05],
  // sum = [0.46, 0.1025], p = p - 0.1 d / (sqrt(sum) + eps) = [1 - 0.06 / 0.678233, -2 - 0.005 / 0.320156].
  // Step 2: d = g + 0.1 p, sum += d^2, same update.
  check_steps(two_steps<Adagrad>(AdagradOptions{.lr = 0.1, .eps = 1e-10, .weight_decay = 0.1,
                                                .initial_accumulator_value = 0.1}),
              {{0.9115348263201052, -2.0156173761839824}, {0.9916785886927478, -2.1140695313055957}});
}

TEST_CASE("Adam and AdamW: hand-computed steps", "[nn][optim][Adam][AdamW]") {
  // Adam, lr 0.1, betas (0.9, 0.999), eps 1e-8, weight_decay 0.1 (added to g). Step 1: d = [0.6,
  // 0.05]; bias-corrected m = d, v = d^2, so p = p - 0.1 d / (|d| + 1e-8) = [0.9000000016666666,
  // -2.09999998]. Step 2: d = g + 0.1 p; m = 0.9 m + 0.1 d; v = 0.999 v + 0.001 d^2;
  // p = p - (0.1 / 0.19) m / (sqrt(v) / sqrt(0.001999) + 1e-8).
  check_steps(two_steps<Adam>(AdamOptions{.lr = 0.1, .eps = 1e-8, .weight_decay = 0.1}),
              {{0.9000000016666666, -2.099999980000004}, {0.9252635194456061, -2.1762546834438137}});
  // AdamW: p = p (1 - 0.1 * 0.1) first, then the Adam step on the raw gradient.
  // Step 1: p = [0.99, -1.98] - 0.1 g / (|g| + 1e-8) = [0.890000002, -2.079999996].
  check_steps(two_steps<AdamW>(AdamWOptions{.lr = 0.1, .eps = 1e-8, .weight_decay = 0.1}),
              {{0.890000002, -2.079999996}, {0.9177103542205653, -2.1413465712971056}});
}

TEST_CASE("optimizers: parameters without a gradient are skipped, state untouched", "[nn][optim]") {
  Tensor a = make_param(), b = make_param({3.0, 4.0});
  Adam opt({{"a", a}, {"b", b}}, AdamOptions{.lr = 0.1});
  set_grad(a, {1, 1});
  opt.step();
  CHECK(b.to_vector() == std::vector<double>{3, 4});
  CHECK(opt.state("b", "exp_avg").to_vector() == std::vector<double>{0, 0});
  CHECK(opt.step_count() == 1);
  // zero_grad clears every parameter's gradient.
  opt.zero_grad();
  CHECK_FALSE(a.grad().defined());
}

namespace {

// Runs three steps of `make()` on a 12000 x 3 float32 parameter (above the parallel threshold)
// with the given kernel path; returns parameter and state bits.
template <class Make>
std::vector<Tensor> run_path(KernelPath path, Make make) {
  KernelPathGuard guard(path);
  Tensor p = random_tensor({12000, 3}, 1, -1, 1, DType::F32).set_requires_grad(true);
  std::unique_ptr<Optimizer> opt = make(std::vector<NamedTensor>{{"p", p}});
  for (int s = 0; s < 3; ++s) {
    p.zero_grad();
    sum_all(mul(p, random_tensor({12000, 3}, 10 + s, -1, 1, DType::F32))).backward();
    opt->step();
  }
  std::vector<Tensor> out = {p.clone()};
  for (const char* buf : {"momentum_buffer", "sum", "exp_avg", "exp_avg_sq"}) {
    try {
      out.push_back(opt->state("p", buf).clone());
    } catch (const Error&) {
    }
  }
  return out;
}

}  // namespace

TEST_CASE("optimizers: optimised kernels match the reference bit for bit", "[nn][optim][kernels]") {
  using Maker = std::function<std::unique_ptr<Optimizer>(std::vector<NamedTensor>)>;
  const std::vector<std::pair<const char*, Maker>> makers = {
      {"sgd", [](auto p) { return std::make_unique<SGD>(p, SGDOptions{.lr = 0.1, .weight_decay = 0.01}); }},
      {"sgd momentum", [](auto p) { return std::make_unique<SGD>(p, SGDOptions{.lr = 0.1, .momentum = 0.9, .dampening = 0.1}); }},
      {"sgd nesterov", [](auto p) { return std::make_unique<SGD>(p, SGDOptions{.lr = 0.1, .momentum = 0.9, .nesterov = true, .weight_decay = 0.01}); }},
      {"adagrad", [](auto p) { return std::make_unique<Adagrad>(p, AdagradOptions{.lr = 0.1, .weight_decay = 0.01}); }},
      {"adam", [](auto p) { return std::make_unique<Adam>(p, AdamOptions{.lr = 0.01, .weight_decay = 0.01}); }},
      {"adam no decay", [](auto p) { return std::make_unique<Adam>(p, AdamOptions{.lr = 0.01}); }},
      {"adamw", [](auto p) { return std::make_unique<AdamW>(p, AdamWOptions{.lr = 0.01}); }}};
  for (const auto& [name, make] : makers) {
    INFO(name);
    const auto ref = run_path(KernelPath::Reference, make), opt = run_path(KernelPath::Optimized, make);
    REQUIRE(ref.size() == opt.size());
    for (std::size_t k = 0; k < ref.size(); ++k)
      CHECK(std::memcmp(ref[k].raw(), opt[k].raw(), ref[k].numel() * 4) == 0);
  }
}

TEST_CASE("optimizers: row-sparse gradients update only the touched rows", "[nn][optim][sparse]") {
  // Table [6, 2]; sparse gradient rows {4, 1, 4, 2} (row 4 twice: coalesced to the sum).
  const std::vector<double> init = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  const auto sparse_grad = [](Tensor& t) {
    t.zero_grad();
    SparseRows& s = t.sparse_grad();
    s.rows = {4, 1, 4, 2};
    s.values = std::make_shared<Tensor>(
        Tensor::from({4, 2}, std::vector<double>{0.5, -1, 1, 1, 0.25, 2, -2, 0.5}));
  };
  // Dense gradient equal to the coalesced sparse one: row 1 = [1, 1], row 2 = [-2, 0.5],
  // row 4 = [0.75, 1].
  const std::vector<double> dense_g = {0, 0, 1, 1, -2, 0.5, 0, 0, 0.75, 1, 0, 0};
  using Maker = std::function<std::unique_ptr<Optimizer>(std::vector<NamedTensor>)>;
  for (const auto& [name, make] : std::vector<std::pair<const char*, Maker>>{
           {"sgd", [](auto p) { return std::make_unique<SGD>(p, SGDOptions{.lr = 0.1, .momentum = 0.9, .weight_decay = 0.1}); }},
           {"adagrad", [](auto p) { return std::make_unique<Adagrad>(p, AdagradOptions{.lr = 0.1, .weight_decay = 0.1}); }},
           {"adam", [](auto p) { return std::make_unique<Adam>(p, AdamOptions{.lr = 0.1, .weight_decay = 0.1}); }},
           {"adamw", [](auto p) { return std::make_unique<AdamW>(p, AdamWOptions{.lr = 0.1}); }}}) {
    INFO(name);
    Tensor sp = Tensor::from({6, 2}, init).set_requires_grad(true).set_sparse_grad(true);
    auto opt = make({{"table", sp}});
    sparse_grad(sp);
    opt->step();
    const auto got = sp.to_vector();
    // Untouched rows 0, 3, 5 are bit-identical to the start.
    for (int r : {0, 3, 5})
      for (int j = 0; j < 2; ++j) CHECK(got[r * 2 + j] == init[r * 2 + j]);
    // Touched rows equal a dense update restricted to them (one row per kernel call there).
    for (int r : {1, 2, 4}) {
      Tensor row = Tensor::from({2}, std::vector<double>{init[r * 2], init[r * 2 + 1]}).set_requires_grad(true);
      auto dense = make({{"row", row}});
      set_grad(row, {dense_g[r * 2], dense_g[r * 2 + 1]});
      dense->step();
      CHECK(got[r * 2] == row.to_vector()[0]);
      CHECK(got[r * 2 + 1] == row.to_vector()[1]);
    }
  }
}

TEST_CASE("Adam: sparse updates are lazy (untouched rows keep their moments)", "[nn][optim][sparse][Adam]") {
  Tensor t = Tensor::zeros({3, 1}, DType::F64).set_requires_grad(true).set_sparse_grad(true);
  Adam opt({{"t", t}}, AdamOptions{.lr = 0.1});
  const auto touch = [&](std::int64_t row) {
    t.zero_grad();
    t.sparse_grad().rows = {row};
    t.sparse_grad().values = std::make_shared<Tensor>(Tensor::full({1, 1}, 1.0, DType::F64));
  };
  touch(0);
  opt.step();
  const double m0 = opt.state("t", "exp_avg").to_vector()[0], p0 = t.to_vector()[0];
  CHECK(m0 == Approx(0.1));
  touch(2);
  opt.step();
  CHECK(opt.state("t", "exp_avg").to_vector()[0] == m0);  // not decayed by step 2
  CHECK(t.to_vector()[0] == p0);
  CHECK(t.to_vector()[1] == 0);
  // Row 2's first update is bias-corrected with the parameter's t = 2 (SparseAdam's rule):
  // m = 0.1, v = 0.001, m_hat = 0.1 / 0.19, v_hat = 0.001 / 0.001999.
  const double m_hat = 0.1 / (1 - 0.81), v_hat = 0.001 / (1 - 0.999 * 0.999);
  CHECK(t.to_vector()[2] == Approx(-0.1 * m_hat / (std::sqrt(v_hat) + 1e-8)).epsilon(1e-12));
}

TEST_CASE("optimizers: invalid options and parameters are refused", "[nn][optim][errors]") {
  Tensor p = make_param();
  CHECK_THROWS_WITH(SGD({{"p", p}}, SGDOptions{.lr = -1}), Catch::Contains("SGD") && Catch::Contains("lr = -1"));
  CHECK_THROWS_WITH(SGD({{"p", p}}, SGDOptions{.lr = 0.1, .nesterov = true}),
                    Catch::Contains("SGD") && Catch::Contains("nesterov"));
  CHECK_THROWS_WITH(Adam({{"p", p}}, AdamOptions{.beta1 = 1.0}), Catch::Contains("Adam") && Catch::Contains("beta1"));
  CHECK_THROWS_WITH(Adagrad({{"p", p}}, AdagradOptions{.eps = -1}), Catch::Contains("Adagrad") && Catch::Contains("eps"));
  CHECK_THROWS_WITH(Adam({{"p", p}, {"q", p}}, AdamOptions{}), Catch::Contains("'q'") && Catch::Contains("same tensor"));
  CHECK_THROWS_WITH(Adam({{"x", Tensor::zeros({2})}}, AdamOptions{}),
                    Catch::Contains("'x'") && Catch::Contains("requiring grad"));
  Tensor t = Tensor::zeros({3, 2}, DType::F64).set_requires_grad(true).set_sparse_grad(true);
  SGD opt({{"t", t}}, SGDOptions{});
  t.sparse_grad().rows = {5};
  t.sparse_grad().values = std::make_shared<Tensor>(Tensor::zeros({1, 2}, DType::F64));
  CHECK_THROWS_WITH(opt.step(), Catch::Contains("row 5") && Catch::Contains("'t'") && Catch::Contains("[3, 2]"));
}

namespace {

// One optimizer run compared with torch.optim (tests/scripts/torch_optim.py).
struct TorchOptimCase {
  std::string name;
  std::string torch_optimizer;
  std::string options_json;
  bool sparse;
  std::function<std::unique_ptr<Optimizer>(std::vector<NamedTensor>)> make;
};

constexpr int kTorchSteps = 5;

std::vector<std::int64_t> sparse_rows_for(int step) {
  std::vector<std::int64_t> rows = {step % 12, (step * 5 + 3) % 12, 7};
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

Tensor torch_case_grad(int step) { return random_tensor({12, 5}, 300 + step, -1, 1, DType::F32); }

// Runs the case in simrec; returns p after each step.
std::vector<Tensor> run_simrec_case(const TorchOptimCase& c) {
  Tensor p = random_tensor({12, 5}, 299, -1, 1, DType::F32).set_requires_grad(true);
  if (c.sparse) p.set_sparse_grad(true);
  auto opt = c.make({{"p", p}});
  std::vector<Tensor> out;
  for (int s = 0; s < kTorchSteps; ++s) {
    const Tensor g = torch_case_grad(s);
    p.zero_grad();
    if (c.sparse) {
      const auto rows = sparse_rows_for(s);
      Tensor values = Tensor::empty({std::int64_t(rows.size()), 5});
      for (std::size_t k = 0; k < rows.size(); ++k)
        std::copy_n(g.data<float>() + rows[k] * 5, 5, values.data<float>() + k * 5);
      p.sparse_grad().rows = rows;
      p.sparse_grad().values = std::make_shared<Tensor>(values);
    } else {
      sum_all(mul(p, g)).backward();
    }
    opt->step();
    out.push_back(p.clone());
  }
  return out;
}

}  // namespace

// Tolerance |simrec - torch| <= 1e-6 + 1e-5 |torch| on float32 parameters after each of 5 steps:
// the formulas are the same, scalar factors (lr / bias_c1, ...) are rounded at different points.
TEST_CASE("optimizers: match torch.optim step by step", "[nn][optim][torch]") {
  if (!python_module_available("torch")) {
    WARN("SKIPPED: PyTorch is not available under /usr/bin/python3 (install python3-torch)");
    return;
  }
  const std::vector<TorchOptimCase> cases = {
      {"sgd", "SGD", R"({"lr": 0.1})", false,
       [](auto p) { return std::make_unique<SGD>(p, SGDOptions{.lr = 0.1}); }},
      {"sgd momentum", "SGD", R"({"lr": 0.1, "momentum": 0.9, "dampening": 0.2, "weight_decay": 0.01})", false,
       [](auto p) { return std::make_unique<SGD>(p, SGDOptions{.lr = 0.1, .momentum = 0.9, .dampening = 0.2, .weight_decay = 0.01}); }},
      {"sgd nesterov", "SGD", R"({"lr": 0.1, "momentum": 0.9, "nesterov": true, "weight_decay": 0.01})", false,
       [](auto p) { return std::make_unique<SGD>(p, SGDOptions{.lr = 0.1, .momentum = 0.9, .nesterov = true, .weight_decay = 0.01}); }},
      {"adagrad", "Adagrad", R"({"lr": 0.1, "eps": 1e-10, "weight_decay": 0.01, "initial_accumulator_value": 0.1})", false,
       [](auto p) { return std::make_unique<Adagrad>(p, AdagradOptions{.lr = 0.1, .eps = 1e-10, .weight_decay = 0.01, .initial_accumulator_value = 0.1}); }},
      {"adam", "Adam", R"({"lr": 0.01, "betas": [0.8, 0.99], "eps": 1e-8, "weight_decay": 0.01})", false,
       [](auto p) { return std::make_unique<Adam>(p, AdamOptions{.lr = 0.01, .beta1 = 0.8, .beta2 = 0.99, .eps = 1e-8, .weight_decay = 0.01}); }},
      {"adamw", "AdamW", R"({"lr": 0.01, "weight_decay": 0.1})", false,
       [](auto p) { return std::make_unique<AdamW>(p, AdamWOptions{.lr = 0.01, .weight_decay = 0.1}); }},
      {"sparse sgd", "SGD", R"({"lr": 0.1})", true,
       [](auto p) { return std::make_unique<SGD>(p, SGDOptions{.lr = 0.1}); }},
      {"sparse adagrad", "Adagrad", R"({"lr": 0.1, "initial_accumulator_value": 0.1})", true,
       [](auto p) { return std::make_unique<Adagrad>(p, AdagradOptions{.lr = 0.1, .initial_accumulator_value = 0.1}); }},
      {"sparse adam (lazy) vs SparseAdam", "SparseAdam", R"({"lr": 0.01})", true,
       [](auto p) { return std::make_unique<Adam>(p, AdamOptions{.lr = 0.01}); }}};

  const std::string root = make_temp_dir("simrec_torch_optim_");
  std::ofstream manifest(root + "/manifest.json");
  manifest << "{\"cases\": [\n";
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const std::string dir = root + "/case" + std::to_string(k);
    std::filesystem::create_directories(dir);
    write_npy(dir + "/p0.npy", random_tensor({12, 5}, 299, -1, 1, DType::F32));
    std::string rows_json = "null";
    if (cases[k].sparse) {
      rows_json = "[";
      for (int s = 0; s < kTorchSteps; ++s) {
        rows_json += s ? ", [" : "[";
        const auto rows = sparse_rows_for(s);
        for (std::size_t r = 0; r < rows.size(); ++r) rows_json += (r ? ", " : "") + std::to_string(rows[r]);
        rows_json += "]";
      }
      rows_json += "]";
    }
    for (int s = 0; s < kTorchSteps; ++s) write_npy(dir + "/g" + std::to_string(s) + ".npy", torch_case_grad(s));
    manifest << "  {\"name\": \"" << cases[k].name << "\", \"dir\": \"" << dir << "\", \"optimizer\": \""
             << cases[k].torch_optimizer << "\", \"options\": " << cases[k].options_json
             << ", \"steps\": " << kTorchSteps << ", \"sparse_rows\": " << rows_json << "}"
             << (k + 1 < cases.size() ? ",\n" : "\n");
  }
  manifest << "]}\n";
  manifest.close();
  std::string output;
  const int rc = run_python(std::string(SIMREC_TEST_SCRIPTS_DIR) + "/torch_optim.py", root, output);
  INFO(output);
  REQUIRE(rc == 0);
  for (std::size_t k = 0; k < cases.size(); ++k) {
    INFO("case " << cases[k].name);
    const std::vector<Tensor> ours = run_simrec_case(cases[k]);
    for (int s = 0; s < kTorchSteps; ++s) {
      const Tensor theirs = read_npy(root + "/case" + std::to_string(k) + "/p" + std::to_string(s) + ".npy");
      CHECK(compare_tensors("step " + std::to_string(s + 1), ours[s], theirs, 1e-5, 1e-6) == "");
    }
  }
  std::filesystem::remove_all(root);
}
