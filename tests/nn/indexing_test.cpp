// index_select, embedding, gather, topk: values by hand, float64 finite-difference gradients
// (all three differentiable ops are linear in the table / input: step 1e-6,
// |a - n| <= 1e-7 + 1e-5 |n|, no kinks), reference vs optimised kernels on sizes above the
// parallel threshold (rows are copied or summed in the same order on both paths, so compared
// bit-for-bit), row-sparse table gradients against a dense copy, and error messages.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "sim/random/philox.hpp"
#include "support/nn_testing.hpp"

using namespace simrec;
using namespace simrec::nn;
using namespace simrec::testing;

namespace {
std::vector<std::int64_t> random_ids(std::int64_t n, std::int64_t lo, std::int64_t hi, std::uint64_t seed) {
  random::Rng rng(seed, "tests/indexing/ids", 0);
  std::vector<std::int64_t> ids(n);
  for (auto& id : ids) id = lo + std::int64_t(rng.below(std::uint64_t(hi - lo)));
  return ids;
}
Tensor leaf(const Shape& s, std::uint64_t seed, DType dtype = DType::F64) {
  return random_tensor(s, seed, -1, 1, dtype).set_requires_grad(true);
}
const Tensor kTable = Tensor::from({3, 2}, std::vector<double>{1, 2, 3, 4, 5, 6});
}  // namespace

TEST_CASE("index_select and embedding: values and gradients by hand", "[nn][op:index_select][op:embedding]") {
  CHECK(index_select(kTable, {2, 0, 2}).to_vector() == std::vector<double>{5, 6, 1, 2, 5, 6});
  const Tensor e = embedding(kTable, {1, -1, 3, 0}, Shape{2, 2});  // -1 and 3 are out of vocabulary
  CHECK(e.shape() == Shape{2, 2, 2});
  CHECK(e.to_vector() == std::vector<double>{3, 4, 0, 0, 0, 0, 1, 2});
  CHECK(embedding(kTable, {0}).shape() == Shape{1, 2});

  Tensor t = kTable.clone().set_requires_grad(true);
  sum_all(index_select(t, {2, 0, 2})).backward();
  CHECK(t.grad().to_vector() == std::vector<double>{1, 1, 0, 0, 2, 2});
  t.zero_grad();
  sum_all(embedding(t, {1, -1, 3, 1}, Shape{4})).backward();  // OOV positions send nothing
  CHECK(t.grad().to_vector() == std::vector<double>{0, 0, 2, 2, 0, 0});
}

TEST_CASE("gather and topk: values by hand", "[nn][op:gather][op:topk]") {
  const Tensor x = Tensor::from({2, 4}, std::vector<double>{1, 5, 5, 2, 0, -1, 7, 7});
  CHECK(gather(x, {3, 0, 0, 2, 2, 1}, 3).to_vector() == std::vector<double>{2, 1, 1, 7, 7, -1});
  Tensor xl = x.clone().set_requires_grad(true);
  sum_all(gather(xl, {3, 0, 0, 2, 2, 1}, 3)).backward();
  CHECK(xl.grad().to_vector() == std::vector<double>{2, 0, 0, 1, 0, 1, 2, 0});

  const TopK top = topk(x, 3);  // ties: lower column first
  CHECK(top.values.to_vector() == std::vector<double>{5, 5, 2, 7, 7, 0});
  CHECK(top.indices == std::vector<std::int64_t>{1, 2, 3, 2, 3, 0});
  CHECK_FALSE(top.values.requires_grad());
  CHECK(topk(x, 0).values.shape() == Shape{2, 0});
  CHECK(topk(x, 4).indices == std::vector<std::int64_t>{1, 2, 3, 0, 2, 3, 0, 1});
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const TopK with_nan = topk(Tensor::from({1, 3}, std::vector<double>{1, nan, 2}), 2);
  CHECK(with_nan.indices == std::vector<std::int64_t>{1, 2});  // NaN ranks first, as in PyTorch
  CHECK_FALSE(topk(leaf({2, 3}, 1), 2).values.requires_grad());
}

TEST_CASE("index_select, embedding, gather: finite-difference gradients", "[nn][gradcheck][op:index_select][op:embedding][op:gather]") {
  CHECK(gradcheck("index_select", [](auto& x) { return index_select(x[0], {3, 1, 3, 0, 3}); }, {leaf({5, 3}, 1)}) == "");
  CHECK(gradcheck("embedding", [](auto& x) { return embedding(x[0], {4, -2, 1, 4, 9, 0}, Shape{2, 3}); }, {leaf({5, 3}, 2)}) == "");
  Tensor sparse_table = leaf({5, 3}, 3);
  sparse_table.set_sparse_grad(true);
  CHECK(gradcheck("embedding (sparse table)", [](auto& x) { return embedding(x[0], {4, 4, 7, 2}); }, {sparse_table}) == "");
  CHECK(gradcheck("index_select (sparse table)", [](auto& x) { return index_select(x[0], {0, 4, 0}); }, {sparse_table}) == "");
  CHECK(gradcheck("gather", [](auto& x) { return gather(x[0], {0, 3, 3, 2, 1, 1, 0, 0, 2}, 3); }, {leaf({3, 4}, 4)}) == "");
  // The lookup feeding a further op (gradient arrives as a non-trivial tensor).
  CHECK(gradcheck("embedding then tanh", [](auto& x) { return tanh(embedding(x[0], {1, 2, 1})); }, {leaf({4, 2}, 5)}) == "");
}

