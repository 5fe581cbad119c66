#pragma once
// Latent-vector helpers for the world's two latent spaces (SPEC §3): space A carries taste and
// content (u*, v*: organic choice and the click driver), space B an independent "satisfaction"
// taste that rho mixes into the completion / watch-time driver. Vectors are unit length, so
// <u, v> is a cosine in [-1, 1].

#include <cmath>
#include <cstdint>
#include <span>

#include "sim/random/distributions.hpp"

namespace simrec::sim {

inline float dot(const float* a, const float* b, std::size_t d) {
  float s = 0;
  for (std::size_t i = 0; i < d; ++i) s += a[i] * b[i];
  return s;
}

inline void normalize(std::span<float> v) {
  double n2 = 0;
  for (float x : v) n2 += double(x) * x;
  const double n = std::sqrt(n2);
  if (n <= 0) return;
  for (float& x : v) x = float(x / n);
}

// out = normalize(centre + spread * z / sqrt(d)), z ~ N(0, I): a point `spread` away (in
// expected norm) from a centre on the unit sphere. centre may be null (pure random direction).
inline void perturb_direction(const float* centre, double spread, std::span<float> out, random::Rng& rng) {
  const double scale = spread / std::sqrt(double(out.size()));
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = float((centre ? centre[i] : 0.0) + (centre ? scale : 1.0) * random::standard_normal(rng));
  normalize(out);
}

}  // namespace simrec::sim
