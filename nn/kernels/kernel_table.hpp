#pragma once
// The kernel dispatch table: every compute primitive the ops need, as one function pointer per
// primitive, per backend and dtype. Ops look the table up with kernels<T>(device) and call
// need(k.field, "name"), so a backend that lacks a primitive refuses loudly instead of silently
// falling back.
//
// Backends: "reference" (plain single-threaded loops, the correctness oracle), "cpu" (OpenMP +
// OpenBLAS), "cuda" (optional build). The CPU path is switchable at run time between reference
// and optimised (set_kernel_path or SIMREC_KERNELS=reference), and tests compare the two.
//
// Layout conventions: all arrays contiguous row-major. Shape letters used below:
//   M, N, K   GEMM dims (C[M,N] = A[M,K] B[K,N]);   O, D, I  outer / axis / inner extents when an
//   op works along one axis of a tensor viewed as [O, D, I];   R, C  rows / columns.
// Determinism: an optimised kernel must give bit-identical results for any thread count; it
// may differ from the reference kernel by rounding only (fixed, thread-count-independent chunking
// with partials combined in index order).

#include <cstdint>

#include "nn/core/error.hpp"
#include "nn/core/tensor.hpp"
#include "sim/random/philox.hpp"

namespace simrec::nn {

using i64 = std::int64_t;

enum class BinaryOp : std::uint8_t { Add, Sub, Mul, Div };
enum class UnaryOp : std::uint8_t {
  Neg, Relu, Sigmoid, Tanh, Exp, Log, Sqrt,
  Pow,        // x^p0
  Clamp,      // min(max(x, p0), p1)
  Affine,     // p0 * x + p1
  LogSigmoid  // log(sigmoid(x)), computed stably
};
enum class BagMode : std::uint8_t { Sum, Mean, Max };

template <class T>
struct KernelTable {
  const char* backend = "";

  // C = alpha * op(A) op(B) + beta * C for `batch` matrices; stride_* = elements between
  // consecutive matrices (0 = the same matrix for every batch). lda/ldb/ldc = row strides.
  void (*gemm)(i64 batch, bool trans_a, bool trans_b, i64 M, i64 N, i64 K, T alpha, const T* A,
               i64 lda, i64 stride_a, const T* B, i64 ldb, i64 stride_b, T beta, T* C, i64 ldc,
               i64 stride_c) = nullptr;

  // out = a (op) b with broadcasting. All shapes padded to rank 4; a_strides / b_strides are
  // element strides for out's dims (0 on broadcast dims).
  void (*binary)(BinaryOp op, const i64* out_dims, const T* a, const i64* a_strides, const T* b,
                 const i64* b_strides, T* out) = nullptr;

  // y = f(x), element-wise, with scalar parameters p0, p1 (see UnaryOp).
  void (*unary)(UnaryOp op, i64 n, const T* x, T* y, T p0, T p1) = nullptr;
  // dx = dy * f'(x) (y = f(x) is given for ops whose derivative is cheaper from y).
  void (*unary_backward)(UnaryOp op, i64 n, const T* x, const T* y, const T* dy, T* dx, T p0,
                         T p1) = nullptr;

  // out[o, i] = sum_d x[o, d, i]; x viewed as [O, D, I].
  void (*sum_axis)(i64 O, i64 D, i64 I, const T* x, T* out) = nullptr;

  // Softmax (or log-softmax when log) along D of x viewed as [O, D, I], shifted by the maximum
  // along D for stability. A line whose every entry is -inf gives NaN (as PyTorch does).
  void (*softmax)(i64 O, i64 D, i64 I, const T* x, T* y, bool log) = nullptr;
  // Given y = softmax(x) (or log-softmax), dx from dy:
  //   softmax:     dx = y * (dy - sum_d dy * y)      log-softmax: dx = dy - exp(y) * sum_d dy
  void (*softmax_backward)(i64 O, i64 D, i64 I, const T* y, const T* dy, T* dx, bool log) = nullptr;
  // out[o, i] = log sum_d exp(x[o, d, i]) = m + log sum_d exp(x - m), m = max_d x[o, d, i]; a
  // line whose every entry is -inf gives -inf (as torch.logsumexp). Sums run d ascending.
  void (*logsumexp)(i64 O, i64 D, i64 I, const T* x, T* out) = nullptr;
  // Fused log-softmax + pick over rows of x [R, C] (the backward of log_softmax_pick, whose
  // forward is logsumexp over rows): with lse[r] = logsumexp of row r,
  //   dx[r, c] = g[r] * ([c == labels[r]] - exp(x[r, c] - lse[r]))
  // in one pass over x, never materialising softmax(x). Labels are in [0, C).
  void (*log_softmax_pick_backward)(i64 R, i64 C, const T* x, const i64* labels, const T* lse,
                                    const T* g, T* dx) = nullptr;

