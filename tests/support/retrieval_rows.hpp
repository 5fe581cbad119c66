#pragma once
// Hand-made retrieval rows for tests: one row with the given user, label (vocabulary index, also
// used as the raw id), activity group and region, every other column zero / empty.

#include <cstdint>

#include "datasets/retrieval_samples.hpp"

namespace simrec::testing {

inline void append_retrieval_row(datasets::RetrievalSamples& s, std::uint32_t user, std::uint32_t label, std::uint8_t group,
                                 std::uint16_t region) {
  s.user_id.push_back(user);
  s.label.push_back(label);
  s.label_video.push_back(label);
  s.user_group.push_back(group);
  s.age_bucket.push_back(0);
  s.gender.push_back(0);
  s.device.push_back(0);
  s.logged_in.push_back(1);
  s.region.push_back(region);
  s.age_real.push_back(0);
  s.example_age_days.push_back(0);
  s.time_seconds.push_back(0);
  s.history_offsets.push_back(s.history.size());
  s.search_offsets.push_back(s.search_tokens.size());
}

}  // namespace simrec::testing
