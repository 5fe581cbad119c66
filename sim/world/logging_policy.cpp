#include "sim/world/slate_policy.hpp"

#include <algorithm>
#include <cmath>

#include "sim/random/gumbel_top_k.hpp"
#include "sim/world/latent.hpp"
#include "sim/world/world.hpp"

namespace simrec::sim {

void LoggingPolicy::recommend(const SlateRequest& req, random::Rng& rng, std::vector<SlateItem>& out) const {
  const World& w = *world_;
  const VideoWorldConfig& cfg = w.config();
  const Catalog& cat = w.catalog();
  const AttentionTables& att = w.attention_tables();
  const std::size_t d = cat.latent_dim;
  out.clear();

  // The policy's user vector: mean v* of the recent watches.
  thread_local std::vector<float> h;
  thread_local std::vector<VideoId> candidates;
  thread_local std::vector<double> scores;
  thread_local std::vector<std::uint32_t> order;
  thread_local std::vector<double> propensities;
  h.assign(d, 0.0f);
  const auto& watches = req.history.watches;
  const std::size_t recent = std::min<std::size_t>(watches.size(), std::size_t(cfg.policy_history));
  for (std::size_t i = watches.size() - recent; i < watches.size(); ++i) {
    const float* v = cat.latent_a(watches[i].video);
    for (std::size_t k = 0; k < d; ++k) h[k] += v[k];
  }
  normalize(h);

  // Candidate draws in a batch (prefetching table entries, then the videos), see AttentionTables.
  thread_local std::vector<AttentionTables::PendingDraw> pending;
  thread_local std::vector<VideoId> draws;
  pending.clear();
  const std::size_t n = std::size_t(cfg.policy_candidates);
  for (std::size_t i = 0; i < n; ++i) {
    if (recent > 0 && i % 2 == 1) {
      const VideoId seed_video = watches[watches.size() - 1 - rng.below(recent)].video;
      pending.push_back(att.prepare_in_subgenre(req.day, cat.hot(seed_video).subgenre, rng));
    } else {
      pending.push_back(att.prepare_popular(req.day, rng));
    }
  }
  draws.clear();
  for (const auto& p : pending) {
    const VideoId v = AttentionTables::resolve(p);
    draws.push_back(v);
    if (v != kNone) cat.prefetch(v);
  }
  candidates.clear();
  for (const VideoId v : draws) {
    if (v == kNone || !is_uploaded(cat, v, req.time_seconds)) continue;
    if (std::find(candidates.begin(), candidates.end(), v) == candidates.end()) candidates.push_back(v);
  }
  // Plackett-Luce weights exp(s / T), sampled sequentially (same law as Gumbel-top-k on s / T).
  scores.resize(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i)
    scores[i] = std::exp((recent > 0 ? cfg.policy_personalisation * dot(h.data(), cat.latent_a(candidates[i]), d) : 0.0) /
                         cfg.policy_temperature);
  random::plackett_luce_sample(scores, req.slate_size, rng, order, propensities);
  for (std::size_t i = 0; i < order.size(); ++i) out.push_back({candidates[order[i]], float(propensities[i])});
}

}  // namespace simrec::sim
