// AdaScene gates: DSelect-k known answers (smooth step, weights summing to 1, the entropy term
// driving selectors to one expert, the non-power-of-two term), the KL top-k gate on a hand case,
// and bad options rejected with the option's name and allowed range.
#include <catch2/catch.hpp>

#include <cmath>

#include "algorithms/adascene/dselect_gate.hpp"
#include "algorithms/adascene/kl_topk_gate.hpp"
#include "algorithms/registry.hpp"
#include "nn/ops/elementwise.hpp"
#include "nn/ops/reduce.hpp"
#include "nn/optim/adam.hpp"

using namespace simrec;
using namespace simrec::algorithms::adascene;

namespace {

std::vector<std::int64_t> iota_keys(std::int64_t n) {
  std::vector<std::int64_t> keys;
  for (std::int64_t i = 0; i < n; ++i) keys.push_back(i);
  return keys;
}

}  // namespace

TEST_CASE("dselect: smooth step known answers (gamma = 1 and 2)", "[algorithms][adascene]") {
  const std::vector<double> t{-1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0};
  const auto s = smooth_step(nn::Tensor::from({7}, t), 1.0).to_vector();
  CHECK(s[0] == 0.0);
  CHECK(s[1] == Approx(0.0).margin(1e-12));
  CHECK(s[2] == Approx(0.15625).epsilon(1e-12));
  CHECK(s[3] == Approx(0.5).epsilon(1e-12));
  CHECK(s[4] == Approx(0.84375).epsilon(1e-12));
  CHECK(s[5] == Approx(1.0).epsilon(1e-12));
  CHECK(s[6] == 1.0);
  // gamma = 2: S(0.5) = -2/64 + 3/8 + 1/2 = 0.84375 (the gamma = 1 curve stretched by 2).
  CHECK(smooth_step(nn::Tensor::from({1}, std::vector<double>{0.5}), 2.0).item() == Approx(0.84375).epsilon(1e-12));
  CHECK(code_bits(1) == 0);
  CHECK(code_bits(8) == 3);
  CHECK(code_bits(9) == 4);
  CHECK(code_bits(16) == 4);
}

TEST_CASE("dselect: selector outputs are the product of bit choices; weights sum to 1 for n = 2^m", "[algorithms][adascene]") {
  DSelectGate gate(5, DSelectOptions{8, 3, 1.0, 1e-3, 1e-3});
  gate.init(3);
  const auto sel = gate.select(iota_keys(5));
  REQUIRE(sel.r.shape() == nn::Shape{15, 8});
  REQUIRE(sel.a.shape() == nn::Shape{5, 8});
  const auto r = sel.r.to_vector(), a = sel.a.to_vector();
  for (int row = 0; row < 15; ++row) {
    double total = 0;
    for (int e = 0; e < 8; ++e) total += r[std::size_t(row * 8 + e)];
    CHECK(total == Approx(1.0).epsilon(1e-5));
  }
  for (int u = 0; u < 5; ++u) {
    double total = 0;
    for (int e = 0; e < 8; ++e) {
      total += a[std::size_t(u * 8 + e)];
      CHECK(a[std::size_t(u * 8 + e)] >= 0);
    }
    CHECK(total == Approx(1.0).epsilon(1e-5));
  }
  // Hand case: scenario 0's selector 0 with z = (0.25, -0.25, 0) gives expert e = b0 + 2 b1 + 4 b2
  // r(e) = prod_b (bit ? S(z_b) : 1 - S(z_b)), S(0.25) = 0.84375, S(-0.25) = 0.15625, S(0) = 0.5.
  DSelectGate one(1, DSelectOptions{8, 1, 1.0, 0, 0});
  one.init(1);
  auto z = one.named_parameters()[0];
  REQUIRE(z.name == "z.weight");
  z.value.copy_from(nn::Tensor::from({1, 3}, std::vector<float>{0.25f, -0.25f, 0.0f}));
  const auto rr = one.select({0}).r.to_vector();
  const double S[3] = {0.84375, 0.15625, 0.5};
  for (int e = 0; e < 8; ++e) {
    double expect = 1;
    for (int b = 0; b < 3; ++b) expect *= (e >> b) & 1 ? S[b] : 1 - S[b];
    CHECK(rr[std::size_t(e)] == Approx(expect).epsilon(1e-6));
  }
  CHECK(rr[1] == Approx(0.84375 * 0.84375 * 0.5).epsilon(1e-6));
}

TEST_CASE("dselect: with the entropy term every selector converges to one expert", "[algorithms][adascene]") {
  // Toy problem: 3 scenarios, 6 experts (not a power of two: the non-power term keeps mass on real
  // experts), 2 selectors each; minimise only the regulariser. Selectors start spread out.
  DSelectGate gate(3, DSelectOptions{6, 2, 1.0, 1.0, 1.0});
  gate.init(9);
  const auto before = gate.select(iota_keys(3)).r.to_vector();
  double max_before = 0;
  for (double v : before) max_before = std::max(max_before, v);
  CHECK(max_before < 0.9);
  nn::AdamOptions o;
  o.lr = 0.05;
  nn::Adam opt(gate.named_parameters(), o);
  for (int step = 0; step < 300; ++step) {
    const auto s = gate.select(iota_keys(3));
    gate.regulariser(s, 3).backward();
    opt.step();
    opt.zero_grad();
  }
  const auto sel = gate.select(iota_keys(3));
  const auto r = sel.r.to_vector();
  for (int row = 0; row < 6; ++row) {
    double best = 0, total = 0;
    for (int e = 0; e < 6; ++e) best = std::max(best, r[std::size_t(row * 6 + e)]), total += r[std::size_t(row * 6 + e)];
    CHECK(best > 0.999);
    CHECK(total == Approx(1.0).epsilon(1e-3));  // no mass left on the two codes without an expert
  }
  const auto a = sel.a.to_vector();
  for (int u = 0; u < 3; ++u) {
    double total = 0;
    for (int e = 0; e < 6; ++e) total += a[std::size_t(u * 6 + e)];
    CHECK(total == Approx(1.0).epsilon(1e-3));
  }
}

