#pragma once
// Ads and merchants of the ad world (SPEC §3): categories -> merchants -> ads, latent vectors in
// the users' taste space A (so <u*, a*> is the same kind of cosine as the video world's <u*, v*>).
//
//   category k    centre c_k = normalize(c_sub(k) + category_spread z), sub(k) a uniformly drawn
//                 sub-genre of the shared taxonomy (users' tastes are built on the same
//                 centroids); peak hour peak_k ~ U(0, 24) (lunch-time fast food, late-night
//                 snacks)
//   merchant m    category uniform; centre normalize(c_k + merchant_spread z)
//   ad a          merchant uniform; a* = normalize(centre_m + ad_spread z); quality ~ N(0, 1);
//                 budget = rank^-ad_budget_zipf for a uniformly random rank
//   serving       per category, an alias table over its ads by budget (the logging policy)
//
// Observable: ad id, merchant, category. Hidden truth: latent vectors, quality, budgets, peaks.

#include <cstdint>
#include <vector>

#include "sim/ads/config.hpp"
#include "sim/random/alias_table.hpp"
#include "sim/world/catalog.hpp"

namespace simrec::sim::ads {

using AdId = std::uint32_t;

struct AdInventory {
  std::uint32_t latent_dim = 0;
  // categories
  std::vector<float> category_latent;     // K x d
  std::vector<float> category_peak_hour;  // [0, 24)
  std::vector<random::AliasTable> category_ads_table;  // index into category_ads
  std::vector<std::uint64_t> category_ad_offsets;      // K + 1
  std::vector<AdId> category_ads;                      // ids ascending within each category
  // merchants
  std::vector<std::uint32_t> merchant_category;
  std::vector<float> merchant_latent;  // M x d
  // ads
  std::vector<std::uint32_t> ad_merchant, ad_category;
  std::vector<float> ad_latent;  // N x d
  std::vector<float> ad_quality;
  std::vector<double> ad_budget;

  std::uint32_t num_categories() const { return std::uint32_t(category_peak_hour.size()); }
  std::uint32_t num_merchants() const { return std::uint32_t(merchant_category.size()); }
  std::uint32_t num_ads() const { return std::uint32_t(ad_merchant.size()); }
  const float* latent(AdId a) const { return &ad_latent[std::size_t(a) * latent_dim]; }
  const float* category_centre(std::uint32_t k) const { return &category_latent[std::size_t(k) * latent_dim]; }
  std::uint64_t category_size(std::uint32_t k) const { return category_ad_offsets[k + 1] - category_ad_offsets[k]; }
};

// Builds the inventory from streams "ads/category", "ads/merchant", "ads/ad", "ads/ad_budget" of
// `seed` on the taxonomy's sub-genre centroids (space A). Parallel over ads, thread-count
// independent.
AdInventory generate_inventory(const AdWorldConfig& config, const Catalog& taxonomy, std::uint64_t seed);

}  // namespace simrec::sim::ads
