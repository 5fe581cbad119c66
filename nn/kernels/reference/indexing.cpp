// Reference indexing kernels: row gather / scatter-add, per-row column gather / scatter-add,
// embedding bag forward and backward, top-k. Plain loops in index order: the oracle.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "nn/kernels/reference/families.hpp"

namespace simrec::nn::reference {

template <class T>
static void gather_rows(i64 n, const i64* ids, i64 width, const T* table, i64 rows, T* out) {
  for (i64 k = 0; k < n; ++k)
    for (i64 c = 0; c < width; ++c)
      out[k * width + c] = (ids[k] >= 0 && ids[k] < rows) ? table[ids[k] * width + c] : T(0);
}

template <class T>
static void scatter_add_rows(i64 n, const i64* ids, i64 width, const T* src, T* table, i64 rows) {
  for (i64 k = 0; k < n; ++k) {
    if (ids[k] < 0 || ids[k] >= rows) continue;
    for (i64 c = 0; c < width; ++c) table[ids[k] * width + c] += src[k * width + c];
  }
}

template <class T>
static void gather_cols(i64 R, i64 C, i64 Kc, const i64* idx, const T* x, T* out) {
  for (i64 r = 0; r < R; ++r)
    for (i64 j = 0; j < Kc; ++j) out[r * Kc + j] = x[r * C + idx[r * Kc + j]];
}

template <class T>
static void scatter_add_cols(i64 R, i64 C, i64 Kc, const i64* idx, const T* src, T* dx) {
  for (i64 r = 0; r < R; ++r)
    for (i64 j = 0; j < Kc; ++j) dx[r * C + idx[r * Kc + j]] += src[r * Kc + j];
}

// Value of column c of the row at id position p (zero for an out-of-vocabulary id).
template <class T>
static T bag_value(const i64* ids, i64 p, i64 c, i64 width, const T* table, i64 rows) {
  return (ids[p] >= 0 && ids[p] < rows) ? table[ids[p] * width + c] : T(0);
}

template <class T>
static void embedding_bag(BagMode mode, i64 n_bags, const i64* offsets, const i64* ids,
                          const T* weights, i64 width, const T* table, i64 rows, T* out,
                          i64* argmax) {
  for (i64 b = 0; b < n_bags; ++b) {
    const i64 lo = offsets[b], hi = offsets[b + 1];
    for (i64 c = 0; c < width; ++c) {
      T acc = 0;
      i64 arg = -1;
      for (i64 p = lo; p < hi; ++p) {
        const T v = bag_value(ids, p, c, width, table, rows);
        if (mode == BagMode::Max) {
          if (arg < 0 || v > acc) acc = v, arg = p;
        } else {
          acc += weights ? weights[p] * v : v;
        }
      }
      if (mode == BagMode::Mean && hi > lo) acc = acc / T(hi - lo);
      out[b * width + c] = acc;
      if (mode == BagMode::Max) argmax[b * width + c] = arg;
    }
  }
}

template <class T>
static void embedding_bag_backward(BagMode mode, i64 n_bags, const i64* offsets, i64 n_ids,
                                   const T* weights, i64 width, const T* dout, const i64* argmax,
                                   T* d_ids) {
  for (i64 b = 0; b < n_bags; ++b) {
    const i64 lo = offsets[b], hi = offsets[b + 1];
    for (i64 p = lo; p < hi; ++p) {
      T scale = weights ? weights[p] : T(1);
      if (mode == BagMode::Mean) scale = scale / T(hi - lo);
      for (i64 c = 0; c < width; ++c) {
        if (mode == BagMode::Max)
          d_ids[p * width + c] = argmax[b * width + c] == p ? dout[b * width + c] : T(0);
        else
          d_ids[p * width + c] = dout[b * width + c] * scale;
      }
    }
  }
}

// Materialises d_ids with embedding_bag_backward, then sums each group in order.
template <class T>
static void embedding_bag_backward_rows(BagMode mode, i64 n_bags, const i64* offsets,
                                        const i64* bag_of, i64 n_rows, const i64* row_start,
                                        const i64* pos, const T* weights, i64 width, const T* dout,
                                        const i64* argmax, T* out) {
  const i64 n_ids = offsets[n_bags];
  std::vector<T> d_ids(n_ids * width);
  embedding_bag_backward(mode, n_bags, offsets, n_ids, weights, width, dout, argmax, d_ids.data());
  for (i64 k = 0; k < n_rows; ++k)
    for (i64 c = 0; c < width; ++c) {
      T acc = 0;
      for (i64 q = row_start[k]; q < row_start[k + 1]; ++q) acc += d_ids[pos[q] * width + c];
      out[k * width + c] = acc;
    }
}

// Full stable sort of each row (NaN counts as the largest value, as in PyTorch); stability keeps
// equal values in column order.
template <class T>
static void topk(i64 R, i64 C, i64 k, const T* x, T* values, i64* indices) {
  std::vector<i64> order(C);
  for (i64 r = 0; r < R; ++r) {
    const T* row = x + r * C;
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](i64 a, i64 b) {
      const bool nan_a = std::isnan(row[a]), nan_b = std::isnan(row[b]);
      if (nan_a || nan_b) return nan_a && !nan_b;
      return row[a] > row[b];
    });
    for (i64 j = 0; j < k; ++j) {
      values[r * k + j] = row[order[j]];
      indices[r * k + j] = order[j];
    }
  }
}

template <class T>
void fill_indexing(KernelTable<T>& t) {
  t.gather_rows = gather_rows<T>;
  t.scatter_add_rows = scatter_add_rows<T>;
  t.gather_cols = gather_cols<T>;
  t.scatter_add_cols = scatter_add_cols<T>;
  t.embedding_bag = embedding_bag<T>;
  t.embedding_bag_backward = embedding_bag_backward<T>;
  t.embedding_bag_backward_rows = embedding_bag_backward_rows<T>;
  t.topk = topk<T>;
}
template void fill_indexing(KernelTable<float>&);
template void fill_indexing(KernelTable<double>&);

}  // namespace simrec::nn::reference
