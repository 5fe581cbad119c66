// Layers: forward values on tiny hand-computed cases, and float64 finite-difference gradients
// through the input and every parameter (the layers are composites of tested ops; these checks
// prove the wiring). Gradient checks: step 1e-6, |a - n| <= 1e-7 + 1e-5 |n| (the defaults of
// support/nn_testing.hpp); smooth activations (tanh, sigmoid) in gradient checks, so no kinks;
// where relu is checked its pre-activations are kept away from 0 by construction (noted there);
// with dropout the mask is fixed by (seed, step), so the function checked is smooth too.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/random/philox.hpp"

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

namespace {

void set_values(const Tensor& t, const std::vector<double>& v) {
  Tensor handle = t;
  handle.copy_from(Tensor::from(t.shape(), v).to(t.dtype()));
}

// gradcheck inputs: x followed by every parameter of m (shared storage, so perturbing an input
// perturbs the module's parameter).
std::vector<Tensor> with_parameters(const Tensor& x, const Module& m) {
  std::vector<Tensor> in = {x};
  for (const Tensor& p : m.parameters()) in.push_back(p);
  return in;
}

}  // namespace

TEST_CASE("Linear: values and parameter layout", "[nn][layer:Linear]") {
  Linear lin(2, 3);
  lin.init(1);
  set_values(lin.weight(), {1, 2, 3, 4, -1, 0});
  set_values(lin.bias(), {0.5, -0.5, 1});
  const Tensor x = Tensor::from({2, 2}, std::vector<float>{1, 1, 2, -1});
  // [1 + 2 + 0.5, 3 + 4 - 0.5, -1 + 0 + 1], [2 - 2 + 0.5, 6 - 4 - 0.5, -2 + 0 + 1]
  CHECK(lin(x).to_vector() == std::vector<double>{3.5, 6.5, 0, 0.5, 1.5, -1});
  // Leading dims are kept: [2, 1, 2] -> [2, 1, 3].
  CHECK(lin(reshape(x, {2, 1, 2})).shape() == Shape{2, 1, 3});

  Linear no_bias(4, 2, false);
  CHECK(no_bias.named_parameters().size() == 1);
  CHECK(no_bias.named_parameters()[0].name == "weight");
  CHECK(no_bias.weight().shape() == Shape{2, 4});
  CHECK_FALSE(no_bias.bias().defined());
}

TEST_CASE("Linear: PyTorch's default initialisation bounds", "[nn][layer:Linear][init]") {
  Linear lin(64, 32);
  lin.init(3);
  const double bound = 1 / std::sqrt(64.0);
  for (const Tensor& p : lin.parameters()) {
    const auto v = p.to_vector();
    CHECK(*std::max_element(v.begin(), v.end()) <= bound);
    CHECK(*std::min_element(v.begin(), v.end()) >= -bound);
    CHECK(*std::max_element(v.begin(), v.end()) > 0.8 * bound);
  }
}

TEST_CASE("Linear: finite-difference gradients through input and parameters", "[nn][gradcheck][layer:Linear]") {
  Linear lin(4, 3);
  lin.to(DType::F64);
  lin.init(2);
  const Tensor x = random_tensor({5, 4}, 1).set_requires_grad(true);
  CHECK(gradcheck("Linear", [&](auto& v) { return lin(v[0]); }, with_parameters(x, lin)) == "");
}

TEST_CASE("Linear and MLP: bad sizes and inputs are refused", "[nn][layer:Linear][layer:MLP][errors]") {
  CHECK_THROWS_WITH(Linear(0, 3), Catch::Contains("Linear") && Catch::Contains("positive"));
  CHECK_THROWS_WITH(MLP({4}), Catch::Contains("MLP") && Catch::Contains("{4}"));
  CHECK_THROWS_WITH(MLP({4, -2, 1}), Catch::Contains("MLP") && Catch::Contains("{4, -2, 1}"));
  Linear lin(3, 2);
  lin.init(0);
  CHECK_THROWS_WITH(lin(Tensor::zeros({2, 4})), Catch::Contains("linear") && Catch::Contains("[2, 4]"));
  CHECK_THROWS_WITH(parse_activation("gelu"), Catch::Contains("gelu") && Catch::Contains("relu"));
  CHECK(parse_activation("tanh") == Activation::Tanh);
}

