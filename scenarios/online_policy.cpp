#include "scenarios/online_policy.hpp"

namespace simrec::scenarios {

datasets::RetrievalSamples RetrievalSlatePolicy::query_row(const sim::SlateRequest& request) const {
  const auto& demo = request.user.demo;
  datasets::RetrievalSamples r;
  r.user_id = {request.user.id};
  r.label = {data_->video_vocab.oov_index()};  // no label: the harness scores the simulated outcome
  r.label_video = {0};
  r.user_group = {std::uint8_t(request.user.group)};
  r.age_bucket = {demo.age_bucket};
  r.gender = {demo.gender};
  r.device = {demo.device};
  r.logged_in = {demo.logged_in};
  r.region = {demo.region};
  r.age_real = {(float(demo.age_bucket) + 0.5f) / float(sim::kNumAgeBuckets)};
  r.example_age_days = {0.0f};
  r.time_seconds = {request.time_seconds};
  const auto& watches = request.history.watches;
  const std::size_t h = std::size_t(config_.max_history);
  for (std::size_t i = watches.size() > h ? watches.size() - h : 0; i < watches.size(); ++i)
    r.history.push_back(data_->video_vocab.index(watches[i].video));
  r.history_offsets.push_back(r.history.size());
  std::vector<std::uint64_t> tokens;
  for (const auto& s : request.history.searches) {
    for (std::size_t i = 0; i < s.num_tokens; ++i) tokens.push_back(s.tokens[i]);
    if (config_.use_bigrams)
      for (std::size_t i = 0; i + 1 < s.num_tokens; ++i) tokens.push_back(datasets::bigram_key(s.tokens[i], s.tokens[i + 1]));
  }
  const std::size_t t = std::size_t(config_.max_search_tokens);
  for (std::size_t i = tokens.size() > t ? tokens.size() - t : 0; i < tokens.size(); ++i)
    r.search_tokens.push_back(data_->token_vocab.index(tokens[i]));
  r.search_offsets.push_back(r.search_tokens.size());
  return r;
}

void RetrievalSlatePolicy::recommend(const sim::SlateRequest& request, random::Rng&, std::vector<sim::SlateItem>& out) const {
  out.clear();
  const datasets::RetrievalSamples row = query_row(request);
  algorithms::RankedLists lists;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    algorithm_->recommend(row, int(request.slate_size), true, lists);
  }
  const auto keys = data_->video_vocab.keys();
  for (std::int64_t idx : lists.items)
    if (idx >= 0 && std::size_t(idx) < keys.size()) out.push_back({keys[std::size_t(idx)], 1.0f});
}

}  // namespace simrec::scenarios
