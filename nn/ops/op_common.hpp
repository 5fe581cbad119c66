#pragma once
// Helpers shared by op implementations: dtype dispatch, kernel lookup, argument checks.

#include <utility>

#include "nn/core/autograd.hpp"
#include "nn/core/tensor.hpp"
#include "nn/kernels/kernel_table.hpp"

namespace simrec::nn::detail {

// Calls f(T{}) with T = float or double according to dtype.
template <class F>
decltype(auto) dispatch(DType dtype, F&& f) {
  if (dtype == DType::F32) return std::forward<F>(f)(float{});
  return std::forward<F>(f)(double{});
}

template <class T>
const KernelTable<T>& table_for(const Tensor& t) {
  return kernels<T>(t.device());
}

inline void check_defined(const char* op, const Tensor& t, const char* what) {
  if (!t.defined()) fail(op, what, " is an undefined tensor");
}

inline void check_same_dtype(const char* op, const Tensor& a, const Tensor& b) {
  if (a.dtype() != b.dtype())
    fail(op, "dtype mismatch: ", describe(a), " vs ", describe(b));
}

inline void check_rank(const char* op, const Tensor& t, int rank, const char* what) {
  if (t.rank() != rank) fail(op, what, " must be ", rank, "-D, got ", describe(t));
}

}  // namespace simrec::nn::detail