TEST_CASE("MLP: values, names and final activation", "[nn][layer:MLP]") {
  MLP mlp({2, 2, 1});
  mlp.init(1);
  CHECK(mlp.depth() == 2);
  CHECK(mlp.named_parameters()[2].name == "1.weight");
  set_values(mlp.layer(0).weight(), {1, -1, 2, 1});
  set_values(mlp.layer(0).bias(), {0, -1});
  set_values(mlp.layer(1).weight(), {1, 0.5});
  set_values(mlp.layer(1).bias(), {0.25});
  const Tensor x = Tensor::from({2, 2}, std::vector<float>{1, 2, -1, 0.5});
  // Row 1: h = relu([1 - 2, 2 + 2 - 1]) = [0, 3], y = 1.5 + 0.25. Row 2: h = relu([-1.5, -2.5]) = 0.
  CHECK(mlp(x).to_vector() == std::vector<double>{1.75, 0.25});

  MLP tanh_tower({2, 2, 1}, MLPOptions{.activation = Activation::Tanh, .final_activation = true});
  tanh_tower.init(1);
  for (std::size_t k = 0; k < 2; ++k) {
    set_values(tanh_tower.layer(k).weight(), mlp.layer(k).weight().to_vector());
    set_values(tanh_tower.layer(k).bias(), mlp.layer(k).bias().to_vector());
  }
  const double y = std::tanh(std::tanh(-1.0) + 0.5 * std::tanh(3.0) + 0.25);
  CHECK(tanh_tower(x).to_vector()[0] == Approx(y).epsilon(1e-6));
}

TEST_CASE("MLP: finite-difference gradients through input and parameters", "[nn][gradcheck][layer:MLP]") {
  MLP mlp({3, 5, 4, 2}, MLPOptions{.activation = Activation::Tanh, .final_activation = true});
  mlp.to(DType::F64);
  mlp.init(4);
  const Tensor x = random_tensor({6, 3}, 2).set_requires_grad(true);
  CHECK(gradcheck("MLP tanh", [&](auto& v) { return mlp(v[0]); }, with_parameters(x, mlp)) == "");

  // relu tower: biases of 0.5 and positive weights and inputs keep every pre-activation >= 0.5,
  // well away from the kink at 0.
  MLP relu_mlp({3, 4, 2}, MLPOptions{.activation = Activation::Relu, .final_activation = true});
  relu_mlp.to(DType::F64);
  relu_mlp.init(5);
  for (std::size_t k = 0; k < 2; ++k) {
    set_values(relu_mlp.layer(k).weight(), random_tensor(relu_mlp.layer(k).weight().shape(), 10 + k, 0.1, 1).to_vector());
    set_values(relu_mlp.layer(k).bias(), std::vector<double>(relu_mlp.layer(k).bias().numel(), 0.5));
  }
  const Tensor xp = random_tensor({4, 3}, 3, 0.1, 1).set_requires_grad(true);
  CHECK(gradcheck("MLP relu", [&](auto& v) { return relu_mlp(v[0]); }, with_parameters(xp, relu_mlp)) == "");
}

TEST_CASE("Gate: softmax of W x over experts", "[nn][layer:Gate]") {
  Gate gate(2, 3);
  gate.init(1);
  set_values(gate.weight(), {1, 0, 0, 1, 1, 1});
  const Tensor x = Tensor::from({2, 2}, std::vector<double>{1, 2, 0, 0});
  gate.to(DType::F64);
  const auto g = gate(x).to_vector();
  // Row 1: z = [1, 2, 3] -> e^z / (e + e^2 + e^3). Row 2: z = 0 -> uniform.
  const double s = std::exp(1) + std::exp(2) + std::exp(3);
  CHECK(g[0] == Approx(std::exp(1) / s).epsilon(1e-14));
  CHECK(g[1] == Approx(std::exp(2) / s).epsilon(1e-14));
  CHECK(g[2] == Approx(std::exp(3) / s).epsilon(1e-14));
  CHECK(g[3] == Approx(1.0 / 3).epsilon(1e-14));
  // Huge logits stay finite (the row maximum is subtracted first).
  const auto big = gate(Tensor::from({1, 2}, std::vector<double>{1000, 0})).to_vector();
  CHECK(big[0] == Approx(0.5));
  CHECK(big[2] == Approx(0.5));
  CHECK(big[1] == 0);
  CHECK_THROWS_WITH(gate(Tensor::zeros({2, 3}, DType::F64)), Catch::Contains("Gate") && Catch::Contains("[2, 3]"));
}

