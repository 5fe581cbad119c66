#include "algorithms/adascene/dselect_gate.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "nn/ops/elementwise.hpp"
#include "nn/ops/indexing.hpp"
#include "nn/ops/matmul.hpp"
#include "nn/ops/reduce.hpp"
#include "nn/ops/reshape.hpp"
#include "nn/ops/shape_ops.hpp"
#include "nn/ops/softmax.hpp"
#include "nn/ops/unary.hpp"

namespace simrec::algorithms::adascene {

nn::Tensor smooth_step(const nn::Tensor& t, double gamma) {
  const nn::Tensor c = nn::clamp(t, -gamma / 2, gamma / 2);
  // The outer clamp only removes float rounding past [0, 1] at the ends (1 - S must never be
  // negative: the entropy's log would be NaN); inside, its gradient is the identity.
  return nn::clamp(nn::affine(c * c * c, -2.0 / (gamma * gamma * gamma), 0.0) + nn::affine(c, 1.5 / gamma, 0.5), 0.0, 1.0);
}

std::int64_t code_bits(std::int64_t n) {
  std::int64_t m = 0;
  while ((std::int64_t(1) << m) < n) ++m;
  return m;
}

namespace {
const DSelectOptions& checked(const DSelectOptions& o) {
  if (o.n_experts < 2 || o.k < 1 || !(o.gamma > 0))
    throw std::invalid_argument("DSelectGate: needs n_experts >= 2, k >= 1 and gamma > 0, got n = " + std::to_string(o.n_experts) +
                                ", k = " + std::to_string(o.k) + ", gamma = " + std::to_string(o.gamma));
  return o;
}
}  // namespace

DSelectGate::DSelectGate(std::int64_t num_scenarios, DSelectOptions options)
    : o_(checked(options)), m_(code_bits(options.n_experts)), z_(num_scenarios, options.k * code_bits(options.n_experts), true),
      w_(num_scenarios, options.k, true) {
  z_.set_init("weight", nn::Init::uniform(-o_.gamma / 2, o_.gamma / 2));
  w_.set_init("weight", nn::Init::normal(0.0, 0.01));
  register_module("z", z_);
  register_module("w", w_);
  for (std::int64_t b = 0; b < m_; ++b) {
    std::vector<std::int64_t> cols;
    for (std::int64_t e = 0; e < o_.n_experts; ++e) cols.push_back((e >> b) & 1 ? b : m_ + b);
    bit_columns_.push_back(std::move(cols));
  }
}

DSelectGate::Selection DSelectGate::select(const std::vector<std::int64_t>& unique_keys) const {
  const std::int64_t U = std::int64_t(unique_keys.size()), k = o_.k, n = o_.n_experts;
  const nn::Tensor s = smooth_step(nn::reshape(z_(unique_keys), {U * k, m_}), o_.gamma);
  const nn::Tensor both = nn::concat({s, 1.0 - s}, 1);  // [U k, 2m]: column b is S(z_b), m + b is 1 - S(z_b)
  nn::Tensor r;
  for (std::int64_t b = 0; b < m_; ++b) {
    std::vector<std::int64_t> idx;
    idx.reserve(std::size_t(U * k * n));
    for (std::int64_t row = 0; row < U * k; ++row) idx.insert(idx.end(), bit_columns_[b].begin(), bit_columns_[b].end());
    const nn::Tensor factor = nn::gather(both, idx, n);  // [U k, n]
    r = b == 0 ? factor : r * factor;
  }
  const nn::Tensor mix = nn::reshape(nn::softmax(w_(unique_keys), 1), {U, 1, k});
  const nn::Tensor a = nn::reshape(nn::bmm(mix, nn::reshape(r, {U, k, n})), {U, n});
  return {r, a};
}

nn::Tensor DSelectGate::regulariser(const Selection& s, std::int64_t num_keys) const {
  const double per_key = 1.0 / double(num_keys);
  nn::Tensor reg = nn::sum_all(s.r * nn::log(s.r + 1e-12)) * (-o_.entropy_weight * per_key);
  if ((std::int64_t(1) << m_) != o_.n_experts) {
    const nn::Tensor mass = nn::sum(s.r, {1});  // [U k]
    reg = reg + nn::sum_all(nn::pow(mass, -1.0)) * (o_.nonpower_weight * per_key);
  }
  return reg;
}

GateOutput DSelectGate::forward(const std::vector<std::int64_t>& keys, const nn::Tensor&) const {
  const KeyIndex index = index_keys(keys);
  const Selection s = select(index.unique);
  return {nn::index_select(s.a, index.position), regulariser(s, std::int64_t(index.unique.size()))};
}

}  // namespace simrec::algorithms::adascene
