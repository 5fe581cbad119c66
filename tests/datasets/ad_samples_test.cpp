// Ad samples: the click log of a small ad world split by day into columnar tables whose columns
// agree with the raw events, vocabularies from training only, per-scenario counts that add up,
// deterministic across thread counts, bad splits rejected; interest tags (the user's personal
// sub-genres, noisy) only when asked for, the tables without them unchanged.
#include <catch2/catch.hpp>

#include <cstring>
#include <numeric>
#include <map>
#include <set>

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

datasets::AdSampleConfig with_tags(double noise) {
  datasets::AdSampleConfig c = split_3_1_1();
  c.interest_tags = 1;
  c.interest_tag_noise = noise;
  return c;
}

// FNV-1a 64 over every column of the three tables (as the run file's data_hash).
std::uint64_t tables_hash(const datasets::AdSamples& s) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  const auto add = [&](const auto& v) {
    const auto* b = reinterpret_cast<const unsigned char*>(v.data());
    for (std::size_t i = 0; i < v.size() * sizeof(v[0]); ++i) h = (h ^ b[i]) * 0x100000001b3ull;
  };
  for (const auto* t : {&s.train, &s.validation, &s.test}) {
    add(t->categorical), add(t->click), add(t->scenario), add(t->user), add(t->day);
  }
  return h;
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

TEST_CASE("ad samples: interest_tags = 0 (the default) gives exactly the tables without the knob") {
  const datasets::AdSamples s = datasets::make_ad_samples(tiny_world(), split_3_1_1());
  REQUIRE(s.train.num_fields() == 15);
  CHECK(s.train.field_names.back() == "position");
  CHECK_THROWS_WITH(s.train.field("interest_tag_1"), Catch::Contains("no field"));
  // Hash of the tables as built before the knob existed (same world, seed and split; the same FNV-1a
  // as the run files' data_hash, whose smoke baselines confirm the tables unchanged).
  CHECK(tables_hash(s) == 0x121498d99714ca7full);
  // The noise knob alone changes nothing while the tags are off.
  datasets::AdSampleConfig off = split_3_1_1();
  off.interest_tag_noise = 0.9;
  CHECK(tables_hash(datasets::make_ad_samples(tiny_world(), off)) == tables_hash(s));
}

TEST_CASE("ad samples: interest tags with noise 0 are the user's personal sub-genres; the other fields are unchanged") {
  const auto& world = tiny_world();
  const datasets::AdSamples plain = datasets::make_ad_samples(world, split_3_1_1());
  const datasets::AdSamples s = datasets::make_ad_samples(world, with_tags(0.0));
  const std::uint32_t n = world.taxonomy().num_subgenres();
  for (const auto* t : {&s.train, &s.validation, &s.test}) {
    REQUIRE(t->num_fields() == 17);
    const std::size_t f1 = t->field("interest_tag_1"), f2 = t->field("interest_tag_2");
    CHECK(f1 == 15);
    CHECK(f2 == 16);
    CHECK(t->field_buckets[f1] == n);
    CHECK(t->field_buckets[f2] == n);
    CHECK(t->field_kind[f1] == datasets::AdFieldKind::User);
    CHECK(t->field_kind[f2] == datasets::AdFieldKind::User);
    for (std::size_t r = 0; r < t->size(); ++r) {
      const sim::UserProfile u = world.user(t->user[r]);
      REQUIRE(t->cat(r, f1) == u.personal_subgenres_a[0]);
      REQUIRE(t->cat(r, f2) == u.personal_subgenres_a[1]);
    }
  }
  // The first 15 fields and every other column are the tables without tags.
  const auto& a = plain.train;
  const auto& b = s.train;
  REQUIRE(a.size() == b.size());
  for (std::size_t r = 0; r < a.size(); ++r)
    for (std::size_t f = 0; f < 15; ++f) REQUIRE(a.cat(r, f) == b.cat(r, f));
  CHECK(a.click == b.click);
  CHECK(a.user == b.user);
  CHECK(s.test.scenario == plain.test.scenario);
}

TEST_CASE("ad samples: with interest_tag_noise p about p (1 - 1 / sub-genres) of the tags are wrong, per user and tag") {
  const auto& world = tiny_world();
  const double n = world.taxonomy().num_subgenres();
  for (const double p : {0.2, 0.5}) {
    const datasets::AdSamples s = datasets::make_ad_samples(world, with_tags(p));
    const std::size_t f1 = s.train.field("interest_tag_1"), f2 = s.train.field("interest_tag_2");
    std::set<std::uint32_t> seen;
    double tags = 0, wrong = 0, wrong_1 = 0, wrong_2 = 0;
    for (std::size_t r = 0; r < s.train.size(); ++r) {
      if (!seen.insert(s.train.user[r]).second) continue;
      const sim::UserProfile u = world.user(s.train.user[r]);
      wrong_1 += s.train.cat(r, f1) != u.personal_subgenres_a[0];
      wrong_2 += s.train.cat(r, f2) != u.personal_subgenres_a[1];
      tags += 2;
    }
    wrong = wrong_1 + wrong_2;
    REQUIRE(tags > 600);  // ~400 users: the share's sd is under 0.02
    const double expected = p * (1 - 1 / n);
    INFO("p = " << p << ": " << wrong << " of " << tags << " tags wrong, expected share " << expected);
    CHECK(std::abs(wrong / tags - expected) < 0.06);
    CHECK(std::abs(wrong_1 - wrong_2) / (tags / 2) < 0.1);  // the two tags are noised alike
  }
  // A user's tags are the same in every row and split.
  const datasets::AdSamples s = datasets::make_ad_samples(world, with_tags(0.5));
  std::map<std::uint32_t, std::pair<std::uint32_t, std::uint32_t>> first;
  for (const auto* t : {&s.train, &s.validation, &s.test})
    for (std::size_t r = 0; r < t->size(); ++r) {
      const auto tags = std::make_pair(t->cat(r, 15), t->cat(r, 16));
      const auto [it, fresh] = first.emplace(t->user[r], tags);
      if (!fresh) REQUIRE(it->second == tags);
    }
}

TEST_CASE("ad samples: out-of-range interest tag knobs are rejected naming the knob") {
  datasets::AdSampleConfig c = with_tags(1.5);
  CHECK_THROWS_WITH(datasets::make_ad_samples(tiny_world(), c), Catch::Contains("interest_tag_noise = 1.5") && Catch::Contains("[0, 1]"));
  c = with_tags(-0.1);
  CHECK_THROWS_WITH(datasets::make_ad_samples(tiny_world(), c), Catch::Contains("interest_tag_noise"));
  c = with_tags(0.2);
  c.interest_tags = 2;
  CHECK_THROWS_WITH(datasets::make_ad_samples(tiny_world(), c), Catch::Contains("interest_tags = 2"));
  c = with_tags(1.0);  // the ends of the range are allowed
  CHECK_NOTHROW(datasets::make_ad_samples(tiny_world(), c));
}
