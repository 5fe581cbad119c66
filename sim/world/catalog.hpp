#pragma once
// The world's content: genres -> sub-genres (topics) -> channels -> videos (SPEC §3).
//
// Genres g = 0..G-1 are in popularity order: share_g = Zipf(G, genre_zipf), mainstream-ness
// M_g = log(G share_g) (> 0 for mainstream genres, < 0 for niche ones). Sub-genre s of genre g has
// id g * subgenres_per_genre + j and share Zipf(subgenres_per_genre, subgenre_zipf) within g.
// Latent centroids nest: genre (random unit vector) -> sub-genre (spread subgenre_spread) ->
// channel centre (channel_spread) -> video v* (video_spread); the same construction with
// independent draws gives space B (latent_b). A channel has a home sub-genre (drawn by genre and
// sub-genre share); a video is in its channel's home sub-genre with probability
// channel_home_genre_prob, else in a sub-genre drawn by share (and centred on that sub-genre).
//
// Videos (structure of arrays, index = VideoId): channel, sub-genre, genre, upload time
// (back catalogue: U(-back_catalog_days, 0) days; new uploads: U(0, num_days) days), duration
// (per genre: short-form with probability p_g ~ U(short_form_prob_min, max), log-normal short or
// long), quality q, click-bait b and thumbnail appeal (Beta by mean and concentration),
// base popularity base(v) = rank(v)^-s with a uniformly random rank, viral boost
// viral(v) = viral_median x exp(viral_log_sigma N(0,1)), title words, and the next episode:
// a channel's videos in upload order are cut into series of geometric length
// (mean series_mean_length); episode k's next_in_series is episode k+1 of the same series.
//
// Hidden truth (latent vectors, q, b, thumbnail, base, viral) is here for the simulator and the
// harness; datasets export only the observable columns (channel, genre, duration, upload time,
// title words).

#include <cstdint>
#include <span>
#include <vector>

#include "sim/world/aligned_vector.hpp"
#include "sim/world/config.hpp"
#include "sim/world/tokens.hpp"
#include "sim/world/types.hpp"

namespace simrec::sim {

// The per-video fields the simulation reads for every candidate, packed into one cache line (a
// copy of the corresponding Catalog columns, which remain the reference).
struct alignas(64) VideoHot {
  double upload_seconds;
  float log_base_popularity, viral, quality, clickbait, thumbnail, duration_seconds;
  std::uint32_t channel, subgenre, next_in_series;
  std::uint16_t genre;
};

struct Catalog {
  std::uint32_t latent_dim = 0;
  TokenLayout tokens;

  // genres
  std::vector<double> genre_share, genre_mainstream;
  std::vector<float> genre_short_prob;
  std::vector<float> genre_latent_a, genre_latent_b;  // G x d
  std::vector<std::uint64_t> genre_video_offsets;     // G + 1
  std::vector<std::uint32_t> genre_videos;            // ids ascending within each genre
  // sub-genres
  std::vector<std::uint32_t> subgenre_genre;
  std::vector<double> subgenre_share;  // within its genre
  std::vector<float> subgenre_latent_a, subgenre_latent_b;  // S x d
  std::vector<std::uint64_t> subgenre_video_offsets;  // S + 1
  std::vector<std::uint32_t> subgenre_videos;         // ids ascending within each sub-genre
  // channels
  std::vector<std::uint32_t> channel_home_subgenre;
  std::vector<float> channel_latent_a, channel_latent_b;  // C x d
  std::vector<std::uint64_t> channel_video_offsets;       // C + 1
  std::vector<std::uint32_t> channel_videos;              // upload order within each channel
  // videos
  std::vector<std::uint32_t> video_channel, video_subgenre;
  std::vector<std::uint16_t> video_genre;
  std::vector<double> video_upload_seconds;
  std::vector<float> video_duration_seconds, video_quality, video_clickbait, video_thumbnail, video_viral;
  std::vector<double> video_base_popularity, video_log_base_popularity;
  std::vector<std::uint32_t> video_popularity_rank;  // 1 = most popular
  std::vector<std::uint32_t> video_next_in_series;   // kNone at the end of a series
  std::vector<std::uint32_t> video_title_tokens;     // V x kMaxTitleTokens, kNone padded
  std::vector<std::uint8_t> video_title_length;
  AlignedVector<float> video_latent_a, video_latent_b;  // V x d, 64-byte aligned
  std::vector<VideoHot> video_hot;                     // packed copy for the hot paths

  std::uint32_t num_genres() const { return std::uint32_t(genre_share.size()); }
  std::uint32_t num_subgenres() const { return std::uint32_t(subgenre_genre.size()); }
  std::uint32_t num_channels() const { return std::uint32_t(channel_home_subgenre.size()); }
  std::uint32_t num_videos() const { return std::uint32_t(video_channel.size()); }

  const VideoHot& hot(VideoId v) const { return video_hot[v]; }
  void prefetch(VideoId v) const {
    __builtin_prefetch(&video_hot[v]);
    const char* row = reinterpret_cast<const char*>(latent_a(v));
    for (std::size_t b = 0; b < latent_dim * sizeof(float); b += 64) __builtin_prefetch(row + b);
  }
  const float* latent_a(VideoId v) const { return &video_latent_a[std::size_t(v) * latent_dim]; }
  const float* latent_b(VideoId v) const { return &video_latent_b[std::size_t(v) * latent_dim]; }
  std::span<const std::uint32_t> title(VideoId v) const {
    return {&video_title_tokens[std::size_t(v) * kMaxTitleTokens], video_title_length[v]};
  }
  std::span<const std::uint32_t> videos_of_subgenre(std::uint32_t s) const {
    return {subgenre_videos.data() + subgenre_video_offsets[s], subgenre_videos.data() + subgenre_video_offsets[s + 1]};
  }
  std::span<const std::uint32_t> videos_of_genre(std::uint32_t g) const {
    return {genre_videos.data() + genre_video_offsets[g], genre_videos.data() + genre_video_offsets[g + 1]};
  }
  std::span<const std::uint32_t> videos_of_channel(std::uint32_t c) const {
    return {channel_videos.data() + channel_video_offsets[c], channel_videos.data() + channel_video_offsets[c + 1]};
  }
  std::size_t memory_bytes() const;
};

// Fills only the genres and sub-genres of `out` (shares, mainstream-ness, latent centroids,
// token layout): exactly what generate_catalog draws for them, without channels or videos. The
// ad world builds its users on this taxonomy (sim/ads/), so they equal the video world's users.
void generate_taxonomy(const VideoWorldConfig& config, std::uint64_t seed, Catalog& out);

// Builds the catalog from streams "world/..." of `seed`. Parallel over videos (OpenMP); the
// result is identical for any thread count.
Catalog generate_catalog(const VideoWorldConfig& config, std::uint64_t seed);

}  // namespace simrec::sim
