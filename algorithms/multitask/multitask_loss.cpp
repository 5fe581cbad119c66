#include "algorithms/multitask/multitask_loss.hpp"

#include <stdexcept>

#include "nn/losses/bce_with_logits.hpp"
#include "nn/ops/elementwise.hpp"
#include "nn/ops/reduce.hpp"
#include "nn/ops/unary.hpp"

namespace simrec::algorithms::multitask {

namespace {

nn::Tensor vector_tensor(const nn::Shape& shape, const std::vector<double>& v, nn::DType dtype) {
  return nn::Tensor::from(shape, v).to(dtype);
}

}  // namespace

std::size_t BatchTargets::active_tasks() const {
  std::size_t n = 0;
  for (std::int64_t c : counts) n += c > 0;
  return n;
}

BatchTargets make_targets(const datasets::MultiTaskTable& table, std::span<const std::size_t> rows, nn::DType dtype) {
  const std::size_t T = table.num_tasks(), B = rows.size();
  std::vector<double> labels(B * T, 0.0), mask(B * T, 0.0);
  BatchTargets out;
  out.counts.assign(T, 0);
  for (std::size_t i = 0; i < B; ++i)
    for (std::size_t t = 0; t < T; ++t)
      if (table.applies(rows[i], t)) {
        labels[i * T + t] = table.label(rows[i], t);
        mask[i * T + t] = 1.0;
        ++out.counts[t];
      }
  const nn::Shape shape{std::int64_t(B), std::int64_t(T)};
  out.labels = vector_tensor(shape, labels, dtype);
  out.mask = vector_tensor(shape, mask, dtype);
  return out;
}

nn::Tensor per_task_loss(const nn::Tensor& outputs, const BatchTargets& targets, const std::vector<std::uint8_t>& is_binary) {
  const std::int64_t B = targets.labels.dim(0), T = targets.labels.dim(1);
  if (outputs.rank() != 2 || outputs.dim(0) != B || outputs.dim(1) != T || std::int64_t(is_binary.size()) != T)
    throw std::invalid_argument("per_task_loss: outputs " + nn::describe(outputs) + " do not match the targets " +
                                nn::describe(targets.labels));
  // Per-cell coefficients m[b, t] / n_t, split by the task's loss kind.
  std::vector<double> inv(std::size_t(T), 0.0);
  bool any_binary = false, any_regression = false;
  for (std::int64_t t = 0; t < T; ++t) {
    if (targets.counts[std::size_t(t)] > 0) inv[std::size_t(t)] = 1.0 / double(targets.counts[std::size_t(t)]);
    (is_binary[std::size_t(t)] ? any_binary : any_regression) = true;
  }
  const std::vector<double> mask = targets.mask.to_vector();
  std::vector<double> cb(mask.size(), 0.0), cr(mask.size(), 0.0);
  for (std::int64_t b = 0; b < B; ++b)
    for (std::int64_t t = 0; t < T; ++t) {
      const std::size_t i = std::size_t(b * T + t);
      (is_binary[std::size_t(t)] ? cb : cr)[i] = mask[i] * inv[std::size_t(t)];
    }
  const nn::DType dt = outputs.dtype();
  nn::Tensor weighted;
  if (any_binary)
    weighted = nn::bce_with_logits(outputs, targets.labels, nn::Tensor(), nn::Reduction::None) * vector_tensor({B, T}, cb, dt);
  if (any_regression) {
    const nn::Tensor diff = outputs - targets.labels;
    const nn::Tensor sq = diff * diff * vector_tensor({B, T}, cr, dt);
    weighted = weighted.defined() ? weighted + sq : sq;
  }
  return nn::sum(weighted, {0});
}

nn::Tensor combine_task_losses(const nn::Tensor& task_loss, const BatchTargets& targets, const std::vector<double>& weights,
                               const std::vector<std::uint8_t>& is_binary, const nn::Tensor& log_variance) {
  const std::size_t T = targets.counts.size(), active = targets.active_tasks();
  if (active == 0) throw std::invalid_argument("combine_task_losses: no task applies to any row of the batch");
  if (weights.size() != T || is_binary.size() != T) throw std::invalid_argument("combine_task_losses: one weight per task expected");
  std::vector<double> c(T, 0.0), k(T, 0.0);
  for (std::size_t t = 0; t < T; ++t) {
    if (targets.counts[t] > 0) c[t] = weights[t] / double(active);
    k[t] = is_binary[t] ? 1.0 : 0.5;
  }
  const nn::DType dt = task_loss.dtype();
  const nn::Shape shape{std::int64_t(T)};
  if (!log_variance.defined()) return nn::sum_all(task_loss * vector_tensor(shape, c, dt));
  const nn::Tensor term = vector_tensor(shape, k, dt) * nn::exp(-log_variance) * task_loss + log_variance * 0.5;
  return nn::sum_all(term * vector_tensor(shape, c, dt));
}

}  // namespace simrec::algorithms::multitask
