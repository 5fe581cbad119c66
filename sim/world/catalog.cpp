#include "sim/world/catalog.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/random/alias_table.hpp"
#include "sim/random/distributions.hpp"
#include "sim/random/zipf.hpp"
#include "sim/world/latent.hpp"

namespace simrec::sim {

using random::Rng;

namespace {

template <class V>
std::size_t bytes(const V& v) {
  return v.capacity() * sizeof(typename V::value_type);
}

// Offsets + members of a grouping (counting sort by key, members in id order).
void group_by(const std::vector<std::uint32_t>& key, std::uint32_t num_keys, std::vector<std::uint64_t>& offsets,
              std::vector<std::uint32_t>& members) {
  offsets.assign(num_keys + 1, 0);
  for (std::uint32_t k : key) ++offsets[k + 1];
  for (std::uint32_t k = 0; k < num_keys; ++k) offsets[k + 1] += offsets[k];
  members.resize(key.size());
  std::vector<std::uint64_t> cursor(offsets.begin(), offsets.end() - 1);
  for (std::uint32_t v = 0; v < key.size(); ++v) members[cursor[key[v]]++] = v;
}

void make_title(Catalog& cat, VideoId v, const random::ZipfSampler& topic_zipf,
                const random::ZipfSampler& common_zipf, Rng& rng) {
  const TokenLayout& t = cat.tokens;
  std::uint32_t* out = &cat.video_title_tokens[std::size_t(v) * kMaxTitleTokens];
  int n = 0;
  out[n++] = t.genre_token(cat.video_genre[v], std::uint32_t(rng.below(t.genre_tokens)));
  const int topic_words = 2 + int(rng.below(3));
  for (int i = 0; i < topic_words; ++i) {
    const auto w = t.topic_token(cat.video_subgenre[v], std::uint32_t(topic_zipf.sample(rng) - 1));
    if (std::find(out, out + n, w) == out + n) out[n++] = w;  // a repeated word is dropped
  }
  out[n++] = t.channel_token(cat.video_channel[v]);
  out[n++] = std::uint32_t(common_zipf.sample(rng) - 1);
  cat.video_title_length[v] = std::uint8_t(n);
  for (int i = n; i < kMaxTitleTokens; ++i) out[i] = kNone;
}

}  // namespace

std::size_t Catalog::memory_bytes() const {
  return bytes(genre_video_offsets) + bytes(genre_videos) + bytes(video_log_base_popularity) + bytes(genre_share) + bytes(genre_mainstream) + bytes(genre_short_prob) + bytes(genre_latent_a) +
         bytes(genre_latent_b) + bytes(subgenre_genre) + bytes(subgenre_share) + bytes(subgenre_latent_a) +
         bytes(subgenre_latent_b) + bytes(subgenre_video_offsets) + bytes(subgenre_videos) +
         bytes(channel_home_subgenre) + bytes(channel_latent_a) + bytes(channel_latent_b) +
         bytes(channel_video_offsets) + bytes(channel_videos) + bytes(video_channel) + bytes(video_subgenre) +
         bytes(video_genre) + bytes(video_upload_seconds) + bytes(video_duration_seconds) + bytes(video_quality) +
         bytes(video_clickbait) + bytes(video_thumbnail) + bytes(video_viral) + bytes(video_base_popularity) +
         bytes(video_popularity_rank) + bytes(video_next_in_series) + bytes(video_title_tokens) +
         bytes(video_title_length) + bytes(video_latent_a) + bytes(video_latent_b) + bytes(video_hot);
}

void generate_taxonomy(const VideoWorldConfig& cfg, std::uint64_t seed, Catalog& cat) {
  const std::uint32_t d = std::uint32_t(cfg.latent_dim);
  const std::uint32_t G = std::uint32_t(cfg.num_genres);
  const std::uint32_t SPG = std::uint32_t(cfg.subgenres_per_genre);
  const std::uint32_t S = G * SPG;
  cat.latent_dim = d;
  cat.tokens = TokenLayout::from_config(cfg);

  // Genres: popularity order, mainstream-ness, short-form share, centroids in both spaces.
  cat.genre_share = random::zipf_weights(G, cfg.genre_zipf);
  cat.genre_mainstream.resize(G);
  cat.genre_short_prob.resize(G);
  cat.genre_latent_a.resize(std::size_t(G) * d);
  cat.genre_latent_b.resize(std::size_t(G) * d);
  for (std::uint32_t g = 0; g < G; ++g) {
    cat.genre_mainstream[g] = std::log(double(G) * cat.genre_share[g]);
    Rng rng(seed, "world/genre", g);
    cat.genre_short_prob[g] = float(random::uniform_range(rng, cfg.short_form_prob_min, cfg.short_form_prob_max));
    perturb_direction(nullptr, 1.0, {&cat.genre_latent_a[std::size_t(g) * d], d}, rng);
    perturb_direction(nullptr, 1.0, {&cat.genre_latent_b[std::size_t(g) * d], d}, rng);
  }

  // Sub-genres.
  const std::vector<double> sub_share = random::zipf_weights(SPG, cfg.subgenre_zipf);
  cat.subgenre_genre.resize(S);
  cat.subgenre_share.resize(S);
  cat.subgenre_latent_a.resize(std::size_t(S) * d);
  cat.subgenre_latent_b.resize(std::size_t(S) * d);
  for (std::uint32_t s = 0; s < S; ++s) {
    const std::uint32_t g = s / SPG;
    cat.subgenre_genre[s] = g;
    cat.subgenre_share[s] = sub_share[s % SPG];
    Rng rng(seed, "world/subgenre", s);
    perturb_direction(&cat.genre_latent_a[std::size_t(g) * d], cfg.subgenre_spread, {&cat.subgenre_latent_a[std::size_t(s) * d], d}, rng);
    perturb_direction(&cat.genre_latent_b[std::size_t(g) * d], cfg.subgenre_spread, {&cat.subgenre_latent_b[std::size_t(s) * d], d}, rng);
  }
}

Catalog generate_catalog(const VideoWorldConfig& cfg, std::uint64_t seed) {
  Catalog cat;
  generate_taxonomy(cfg, seed, cat);
  const std::uint32_t d = std::uint32_t(cfg.latent_dim);
  const std::uint32_t SPG = std::uint32_t(cfg.subgenres_per_genre);
  const std::uint32_t C = std::uint32_t(cfg.num_channels);
  const std::uint32_t V = std::uint32_t(cfg.num_videos);
  const random::AliasTable genre_table(cat.genre_share);
  const random::AliasTable subgenre_table(random::zipf_weights(SPG, cfg.subgenre_zipf));

  // Channels: home sub-genre and centre.
  cat.channel_home_subgenre.resize(C);
  cat.channel_latent_a.resize(std::size_t(C) * d);
  cat.channel_latent_b.resize(std::size_t(C) * d);
#pragma omp parallel for schedule(static)
  for (std::int64_t ci = 0; ci < std::int64_t(C); ++ci) {
    const auto c = std::uint32_t(ci);
    Rng rng(seed, "world/channel", c);
    const std::uint32_t s = genre_table.sample(rng) * SPG + subgenre_table.sample(rng);
    cat.channel_home_subgenre[c] = s;
    perturb_direction(&cat.subgenre_latent_a[std::size_t(s) * d], cfg.channel_spread, {&cat.channel_latent_a[std::size_t(c) * d], d}, rng);
    perturb_direction(&cat.subgenre_latent_b[std::size_t(s) * d], cfg.channel_spread, {&cat.channel_latent_b[std::size_t(c) * d], d}, rng);
  }
  const random::AliasTable channel_table(random::zipf_weights(C, cfg.channel_size_zipf));

  // Videos.
  cat.video_channel.resize(V);
  cat.video_subgenre.resize(V);
  cat.video_genre.resize(V);
  cat.video_upload_seconds.resize(V);
  cat.video_duration_seconds.resize(V);
  cat.video_quality.resize(V);
  cat.video_clickbait.resize(V);
  cat.video_thumbnail.resize(V);
  cat.video_viral.resize(V);
  cat.video_title_tokens.resize(std::size_t(V) * kMaxTitleTokens);
  cat.video_title_length.resize(V);
  cat.video_latent_a.resize(std::size_t(V) * d);
  cat.video_latent_b.resize(std::size_t(V) * d);
  std::vector<double> popularity_key(V);
  const random::ZipfSampler topic_zipf(cat.tokens.topic_tokens, cfg.topic_token_zipf);
  const random::ZipfSampler common_zipf(cat.tokens.num_common, 1.0);
  const random::Key quality_key = random::stream_key(seed, "world/video_quality");
  const random::Key bait_key = random::stream_key(seed, "world/video_clickbait");
  const random::Key thumb_key = random::stream_key(seed, "world/video_thumbnail");
  const random::Key viral_key = random::stream_key(seed, "world/video_viral");
  const random::Key popularity_key_stream = random::stream_key(seed, "world/video_popularity");
  const random::Key title_key = random::stream_key(seed, "world/video_title");
#pragma omp parallel for schedule(static)
  for (std::int64_t vi = 0; vi < std::int64_t(V); ++vi) {
    const auto v = std::uint32_t(vi);
    Rng rng(seed, "world/video", v);
    const std::uint32_t c = channel_table.sample(rng);
    const bool home = random::bernoulli(rng, cfg.channel_home_genre_prob);
    const std::uint32_t off_genre_s = genre_table.sample(rng) * SPG + subgenre_table.sample(rng);
    const std::uint32_t s = home ? cat.channel_home_subgenre[c] : off_genre_s;
    const std::uint32_t g = s / SPG;
    cat.video_channel[v] = c;
    cat.video_subgenre[v] = s;
    cat.video_genre[v] = std::uint16_t(g);
    const float* centre_a = home ? &cat.channel_latent_a[std::size_t(c) * d] : &cat.subgenre_latent_a[std::size_t(s) * d];
    const float* centre_b = home ? &cat.channel_latent_b[std::size_t(c) * d] : &cat.subgenre_latent_b[std::size_t(s) * d];
    perturb_direction(centre_a, cfg.video_spread, {&cat.video_latent_a[std::size_t(v) * d], d}, rng);
    perturb_direction(centre_b, cfg.video_spread, {&cat.video_latent_b[std::size_t(v) * d], d}, rng);
    const bool back = random::bernoulli(rng, cfg.back_catalog_fraction);
    const double u = rng.uniform();
    cat.video_upload_seconds[v] = back ? -u * cfg.back_catalog_days * kSecondsPerDay : u * double(cfg.num_days) * kSecondsPerDay;
    const bool short_form = random::bernoulli(rng, cat.genre_short_prob[g]);
    cat.video_duration_seconds[v] = float(short_form
        ? random::log_normal(rng, std::log(cfg.short_duration_median_seconds), cfg.short_duration_log_sigma)
        : random::log_normal(rng, std::log(cfg.long_duration_median_seconds), cfg.long_duration_log_sigma));
    // One stream per attribute family, so a knob of one attribute leaves the others unchanged
    // (common random numbers across configurations).
    Rng quality_rng(quality_key, v), bait_rng(bait_key, v), thumb_rng(thumb_key, v), viral_rng(viral_key, v),
        popularity_rng(popularity_key_stream, v), title_rng(title_key, v);
    cat.video_quality[v] = float(random::beta_mean_concentration(quality_rng, cfg.quality_mean, cfg.quality_concentration));
    cat.video_clickbait[v] = float(random::beta_mean_concentration(bait_rng, cfg.clickbait_mean, cfg.clickbait_concentration));
    cat.video_thumbnail[v] = float(random::beta_mean_concentration(thumb_rng, cfg.thumbnail_mean, cfg.thumbnail_concentration));
    cat.video_viral[v] = float(cfg.viral_median * std::exp(cfg.viral_log_sigma * random::standard_normal(viral_rng)));
    popularity_key[v] = popularity_rng.uniform();
    make_title(cat, v, topic_zipf, common_zipf, title_rng);
  }

  // Base popularity by a uniformly random rank: base(v) = rank^-s (ties in the key broken by id).
  std::vector<std::uint32_t> order(V);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return popularity_key[a] < popularity_key[b] || (popularity_key[a] == popularity_key[b] && a < b);
  });
  cat.video_base_popularity.resize(V);
  cat.video_log_base_popularity.resize(V);
  cat.video_popularity_rank.resize(V);
  for (std::uint32_t r = 0; r < V; ++r) {
    cat.video_popularity_rank[order[r]] = r + 1;
    cat.video_log_base_popularity[order[r]] = -cfg.video_popularity_zipf * std::log(double(r + 1));
    cat.video_base_popularity[order[r]] = std::exp(cat.video_log_base_popularity[order[r]]);
  }

  // Groupings; channel lists re-sorted by upload time, then cut into series.
  group_by(cat.video_subgenre, cat.num_subgenres(), cat.subgenre_video_offsets, cat.subgenre_videos);
  {
    std::vector<std::uint32_t> genre_key(cat.video_genre.begin(), cat.video_genre.end());
    group_by(genre_key, cat.num_genres(), cat.genre_video_offsets, cat.genre_videos);
  }
  group_by(cat.video_channel, C, cat.channel_video_offsets, cat.channel_videos);
  cat.video_next_in_series.assign(V, kNone);
  const double new_series_prob = 1.0 / cfg.series_mean_length;
