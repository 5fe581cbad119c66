// Row-sparse gradients at benchmark scale: SparseRows::coalesce on both of its sorting paths
// (counting sort for rows in a narrow range, stable_sort otherwise) against a plain
// sum-in-order-of-appearance, and sparse optimizer steps (runs of rows updated in parallel)
// against the single-threaded reference kernels, bit for bit. Sizes are above the parallel
// thresholds (n * width > 2^15).
#include <catch2/catch.hpp>

#include <cstring>
#include <map>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

namespace {

// Sum per row in order of appearance, starting from +0 (what coalesce promises).
std::map<std::int64_t, std::vector<float>> sums_in_order(const std::vector<std::int64_t>& rows,
                                                         const Tensor& values) {
  const std::int64_t width = values.shape()[1];
  std::map<std::int64_t, std::vector<float>> out;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    auto& acc = out.try_emplace(rows[k], std::vector<float>(width, 0.0f)).first->second;
    for (std::int64_t j = 0; j < width; ++j) acc[j] += values.data<float>()[k * width + j];
  }
  return out;
}

void check_coalesce(const std::vector<std::int64_t>& rows, const Tensor& values) {
  SparseRows s{rows, std::make_shared<Tensor>(values.clone())};
  s.coalesce();
  const auto want = sums_in_order(rows, values);
  REQUIRE(s.rows.size() == want.size());
  const std::int64_t width = values.shape()[1];
  std::size_t g = 0;
  for (const auto& [row, sum] : want) {
    CHECK(s.rows[g] == row);
    CHECK(std::memcmp(s.values->data<float>() + g * width, sum.data(), width * 4) == 0);
    ++g;
  }
}

}  // namespace

TEST_CASE("SparseRows::coalesce sums repeated rows in order of appearance", "[nn][sparse]") {
  // Hand-computed: rows {7, 2, 7, 2, 9}, width 1.
  SparseRows s{{7, 2, 7, 2, 9}, std::make_shared<Tensor>(Tensor::from({5, 1}, std::vector<float>{1, 2, 3, 4, 5}))};
  s.coalesce();
  CHECK(s.rows == std::vector<std::int64_t>{2, 7, 9});
  CHECK(s.values->to_vector() == std::vector<double>{6, 4, 5});

  // Already coalesced (strictly increasing): left as it is.
  const auto values = std::make_shared<Tensor>(Tensor::from({3, 1}, std::vector<float>{1, -0.0f, 3}));
  SparseRows done{{1, 5, 9}, values};
  done.coalesce();
  CHECK(done.rows == std::vector<std::int64_t>{1, 5, 9});
  CHECK(done.values == values);

  // Benchmark-like batch: 20000 ids in [0, 5000) (counting sort), then the same ids spread over
  // a range far wider than n, negatives included (stable_sort).
  const std::int64_t n = 20000, width = 16;
  const Tensor batch = random_tensor({n, width}, 5, -1, 1, DType::F32);
  std::vector<std::int64_t> narrow(n), wide(n);
  for (std::int64_t k = 0; k < n; ++k) {
    narrow[k] = (k * 7919) % 5000;
    wide[k] = (narrow[k] - 2500) * 1000003;
  }
  check_coalesce(narrow, batch);
  check_coalesce(wide, batch);
}

TEST_CASE("sparse optimizer steps match dense steps and the reference kernels", "[nn][optim][sparse]") {
  // With zero initial state, a row that never has a gradient is left exactly unchanged by a dense
  // Adam / Adagrad step (its update is 0 / (0 + eps)), so a lazy sparse step must equal the dense
  // step on the densified gradient, bit for bit; and the optimised kernels equal the reference.
  const std::int64_t rows = 30000, width = 32, n = 30000;
  const Tensor init = random_tensor({rows, width}, 6, -1, 1, DType::F32);
  const Tensor grad_values = random_tensor({n, width}, 7, -1, 1, DType::F32);
  std::vector<std::int64_t> ids(n);
  // Rows 3m and 3m + 1 (m < 9000), repeated, in scrambled order: thousands of runs of two rows.
  for (std::int64_t k = 0; k < n; ++k) ids[k] = 3 * ((k * 7919) % 9000) + k % 2;
  const auto make_opt = [](Tensor& t, bool adam) -> std::unique_ptr<Optimizer> {
    if (adam) return std::make_unique<Adam>(std::vector<NamedTensor>{{"t", t}}, AdamOptions{.lr = 0.01});
    return std::make_unique<Adagrad>(std::vector<NamedTensor>{{"t", t}}, AdagradOptions{.lr = 0.1});
  };
  const auto set_sparse = [&](Tensor& t) {
    t.zero_grad();
    t.sparse_grad().rows = ids;
    t.sparse_grad().values = std::make_shared<Tensor>(grad_values.clone());
  };
  const auto run_sparse = [&](KernelPath path, bool adam) {
    KernelPathGuard guard(path);
    Tensor t = init.clone().set_requires_grad(true);
    t.set_sparse_grad(true);
    auto opt = make_opt(t, adam);
    for (int step = 0; step < 2; ++step) {
      set_sparse(t);
      opt->step();
    }
    return t;
  };
  const auto run_dense = [&](bool adam) {
    Tensor probe = init.clone().set_requires_grad(true);
    probe.set_sparse_grad(true);
    set_sparse(probe);
    const Tensor dense_grad = probe.grad();  // densified: coalesced rows added into zeros
    Tensor t = init.clone().set_requires_grad(true);
    auto opt = make_opt(t, adam);
    for (int step = 0; step < 2; ++step) {
      t.zero_grad();
      sum_all(mul(t, dense_grad)).backward();  // gradient exactly dense_grad
      opt->step();
    }
    return t;
  };
  for (bool adam : {true, false}) {
    INFO((adam ? "adam" : "adagrad"));
    const Tensor opt = run_sparse(KernelPath::Optimized, adam);
    CHECK(std::memcmp(run_sparse(KernelPath::Reference, adam).raw(), opt.raw(), opt.numel() * 4) == 0);
    CHECK(std::memcmp(run_dense(adam).raw(), opt.raw(), opt.numel() * 4) == 0);
    CHECK(std::memcmp(init.raw(), opt.raw(), opt.numel() * 4) != 0);
  }
}
