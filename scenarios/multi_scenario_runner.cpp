#include "scenarios/multi_scenario_runner.hpp"

#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include "results/metrics/clustering.hpp"
#include "scenarios/evaluate_multi_scenario.hpp"
#include "scenarios/scenario.hpp"

namespace simrec::scenarios {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Fnv {
  std::uint64_t h = 0xcbf29ce484222325ull;
  template <class T>
  void add(const std::vector<T>& v) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(v.data());
    for (std::size_t i = 0; i < v.size() * sizeof(T); ++i) h = (h ^ bytes[i]) * 0x100000001b3ull;
  }
};

std::uint64_t samples_hash(const datasets::AdSamples& s) {
  Fnv f;
  for (const auto* t : {&s.train, &s.validation, &s.test}) {
    f.add(t->categorical);
    f.add(t->click);
    f.add(t->scenario);
    f.add(t->user);
    f.add(t->day);
  }
  return f.h;
}

results::NamedArray array_of(std::vector<std::int64_t> dims, std::vector<double> values) {
  results::NamedArray a;
  a.dims = std::move(dims);
  a.values = std::move(values);
  return a;
}

void record_grouping(const algorithms::SceneGrouping& g, const sim::ads::AdWorld& world, results::UnitResult& unit) {
  const std::uint32_t S = world.scenarios().num_scenarios();
  if (g.num_scenarios != S || g.group.size() != S)
    throw std::runtime_error("the algorithm's scene grouping covers " + std::to_string(g.group.size()) + " scenarios; the world has " +
                             std::to_string(S));
  if (!g.affinity.empty() && g.affinity.size() != std::size_t(S) * S)
    throw std::runtime_error("the algorithm's scene affinity has " + std::to_string(g.affinity.size()) + " entries, expected S x S = " +
                             std::to_string(std::size_t(S) * S));
  std::vector<std::int64_t> found(S), hidden(S);
  for (std::uint32_t s = 0; s < S; ++s) {
    found[s] = std::int64_t(g.group[s]);
    hidden[s] = std::int64_t(world.hidden_group(s));
  }
  unit.metrics["num_groups"] = double(g.num_groups);
  unit.metrics["ari_hidden_groups"] = metrics::adjusted_rand_index(found, hidden);
  unit.arrays["scene_group"] = array_of({std::int64_t(S)}, std::vector<double>(found.begin(), found.end()));
  if (!g.affinity.empty() && S <= kMaxAffinityScenarios) unit.arrays["scene_affinity"] = array_of({S, S}, g.affinity);
}

}  // namespace

MultiScenarioData build_multi_scenario_data(const Scenario& sc, const VariantSpec& variant, std::uint64_t seed) {
  MultiScenarioData d;
  d.world = std::make_unique<sim::ads::AdWorld>(sc.ads_for(variant), seed, sc.world);
  d.samples = datasets::make_ad_samples(*d.world, sc.ad_data_for(variant));
  d.head = head_scenarios(d.samples.train_rows, sc.eval.head_share);
  d.hash = samples_hash(d.samples);
  return d;
}

void run_multi_scenario_unit(const Scenario& sc, const VariantSpec& v, const MultiScenarioData& data, std::uint64_t seed,
                             results::UnitResult& unit, algorithms::TrainingLogger& logger) {
  const auto& s = data.samples;
  std::unique_ptr<algorithms::Algorithm> algo = v.info.make(v.options);
  auto& m = dynamic_cast<algorithms::MultiScenarioAlgorithm&>(*algo);
  const algorithms::MultiScenarioTrainView view{s.train, s.validation, s.train.scenario, s.validation.scenario, s.num_scenarios, seed};
  const auto t0 = Clock::now();
  m.fit(view, logger);
  unit.timing.fit_seconds = seconds_since(t0);
  const auto t1 = Clock::now();
  const std::vector<float> p = m.predict(s.test, s.test.scenario);
  unit.timing.predict_seconds = seconds_since(t1);
  if (p.size() != s.test.size())
    throw std::runtime_error("the algorithm predicted " + std::to_string(p.size()) + " rows for " + std::to_string(s.test.size()) + " test rows");
  for (float x : p)
    if (!std::isfinite(x)) throw algorithms::NonFiniteError("a predicted click probability is NaN or infinite");
  unit.timing.samples_per_second = unit.timing.fit_seconds > 0 ? double(s.train.size()) / unit.timing.fit_seconds : 0;

  unit.metrics = evaluate_multi_scenario(p, s.test, data.head, sc.metrics);
  const std::uint32_t S = s.num_scenarios;
  double head_rows = 0, heads = 0, clicks = 0;
  for (std::uint32_t k = 0; k < S; ++k)
    if (data.head[k]) heads += 1, head_rows += double(s.train_rows[k]);
  for (float y : s.test.click) clicks += y;
  unit.metrics["data_head_scenarios"] = heads;
  unit.metrics["data_tail_scenarios"] = double(S) - heads;
  unit.metrics["data_head_train_share"] = s.train.size() ? head_rows / double(s.train.size()) : 0.0;
  unit.metrics["data_test_ctr"] = s.test.size() ? clicks / double(s.test.size()) : 0.0;

  unit.arrays["scenario_auc"] = array_of({std::int64_t(S)}, scenario_aucs(p, s.test, S));
  unit.arrays["scenario_train_rows"] = array_of({std::int64_t(S)}, std::vector<double>(s.train_rows.begin(), s.train_rows.end()));
  const algorithms::ExpertUtilisation u = m.expert_utilisation(s.test, s.test.scenario);
  if (u.num_experts > 0) {
    if (u.num_scenarios != S || u.weight.size() != std::size_t(S) * u.num_experts)
      throw std::runtime_error("the algorithm's expert utilisation is " + std::to_string(u.num_scenarios) + " x " +
                               std::to_string(u.num_experts) + " with " + std::to_string(u.weight.size()) + " values; expected " +
                               std::to_string(S) + " scenarios");
    unit.arrays["expert_utilisation"] = array_of({std::int64_t(S), std::int64_t(u.num_experts)}, u.weight);
  }
  if (const algorithms::SceneGrouping* g = m.grouping()) record_grouping(*g, *data.world, unit);
}

}  // namespace simrec::scenarios
