#include "nn/layers/mlp.hpp"

#include <cmath>
#include <sstream>

#include "nn/ops/dropout.hpp"
#include "sim/random/philox.hpp"

namespace simrec::nn {

MLP::MLP(std::vector<std::int64_t> widths, MLPOptions options)
    : widths_(std::move(widths)), options_(options) {
  std::ostringstream list;
  for (std::size_t k = 0; k < widths_.size(); ++k) list << (k ? ", " : "") << widths_[k];
  if (widths_.size() < 2) fail("MLP", "needs at least {in, out} widths, got {", list.str(), "}");
  for (std::int64_t w : widths_)
    if (w <= 0) fail("MLP", "widths must be positive, got {", list.str(), "}");
  if (!(options_.dropout >= 0 && options_.dropout < 1))
    fail("MLP", "dropout = ", options_.dropout, " is invalid (must be in [0, 1))");
  for (std::size_t k = 0; k + 1 < widths_.size(); ++k) {
    layers_.push_back(std::make_unique<Linear>(widths_[k], widths_[k + 1], options_.bias));
    register_module(std::to_string(k), *layers_.back());
  }
}

Tensor MLP::forward(const Tensor& x) const { return run(x, nullptr); }

Tensor MLP::forward(const Tensor& x, std::uint64_t step) const { return run(x, &step); }

Tensor MLP::run(const Tensor& x, const std::uint64_t* step) const {
  const bool drop = options_.dropout > 0 && training() && layers_.size() > 1;
  if (drop && step == nullptr)
    fail("MLP", "dropout ", options_.dropout, " is active in training mode: call forward(x, step) "
                "with the training step (or eval() for inference)");
  Tensor h = x;
  for (std::size_t k = 0; k < layers_.size(); ++k) {
    h = layers_[k]->forward(h);
    const bool hidden = k + 1 < layers_.size();
    if (hidden || options_.final_activation) h = activate(options_.activation, h);
    if (hidden && drop) {
      const std::uint64_t site_seed = random::mix64(options_.dropout_seed ^ random::mix64(k + 1));
      h = dropout(h, options_.dropout, site_seed, *step, true);
    }
  }
  return h;
}

}  // namespace simrec::nn
