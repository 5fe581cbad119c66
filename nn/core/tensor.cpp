#include "nn/core/tensor.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <numeric>

#include "nn/core/allocator.hpp"
#include "nn/core/autograd.hpp"

namespace simrec::nn {

const char* dtype_name(DType d) { return d == DType::F32 ? "f32" : "f64"; }
std::size_t dtype_size(DType d) { return d == DType::F32 ? 4 : 8; }

Storage::Storage(std::size_t bytes, Device device) : bytes_(bytes), device_(device) {
  if (device != Device::CPU) fail("Storage", "only CPU storage is available in this build");
  data_ = allocate_host(bytes);
}

Storage::~Storage() { deallocate_host(data_, bytes_); }

namespace {
std::shared_ptr<TensorImpl> make_impl(const Shape& shape, DType dtype) {
  auto impl = std::make_shared<TensorImpl>();
  impl->shape = shape;
  impl->dtype = dtype;
  impl->storage = std::make_shared<Storage>(shape.numel() * dtype_size(dtype), Device::CPU);
  return impl;
}
}  // namespace

Tensor Tensor::empty(const Shape& shape, DType dtype) { return Tensor(make_impl(shape, dtype)); }

Tensor Tensor::zeros(const Shape& shape, DType dtype) {
  Tensor t = empty(shape, dtype);
  std::memset(t.raw(), 0, t.numel() * dtype_size(dtype));
  return t;
}

Tensor Tensor::full(const Shape& shape, double value, DType dtype) {
  Tensor t = empty(shape, dtype);
  t.fill(value);
  return t;
}

Tensor Tensor::scalar(double value, DType dtype) { return full(Shape{}, value, dtype); }

Tensor Tensor::from(const Shape& shape, const std::vector<float>& values) {
  if (std::int64_t(values.size()) != shape.numel())
    fail("Tensor::from", values.size(), " values for shape ", shape.str());
  Tensor t = empty(shape, DType::F32);
  std::copy(values.begin(), values.end(), t.data<float>());
  return t;
}

Tensor Tensor::from(const Shape& shape, const std::vector<double>& values) {
  if (std::int64_t(values.size()) != shape.numel())
    fail("Tensor::from", values.size(), " values for shape ", shape.str());
  Tensor t = empty(shape, DType::F64);
  std::copy(values.begin(), values.end(), t.data<double>());
  return t;
}

std::int64_t Tensor::dim(int axis) const { return shape()[shape().axis(axis, "Tensor::dim")]; }

template <class T>
T* Tensor::data() const {
  if (impl_->dtype != dtype_of<T>())
    fail("Tensor::data", "tensor is ", dtype_name(impl_->dtype), ", requested ",
         dtype_name(dtype_of<T>()));
  return static_cast<T*>(impl_->storage->data()) + impl_->offset;
}
template float* Tensor::data<float>() const;
template double* Tensor::data<double>() const;

void* Tensor::raw() const {
  return static_cast<char*>(impl_->storage->data()) + impl_->offset * dtype_size(impl_->dtype);
}

double Tensor::item() const {
  if (numel() != 1) fail("Tensor::item", "tensor of shape ", shape().str(), " is not one element");
  return dtype() == DType::F32 ? double(*data<float>()) : *data<double>();
}

std::vector<double> Tensor::to_vector() const {
  std::vector<double> v(numel());
  if (dtype() == DType::F32) {
    const float* p = data<float>();
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = p[i];
  } else {
    std::copy_n(data<double>(), v.size(), v.begin());
  }
  return v;
}

Tensor& Tensor::set_name(std::string n) {
  impl_->name = std::move(n);
  return *this;
}

Tensor& Tensor::set_requires_grad(bool on) {
  if (!is_leaf()) fail("set_requires_grad", "only leaf tensors can change requires_grad");
  impl_->requires_grad = on;
  return *this;
}

Tensor& Tensor::set_sparse_grad(bool on) {
  if (on && rank() != 2)
    fail("set_sparse_grad", "row-sparse gradients need a 2-D table, got ", describe(*this));
  impl_->sparse_grad = on;
  return *this;
}

Tensor Tensor::grad() const {
  if (!impl_->grad && impl_->sparse.empty()) return Tensor();
  Tensor dense = impl_->grad ? Tensor(impl_->grad).clone() : Tensor::zeros(shape(), dtype());
  if (!impl_->sparse.empty()) {
    SparseRows rows = impl_->sparse;
    rows.coalesce();
    const std::int64_t width = shape()[1];
    const auto add_rows = [&](auto* d, const auto* v) {
      for (std::size_t k = 0; k < rows.rows.size(); ++k)
        for (std::int64_t j = 0; j < width; ++j) d[rows.rows[k] * width + j] += v[k * width + j];
    };
    if (dtype() == DType::F32)
      add_rows(dense.data<float>(), rows.values->data<float>());
    else
      add_rows(dense.data<double>(), rows.values->data<double>());
  }
  return dense;
}

void Tensor::zero_grad() {
  impl_->grad.reset();
  impl_->sparse = SparseRows{};
}

void Tensor::backward() const { run_backward(*this); }

Tensor Tensor::detach() const {
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = impl_->storage;
  impl->offset = impl_->offset;
  impl->shape = impl_->shape;
  impl->dtype = impl_->dtype;
  return Tensor(impl);
}

Tensor Tensor::clone() const {
  Tensor t = empty(shape(), dtype());
  std::memcpy(t.raw(), raw(), numel() * dtype_size(dtype()));
  return t;
}

Tensor Tensor::to(DType d) const {
  if (d == dtype()) return clone();
  Tensor t = empty(shape(), d);
  const std::int64_t n = numel();
  if (d == DType::F64) {
    const float* s = data<float>();
    double* o = t.data<double>();
    for (std::int64_t i = 0; i < n; ++i) o[i] = s[i];
  } else {
    const double* s = data<double>();
    float* o = t.data<float>();
    for (std::int64_t i = 0; i < n; ++i) o[i] = float(s[i]);
  }
  return t;
}

void Tensor::copy_from(const Tensor& src) {
  if (src.shape() != shape() || src.dtype() != dtype())
    fail("Tensor::copy_from", "source ", describe(src), " does not match destination ",
         describe(*this));
  std::memmove(raw(), src.raw(), numel() * dtype_size(dtype()));
}

void Tensor::fill(double value) {
  const std::int64_t n = numel();
  if (dtype() == DType::F32)
    std::fill_n(data<float>(), n, float(value));
  else
    std::fill_n(data<double>(), n, value);
}

std::string describe(const Tensor& t) {
  if (!t.defined()) return "undefined";
  return std::string(dtype_name(t.dtype())) + t.shape().str();
}

namespace {
// Positions 0..n-1 ordered by row, equal rows in order of appearance (a stable sort): a counting
// sort when the rows span a range not much wider than n (embedding batches), else stable_sort.
std::vector<std::int64_t> stable_order_by_row(const std::vector<std::int64_t>& rows) {
  const std::int64_t n = std::int64_t(rows.size());
  std::vector<std::int64_t> order(n);
  const auto [lo, hi] = std::minmax_element(rows.begin(), rows.end());
  const std::uint64_t span = std::uint64_t(*hi) - std::uint64_t(*lo);  // no signed overflow
  if (span >= std::uint64_t(4 * n + 65536)) {
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::int64_t a, std::int64_t b) { return rows[a] < rows[b]; });
    return order;
  }
  const std::int64_t base = *lo;
  std::vector<std::int64_t> next(span + 2, 0);  // next[r - base]: where row r's next position goes
  for (std::int64_t r : rows) ++next[r - base + 1];
  std::partial_sum(next.begin(), next.end(), next.begin());
  for (std::int64_t k = 0; k < n; ++k) order[next[rows[k] - base]++] = k;
  return order;
}
}  // namespace

