#pragma once
// Embedding layers and shared tables.
//
//   SharedTable(rows, dim)   one table [rows, dim] that several features look up (the YouTube
//                            ranking model's one table per id space: impression id, last watched
//                            ids and seed id all read the video-id table). Parameter "weight",
//                            initialised N(0, 1) (PyTorch's nn.Embedding default); row-sparse
//                            gradients by default, so optimizers update only the touched rows.
//   Embedding                out[..., :] = table[id] for ids laid out in `shape`: ids -> shape +
//                            [dim]. Out-of-vocabulary ids (< 0 or >= rows: "the rest of the
//                            vocabulary") give a zero vector and no gradient (nn::embedding).
//   EmbeddingBag(mode)       per bag (ids[offsets[b] .. offsets[b + 1]), offsets with n_bags + 1
//                            entries) the sum / mean / max of the rows, optionally weighted per id
//                            (nn::embedding_bag); -> [n_bags, dim].
//
// Both layers either own their table (constructed with rows and dim; parameter "weight", as in
// PyTorch) or read a SharedTable that the model registers once, elsewhere (then the layer has no
// parameters of its own, and the table's gradient sums every feature's contribution).

#include <cstdint>
#include <string>
#include <vector>

#include "nn/kernels/kernel_table.hpp"
#include "nn/module.hpp"

namespace simrec::nn {

class SharedTable : public Module {
 public:
  SharedTable(std::int64_t rows, std::int64_t dim, bool sparse_grad = true,
              Init rule = Init::normal(0.0, 1.0));
  const Tensor& weight() const { return weight_; }
  std::int64_t rows() const { return weight_.shape()[0]; }
  std::int64_t dim() const { return weight_.shape()[1]; }
  // Throws naming `op` unless the table has been initialised or loaded.
  void check_ready(const char* op) const { require_initialized(op); }

 private:
  Tensor weight_;
};

// Base of the embedding layers: the table they read, their own or a shared one.
class TableLayer : public Module {
 public:
  const Tensor& weight() const { return shared_ ? shared_->weight() : own_; }
  std::int64_t rows() const { return weight().shape()[0]; }
  std::int64_t dim() const { return weight().shape()[1]; }
  bool shares_table() const { return shared_ != nullptr; }

 protected:
  TableLayer(const char* op, std::int64_t rows, std::int64_t dim, bool sparse_grad);
  explicit TableLayer(SharedTable& shared) : shared_(&shared) {}
  void check_ready(const char* op) const;

 private:
  SharedTable* shared_ = nullptr;
  Tensor own_;
};

class Embedding : public TableLayer {
 public:
  Embedding(std::int64_t rows, std::int64_t dim, bool sparse_grad = true);
  explicit Embedding(SharedTable& table) : TableLayer(table) {}

  // ids laid out row-major in `shape` (rank <= 3) -> shape + [dim].
  Tensor forward(const std::vector<std::int64_t>& ids, const Shape& shape) const;
  // ids as [n] -> [n, dim].
  Tensor forward(const std::vector<std::int64_t>& ids) const;
  Tensor operator()(const std::vector<std::int64_t>& ids, const Shape& shape) const {
    return forward(ids, shape);
  }
  Tensor operator()(const std::vector<std::int64_t>& ids) const { return forward(ids); }
};

class EmbeddingBag : public TableLayer {
 public:
  EmbeddingBag(std::int64_t rows, std::int64_t dim, BagMode mode, bool sparse_grad = true);
  EmbeddingBag(SharedTable& table, BagMode mode) : TableLayer(table), mode_(mode) {}

  Tensor forward(const std::vector<std::int64_t>& ids, const std::vector<std::int64_t>& offsets,
                 const Tensor& per_id_weights = Tensor()) const;
  Tensor operator()(const std::vector<std::int64_t>& ids, const std::vector<std::int64_t>& offsets,
                    const Tensor& per_id_weights = Tensor()) const {
    return forward(ids, offsets, per_id_weights);
  }
  BagMode mode() const { return mode_; }

 private:
  BagMode mode_;
};

const char* bag_mode_name(BagMode mode);
// "sum", "mean", "max"; throws naming the value and the allowed names.
BagMode parse_bag_mode(const std::string& name);

}  // namespace simrec::nn
