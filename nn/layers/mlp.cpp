#include "nn/layers/mlp.hpp"

#include <sstream>

namespace simrec::nn {

MLP::MLP(std::vector<std::int64_t> widths, MLPOptions options)
    : widths_(std::move(widths)), options_(options) {
  std::ostringstream list;
  for (std::size_t k = 0; k < widths_.size(); ++k) list << (k ? ", " : "") << widths_[k];
  if (widths_.size() < 2) fail("MLP", "needs at least {in, out} widths, got {", list.str(), "}");
  for (std::int64_t w : widths_)
    if (w <= 0) fail("MLP", "widths must be positive, got {", list.str(), "}");
  for (std::size_t k = 0; k + 1 < widths_.size(); ++k) {
    layers_.push_back(std::make_unique<Linear>(widths_[k], widths_[k + 1], options_.bias));
    register_module(std::to_string(k), *layers_.back());
  }
}

Tensor MLP::forward(const Tensor& x) const {
  Tensor h = x;
  for (std::size_t k = 0; k < layers_.size(); ++k) {
    h = layers_[k]->forward(h);
    if (k + 1 < layers_.size() || options_.final_activation) h = activate(options_.activation, h);
  }
  return h;
}

}  // namespace simrec::nn
