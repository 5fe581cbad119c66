#pragma once
// The masked multi-task objective (SPEC §6). Shape letters: B batch rows, T tasks.
//
// Per cell (b, t), with z = the network's raw output and y the label:
//   binary task      l = max(z, 0) - z y + log(1 + e^-|z|)   (BCE with logits; prediction sigmoid(z))
//   regression task  l = (z - y)^2
// m[b, t] = 1 when task t applies to row b (the table's mask; empty = everywhere), else 0;
// n_t = sum_b m[b, t]. Task loss L_t = sum_b m[b, t] l[b, t] / n_t (0 when n_t = 0). With
// A = {t : n_t > 0} the tasks present in the batch and w_t the task weights (task_weights.hpp):
//   static / rarity   J = sum_{t in A} w_t L_t / |A|
//   uncertainty       J = sum_{t in A} w_t (k_t e^{-s_t} L_t + s_t / 2) / |A|
//                     s_t = log sigma_t^2 learned (starts at 0); k_t = 1/2 for regression
//                     (L / (2 sigma^2) + log sigma) and 1 for binary (L / sigma^2 + log sigma),
//                     Kendall, Gal & Cipolla (CVPR 2018), eqs. 7 and 10.
// Masked cells are multiplied by an exact 0, so they send exactly zero gradient (labels of masked
// cells are replaced by 0 when the batch is built, so a NaN placeholder cannot leak in).

#include <cstdint>
#include <span>
#include <vector>

#include "datasets/multitask_table.hpp"
#include "nn/core/tensor.hpp"

namespace simrec::algorithms::multitask {

struct BatchTargets {
  nn::Tensor labels;                  // [B, T]; masked cells 0
  nn::Tensor mask;                    // [B, T] of 0 / 1
  std::vector<std::int64_t> counts;   // n_t
  std::size_t active_tasks() const;   // |A|
};

BatchTargets make_targets(const datasets::MultiTaskTable& table, std::span<const std::size_t> rows,
                          nn::DType dtype = nn::DType::F32);

// L [T] from raw outputs [B, T].
nn::Tensor per_task_loss(const nn::Tensor& outputs, const BatchTargets& targets, const std::vector<std::uint8_t>& is_binary);

// J from L [T]; log_variance [T] (s) switches on the uncertainty form, undefined otherwise.
// Needs at least one active task.
nn::Tensor combine_task_losses(const nn::Tensor& task_loss, const BatchTargets& targets, const std::vector<double>& weights,
                               const std::vector<std::uint8_t>& is_binary, const nn::Tensor& log_variance = nn::Tensor());

}  // namespace simrec::algorithms::multitask