TEST_CASE("kl_topk: affinity is -KL of the profiles; the top k get a softmax renormalised over them", "[algorithms][adascene]") {
  KlTopKGate gate(1, KlTopKOptions{3, 2, 2, 0.5});
  gate.init(1);
  auto params = gate.named_parameters();
  REQUIRE(params[0].name == "expert_profile");
  REQUIRE(params[1].name == "scenario_profile.weight");
  // Profiles as logits: scenario P = softmax(0, 0) = (1/2, 1/2); experts softmax(log q) = q.
  const double q[3][2] = {{0.9, 0.1}, {0.4, 0.6}, {0.2, 0.8}};
  std::vector<float> logits;
  for (const auto& row : q) logits.push_back(float(std::log(row[0]))), logits.push_back(float(std::log(row[1])));
  params[0].value.copy_from(nn::Tensor::from({3, 2}, logits));
  params[1].value.copy_from(nn::Tensor::from({1, 2}, std::vector<float>{0.0f, 0.0f}));
  const nn::Tensor m = gate.affinity({0});
  double expect[3];
  for (int e = 0; e < 3; ++e) expect[e] = -(0.5 * std::log(0.5 / q[e][0]) + 0.5 * std::log(0.5 / q[e][1]));
  const auto mv = m.to_vector();
  for (int e = 0; e < 3; ++e) CHECK(mv[std::size_t(e)] == Approx(expect[e]).epsilon(1e-5));
  // KL: expert 1 (0.4, 0.6) is closest (0.0204), then expert 2 (0.2231), then expert 0 (0.5108).
  const auto w = gate.weights(m).to_vector();
  CHECK(w[0] == 0.0);
  const double z1 = std::exp(expect[1] / 0.5), z2 = std::exp(expect[2] / 0.5);
  CHECK(w[1] == Approx(z1 / (z1 + z2)).epsilon(1e-5));
  CHECK(w[2] == Approx(z2 / (z1 + z2)).epsilon(1e-5));
  CHECK(w[1] + w[2] == Approx(1.0).epsilon(1e-6));
  // Through forward, per row by key; gradients reach the chosen experts' profiles only.
  const auto out = gate.forward({0, 0}, nn::Tensor());
  REQUIRE(out.weights.shape() == nn::Shape{2, 3});
  nn::sum_all(out.weights * nn::Tensor::from({2, 3}, std::vector<float>{1, 2, 3, 1, 2, 3})).backward();
  const auto g = params[0].value.grad().to_vector();
  CHECK(g[0] == 0.0);
  CHECK(g[1] == 0.0);
  CHECK((g[2] != 0.0 || g[3] != 0.0));
  CHECK((g[4] != 0.0 || g[5] != 0.0));
}

TEST_CASE("adascene: bad options are rejected naming the option and the allowed range", "[algorithms][adascene]") {
  const auto make = [](const std::string& name, const std::map<std::string, std::string>& o) {
    const auto& info = algorithms::registry().get(name);
    return info.make(algorithms::OptionValues(info.options, o, name));
  };
  CHECK_THROWS_WITH(make("ada_base", {{"gating", "dselect"}, {"experts", "4"}, {"top_k", "5"}}),
                    Catch::Contains("top_k = 5") && Catch::Contains("experts = 4") && Catch::Contains("1 <= top_k <= experts"));
  CHECK_THROWS_WITH(make("aktn", {{"gating", "kl_topk"}, {"experts", "8"}, {"top_k", "9"}}), Catch::Contains("top_k = 9"));
  CHECK_THROWS_WITH(make("ada_base", {{"experts", "0"}}), Catch::Contains("experts") && Catch::Contains("[1, 1024]"));
  CHECK_THROWS_WITH(make("ada_base", {{"gating", "dselect"}, {"experts", "1"}, {"top_k", "1"}}),
                    Catch::Contains("experts = 1") && Catch::Contains("[2, 1024]"));
  CHECK_THROWS_WITH(make("aktn", {{"gating", "topk"}}), Catch::Contains("gating") && Catch::Contains("kl_topk"));
  CHECK_THROWS_WITH(make("aktn", {{"shared_experts", "0"}}), Catch::Contains("shared_experts"));
  // softmax gating ignores top_k, so top_k > experts is fine there.
  CHECK_NOTHROW(make("ada_base", {{"experts", "2"}, {"top_k", "4"}}));
  CHECK_THROWS_AS(DSelectGate(3, DSelectOptions{1, 1, 1.0, 0, 0}), std::invalid_argument);
  CHECK_THROWS_AS(KlTopKGate(3, KlTopKOptions{4, 5, 8, 1.0}), std::invalid_argument);
}
