#pragma once
// Sampled softmax with log-Q correction and accidental-hit removal (SPEC §6, YouTube DNN
// candidate generation; Jean et al. 2015, Bengio & Senecal 2008, Yi et al. 2019).
//
// Shape letters: B examples, D embedding width, S shared sampled negatives, V vocabulary.
// For example b with user vector u_b and label y_b, the candidate columns are the positive
// (column 0) and the S sampled ids s_1..s_S shared by the batch:
//
//   l_b0 = (u_b . v_{y_b} + c_{y_b}) / T - log Q(y_b)
//   l_bk = (u_b . v_{s_k} + c_{s_k}) / T - log Q(s_k)       (k = 1..S)
//   l_bk = -inf-like (lowest float) when s_k == y_b            (accidental hit)
//   loss_b = -log( e^{l_b0} / sum_{k=0..S} e^{l_bk} )        (cross-entropy, positive in column 0)
//
// v, c = output embeddings and biases (c optional). The temperature T divides the raw logits
// BEFORE the correction (the correction is a property of the sampler, not of the score scale).
// With the correction off, the `- log Q` terms are dropped; with hit removal off, the mask is
// dropped. Masking uses the lowest finite float (as TensorFlow does) rather than -inf: the
// probability is exactly 0 either way, but an example whose every negative is a hit then gets
// loss 0 instead of NaN.
//
// Computed from primitives (so every gradient comes from their rules):
//   pos = sum(u * v_y, 1) [B],  neg = matmul_t(u, v_s) [B, S],  loss_b = softplus(logsumexp(neg_b)
//   - pos_b) = -log_sigmoid(pos_b - logsumexp(neg_b)) — equal to the cross-entropy above and
//   stable for any logit range (no concat of the positive column needed).
//
// Gradient bias: with the correction on and hit removal off, the gradient converges to the full
// softmax gradient as S grows. With hit removal on, it converges instead to the gradient of
// -log(p_y / (1 - p_y)) (the positive is excluded from the normaliser's estimate); the difference
// is O(p_y), negligible for large vocabularies.
//
// The rows are gathered by the caller: label_rows = v[labels], sampled_rows = v[sampled ids]
// (index_select / embedding lookup on the output table; on a sparse-grad table that gives
// row-sparse gradients). Full softmax, for small corpora, is
// softmax_cross_entropy(add(matmul_t(u, v), c), labels).

#include <cstdint>
#include <vector>

#include "nn/core/tensor.hpp"
#include "nn/losses/reduction.hpp"

namespace simrec::nn {

struct SampledSoftmaxOptions {
  bool logq_correction = true;
  bool remove_accidental_hits = true;
  double temperature = 1.0;  // > 0
  Reduction reduction = Reduction::Mean;
};

// One batch's output-layer rows and sampling information.
struct SampledSoftmaxBatch {
  Tensor label_rows;                    // [B, D]  v_{labels[b]}
  Tensor label_bias;                    // [B]     c_{labels[b]}, or undefined (no bias)
  Tensor sampled_rows;                  // [S, D]  v_{sampled_ids[k]}
  Tensor sampled_bias;                  // [S]     c_{sampled_ids[k]}, or undefined
  std::vector<std::int64_t> labels;     // [B]  (for accidental hits)
  std::vector<std::int64_t> sampled_ids;  // [S]
  std::vector<double> label_log_q;      // [B]  log Q(labels[b]); needed with the correction
  std::vector<double> sampled_log_q;    // [S]  log Q(sampled_ids[k]); needed with the correction
};

// user [B, D] -> loss (0-D for Mean / Sum, [B] for None).
Tensor sampled_softmax_loss(const Tensor& user, const SampledSoftmaxBatch& batch,
                            const SampledSoftmaxOptions& options = {});

}  // namespace simrec::nn
