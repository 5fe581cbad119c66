// Reference recurrent-cell kernels: the fused LSTM cell, one row after another.
#include "nn/kernels/lstm_math.hpp"
#include "nn/kernels/reference/families.hpp"

namespace simrec::nn::reference {

template <class T>
static void lstm_cell(i64 B, i64 H, const T* xz, const T* hz, const T* bias, const T* c_prev,
                      T* h, T* c, T* acts) {
  for (i64 b = 0; b < B; ++b)
    lstm_cell_row(H, xz + b * 4 * H, hz ? hz + b * 4 * H : nullptr, bias, c_prev + b * H,
                  h + b * H, c + b * H, acts + b * 5 * H);
}

template <class T>
static void lstm_cell_backward(i64 B, i64 H, const T* acts, const T* c_prev, const T* dh,
                               const T* dc, T* dz, T* dc_prev) {
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

}  // namespace simrec::nn::reference
