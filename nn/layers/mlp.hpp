#pragma once
// MLP tower: Linear layers through widths {in, h1, ..., out}, each followed by the activation
// except the last (unless final_activation). Children are the Linear layers, named by position
// "0", "1", ... (so parameters read "0.weight", "1.bias"; PyTorch's nn.Sequential would number the
// activations too, "0", "2", ... — rename when copying weights). Input [..., in] -> [..., out].
//
// Dropout (p = options.dropout > 0) follows every hidden layer's activation, never the output
// layer, and is active only in training mode (Module::train). Its mask is nn::dropout's
// counter-based one: site k (after hidden layer k) uses seed mix64(dropout_seed ^ mix64(k + 1))
// and the caller's training step, so give each MLP of a model its own dropout_seed and call
// forward(x, step) with a new step per optimizer step; forward(x) refuses to run when dropout
// would apply, rather than silently reuse a mask.

#include <memory>
#include <vector>

#include "nn/layers/activation.hpp"
#include "nn/layers/linear.hpp"

namespace simrec::nn {

struct MLPOptions {
  Activation activation = Activation::Relu;
  bool final_activation = false;  // apply the activation after the last layer too
  bool bias = true;
  double dropout = 0.0;             // in [0, 1)
  std::uint64_t dropout_seed = 0;   // distinct per MLP of a model
};

class MLP : public Module {
 public:
  // widths: at least {in, out}; all positive.
  explicit MLP(std::vector<std::int64_t> widths, MLPOptions options = {});

  Tensor forward(const Tensor& x) const;
  // With the training step that drives the dropout masks.
  Tensor forward(const Tensor& x, std::uint64_t step) const;
  Tensor operator()(const Tensor& x) const { return forward(x); }
  Tensor operator()(const Tensor& x, std::uint64_t step) const { return forward(x, step); }

  std::int64_t in_features() const { return widths_.front(); }
  std::int64_t out_features() const { return widths_.back(); }
  const std::vector<std::int64_t>& widths() const { return widths_; }
  const MLPOptions& options() const { return options_; }
  const Linear& layer(std::size_t k) const { return *layers_.at(k); }
  std::size_t depth() const { return layers_.size(); }

 private:
  Tensor run(const Tensor& x, const std::uint64_t* step) const;

  std::vector<std::int64_t> widths_;
  MLPOptions options_;
  std::vector<std::unique_ptr<Linear>> layers_;
};

}  // namespace simrec::nn
