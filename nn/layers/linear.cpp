#include "nn/layers/linear.hpp"

#include <cmath>

#include "nn/ops/matmul.hpp"

namespace simrec::nn {

Linear::Linear(std::int64_t in_features, std::int64_t out_features, bool bias)
    : in_(in_features), out_(out_features) {
  if (in_features <= 0 || out_features <= 0)
    fail("Linear", "in_features and out_features must be positive, got ", in_features, " and ",
         out_features);
  weight_ = register_parameter("weight", Tensor::zeros({out_, in_}),
                               Init::kaiming_uniform(std::sqrt(5.0)));
  if (bias) {
    const double bound = 1.0 / std::sqrt(double(in_));
    bias_ = register_parameter("bias", Tensor::zeros({out_}), Init::uniform(-bound, bound));
  }
}

Tensor Linear::forward(const Tensor& x) const {
  require_initialized("Linear");
  return linear(x, weight_, bias_);
}

}  // namespace simrec::nn
