#pragma once
// Training and held-out losses of the candidate generator (SPEC §6), u = user vectors [B, D],
// v / c = the model's output embeddings / biases, T = temperature:
//   sampled_loss   nn::sampled_softmax_loss with the S ids of one sampler draw (shared by the
//                  batch): logits (u . v_j + c_j) / T - log Q(j) for the label and each draw
//                  (without the correction: no - log Q), sampled ids equal to the label masked
//   full_loss      softmax cross-entropy over all V videos with logits (u . v + c) / T
//   held_out_loss  mean full-softmax cross-entropy of rows (in-vocabulary labels only) with the
//                  network in eval mode: the exact quantity both losses estimate, used to pick the
//                  epoch (early stopping); NaN when no row has an in-vocabulary label
#include <cstdint>
#include <vector>

#include "algorithms/youtube_dnn/candidate_model.hpp"
#include "nn/losses/candidate_sampler.hpp"
#include "nn/losses/sampled_softmax.hpp"

namespace simrec::algorithms::youtube_dnn {

nn::Tensor sampled_loss(const CandidateModel& model, const nn::Tensor& u, const std::vector<std::int64_t>& labels,
                        const nn::CandidateSampler::Draw& draw, const nn::CandidateSampler& sampler,
                        const nn::SampledSoftmaxOptions& options);

nn::Tensor full_loss(const CandidateModel& model, const nn::Tensor& u, const std::vector<std::int64_t>& labels, double temperature);

double held_out_loss(const CandidateModel& model, const datasets::RetrievalSamples& rows, const BatchLimits& limits,
                     double serving_age_days, double temperature);

}  // namespace simrec::algorithms::youtube_dnn
