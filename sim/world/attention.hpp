#pragma once
// Non-stationary popularity (SPEC §3):
//
//   attention(v, t) = base(v) x (1 + viral(v) x exp(-(t - upload(v)) / tau))   for t >= upload(v)
//                   = 0                                                          before the upload
//
// so a fresh upload gets up to (1 + viral) times its long-run attention, decaying with time
// constant tau = attention_tau_days. A model that ignores example age sees only the window average.
//
// AttentionTables holds, for every day d of the window, alias tables proportional to the day
// weight w_d(v) = attention(v, end of day d): over genres (by genre total W_g,d), over the videos
// of each genre, and over the videos of each sub-genre. Candidate pools are drawn from these
// (popular: genre, then video within it, so P(v) = w_d(v) / W_d; by interest: a given genre, then
// a video within it, P(v | g) = w_d(v) / W_g,d; search results and policy candidates: a given
// sub-genre), and the exact proposal probabilities are available for importance weights. Using
// the day's end time includes every video uploaded that day; the choice step re-weights with the
// exact attention at the event time (0 before the upload). Each table entry packs the column's
// keep probability with both candidate video ids (12 bytes), so a draw touches one cache line;
// memory: 24 bytes per video per day.

#include <cstdint>
#include <vector>

#include "sim/random/philox.hpp"
#include "sim/world/catalog.hpp"
#include "sim/world/config.hpp"

namespace simrec::sim {

inline double attention(const Catalog& cat, double tau_seconds, VideoId v, double time_seconds) {
  const double age = time_seconds - cat.video_upload_seconds[v];
  if (age < 0) return 0.0;
  return cat.video_base_popularity[v] * (1.0 + cat.video_viral[v] * std::exp(-age / tau_seconds));
}

inline bool is_uploaded(const Catalog& cat, VideoId v, double time_seconds) {
  return time_seconds >= cat.hot(v).upload_seconds;
}

// log(1 + viral x exp(-age / tau)): the freshness part of log attention (0 before upload).
inline double log_freshness(const Catalog& cat, double tau_seconds, VideoId v, double time_seconds) {
  const VideoHot& h = cat.hot(v);
  const double age = time_seconds - h.upload_seconds;
  if (age < 0) return 0.0;
  return std::log1p(h.viral * std::exp(-age / tau_seconds));
}

class AttentionTables {
 public:
  AttentionTables() = default;
  AttentionTables(const Catalog& catalog, const VideoWorldConfig& config);

  std::uint32_t num_days() const { return std::uint32_t(days_.size()); }
  double tau_seconds() const { return tau_seconds_; }
  static double eval_seconds(std::uint32_t day) { return (double(day) + 1.0) * kSecondsPerDay; }
  // w_d(v) = attention(v, end of day d).
  double day_weight(std::uint32_t day, VideoId v) const { return attention(*catalog_, tau_seconds_, v, eval_seconds(day)); }
  double total(std::uint32_t day) const { return days_[day].total; }
  double genre_total(std::uint32_t day, std::uint32_t g) const { return days_[day].genre_total[g]; }
  double subgenre_total(std::uint32_t day, std::uint32_t s) const { return days_[day].subgenre_total[s]; }

  // Draws (kNone when the corresponding total is 0).
  VideoId sample_popular(std::uint32_t day, random::Rng& rng) const;
  VideoId sample_in_genre(std::uint32_t day, std::uint32_t genre, random::Rng& rng) const;
  VideoId sample_in_subgenre(std::uint32_t day, std::uint32_t subgenre, random::Rng& rng) const;

  // The same draws in two halves, for batches of candidates: prepare_* consumes exactly the random
  // words of the corresponding sample_* and prefetches the table entry; resolve() reads it. A batch
  // of prepares followed by the resolves overlaps the cache misses and returns the same videos.
  struct PendingDraw {
    const void* entry = nullptr;  // null: kNone
    double coin = 0;
  };
  PendingDraw prepare_popular(std::uint32_t day, random::Rng& rng) const;
  PendingDraw prepare_in_genre(std::uint32_t day, std::uint32_t genre, random::Rng& rng) const;
  PendingDraw prepare_in_subgenre(std::uint32_t day, std::uint32_t subgenre, random::Rng& rng) const;
  static VideoId resolve(const PendingDraw& d);

  std::size_t memory_bytes() const;

 private:
  struct Entry {
    float prob;           // keep this column's own video with this probability
    std::uint32_t self;   // the column's video id
    std::uint32_t alias;  // the video id otherwise
  };
  struct Day {
    double total = 0;
    std::vector<double> genre_total, subgenre_total;
    std::vector<float> genre_prob;
    std::vector<std::uint32_t> genre_alias;
    std::vector<Entry> genre_video, subgenre_video;  // aligned with catalog genre_videos / subgenre_videos
  };
  static PendingDraw prepare(const Entry* entries, std::size_t n, random::Rng& rng);
  const Catalog* catalog_ = nullptr;
  double tau_seconds_ = 1;
  std::vector<Day> days_;
};

}  // namespace simrec::sim
