// Reproducibility (SPEC §3 randomness): the event stream of a world depends only on (config,
// seed), never on the thread count, the chunk size or the run.
#include <catch2/catch.hpp>

#include <omp.h>

#include <cstring>

#include "sim/random/philox.hpp"
#include "test_worlds.hpp"

using namespace simrec::sim;
using namespace simrec::sim::testing;

namespace {
std::uint64_t catalog_hash(const Catalog& c) {
  std::uint64_t h = 0;
  auto add = [&](const auto& v) {
    for (const auto& x : v) {
      std::uint64_t bits = 0;
      std::memcpy(&bits, &x, sizeof(x));
      h = simrec::random::mix64(h ^ bits);
    }
  };
  add(c.video_channel);
  add(c.video_subgenre);
  add(c.video_upload_seconds);
  add(c.video_duration_seconds);
  add(c.video_quality);
  add(c.video_clickbait);
  add(c.video_base_popularity);
  add(c.video_next_in_series);
  add(c.video_title_tokens);
  add(c.video_latent_a);
  add(c.video_latent_b);
  return h;
}

GenerationSummary run(const World& w, int threads, std::uint32_t chunk, VectorSink* sink = nullptr) {
  omp_set_num_threads(threads);
  GenerationOptions opt;
  opt.chunk_users = chunk;
  NullSink null;
  return generate_events(w, sink ? static_cast<EventSink&>(*sink) : null, opt);
}
}  // namespace

TEST_CASE("the event-stream hash is identical for 1 and 2 threads, any chunk size, and across runs", "[determinism]") {
  const VideoWorldConfig c = small_config(150, 2000, 5);
  omp_set_num_threads(1);
  const World w1(c, 42);
  omp_set_num_threads(2);
  const World w2(c, 42);
  CHECK(catalog_hash(w1.catalog()) == catalog_hash(w2.catalog()));

  VectorSink events_a, events_b;
  const GenerationSummary a = run(w1, 1, 256, &events_a);
  const GenerationSummary b = run(w2, 2, 7, &events_b);
  const GenerationSummary c1 = run(w1, 2, 5);
  const GenerationSummary c2 = run(w2, 1, 1000);
  const GenerationSummary again = run(w1, 2, 64);
  REQUIRE(a.num_impressions > 1000);
  REQUIRE(a.num_searches > 10);
  CHECK(a.event_stream_hash == b.event_stream_hash);
  CHECK(a.event_stream_hash == c1.event_stream_hash);
  CHECK(a.event_stream_hash == c2.event_stream_hash);
  CHECK(a.event_stream_hash == again.event_stream_hash);
  CHECK(a.num_events == b.num_events);
  REQUIRE(events_a.events.size() == events_b.events.size());
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < events_a.events.size(); ++i)
    mismatches += event_hash(events_a.events[i]) != event_hash(events_b.events[i]);
  CHECK(mismatches == 0);

  // A different seed is a different world.
  const World other(c, 43);
  CHECK(run(other, 2, 256).event_stream_hash != a.event_stream_hash);
  omp_set_num_threads(2);
}

TEST_CASE("with search intents on, the event stream is still identical for 1 and 2 threads, and differs from the default",
          "[determinism][search]") {
  VideoWorldConfig c = small_config(150, 2000, 5);
  c.search_new_topic_prob = 0.3;
  c.search_intent_weight = 3;
  c.search_intent_pool_share = 0.25;
  const World w(c, 42);
  const GenerationSummary a = run(w, 1, 256), b = run(w, 2, 7);
  REQUIRE(a.num_searches > 10);
  CHECK(a.event_stream_hash == b.event_stream_hash);
  CHECK(a.event_stream_hash != run(World(small_config(150, 2000, 5), 42), 2, 256).event_stream_hash);
  omp_set_num_threads(2);
}

TEST_CASE("a user's events do not depend on which other users are generated", "[determinism]") {
  const World w(small_config(120, 1500, 4), 9);
  VectorSink all, part;
  generate_events(w, all);
  GenerationOptions opt;
  opt.first_user = 50;
  opt.num_users = 20;
  generate_events(w, part, opt);
  std::vector<Event> expected;
  for (const Event& e : all.events)
    if (e.user_id >= 50 && e.user_id < 70) expected.push_back(e);
  REQUIRE(expected.size() == part.events.size());
  REQUIRE(!expected.empty());
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(event_hash(expected[i]) == event_hash(part.events[i]));
}

TEST_CASE("the stream is delivered in user order, time order within a user", "[determinism]") {
  const World w(small_config(80, 1500, 4), 3);
  const std::vector<Event> events = generate_all(w);
  REQUIRE(!events.empty());
  for (std::size_t i = 1; i < events.size(); ++i) {
    const Event &p = events[i - 1], &e = events[i];
    REQUIRE(p.user_id <= e.user_id);
    if (p.user_id == e.user_id) REQUIRE(p.time_seconds <= e.time_seconds);
    REQUIRE(e.time_seconds < double(w.num_days()) * kSecondsPerDay);
  }
}
