#pragma once
// RetrievalSamples: candidate-generation examples (YouTube DNN, SPEC §4 and §6), columnar. Row r:
//   label / label_video     the watched video to predict (vocabulary index; raw id for the harness)
//   history                 the user's watch history as input, most recent last (vocab indices),
//                           rows delimited by history_offsets (size rows + 1)
//   search_tokens           tokens (and bigrams) of earlier searches, most recent last, vocab indices,
//                           delimited by search_offsets
//   demographics            age_bucket, gender, region, device, logged_in (+ age_real in [0, 1])
//   example_age_days        t_max - t_example (t_max: newest training event); 0 for test rows
//   time_seconds, user_id, user_group
// Label modes: NextWatch ("rollback": only watches before the label are input) or RandomHoldout
// (a random training watch, every other training watch as input: the leaky protocol the article
// compares against). Test and validation rows are always next-watch rows.

#include <cstdint>
#include <span>
#include <vector>

namespace simrec::datasets {

struct RetrievalSamples {
  std::vector<std::uint32_t> user_id, label, label_video;
  std::vector<std::uint8_t> user_group, age_bucket, gender, device, logged_in;
  std::vector<std::uint16_t> region;
  std::vector<float> age_real, example_age_days;
  std::vector<double> time_seconds;
  std::vector<std::uint64_t> history_offsets{0}, search_offsets{0};
  std::vector<std::uint32_t> history, search_tokens;

  std::size_t size() const { return label.size(); }
  std::span<const std::uint32_t> history_of(std::size_t r) const {
    return {history.data() + history_offsets[r], history.data() + history_offsets[r + 1]};
  }
  std::span<const std::uint32_t> search_tokens_of(std::size_t r) const {
    return {search_tokens.data() + search_offsets[r], search_tokens.data() + search_offsets[r + 1]};
  }

  // Every column with its name (HDF5 cache, tests).
  template <class F>
  void visit_columns(F&& f) {
    f("user_id", user_id);
    f("label", label);
    f("label_video", label_video);
    f("user_group", user_group);
    f("age_bucket", age_bucket);
    f("gender", gender);
    f("device", device);
    f("logged_in", logged_in);
    f("region", region);
    f("age_real", age_real);
    f("example_age_days", example_age_days);
    f("time_seconds", time_seconds);
    f("history_offsets", history_offsets);
    f("history", history);
    f("search_offsets", search_offsets);
    f("search_tokens", search_tokens);
  }
};

}  // namespace simrec::datasets
