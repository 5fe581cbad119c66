#include "sim/world/attention.hpp"

#include "sim/random/alias_table.hpp"

namespace simrec::sim {

using random::alias_build;
using random::alias_sample;

namespace {
// Alias tables of every group of a grouping (offsets / members), built in parallel over groups
// into one buffer aligned with `members`; returns the per-group totals (summed in member order).
template <class Entry>
std::vector<double> build_grouped(const AttentionTables& tables, std::uint32_t day, std::span<const std::uint64_t> offsets,
                                  std::span<const std::uint32_t> members, std::vector<Entry>& entries) {
  const std::size_t groups = offsets.size() - 1;
  std::vector<double> totals(groups, 0.0);
  entries.resize(members.size());
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t gi = 0; gi < std::int64_t(groups); ++gi) {
    const std::size_t off = offsets[std::size_t(gi)], n = offsets[std::size_t(gi) + 1] - off;
    std::vector<double> w(n);
    std::vector<float> prob(n);
    std::vector<std::uint32_t> alias(n);
    for (std::size_t i = 0; i < n; ++i) w[i] = tables.day_weight(day, members[off + i]);
    totals[std::size_t(gi)] = alias_build(w, prob, alias);
    for (std::size_t i = 0; i < n; ++i) entries[off + i] = Entry{prob[i], members[off + i], members[off + alias[i]]};
  }
  return totals;
}
}  // namespace

AttentionTables::AttentionTables(const Catalog& cat, const VideoWorldConfig& cfg)
    : catalog_(&cat), tau_seconds_(cfg.attention_tau_days * kSecondsPerDay), days_(std::size_t(cfg.num_days)) {
  for (std::uint32_t day = 0; day < days_.size(); ++day) {
    Day& D = days_[day];
    D.subgenre_total = build_grouped(*this, day, cat.subgenre_video_offsets, cat.subgenre_videos, D.subgenre_video);
    D.genre_total = build_grouped(*this, day, cat.genre_video_offsets, cat.genre_videos, D.genre_video);
    D.genre_prob.resize(D.genre_total.size());
    D.genre_alias.resize(D.genre_total.size());
    D.total = alias_build(D.genre_total, D.genre_prob, D.genre_alias);
  }
}

// Same draw as random::alias_sample (one 64-bit word: column from the high half of x * n, coin
// from the low half), on packed entries.
AttentionTables::PendingDraw AttentionTables::prepare(const Entry* entries, std::size_t n, random::Rng& rng) {
  const unsigned __int128 m = static_cast<unsigned __int128>(rng.next_u64()) * n;
  const Entry* e = entries + std::size_t(m >> 64);
  __builtin_prefetch(e);
  return PendingDraw{e, double(std::uint64_t(m)) * 5.421010862427522e-20};  // 2^-64
}

VideoId AttentionTables::resolve(const PendingDraw& d) {
  if (!d.entry) return kNone;
  const Entry& e = *static_cast<const Entry*>(d.entry);
  return d.coin < double(e.prob) ? e.self : e.alias;
}

AttentionTables::PendingDraw AttentionTables::prepare_in_subgenre(std::uint32_t day, std::uint32_t s, random::Rng& rng) const {
  const Day& D = days_[day];
  if (D.subgenre_total[s] <= 0) return {};
  const std::size_t off = catalog_->subgenre_video_offsets[s];
  return prepare(D.subgenre_video.data() + off, catalog_->subgenre_video_offsets[s + 1] - off, rng);
}

AttentionTables::PendingDraw AttentionTables::prepare_in_genre(std::uint32_t day, std::uint32_t g, random::Rng& rng) const {
  const Day& D = days_[day];
  if (D.genre_total[g] <= 0) return {};
  const std::size_t off = catalog_->genre_video_offsets[g];
  return prepare(D.genre_video.data() + off, catalog_->genre_video_offsets[g + 1] - off, rng);
}

AttentionTables::PendingDraw AttentionTables::prepare_popular(std::uint32_t day, random::Rng& rng) const {
  const Day& D = days_[day];
  if (D.total <= 0) return {};
  return prepare_in_genre(day, alias_sample(D.genre_prob, D.genre_alias, rng), rng);
}

VideoId AttentionTables::sample_in_subgenre(std::uint32_t day, std::uint32_t s, random::Rng& rng) const {
  return resolve(prepare_in_subgenre(day, s, rng));
}
VideoId AttentionTables::sample_in_genre(std::uint32_t day, std::uint32_t g, random::Rng& rng) const {
  return resolve(prepare_in_genre(day, g, rng));
}
VideoId AttentionTables::sample_popular(std::uint32_t day, random::Rng& rng) const { return resolve(prepare_popular(day, rng)); }

std::size_t AttentionTables::memory_bytes() const {
  std::size_t b = 0;
  for (const Day& D : days_)
    b += (D.genre_total.capacity() + D.subgenre_total.capacity()) * sizeof(double) + D.genre_prob.capacity() * sizeof(float) +
         D.genre_alias.capacity() * sizeof(std::uint32_t) + (D.genre_video.capacity() + D.subgenre_video.capacity()) * sizeof(Entry);
  return b;
}

}  // namespace simrec::sim
