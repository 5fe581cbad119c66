// The multi-scenario harness (task = multiscenario): [ads] / [ad_data] sections with their errors,
// the head / tail split and the metrics on hand-built tables, and end-to-end runs on a tiny ad
// world (shared data per seed, determinism, expert utilisation, scene groupings scored by ARI).
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "algorithms/registry.hpp"
#include "results/metrics/clustering.hpp"
#include "results/stats/ari_permutation.hpp"
#include "results/store/run_file.hpp"
#include "scenarios/evaluate_multi_scenario.hpp"
#include "scenarios/multi_scenario_runner.hpp"
#include "scenarios/runner.hpp"
#include "sim/ads/ad_world.hpp"
#include "support/python_runner.hpp"

using namespace simrec;

namespace {

const std::string kTiny = R"(name = ms-tiny
task = multiscenario
seeds = 1, 2
metrics = auc, gauc, log_loss, auc:head, auc:tail, gauc:head, gauc:tail, scenario_auc_mean
[ads]
num_users = 300
num_days = 4
num_channels = 3
num_apps = 3
num_formats = 2
num_groups = 3
num_ads = 400
num_merchants = 80
base_ctr_median = 0.05
[ad_data]
train_days = 2
validation_days = 1
test_days = 1
[eval]
head_share = 0.4
[variant.base]
algorithm = ada_base
experts = 4
expert_hidden = 16
tower_hidden = 8
epochs = 1
[variant.blind]
algorithm = scenario_blind
experts = 2
expert_hidden = 16
epochs = 1
)";

// Six test rows over three scenarios and three users (hand-checked metrics below).
datasets::AdSampleTable hand_table() {
  datasets::AdSampleTable t;
  t.field_names = {"x"};
  t.field_buckets = {1};
  t.field_kind = {datasets::AdFieldKind::User};
  t.rows = 6;
  t.categorical.assign(6, 0);
  t.click = {1, 0, 0, 1, 0, 1};
  t.scenario = {0, 0, 0, 1, 1, 2};
  t.user = {7, 7, 8, 8, 9, 9};
  t.day = {0, 0, 0, 0, 0, 0};
  return t;
}

// Groups scenarios by channel (a rule, as a scene-aggregation model would report it), with a made-up
// affinity; predicts the training CTR. Test only.
class ChannelGroups : public algorithms::MultiScenarioAlgorithm {
 public:
  void fit(const algorithms::MultiScenarioTrainView& v, algorithms::TrainingLogger& log) override {
    double clicks = 0;
    for (float y : v.train.click) clicks += y;
    ctr_ = float(clicks / double(v.train.size()));
    const std::size_t channel = v.train.field("channel");
    g_.method = "channel";
    g_.num_scenarios = v.num_scenarios;
    g_.group.assign(v.num_scenarios, 0);
    for (std::size_t r = 0; r < v.train.size(); ++r) g_.group[v.train_key[r]] = v.train.cat(r, channel);
    g_.num_groups = 1 + *std::max_element(g_.group.begin(), g_.group.end());
    g_.affinity.assign(std::size_t(v.num_scenarios) * v.num_scenarios, 0.5);
    if (units) {  // as with aggregation_unit = channel: the affinity is between the channel cells
      g_.affinity.clear();
      g_.unit = "channel";
      g_.num_units = std::uint32_t(v.train.field_buckets[channel]);
      g_.unit_of.assign(v.num_scenarios, 0xffffffffu);
      for (std::size_t r = 0; r < v.train.size(); ++r) g_.unit_of[v.train_key[r]] = v.train.cat(r, channel);
      g_.unit_affinity.assign(std::size_t(g_.num_units) * g_.num_units, 0.25);
    }
    log.log(1, "train_loss", 0.1);
  }
  std::vector<float> predict(const datasets::AdSampleTable& rows, std::span<const std::uint32_t>) override {
    return std::vector<float>(rows.size(), ctr_);
  }
  const algorithms::SceneGrouping* grouping() const override { return &g_; }
  algorithms::SceneGrouping g_;
  float ctr_ = 0;
  bool units = false;
};

