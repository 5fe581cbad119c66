// embedding_bag (sum / mean / max, optional per-id weights): values and gradients by hand,
// float64 finite-difference gradients (step 1e-6, |a - n| <= 1e-7 + 1e-5 |n|; sum and mean are
// linear, max is piecewise linear with kinks where two candidates tie, so max inputs use distinct
// ids per bag and table values drawn at least 1e-3 apart from each other's kinks — see
// tie_free_table), reference vs optimised kernels on 10k bags x width 64 x vocab 50k (bit-for-bit:
// each bag is summed in the same order on both paths), thread-count independence, and the offset
// validation errors.
#include <catch2/catch.hpp>
#include <omp.h>

#include "sim/random/philox.hpp"
#include "support/nn_testing.hpp"

using namespace simrec;
using namespace simrec::nn;
using namespace simrec::testing;

namespace {

struct Bags {
  std::vector<std::int64_t> ids, offsets;
};

// n_bags bags of 0..max_len ids in [lo, hi), seeded.
Bags random_bags(std::int64_t n_bags, std::int64_t max_len, std::int64_t lo, std::int64_t hi,
                 std::uint64_t seed) {
  random::Rng rng(seed, "tests/embedding_bag/bags", 0);
  Bags b;
  b.offsets.push_back(0);
  for (std::int64_t k = 0; k < n_bags; ++k) {
    const auto len = std::int64_t(rng.below(std::uint64_t(max_len + 1)));
    for (std::int64_t j = 0; j < len; ++j)
      b.ids.push_back(lo + std::int64_t(rng.below(std::uint64_t(hi - lo))));
    b.offsets.push_back(std::int64_t(b.ids.size()));
  }
  return b;
}

// Values -1.025 + 0.05 i, shuffled: pairwise >= 0.05 apart and >= 0.025 away from 0 (the value an
// OOV id competes with), so no max ties even under a 1e-6 perturbation.
Tensor tie_free_table(std::int64_t rows, std::int64_t width) {
  std::vector<double> v(rows * width);
  random::Rng rng(21, "tests/embedding_bag/perm", 0);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = -1.025 + 0.05 * double(i);
  for (std::size_t i = v.size() - 1; i > 0; --i) std::swap(v[i], v[rng.below(i + 1)]);
  return Tensor::from({rows, width}, v).set_requires_grad(true);
}

// Rows: 0 -> [1, 2], 1 -> [3, -4], 2 -> [5, -1].
Tensor small_table() {
  return Tensor::from({3, 2}, std::vector<double>{1, 2, 3, -4, 5, -1}).set_requires_grad(true);
}

}  // namespace

TEST_CASE("embedding_bag: values by hand", "[nn][op:embedding_bag]") {
  const Tensor t = small_table();
  // Bags: {0, 1}, {}, {2, 7 (OOV), 1}
  const std::vector<std::int64_t> ids{0, 1, 2, 7, 1}, offsets{0, 2, 2, 5};
  CHECK(embedding_bag(t, ids, offsets, BagMode::Sum).to_vector() == std::vector<double>{4, -2, 0, 0, 8, -5});
  // Mean: the OOV id counts toward the length (3).
  CHECK(embedding_bag(t, ids, offsets, BagMode::Mean).to_vector() == std::vector<double>{2, -1, 0, 0, 8.0 / 3, -5.0 / 3});
  // Max: the OOV id competes with a zero vector (column 1 of bag 2: max(-1, 0, -4) = 0).
  CHECK(embedding_bag(t, ids, offsets, BagMode::Max).to_vector() == std::vector<double>{3, 2, 0, 0, 5, 0});
  const Tensor w = Tensor::from({5}, std::vector<double>{2, 1, -1, 9, 0.5});
  CHECK(embedding_bag(t, ids, offsets, BagMode::Sum, w).to_vector() == std::vector<double>{5, 0, 0, 0, -3.5, -1});
  CHECK(embedding_bag(t, ids, offsets, BagMode::Mean, w).to_vector() == std::vector<double>{2.5, 0, 0, 0, -3.5 / 3, -1.0 / 3});
  CHECK(embedding_bag(t, {}, {0}, BagMode::Sum).shape() == Shape{0, 2});
  CHECK(embedding_bag(t, {}, {0, 0}, BagMode::Max).to_vector() == std::vector<double>{0, 0});
}

