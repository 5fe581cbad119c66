// AdaScene `cross_layers` (scenario_net.hpp, "cross network"): cross_layers = 0 is the model as it
// was before the option existed (predictions of a fit compared bit for bit with values recorded
// before the change), every cross parameter gets a gradient, the cross network's gradients match a
// float64 central difference, and values outside [0, 6] are rejected naming the option.
#include <catch2/catch.hpp>

#include <map>

#include "algorithms/adascene/scene_model.hpp"
#include "algorithms/registry.hpp"
#include "datasets/ad_samples.hpp"
#include "nn/core/autograd.hpp"
#include "nn/losses/bce_with_logits.hpp"
#include "nn/ops/elementwise.hpp"
#include "nn/ops/reduce.hpp"
#include "support/multiscenario_fixtures.hpp"
#include "support/nn_testing.hpp"

using namespace simrec;
using namespace simrec::algorithms::adascene;

namespace {

// 24 scenarios (3 channels x 2 apps x 4 formats), ~10k impressions over 4 days.
const datasets::AdSamples& samples() {
  static const datasets::AdSamples s = simrec::testing::small_ad_samples(
      {.users = 600, .days = 4, .channels = 3, .apps = 2, .formats = 4, .ads = 500, .merchants = 100, .categories = 8,
       .groups = 3, .train_days = 2, .seed = 33});
  return s;
}

std::unique_ptr<algorithms::MultiScenarioAlgorithm> make(const std::string& name, std::map<std::string, std::string> extra) {
  std::map<std::string, std::string> o{{"epochs", "1"},          {"batch_size", "128"}, {"embedding_dim", "4"}, {"expert_hidden", "16-8"},
                                       {"tower_hidden", "8"},     {"experts", "3"},      {"patience", "0"},     {"learning_rate", "0.003"}};
  for (const auto& [k, v] : extra) o[k] = v;
  return simrec::testing::make_multiscenario(name, o);
}

std::vector<float> fit_predict(const std::string& name, const std::map<std::string, std::string>& extra) {
  const auto& s = samples();
  auto m = make(name, extra);
  algorithms::NullLogger log;
  m->fit({s.train, s.validation, s.train.scenario, s.validation.scenario, s.num_scenarios, 7}, log);
  return m->predict(s.test, s.test.scenario);
}

}  // namespace

// Recorded with the code before `cross_layers` existed (commit 68b690c, printed with %a; a fit of
// one epoch on the world above): the first 6 test predictions and the float64 sum over all test
// rows. A build with other floating-point code generation (compiler, BLAS kernels) may legitimately
// differ in the last bits, hence the 1e-5 tolerance below.
TEST_CASE("adascene cross_layers = 0: predictions bit-identical to the model before the option", "[algorithms][adascene][cross]") {
  struct Reference {
    std::string name;
    double sum;
    std::vector<float> first;
  };
  const std::vector<Reference> refs{
      {"ada_base", 0x1.23c480135p+8, {0x1.0b5006p-3f, 0x1.8d29f8p-4f, 0x1.136b1ap-3f, 0x1.cd319ap-4f, 0x1.fb791ep-4f, 0x1.10bb06p-3f}},
      {"aktn", 0x1.b518361ep+7, {0x1.b20fdp-4f, 0x1.2b760cp-4f, 0x1.bc6bbep-4f, 0x1.612182p-4f, 0x1.926edp-4f, 0x1.b6d1dp-4f}},
      {"scenario_blind", 0x1.0fb84d128p+8, {0x1.e7ad68p-4f, 0x1.8eef48p-4f, 0x1.0e1c7cp-3f, 0x1.c383b8p-4f, 0x1.ee42a8p-4f, 0x1.fcf9f4p-4f}},
  };
  // Within one build, the default and an explicit 0 are bit-identical; against the recorded
  // values a relative 1e-5 absorbs other CPUs' BLAS kernels while any change of the model fails.
  for (const auto& r : refs) {
    std::vector<std::vector<float>> runs;
    for (const bool explicit_zero : {false, true}) {
      INFO(r.name << (explicit_zero ? " cross_layers=0" : " (default)"));
      std::map<std::string, std::string> o;
      if (explicit_zero) o["cross_layers"] = "0";
      const std::vector<float> p = fit_predict(r.name, o);
      double sum = 0;
      for (float v : p) sum += v;
      CHECK(sum == Approx(r.sum).epsilon(1e-5));
      for (std::size_t i = 0; i < r.first.size(); ++i) CHECK(p[i] == Approx(r.first[i]).epsilon(1e-5));
      runs.push_back(p);
    }
    CHECK(runs[0] == runs[1]);
  }
  // With cross layers the model is a different one (and still predicts probabilities).
  const std::vector<float> p = fit_predict("ada_base", {{"cross_layers", "2"}});
  double sum = 0;
  for (float v : p) {
    sum += v;
    CHECK((v > 0 && v < 1));
  }
  CHECK(sum != refs[0].sum);
}