#pragma omp parallel for schedule(dynamic, 64)
  for (std::int64_t ci = 0; ci < std::int64_t(C); ++ci) {
    const auto c = std::uint32_t(ci);
    auto* first = cat.channel_videos.data() + cat.channel_video_offsets[c];
    auto* last = cat.channel_videos.data() + cat.channel_video_offsets[c + 1];
    std::sort(first, last, [&](std::uint32_t a, std::uint32_t b) {
      return cat.video_upload_seconds[a] < cat.video_upload_seconds[b] ||
             (cat.video_upload_seconds[a] == cat.video_upload_seconds[b] && a < b);
    });
    Rng rng(seed, "world/series", c);
    for (auto* p = first; p + 1 < last; ++p)
      if (!random::bernoulli(rng, new_series_prob)) cat.video_next_in_series[*p] = *(p + 1);
  }
  cat.video_hot.resize(V);
  for (std::uint32_t v = 0; v < V; ++v)
    cat.video_hot[v] = VideoHot{cat.video_upload_seconds[v], float(cat.video_log_base_popularity[v]), cat.video_viral[v],
                                cat.video_quality[v], cat.video_clickbait[v], cat.video_thumbnail[v],
                                cat.video_duration_seconds[v], cat.video_channel[v], cat.video_subgenre[v],
                                cat.video_next_in_series[v], cat.video_genre[v]};
  return cat;
}

}  // namespace simrec::sim
