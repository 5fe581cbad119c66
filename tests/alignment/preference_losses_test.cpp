// Preference losses (algorithms/alignment/preference_losses.hpp): SPEC §6 known answers, float64
// finite-difference gradients, the KTON / dpo_penalty penalty's on-off behaviour, KTO's detached
// z0, and every loss against PyTorch on random log-probs (value and gradients w.r.t. the policy
// log-probs, float64, |d| <= 1e-12 + 1e-9 |torch|; SKIPPED, saying so, without python3-torch).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "algorithms/alignment/preference_losses.hpp"
#include "support/nn_testing.hpp"
#include "support/npy.hpp"
#include "support/python_runner.hpp"

using namespace simrec;
using namespace simrec::algorithms::alignment;
using namespace simrec::testing;
using nn::Tensor;

namespace {

Tensor vec(std::vector<double> v) { return Tensor::from(nn::Shape{std::int64_t(v.size())}, v); }
Tensor leaf(std::vector<double> v) {
  Tensor t = vec(std::move(v));
  t.set_requires_grad(true);
  return t;
}

}  // namespace

TEST_CASE("DPO / IPO known answers (SPEC §6)", "[alignment][losses]") {
  const Tensor z = vec({-2.0, -2.0});
  CHECK(dpo_loss({z, z, z, z}, {0.1, 0.0, 0.0}).item() == Approx(std::log(2.0)).epsilon(1e-12));
  const Tensor loss = dpo_loss({vec({-1}), vec({-3}), vec({-1.2}), vec({-2.8})}, {0.1, 0.0, 0.0});
  CHECK(loss.item() == Approx(0.673347).margin(5e-7));
  CHECK(ipo_loss({z, z, z, z}, {0.1}).item() == Approx(25.0).epsilon(1e-12));
  // Label smoothing at zero margin: (1 - eps) ln 2 + eps ln 2 = ln 2.
  CHECK(dpo_loss({z, z, z, z}, {0.1, 0.3, 0.0}).item() == Approx(std::log(2.0)).epsilon(1e-12));
}

TEST_CASE("losses reject bad hyperparameters, naming them", "[alignment][losses]") {
  const Tensor z = vec({0.0});
  CHECK_THROWS_WITH(dpo_loss({z, z, z, z}, {0.0, 0.0, 0.0}), Catch::Contains("beta") && Catch::Contains("> 0"));
  CHECK_THROWS_WITH(dpo_loss({z, z, z, z}, {0.1, 0.5, 0.0}), Catch::Contains("label_smoothing") && Catch::Contains("[0, 0.5)"));
  CHECK_THROWS_WITH(ipo_loss({z, z, z, z}, {0.0}), Catch::Contains("tau") && Catch::Contains("> 0"));
  CHECK_THROWS_WITH(kto_loss({z, z, z, z}, {1}, {-1.0, 1, 1, 0}), Catch::Contains("beta"));
  CHECK_THROWS_WITH(kto_loss({z, z, z, z}, {1, 0}, {0.1, 1, 1, 0}), Catch::Contains("desirable flag"));
}

TEST_CASE("KTON / dpo_penalty: the penalty is zero for a falling rejected log-ratio, active when it rises",
          "[alignment][losses]") {
  const KtoLossOptions kto{0.5, 1.0, 1.0, 0.0}, kton{0.5, 1.0, 1.0, 2.0};
  const Tensor ref = vec({-4.0, -4.0}), pm = vec({-5.0, -5.0}), rm = vec({-5.0, -5.0});  // z0 = 0
  const std::vector<std::uint8_t> des{1, 0};
  SECTION("rejected log-ratio negative: KTON == KTO, gradients equal") {
    Tensor a = leaf({-3.5, -4.7}), b = leaf({-3.5, -4.7});
    const Tensor la = kto_loss({a, ref, pm, rm}, des, kto), lb = kto_loss({b, ref, pm, rm}, des, kton);
    CHECK(la.item() == lb.item());
    la.backward();
    lb.backward();
    CHECK(a.grad().to_vector() == b.grad().to_vector());
  }
  SECTION("rejected log-ratio positive: KTON adds lambda_N r / N and lambda_N / N to its gradient") {
    Tensor a = leaf({-3.5, -3.2}), b = leaf({-3.5, -3.2});  // r_u = 0.8
    const Tensor la = kto_loss({a, ref, pm, rm}, des, kto), lb = kto_loss({b, ref, pm, rm}, des, kton);
    CHECK(lb.item() - la.item() == Approx(2.0 * 0.8 / 2).epsilon(1e-12));
    la.backward();
    lb.backward();
    CHECK(b.grad().to_vector()[0] == a.grad().to_vector()[0]);
    CHECK(b.grad().to_vector()[1] - a.grad().to_vector()[1] == Approx(2.0 / 2).epsilon(1e-12));
  }
  SECTION("dpo_penalty: the same on the DPO rejected log-ratio") {
    const Tensor rc = vec({-2.0}), rr = vec({-3.0});
    for (double pr_value : {-3.4, -2.6}) {  // r_l = -0.4 (off), +0.4 (on)
      Tensor pr0 = leaf({pr_value}), pr1 = leaf({pr_value});
      const Tensor l0 = dpo_loss({vec({-1.5}), pr0, rc, rr}, {0.2, 0.0, 0.0});
      const Tensor l1 = dpo_loss({vec({-1.5}), pr1, rc, rr}, {0.2, 0.0, 3.0});
      l0.backward();
      l1.backward();
      const double on = pr_value > -3.0 ? 1.0 : 0.0;
      CHECK(l1.item() - l0.item() == Approx(on * 3.0 * 0.4).margin(1e-12));
      CHECK(pr1.grad().item() - pr0.grad().item() == Approx(on * 3.0).margin(1e-12));
    }
  }
}

