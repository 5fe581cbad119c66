#include "sim/ads/inventory.hpp"

#include <numeric>

#include "sim/random/distributions.hpp"
#include "sim/random/zipf.hpp"
#include "sim/world/latent.hpp"

namespace simrec::sim::ads {

using random::Rng;

AdInventory generate_inventory(const AdWorldConfig& cfg, const Catalog& taxonomy, std::uint64_t seed) {
  AdInventory inv;
  const std::uint32_t d = taxonomy.latent_dim;
  const std::uint32_t K = std::uint32_t(cfg.num_categories);
  const std::uint32_t M = std::uint32_t(cfg.num_merchants);
  const std::uint32_t N = std::uint32_t(cfg.num_ads);
  inv.latent_dim = d;

  inv.category_latent.resize(std::size_t(K) * d);
  inv.category_peak_hour.resize(K);
  for (std::uint32_t k = 0; k < K; ++k) {
    Rng rng(seed, "ads/category", k);
    const std::uint32_t sub = std::uint32_t(rng.below(taxonomy.num_subgenres()));
    perturb_direction(&taxonomy.subgenre_latent_a[std::size_t(sub) * d], cfg.category_spread,
                      {&inv.category_latent[std::size_t(k) * d], d}, rng);
    inv.category_peak_hour[k] = float(24.0 * rng.uniform());
  }

  inv.merchant_category.resize(M);
  inv.merchant_latent.resize(std::size_t(M) * d);
#pragma omp parallel for schedule(static)
  for (std::int64_t mi = 0; mi < std::int64_t(M); ++mi) {
    const auto m = std::uint32_t(mi);
    Rng rng(seed, "ads/merchant", m);
    const auto k = std::uint32_t(rng.below(K));
    inv.merchant_category[m] = k;
    perturb_direction(inv.category_centre(k), cfg.merchant_spread, {&inv.merchant_latent[std::size_t(m) * d], d}, rng);
  }

  // Budget ranks: a uniform permutation of 1..N.
  std::vector<std::uint32_t> rank(N);
  std::iota(rank.begin(), rank.end(), 1u);
  {
    Rng rng(seed, "ads/ad_budget", 0);
    for (std::uint32_t i = N; i > 1; --i) std::swap(rank[i - 1], rank[rng.below(i)]);
  }
  inv.ad_merchant.resize(N);
  inv.ad_category.resize(N);
  inv.ad_latent.resize(std::size_t(N) * d);
  inv.ad_quality.resize(N);
  inv.ad_budget.resize(N);
#pragma omp parallel for schedule(static)
  for (std::int64_t ai = 0; ai < std::int64_t(N); ++ai) {
    const auto a = std::uint32_t(ai);
    Rng rng(seed, "ads/ad", a);
    const auto m = std::uint32_t(rng.below(M));
    inv.ad_merchant[a] = m;
    inv.ad_category[a] = inv.merchant_category[m];
    perturb_direction(&inv.merchant_latent[std::size_t(m) * d], cfg.ad_spread, {&inv.ad_latent[std::size_t(a) * d], d}, rng);
    inv.ad_quality[a] = float(random::standard_normal(rng));
    inv.ad_budget[a] = std::pow(double(rank[a]), -cfg.ad_budget_zipf);
  }

  // Ads grouped by category, and the per-category serving tables.
  inv.category_ad_offsets.assign(K + 1, 0);
  for (std::uint32_t a = 0; a < N; ++a) ++inv.category_ad_offsets[inv.ad_category[a] + 1];
  for (std::uint32_t k = 0; k < K; ++k) inv.category_ad_offsets[k + 1] += inv.category_ad_offsets[k];
  inv.category_ads.resize(N);
  std::vector<std::uint64_t> fill(inv.category_ad_offsets.begin(), inv.category_ad_offsets.end() - 1);
  for (std::uint32_t a = 0; a < N; ++a) inv.category_ads[fill[inv.ad_category[a]]++] = a;
  inv.category_ads_table.resize(K);
  std::vector<double> w;
  for (std::uint32_t k = 0; k < K; ++k) {
    w.clear();
    for (std::uint64_t i = inv.category_ad_offsets[k]; i < inv.category_ad_offsets[k + 1]; ++i)
      w.push_back(inv.ad_budget[inv.category_ads[i]]);
    if (!w.empty()) inv.category_ads_table[k] = random::AliasTable(w);
  }
  return inv;
}

}  // namespace simrec::sim::ads