TEST_CASE("adascene cross_layers: every cross parameter gets a gradient", "[algorithms][adascene][cross]") {
  const auto& s = samples();
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < 256; ++r) rows.push_back(r);
  for (const bool aktn : {false, true}) {
    INFO((aktn ? "aktn" : "base"));
    SceneNetConfig c;
    c.field_buckets = s.train.field_buckets;
    c.num_scenarios = s.num_scenarios;
    c.experts = 3;
    c.expert_hidden = {16, 8};
    c.feature_adaptation = c.knowledge_transfer = aktn;
    c.cross_layers = 3;
    SceneNet net(c);
    net.init(4);
    const SceneOutput out = net.forward(make_scene_batch(s.train, s.train.scenario, rows), 0);
    std::vector<float> y(s.train.click.begin(), s.train.click.begin() + 256);
    nn::bce_with_logits(out.logits, nn::Tensor::from({256}, y)).backward();
    int cross = 0;
    for (const auto& p : net.named_parameters()) {
      INFO(p.name);
      const nn::Tensor grad = p.value.grad();
      REQUIRE(grad.defined());
      bool nonzero = false;
      for (double v : grad.to_vector()) nonzero = nonzero || v != 0;
      CHECK(nonzero);
      if (p.name.rfind("cross", 0) == 0) {
        ++cross;
        const std::int64_t D = p.value.shape()[0];
        CHECK((p.value.shape() == nn::Shape{D, D} || p.value.shape() == nn::Shape{D}));
      }
    }
    CHECK(cross == 6);  // weight and bias of 3 layers
  }
}

TEST_CASE("adascene cross network: float64 finite-difference gradients of x0 * (W x_l + b) + x_l", "[algorithms][adascene][cross][gradcheck]") {
  nn::Linear l0(5, 5), l1(5, 5);
  l0.init(1);
  l1.init(2);
  l0.to(nn::DType::F64);
  l1.to(nn::DType::F64);
  nn::Tensor x0 = testing::random_tensor({4, 5}, 3);
  x0.set_requires_grad(true);
  std::vector<nn::Tensor> in{x0};
  for (const nn::Linear* l : {&l0, &l1})
    for (const nn::Tensor& p : l->parameters()) in.push_back(p);
  const auto cross = [&](const std::vector<nn::Tensor>& v) {
    nn::Tensor x = v[0];
    for (const nn::Linear* l : {&l0, &l1}) x = v[0] * l->forward(x) + x;
    return x;
  };
  CHECK(testing::gradcheck("cross network", cross, in) == "");
}

TEST_CASE("adascene cross_layers outside [0, 6] is rejected naming the option", "[algorithms][adascene][cross]") {
  for (const std::string name : {"ada_base", "aktn", "scenario_blind", "per_scenario"})
    for (const std::string bad : {"7", "-1"}) {
      INFO(name << " " << bad);
      CHECK_THROWS_WITH(make(name, {{"cross_layers", bad}}), Catch::Contains(name + ".cross_layers") && Catch::Contains("6"));
    }
  SceneNetConfig c;
  c.field_buckets = samples().train.field_buckets;
  c.cross_layers = 7;
  CHECK_THROWS_WITH(SceneNet(c), Catch::Contains("cross_layers = 7 outside [0, 6]"));
}
