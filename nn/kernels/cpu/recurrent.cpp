// Optimised recurrent-cell kernels: the fused LSTM cell, rows split over OpenMP threads when the
// cell is large enough to pay for a parallel region (~50-70 us to start one under
// OMP_WAIT_POLICY=PASSIVE, families.hpp; the vectorised cell costs a few ns per unit, so below
// ~2^18 units forward, 2^19 backward, one thread is faster). Each element's arithmetic is the
// reference's (lstm_math.hpp), so any split gives identical bits.
#include "nn/kernels/cpu/families.hpp"
#include "nn/kernels/lstm_math.hpp"

namespace simrec::nn::cpu {

namespace {
inline constexpr i64 kParallelCells = 1 << 18;  // B * H
}

template <class T>
static void lstm_cell(i64 B, i64 H, const T* xz, const T* hz, const T* bias, const T* c_prev,
                      T* h, T* c, T* acts) {
#pragma omp parallel for schedule(static) if (B * H >= kParallelCells)
  for (i64 b = 0; b < B; ++b)
    lstm_cell_row(H, xz + b * 4 * H, hz ? hz + b * 4 * H : nullptr, bias, c_prev + b * H,
                  h + b * H, c + b * H, acts + b * 5 * H);
}

template <class T>
static void lstm_cell_backward(i64 B, i64 H, const T* acts, const T* c_prev, const T* dh,
                               const T* dc, T* dz, T* dc_prev) {
#pragma omp parallel for schedule(static) if (B * H >= 2 * kParallelCells)
  for (i64 b = 0; b < B; ++b)
    lstm_cell_backward_row(H, acts + b * 5 * H, c_prev + b * H, dh ? dh + b * H : nullptr,
                           dc ? dc + b * H : nullptr, dz + b * 4 * H,
                           dc_prev ? dc_prev + b * H : nullptr);
}

template <class T>
void fill_recurrent(KernelTable<T>& t) {
  t.lstm_cell = lstm_cell<T>;
  t.lstm_cell_backward = lstm_cell_backward<T>;
}
template void fill_recurrent(KernelTable<float>&);
template void fill_recurrent(KernelTable<double>&);

}  // namespace simrec::nn::cpu
