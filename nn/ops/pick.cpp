#include "nn/ops/pick.hpp"

#include "nn/ops/indexing.hpp"
#include "nn/ops/op_common.hpp"
#include "nn/ops/reshape.hpp"

namespace simrec::nn {

Tensor pick(const Tensor& x, const std::vector<std::int64_t>& labels) {
  detail::check_defined("pick", x, "input");
  detail::check_rank("pick", x, 2, "input");
  const i64 B = x.shape()[0], C = x.shape()[1];
  if (i64(labels.size()) != B)
    fail("pick", labels.size(), " labels for input ", describe(x), " (need one per row)");
  for (i64 b = 0; b < B; ++b)
    if (labels[b] < 0 || labels[b] >= C)
      fail("pick", "label ", labels[b], " of row ", b, " is outside [0, C = ", C, ") for input ",
           describe(x));
  return reshape(gather(x, labels, 1), Shape{B});
}

}  // namespace simrec::nn