TEST_CASE("KTO: z0 is the clamped mean mismatched log-ratio, and it carries no gradient", "[alignment][losses]") {
  const Tensor p = vec({-1.0, -2.0}), r = vec({-1.5, -2.5});
  Tensor pm = leaf({-3.0, -1.0}), rm = leaf({-3.5, -2.0});  // mean r_mis = 0.75
  CHECK(kto_reference_point({p, r, pm, rm}) == Approx(0.75));
  const Tensor pm_neg = vec({-4.0, -4.0});
  CHECK(kto_reference_point({p, r, pm_neg, rm}) == 0.0);  // mean -0.75 clamps to 0
  Tensor pl = leaf({-1.0, -2.0});
  const Tensor loss = kto_loss({pl, r, pm, rm}, {1, 0}, {0.3, 1.0, 1.0, 0.0});
  loss.backward();
  CHECK(!pm.grad().defined());
  CHECK(!rm.grad().defined());
  // Desirable r = 0.5 < z0 = 0.75: loss_d = 1 - sigmoid(0.3 (0.5 - 0.75)); undesirable r = 0.5.
  const double s = 1.0 / (1.0 + std::exp(-0.3 * (0.5 - 0.75)));
  CHECK(loss.item() == Approx(((1 - s) + s) / 2).epsilon(1e-12));
}

TEST_CASE("preference losses: float64 finite-difference gradients", "[alignment][losses]") {
  const nn::Shape s{6};
  auto in = [&](std::uint64_t seed) { return random_tensor(s, seed, -6.0, -0.5); };
  const std::vector<std::uint8_t> des{1, 0, 1, 0, 0, 1};
  // Log-probs of the reference are chosen so no relu input sits within 0.05 of its kink at 0.
  const Tensor rc = in(11), rr = in(12);
  auto away_from_zero = [](Tensor policy, const Tensor& ref) {
    double* p = policy.data<double>();
    const auto q = ref.to_vector();
    for (std::int64_t i = 0; i < policy.numel(); ++i)
      if (std::abs(p[i] - q[std::size_t(i)]) < 0.05) p[i] += 0.1;
    return policy;
  };
  std::vector<Tensor> pair{away_from_zero(in(1), rc), away_from_zero(in(2), rr)};
  for (auto& t : pair) t.set_requires_grad(true);
  for (const DpoLossOptions& o : {DpoLossOptions{0.5, 0.0, 0.0}, DpoLossOptions{0.5, 0.2, 0.0}, DpoLossOptions{0.5, 0.1, 1.5}}) {
    CHECK(gradcheck("dpo", [&](const std::vector<Tensor>& x) { return dpo_loss({x[0], x[1], rc, rr}, o); }, pair) == "");
  }
  const std::vector<double> nw{3, 5, 2, 7, 4, 4}, nl{2, 6, 3, 3, 5, 8};
  CHECK(gradcheck("ipo", [&](const std::vector<Tensor>& x) { return ipo_loss({x[0], x[1], rc, rr}, {0.3}); }, pair) == "");
  CHECK(gradcheck("ipo_len", [&](const std::vector<Tensor>& x) { return ipo_loss({x[0], x[1], rc, rr}, {0.3}, nw, nl); }, pair) == "");
  const Tensor pm = in(21), rm = in(22);
  std::vector<Tensor> single{away_from_zero(in(3), rc)};
  single[0].set_requires_grad(true);
  for (const KtoLossOptions& o : {KtoLossOptions{0.7, 1.0, 1.5, 0.0}, KtoLossOptions{0.7, 1.0, 1.5, 2.0}}) {
    CHECK(gradcheck("kto", [&](const std::vector<Tensor>& x) { return kto_loss({x[0], rc, pm, rm}, des, o); }, single) == "");
  }
}