TEST_CASE("indexing: optimised kernels match the reference", "[nn][kernels][op:index_select][op:embedding][op:gather][op:topk]") {
  const Tensor table = leaf({50000, 64}, 6, DType::F32);
  // 100k lookups into 50k rows: many repeated rows (scatter_add_rows groups by id).
  const auto ids = random_ids(100000, 0, 50000, 7);
  CHECK(compare_kernel_paths("index_select", [&](auto& v) { return index_select(v[0], ids); }, {table}, 0, 0) == "");
  auto oov = random_ids(20000, -100, 50100, 8);
  CHECK(compare_kernel_paths("embedding with OOV", [&](auto& v) { return embedding(v[0], oov, Shape{100, 200}); }, {table}, 0, 0) == "");
  const Tensor x = leaf({2000, 300}, 9, DType::F32);
  const auto idx = random_ids(2000 * 20, 0, 300, 10);
  CHECK(compare_kernel_paths("gather", [&](auto& v) { return gather(v[0], idx, 20); }, {x}, 0, 0) == "");

  // topk: values and indices identical; few distinct values so ties are frequent, some NaNs;
  // many short rows, and a few very wide ones (the serving shape: top-N over a catalogue).
  random::Rng rng(11, "tests/indexing/topk", 0);
  for (auto [R, C, k] : {std::tuple<std::int64_t, std::int64_t, std::int64_t>{3000, 400, 25}, {3, 200000, 100}, {5, 300, 300}}) {
    std::vector<double> vals(R * C);
    for (double& v : vals) v = rng.below(1000) == 0 ? std::nan("") : double(rng.below(50));
    const Tensor scores = Tensor::from({R, C}, vals).to(DType::F32);
    TopK ref, opt;
    {
      KernelPathGuard guard(KernelPath::Reference);
      ref = topk(scores, k);
    }
    {
      KernelPathGuard guard(KernelPath::Optimized);
      opt = topk(scores, k);
    }
    INFO("topk R=" << R << " C=" << C << " k=" << k);
    CHECK(opt.indices == ref.indices);
    const auto a = opt.values.to_vector(), b = ref.values.to_vector();
    bool same = a.size() == b.size();
    for (std::size_t i = 0; same && i < a.size(); ++i) same = a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i]));
    CHECK(same);
  }
}

TEST_CASE("row-sparse table gradients equal the dense gradient", "[nn][sparse][op:embedding][op:embedding_bag][op:index_select]") {
  // vocab 1000: rows grouped by counting sort; 100000: by sorting (vocabulary >> ids).
  for (std::int64_t vocab : {1000, 100000}) {
    INFO("vocab " << vocab);
    const Tensor init = random_tensor({vocab, 8}, 12, -1, 1, DType::F32);
    Tensor sparse = init.clone().set_requires_grad(true);
    sparse.set_sparse_grad(true);
    Tensor dense = init.clone().set_requires_grad(true);
    const std::int64_t last = vocab - 1;
    const std::vector<std::int64_t> ids{5, last, -1, 5, 42, vocab, 7};  // -1 and vocab are OOV
    const std::vector<std::int64_t> bag_ids{42, 3, 3, 77, -5, last};
    const std::vector<std::int64_t> offsets{0, 2, 2, 5, 6};
    const Tensor r = random_tensor({7, 8}, 13, 0.5, 1.5, DType::F32);
    const auto loss = [&](const Tensor& t) {
      return add(add(sum_all(mul(embedding(t, ids), r)),
                     sum_all(embedding_bag(t, bag_ids, offsets, BagMode::Mean))),
                 add(sum_all(embedding_bag(t, bag_ids, offsets, BagMode::Max)),
                     sum_all(index_select(t, {last, 0}))));
    };
    loss(sparse).backward();
    loss(dense).backward();
    CHECK_FALSE(sparse.impl()->grad);  // nothing went to the dense slot
    SparseRows rows = sparse.sparse_grad();
    rows.coalesce();
    CHECK(rows.rows == std::vector<std::int64_t>{0, 3, 5, 7, 42, 77, last});
    CHECK(compare_tensors("densified sparse grad", sparse.grad(), dense.grad(), 1e-6, 1e-7) == "");
    // A second backward accumulates into the same sparse rows.
    loss(sparse).backward();
    loss(dense).backward();
    CHECK(compare_tensors("accumulated sparse grad", sparse.grad(), dense.grad(), 1e-6, 1e-7) == "");
  }
}

