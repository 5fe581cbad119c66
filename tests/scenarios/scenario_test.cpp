// Scenario files: parsing, scales, overrides, grids, and a specific message (file, line, key,
// allowed values, suggestion) for every kind of bad input.
#include <catch2/catch.hpp>

#include "scenarios/scenario.hpp"
#include "scenarios/variant_selection.hpp"

using namespace simrec::scenarios;

namespace {
const std::string kBase = R"(name = t
task = retrieval
seeds = 1, 2
metrics = recall@10, ndcg@5
[sim]
num_users = 200
num_videos = 300
num_channels = 30
[data]
train_days = 10
[variant.pop]
algorithm = mostpop
[variant.knn]
algorithm = itemknn
neighbors = 10, 20
window = 3
[scale.smoke]
sim.num_users = 100
seeds = 7
)";
Scenario load(const std::string& text, std::vector<std::string> sets = {}, const std::string& scale = "default") {
  return load_scenario_text(text, "t.ini", sets, scale);
}
}  // namespace

TEST_CASE("scenario: values, grid expansion and order", "[scenarios]") {
  const Scenario s = load(kBase);
  CHECK(s.name == "t");
  CHECK(s.seeds == std::vector<std::int64_t>{1, 2});
  CHECK(s.metrics == std::vector<std::string>{"recall@10", "ndcg@5"});
  CHECK(s.world.num_users == 200);
  REQUIRE(s.variants.size() == 3);
  CHECK(s.variants[0].name == "pop");
  CHECK(s.variants[1].name == "knn[neighbors=10]");
  CHECK(s.variants[2].name == "knn[neighbors=20]");
  CHECK(s.variants[2].options.get_int("neighbors") == 20);
  CHECK(s.variants[2].options.get_int("window") == 3);
  CHECK(s.variants[2].options.get_int("history_items") == 20);  // default filled in
  // The resolved text records every knob and option.
  CHECK(s.resolved_text().find("num_users = 200") != std::string::npos);
  CHECK(s.resolved_text().find("history_items = 20") != std::string::npos);
}

TEST_CASE("scenario: --variants keeps the named variants and grids in file order", "[scenarios]") {
  const auto names = [](const Scenario& s) {
    std::vector<std::string> out;
    for (const auto& v : s.variants) out.push_back(v.name);
    return out;
  };
  Scenario s = load(kBase);
  select_variants(s, {"knn"});  // a base name selects its whole grid
  CHECK(names(s) == std::vector<std::string>{"knn[neighbors=10]", "knn[neighbors=20]"});
  s = load(kBase);
  select_variants(s, {"knn[neighbors=20], pop"});  // file order, not the order asked
  CHECK(names(s) == std::vector<std::string>{"pop", "knn[neighbors=20]"});
  CHECK(s.resolved_text().find("[variant.knn[neighbors=10]]") == std::string::npos);
  CHECK(s.resolved_text().find("[variant.pop]") != std::string::npos);
  // A two-axis grid point's full name holds a comma.
  s = load(kBase + "[variant.knn2]\nalgorithm = itemknn\nneighbors = 10, 20\nwindow = 3, 4\n");
  select_variants(s, {"pop,knn2[neighbors=20,window=3]"});
  CHECK(names(s) == std::vector<std::string>{"pop", "knn2[neighbors=20,window=3]"});
  s = load(kBase);
  select_variants(s, {"pop", "pop"});
  CHECK(names(s) == std::vector<std::string>{"pop"});
  CHECK(variant_base_name("knn[neighbors=10]") == "knn");

  s = load(kBase);
  try {
    select_variants(s, {"pop,knnn"});
    FAIL("an unknown variant name was accepted");
  } catch (const ScenarioError& e) {
    const std::string m = e.what();
    CHECK(m.find("t.ini") != std::string::npos);
    CHECK(m.find("'knnn'") != std::string::npos);
    CHECK(m.find("did you mean 'knn'") != std::string::npos);
    CHECK(m.find("allowed: pop, knn") != std::string::npos);
  }
  CHECK(names(s).size() == 3);  // a refused selection leaves the scenario as it was
  CHECK_THROWS_AS(select_variants(s, {" , "}), ScenarioError);
}