// One unit (seed 3) of kTiny's world with a single variant running ChannelGroups (cell units as
// given): the unit's result and the data it saw.
struct GroupingUnit {
  scenarios::MultiScenarioData data;
  results::UnitResult unit;
};
GroupingUnit run_channel_groups(bool units) {
  algorithms::Registry reg;
  reg.add({"channel_groups", algorithms::Task::MultiScenario, "test only", {}, [units](const algorithms::OptionValues&) {
             auto m = std::make_unique<ChannelGroups>();
             m->units = units;
             return m;
           }});
  std::string text = kTiny.substr(0, kTiny.find("[variant.base]")) + "[variant.rule]\nalgorithm = channel_groups\n";
  const auto sc = scenarios::load_scenario_text(text, "ms.ini", {"seeds=3"}, "default", reg);
  GroupingUnit out{scenarios::build_multi_scenario_data(sc, sc.variants[0], 3), {}};
  algorithms::NullLogger log;
  scenarios::run_multi_scenario_unit(sc, sc.variants[0], out.data, 3, out.unit, log);
  return out;
}

}  // namespace

TEST_CASE("multi-scenario head / tail: the most trafficked scenarios up to head_share of training rows", "[scenarios][multiscenario]") {
  const std::vector<std::uint64_t> rows = {10, 50, 0, 30, 10};  // by traffic: 1, 3, 0, 4 (tie by id), 2
  CHECK(scenarios::head_scenarios(rows, 0.5) == std::vector<std::uint8_t>{0, 1, 0, 0, 0});
  CHECK(scenarios::head_scenarios(rows, 0.51) == std::vector<std::uint8_t>{0, 1, 0, 1, 0});
  CHECK(scenarios::head_scenarios(rows, 0.85) == std::vector<std::uint8_t>{1, 1, 0, 1, 0});
  CHECK(scenarios::head_scenarios(rows, 1.0) == std::vector<std::uint8_t>{1, 1, 0, 1, 1});  // no rows: never head
  CHECK_THROWS(scenarios::head_scenarios(rows, 0.0));
}

TEST_CASE("multi-scenario metrics: overall, head / tail and per-scenario AUC against hand-computed values", "[scenarios][multiscenario]") {
  const auto t = hand_table();
  const std::vector<float> p = {0.9f, 0.2f, 0.6f, 0.5f, 0.4f, 0.3f};
  const std::vector<std::uint8_t> head = {1, 0, 0};  // scenario 0 is the head
  const auto m = scenarios::evaluate_multi_scenario(
      p, t, head, {"auc", "gauc", "log_loss", "auc:head", "auc:tail", "gauc:head", "gauc:tail", "scenario_auc_mean"});
  // Overall: positives {0.9, 0.5, 0.3}, negatives {0.2, 0.6, 0.4}: 3 + 2 + 1 of 9 pairs ordered right.
  CHECK(m.at("auc") == Approx(6.0 / 9));
  // Users: 7 {1: 0.9, 0: 0.2} -> 1; 8 {0: 0.6, 1: 0.5} -> 0; 9 {0: 0.4, 1: 0.3} -> 0; two rows each.
  CHECK(m.at("gauc") == Approx(1.0 / 3));
  // Head = scenario 0 rows {1: 0.9, 0: 0.2, 0: 0.6}: AUC 1; tail rows 3..5 {1: 0.5, 0: 0.4, 1: 0.3}: 1 of 2.
  CHECK(m.at("auc:head") == Approx(1.0));
  CHECK(m.at("auc:tail") == Approx(0.5));
  CHECK(m.at("gauc:head") == Approx(1.0));  // only user 7 has both classes in the head
  CHECK(m.at("gauc:tail") == Approx(0.0));  // only user 9: positive 0.3 < negative 0.4
  const double ll = -(std::log(0.9) + std::log(0.8) + std::log(0.4) + std::log(0.5) + std::log(0.6) + std::log(0.3)) / 6;
  CHECK(m.at("log_loss") == Approx(ll));
  // Per scenario: 0 -> 1, 1 -> 1 (0.5 > 0.4), 2 has one row: undefined, so the mean is over 0 and 1.
  const auto per = scenarios::scenario_aucs(p, t, 3);
  CHECK(per[0] == Approx(1.0));
  CHECK(per[1] == Approx(1.0));
  CHECK(std::isnan(per[2]));
  CHECK(m.at("scenario_auc_mean") == Approx(1.0));
  // Per-scenario means by part, with scenario 1's AUC made 0 (positive 0.5 below negative 0.6):
  // head {0} -> 1; tail {1, 2} -> scenario 1 only (2 has one row), 0; all -> 0.5.
  const std::vector<float> q = {0.9f, 0.2f, 0.6f, 0.5f, 0.6f, 0.3f};
  const auto parts = scenarios::evaluate_multi_scenario(q, t, head, {"scenario_auc_mean", "scenario_auc_mean:head", "scenario_auc_mean:tail"});
  CHECK(parts.at("scenario_auc_mean") == Approx(0.5));
  CHECK(parts.at("scenario_auc_mean:head") == Approx(1.0));
  CHECK(parts.at("scenario_auc_mean:tail") == Approx(0.0));
  // A split without both classes records nothing rather than a made-up number.
  const auto none = scenarios::evaluate_multi_scenario(p, t, std::vector<std::uint8_t>{0, 0, 1}, {"auc:head", "gauc:head"});
  CHECK(none.empty());
}

