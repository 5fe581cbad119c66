// AdaScene models end to end on a small ad world: forward shapes and every parameter reached by
// the gradient, each registered model beating a scenario-blind logistic regression on test AUC by
// a real margin, bit-identical predictions on 1 and 2 threads, expert utilisation per scenario.
#include <catch2/catch.hpp>
#include <omp.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>

#include "algorithms/adascene/per_scenario.hpp"
#include "algorithms/adascene/scene_model.hpp"
#include "algorithms/registry.hpp"
#include "datasets/ad_samples.hpp"
#include "nn/core/autograd.hpp"
#include "nn/losses/bce_with_logits.hpp"
#include "nn/ops/elementwise.hpp"
#include "nn/ops/reduce.hpp"
#include "nn/optim/adam.hpp"
#include "results/metrics/classification.hpp"
#include "support/multiscenario_fixtures.hpp"
#include "support/recording_logger.hpp"

using namespace simrec;
using namespace simrec::algorithms::adascene;

namespace {

// 48 scenarios (4 channels x 3 apps x 4 formats), ~30k impressions over 5 days, CTR around 8%.
const datasets::AdSamples& samples() {
  static const datasets::AdSamples s = simrec::testing::small_ad_samples(
      {.users = 1500, .days = 5, .channels = 4, .apps = 3, .formats = 4, .ads = 1000, .merchants = 200, .categories = 12,
       .groups = 3, .train_days = 3, .seed = 21});
  return s;
}

algorithms::MultiScenarioTrainView view_of(const datasets::AdSamples& s, std::uint64_t seed = 5) {
  return {s.train, s.validation, s.train.scenario, s.validation.scenario, s.num_scenarios, seed};
}

std::unique_ptr<algorithms::MultiScenarioAlgorithm> make(const std::string& name, std::map<std::string, std::string> extra) {
  std::map<std::string, std::string> o{{"epochs", "2"},         {"batch_size", "128"},    {"embedding_dim", "8"}, {"expert_hidden", "32-16"},
                                       {"tower_hidden", "16"}, {"experts", "4"},         {"patience", "0"},     {"learning_rate", "0.003"}};
  for (const auto& [k, v] : extra) o[k] = v;
  return simrec::testing::make_multiscenario(name, o);
}

double test_auc(const std::vector<float>& p) { return metrics::auc(samples().test.click, p); }

// Logistic regression on the user and ad fields only (no context, no scenario): one weight per
// bucket of each field plus a bias, Adam, 3 epochs.
double logistic_baseline_auc() {
  const auto& s = samples();
  std::vector<std::size_t> fields;
  for (std::size_t f = 0; f < s.train.num_fields(); ++f)
    if (s.train.field_kind[f] != datasets::AdFieldKind::Context) fields.push_back(f);
  std::vector<std::unique_ptr<nn::Embedding>> w;
  std::vector<nn::NamedTensor> params;
  for (std::size_t f : fields) {
    w.push_back(std::make_unique<nn::Embedding>(s.train.field_buckets[f], 1, true));
    w.back()->set_init("weight", nn::Init::zeros());
    w.back()->init(1);
    params.push_back({"w" + std::to_string(f), w.back()->weight()});
  }
  nn::Tensor bias = nn::Tensor::zeros({1});
  bias.set_requires_grad(true);
  params.push_back({"bias", bias});
  nn::AdamOptions o;
  o.lr = 0.01;
  nn::Adam opt(params, o);
  const auto logits = [&](const datasets::AdSampleTable& t, std::size_t first, std::size_t n) {
    nn::Tensor z;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      std::vector<std::int64_t> ids(n);
      for (std::size_t r = 0; r < n; ++r) ids[r] = t.cat(first + r, fields[i]);
      const nn::Tensor e = nn::sum((*w[i])(ids), {1});
      z = i == 0 ? e : z + e;
    }
    return z + bias;
  };
  for (int epoch = 0; epoch < 3; ++epoch)
    for (std::size_t first = 0; first < s.train.size(); first += 128) {
      const std::size_t n = std::min<std::size_t>(128, s.train.size() - first);
      const std::vector<float> y(s.train.click.begin() + std::ptrdiff_t(first), s.train.click.begin() + std::ptrdiff_t(first + n));
      nn::bce_with_logits(logits(s.train, first, n), nn::Tensor::from({std::int64_t(n)}, y)).backward();
      opt.step();
      opt.zero_grad();
    }
  nn::NoGradGuard no_grad;
  const auto z = logits(s.test, 0, s.test.size()).to_vector();
  return test_auc(std::vector<float>(z.begin(), z.end()));
}

const double& baseline_auc() {
  static const double b = logistic_baseline_auc();
  return b;
}

