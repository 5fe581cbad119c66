#pragma once
// MLP tower: Linear layers through widths {in, h1, ..., out}, each followed by the activation
// except the last (unless final_activation). Children are the Linear layers, named by position
// "0", "1", ... (so parameters read "0.weight", "1.bias"; PyTorch's nn.Sequential would number the
// activations too, "0", "2", ... — rename when copying weights). Input [..., in] -> [..., out].

#include <memory>
#include <vector>

#include "nn/layers/activation.hpp"
#include "nn/layers/linear.hpp"

namespace simrec::nn {

struct MLPOptions {
  Activation activation = Activation::Relu;
  bool final_activation = false;  // apply the activation after the last layer too
  bool bias = true;
};

class MLP : public Module {
 public:
  // widths: at least {in, out}; all positive.
  explicit MLP(std::vector<std::int64_t> widths, MLPOptions options = {});

  Tensor forward(const Tensor& x) const;
  Tensor operator()(const Tensor& x) const { return forward(x); }

  std::int64_t in_features() const { return widths_.front(); }
  std::int64_t out_features() const { return widths_.back(); }
  const std::vector<std::int64_t>& widths() const { return widths_; }
  const Linear& layer(std::size_t k) const { return *layers_.at(k); }
  std::size_t depth() const { return layers_.size(); }

 private:
  std::vector<std::int64_t> widths_;
  MLPOptions options_;
  std::vector<std::unique_ptr<Linear>> layers_;
};

}  // namespace simrec::nn