TEST_CASE("multi-scenario scenario: [ads] / [ad_data] knobs, variant overrides and clear errors", "[scenarios][multiscenario]") {
  const auto sc = scenarios::load_scenario_text(kTiny, "ms.ini", {"variant.base.ads.num_groups=2, 4"});
  REQUIRE(sc.variants.size() == 3);
  CHECK(sc.variants[0].name == "base[ads.num_groups=2]");
  CHECK(sc.ads_for(sc.variants[1]).num_groups == 4);
  CHECK(sc.ads_for(sc.variants[2]).num_groups == 3);
  CHECK(sc.data_key(sc.variants[0]) != sc.data_key(sc.variants[2]));
  CHECK(sc.ad_data.train_days == 2);
  CHECK(sc.eval.head_share == 0.4);
  const std::string text = sc.resolved_text();
  CHECK(text.find("[ads]\nnum_users = 300\n") != std::string::npos);
  CHECK(text.find("[ad_data]\ntrain_days = 2\n") != std::string::npos);
  CHECK(text.find("head_share = 0.4\n") != std::string::npos);

  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "ms.ini", {"ads.num_grups=2"}),
                    Catch::Contains("ads.num_grups") && Catch::Contains("did you mean 'num_groups'"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "ms.ini", {"ads.num_formats=5"}),
                    Catch::Contains("ads.num_formats = 5 is out of range: allowed [1, 4]"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "ms.ini", {"variant.blind.ads.traffic_zipf=-1"}),
                    Catch::Contains("variant.blind.ads.traffic_zipf = -1 is out of range"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "ms.ini", {"ad_data.test_dayz=1"}),
                    Catch::Contains("did you mean 'test_days'"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "ms.ini", {"ad_data.test_days=3"}),
                    Catch::Contains("ms.ini") && Catch::Contains("= 6 is out of range: allowed at most ads.num_days = 4"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "ms.ini", {"variant.base.ads.num_days=3"}),
                    Catch::Contains("[variant.base]") && Catch::Contains("ads.num_days = 3"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "ms.ini", {"ads.num_groups=100"}),
                    Catch::Contains("ads.num_groups = 100 is out of range"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "ms.ini", {"eval.head_share=1"}), Catch::Contains("allowed a number in (0, 1)"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "ms.ini", {"ad_data.interest_tag_noise=1.5"}),
                    Catch::Contains("ad_data.interest_tag_noise = 1.5 is out of range: allowed [0, 1]"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "ms.ini", {"variant.base.ad_data.interest_tags=2"}),
                    Catch::Contains("ad_data.interest_tags = 2 is out of range"));
  const auto tagged = scenarios::load_scenario_text(kTiny, "ms.ini", {"variant.base.ad_data.interest_tags=1"});
  CHECK(tagged.ad_data_for(tagged.variants[0]).interest_tags == 1);
  CHECK(tagged.ad_data_for(tagged.variants[1]).interest_tags == 0);
  CHECK(tagged.data_key(tagged.variants[0]) != tagged.data_key(tagged.variants[1]));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "ms.ini", {"metrics=auc:middle"}),
                    Catch::Contains("auc:middle") && Catch::Contains("scenario_auc_mean"));
  const std::string retrieval = "name = r\ntask = retrieval\nseeds = 1\nmetrics = recall@10\n[ads]\nnum_users = 5\n"
                                "[variant.pop]\nalgorithm = mostpop\n";
  CHECK_THROWS_WITH(scenarios::load_scenario_text(retrieval, "r.ini", {}), Catch::Contains("only for task = multiscenario"));
}