void SparseRows::coalesce() {
  if (rows.empty()) return;
  // Already coalesced (strictly increasing rows, as the fused embedding-bag gradient delivers
  // them): every row has a single contribution, kept as it is.
  if (std::adjacent_find(rows.begin(), rows.end(), std::greater_equal<>()) == rows.end()) return;
  const std::int64_t n = std::int64_t(rows.size());
  const std::int64_t width = values->shape()[1];
  const std::vector<std::int64_t> order = stable_order_by_row(rows);
  // Output row g sums the positions order[first[g] .. first[g + 1]), in order of appearance.
  std::vector<std::int64_t> out_rows, first;
  for (std::int64_t k = 0; k < n; ++k)
    if (out_rows.empty() || out_rows.back() != rows[order[k]]) {
      out_rows.push_back(rows[order[k]]);
      first.push_back(k);
    }
  first.push_back(n);
  const std::int64_t groups = std::int64_t(out_rows.size());
  Tensor out = Tensor::empty(Shape{groups, width}, values->dtype());
  // Each output row is summed by one thread in the same order: identical for any thread count.
  const auto sum_rows = [&](auto* dst_all, const auto* src) {
#pragma omp parallel for schedule(static) if (n * width > (1 << 15))
    for (std::int64_t g = 0; g < groups; ++g) {
      auto* dst = dst_all + g * width;
      for (std::int64_t j = 0; j < width; ++j) dst[j] = 0;
      for (std::int64_t q = first[g]; q < first[g + 1]; ++q)
        for (std::int64_t j = 0; j < width; ++j) dst[j] += src[order[q] * width + j];
    }
  };
  if (values->dtype() == DType::F32)
    sum_rows(out.data<float>(), values->data<float>());
  else
    sum_rows(out.data<double>(), values->data<double>());
  rows = std::move(out_rows);
  values = std::make_shared<Tensor>(out);
}

}  // namespace simrec::nn
