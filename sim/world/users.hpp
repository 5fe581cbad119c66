#pragma once
// Users (SPEC §3): demographics, activity group, and latent tastes that depend on demographics
// non-linearly.
//
//   demographics   age bucket ~ age_weight, gender ~ Bernoulli(female_prob), region ~
//                  Zipf(num_regions, region_zipf), device ~ device_weight, logged-in ~
//                  Bernoulli(logged_in_prob)
//   group          New with new_user_fraction (joins at U(0, num_days) days, no prior watches),
//                  High with high_user_fraction, Low otherwise; prior experience
//                  prior_watches[group] x U(0.5, 1.5)
//   f(demo)        a small random network: h = tanh(gain x (E_age + E_gender + E_region + E_device
//                  + E_login + b)), p = softmax(sharpness x W h / sqrt(H)) over genres,
//                  f = normalize(sum_g p_g c_g): the tanh makes age x region x gender interact, so
//                  a linear model of one-hot demographics cannot reproduce f.
//   personal       normalize(c_s1 + 0.5 c_s2 + personal_noise z / sqrt(d)), s1, s2 uniform over all
//                  sub-genres (niche tastes are as likely as mainstream ones)
//   u*             normalize(w f(demo) + (1 - w) personal), w = demographic_weight; the same
//                  construction with an independent network and draws gives u*_B (space B).
//
// A profile is a pure function of (seed, user id): make_user regenerates it on demand, so the
// world never stores users (memory per user is the transient per-thread state only).

#include <array>
#include <cstdint>
#include <vector>

#include "sim/random/philox.hpp"
#include "sim/world/catalog.hpp"
#include "sim/world/config.hpp"
#include "sim/world/types.hpp"

namespace simrec::sim {

struct Demographics {
  std::uint8_t age_bucket = 0;  // 0..5: 13-17, 18-24, 25-34, 35-44, 45-54, 55+
  std::uint8_t gender = 0;      // 0 male, 1 female
  std::uint8_t device = 0;      // 0 android, 1 ios, 2 desktop, 3 tv
  std::uint8_t logged_in = 0;
  std::uint16_t region = 0;
};

struct UserProfile {
  UserId id = 0;
  ActivityGroup group = ActivityGroup::Low;
  Demographics demo;
  double join_seconds = 0;   // 0 for users who existed before the window
  double prior_watches = 0;  // experience before the window
  std::vector<float> taste_a, taste_b;  // u*, u*_B (unit, latent_dim)
  std::vector<float> demographic_a;     // f(demo) in space A (unit): for probes and the README
  std::vector<float> genre_affinity;    // <u*, c_g> per genre
  // s1, s2 of the personal part of u* (space A) and u*_B (space B): the draws themselves, recorded
  // for observable interest tags (datasets/ad_samples.hpp); nothing else reads them.
  std::array<std::uint32_t, 2> personal_subgenres_a{}, personal_subgenres_b{};
};

// The random demographic network of one latent space.
class DemographicModel {
 public:
  DemographicModel() = default;
  DemographicModel(const VideoWorldConfig& config, const Catalog& catalog, std::uint64_t seed, const char* stream);
  // f(demo): unit vector in the space's latent coordinates.
  void taste_centre(const Demographics& demo, std::vector<float>& out) const;

 private:
  std::uint32_t hidden_ = 0, num_genres_ = 0, dim_ = 0, num_regions_ = 0;
  double gain_ = 0, sharpness_ = 0;
  std::vector<float> e_age_, e_gender_, e_region_, e_device_, e_login_, bias_, w_out_;  // rows of H; W: G x H
  const std::vector<float>* genre_latent_ = nullptr;
};

class UserFactory {
 public:
  UserFactory(const VideoWorldConfig& config, const Catalog& catalog, std::uint64_t seed);
  void make_user(UserId id, UserProfile& out) const;
  UserProfile make_user(UserId id) const {
    UserProfile p;
    make_user(id, p);
    return p;
  }

 private:
  const VideoWorldConfig* config_;
  const Catalog* catalog_;
  std::uint64_t seed_;
  DemographicModel model_a_, model_b_;
  std::vector<double> age_weight_, device_weight_;
};

}  // namespace simrec::sim
