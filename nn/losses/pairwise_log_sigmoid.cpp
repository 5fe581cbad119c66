#include "nn/losses/pairwise_log_sigmoid.hpp"

#include "nn/ops/elementwise.hpp"
#include "nn/ops/op_common.hpp"
#include "nn/ops/unary.hpp"

namespace simrec::nn {

Tensor pairwise_log_sigmoid(const Tensor& pos_scores, const Tensor& neg_scores,
                            Reduction reduction) {
  detail::check_defined("pairwise_log_sigmoid", pos_scores, "positive scores");
  detail::check_defined("pairwise_log_sigmoid", neg_scores, "negative scores");
  // sub checks dtypes and broadcasting, naming itself; name this loss in the message instead.
  detail::check_same_dtype("pairwise_log_sigmoid", pos_scores, neg_scores);
  broadcast_shapes(pos_scores.shape(), neg_scores.shape(), "pairwise_log_sigmoid");
  return reduce_loss(neg(log_sigmoid(sub(pos_scores, neg_scores))), reduction);
}

}  // namespace simrec::nn
