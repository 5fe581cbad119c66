// ada_aggregated with stage1_fraction < 1 (aggregated_model.hpp): stage 1 fits on a random share
// of the training rows, stage 2 on the others. Checked against fitting each stage alone on exactly
// those rows, drawn here with the same counter-based stream.
#include <catch2/catch.hpp>

#include <vector>

#include "sim/random/philox.hpp"
#include "tests/algorithms/adascene_aggregation_fixture.hpp"

using namespace simrec;
using aggregation_fixture::fit_grouping;
using aggregation_fixture::make_aggregated;
using aggregation_fixture::two_group_table;
using aggregation_fixture::windowed_options;

namespace {

// The rows of `t` that go to stage 1 (first) and to stage 2 (second) at fraction f and seed 9
// (fit_grouping's seed).
std::pair<std::vector<std::size_t>, std::vector<std::size_t>> split_rows(const datasets::AdSampleTable& t, double f) {
  const random::Key key = random::stream_key(9, "ada_aggregated/stage1_rows");
  std::pair<std::vector<std::size_t>, std::vector<std::size_t>> out;
  for (std::size_t r = 0; r < t.size(); ++r) (random::Rng(key, r).uniform() < f ? out.first : out.second).push_back(r);
  return out;
}

}  // namespace

TEST_CASE("stage1_fraction: stage 1 sees only its rows, stage 2 only the others", "[aggregation]") {
  const datasets::AdSampleTable t = two_group_table();
  const auto [one, two] = split_rows(t, 0.4);
  REQUIRE(one.size() > 1500);  // ~40% of 4800
  REQUIRE(two.size() > 2500);
  const datasets::AdSampleTable t1 = t.select(one), t2 = t.select(two);

  // Stage 1: the grouping and affinity equal those of a model fitted on the stage-1 rows alone.
  std::map<std::string, std::string> o = windowed_options("lookahead_window", "2", "20");
  std::map<std::string, std::string> split = o;
  split["stage1_fraction"] = "0.4";
  auto a = make_aggregated(split), b = make_aggregated(o);
  const algorithms::SceneGrouping ga = fit_grouping(*a, t), gb = fit_grouping(*b, t1);
  CHECK(ga.group == gb.group);
  CHECK(ga.affinity == gb.affinity);
  CHECK_FALSE(ga.affinity == fit_grouping(*make_aggregated(o), t).affinity);  // all rows: another affinity

  // Stage 2: with a rule (the grouping does not depend on the rows' labels) the predictions equal
  // those of the same rule fitted on the stage-2 rows alone.
  std::map<std::string, std::string> rule = windowed_options("format", "2", "20");
  std::map<std::string, std::string> rule_split = rule;
  rule_split["stage1_fraction"] = "0.4";
  auto c = make_aggregated(rule_split), d = make_aggregated(rule);
  fit_grouping(*c, t);
  fit_grouping(*d, t2);
  CHECK(c->predict(t, t.scenario) == d->predict(t, t.scenario));
  auto all = make_aggregated(rule);
  fit_grouping(*all, t);
  CHECK_FALSE(all->predict(t, t.scenario) == c->predict(t, t.scenario));

  // grouping = none: the raw keys through the same stage 2 -- with the split, exactly ada_base
  // fitted on the stage-2 rows.
  std::map<std::string, std::string> none = windowed_options("none", "2", "20");
  none["stage1_fraction"] = "0.4";
  auto e = make_aggregated(none);
  const algorithms::SceneGrouping ge = fit_grouping(*e, t);
  CHECK(ge.num_groups == 8);
  for (std::uint32_t s = 0; s < 8; ++s) CHECK(ge.group[s] == s);
  std::map<std::string, std::string> base_options;
  for (const char* k : {"epochs", "batch_size", "experts", "expert_hidden", "tower_hidden", "patience"}) base_options[k] = none.at(k);
  auto base = simrec::testing::make_multiscenario("ada_base", base_options);
  algorithms::NullLogger log;
  const datasets::AdSampleTable empty = t.select({});
  base->fit({t2, empty, t2.scenario, empty.scenario, 8, 9}, log);
  CHECK(e->predict(t, t.scenario) == base->predict(t, t.scenario));

  // Out of range: rejected naming the option and the range.
  split["stage1_fraction"] = "0";
  CHECK_THROWS_WITH(make_aggregated(split), Catch::Contains("stage1_fraction"));
}
