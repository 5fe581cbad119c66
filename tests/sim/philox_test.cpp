// Philox4x32-10 known-answer vectors (Random123's kat_vectors) and the stream-key contract.
#include <catch2/catch.hpp>

#include "sim/random/philox.hpp"

using namespace simrec::random;

TEST_CASE("philox4x32-10 matches the published known-answer vectors", "[rng]") {
  CHECK(philox4x32({0, 0, 0, 0}, {0, 0}) == Counter{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
  CHECK(philox4x32({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff}) ==
        Counter{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
  CHECK(philox4x32({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}) ==
        Counter{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
}

TEST_CASE("an Rng's draws depend only on (seed, stream, index)", "[rng]") {
  Rng a(42, "users", 7), b(42, "users", 7), c(42, "videos", 7), d(43, "users", 7), e(42, "users", 8);
  const auto xa = a.next_u64();
  CHECK(xa == b.next_u64());
  CHECK(xa != c.next_u64());
  CHECK(xa != d.next_u64());
  CHECK(xa != e.next_u64());
  // uniform_at reads the same sequence as sequential draws of 32-bit words.
  Rng f(42, "users", 7);
  for (int i = 0; i < 9; ++i) {
    const float u = u32_to_open01f(f.next_u32());
    CHECK(u == uniform_at(stream_key(42, "users"), 7, i));
  }
}

TEST_CASE("Rng::below is in range and roughly uniform", "[rng]") {
  Rng r(1, "below", 0);
  int counts[5] = {0, 0, 0, 0, 0};
  for (int i = 0; i < 50000; ++i) {
    const auto v = r.below(5);
    REQUIRE(v < 5);
    ++counts[v];
  }
  for (int c : counts) CHECK(std::abs(c - 10000) < 400);  // ~4.5 sigma
}
