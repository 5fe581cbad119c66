// Forward and backward of every op family against PyTorch (float32, shared random inputs, one
// upstream gradient). All cases run through one invocation of tests/scripts/torch_ops.py; where
// /usr/bin/python3 lacks torch the tests are SKIPPED with a message (never passed silently).
// Tolerance: |simrec - torch| <= 1e-5 + 1e-4 |torch| (float32 rounding of differently ordered sums).
#include <catch2/catch.hpp>

#include "support/torch_crosscheck.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

namespace {

Tensor f32(const Shape& s, std::uint64_t seed, double lo = -1, double hi = 1, bool grad = true) {
  Tensor t = random_tensor(s, seed, lo, hi, DType::F32);
  if (grad) t.set_requires_grad(true);
  return t;
}

std::vector<TorchCase> all_cases() {
  std::vector<TorchCase> c;
  // elementwise family
  c.push_back({"elementwise/add bcast", "add", {f32({4, 5}, 1), f32({5}, 2)}, "{}", [](auto& x) { return add(x[0], x[1]); }});
  c.push_back({"elementwise/sub bcast", "sub", {f32({3, 1, 5}, 3), f32({4, 1}, 4)}, "{}", [](auto& x) { return sub(x[0], x[1]); }});
  c.push_back({"elementwise/mul bcast", "mul", {f32({2, 3, 4}, 5), f32({3, 1}, 6)}, "{}", [](auto& x) { return mul(x[0], x[1]); }});
  c.push_back({"elementwise/div", "div", {f32({6, 7}, 7), f32({6, 7}, 8, 0.5, 2)}, "{}", [](auto& x) { return div(x[0], x[1]); }});
  c.push_back({"elementwise/affine", "affine", {f32({9}, 9)}, R"({"scale": -1.5, "shift": 0.25})", [](auto& x) { return affine(x[0], -1.5, 0.25); }});
  // unary family
  for (auto [op, fn, lo, hi] : std::vector<std::tuple<std::string, TensorFn, double, double>>{
           {"relu", [](auto& x) { return relu(x[0]); }, -1, 1},
           {"sigmoid", [](auto& x) { return sigmoid(x[0]); }, -5, 5},
           {"tanh", [](auto& x) { return tanh(x[0]); }, -3, 3},
           {"exp", [](auto& x) { return exp(x[0]); }, -2, 2},
           {"log", [](auto& x) { return log(x[0]); }, 0.1, 3},
           {"sqrt", [](auto& x) { return sqrt(x[0]); }, 0.1, 3},
           {"log_sigmoid", [](auto& x) { return log_sigmoid(x[0]); }, -8, 8}}) {
    c.push_back({"unary/" + op, op, {f32({5, 8}, 10, lo, hi)}, "{}", fn});
  }
  c.push_back({"unary/pow", "pow", {f32({5, 8}, 11, 0.2, 2)}, R"({"p": 1.7})", [](auto& x) { return pow(x[0], 1.7); }});
  c.push_back({"unary/clamp", "clamp", {f32({5, 8}, 12, -2, 2)}, R"({"lo": -0.5, "hi": 0.8})", [](auto& x) { return clamp(x[0], -0.5, 0.8); }});
  // reductions
  c.push_back({"reduce/sum axes", "sum", {f32({3, 4, 5}, 13)}, R"({"axes": [0, 2], "keepdim": false})", [](auto& x) { return sum(x[0], {0, 2}); }});
  c.push_back({"reduce/mean keepdim", "mean", {f32({3, 4, 5}, 14)}, R"({"axes": [1], "keepdim": true})", [](auto& x) { return mean(x[0], {1}, true); }});
  // matrix products
  c.push_back({"matmul/matmul", "matmul", {f32({33, 17}, 15), f32({17, 9}, 16)}, "{}", [](auto& x) { return matmul(x[0], x[1]); }});
  c.push_back({"matmul/matmul_t", "matmul_t", {f32({12, 16}, 17), f32({40, 16}, 18)}, "{}", [](auto& x) { return matmul_t(x[0], x[1]); }});
  c.push_back({"matmul/bmm", "bmm", {f32({3, 5, 6}, 19), f32({3, 6, 4}, 20)}, R"({"trans_b": false})", [](auto& x) { return bmm(x[0], x[1]); }});
  c.push_back({"matmul/bmm trans_b", "bmm", {f32({3, 5, 6}, 21), f32({3, 7, 6}, 22)}, R"({"trans_b": true})", [](auto& x) { return bmm(x[0], x[1], true); }});
  c.push_back({"matmul/linear", "linear", {f32({2, 6, 10}, 23), f32({7, 10}, 24), f32({7}, 25)}, "{}", [](auto& x) { return linear(x[0], x[1], x[2]); }});
  return c;
}

// Runs all cases once; later TEST_CASEs reuse the results.
struct TorchRun {
  std::vector<TorchCase> cases = all_cases();
  std::string why;
  std::map<std::string, TorchResult> results = run_torch_cases(cases, why);
};
const TorchRun& torch_run() {
  static const TorchRun run;
  return run;
}

void check_family(const std::string& family) {
  const TorchRun& run = torch_run();
  if (run.results.empty()) {
    WARN("SKIPPED: " << run.why);
    return;
  }
  int n = 0;
  for (const TorchCase& c : run.cases) {
    if (c.name.rfind(family + "/", 0) != 0) continue;
    ++n;
    INFO("case " << c.name);
    CHECK(compare_with_torch(c, run.results.at(c.name), 1e-4, 1e-5) == "");
  }
  CHECK(n > 0);
}

}  // namespace

TEST_CASE("PyTorch cross-check: element-wise ops", "[nn][torch]") { check_family("elementwise"); }
TEST_CASE("PyTorch cross-check: unary ops", "[nn][torch]") { check_family("unary"); }
TEST_CASE("PyTorch cross-check: reductions", "[nn][torch]") { check_family("reduce"); }
TEST_CASE("PyTorch cross-check: matrix products", "[nn][torch]") { check_family("matmul"); }
