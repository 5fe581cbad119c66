#pragma once
// Tensor: a handle to contiguous row-major storage (float32 or float64, up to 4-D) plus the
// autodiff state (requires_grad, the node that produced it, accumulated gradient).
//
// Copies of a Tensor share everything (like a shared_ptr); reshape and detach share storage but
// not autodiff state. Gradients of leaf tensors accumulate across backward() calls until
// zero_grad(). A leaf marked with set_sparse_grad(true) (embedding tables) receives row-sparse
// gradients from embedding ops: only the touched rows are stored, and optimizers update only them.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nn/core/error.hpp"
#include "nn/core/shape.hpp"

namespace simrec::nn {

enum class DType : std::uint8_t { F32, F64 };
enum class Device : std::uint8_t { CPU, CUDA };

const char* dtype_name(DType d);
std::size_t dtype_size(DType d);

template <class T>
constexpr DType dtype_of();
template <>
constexpr DType dtype_of<float>() { return DType::F32; }
template <>
constexpr DType dtype_of<double>() { return DType::F64; }

// A block of memory, 64-byte aligned, from the caching host allocator (nn/core/allocator.hpp).
class Storage {
 public:
  Storage(std::size_t bytes, Device device);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  void* data() const { return data_; }
  std::size_t bytes() const { return bytes_; }
  Device device() const { return device_; }

 private:
  void* data_ = nullptr;
  std::size_t bytes_ = 0;
  Device device_ = Device::CPU;
};

class Tensor;
struct Node;

// Row-sparse gradient: values[k] is the gradient of row rows[k]. May hold repeated rows until
// coalesce() sums them (in order of appearance: deterministic).
struct SparseRows {
  std::vector<std::int64_t> rows;
  std::shared_ptr<Tensor> values;  // [rows.size(), row_width]; null when empty
  void coalesce();
  bool empty() const { return rows.empty(); }
};

struct TensorImpl {
  std::shared_ptr<Storage> storage;
  std::int64_t offset = 0;  // in elements
  Shape shape;
  DType dtype = DType::F32;
  bool requires_grad = false;
  bool sparse_grad = false;
  std::shared_ptr<Node> grad_fn;      // null for leaves
  std::shared_ptr<TensorImpl> grad;   // dense gradient of a leaf
  SparseRows sparse;                  // row-sparse gradient of a sparse leaf
  std::string name;                   // parameter name, for messages and checkpoints
};

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}

  // --- creation -------------------------------------------------------------------------
  static Tensor empty(const Shape& shape, DType dtype = DType::F32);
  static Tensor zeros(const Shape& shape, DType dtype = DType::F32);
  static Tensor full(const Shape& shape, double value, DType dtype = DType::F32);
  static Tensor scalar(double value, DType dtype = DType::F32);
  static Tensor from(const Shape& shape, const std::vector<float>& values);
  static Tensor from(const Shape& shape, const std::vector<double>& values);

  // --- inspection -----------------------------------------------------------------------
  bool defined() const { return impl_ != nullptr; }
  const Shape& shape() const { return impl_->shape; }
  int rank() const { return impl_->shape.rank(); }
  std::int64_t dim(int axis) const;
  std::int64_t numel() const { return impl_->shape.numel(); }
  DType dtype() const { return impl_->dtype; }
  Device device() const { return impl_->storage->device(); }
  template <class T>
  T* data() const;  // checks the dtype
  void* raw() const;
  double item() const;  // the value of a one-element tensor
  std::vector<double> to_vector() const;
  const std::string& name() const { return impl_->name; }
  Tensor& set_name(std::string n);
  TensorImpl* impl() const { return impl_.get(); }
  const std::shared_ptr<TensorImpl>& shared_impl() const { return impl_; }
  bool same(const Tensor& o) const { return impl_ == o.impl_; }

  // --- autodiff -------------------------------------------------------------------------
  bool requires_grad() const { return impl_->requires_grad; }
  Tensor& set_requires_grad(bool on = true);
  Tensor& set_sparse_grad(bool on = true);  // only for 2-D leaves (embedding tables)
  bool is_leaf() const { return impl_->grad_fn == nullptr; }
  const std::shared_ptr<Node>& grad_fn() const { return impl_->grad_fn; }
  // Dense gradient (undefined Tensor when none). For a sparse leaf, the densified gradient.
  Tensor grad() const;
  const SparseRows& sparse_grad() const { return impl_->sparse; }
  SparseRows& sparse_grad() { return impl_->sparse; }
  void zero_grad();
  // Reverse-mode pass from this scalar: accumulates d(this)/d(leaf) into every leaf's grad.
  void backward() const;
  // Same storage, no autodiff history.
  Tensor detach() const;

  // --- copies and views -----------------------------------------------------------------
  Tensor clone() const;                     // deep copy of values, no autodiff history
  Tensor to(DType dtype) const;             // converted copy (no autodiff history)
  void copy_from(const Tensor& src);        // same shape; values only (no autodiff)
  void fill(double value);

 private:
  std::shared_ptr<TensorImpl> impl_;
};

// Readable description "f32[2, 3]" for error messages.
std::string describe(const Tensor& t);

}  // namespace simrec::nn
