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
  // shape ops
  c.push_back({"shape/permute", "permute", {f32({2, 3, 4}, 30)}, R"({"perm": [2, 0, 1]})", [](auto& x) { return permute(x[0], {2, 0, 1}); }});
  c.push_back({"shape/slice", "slice", {f32({4, 9, 3}, 31)}, R"({"axis": 1, "start": 2, "length": 5})", [](auto& x) { return slice(x[0], 1, 2, 5); }});
  c.push_back({"shape/concat", "concat", {f32({2, 3}, 32), f32({2, 5}, 33), f32({2, 1}, 34)}, R"({"axis": 1})", [](auto& x) { return concat({x[0], x[1], x[2]}, 1); }});
  // indexing (ids chosen by hand; repeated ids exercise gradient accumulation)
  c.push_back({"indexing/index_select", "index_select", {f32({10, 4}, 35)}, R"({"ids": [3, 0, 3, 9, 5]})", [](auto& x) { return index_select(x[0], {3, 0, 3, 9, 5}); }});
  c.push_back({"indexing/gather", "gather", {f32({3, 6}, 36)}, R"({"idx": [0, 5, 2, 2, 1, 4], "idx_shape": [3, 2]})", [](auto& x) { return gather(x[0], {0, 5, 2, 2, 1, 4}, 2); }});
  const std::vector<std::int64_t> bag_ids{1, 4, 4, 7, 0, 2, 9, 3, 3, 8}, bag_off{0, 3, 3, 7, 10};
  c.push_back({"indexing/embedding_bag mean", "embedding_bag", {f32({10, 5}, 37)}, R"({"ids": [1, 4, 4, 7, 0, 2, 9, 3, 3, 8], "offsets": [0, 3, 3, 7, 10], "mode": "mean"})",
               [=](auto& x) { return embedding_bag(x[0], bag_ids, bag_off, BagMode::Mean); }});
  c.push_back({"indexing/embedding_bag max", "embedding_bag", {f32({10, 5}, 38)}, R"({"ids": [1, 4, 4, 7, 0, 2, 9, 3, 3, 8], "offsets": [0, 3, 3, 7, 10], "mode": "max"})",
               [=](auto& x) { return embedding_bag(x[0], bag_ids, bag_off, BagMode::Max); }});
  c.push_back({"indexing/embedding_bag sum weighted", "embedding_bag", {f32({10, 5}, 39), f32({10}, 40)}, R"({"ids": [1, 4, 4, 7, 0, 2, 9, 3, 3, 8], "offsets": [0, 3, 3, 7, 10], "mode": "sum"})",
               [=](auto& x) { return embedding_bag(x[0], bag_ids, bag_off, BagMode::Sum, x[1]); }});
  // normalisation
  c.push_back({"norm/softmax", "softmax", {f32({3, 4, 5}, 41, -3, 3)}, R"({"axis": 1})", [](auto& x) { return softmax(x[0], 1); }});
  c.push_back({"norm/log_softmax", "log_softmax", {f32({6, 7}, 42, -3, 3)}, R"({"axis": -1})", [](auto& x) { return log_softmax(x[0], -1); }});
  c.push_back({"norm/layer_norm", "layer_norm", {f32({2, 3, 8}, 43), f32({8}, 44), f32({8}, 45)}, R"({"eps": 1e-5})", [](auto& x) { return layer_norm(x[0], x[1], x[2], 1e-5); }});
  // losses
  c.push_back({"loss/bce weighted", "bce_with_logits", {f32({12}, 46, -3, 3), f32({12}, 47, 0, 1, false), f32({12}, 48, 0.5, 5, false)}, R"({"reduction": "mean"})",
               [](auto& x) { return bce_with_logits(x[0], x[1], x[2], Reduction::Mean); }});
  c.push_back({"loss/mse", "mse", {f32({4, 3}, 49), f32({4, 3}, 50)}, R"({"reduction": "sum"})", [](auto& x) { return mse(x[0], x[1], Reduction::Sum); }});
  c.push_back({"loss/softmax_cross_entropy", "softmax_cross_entropy", {f32({5, 7}, 51, -3, 3)}, R"({"labels": [0, 6, 3, 3, 1], "reduction": "mean"})",
               [](auto& x) { return softmax_cross_entropy(x[0], {0, 6, 3, 3, 1}); }});
  c.push_back({"loss/pairwise_log_sigmoid", "pairwise_log_sigmoid", {f32({9}, 52, -2, 2), f32({9}, 53, -2, 2)}, "{}", [](auto& x) { return pairwise_log_sigmoid(x[0], x[1]); }});
  {
    // 4 examples, 6 shared negatives; example 1's label (7) is also sampled (an accidental hit).
    const std::vector<std::int64_t> labels{2, 7, 11, 5}, sampled{3, 7, 9, 13, 1, 4};
    const std::vector<double> lq{-1.5, -2.0, -3.25, -0.75}, sq{-1.0, -2.0, -2.5, -4.0, -1.25, -3.0};
    c.push_back({"loss/sampled_softmax", "sampled_softmax", {f32({4, 8}, 54), f32({4, 8}, 55), f32({6, 8}, 56)},
                 R"({"labels": [2, 7, 11, 5], "sampled": [3, 7, 9, 13, 1, 4], "temperature": 0.5, "logq": true, "remove_hits": true,
                     "label_log_q": [-1.5, -2.0, -3.25, -0.75], "sampled_log_q": [-1.0, -2.0, -2.5, -4.0, -1.25, -3.0]})",
                 [=](auto& x) {
                   SampledSoftmaxBatch b;
                   b.label_rows = x[1];
                   b.sampled_rows = x[2];
                   b.labels = labels;
                   b.sampled_ids = sampled;
                   b.label_log_q = lq;
                   b.sampled_log_q = sq;
                   SampledSoftmaxOptions o;
                   o.temperature = 0.5;
                   return sampled_softmax_loss(x[0], b, o);
                 }});
  }
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
TEST_CASE("PyTorch cross-check: shape ops", "[nn][torch]") { check_family("shape"); }
TEST_CASE("PyTorch cross-check: indexing and embedding bags", "[nn][torch]") { check_family("indexing"); }
TEST_CASE("PyTorch cross-check: softmax and layer norm", "[nn][torch]") { check_family("norm"); }
TEST_CASE("PyTorch cross-check: losses", "[nn][torch]") { check_family("loss"); }
