#pragma once
// The word vocabulary shared by titles and search queries, laid out in contiguous id ranges:
//
//   [0, C)                      common words (any title)
//   [C, C + G*Tg)               genre words, Tg per genre
//   [.., + S*Tt)                topic words, Tt per sub-genre (a topic = a sub-genre)
//   [.., + channels)            one name word per channel
//
// A title = 1 genre word + 2-4 topic words (Zipf within the topic) + the channel's word + 1
// common word. A query = 1..query_max_tokens topic words of the searched-for video's topic, plus,
// with probability query_channel_token_prob, its channel's word. topic_of(word) recovers a topic
// word's sub-genre: the hidden link the search property test reads.

#include <cstdint>
#include <string>

#include "sim/world/config.hpp"
#include "sim/world/types.hpp"

namespace simrec::sim {

struct TokenLayout {
  std::uint32_t num_common = 0, genre_begin = 0, topic_begin = 0, channel_begin = 0, size = 0;
  std::uint32_t genre_tokens = 0, topic_tokens = 0;

  static TokenLayout from_config(const VideoWorldConfig& c);
  std::uint32_t genre_token(std::uint32_t genre, std::uint32_t j) const { return genre_begin + genre * genre_tokens + j; }
  std::uint32_t topic_token(std::uint32_t subgenre, std::uint32_t j) const { return topic_begin + subgenre * topic_tokens + j; }
  std::uint32_t channel_token(std::uint32_t channel) const { return channel_begin + channel; }
  // Sub-genre of a topic word, kNone for any other word.
  std::uint32_t topic_of(std::uint32_t token) const {
    return token >= topic_begin && token < channel_begin ? (token - topic_begin) / topic_tokens : kNone;
  }
  // Readable form for debugging and `simrec simulate` dumps: "w12", "g3_1", "t41_0", "ch7".
  std::string text(std::uint32_t token) const;
};

}  // namespace simrec::sim