// Fits `name` with `options` and checks its test AUC beats the logistic baseline by 0.03.
void check_learns(const std::string& name, const std::map<std::string, std::string>& options) {
  const auto& s = samples();
  const double baseline = baseline_auc();
  REQUIRE(baseline > 0.55);  // the user / ad fields carry signal
  std::string label = name;
  for (const auto& [k, v] : options) label += " " + k + "=" + v;
  auto m = make(name, options);
  algorithms::NullLogger log;
  m->fit(view_of(s), log);
  const double auc = test_auc(m->predict(s.test, s.test.scenario));
  WARN(label << ": test AUC " << auc << " (logistic baseline " << baseline << ")");
  CHECK(auc > baseline + 0.03);
}

}  // namespace

TEST_CASE("adascene network: one logit per row, gate rows sum to 1, every parameter gets a gradient", "[algorithms][adascene]") {
  const auto& s = samples();
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < 512; ++r) rows.push_back(r);
  for (const std::string gating : {"softmax", "kl_topk", "dselect"}) {
    INFO(gating);
    SceneNetConfig c;
    c.field_buckets = s.train.field_buckets;
    c.num_scenarios = s.num_scenarios;
    c.experts = 4;
    c.expert_hidden = {16, 16};
    c.gating = parse_gating(gating);
    c.top_k = 4;  // kl_topk with k = n: every expert is chosen somewhere, so every expert gets a gradient
    c.feature_adaptation = true;
    c.knowledge_transfer = true;
    SceneNet net(c);
    net.init(3);
    const SceneBatch batch = make_scene_batch(s.train, s.train.scenario, rows);
    const SceneOutput out = net.forward(batch, 0);
    REQUIRE(out.logits.shape() == nn::Shape{512});
    REQUIRE(out.gate.shape() == nn::Shape{512, 4});
    const auto g = out.gate.to_vector();
    for (std::size_t r = 0; r < 512; ++r) CHECK(g[r * 4] + g[r * 4 + 1] + g[r * 4 + 2] + g[r * 4 + 3] == Approx(1.0).epsilon(1e-5));
    CHECK(out.regulariser.defined() == (gating == "dselect"));
    std::vector<float> y(s.train.click.begin(), s.train.click.begin() + 512);
    nn::Tensor loss = nn::bce_with_logits(out.logits, nn::Tensor::from({512}, y));
    if (out.regulariser.defined()) loss = loss + out.regulariser;
    loss.backward();
    for (const auto& p : net.named_parameters()) {
      INFO(p.name);
      const nn::Tensor grad = p.value.grad();
      REQUIRE(grad.defined());
      bool nonzero = false;
      for (double v : grad.to_vector()) nonzero = nonzero || v != 0;
      CHECK(nonzero);
    }
  }
}

TEST_CASE("adascene learns: scenario_blind beats a scenario-blind logistic regression", "[algorithms][adascene]") {
  check_learns("scenario_blind", {});
}
TEST_CASE("adascene learns: ada_base (traffic and sqrt loss weights)", "[algorithms][adascene]") {
  check_learns("ada_base", {});
  check_learns("ada_base", {{"scenario_loss_weighting", "sqrt"}});
}
TEST_CASE("adascene learns: aktn with softmax gates", "[algorithms][adascene]") { check_learns("aktn", {}); }
TEST_CASE("adascene learns: aktn with kl_topk gates", "[algorithms][adascene]") {
  check_learns("aktn", {{"gating", "kl_topk"}, {"top_k", "2"}});
}
TEST_CASE("adascene learns: aktn with dselect gates", "[algorithms][adascene]") {
  check_learns("aktn", {{"gating", "dselect"}, {"top_k", "2"}});
}
TEST_CASE("adascene learns: per_scenario", "[algorithms][adascene]") { check_learns("per_scenario", {{"min_rows", "2000"}}); }
TEST_CASE("adascene learns: broken training stays below the baseline", "[algorithms][adascene]") {
  // A learning rate that cannot move the weights: the margin the other cases check is earned by
  // training, not by initialisation.
  const auto& s = samples();
  auto frozen = make("ada_base", {{"learning_rate", "1e-9"}});
  algorithms::NullLogger log;
  frozen->fit(view_of(s), log);
  CHECK(test_auc(frozen->predict(s.test, s.test.scenario)) < baseline_auc());
}