TEST_CASE("indexing: misuse names the op, the ids and the shapes", "[nn][errors][op:index_select][op:embedding][op:gather][op:topk]") {
  CHECK_THROWS_WITH(index_select(kTable, {0, 3}),
                    Catch::Contains("index_select") && Catch::Contains("id 3") && Catch::Contains("[0, 3)") && Catch::Contains("f64[3, 2]"));
  CHECK_THROWS_WITH(index_select(kTable, {-1}), Catch::Contains("index_select") && Catch::Contains("id -1"));
  CHECK_THROWS_WITH(index_select(Tensor::zeros({3}), {0}), Catch::Contains("index_select") && Catch::Contains("f32[3]"));
  CHECK_THROWS_WITH(embedding(kTable, {0, 1, 2}, Shape{2, 2}),
                    Catch::Contains("embedding") && Catch::Contains("[2, 2]") && Catch::Contains("f64[3, 2]"));
  CHECK_THROWS_WITH(gather(kTable, {0, 2, 1}, 1),
                    Catch::Contains("gather") && Catch::Contains("index 2") && Catch::Contains("[0, 2)") && Catch::Contains("f64[3, 2]"));
  CHECK_THROWS_WITH(gather(kTable, {0, 1}, 1), Catch::Contains("gather") && Catch::Contains("[3, 1]"));
  CHECK_THROWS_WITH(topk(kTable, 3), Catch::Contains("topk") && Catch::Contains("k = 3") && Catch::Contains("C = 2"));
  CHECK_THROWS_WITH(topk(Tensor::zeros({4}), 1), Catch::Contains("topk") && Catch::Contains("f32[4]"));
}

TEST_CASE("scatter_add: values and gradients by hand, equal to the dense-mask form, FD, kernels, errors",
          "[nn][gradcheck][kernels][op:scatter_add]") {
  const Tensor x = Tensor::from({2, 4}, std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8});
  Tensor src = Tensor::from({2, 2}, std::vector<double>{10, 20, 30, 40}).set_requires_grad(true);
  Tensor xg = x.clone().set_requires_grad(true);
  // Row 1 repeats index 3: both adds land there.
  const Tensor y = scatter_add(xg, {0, 2, 3, 3}, src);
  CHECK(y.to_vector() == std::vector<double>{11, 2, 23, 4, 5, 6, 7, 78});
  CHECK(x.to_vector()[0] == 1);  // out of place
  sum_all(mul(y, Tensor::from({2, 4}, std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8}))).backward();
  CHECK(xg.grad().to_vector() == std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8});
  CHECK(src.grad().to_vector() == std::vector<double>{1, 3, 8, 8});

  // The dense form it replaces: x + m * s with m a 0/1 mask [R, C] and s [R, 1].
  const Tensor z = random_tensor({3, 50}, 91, -2, 2, DType::F32);
  Tensor s = random_tensor({3, 1}, 92, -1, 1, DType::F32);
  std::vector<float> mask(150, 0.0f);
  const std::vector<std::int64_t> cols{4, 17, 0, 49, 20, 33};
  for (std::int64_t r = 0; r < 3; ++r)
    for (std::int64_t j = 0; j < 2; ++j) mask[std::size_t(r * 50 + cols[std::size_t(r * 2 + j)])] = 1.0f;
  const Tensor dense = add(z, mul(Tensor::from({3, 50}, mask), s));
  const Tensor sparse = scatter_add(z, cols, broadcast_to(s, Shape{3, 2}));
  CHECK(dense.to_vector() == sparse.to_vector());

  Tensor a = random_tensor({4, 6}, 93).set_requires_grad(true);
  Tensor b = random_tensor({4, 3}, 94).set_requires_grad(true);
  const std::vector<std::int64_t> idx{0, 5, 5, 1, 2, 3, 4, 4, 0, 2, 2, 2};
  CHECK(gradcheck("scatter_add", [&](auto& v) { return scatter_add(v[0], idx, v[1]); }, {a, b}) == "");
  const Tensor big = random_tensor({3000, 200}, 95, -1, 1, DType::F32).set_requires_grad(true);
  const Tensor bsrc = random_tensor({3000, 2}, 96, -1, 1, DType::F32).set_requires_grad(true);
  std::vector<std::int64_t> bidx(6000);
  for (std::size_t i = 0; i < bidx.size(); ++i) bidx[i] = std::int64_t((i * 37) % 200);
  CHECK(compare_kernel_paths("scatter_add", [&](auto& v) { return scatter_add(v[0], bidx, v[1]); }, {big, bsrc}, 0, 0) == "");

  CHECK_THROWS_WITH(scatter_add(x, {0, 4, 1, 1}, src.detach()),
                    Catch::Contains("scatter_add") && Catch::Contains("index 4") && Catch::Contains("f64[2, 4]"));
  CHECK_THROWS_WITH(scatter_add(x, {0, 1, 1}, src.detach()), Catch::Contains("scatter_add") && Catch::Contains("3 indices"));
  CHECK_THROWS_WITH(scatter_add(x, {0, 1, 1, 2}, Tensor::zeros({2, 2})), Catch::Contains("scatter_add") && Catch::Contains("dtype"));
}
