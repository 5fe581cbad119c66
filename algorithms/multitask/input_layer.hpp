#pragma once
// The input layer shared by every multi-task model (SPEC §6): one embedding table per categorical
// field of the MultiTaskTable, looked up and concatenated with the dense features.
//
//   x = concat(E_0[c_0], ..., E_{F-1}[c_{F-1}], dense)        [B, sum_f dim_f + num_dense]
//
// Field f's table E_f is [buckets_f, dim_f] with dim_f = embedding_dim, or, when embedding_dim is
// 0 ("auto", the log-of-vocabulary rule of the YouTube ranking article), dim_f =
// clamp(ceil(log2(buckets_f)), 2, 64). Tables start N(0, 1/dim_f) (the scale youtube_dnn uses,
// so a field's vector has about unit norm, like a standardised dense feature) and receive
// row-sparse gradients (optimizers update only the rows a batch touched). Parameters
// "tables.<f>.weight", one per field in the table's field order.
//
// InputBatch carries the rows of a batch as the layer reads them: per field the bucket ids, and
// the dense block as a tensor in the model's dtype.

#include <cstdint>
#include <span>
#include <vector>

#include "algorithms/multitask/module_list.hpp"
#include "datasets/multitask_table.hpp"
#include "nn/layers/embedding.hpp"

namespace simrec::algorithms::multitask {

struct InputBatch {
  std::size_t rows = 0;
  std::vector<std::vector<std::int64_t>> ids;  // [field][row]
  nn::Tensor dense;                            // [B, num_dense]; undefined without dense features
};

// The given rows of `table` (in order).
InputBatch make_input_batch(const datasets::MultiTaskTable& table, std::span<const std::size_t> rows,
                            nn::DType dtype = nn::DType::F32);

class InputLayer : public nn::Module {
 public:
  InputLayer(const std::vector<std::uint32_t>& field_buckets, std::int64_t num_dense, std::int64_t embedding_dim);

  nn::Tensor forward(const InputBatch& batch) const;  // [B, out_features()]
  std::int64_t out_features() const { return out_; }
  const std::vector<std::int64_t>& field_dims() const { return dims_; }

  // The "auto" width of a field with `buckets` values.
  static std::int64_t auto_dim(std::uint32_t buckets);

 private:
  std::int64_t num_dense_;
  std::vector<std::int64_t> dims_;
  std::int64_t out_ = 0;
  ModuleList<nn::Embedding> tables_;
};

}  // namespace simrec::algorithms::multitask