TEST_CASE("embedding_bag: gradients by hand", "[nn][op:embedding_bag]") {
  const std::vector<std::int64_t> ids{0, 1, 2, 7, 1}, offsets{0, 2, 2, 5};
  Tensor t = small_table();
  sum_all(embedding_bag(t, ids, offsets, BagMode::Mean)).backward();
  CHECK(t.grad().to_vector() == std::vector<double>{0.5, 0.5, 0.5 + 1.0 / 3, 0.5 + 1.0 / 3, 1.0 / 3, 1.0 / 3});
  t.zero_grad();
  // Max: bag 0 column 0 -> id 1, column 1 -> id 0; bag 2 column 0 -> id 2, column 1 -> the OOV
  // position (its 0 beats -1 and -4), whose gradient is dropped.
  sum_all(embedding_bag(t, ids, offsets, BagMode::Max)).backward();
  CHECK(t.grad().to_vector() == std::vector<double>{0, 1, 1, 0, 1, 0});
  t.zero_grad();
  Tensor w = Tensor::from({5}, std::vector<double>{2, 1, -1, 9, 0.5}).set_requires_grad(true);
  sum_all(embedding_bag(t, ids, offsets, BagMode::Sum, w)).backward();
  CHECK(t.grad().to_vector() == std::vector<double>{2, 2, 1.5, 1.5, -1, -1});
  CHECK(w.grad().to_vector() == std::vector<double>{3, -1, 4, 0, -1});  // row sums; OOV -> 0
}

TEST_CASE("embedding_bag: finite-difference gradients", "[nn][gradcheck][op:embedding_bag]") {
  // Empty bags, repeated ids and OOV ids (9, -3) included.
  const std::vector<std::int64_t> ids{4, 1, 4, 9, 0, 2, -3, 5, 5, 3}, offsets{0, 3, 3, 6, 7, 10};
  for (BagMode mode : {BagMode::Sum, BagMode::Mean}) {
    const std::string name = mode == BagMode::Sum ? "embedding_bag sum" : "embedding_bag mean";
    CHECK(gradcheck(name, [&](auto& x) { return embedding_bag(x[0], ids, offsets, mode); },
                    {random_tensor({6, 3}, 1).set_requires_grad(true)}) == "");
    CHECK(gradcheck(name + " weighted", [&](auto& x) { return embedding_bag(x[0], ids, offsets, mode, x[1]); },
                    {random_tensor({6, 3}, 2).set_requires_grad(true), random_tensor({10}, 3).set_requires_grad(true)}) == "");
    Tensor sparse = random_tensor({6, 3}, 4).set_requires_grad(true);
    sparse.set_sparse_grad(true);
    CHECK(gradcheck(name + " sparse table, weighted", [&](auto& x) { return embedding_bag(x[0], ids, offsets, mode, x[1]); },
                    {sparse, random_tensor({10}, 5).set_requires_grad(true)}) == "");
  }
  // Max: distinct ids within each bag and a tie-free table (see tie_free_table); the OOV ids
  // (9, -3) compete with 0.
  const std::vector<std::int64_t> max_ids{4, 1, 6, 9, 0, 2, -3, 5, 3}, max_offsets{0, 3, 3, 6, 7, 9};
  CHECK(gradcheck("embedding_bag max", [&](auto& x) { return embedding_bag(x[0], max_ids, max_offsets, BagMode::Max); },
                  {tie_free_table(8, 4)}) == "");
}

TEST_CASE("embedding_bag: optimised kernels match the reference", "[nn][kernels][op:embedding_bag]") {
  // 10k bags of 0..40 ids over a 50k x 64 vocabulary, 1% of the ids out of vocabulary.
  const Bags b = random_bags(10000, 40, -500, 50000, 31);
  const Tensor table = random_tensor({50000, 64}, 32, -1, 1, DType::F32).set_requires_grad(true);
  const Tensor w = random_tensor({std::int64_t(b.ids.size())}, 33, 0, 2, DType::F32).set_requires_grad(true);
  for (BagMode mode : {BagMode::Sum, BagMode::Mean, BagMode::Max}) {
    INFO("mode " << int(mode));
    CHECK(compare_kernel_paths("embedding_bag", [&](auto& v) { return embedding_bag(v[0], b.ids, b.offsets, mode); }, {table}, 0, 0) == "");
  }
  for (BagMode mode : {BagMode::Sum, BagMode::Mean}) {
    INFO("weighted mode " << int(mode));
    CHECK(compare_kernel_paths("embedding_bag weighted", [&](auto& v) { return embedding_bag(v[0], b.ids, b.offsets, mode, v[1]); }, {table, w}, 0, 0) == "");
  }
}

