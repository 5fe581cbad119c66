// The knob tables and validation: defaults are valid, every knob is named once, and a bad value
// is rejected with a message naming the parameter, its value and the allowed range.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "sim/synthetic/mmoe_tasks.hpp"
#include "sim/world/config.hpp"
#include "sim/world/world.hpp"

using namespace simrec;
using namespace simrec::sim;
using Catch::Matchers::Contains;

namespace {
std::string error_of(VideoWorldConfig c) {
  try {
    c.validate();
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("default world config is valid and every knob has a unique name", "[config]") {
  const VideoWorldConfig c;
  REQUIRE_NOTHROW(c.validate());
  std::set<std::string> names;
  for (const auto& k : video_world_knobs()) {
    CHECK(names.insert(std::string(k.name)).second);
    CHECK(!k.help.empty());
    // Defaults come from the struct and lie in their own range.
    REQUIRE_NOTHROW(config::check_knob_value(k, k.default_value(), "sim"));
  }
  CHECK(names.count("num_users") == 1);
  CHECK(names.count("taste_weight.new") == 1);
  CHECK(names.count("task_correlation") == 1);
  CHECK(names.size() > 100);
}

TEST_CASE("knobs are set by name and round-trip through the canonical text", "[config]") {
  VideoWorldConfig c;
  c.set("num_users", "1234");
  c.set("taste_weight.high", "7.5");
  c.set("task_correlation", "-0.25");
  CHECK(c.num_users == 1234);
  CHECK(c.taste_weight[2] == 7.5);
  CHECK(c.task_correlation == -0.25);
  VideoWorldConfig d;
  const std::string text = c.to_text();
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t eol = text.find('\n', pos);
    const std::string line = text.substr(pos, eol - pos);
    const std::size_t eq = line.find(" = ");
    d.set(line.substr(0, eq), line.substr(eq + 3));
    pos = eol + 1;
  }
  CHECK(d.to_text() == text);
  CHECK(d.hash() == c.hash());
  CHECK(c.hash() != VideoWorldConfig{}.hash());
}

TEST_CASE("bad world configs are rejected naming the parameter and its range", "[config]") {
  VideoWorldConfig c;
  c.num_users = -5;
  CHECK_THAT(error_of(c), Contains("sim.num_users = -5") && Contains("allowed [1, 1000000000]"));
  c = {};
  c.num_videos = 0;
  CHECK_THAT(error_of(c), Contains("sim.num_videos = 0") && Contains("[1, 1000000000]"));
  c = {};
  c.logged_in_prob = 1.5;
  CHECK_THAT(error_of(c), Contains("sim.logged_in_prob = 1.5") && Contains("allowed [0, 1]"));
  c = {};
  c.search_prob[0] = -0.1;
  CHECK_THAT(error_of(c), Contains("sim.search_prob.new = -0.1") && Contains("[0, 1]"));
  c = {};
  c.attention_tau_days = 0;
  CHECK_THAT(error_of(c), Contains("sim.attention_tau_days = 0") && Contains("allowed (0, 3650]"));
  c = {};
  c.new_user_fraction = 0.7;
  c.high_user_fraction = 0.5;
  CHECK_THAT(error_of(c), Contains("sim.new_user_fraction + sim.high_user_fraction = 1.2") && Contains("[0, 1]"));
  c = {};
  c.policy_candidates = 4;
  CHECK_THAT(error_of(c), Contains("sim.policy_candidates = 4") && Contains("sim.slate_size = 8"));
  c = {};
  c.task_correlation = 1.01;
  CHECK_THAT(error_of(c), Contains("sim.task_correlation = 1.01") && Contains("[-1, 1]"));

  VideoWorldConfig d;
  CHECK_THROWS_WITH(d.set("num_days", "2.5"), Contains("sim.num_days = 2.5") && Contains("(integer)"));
  CHECK_THROWS_WITH(d.set("num_days", "abc"), Contains("sim.num_days = 'abc' is not a number"));
  CHECK_THROWS_WITH(d.set("no_such_knob", "1"), Contains("unknown option sim.no_such_knob"));
  CHECK_THROWS_AS(d.set("replay_prob", "2"), std::invalid_argument);  // ConfigError is an invalid_argument

  c = {};
  c.num_users = 0;
  CHECK_THROWS_WITH(World(c, 1), Contains("sim.num_users = 0"));
}

TEST_CASE("bad MMoE synthetic configs are rejected", "[config][mmoe]") {
  MmoeSyntheticConfig m;
  REQUIRE_NOTHROW(m.validate());
  m.task_correlation = 2;
  CHECK_THROWS_WITH(m.validate(), Contains("mmoe.task_correlation = 2") && Contains("[-1, 1]"));
  m = {};
  m.num_samples = -1;
  CHECK_THROWS_WITH(m.validate(), Contains("mmoe.num_samples = -1"));
}