  // Copies a window of `len` along the middle axis: dst[o, dst_off + j, i] (=|+=) src[o, src_off
  // + j, i] for j < len; src viewed as [O, src_D, I], dst as [O, dst_D, I]. Slice / concat.
  void (*copy_axis)(i64 O, i64 I, i64 len, const T* src, i64 src_D, i64 src_off, T* dst,
                    i64 dst_D, i64 dst_off, bool accumulate) = nullptr;

  // y = x permuted: y dims are x dims[perm[k]]; rank-4 padded.
  void (*permute)(const i64* x_dims, const int* perm, const T* x, T* y) = nullptr;

  // out[n, :] = table[ids[n], :] (table [rows, width]); ids outside [0, rows) give zeros.
  void (*gather_rows)(i64 n, const i64* ids, i64 width, const T* table, i64 rows, T* out) = nullptr;
  // table[ids[n], :] += src[n, :] for ids inside [0, rows), in increasing n (deterministic).
  void (*scatter_add_rows)(i64 n, const i64* ids, i64 width, const T* src, T* table,
                           i64 rows) = nullptr;

  // out[r, j] = x[r, idx[r, j]] for x [R, C], idx [R, Kc].
  void (*gather_cols)(i64 R, i64 C, i64 Kc, const i64* idx, const T* x, T* out) = nullptr;
  // dx[r, idx[r, j]] += src[r, j].
  void (*scatter_add_cols)(i64 R, i64 C, i64 Kc, const i64* idx, const T* src, T* dx) = nullptr;

  // Embedding bag: bag b covers ids[offsets[b] .. offsets[b+1]) (offsets has n_bags + 1
  // entries). Ids outside [0, rows) contribute a zero vector (and count toward Mean's length).
  // weights (optional, one per id) scale each row for Sum / Mean. Max writes the winning id
  // position per (bag, column) to argmax (-1 for an empty bag).
  void (*embedding_bag)(BagMode mode, i64 n_bags, const i64* offsets, const i64* ids,
                        const T* weights, i64 width, const T* table, i64 rows, T* out,
                        i64* argmax) = nullptr;
  // Per-id gradient rows: d_ids[p, :] = d(out[bag(p), :]) / d(table[ids[p], :]) * dout.
  void (*embedding_bag_backward)(BagMode mode, i64 n_bags, const i64* offsets, i64 n_ids,
                                 const T* weights, i64 width, const T* dout, const i64* argmax,
                                 T* d_ids) = nullptr;
  // The same per-id rows summed per table row, without materialising d_ids (the fused path the
  // op uses for the table gradient): positions are grouped by row, group k holding positions
  // pos[row_start[k] .. row_start[k + 1]) in increasing order; out[k, :] = 0 + d_ids[pos[q], :]
  // added over the group in that order (an empty group gives a zero row). bag_of[p] is the bag
  // holding position p.
  void (*embedding_bag_backward_rows)(BagMode mode, i64 n_bags, const i64* offsets,
                                      const i64* bag_of, i64 n_rows, const i64* row_start,
                                      const i64* pos, const T* weights, i64 width, const T* dout,
                                      const i64* argmax, T* out) = nullptr;

  // Layer norm over the last axis of x [R, C]: y = (x - mean) * rstd * gamma + beta, with
  // mean[r] and rstd[r] = 1 / sqrt(var + eps) saved for backward (var biased: divides by C).
  void (*layer_norm)(i64 R, i64 C, const T* x, const T* gamma, const T* beta, T eps, T* y, T* mean,
                     T* rstd) = nullptr;
  // With xhat = (x - mean) * rstd and g = dy * gamma:
  //   dx = rstd * (g - mean_c(g) - xhat * mean_c(g * xhat))
  //   dgamma[c] = sum_r dy * xhat     dbeta[c] = sum_r dy   (sums over rows in fixed chunks,
  //   combined in order). Any of dx, dgamma, dbeta may be null (not wanted).
  void (*layer_norm_backward)(i64 R, i64 C, const T* x, const T* gamma, const T* mean,
                              const T* rstd, const T* dy, T* dx, T* dgamma, T* dbeta) = nullptr;

  // mask[i] = (uniform_at(key, index, i) >= p) / (1 - p).
  void (*dropout_mask)(i64 n, T p, random::Key key, std::uint64_t index, T* mask) = nullptr;

