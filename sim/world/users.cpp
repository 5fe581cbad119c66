#include "sim/world/users.hpp"

#include <cmath>

#include "sim/random/distributions.hpp"
#include "sim/random/zipf.hpp"
#include "sim/world/latent.hpp"

namespace simrec::sim {

using random::Rng;

namespace {
void fill_normal(std::vector<float>& v, std::size_t n, double sd, Rng& rng) {
  v.resize(n);
  for (auto& x : v) x = float(sd * random::standard_normal(rng));
}
}  // namespace

DemographicModel::DemographicModel(const VideoWorldConfig& cfg, const Catalog& cat, std::uint64_t seed, const char* stream)
    : hidden_(std::uint32_t(cfg.demographic_hidden_units)),
      num_genres_(cat.num_genres()),
      dim_(cat.latent_dim),
      num_regions_(std::uint32_t(cfg.num_regions)),
      gain_(cfg.demographic_gain),
      sharpness_(cfg.demographic_sharpness) {
  Rng rng(seed, stream, 0);
  // Five embedding rows are summed: each N(0, 1/5) so the sum has unit variance before the gain.
  const double sd = std::sqrt(1.0 / 5.0);
  fill_normal(e_age_, std::size_t(kNumAgeBuckets) * hidden_, sd, rng);
  fill_normal(e_gender_, std::size_t(kNumGenders) * hidden_, sd, rng);
  fill_normal(e_region_, std::size_t(num_regions_) * hidden_, sd, rng);
  fill_normal(e_device_, std::size_t(kNumDevices) * hidden_, sd, rng);
  fill_normal(e_login_, std::size_t(2) * hidden_, sd, rng);
  fill_normal(bias_, hidden_, sd, rng);
  fill_normal(w_out_, std::size_t(num_genres_) * hidden_, 1.0, rng);
  genre_latent_ = std::string_view(stream).ends_with("_b") ? &cat.genre_latent_b : &cat.genre_latent_a;
}

void DemographicModel::taste_centre(const Demographics& demo, std::vector<float>& out) const {
  float h[1024];
  const std::size_t H = hidden_;
  for (std::size_t j = 0; j < H; ++j) {
    const double pre = e_age_[demo.age_bucket * H + j] + e_gender_[demo.gender * H + j] + e_region_[demo.region * H + j] +
                       e_device_[demo.device * H + j] + e_login_[demo.logged_in * H + j] + bias_[j];
    h[j] = float(std::tanh(gain_ * pre));
  }
  // Softmax over genres of the network output, then the mixture of genre centroids.
  std::vector<double> logits(num_genres_);
  double max_logit = -1e300;
  for (std::size_t g = 0; g < num_genres_; ++g) {
    double s = 0;
    for (std::size_t j = 0; j < H; ++j) s += double(w_out_[g * H + j]) * h[j];
    logits[g] = sharpness_ * s / std::sqrt(double(H));
    max_logit = std::max(max_logit, logits[g]);
  }
  out.assign(dim_, 0.0f);
  for (std::size_t g = 0; g < num_genres_; ++g) {
    const double p = std::exp(logits[g] - max_logit);
    for (std::size_t i = 0; i < dim_; ++i) out[i] += float(p * (*genre_latent_)[g * dim_ + i]);
  }
  normalize(out);
}

UserFactory::UserFactory(const VideoWorldConfig& cfg, const Catalog& cat, std::uint64_t seed)
    : config_(&cfg),
      catalog_(&cat),
      seed_(seed),
      model_a_(cfg, cat, seed, "world/demographic_net_a"),
      model_b_(cfg, cat, seed, "world/demographic_net_b"),
      age_weight_(cfg.age_weight.begin(), cfg.age_weight.end()),
      device_weight_(cfg.device_weight.begin(), cfg.device_weight.end()) {}

void UserFactory::make_user(UserId id, UserProfile& p) const {
  const VideoWorldConfig& cfg = *config_;
  const Catalog& cat = *catalog_;
  const std::size_t d = cat.latent_dim;
  Rng rng(seed_, "user/profile", id);
  p.id = id;
  const double u = rng.uniform();
  p.group = u < cfg.new_user_fraction ? ActivityGroup::New
            : u < cfg.new_user_fraction + cfg.high_user_fraction ? ActivityGroup::High
                                                                 : ActivityGroup::Low;
  p.demo.age_bucket = std::uint8_t(random::categorical_linear(rng, age_weight_));
  p.demo.gender = random::bernoulli(rng, cfg.female_prob) ? 1 : 0;
  p.demo.region = std::uint16_t(random::ZipfSampler(std::uint64_t(cfg.num_regions), cfg.region_zipf).sample(rng) - 1);
  p.demo.device = std::uint8_t(random::categorical_linear(rng, device_weight_));
  p.demo.logged_in = random::bernoulli(rng, cfg.logged_in_prob) ? 1 : 0;
  const double join_u = rng.uniform();
  const double prior_u = rng.uniform();
  const int gi = int(p.group);
  p.join_seconds = p.group == ActivityGroup::New ? join_u * double(cfg.num_days) * kSecondsPerDay : 0.0;
  p.prior_watches = cfg.prior_watches[gi] * (0.5 + prior_u);

  // Tastes in both spaces: demographic centre + personal part.
  const auto make_taste = [&](const DemographicModel& model, const std::vector<float>& sub_latent, std::vector<float>& centre,
                              std::vector<float>& taste, std::array<std::uint32_t, 2>& subgenres) {
    model.taste_centre(p.demo, centre);
    const std::uint32_t s1 = std::uint32_t(rng.below(cat.num_subgenres()));
    const std::uint32_t s2 = std::uint32_t(rng.below(cat.num_subgenres()));
    subgenres = {s1, s2};
    std::vector<float> personal(d);
    for (std::size_t i = 0; i < d; ++i)
      personal[i] = float(sub_latent[s1 * d + i] + 0.5 * sub_latent[s2 * d + i] +
                          cfg.personal_noise / std::sqrt(double(d)) * random::standard_normal(rng));
    normalize(personal);
    taste.resize(d);
    for (std::size_t i = 0; i < d; ++i)
      taste[i] = float(cfg.demographic_weight * centre[i] + (1.0 - cfg.demographic_weight) * personal[i]);
    normalize(taste);
  };
  std::vector<float> centre_b;
  make_taste(model_a_, cat.subgenre_latent_a, p.demographic_a, p.taste_a, p.personal_subgenres_a);
  make_taste(model_b_, cat.subgenre_latent_b, centre_b, p.taste_b, p.personal_subgenres_b);
  p.genre_affinity.resize(cat.num_genres());
  for (std::uint32_t g = 0; g < cat.num_genres(); ++g)
    p.genre_affinity[g] = dot(p.taste_a.data(), &cat.genre_latent_a[std::size_t(g) * d], d);
}

}  // namespace simrec::sim
