// Ad samples: the click log of a small ad world split by day into columnar tables whose columns
// agree with the raw events, vocabularies from training only, per-scenario counts that add up,
// deterministic across thread counts, bad splits rejected.
#include <catch2/catch.hpp>

#include <numeric>

#include "datasets/ad_samples.hpp"
#include "sim/ads/ad_generator.hpp"

using namespace simrec;

namespace {

sim::ads::AdWorldConfig tiny_config() {
  sim::ads::AdWorldConfig c;
  c.num_users = 400;
  c.num_days = 5;
  c.num_channels = 4;
  c.num_apps = 3;
  c.num_formats = 4;
  c.num_ads = 600;
  c.num_merchants = 120;
  c.num_categories = 12;
  c.num_groups = 3;
  return c;
}

const sim::ads::AdWorld& tiny_world() {
  static const sim::ads::AdWorld w(tiny_config(), 11);
  return w;
}

datasets::AdSampleConfig split_3_1_1() {
  datasets::AdSampleConfig c;
  c.train_days = 3;
  c.validation_days = 1;
  c.test_days = 1;
  return c;
}

}  // namespace

TEST_CASE("ad samples: splits by day, columns match the click log") {
  const auto& world = tiny_world();
  const datasets::AdSamples s = datasets::make_ad_samples(world, split_3_1_1());
  sim::ads::AdVectorSink all;
  sim::ads::generate_ad_events(world, &all);
  REQUIRE(s.train.size() + s.validation.size() + s.test.size() == all.events.size());
  REQUIRE(s.train.size() > 0);
  REQUIRE(s.validation.size() > 0);
  REQUIRE(s.test.size() > 0);
  for (std::size_t r = 0; r < s.train.size(); ++r) CHECK(s.train.day[r] < 3);
  for (std::size_t r = 0; r < s.validation.size(); ++r) CHECK(s.validation.day[r] == 3);
  for (std::size_t r = 0; r < s.test.size(); ++r) CHECK(s.test.day[r] == 4);

  // Training rows are the day < 3 events in stream order: compare every column with the raw event.
  std::size_t r = 0;
  const auto& t = s.train;
  const std::size_t f_user = t.field("user_id"), f_ad = t.field("ad_id"), f_channel = t.field("channel"), f_format = t.field("format"),
                    f_hour = t.field("hour_of_day"), f_pos = t.field("position"), f_cat = t.field("category"), f_region = t.field("region");
  for (const auto& e : all.events) {
    if (e.day() >= 3) continue;
    REQUIRE(r < t.size());
    const auto ctx = world.scenarios().context(e.scenario_id);
    CHECK(t.scenario[r] == e.scenario_id);
    CHECK(t.user[r] == e.user_id);
    CHECK(t.click[r] == float(e.click));
    CHECK(t.cat(r, f_user) == s.user_vocabulary.index(std::uint32_t(e.user_id)));
    CHECK(t.cat(r, f_ad) == s.ad_vocabulary.index(e.ad_id));
    CHECK(t.cat(r, f_channel) == ctx.channel);
    CHECK(t.cat(r, f_format) == std::uint32_t(ctx.format));
    CHECK(t.cat(r, f_hour) == e.hour_of_day);
    CHECK(t.cat(r, f_pos) == std::uint32_t(e.position - 1));
    CHECK(t.cat(r, f_cat) == world.inventory().ad_category[e.ad_id]);
    CHECK(t.cat(r, f_region) == e.region);
    ++r;
  }
  CHECK(r == t.size());
  CHECK(t.field_kind[f_user] == datasets::AdFieldKind::User);
  CHECK(t.field_kind[f_ad] == datasets::AdFieldKind::Ad);
  CHECK(t.field_kind[f_channel] == datasets::AdFieldKind::Context);
  CHECK_THROWS_WITH(t.field("nope"), Catch::Contains("user_id") && Catch::Contains("position"));
}

TEST_CASE("ad samples: vocabularies come from training rows; unseen ids share the OOV bucket") {
  const datasets::AdSamples s = datasets::make_ad_samples(tiny_world(), split_3_1_1());
  const std::size_t f_ad = s.train.field("ad_id");
  const std::uint32_t oov = s.ad_vocabulary.oov_index();
  CHECK(s.train.field_buckets[f_ad] == oov + 1);
  for (std::size_t r = 0; r < s.train.size(); ++r) REQUIRE(s.train.cat(r, f_ad) != oov);
  std::size_t test_oov = 0;
  for (std::size_t r = 0; r < s.test.size(); ++r) test_oov += s.test.cat(r, f_ad) == oov;
  CHECK(test_oov > 0);  // 600 ads, a few thousand impressions: some test ads were never trained on
  // Capped vocabulary: the most frequent ids only.
  datasets::AdSampleConfig capped = split_3_1_1();
  capped.ad_vocabulary = 50;
  const datasets::AdSamples c = datasets::make_ad_samples(tiny_world(), capped);
  CHECK(c.ad_vocabulary.size() == 50);
  CHECK(c.train.field_buckets[c.train.field("ad_id")] == 51);
  c.train.validate();
}

TEST_CASE("ad samples: per-scenario counts add up and rank the head first") {
  const datasets::AdSamples s = datasets::make_ad_samples(tiny_world(), split_3_1_1());
  REQUIRE(s.num_scenarios == 4 * 3 * 4);
  const auto total = [](const std::vector<std::uint64_t>& v) { return std::accumulate(v.begin(), v.end(), std::uint64_t(0)); };
  CHECK(total(s.train_rows) == s.train.size());
  CHECK(total(s.validation_rows) == s.validation.size());
  CHECK(total(s.test_rows) == s.test.size());
  CHECK(total(s.train_clicks) == std::uint64_t(std::accumulate(s.train.click.begin(), s.train.click.end(), 0.0)));
  const auto order = s.scenarios_by_traffic();
  REQUIRE(order.size() == s.num_scenarios);
  for (std::size_t i = 1; i < order.size(); ++i) CHECK(s.train_rows[order[i - 1]] >= s.train_rows[order[i]]);
  // Long tail: the top scenario has many times the median scenario's rows.
  CHECK(s.train_rows[order.front()] > 5 * std::max<std::uint64_t>(1, s.train_rows[order[order.size() / 2]]));
}

TEST_CASE("ad samples: identical for 1 and 2 generation threads; select keeps the schema") {
  datasets::AdSampleConfig one = split_3_1_1(), two = split_3_1_1();
  one.num_threads = 1;
  two.num_threads = 2;
  const datasets::AdSamples a = datasets::make_ad_samples(tiny_world(), one);
  const datasets::AdSamples b = datasets::make_ad_samples(tiny_world(), two);
  CHECK(a.train.categorical == b.train.categorical);
  CHECK(a.test.click == b.test.click);
  const datasets::AdSampleTable sub = a.train.select({2, 0});
  REQUIRE(sub.size() == 2);
  CHECK(sub.scenario[0] == a.train.scenario[2]);
  CHECK(sub.cat(1, 3) == a.train.cat(0, 3));
  sub.validate();
}

TEST_CASE("ad samples: splits longer than the world or empty training are rejected") {
  datasets::AdSampleConfig c = split_3_1_1();
  c.test_days = 2;
  CHECK_THROWS_WITH(datasets::make_ad_samples(tiny_world(), c), Catch::Contains("exceed") && Catch::Contains("5 days"));
  c = split_3_1_1();
  c.train_days = 0;
  CHECK_THROWS_WITH(datasets::make_ad_samples(tiny_world(), c), Catch::Contains("train_days"));
}
