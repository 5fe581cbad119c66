#include "scenarios/multi_scenario_runner.hpp"

#include "scenarios/data_hash.hpp"

#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include "datasets/time_split.hpp"
#include "results/metrics/clustering.hpp"
#include "results/stats/ari_permutation.hpp"
#include "sim/ads/ad_generator.hpp"
#include "scenarios/evaluate_multi_scenario.hpp"
#include "scenarios/scenario.hpp"

namespace simrec::scenarios {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::uint64_t samples_hash(const datasets::AdSamples& s) {
  Fnv1a f;
  for (const auto* t : {&s.train, &s.validation, &s.test}) {
    f.add(t->categorical);
    f.add(t->click);
    f.add(t->scenario);
    f.add(t->user);
    f.add(t->day);
  }
  return f.h;
}

// The world's true click probability of every test row. The log is generated again (it is a pure
// function of world and seed, users in id order) and its test-day events taken in order, which is
// the test table's row order (datasets/ad_samples.cpp); each row's scenario and click are checked.
std::vector<float> oracle_probabilities(const sim::ads::AdWorld& world, const datasets::AdSampleConfig& c,
                                        const datasets::AdSampleTable& test) {
  class TestSink final : public sim::ads::AdEventSink {
   public:
    explicit TestSink(datasets::TimeSplit split) : split_(split) {}
    void consume(sim::UserId, std::span<const sim::ads::AdEvent> block) override {
      for (const auto& e : block)
        if (split_.of_time(e.time_seconds) == datasets::Split::Test) events.push_back(e);
    }
    std::vector<sim::ads::AdEvent> events;

   private:
    datasets::TimeSplit split_;
  };
  TestSink sink({c.train_days, c.train_days + c.validation_days, c.train_days + c.validation_days + c.test_days});
  sim::ads::generate_ad_events(world, &sink);
  if (sink.events.size() != test.size()) throw std::logic_error("oracle: the regenerated test log differs from the test table");
  std::vector<float> p(test.size());
  sim::UserProfile profile;
  sim::UserId cached = ~sim::UserId(0);
  for (std::size_t r = 0; r < test.size(); ++r) {
    const auto& e = sink.events[r];
    if (e.scenario_id != test.scenario[r] || float(e.click) != test.click[r])
      throw std::logic_error("oracle: test row " + std::to_string(r) + " does not match the regenerated log");
    if (e.user_id != cached) world.user(e.user_id, profile), cached = e.user_id;
    p[r] = float(world.true_click_probability(profile, e.ad_id, e.scenario_id, e.time_seconds, e.position));
  }
  return p;
}

results::NamedArray array_of(std::vector<std::int64_t> dims, std::vector<double> values) {
  results::NamedArray a;
  a.dims = std::move(dims);
  a.values = std::move(values);
  return a;
}

// ari_hidden_groups: over scenarios, each counting once (dominated by the many tail scenarios,
// whose few clicks cannot reveal their group); ari_hidden_groups_rows: over training rows, each
// row labelled by its scenario's found and hidden group (a scenario weighs by its traffic). Each
// with its chance level (results/stats/ari_permutation.hpp: 1000 shuffles of the found groups
// among the scenarios): *_chance = the null mean, *_z = (ARI - null mean) / null sd, *_perm_p =
// the one-sided permutation p. The row-weighted index is not 0 by chance: a scenario's rows move
// together and always share both labels, so its chance level must be read from *_chance.
void record_grouping(const algorithms::SceneGrouping& g, const sim::ads::AdWorld& world, std::span<const std::uint64_t> train_rows,
                     results::UnitResult& unit) {
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
  std::vector<double> rows(S, 0.0);
  for (std::uint32_t s = 0; s < S && s < train_rows.size(); ++s) rows[s] = double(train_rows[s]);
  const stats::AriPermutationResult by_scenario = stats::ari_permutation_test(found, hidden);
  const stats::AriPermutationResult by_rows = stats::ari_permutation_test(found, hidden, rows);
  for (const auto& [name, r] : {std::pair{std::string("ari_hidden_groups"), by_scenario}, std::pair{std::string("ari_hidden_groups_rows"), by_rows}}) {
    unit.metrics[name] = r.observed;
    unit.metrics[name + "_chance"] = r.null_mean;
    unit.metrics[name + "_z"] = r.z;
    unit.metrics[name + "_perm_p"] = r.p_value;
  }
  unit.arrays["scene_group"] = array_of({std::int64_t(S)}, std::vector<double>(found.begin(), found.end()));
  unit.arrays["hidden_group"] = array_of({std::int64_t(S)}, std::vector<double>(hidden.begin(), hidden.end()));
  if (!g.affinity.empty()) unit.arrays["scene_affinity"] = array_of({S, S}, g.affinity);
  if (!g.unit_of.empty()) {
    if (g.unit_of.size() != S || (!g.unit_affinity.empty() && g.unit_affinity.size() != std::size_t(g.num_units) * g.num_units))
      throw std::runtime_error("the algorithm's scene units cover " + std::to_string(g.unit_of.size()) + " scenarios with a " +
                               std::to_string(g.unit_affinity.size()) + "-entry affinity; expected " + std::to_string(S) + " and " +
                               std::to_string(g.num_units) + " x " + std::to_string(g.num_units));
    std::vector<double> cell(S);
    for (std::uint32_t s = 0; s < S; ++s) cell[s] = g.unit_of[s] == 0xffffffffu ? -1.0 : double(g.unit_of[s]);
    unit.arrays["scene_unit"] = array_of({std::int64_t(S)}, cell);
    const std::int64_t U = g.num_units;
    if (!g.unit_affinity.empty()) unit.arrays["unit_affinity"] = array_of({U, U}, g.unit_affinity);
  }
  if (g.affinity_pairs > 0) {
    unit.metrics["affinity_pairs"] = double(g.affinity_pairs);
    unit.metrics["affinity_edges"] = double(g.affinity_edges);
  }
}

}  // namespace