TEST_CASE("Gate: finite-difference gradients through input and parameters", "[nn][gradcheck][layer:Gate]") {
  Gate gate(4, 3, true);
  gate.to(DType::F64);
  gate.init(3);
  const Tensor x = random_tensor({5, 4}, 4, -2, 2).set_requires_grad(true);
  CHECK(gradcheck("Gate", [&](auto& v) { return gate(v[0]); }, with_parameters(x, gate)) == "");
}

TEST_CASE("mix: gate-weighted sum of expert outputs", "[nn][op:mix]") {
  // e [1, 2, 3]: experts [1, 2, 3] and [10, 20, 30]; g = [0.25, 0.75].
  const Tensor e = Tensor::from({1, 2, 3}, std::vector<double>{1, 2, 3, 10, 20, 30});
  const Tensor g = Tensor::from({1, 2}, std::vector<double>{0.25, 0.75});
  CHECK(mix(e, g).to_vector() == std::vector<double>{7.75, 15.5, 23.25});
  CHECK_THROWS_WITH(mix(e, Tensor::zeros({1, 3}, DType::F64)),
                    Catch::Contains("mix") && Catch::Contains("[1, 2, 3]") && Catch::Contains("[1, 3]"));
}

TEST_CASE("mix: finite-difference gradients", "[nn][gradcheck][op:mix]") {
  const Tensor e = random_tensor({4, 3, 5}, 1).set_requires_grad(true);
  const Tensor g = random_tensor({4, 3}, 2, 0, 1).set_requires_grad(true);
  CHECK(gradcheck("mix", [](auto& v) { return mix(v[0], v[1]); }, {e, g}) == "");
}

TEST_CASE("Experts: outputs stacked as B x n x d", "[nn][layer:Experts]") {
  Experts experts(2, {2, 1}, MLPOptions{.activation = Activation::None});
  experts.init(1);
  CHECK(experts.named_parameters()[0].name == "0.0.weight");
  CHECK(experts.named_parameters()[2].name == "1.0.weight");
  set_values(experts.expert(0).layer(0).weight(), {1, 2});
  set_values(experts.expert(0).layer(0).bias(), {0});
  set_values(experts.expert(1).layer(0).weight(), {-1, 1});
  set_values(experts.expert(1).layer(0).bias(), {0.5});
  const Tensor x = Tensor::from({2, 2}, std::vector<float>{1, 1, 2, 0});
  // Expert 0: [3, 2]; expert 1: [0.5, -1.5]; out[b, i, 0] = expert i of row b.
  const Tensor out = experts(x);
  CHECK(out.shape() == Shape{2, 2, 1});
  CHECK(out.to_vector() == std::vector<double>{3, 0.5, 2, -1.5});
  CHECK_THROWS_WITH(experts(Tensor::zeros({2, 3})), Catch::Contains("Experts") && Catch::Contains("[2, 3]"));
  CHECK_THROWS_WITH(Experts(0, {2, 1}), Catch::Contains("Experts") && Catch::Contains("positive"));
}

TEST_CASE("Experts with gates (an MMoE block): finite-difference gradients", "[nn][gradcheck][layer:Experts][layer:Gate]") {
  // Two tasks share three experts; task k's tower input is mix(experts(x), gate_k(x)).
  struct MMoEBlock : Module {
    Experts experts{3, {4, 5, 2}, MLPOptions{.activation = Activation::Tanh, .final_activation = true}};
    Gate gate0{4, 3}, gate1{4, 3};
    MMoEBlock() {
      register_module("experts", experts);
      register_module("gate0", gate0);
      register_module("gate1", gate1);
    }
    Tensor operator()(const Tensor& x) const {
      const Tensor e = experts(x);
      return concat({mix(e, gate0(x)), mix(e, gate1(x))}, 1);
    }
  };
  MMoEBlock block;
  block.to(DType::F64);
  block.init(8);
  const Tensor x = random_tensor({3, 4}, 9).set_requires_grad(true);
  CHECK(gradcheck("MMoE block", [&](auto& v) { return block(v[0]); }, with_parameters(x, block)) == "");
}