TEST_CASE("multi-scenario runner: a tiny ad world end to end, shared data per seed, deterministic", "[scenarios][multiscenario][runner]") {
  const auto sc = scenarios::load_scenario_text(kTiny, "ms.ini", {});
  const std::string dir = testing::make_temp_dir("simrec_ms_run_");
  scenarios::RunOptions o;
  o.progress_out = stdout;
  o.out_path = dir + "/a.h5";
  REQUIRE(scenarios::run_scenario(sc, o).failed_units == 0);
  o.out_path = dir + "/b.h5";
  REQUIRE(scenarios::run_scenario(sc, o).failed_units == 0);
  const auto a = results::read_run(dir + "/a.h5"), b = results::read_run(dir + "/b.h5");
  REQUIRE(a.units.size() == 4);
  for (const auto& u : a.units) {
    INFO(u.variant << " seed " << u.seed << ": " << u.status);
    REQUIRE(u.ok());
    for (const char* m : {"auc", "gauc", "log_loss", "auc:head", "auc:tail", "gauc:head", "gauc:tail", "scenario_auc_mean"})
      CHECK(u.metrics.count(m) == 1);
    CHECK((u.metrics.at("auc") >= 0 && u.metrics.at("auc") <= 1));
    // The world's true probabilities: the same for every variant of a seed, and better than a
    // model trained for one epoch on a few thousand rows.
    CHECK(u.metrics.at("oracle_auc") > u.metrics.at("auc"));
    CHECK(u.metrics.at("oracle_auc:tail") == a.find("base", u.seed)->metrics.at("oracle_auc:tail"));
    CHECK(u.arrays.at("scenario_auc").dims == std::vector<std::int64_t>{18});
    CHECK(u.curves.count("train_loss") == 1);
    const results::UnitResult* twin = b.find(u.variant, u.seed);
    REQUIRE(twin);
    CHECK(twin->metrics == u.metrics);  // same seed: identical
    CHECK(twin->data_hash == u.data_hash);
  }
  // Variants of one seed saw the same data; the seeds differ.
  CHECK(a.find("base", 1)->data_hash == a.find("blind", 1)->data_hash);
  CHECK(a.find("base", 1)->data_hash != a.find("base", 2)->data_hash);
  CHECK(a.find("base", 1)->arrays.at("expert_utilisation").dims == std::vector<std::int64_t>{18, 4});
  CHECK(a.find("blind", 1)->arrays.at("expert_utilisation").dims == std::vector<std::int64_t>{18, 2});
  CHECK(a.find("base", 1)->metrics.at("data_head_scenarios") >= 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("multi-scenario runner: the models take the interest tag fields like any other field", "[scenarios][multiscenario][runner]") {
  const auto sc = scenarios::load_scenario_text(kTiny, "ms.ini", {"seeds=1", "variant.blind.ad_data.interest_tags=1"});
  const std::string dir = testing::make_temp_dir("simrec_ms_tags_");
  scenarios::RunOptions o;
  o.progress_out = stdout;
  o.out_path = dir + "/t.h5";
  REQUIRE(scenarios::run_scenario(sc, o).failed_units == 0);
  const auto run = results::read_run(dir + "/t.h5");
  const results::UnitResult *base = run.find("base", 1), *blind = run.find("blind", 1);
  REQUIRE(base);
  REQUIRE(blind);
  CHECK(base->data_hash != blind->data_hash);  // the tables differ by the two tag fields
  CHECK(blind->metrics.at("oracle_auc") == base->metrics.at("oracle_auc"));  // the same world and rows
  CHECK((blind->metrics.at("auc") > 0.5 && blind->metrics.at("auc") < 1));
  std::filesystem::remove_all(dir);
}

TEST_CASE("multi-scenario runner: a grouping over a rule's cells stores each scenario's cell and the cells' affinity", "[scenarios][multiscenario][runner]") {
  const auto [data, unit] = run_channel_groups(true);
  const std::uint32_t S = data.samples.num_scenarios;
  const std::int64_t C = data.samples.train.field_buckets[data.samples.train.field("channel")];
  CHECK(unit.arrays.count("scene_affinity") == 0);
  CHECK(unit.arrays.at("unit_affinity").dims == std::vector<std::int64_t>{C, C});
  const auto& cell = unit.arrays.at("scene_unit").values;
  REQUIRE(cell.size() == S);
  const auto& group = unit.arrays.at("scene_group").values;
  for (std::uint32_t s = 0; s < S; ++s)
    if (cell[s] >= 0) CHECK(cell[s] == group[s]);  // ChannelGroups: group = channel = cell
  CHECK(std::count(cell.begin(), cell.end(), -1.0) < std::ptrdiff_t(S));
}

TEST_CASE("multi-scenario runner: a model's scene grouping is stored and scored against the hidden groups", "[scenarios][multiscenario][runner]") {
  const auto [data, unit] = run_channel_groups(false);
  const std::uint32_t S = data.samples.num_scenarios;
  REQUIRE(unit.arrays.at("scene_group").values.size() == S);
  CHECK(unit.arrays.at("scene_affinity").dims == std::vector<std::int64_t>{S, S});
  CHECK(unit.metrics.at("num_groups") <= 3);
  std::vector<std::int64_t> found, hidden;
  for (std::uint32_t s = 0; s < S; ++s) {
    found.push_back(std::int64_t(unit.arrays.at("scene_group").values[s]));
    hidden.push_back(data.world->hidden_group(s));
  }
  CHECK(unit.metrics.at("ari_hidden_groups") == Approx(metrics::adjusted_rand_index(found, hidden)));
  CHECK(unit.arrays.at("hidden_group").values == std::vector<double>(hidden.begin(), hidden.end()));
  // Row-weighted: one entry per training row of the scenario (built here from the table's rows).
  std::vector<std::int64_t> found_rows, hidden_rows;
  for (std::size_t r = 0; r < data.samples.train.size(); ++r) {
    const std::uint32_t s = data.samples.train.scenario[r];
    found_rows.push_back(found[s]), hidden_rows.push_back(hidden[s]);
  }
  CHECK(unit.metrics.at("ari_hidden_groups_rows") == Approx(metrics::adjusted_rand_index(found_rows, hidden_rows)));
  CHECK(unit.metrics.at("ari_hidden_groups_rows") != Approx(unit.metrics.at("ari_hidden_groups")));
  // Chance levels: the permutation test of the same labels (results/stats/ari_permutation.hpp).
  const stats::AriPermutationResult chance = stats::ari_permutation_test(found, hidden);
  CHECK(unit.metrics.at("ari_hidden_groups_z") == Approx(chance.z));
  CHECK(unit.metrics.at("ari_hidden_groups_chance") == Approx(chance.null_mean));
  CHECK(unit.metrics.at("ari_hidden_groups_perm_p") == Approx(chance.p_value));
  CHECK(unit.metrics.at("ari_hidden_groups_rows_perm_p") > 0);
  CHECK(unit.metrics.at("ari_hidden_groups_rows_perm_p") <= 1);
  CHECK(unit.metrics.count("ari_hidden_groups_rows_z") == 1);
  CHECK(unit.metrics.count("ari_hidden_groups_rows_chance") == 1);
  CHECK(unit.arrays.count("expert_utilisation") == 0);  // no experts
  // A test split without the last scenario ids: the blind model's matrix (sized by the largest test
  // key) is padded with zero rows to every scenario.
  std::vector<std::size_t> keep;
  for (std::size_t r = 0; r < data.samples.test.size(); ++r)
    if (data.samples.test.scenario[r] + 2 < S) keep.push_back(r);
  const auto blind = scenarios::load_scenario_text(kTiny, "ms.ini", {"seeds=3"});  // the same world sections
  scenarios::MultiScenarioData cut{nullptr, data.samples, data.head, 0, {}};
  cut.world = std::make_unique<sim::ads::AdWorld>(blind.ads, 3, blind.world);
  cut.samples.test = data.samples.test.select(keep);
  for (std::size_t r : keep) cut.oracle.push_back(data.oracle[r]);
  results::UnitResult blind_unit;
  algorithms::NullLogger log;
  scenarios::run_multi_scenario_unit(blind, blind.variants[1], cut, 3, blind_unit, log);
  const auto& util = blind_unit.arrays.at("expert_utilisation");
  REQUIRE(util.dims == std::vector<std::int64_t>{S, 2});
  CHECK(util.values[std::size_t(S - 1) * 2] == 0.0);
  CHECK(util.values[std::size_t(S - 3) * 2] + util.values[std::size_t(S - 3) * 2 + 1] > 0.0);
  // A constant prediction ranks nothing: AUC one half.
  CHECK(unit.metrics.at("auc") == Approx(0.5));
}
