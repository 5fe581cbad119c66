#include "sim/world/tokens.hpp"

#include <cstdio>

namespace simrec::sim {

TokenLayout TokenLayout::from_config(const VideoWorldConfig& c) {
  TokenLayout t;
  t.num_common = std::uint32_t(c.common_tokens);
  t.genre_tokens = std::uint32_t(c.genre_tokens);
  t.topic_tokens = std::uint32_t(c.topic_tokens_per_subgenre);
  t.genre_begin = t.num_common;
  t.topic_begin = t.genre_begin + std::uint32_t(c.num_genres) * t.genre_tokens;
  t.channel_begin = t.topic_begin + std::uint32_t(c.num_genres * c.subgenres_per_genre) * t.topic_tokens;
  t.size = t.channel_begin + std::uint32_t(c.num_channels);
  return t;
}

std::string TokenLayout::text(std::uint32_t token) const {
  // snprintf rather than string concatenation: GCC 12 warns falsely (-Wrestrict) on the latter.
  char buf[48];
  if (token < genre_begin) {
    std::snprintf(buf, sizeof buf, "w%u", token);
  } else if (token < topic_begin) {
    const auto k = token - genre_begin;
    std::snprintf(buf, sizeof buf, "g%u_%u", k / genre_tokens, k % genre_tokens);
  } else if (token < channel_begin) {
    const auto k = token - topic_begin;
    std::snprintf(buf, sizeof buf, "t%u_%u", k / topic_tokens, k % topic_tokens);
  } else if (token < size) {
    std::snprintf(buf, sizeof buf, "ch%u", token - channel_begin);
  } else {
    std::snprintf(buf, sizeof buf, "?%u", token);
  }
  return buf;
}

}  // namespace simrec::sim
