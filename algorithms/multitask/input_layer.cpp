#include "algorithms/multitask/input_layer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "nn/ops/shape_ops.hpp"

namespace simrec::algorithms::multitask {

InputBatch make_input_batch(const datasets::MultiTaskTable& table, std::span<const std::size_t> rows, nn::DType dtype) {
  InputBatch b;
  b.rows = rows.size();
  const std::size_t nf = table.num_fields(), nd = table.num_dense();
  b.ids.assign(nf, std::vector<std::int64_t>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t f = 0; f < nf; ++f) b.ids[f][i] = std::int64_t(table.cat(rows[i], f));
  if (nd > 0) {
    b.dense = nn::Tensor::empty({std::int64_t(rows.size()), std::int64_t(nd)}, dtype);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const float* src = table.dense_row(rows[i]);
      if (dtype == nn::DType::F32)
        std::copy(src, src + nd, b.dense.data<float>() + i * nd);
      else
        std::copy(src, src + nd, b.dense.data<double>() + i * nd);
    }
  }
  return b;
}

std::int64_t InputLayer::auto_dim(std::uint32_t buckets) {
  const double bits = std::ceil(std::log2(std::max<double>(buckets, 1.0)));
  return std::clamp<std::int64_t>(std::int64_t(bits), 2, 64);
}

InputLayer::InputLayer(const std::vector<std::uint32_t>& field_buckets, std::int64_t num_dense, std::int64_t embedding_dim)
    : num_dense_(num_dense) {
  if (num_dense < 0 || embedding_dim < 0) throw std::invalid_argument("InputLayer: negative width");
  for (std::uint32_t buckets : field_buckets) {
    if (buckets == 0) throw std::invalid_argument("InputLayer: a categorical field has no buckets");
    const std::int64_t dim = embedding_dim > 0 ? embedding_dim : auto_dim(buckets);
    nn::Embedding& e = tables_.add(std::int64_t(buckets), dim, true);
    e.set_init("weight", nn::Init::normal(0.0, 1.0 / std::sqrt(double(dim))));
    dims_.push_back(dim);
    out_ += dim;
  }
  out_ += num_dense;
  if (out_ == 0) throw std::invalid_argument("InputLayer: no categorical field and no dense feature");
  register_module("tables", tables_);
}

nn::Tensor InputLayer::forward(const InputBatch& batch) const {
  if (batch.ids.size() != tables_.size())
    throw std::invalid_argument("InputLayer: batch has " + std::to_string(batch.ids.size()) + " categorical fields, the model " +
                                std::to_string(tables_.size()));
  std::vector<nn::Tensor> parts;
  for (std::size_t f = 0; f < tables_.size(); ++f) parts.push_back(tables_[f](batch.ids[f]));
  if (num_dense_ > 0) {
    if (!batch.dense.defined() || batch.dense.dim(1) != num_dense_)
      throw std::invalid_argument("InputLayer: batch dense block does not have " + std::to_string(num_dense_) + " columns");
    parts.push_back(batch.dense);
  }
  return parts.size() == 1 ? parts.front() : nn::concat(parts, 1);
}

}  // namespace simrec::algorithms::multitask