TEST_CASE("Embedding: lookups, zero vectors for out-of-vocabulary ids", "[nn][layer:Embedding]") {
  Embedding emb(4, 2);
  emb.init(1);
  CHECK(emb.named_parameters()[0].name == "weight");
  CHECK(emb.weight().sparse_grad().empty());
  set_values(emb.weight(), {0, 1, 10, 11, 20, 21, 30, 31});
  // ids in shape [2, 2]; -1 and 4 are outside the vocabulary.
  const Tensor out = emb({2, -1, 4, 0}, Shape{2, 2});
  CHECK(out.shape() == Shape{2, 2, 2});
  CHECK(out.to_vector() == std::vector<double>{20, 21, 0, 0, 0, 0, 0, 1});
  CHECK(emb({3}).to_vector() == std::vector<double>{30, 31});
  // Sparse gradients by default: only rows 0 and 2 are touched.
  sum_all(out).backward();
  SparseRows rows = emb.weight().sparse_grad();
  rows.coalesce();
  CHECK(rows.rows == std::vector<std::int64_t>{0, 2});
  Embedding dense(4, 2, false);
  dense.init(1);
  sum_all(dense({1, 1})).backward();
  CHECK(dense.weight().sparse_grad().empty());
  CHECK(dense.weight().grad().to_vector() == std::vector<double>{0, 0, 2, 2, 0, 0, 0, 0});
  Embedding fresh(3, 2);
  CHECK_THROWS_WITH(fresh({0}), Catch::Contains("Embedding") && Catch::Contains("not initialised"));
  CHECK_THROWS_WITH(Embedding(0, 2), Catch::Contains("Embedding") && Catch::Contains("positive"));
}

TEST_CASE("EmbeddingBag: sum, mean and max bags", "[nn][layer:EmbeddingBag]") {
  EmbeddingBag sum_bag(3, 2, BagMode::Sum), mean_bag(3, 2, parse_bag_mode("mean")), max_bag(3, 2, BagMode::Max);
  for (EmbeddingBag* b : {&sum_bag, &mean_bag, &max_bag}) {
    b->init(1);
    set_values(b->weight(), {1, -1, 2, 5, -3, 4});
  }
  // Bags {0, 1}, {}, {2, 7 (OOV)}.
  const std::vector<std::int64_t> ids = {0, 1, 2, 7}, offsets = {0, 2, 2, 4};
  CHECK(sum_bag(ids, offsets).to_vector() == std::vector<double>{3, 4, 0, 0, -3, 4});
  CHECK(mean_bag(ids, offsets).to_vector() == std::vector<double>{1.5, 2, 0, 0, -1.5, 2});
  CHECK(max_bag(ids, offsets).to_vector() == std::vector<double>{2, 5, 0, 0, 0, 4});
  // Per-id weights (sum): 0.5 row 0 + 2 row 1.
  const Tensor w = Tensor::from({2}, std::vector<float>{0.5f, 2.f});
  CHECK(sum_bag({0, 1}, {0, 2}, w).to_vector() == std::vector<double>{4.5, 9.5});
  CHECK(std::string(bag_mode_name(max_bag.mode())) == "max");
  CHECK_THROWS_WITH(parse_bag_mode("median"), Catch::Contains("median") && Catch::Contains("mean"));
}

TEST_CASE("SharedTable: several features read one table, one parameter, summed gradients", "[nn][layer:Embedding][layer:EmbeddingBag]") {
  struct Model : Module {
    SharedTable videos{5, 3};
    Embedding impression{videos};
    EmbeddingBag watched{videos, BagMode::Mean};
    Model() {
      register_module("videos", videos);
      register_module("impression", impression);
      register_module("watched", watched);
    }
  };
  Model m;
  m.init(2);
  const auto named = m.named_parameters();
  REQUIRE(named.size() == 1);
  CHECK(named[0].name == "videos.weight");
  CHECK(m.impression.weight().same(m.videos.weight()));
  CHECK(m.impression.shares_table());
  // impression id 1; watched bag {1, 3}: row 1 gets 1 + 1/2 per element, row 3 gets 1/2.
  sum_all(add(m.impression({1}), m.watched({1, 3}, {0, 2}))).backward();
  CHECK(m.videos.weight().grad().to_vector() ==
        std::vector<double>{0, 0, 0, 1.5, 1.5, 1.5, 0, 0, 0, 0.5, 0.5, 0.5, 0, 0, 0});
  // Sparse update: untouched rows 0, 2 and 4 stay put.
  const auto before = m.videos.weight().to_vector();
  Adam opt(m.named_parameters(), AdamOptions{.lr = 0.1});
  opt.step();
  const auto after = m.videos.weight().to_vector();
  for (int r : {0, 2, 4})
    for (int j = 0; j < 3; ++j) CHECK(after[r * 3 + j] == before[r * 3 + j]);
  for (int r : {1, 3}) CHECK(after[r * 3] != before[r * 3]);
  SharedTable lonely(2, 2);
  Embedding reader(lonely);
  CHECK_THROWS_WITH(reader({0}), Catch::Contains("Embedding") && Catch::Contains("not initialised"));
}