// The ops use the fused embedding_bag_backward_rows; the per-position kernel is checked directly.
TEST_CASE("embedding_bag_backward kernel: optimised matches the reference", "[nn][kernels][op:embedding_bag]") {
  const Bags b = random_bags(10000, 40, 0, 100, 35);
  const std::int64_t n_bags = 10000, W = 64, n = std::int64_t(b.ids.size());
  const Tensor dout = random_tensor({n_bags, W}, 36, -1, 1, DType::F32);
  const Tensor w = random_tensor({n}, 37, 0, 2, DType::F32);
  std::vector<std::int64_t> argmax(n_bags * W);
  for (std::int64_t k = 0; k < n_bags * W; ++k) {
    const std::int64_t bag = k / W, lo = b.offsets[bag], hi = b.offsets[bag + 1];
    argmax[k] = lo == hi ? -1 : lo + (k * 7919) % (hi - lo);
  }
  for (BagMode mode : {BagMode::Sum, BagMode::Mean, BagMode::Max}) {
    for (bool weighted : {false, true}) {
      if (weighted && mode == BagMode::Max) continue;
      INFO("mode " << int(mode) << " weighted " << weighted);
      Tensor ref = Tensor::empty({n, W}), opt = Tensor::empty({n, W});
      for (auto [table, out] : {std::pair{&reference_kernels<float>(), &ref}, std::pair{&cpu_kernels<float>(), &opt}})
        table->embedding_bag_backward(mode, n_bags, b.offsets.data(), n, weighted ? w.data<float>() : nullptr, W,
                                      dout.data<float>(), argmax.data(), out->data<float>());
      CHECK(compare_tensors("embedding_bag_backward", opt, ref, 0, 0) == "");
    }
  }
}

TEST_CASE("embedding_bag: same bits for any thread count", "[nn][kernels][determinism][op:embedding_bag]") {
  const Bags b = random_bags(3000, 30, 0, 20000, 41);
  const Tensor init = random_tensor({20000, 32}, 42, -1, 1, DType::F32);
  const auto run = [&](int threads, BagMode mode) {
    const int saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    Tensor t = init.clone().set_requires_grad(true);
    const Tensor out = embedding_bag(t, b.ids, b.offsets, mode);
    sum_all(mul(out, random_tensor(out.shape(), 43, 0.5, 1.5, DType::F32))).backward();
    omp_set_num_threads(saved);
    return std::make_pair(out.to_vector(), t.grad().to_vector());
  };
  for (BagMode mode : {BagMode::Sum, BagMode::Mean, BagMode::Max}) {
    INFO("mode " << int(mode));
    CHECK(run(1, mode) == run(3, mode));
  }
}

TEST_CASE("embedding_bag: bad offsets and arguments name the op", "[nn][errors][op:embedding_bag]") {
  const Tensor t = small_table();
  const std::vector<std::int64_t> ids{0, 1, 2};
  CHECK_THROWS_WITH(embedding_bag(t, ids, {0, 2, 1, 3}, BagMode::Sum),
                    Catch::Contains("embedding_bag") && Catch::Contains("non-decreasing") && Catch::Contains("offsets[2] = 1"));
  CHECK_THROWS_WITH(embedding_bag(t, ids, {0, 2}, BagMode::Sum),
                    Catch::Contains("embedding_bag") && Catch::Contains("last offset 2") && Catch::Contains("number of ids 3"));
  CHECK_THROWS_WITH(embedding_bag(t, ids, {0, 1, 2, 3, 4}, BagMode::Sum),
                    Catch::Contains("embedding_bag") && Catch::Contains("last offset 4"));
  CHECK_THROWS_WITH(embedding_bag(t, ids, {1, 3}, BagMode::Mean),
                    Catch::Contains("embedding_bag") && Catch::Contains("starting at 0") && Catch::Contains("f64[3, 2]"));
  CHECK_THROWS_WITH(embedding_bag(t, ids, {}, BagMode::Mean), Catch::Contains("embedding_bag") && Catch::Contains("0 entries"));
  CHECK_THROWS_WITH(embedding_bag(t, ids, {0, 3}, BagMode::Max, Tensor::zeros({3}, DType::F64)),
                    Catch::Contains("embedding_bag") && Catch::Contains("max"));
  CHECK_THROWS_WITH(embedding_bag(t, ids, {0, 3}, BagMode::Sum, Tensor::zeros({2}, DType::F64)),
                    Catch::Contains("embedding_bag") && Catch::Contains("f64[2]") && Catch::Contains("[3]"));
  CHECK_THROWS_WITH(embedding_bag(t, ids, {0, 3}, BagMode::Sum, Tensor::zeros({3})),
                    Catch::Contains("embedding_bag") && Catch::Contains("dtype"));
  CHECK_THROWS_WITH(embedding_bag(Tensor::zeros({6}), ids, {0, 3}, BagMode::Sum),
                    Catch::Contains("embedding_bag") && Catch::Contains("f32[6]"));
}
