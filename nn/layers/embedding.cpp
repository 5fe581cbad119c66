#include "nn/layers/embedding.hpp"

#include "nn/ops/indexing.hpp"

namespace simrec::nn {

namespace {
void check_sizes(const char* op, std::int64_t rows, std::int64_t dim) {
  if (rows <= 0 || dim <= 0) fail(op, "rows and dim must be positive, got ", rows, " and ", dim);
}
}  // namespace

SharedTable::SharedTable(std::int64_t rows, std::int64_t dim, bool sparse_grad, Init rule) {
  check_sizes("SharedTable", rows, dim);
  weight_ = register_parameter("weight", Tensor::zeros({rows, dim}), rule);
  weight_.set_sparse_grad(sparse_grad);
}

TableLayer::TableLayer(const char* op, std::int64_t rows, std::int64_t dim, bool sparse_grad) {
  check_sizes(op, rows, dim);
  own_ = register_parameter("weight", Tensor::zeros({rows, dim}), Init::normal(0.0, 1.0));
  own_.set_sparse_grad(sparse_grad);
}

void TableLayer::check_ready(const char* op) const {
  if (shared_)
    shared_->check_ready(op);
  else
    require_initialized(op);
}

Embedding::Embedding(std::int64_t rows, std::int64_t dim, bool sparse_grad)
    : TableLayer("Embedding", rows, dim, sparse_grad) {}

Tensor Embedding::forward(const std::vector<std::int64_t>& ids, const Shape& shape) const {
  check_ready("Embedding");
  return embedding(weight(), ids, shape);
}

Tensor Embedding::forward(const std::vector<std::int64_t>& ids) const {
  check_ready("Embedding");
  return embedding(weight(), ids);
}

EmbeddingBag::EmbeddingBag(std::int64_t rows, std::int64_t dim, BagMode mode, bool sparse_grad)
    : TableLayer("EmbeddingBag", rows, dim, sparse_grad), mode_(mode) {}

Tensor EmbeddingBag::forward(const std::vector<std::int64_t>& ids,
                             const std::vector<std::int64_t>& offsets,
                             const Tensor& per_id_weights) const {
  check_ready("EmbeddingBag");
  return embedding_bag(weight(), ids, offsets, mode_, per_id_weights);
}

const char* bag_mode_name(BagMode mode) {
  switch (mode) {
    case BagMode::Sum: return "sum";
    case BagMode::Mean: return "mean";
    case BagMode::Max: return "max";
  }
  return "?";
}

BagMode parse_bag_mode(const std::string& name) {
  for (BagMode m : {BagMode::Sum, BagMode::Mean, BagMode::Max})
    if (name == bag_mode_name(m)) return m;
  fail("EmbeddingBag", "unknown bag mode '", name, "' (allowed: sum, mean, max)");
}

}  // namespace simrec::nn