TEST_CASE("scenario: scale sections and --set overrides apply in order", "[scenarios]") {
  const Scenario smoke = load(kBase, {}, "smoke");
  CHECK(smoke.world.num_users == 100);
  CHECK(smoke.seeds == std::vector<std::int64_t>{7});
  const Scenario set = load(kBase, {"sim.num_users=150", "variant.pop.window_days=3", "seeds=4,5"}, "smoke");
  CHECK(set.world.num_users == 150);
  CHECK(set.variants[0].options.get_real("window_days") == 3);
  CHECK(set.seeds == std::vector<std::int64_t>{4, 5});
}

TEST_CASE("scenario: bad input names the place, the key and what is allowed", "[scenarios][errors]") {
  auto with = [](const std::string& from, const std::string& to) {
    std::string t = kBase;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  // malformed line
  CHECK_THROWS_WITH(load(with("[data]", "[data")), Catch::Contains("t.ini:9") && Catch::Contains("missing ']'"));
  CHECK_THROWS_WITH(load(with("train_days = 10", "train_days 10")), Catch::Contains("t.ini:10") && Catch::Contains("key = value"));
  // unknown section / option with suggestions
  CHECK_THROWS_WITH(load(with("[data]", "[dta]")), Catch::Contains("t.ini:10") && Catch::Contains("did you mean 'data'"));
  CHECK_THROWS_WITH(load(with("num_users = 200", "num_user = 200")),
                    Catch::Contains("t.ini:6") && Catch::Contains("sim.num_user") && Catch::Contains("did you mean 'num_users'"));
  CHECK_THROWS_WITH(load(with("window = 3", "windw = 3")), Catch::Contains("t.ini:16") && Catch::Contains("did you mean 'window'"));
  // out of range, with the allowed range
  CHECK_THROWS_WITH(load(with("num_users = 200", "num_users = -5")), Catch::Contains("t.ini:6") && Catch::Contains("allowed ["));
  CHECK_THROWS_WITH(load(with("neighbors = 10, 20", "neighbors = 0")), Catch::Contains("t.ini:15") && Catch::Contains("[1, 100000]"));
  CHECK_THROWS_WITH(load(with("train_days = 10", "train_days = 30")), Catch::Contains("train_days"));
  // unknown algorithm / metric / task / scale
  CHECK_THROWS_WITH(load(with("algorithm = mostpop", "algorithm = mostpoop")),
                    Catch::Contains("t.ini:12") && Catch::Contains("did you mean 'mostpop'"));
  CHECK_THROWS_WITH(load(with("ndcg@5", "ndgc@5")), Catch::Contains("t.ini:4") && Catch::Contains("did you mean 'ndcg'"));
  CHECK_THROWS_WITH(load(with("task = retrieval", "task = retreival")), Catch::Contains("allowed retrieval"));
  CHECK_THROWS_WITH(load(kBase, {}, "huge"), Catch::Contains("--scale 'huge'") && Catch::Contains("smoke, default, paper"));
  // the algorithm's task must match the scenario's
  CHECK_THROWS_WITH(load(with("algorithm = mostpop", "algorithm = rate")), Catch::Contains("solves ranking"));
  // overrides
  CHECK_THROWS_WITH(load(kBase, {"sim.num_users"}), Catch::Contains("--set 'sim.num_users'") && Catch::Contains("key=value"));
  CHECK_THROWS_WITH(load(kBase, {"sim.num_userz=5"}), Catch::Contains("--set sim.num_userz") && Catch::Contains("did you mean"));
  // seeds
  CHECK_THROWS_WITH(load(with("seeds = 1, 2", "seeds = 1, x")), Catch::Contains("t.ini:3") && Catch::Contains("seed 'x'"));
  CHECK_THROWS_WITH(load(with("seeds = 1, 2", "seeds = 1, 1")), Catch::Contains("listed twice"));
  // repeated key
  CHECK_THROWS_WITH(load(with("window = 3", "window = 3\nwindow = 4")), Catch::Contains("already set on line 16"));
  // a variant name that the flattened keys would split
  CHECK_THROWS_WITH(load(with("[variant.knn]", "[variant.knn_0.5]")),
                    Catch::Contains("variant name 'knn_0.5'") && Catch::Contains("allowed letters, digits, '_' and '-'"));
}