MultiScenarioData build_multi_scenario_data(const Scenario& sc, const VariantSpec& variant, std::uint64_t seed) {
  MultiScenarioData d;
  d.world = std::make_unique<sim::ads::AdWorld>(sc.ads_for(variant), seed, sc.world_for(variant));
  d.samples = datasets::make_ad_samples(*d.world, sc.ad_data_for(variant));
  d.head = head_scenarios(d.samples.train_rows, sc.eval.head_share);
  d.hash = samples_hash(d.samples);
  d.oracle = oracle_probabilities(*d.world, sc.ad_data_for(variant), d.samples.test);
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
  for (const auto& [name, value] : evaluate_multi_scenario(data.oracle, s.test, data.head, sc.metrics)) unit.metrics["oracle_" + name] = value;
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
  algorithms::ExpertUtilisation u = m.expert_utilisation(s.test, s.test.scenario);
  if (u.num_experts > 0) {
    // A model may size the matrix by the keys it saw (scenario_blind: the largest test key + 1);
    // the scenarios after it had no test rows, so their rows are zero (ExpertUtilisation).
    if (u.num_scenarios < S && u.weight.size() == std::size_t(u.num_scenarios) * u.num_experts) {
      u.weight.resize(std::size_t(S) * u.num_experts, 0.0);
      u.num_scenarios = S;
    }
    if (u.num_scenarios != S || u.weight.size() != std::size_t(S) * u.num_experts)
      throw std::runtime_error("the algorithm's expert utilisation is " + std::to_string(u.num_scenarios) + " x " +
                               std::to_string(u.num_experts) + " with " + std::to_string(u.weight.size()) + " values; expected " +
                               std::to_string(S) + " scenarios");
    unit.arrays["expert_utilisation"] = array_of({std::int64_t(S), std::int64_t(u.num_experts)}, u.weight);
  }
  if (const algorithms::SceneGrouping* g = m.grouping()) record_grouping(*g, *data.world, s.train_rows, unit);
}

}  // namespace simrec::scenarios
