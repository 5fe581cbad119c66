#pragma once
// Stochastic gradient descent with momentum, PyTorch semantics (torch.optim.SGD). Per element,
// with gradient g at this parameter's step t:
//   d = g + weight_decay * p
//   if momentum != 0:  buf = (t == 1) ? d : momentum * buf + (1 - dampening) * d
//                      d = nesterov ? d + momentum * buf : buf
//   p = p - lr * d
// Nesterov needs momentum > 0 and dampening = 0 (as in PyTorch).
// Row-sparse gradients update only the touched rows (weight decay included). The momentum buffer
// of a sparse parameter starts at zero and every touched row uses the t > 1 rule, so a row's first
// update is scaled by (1 - dampening) — the dense rule with dampening 0; untouched rows keep their
// buffer undecayed.

#include "nn/optim/optimizer.hpp"

namespace simrec::nn {

struct SGDOptions {
  double lr = 0.01;
  double momentum = 0.0;
  double dampening = 0.0;
  bool nesterov = false;
  double weight_decay = 0.0;
};

class SGD : public Optimizer {
 public:
  SGD(std::vector<NamedTensor> params, SGDOptions options);
  const SGDOptions& options() const { return options_; }

 protected:
  void update_range(std::size_t i, std::int64_t offset, std::int64_t n, const Tensor& g,
                    std::int64_t g_offset, bool sparse) override;

 private:
  SGDOptions options_;
  int momentum_slot_ = -1;
};

}  // namespace simrec::nn
