#pragma once
// Seeded parameter initializers.
//
// Every value is a pure function of (seed, name, element index): element i of a tensor
// initialised under `name` is drawn from the Philox stream "init/" + name at entity index i
// (random::Rng(seed, "init/" + name, i)), so values depend neither on the thread count, nor on
// the order of calls, nor on which other parameters exist. Modules pass the parameter's full name
// ("tower.0.weight"): adding a layer never changes another layer's initial weights. Values are
// drawn in float64 and rounded to the tensor's dtype.
//
// Fans follow PyTorch: for a tensor [out, in, k...] (rank >= 2), fan_in = in * prod(k) and
// fan_out = out * prod(k).
//
//   uniform(lo, hi)          U(lo, hi)
//   normal(mean, std)        mean + std * z, z = sqrt(-2 ln u1) cos(2 pi u2) (Box-Muller on the
//                            element's two uniforms u1, u2 in (0, 1))
//   xavier_uniform(gain)     U(-a, a),  a = gain * sqrt(6 / (fan_in + fan_out))
//   xavier_normal(gain)      N(0, s^2), s = gain * sqrt(2 / (fan_in + fan_out))
//   kaiming_uniform(a)       U(-b, b),  b = sqrt(6 / ((1 + a^2) fan_in)); a = sqrt(5) is PyTorch's
//                            Linear weight default, b = 1 / sqrt(fan_in)
//   zeros, ones, constant(v)

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "nn/core/tensor.hpp"

namespace simrec::nn::init {

// (fan_in, fan_out) of a tensor of rank >= 2; throws naming the tensor otherwise.
std::pair<std::int64_t, std::int64_t> fans(const Tensor& t);

void zeros(const Tensor& t);
void ones(const Tensor& t);
void constant(const Tensor& t, double value);
void uniform(const Tensor& t, double lo, double hi, std::uint64_t seed, std::string_view name);
void normal(const Tensor& t, double mean, double std, std::uint64_t seed, std::string_view name);
void xavier_uniform(const Tensor& t, double gain, std::uint64_t seed, std::string_view name);
void xavier_normal(const Tensor& t, double gain, std::uint64_t seed, std::string_view name);
void kaiming_uniform(const Tensor& t, double a, std::uint64_t seed, std::string_view name);

}  // namespace simrec::nn::init

namespace simrec::nn {

// An initialisation rule attached to a parameter when a module registers it; Module::init(seed)
// applies each parameter's rule under its full name.
struct Init {
  enum class Kind : std::uint8_t {
    Zeros, Ones, Constant, Uniform, Normal, XavierUniform, XavierNormal, KaimingUniform
  };
  Kind kind = Kind::Zeros;
  double a = 0, b = 0;  // per kind: constant value; lo, hi; mean, std; gain; kaiming slope a

  static Init zeros() { return {Kind::Zeros}; }
  static Init ones() { return {Kind::Ones}; }
  static Init constant(double v) { return {Kind::Constant, v}; }
  static Init uniform(double lo, double hi) { return {Kind::Uniform, lo, hi}; }
  static Init normal(double mean, double std) { return {Kind::Normal, mean, std}; }
  static Init xavier_uniform(double gain = 1.0) { return {Kind::XavierUniform, gain}; }
  static Init xavier_normal(double gain = 1.0) { return {Kind::XavierNormal, gain}; }
  static Init kaiming_uniform(double slope) { return {Kind::KaimingUniform, slope}; }

  void apply(const Tensor& t, std::uint64_t seed, std::string_view name) const;
  std::string str() const;  // "uniform(-0.5, 0.5)", for messages
};

}  // namespace simrec::nn