TEST_CASE("preference losses match PyTorch on random log-probs (values and gradients)", "[alignment][losses][torch]") {
  if (!python_module_available("torch")) {
    WARN("SKIPPED: python3-torch is not installed (/usr/bin/python3 cannot import torch)");
    return;
  }
  const nn::Shape s{9};
  const Tensor pc = random_tensor(s, 31, -8, -1), pr = random_tensor(s, 32, -8, -1), rc = random_tensor(s, 33, -8, -1),
               rr = random_tensor(s, 34, -8, -1), p = random_tensor(s, 35, -8, -1), pm = random_tensor(s, 36, -8, -1),
               rm = random_tensor(s, 37, -9, -2);  // mean mismatched ratio > 0: z0 active
  const std::vector<std::uint8_t> des{1, 0, 0, 1, 0, 1, 1, 0, 0};
  const std::vector<double> nw{3, 5, 2, 7, 4, 4, 9, 1, 6}, nl{2, 6, 3, 3, 5, 8, 2, 4, 4};
  const std::string dir = make_temp_dir("simrec_alignment_losses_");
  for (const auto& [n, t] : std::vector<std::pair<std::string, Tensor>>{
           {"pc", pc}, {"pr", pr}, {"rc", rc}, {"rr", rr}, {"p", p}, {"pm", pm}, {"rm", rm}})
    write_npy(dir + "/" + n + ".npy", t);
  write_npy(dir + "/des.npy", vec(std::vector<double>(des.begin(), des.end())));
  write_npy(dir + "/nw.npy", vec(nw));
  write_npy(dir + "/nl.npy", vec(nl));
  struct Case {
    std::string name, kind, params;
    std::function<Tensor(const Tensor&, const Tensor&, const Tensor&)> f;  // (pc, pr, p) leaves
  };
  const std::vector<Case> cases{
      {"dpo", "dpo", R"({"beta": 0.3, "eps": 0.0, "lambda_n": 0.0})",
       [&](auto& a, auto& b, auto&) { return dpo_loss({a, b, rc, rr}, {0.3, 0.0, 0.0}); }},
      {"dpo_smooth", "dpo", R"({"beta": 0.3, "eps": 0.25, "lambda_n": 0.0})",
       [&](auto& a, auto& b, auto&) { return dpo_loss({a, b, rc, rr}, {0.3, 0.25, 0.0}); }},
      {"dpo_penalty", "dpo", R"({"beta": 0.3, "eps": 0.0, "lambda_n": 1.7})",
       [&](auto& a, auto& b, auto&) { return dpo_loss({a, b, rc, rr}, {0.3, 0.0, 1.7}); }},
      {"ipo", "ipo", R"({"tau": 0.2, "length_normalise": false})",
       [&](auto& a, auto& b, auto&) { return ipo_loss({a, b, rc, rr}, {0.2}); }},
      {"ipo_len", "ipo", R"({"tau": 0.2, "length_normalise": true})",
       [&](auto& a, auto& b, auto&) { return ipo_loss({a, b, rc, rr}, {0.2}, nw, nl); }},
      {"kto", "kto", R"({"beta": 0.4, "lambda_d": 1.0, "lambda_u": 1.5, "lambda_n": 0.0})",
       [&](auto&, auto&, auto& c) { return kto_loss({c, rc, pm, rm}, des, {0.4, 1.0, 1.5, 0.0}); }},
      {"kton", "kto", R"({"beta": 0.4, "lambda_d": 1.0, "lambda_u": 1.5, "lambda_n": 2.5})",
       [&](auto&, auto&, auto& c) { return kto_loss({c, rc, pm, rm}, des, {0.4, 1.0, 1.5, 2.5}); }},
  };
  {
    std::ofstream j(dir + "/cases.json");
    j << "[";
    for (std::size_t i = 0; i < cases.size(); ++i)
      j << (i ? ", " : "") << R"({"name": ")" << cases[i].name << R"(", "kind": ")" << cases[i].kind << R"(", "params": )"
        << cases[i].params << "}";
    j << "]";
  }
  std::string out;
  const int rc_py = run_python(std::string(SIMREC_TEST_SCRIPTS_DIR) + "/torch_alignment.py", "losses " + dir, out);
  INFO(out);
  REQUIRE(rc_py == 0);
  for (const Case& c : cases) {
    Tensor a = pc.clone(), b = pr.clone(), q = p.clone();
    for (Tensor* t : {&a, &b, &q}) t->set_requires_grad(true);
    const Tensor loss = c.f(a, b, q);
    loss.backward();
    CHECK(compare_tensors(c.name + " loss", loss, read_npy(dir + "/torch_" + c.name + "_loss.npy"), 1e-9, 1e-12) == "");
    for (const auto& [n, t] : std::vector<std::pair<std::string, Tensor>>{{"pc", a}, {"pr", b}, {"p", q}}) {
      const Tensor g = t.grad().defined() ? t.grad() : Tensor::zeros(s, nn::DType::F64);
      CHECK(compare_tensors(c.name + " grad " + n, g, read_npy(dir + "/torch_" + c.name + "_grad_" + n + ".npy"), 1e-9, 1e-12) == "");
    }
  }
}
