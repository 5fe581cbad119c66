#pragma once
// Adagrad, PyTorch semantics (torch.optim.Adagrad without lr_decay). Per element:
//   d = g + weight_decay * p
//   sum = sum + d * d                  (sum starts at initial_accumulator_value)
//   p = p - lr * d / (sqrt(sum) + eps)
// Row-sparse gradients update only the touched rows' values and sums (as PyTorch's sparse
// Adagrad; weight decay, which PyTorch refuses for sparse gradients, applies to touched rows only).

#include "nn/optim/optimizer.hpp"

namespace simrec::nn {

struct AdagradOptions {
  double lr = 0.01;
  double eps = 1e-10;
  double weight_decay = 0.0;
  double initial_accumulator_value = 0.0;
};

class Adagrad : public Optimizer {
 public:
  Adagrad(std::vector<NamedTensor> params, AdagradOptions options);
  const AdagradOptions& options() const { return options_; }

 protected:
  void update_range(std::size_t i, std::int64_t offset, std::int64_t n, const Tensor& g,
                    std::int64_t g_offset, bool sparse) override;

 private:
  AdagradOptions options_;
  int sum_slot_ = -1;
};

}  // namespace simrec::nn
