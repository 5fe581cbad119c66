#pragma once
// Linear layer: y = x W^T + b, PyTorch's layout (weight [out, in], bias [out]) and initialisation
// (weight kaiming_uniform(a = sqrt(5)), i.e. U(-1/sqrt(in), 1/sqrt(in)); bias U(-1/sqrt(in),
// 1/sqrt(in))). Input [..., in] -> output [..., out]. Parameters: "weight", "bias" (when bias).

#include "nn/module.hpp"

namespace simrec::nn {

class Linear : public Module {
 public:
  Linear(std::int64_t in_features, std::int64_t out_features, bool bias = true);

  Tensor forward(const Tensor& x) const;
  Tensor operator()(const Tensor& x) const { return forward(x); }

  std::int64_t in_features() const { return in_; }
  std::int64_t out_features() const { return out_; }
  const Tensor& weight() const { return weight_; }
  const Tensor& bias() const { return bias_; }  // undefined without bias

 private:
  std::int64_t in_, out_;
  Tensor weight_, bias_;
};

}  // namespace simrec::nn