  // Per row of x [R, C]: the k largest values (descending; ties -> lower column first).
  void (*topk)(i64 R, i64 C, i64 k, const T* x, T* values, i64* indices) = nullptr;

  // Per-element binary cross-entropy with logits: loss[i] = max(z,0) - z*y + log(1 + e^-|z|).
  void (*bce_logits)(i64 n, const T* z, const T* y, T* loss) = nullptr;
  // dz[i] = dloss[i] * (sigmoid(z[i]) - y[i]); dy[i] = dloss[i] * -z[i]. dz or dy may be null.
  void (*bce_logits_backward)(i64 n, const T* z, const T* y, const T* dloss, T* dz,
                              T* dy) = nullptr;

  // Fused LSTM cell over B rows of H units (nn/kernels/lstm_math.hpp has the formula), gates
  // stacked i, f, g, o along 4H: z = xz + (hz + bias) [B, 4H] (hz [B, 4H] and bias [4H] may be
  // null: zeros); writes h, c [B, H] and the activations acts [B, 5H] = i | f | g | o | tanh(c)
  // that the backward reads. Per element only: identical for any thread count.
  void (*lstm_cell)(i64 B, i64 H, const T* xz, const T* hz, const T* bias, const T* c_prev, T* h,
                    T* c, T* acts) = nullptr;
  // dz [B, 4H] and dc_prev [B, H] (null: not wanted) from acts, c_prev and the gradients dh, dc of
  // h and c (either null: zero).
  void (*lstm_cell_backward)(i64 B, i64 H, const T* acts, const T* c_prev, const T* dh,
                             const T* dc, T* dz, T* dc_prev) = nullptr;

  // Optimizer updates over n contiguous elements (dense), in place, PyTorch's formulas
  // (nn/optim explains them). Per element, in this order, in T arithmetic:
  // sgd_update:  d = g + wd p;  if momentum != 0 (momentum_buf non-null):
  //                buf = first_step ? d : momentum buf + (1 - dampening) d;
  //                d = nesterov ? d + momentum buf : buf;
  //              p = p + (-lr) d
  void (*sgd_update)(i64 n, T* p, const T* g, T* momentum_buf, T lr, T momentum, T dampening,
                     T weight_decay, bool nesterov, bool first_step) = nullptr;
  // adagrad_update:  d = g + wd p;  sum_sq = sum_sq + d d;  p = p + (-lr) d / (sqrt(sum_sq) + eps)
  void (*adagrad_update)(i64 n, T* p, const T* g, T* sum_sq, T lr, T eps, T weight_decay) = nullptr;
  // adam_update (bias_c1 = 1 - beta1^t, bias_c2 = 1 - beta2^t for step t >= 1):
  //   decoupled (AdamW): p = p (1 - lr wd), d = g;   otherwise d = g + wd p
  //   m = m + (1 - beta1) (d - m);   v = beta2 v + (1 - beta2) d d
  //   p = p + (-lr / bias_c1) m / (sqrt(v) / sqrt(bias_c2) + eps)
  void (*adam_update)(i64 n, T* p, const T* g, T* m, T* v, T lr, T beta1, T beta2, T eps,
                      T weight_decay, bool decoupled, T bias_c1, T bias_c2) = nullptr;
};

enum class KernelPath : std::uint8_t { Optimized, Reference };

// Process-wide choice between optimised and reference CPU kernels. The initial value comes from
// SIMREC_KERNELS ("reference" or "optimized"; anything else is an error).
KernelPath kernel_path();
void set_kernel_path(KernelPath p);

// RAII switch used by tests.
class KernelPathGuard {
 public:
  explicit KernelPathGuard(KernelPath p) : prev_(kernel_path()) { set_kernel_path(p); }
  ~KernelPathGuard() { set_kernel_path(prev_); }

 private:
  KernelPath prev_;
};

template <class T>
const KernelTable<T>& kernels(Device device);

// The tables themselves (defined in kernels/reference and kernels/cpu).
template <class T>
const KernelTable<T>& reference_kernels();
template <class T>
const KernelTable<T>& cpu_kernels();

// Returns fn, or throws "<backend> backend does not support <name>".
template <class Fn>
Fn need(Fn fn, const char* backend, const char* name) {
  if (fn == nullptr) fail(name, "the ", backend, " backend does not support this kernel");
  return fn;
}
#define SIMREC_KERNEL(table, field) ::simrec::nn::need((table).field, (table).backend, #field)

}  // namespace simrec::nn
