#include "sim/ads/ad_world.hpp"

#include <algorithm>
#include <cmath>

#include "sim/random/distributions.hpp"
#include "sim/world/latent.hpp"

namespace simrec::sim::ads {

VideoWorldConfig ad_user_config(const AdWorldConfig& config, const VideoWorldConfig& user_model) {
  VideoWorldConfig c = user_model;
  c.num_users = config.num_users;
  c.num_days = config.num_days;
  c.latent_dim = config.latent_dim;
  return c;
}

namespace {
const AdWorldConfig& validated(const AdWorldConfig& c) {
  c.validate();
  return c;
}
}  // namespace

AdWorld::AdWorld(const AdWorldConfig& config, std::uint64_t seed, const VideoWorldConfig& user_model)
    : config_(validated(config)), user_config_(ad_user_config(config, user_model)), seed_(seed) {
  user_config_.validate();
  config_hash_ = config::text_hash(config_.to_text() + user_config_.to_text());
  generate_taxonomy(user_config_, seed_, taxonomy_);
  users_ = std::make_unique<UserFactory>(user_config_, taxonomy_, seed_);
  inventory_ = generate_inventory(config_, taxonomy_, seed_);
  scenarios_ = ScenarioTable(config_, seed_);
  click_model_ = ClickModel(config_, inventory_, seed_);
  calibrate_groups();
}

void AdWorld::serving_category_cumulative(const UserProfile& user, std::vector<double>& cumulative) const {
  const std::uint32_t K = inventory_.num_categories();
  const double beta = config_.targeting_sharpness;
  cumulative.resize(K);
  double total = 0;
  for (std::uint32_t k = 0; k < K; ++k) {
    if (inventory_.category_size(k) > 0)
      total += std::exp(beta * dot(user.taste_a.data(), inventory_.category_centre(k), inventory_.latent_dim));
    cumulative[k] = total;
  }
}

AdId AdWorld::serve_ad(std::span<const double> cumulative, random::Rng& rng) const {
  const double u = rng.uniform() * cumulative.back();
  const auto k = std::uint32_t(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
  return inventory_.category_ads[inventory_.category_ad_offsets[k] + inventory_.category_ads_table[k].sample(rng)];
}

void AdWorld::calibrate_groups() {
  // Probe: kProbeUsers users spread over the population, kProbeAds policy-served ads each.
  constexpr std::uint32_t kProbeUsers = 256, kProbeAds = 8;
  const std::uint32_t P = std::min<std::uint32_t>(kProbeUsers, num_users());
  const std::uint32_t G = click_model_.num_groups();
  std::vector<double> terms(std::size_t(G) * P * kProbeAds);
#pragma omp parallel for schedule(static)
  for (std::int64_t pi = 0; pi < std::int64_t(P); ++pi) {
    const auto i = std::uint32_t(pi);
    const UserProfile u = user(UserId(std::uint64_t(i) * num_users() / P));
    std::vector<double> cumulative;
    serving_category_cumulative(u, cumulative);
    random::Rng rng(seed_, "ads/calibration", i);
    for (std::uint32_t j = 0; j < kProbeAds; ++j) {
      const AdId ad = serve_ad(cumulative, rng);
      const double hour = 24.0 * rng.uniform();
      for (std::uint32_t g = 0; g < G; ++g)
        terms[(std::size_t(g) * P + i) * kProbeAds + j] = click_model_.logit(g, 0.0, u.taste_a.data(), ad, hour, 1).total();
    }
  }
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t g = 0; g < std::int64_t(G); ++g)
    click_model_.calibrate_group(std::uint32_t(g), {&terms[std::size_t(g) * P * kProbeAds], std::size_t(P) * kProbeAds});
  intercept_.resize(scenarios_.num_scenarios());
  for (ScenarioId s = 0; s < scenarios_.num_scenarios(); ++s)
    intercept_[s] = float(click_model_.intercept_for(scenarios_.hidden_group(s), scenarios_.target_logit(s)));
}

double AdWorld::user_activity(UserId id) const {
  random::Rng rng(seed_, "ads/user", id);
  const double s = config_.user_activity_log_sigma;
  return std::exp(s * random::standard_normal(rng) - 0.5 * s * s);
}

ClickLogit AdWorld::click_logit(const UserProfile& user, AdId ad, ScenarioId s, double time_seconds,
                                std::uint32_t position) const {
  const double hour = std::fmod(time_seconds, kSecondsPerDay) / kSecondsPerHour;
  return click_model_.logit(scenarios_.hidden_group(s), intercept_[s], user.taste_a.data(), ad, hour, position);
}

double AdWorld::true_click_probability(const UserProfile& user, AdId ad, ScenarioId s, double time_seconds,
                                       std::uint32_t position) const {
  return random::sigmoid(click_logit(user, ad, s, time_seconds, position).total());
}

double AdWorld::true_click_probability(const AdEvent& e) const {
  return true_click_probability(user(e.user_id), e.ad_id, e.scenario_id, e.time_seconds, e.position);
}

}  // namespace simrec::sim::ads
