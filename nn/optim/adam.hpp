#pragma once
// Adam and AdamW, PyTorch semantics (torch.optim.Adam / AdamW, amsgrad off). Per element, at this
// parameter's step t (bias_c1 = 1 - beta1^t, bias_c2 = 1 - beta2^t, computed in float64):
//   Adam:   d = g + weight_decay * p              (L2 penalty folded into the gradient)
//   AdamW:  p = p * (1 - lr * weight_decay); d = g (decoupled decay)
//   m = m + (1 - beta1) * (d - m)                 (torch's lerp)
//   v = beta2 * v + (1 - beta2) * d * d
//   p = p - (lr / bias_c1) * m / (sqrt(v) / sqrt(bias_c2) + eps)   (eps after the square root)
// Row-sparse gradients: the "lazy" variant of torch.optim.SparseAdam — only touched rows update
// their m, v and values; untouched rows' moments are NOT decayed, and t counts the steps in which
// the parameter had any gradient (so a row touched rarely sees an aggressive bias correction, as
// in SparseAdam). Weight decay, which SparseAdam lacks, applies to touched rows only. The touched
// rows use Adam's formula above, eps included; SparseAdam adds eps before the bias correction
// (its eps is effectively eps / sqrt(bias_c2)), a difference that vanishes for small eps
// (tests/nn/optim_test.cpp compares the two over five steps at eps = 1e-8).

#include "nn/optim/optimizer.hpp"

namespace simrec::nn {

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
};

// PyTorch's AdamW defaults differ only in weight_decay.
struct AdamWOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 1e-2;
};

class Adam : public Optimizer {
 public:
  Adam(std::vector<NamedTensor> params, AdamOptions options);
  const AdamOptions& options() const { return options_; }

 protected:
  Adam(std::string kind, std::vector<NamedTensor> params, AdamOptions options, bool decoupled);
  void update_range(std::size_t i, std::int64_t offset, std::int64_t n, const Tensor& g,
                    std::int64_t g_offset, bool sparse) override;

 private:
  AdamOptions options_;
  bool decoupled_ = false;
  int m_slot_ = -1, v_slot_ = -1;
};

class AdamW : public Adam {
 public:
  AdamW(std::vector<NamedTensor> params, AdamWOptions options);
};

}  // namespace simrec::nn