TEST_CASE("Embedding and EmbeddingBag: finite-difference gradients through the table", "[nn][gradcheck][layer:Embedding][layer:EmbeddingBag]") {
  Embedding emb(5, 3);
  emb.to(DType::F64);
  emb.init(3);
  CHECK(gradcheck("Embedding", [&](auto&) { return emb({4, 1, 4, 9, 0}, Shape{5}); }, {emb.weight()}) == "");
  for (BagMode mode : {BagMode::Sum, BagMode::Mean, BagMode::Max}) {
    EmbeddingBag bag(6, 3, mode);
    bag.to(DType::F64);
    bag.init(4);  // continuous random rows: no ties inside a Max bag (ids distinct per bag)
    CHECK(gradcheck(std::string("EmbeddingBag ") + bag_mode_name(mode),
                    [&](auto&) { return bag({0, 3, 5, 2, 1, 4, 0}, {0, 3, 3, 5, 7}); }, {bag.weight()}) == "");
  }
}

TEST_CASE("MLP: dropout after hidden layers, by training step, only in training mode", "[nn][layer:MLP][dropout]") {
  const MLPOptions o{.activation = Activation::Tanh, .dropout = 0.5, .dropout_seed = 77};
  MLP mlp({4, 6, 5, 3}, o);
  mlp.init(1);
  const Tensor x = random_tensor({8, 4}, 5, -1, 1, DType::F32);
  CHECK_THROWS_WITH(mlp(x), Catch::Contains("MLP") && Catch::Contains("forward(x, step)"));
  // The same computation written out: site k uses seed mix64(77 ^ mix64(k + 1)).
  Tensor h = x;
  for (std::size_t k = 0; k < 3; ++k) {
    h = mlp.layer(k)(h);
    if (k < 2) {
      h = tanh(h);
      const std::uint64_t seed = simrec::random::mix64(77 ^ simrec::random::mix64(k + 1));
      h = mul(h, dropout_mask(h.shape(), h.dtype(), 0.5, seed, 12));
    }
  }
  const Tensor y = mlp(x, 12);
  CHECK(y.to_vector() == h.to_vector());
  CHECK(mlp(x, 12).to_vector() == y.to_vector());
  CHECK(mlp(x, 13).to_vector() != y.to_vector());
  // eval: no dropout, forward(x) allowed, equal to a dropout-free tower with the same weights.
  mlp.eval();
  MLP plain({4, 6, 5, 3}, MLPOptions{.activation = Activation::Tanh});
  plain.init(1);
  CHECK(mlp(x).to_vector() == plain(x).to_vector());
  CHECK(mlp(x, 12).to_vector() == plain(x).to_vector());
  CHECK_THROWS_WITH(MLP({2, 2}, MLPOptions{.dropout = 1.0}), Catch::Contains("dropout = 1"));
}

TEST_CASE("MLP with dropout: finite-difference gradients at a fixed step", "[nn][gradcheck][layer:MLP][dropout]") {
  MLP mlp({3, 6, 2}, MLPOptions{.activation = Activation::Sigmoid, .dropout = 0.3, .dropout_seed = 5});
  mlp.to(DType::F64);
  mlp.init(6);
  const Tensor x = random_tensor({4, 3}, 7).set_requires_grad(true);
  CHECK(gradcheck("MLP dropout", [&](auto& v) { return mlp(v[0], 3); }, with_parameters(x, mlp)) == "");
}

TEST_CASE("Experts: each expert draws its own dropout mask", "[nn][layer:Experts][dropout]") {
  Experts dropped(2, {3, 8, 4}, MLPOptions{.activation = Activation::Tanh, .dropout = 0.5, .dropout_seed = 1});
  dropped.init(2);
  // Same weights in both experts: outputs differ only through the masks.
  for (std::size_t k = 0; k < 2; ++k) {
    set_values(dropped.expert(1).layer(k).weight(), dropped.expert(0).layer(k).weight().to_vector());
    set_values(dropped.expert(1).layer(k).bias(), dropped.expert(0).layer(k).bias().to_vector());
  }
  const Tensor x = random_tensor({5, 3}, 3, -1, 1, DType::F32);
  const auto train = dropped(x, 4).to_vector();
  CHECK(std::vector<double>(train.begin(), train.begin() + 4) != std::vector<double>(train.begin() + 4, train.begin() + 8));
  dropped.eval();
  const auto eval = dropped(x).to_vector();
  CHECK(std::vector<double>(eval.begin(), eval.begin() + 4) == std::vector<double>(eval.begin() + 4, eval.begin() + 8));
}
