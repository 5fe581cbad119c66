#include "nn/losses/sampled_softmax.hpp"

#include <cmath>
#include <limits>
#include <unordered_map>

#include "nn/ops/elementwise.hpp"
#include "nn/ops/matmul.hpp"
#include "nn/ops/op_common.hpp"
#include "nn/ops/reduce.hpp"
#include "nn/ops/softmax.hpp"
#include "nn/ops/unary.hpp"

namespace simrec::nn {

namespace {

constexpr const char* kOp = "sampled_softmax_loss";

void check_vector_tensor(const Tensor& t, std::int64_t n, const char* what, const Tensor& user) {
  if (!t.defined()) return;
  detail::check_same_dtype(kOp, user, t);
  if (t.shape() != Shape{n}) fail(kOp, what, " must be [", n, "], got ", describe(t));
}

void check_log_q(const std::vector<double>& log_q, const std::vector<std::int64_t>& ids,
                 const char* what) {
  if (log_q.size() != ids.size())
    fail(kOp, what, " has ", log_q.size(), " entries for ", ids.size(), " ids");
  for (std::size_t k = 0; k < log_q.size(); ++k)
    if (!std::isfinite(log_q[k]))
      fail(kOp, what, "[", k, "] = ", log_q[k], " for id ", ids[k],
           " (log Q must be finite: the sampler can never draw this id)");
}

Tensor constant(const Shape& shape, const std::vector<double>& values, DType dtype) {
  Tensor t = Tensor::from(shape, values);
  return dtype == DType::F64 ? t : t.to(dtype);
}

// [B, S]: lowest float where sampled_ids[k] == labels[b], 0 elsewhere; undefined when no hit.
Tensor accidental_hit_mask(const std::vector<std::int64_t>& labels,
                           const std::vector<std::int64_t>& sampled_ids, DType dtype) {
  std::unordered_map<std::int64_t, std::vector<std::int64_t>> columns;  // id -> its positions
  for (std::size_t k = 0; k < sampled_ids.size(); ++k) columns[sampled_ids[k]].push_back(k);
  const std::int64_t B = labels.size(), S = sampled_ids.size();
  Tensor mask;
  for (std::int64_t b = 0; b < B; ++b) {
    const auto it = columns.find(labels[b]);
    if (it == columns.end()) continue;
    if (!mask.defined()) mask = Tensor::zeros(Shape{B, S}, dtype);
    detail::dispatch(dtype, [&](auto tag) {
      using T = decltype(tag);
      for (std::int64_t k : it->second)
        mask.data<T>()[b * S + k] = T(std::numeric_limits<float>::lowest());
    });
  }
  return mask;
}

}  // namespace

Tensor sampled_softmax_loss(const Tensor& user, const SampledSoftmaxBatch& batch,
                            const SampledSoftmaxOptions& options) {
  detail::check_defined(kOp, user, "user");
  detail::check_defined(kOp, batch.label_rows, "label_rows");
  detail::check_defined(kOp, batch.sampled_rows, "sampled_rows");
  detail::check_rank(kOp, user, 2, "user [B, D]");
  detail::check_same_dtype(kOp, user, batch.label_rows);
  detail::check_same_dtype(kOp, user, batch.sampled_rows);
  const std::int64_t B = user.shape()[0], D = user.shape()[1];
  if (batch.label_rows.shape() != user.shape())
    fail(kOp, "label_rows ", describe(batch.label_rows), " must match user ", describe(user));
  const Tensor& sampled = batch.sampled_rows;
  if (sampled.rank() != 2 || sampled.shape()[1] != D || sampled.shape()[0] == 0)
    fail(kOp, "sampled_rows must be [S, ", D, "] with S >= 1, got ", describe(sampled),
         " (user ", describe(user), ")");
  const std::int64_t S = sampled.shape()[0];
  check_vector_tensor(batch.label_bias, B, "label_bias", user);
  check_vector_tensor(batch.sampled_bias, S, "sampled_bias", user);
  if (std::int64_t(batch.labels.size()) != B)
    fail(kOp, batch.labels.size(), " labels for user ", describe(user));
  if (std::int64_t(batch.sampled_ids.size()) != S)
    fail(kOp, batch.sampled_ids.size(), " sampled ids for sampled_rows ", describe(sampled));
  if (!(options.temperature > 0) || !std::isfinite(options.temperature))
    fail(kOp, "temperature must be finite and > 0, got ", options.temperature);

  Tensor positive = sum(mul(user, batch.label_rows), {1});  // [B]
  Tensor negatives = matmul_t(user, sampled);                 // [B, S]
  if (batch.label_bias.defined()) positive = add(positive, batch.label_bias);
  if (batch.sampled_bias.defined()) negatives = add(negatives, batch.sampled_bias);
  if (options.temperature != 1.0) {
    positive = affine(positive, 1.0 / options.temperature, 0.0);
    negatives = affine(negatives, 1.0 / options.temperature, 0.0);
  }
  if (options.logq_correction) {
    check_log_q(batch.label_log_q, batch.labels, "label_log_q");
    check_log_q(batch.sampled_log_q, batch.sampled_ids, "sampled_log_q");
    positive = sub(positive, constant(Shape{B}, batch.label_log_q, user.dtype()));
    negatives = sub(negatives, constant(Shape{S}, batch.sampled_log_q, user.dtype()));
  }
  if (options.remove_accidental_hits) {
    const Tensor mask = accidental_hit_mask(batch.labels, batch.sampled_ids, user.dtype());
    if (mask.defined()) negatives = add(negatives, mask);
  }
  const Tensor per_example = neg(log_sigmoid(sub(positive, logsumexp(negatives, 1))));
  return reduce_loss(per_example, options.reduction);
}

}  // namespace simrec::nn
