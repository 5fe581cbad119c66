#include "nn/init.hpp"

#include <cmath>
#include <numbers>
#include <sstream>
#include <type_traits>

#include "sim/random/philox.hpp"

namespace simrec::nn::init {

namespace {

// Writes f(Rng for element i) to every element; per-element streams make any split identical.
template <class Draw>
void fill_drawn(const Tensor& t, std::uint64_t seed, std::string_view name, Draw draw) {
  if (!t.defined()) fail("init", "tensor '", name, "' is undefined");
  const random::Key key = random::stream_key(seed, "init/" + std::string(name));
  const std::int64_t n = t.numel();
  const auto run = [&](auto* out) {
    using T = std::remove_pointer_t<decltype(out)>;
#pragma omp parallel for schedule(static) if (n > (1 << 16))
    for (std::int64_t i = 0; i < n; ++i) {
      random::Rng rng(key, std::uint64_t(i));
      out[i] = T(draw(rng));
    }
  };
  if (t.dtype() == DType::F32)
    run(t.data<float>());
  else
    run(t.data<double>());
}

void check_bounds(const char* op, std::string_view name, double lo, double hi) {
  if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi))
    fail(op, "invalid range [", lo, ", ", hi, ") for '", name, "'");
}

}  // namespace

std::pair<std::int64_t, std::int64_t> fans(const Tensor& t) {
  if (t.rank() < 2)
    fail("init::fans", "fan-in / fan-out need a tensor of rank >= 2, got ", describe(t),
         t.name().empty() ? "" : " ('" + t.name() + "')");
  const std::int64_t receptive = t.shape().prod(2, t.rank());
  return {t.shape()[1] * receptive, t.shape()[0] * receptive};
}

void zeros(const Tensor& t) { constant(t, 0.0); }
void ones(const Tensor& t) { constant(t, 1.0); }
void constant(const Tensor& t, double value) {
  Tensor handle = t;
  handle.fill(value);
}

void uniform(const Tensor& t, double lo, double hi, std::uint64_t seed, std::string_view name) {
  check_bounds("init::uniform", name, lo, hi);
  fill_drawn(t, seed, name, [=](random::Rng& r) { return lo + (hi - lo) * r.uniform(); });
}

void normal(const Tensor& t, double mean, double std, std::uint64_t seed, std::string_view name) {
  if (!(std >= 0) || !std::isfinite(std) || !std::isfinite(mean))
    fail("init::normal", "invalid mean ", mean, " / std ", std, " for '", name, "'");
  fill_drawn(t, seed, name, [=](random::Rng& r) {
    const double u1 = r.uniform(), u2 = r.uniform();
    return mean + std * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  });
}

void xavier_uniform(const Tensor& t, double gain, std::uint64_t seed, std::string_view name) {
  const auto [fan_in, fan_out] = fans(t);
  const double a = gain * std::sqrt(6.0 / double(fan_in + fan_out));
  uniform(t, -a, a, seed, name);
}

void xavier_normal(const Tensor& t, double gain, std::uint64_t seed, std::string_view name) {
  const auto [fan_in, fan_out] = fans(t);
  normal(t, 0.0, gain * std::sqrt(2.0 / double(fan_in + fan_out)), seed, name);
}

void kaiming_uniform(const Tensor& t, double a, std::uint64_t seed, std::string_view name) {
  const auto [fan_in, fan_out] = fans(t);
  const double bound = std::sqrt(6.0 / ((1.0 + a * a) * double(fan_in)));
  uniform(t, -bound, bound, seed, name);
}

}  // namespace simrec::nn::init

namespace simrec::nn {

void Init::apply(const Tensor& t, std::uint64_t seed, std::string_view name) const {
  switch (kind) {
    case Kind::Zeros: return init::zeros(t);
    case Kind::Ones: return init::ones(t);
    case Kind::Constant: return init::constant(t, a);
    case Kind::Uniform: return init::uniform(t, a, b, seed, name);
    case Kind::Normal: return init::normal(t, a, b, seed, name);
    case Kind::XavierUniform: return init::xavier_uniform(t, a, seed, name);
    case Kind::XavierNormal: return init::xavier_normal(t, a, seed, name);
    case Kind::KaimingUniform: return init::kaiming_uniform(t, a, seed, name);
  }
}

std::string Init::str() const {
  std::ostringstream os;
  switch (kind) {
    case Kind::Zeros: os << "zeros"; break;
    case Kind::Ones: os << "ones"; break;
    case Kind::Constant: os << "constant(" << a << ")"; break;
    case Kind::Uniform: os << "uniform(" << a << ", " << b << ")"; break;
    case Kind::Normal: os << "normal(" << a << ", " << b << ")"; break;
    case Kind::XavierUniform: os << "xavier_uniform(gain " << a << ")"; break;
    case Kind::XavierNormal: os << "xavier_normal(gain " << a << ")"; break;
    case Kind::KaimingUniform: os << "kaiming_uniform(a " << a << ")"; break;
  }
  return os.str();
}

}  // namespace simrec::nn
