#include "algorithms/youtube_dnn/candidate_losses.hpp"

#include <limits>

#include "nn/core/autograd.hpp"
#include "nn/losses/softmax_cross_entropy.hpp"
#include "nn/ops/elementwise.hpp"
#include "nn/ops/indexing.hpp"
#include "nn/ops/matmul.hpp"
#include "nn/ops/reshape.hpp"

namespace simrec::algorithms::youtube_dnn {

nn::Tensor sampled_loss(const CandidateModel& model, const nn::Tensor& u, const std::vector<std::int64_t>& labels,
                        const nn::CandidateSampler::Draw& draw, const nn::CandidateSampler& sampler,
                        const nn::SampledSoftmaxOptions& options) {
  nn::SampledSoftmaxBatch b;
  b.labels = labels;
  b.sampled_ids = draw.ids;
  b.label_rows = nn::embedding(model.output_table(), labels);
  b.sampled_rows = nn::embedding(model.output_table(), draw.ids);
  if (model.output_bias().defined()) {
    const nn::Tensor column = nn::reshape(model.output_bias(), {model.output_bias().dim(0), 1});
    b.label_bias = nn::reshape(nn::embedding(column, labels), {std::int64_t(labels.size())});
    b.sampled_bias = nn::reshape(nn::embedding(column, draw.ids), {std::int64_t(draw.ids.size())});
  }
  if (options.logq_correction) {
    b.label_log_q = sampler.log_q(labels);
    b.sampled_log_q = draw.log_q;
  }
  return nn::sampled_softmax_loss(u, b, options);
}

nn::Tensor full_loss(const CandidateModel& model, const nn::Tensor& u, const std::vector<std::int64_t>& labels, double temperature) {
  nn::Tensor logits = nn::matmul_t(u, model.output_table());
  if (model.output_bias().defined()) logits = nn::add(logits, model.output_bias());
  if (temperature != 1.0) logits = logits / temperature;
  return nn::softmax_cross_entropy(logits, labels);
}

double held_out_loss(const CandidateModel& model, const datasets::RetrievalSamples& rows, const BatchLimits& limits,
                     double serving_age_days, double temperature) {
  nn::NoGradGuard no_grad;
  const std::int64_t V = model.shape().videos;
  std::vector<std::size_t> kept;
  for (std::size_t r = 0; r < rows.size(); ++r)
    if (std::int64_t(rows.label[r]) < V) kept.push_back(r);
  if (kept.empty()) return std::numeric_limits<double>::quiet_NaN();
  constexpr std::size_t kBlock = 512;
  double total = 0;
  std::vector<std::size_t> block;
  std::vector<std::int64_t> labels;
  for (std::size_t first = 0; first < kept.size(); first += kBlock) {
    block.assign(kept.begin() + std::ptrdiff_t(first), kept.begin() + std::ptrdiff_t(std::min(kept.size(), first + kBlock)));
    labels.clear();
    for (std::size_t r : block) labels.push_back(rows.label[r]);
    const nn::Tensor u = model.user_vectors(make_batch(rows, block, model.shape().features, limits, serving_age_days));
    total += full_loss(model, u, labels, temperature).item() * double(block.size());
  }
  return total / double(kept.size());
}

}  // namespace simrec::algorithms::youtube_dnn
