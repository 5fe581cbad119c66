// The click log is a pure function of (config, seed): identical for any thread count and chunk
// size, a user's impressions do not depend on which other users are generated, the users are the
// video world's users (recording the sub-genres of their personal taste), and the logged fields
// agree with the oracles.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "ads_test_worlds.hpp"
#include "sim/world/world.hpp"

using namespace simrec;
using namespace simrec::sim;
using namespace simrec::sim::ads;
using namespace simrec::sim::ads::testing;

TEST_CASE("ads: the click-log hash is identical for 1 and 2 threads and any chunk size", "[ads][determinism]") {
  const AdWorld world(small_ad_config(800), 3);
  const AdGenerationSummary a = generate_ad_events(world, nullptr, {.chunk_users = 512, .num_threads = 1});
  const AdGenerationSummary b = generate_ad_events(world, nullptr, {.chunk_users = 7, .num_threads = 2});
  const AdGenerationSummary c = generate_ad_events(world, nullptr, {.chunk_users = 64, .num_threads = 2});
  CHECK(a.num_impressions > 5000);
  CHECK(a.event_stream_hash == b.event_stream_hash);
  CHECK(a.event_stream_hash == c.event_stream_hash);
  CHECK(a.num_clicks == b.num_clicks);
  // A rebuilt world gives the same log; another seed a different one.
  const AdWorld again(small_ad_config(800), 3);
  CHECK(generate_ad_events(again, nullptr).event_stream_hash == a.event_stream_hash);
  const AdWorld other(small_ad_config(800), 4);
  CHECK(generate_ad_events(other, nullptr).event_stream_hash != a.event_stream_hash);
}

TEST_CASE("ads: a user's impressions do not depend on the other users generated", "[ads][determinism]") {
  const AdWorld world(small_ad_config(300), 8);
  AdVectorSink all, part;
  generate_ad_events(world, &all);
  generate_ad_events(world, &part, {.first_user = 100, .num_users = 50});
  std::vector<AdEvent> expected;
  for (const AdEvent& e : all.events)
    if (e.user_id >= 100 && e.user_id < 150) expected.push_back(e);
  REQUIRE(expected.size() == part.events.size());
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(ad_event_hash(expected[i]) == ad_event_hash(part.events[i]));
}

TEST_CASE("ads: events are in user then time order and consistent with the world", "[ads][determinism]") {
  AdWorldConfig c = small_ad_config(300);
  c.num_time_slots = 4;
  const AdWorld world(c, 2);
  const std::vector<AdEvent> events = generate_all(world);
  REQUIRE(!events.empty());
  for (std::size_t i = 1; i < events.size(); ++i) {
    const AdEvent &p = events[i - 1], &e = events[i];
    CHECK((p.user_id < e.user_id || (p.user_id == e.user_id && p.time_seconds <= e.time_seconds)));
  }
  for (std::size_t i = 0; i < events.size(); i += 37) {
    const AdEvent& e = events[i];
    const ScenarioContext ctx = world.scenarios().context(e.scenario_id);
    CHECK(world.scenarios().id(ctx) == e.scenario_id);
    // The hour lies in the scenario's slot; positions only in the feed.
    CHECK(int(e.hour_of_day) / 6 == int(ctx.slot));
    CHECK((ctx.format == AdFormat::Feed || e.position == 1));
    CHECK(e.position <= c.feed_positions);
    const UserProfile u = world.user(e.user_id);
    CHECK(e.region == u.demo.region);
    CHECK(e.age_bucket == u.demo.age_bucket);
    const double p = world.true_click_probability(e);
    CHECK(p > 0);
    CHECK(p < 1);
    CHECK(p == world.true_click_probability(u, e.ad_id, e.scenario_id, e.time_seconds, e.position));
  }
}

TEST_CASE("ads: the ad world's users are the video world's users", "[ads][users]") {
  const AdWorld ads_world(small_ad_config(200), 17);
  VideoWorldConfig video = ads_world.user_config();
  video.num_videos = 500;
  video.num_channels = 50;
  const World video_world(video, 17);
  for (UserId u = 0; u < 200; u += 13) {
    const UserProfile a = ads_world.user(u), v = video_world.user(u);
    CHECK(a.group == v.group);
    CHECK(a.demo.region == v.demo.region);
    CHECK(a.demo.age_bucket == v.demo.age_bucket);
    CHECK(a.taste_a == v.taste_a);
  }
}

TEST_CASE("ads: a profile records the sub-genres s1, s2 that build the personal part of u* and u*_B", "[ads][users]") {
  // Without the demographic part and the noise, u* = normalize(c_s1 + 0.5 c_s2) exactly.
  VideoWorldConfig model;
  model.demographic_weight = 0;
  model.personal_noise = 0;
  const AdWorld world(small_ad_config(200), 23, model);
  const Catalog& cat = world.taxonomy();
  const std::size_t d = cat.latent_dim;
  std::set<std::uint32_t> distinct;
  for (UserId id = 0; id < 200; id += 7) {
    const UserProfile u = world.user(id);
    for (int space = 0; space < 2; ++space) {
      const auto& s = space == 0 ? u.personal_subgenres_a : u.personal_subgenres_b;
      const auto& latent = space == 0 ? cat.subgenre_latent_a : cat.subgenre_latent_b;
      const auto& taste = space == 0 ? u.taste_a : u.taste_b;
      REQUIRE(s[0] < cat.num_subgenres());
      REQUIRE(s[1] < cat.num_subgenres());
      std::vector<double> v(d);
      double norm = 0;
      for (std::size_t i = 0; i < d; ++i) {
        v[i] = latent[s[0] * d + i] + 0.5 * latent[s[1] * d + i];
        norm += v[i] * v[i];
      }
      for (std::size_t i = 0; i < d; ++i) REQUIRE(taste[i] == Approx(v[i] / std::sqrt(norm)).margin(1e-5));
    }
    distinct.insert(u.personal_subgenres_a[0]);
  }
  CHECK(distinct.size() > 10);  // drawn per user, not one constant
}