TEST_CASE("adascene: per_scenario trains own models for the head only", "[algorithms][adascene]") {
  const auto& s = samples();
  SceneNetConfig net;
  net.experts = 2;
  net.expert_hidden = {8};
  net.tower_hidden = {8};
  PerScenarioModel m(net, SceneTrainOptions{.epochs = 1, .patience = 0}, 2000);
  algorithms::NullLogger log;
  m.fit(view_of(s), log);
  std::size_t head = 0;
  for (std::uint32_t k = 0; k < s.num_scenarios; ++k) {
    CHECK(m.has_own_model(k) == (s.train_rows[k] >= 2000));
    head += s.train_rows[k] >= 2000;
  }
  CHECK(head >= 1);
  CHECK(head < s.num_scenarios / 2);
  CHECK(m.own_models() == head);
  CHECK(m.predict(s.test, s.test.scenario).size() == s.test.size());
}

TEST_CASE("adascene: same seed, bit-identical predictions on 1 and 2 threads", "[algorithms][adascene]") {
  const auto& s = samples();
  std::vector<float> p[2];
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    auto m = make("aktn", {{"gating", "dselect"}, {"top_k", "2"}, {"epochs", "1"}, {"patience", "1"}});
    algorithms::NullLogger log;
    m->fit(view_of(s), log);
    p[threads - 1] = m->predict(s.test, s.test.scenario);
  }
  omp_set_num_threads(2);
  REQUIRE(p[0].size() == p[1].size());
  CHECK(std::memcmp(p[0].data(), p[1].data(), p[0].size() * sizeof(float)) == 0);
}

TEST_CASE("adascene: expert utilisation per scenario, sparse with kl_topk", "[algorithms][adascene]") {
  const auto& s = samples();
  auto m = make("ada_base", {{"gating", "kl_topk"}, {"experts", "6"}, {"top_k", "2"}, {"epochs", "1"}});
  algorithms::NullLogger log;
  m->fit(view_of(s), log);
  const algorithms::ExpertUtilisation u = m->expert_utilisation(s.test, s.test.scenario);
  REQUIRE(u.num_scenarios == s.num_scenarios);
  REQUIRE(u.num_experts == 6);
  for (std::uint32_t k = 0; k < u.num_scenarios; ++k) {
    CHECK(u.rows[k] == s.test_rows[k]);
    if (u.rows[k] == 0) continue;
    double total = 0;
    int used = 0;
    for (std::uint32_t e = 0; e < 6; ++e) total += u.at(k, e), used += u.at(k, e) > 0;
    CHECK(total == Approx(1.0).epsilon(1e-4));
    CHECK(used == 2);  // the gate depends on the scenario only: the same two experts on every row
  }
  // Wrong key lengths and keys outside [0, num_scenarios) are rejected.
  const std::vector<std::uint32_t> short_key(3, 0u);
  CHECK_THROWS_WITH(m->predict(s.test, short_key), Catch::Contains("keys have 3 entries"));
  std::vector<std::uint32_t> bad(s.test.scenario.begin(), s.test.scenario.end());
  bad[0] = s.num_scenarios;
  CHECK_THROWS_WITH(m->predict(s.test, bad), Catch::Contains("outside [0, 48)"));
}

TEST_CASE("adascene: reduce on plateau rewinds to the best epoch, lowers the rate and never ends worse", "[algorithms][adascene]") {
  const auto& s = samples();
  const std::map<std::string, std::string> base{{"epochs", "10"}, {"patience", "1"}, {"learning_rate", "0.01"}};
  std::map<std::string, std::string> decay = base;
  decay["lr_decays"] = "2";
  decay["lr_decay_factor"] = "0.1";
  simrec::testing::RecordingLogger plain, decayed;
  make("ada_base", base)->fit(view_of(s), plain);
  make("ada_base", decay)->fit(view_of(s), decayed);
  const std::vector<double>& v0 = plain.curves["validation_loss"];
  const std::vector<double>& v1 = decayed.curves["validation_loss"];
  for (double x : v0) std::printf("%.5f ", x);
  std::printf("| plain\n");
  for (double x : v1) std::printf("%.5f ", x);
  std::printf("| with 2 decays\n");
  REQUIRE(v0.size() < 10);            // the plain run stops at a plateau
  REQUIRE(v1.size() > v0.size());     // the decayed run goes on
  REQUIRE(decayed.curves["learning_rate"].size() >= 1);
  CHECK(decayed.curves["learning_rate"][0] == Approx(0.001));
  for (std::size_t e = 0; e < v0.size(); ++e) CHECK(v1[e] == v0[e]);  // the same run up to the first plateau
  // The epoch after the rewind starts from the best parameters at a tenth of the rate: its loss is
  // below the plateau epoch's that triggered the rewind.
  CHECK(v1[v0.size()] < v0.back());
  CHECK(*std::min_element(v1.begin(), v1.end()) <= *std::min_element(v0.begin(), v0.end()));
}
