// Optimised indexing kernels (OpenMP). Every output row is computed by one thread in the
// reference's order, so results are bit-identical to the reference for any thread count.
//
// scatter_add_rows groups positions by id with a stable counting sort, then threads own ids:
// each row still receives its contributions in increasing position, with no atomics.
// embedding_bag splits bags across threads (dynamic chunks: bags vary in length) and runs the
// width loop innermost so it vectorises; its backward writes each id position's row
// independently, and the fused backward_rows lets threads own table rows (grouped positions).
// topk keeps a heap of the k best columns per row, rows split across threads.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "nn/kernels/cpu/families.hpp"

namespace simrec::nn::cpu {

template <class T>
static void gather_rows(i64 n, const i64* ids, i64 width, const T* table, i64 rows, T* out) {
#pragma omp parallel for schedule(static) if (n * width > kGrain)
  for (i64 k = 0; k < n; ++k) {
    if (ids[k] >= 0 && ids[k] < rows)
      std::memcpy(out + k * width, table + ids[k] * width, sizeof(T) * width);
    else
      std::fill_n(out + k * width, width, T(0));
  }
}

template <class T>
static void scatter_add_rows(i64 n, const i64* ids, i64 width, const T* src, T* table, i64 rows) {
  if (n * width <= kGrain) {
    for (i64 k = 0; k < n; ++k) {
      if (ids[k] < 0 || ids[k] >= rows) continue;
      for (i64 c = 0; c < width; ++c) table[ids[k] * width + c] += src[k * width + c];
    }
    return;
  }
  // start[r] .. start[r + 1]: the positions of id r, increasing.
  std::vector<i64> start(rows + 1, 0), pos(n);
  for (i64 k = 0; k < n; ++k)
    if (ids[k] >= 0 && ids[k] < rows) ++start[ids[k] + 1];
  for (i64 r = 0; r < rows; ++r) start[r + 1] += start[r];
  std::vector<i64> fill(start.begin(), start.end() - 1);
  for (i64 k = 0; k < n; ++k)
    if (ids[k] >= 0 && ids[k] < rows) pos[fill[ids[k]]++] = k;
#pragma omp parallel for schedule(dynamic, 256)
  for (i64 r = 0; r < rows; ++r) {
    T* __restrict dst = table + r * width;
    for (i64 q = start[r]; q < start[r + 1]; ++q) {
      const T* __restrict s = src + pos[q] * width;
      for (i64 c = 0; c < width; ++c) dst[c] += s[c];
    }
  }
}

template <class T>
static void gather_cols(i64 R, i64 C, i64 Kc, const i64* idx, const T* x, T* out) {
#pragma omp parallel for schedule(static) if (R * Kc > kGrain)
  for (i64 r = 0; r < R; ++r)
    for (i64 j = 0; j < Kc; ++j) out[r * Kc + j] = x[r * C + idx[r * Kc + j]];
}

template <class T>
static void scatter_add_cols(i64 R, i64 C, i64 Kc, const i64* idx, const T* src, T* dx) {
#pragma omp parallel for schedule(static) if (R * Kc > kGrain)
  for (i64 r = 0; r < R; ++r)
    for (i64 j = 0; j < Kc; ++j) dx[r * C + idx[r * Kc + j]] += src[r * Kc + j];
}

// One bag of Sum / Mean: out = (sum_p w_p row_p) [/ len], ids outside the table skipped (they
// add a zero vector).
template <class T>
static void bag_sum(BagMode mode, i64 lo, i64 hi, const i64* ids, const T* weights, i64 width,
                    const T* table, i64 rows, T* __restrict out) {
  std::fill_n(out, width, T(0));
  for (i64 p = lo; p < hi; ++p) {
    if (ids[p] < 0 || ids[p] >= rows) continue;
    const T* __restrict row = table + ids[p] * width;
    if (weights) {
      const T w = weights[p];
      for (i64 c = 0; c < width; ++c) out[c] += w * row[c];
    } else {
      for (i64 c = 0; c < width; ++c) out[c] += row[c];
    }
  }
  if (mode == BagMode::Mean && hi > lo) {
    const T len = T(hi - lo);
    for (i64 c = 0; c < width; ++c) out[c] = out[c] / len;
  }
}

// One bag of Max: per column the largest value and its first position (zero row for an id
// outside the table); empty bag -> zeros and -1.
template <class T>
static void bag_max(i64 lo, i64 hi, const i64* ids, i64 width, const T* table, i64 rows,
                    const T* zero_row, T* __restrict out, i64* __restrict arg) {
  if (lo == hi) {
    std::fill_n(out, width, T(0));
    std::fill_n(arg, width, i64(-1));
    return;
  }
  for (i64 p = lo; p < hi; ++p) {
    const T* __restrict row = (ids[p] >= 0 && ids[p] < rows) ? table + ids[p] * width : zero_row;
    if (p == lo) {
      std::memcpy(out, row, sizeof(T) * width);
      std::fill_n(arg, width, lo);
      continue;
    }
    for (i64 c = 0; c < width; ++c) {
      const bool gt = row[c] > out[c];
      out[c] = gt ? row[c] : out[c];
      arg[c] = gt ? p : arg[c];
    }
  }
}

template <class T>
static void embedding_bag(BagMode mode, i64 n_bags, const i64* offsets, const i64* ids,
                          const T* weights, i64 width, const T* table, i64 rows, T* out,
                          i64* argmax) {
  const std::vector<T> zero_row(width, T(0));
  const i64 work = (offsets[n_bags] + n_bags) * width;
#pragma omp parallel for schedule(dynamic, 32) if (work > kGrain)
  for (i64 b = 0; b < n_bags; ++b) {
    if (mode == BagMode::Max)
      bag_max(offsets[b], offsets[b + 1], ids, width, table, rows, zero_row.data(),
              out + b * width, argmax + b * width);
    else
      bag_sum(mode, offsets[b], offsets[b + 1], ids, weights, width, table, rows, out + b * width);
  }
}

template <class T>
static void embedding_bag_backward(BagMode mode, i64 n_bags, const i64* offsets, i64 n_ids,
                                   const T* weights, i64 width, const T* dout, const i64* argmax,
                                   T* d_ids) {
  const i64 work = (n_ids + n_bags) * width;
#pragma omp parallel for schedule(dynamic, 32) if (work > kGrain)
  for (i64 b = 0; b < n_bags; ++b) {
    const i64 lo = offsets[b], hi = offsets[b + 1];
    const T* __restrict g = dout + b * width;
    if (mode == BagMode::Max) {
      std::fill_n(d_ids + lo * width, (hi - lo) * width, T(0));
      const i64* arg = argmax + b * width;
      for (i64 c = 0; c < width; ++c)
        if (arg[c] >= 0) d_ids[arg[c] * width + c] = g[c];
      continue;
    }
    for (i64 p = lo; p < hi; ++p) {
      T scale = weights ? weights[p] : T(1);
      if (mode == BagMode::Mean) scale = scale / T(hi - lo);
      T* __restrict d = d_ids + p * width;
      for (i64 c = 0; c < width; ++c) d[c] = g[c] * scale;
    }
  }
}

// Threads own table rows; each row adds its positions' gradient rows in increasing position
// (the reference's order) straight from dout, so d_ids never exists.
template <class T>
static void embedding_bag_backward_rows(BagMode mode, i64 n_bags, const i64* offsets,
                                        const i64* bag_of, i64 n_rows, const i64* row_start,
                                        const i64* pos, const T* weights, i64 width, const T* dout,
                                        const i64* argmax, T* out) {
  const i64 work = (offsets[n_bags] + n_rows) * width;
#pragma omp parallel for schedule(dynamic, 64) if (work > kGrain)
  for (i64 k = 0; k < n_rows; ++k) {
    T* __restrict acc = out + k * width;
    std::fill_n(acc, width, T(0));
    for (i64 q = row_start[k]; q < row_start[k + 1]; ++q) {
      const i64 p = pos[q], b = bag_of[p];
      const T* __restrict g = dout + b * width;
      if (mode == BagMode::Max) {
        const i64* __restrict arg = argmax + b * width;
        for (i64 c = 0; c < width; ++c) acc[c] += arg[c] == p ? g[c] : T(0);
        continue;
      }
      T scale = weights ? weights[p] : T(1);
      if (mode == BagMode::Mean) scale = scale / T(offsets[b + 1] - offsets[b]);
      for (i64 c = 0; c < width; ++c) acc[c] += g[c] * scale;
    }
  }
}

// Larger value first, NaN largest, equal values by lower column.
template <class T>
static bool ranks_before(const T* row, i64 a, i64 b) {
  const bool nan_a = std::isnan(row[a]), nan_b = std::isnan(row[b]);
  if (nan_a != nan_b) return nan_a;
  if (!nan_a && row[a] != row[b]) return row[a] > row[b];
  return a < b;
}

// Per row a heap of the k best columns seen so far, worst on top; a column enters only when it
// ranks before the top, so most columns cost one comparison with the top value (scan order is
// increasing column, so an equal value never displaces an earlier column).
template <class T>
static void topk(i64 R, i64 C, i64 k, const T* x, T* values, i64* indices) {
  if (k == 0) return;
#pragma omp parallel if (R * C > kGrain)
  {
    std::vector<i64> heap;
    heap.reserve(k);
#pragma omp for schedule(dynamic, 1)
    for (i64 r = 0; r < R; ++r) {
      const T* row = x + r * C;
      const auto before = [row](i64 a, i64 b) { return ranks_before(row, a, b); };
      heap.clear();
      for (i64 c = 0; c < k; ++c) heap.push_back(c);
      std::make_heap(heap.begin(), heap.end(), before);
      for (i64 c = k; c < C; ++c) {
        const T top = row[heap.front()];
        if (!(row[c] > top) && !std::isnan(row[c])) continue;  // cannot rank before the top
        if (!before(c, heap.front())) continue;
        std::pop_heap(heap.begin(), heap.end(), before);
        heap.back() = c;
        std::push_heap(heap.begin(), heap.end(), before);
      }
      std::sort_heap(heap.begin(), heap.end(), before);
      for (i64 j = 0; j < k; ++j) {
        values[r * k + j] = row[heap[j]];
        indices[r * k + j] = heap[j];
      }
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

}  // namespace simrec::nn::cpu
