#include "nn/losses/softmax_cross_entropy.hpp"

#include "nn/ops/elementwise.hpp"
#include "nn/ops/op_common.hpp"
#include "nn/ops/softmax.hpp"

namespace simrec::nn {

Tensor softmax_cross_entropy(const Tensor& logits, const std::vector<std::int64_t>& labels,
                             Reduction reduction) {
  const char* op = "softmax_cross_entropy";
  detail::check_defined(op, logits, "logits");
  detail::check_rank(op, logits, 2, "logits [B, C]");
  const std::int64_t B = logits.shape()[0], C = logits.shape()[1];
  if (std::int64_t(labels.size()) != B)
    fail(op, labels.size(), " labels for logits ", describe(logits), " (need one per row)");
  for (std::int64_t b = 0; b < B; ++b)
    if (labels[b] < 0 || labels[b] >= C)
      fail(op, "label ", labels[b], " of row ", b, " is outside [0, C = ", C, ") for logits ",
           describe(logits));
  return reduce_loss(neg(log_softmax_pick(logits, labels)), reduction);
}

}  // namespace simrec::nn
