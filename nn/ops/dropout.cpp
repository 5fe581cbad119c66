#include "nn/ops/dropout.hpp"

#include "nn/ops/elementwise.hpp"
#include "nn/ops/op_common.hpp"

namespace simrec::nn {

namespace {
void check_probability(double p) {
  if (!(p >= 0.0 && p < 1.0)) fail("dropout", "drop probability p must lie in [0, 1), got ", p);
}
}  // namespace

Tensor dropout_mask(const Shape& shape, DType dtype, double p, std::uint64_t seed,
                    std::uint64_t step) {
  check_probability(p);
  Tensor mask = Tensor::empty(shape, dtype);
  const random::Key key = random::stream_key(seed, "nn/dropout");
  detail::dispatch(dtype, [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(kernels<T>(mask.device()), dropout_mask)(mask.numel(), T(p), key, step,
                                                           mask.data<T>());
  });
  return mask;
}

Tensor dropout(const Tensor& x, double p, std::uint64_t seed, std::uint64_t step, bool training) {
  detail::check_defined("dropout", x, "input");
  check_probability(p);
  if (!training || p == 0.0) return x;
  return mul(x, dropout_mask(x.shape(), x.dtype(), p, seed, step));
}

}  // namespace simrec::nn
