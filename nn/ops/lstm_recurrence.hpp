#pragma once
// The recurrent half of one LSTM layer as a single op on the fused LSTM-cell kernels (the formula
// and gate order are nn/layers/lstm.hpp's). Shape letters: T steps, B batch, H hidden width.
//
//   lstm_recurrence(xz [T, B, 4H], w_hh [4H, H], b_hh [4H] or undefined, h0 [B, H], c0 [B, H])
//     -> packed [T + 1, B, H]: rows 0 .. T-1 are h_1 .. h_T, row T is c_T.
//
// xz is the input projection W_ih x_t + b_ih of every step. Per step t (h_0 = h0, c_0 = c0):
//   z_t = xz[t] + (h_{t-1} w_hh^T + b_hh)     c_t, h_t = cell(z_t, c_{t-1})
// Forward saves the gate activations and every c_t; the backward rule runs backpropagation through
// time on kernels (cell backward per step, dh_{t-1} = dh from the output + dz_t w_hh), then
// dw_hh = sum_t dz_t^T h_{t-1} in two GEMMs and db_hh as one column sum. One autograd node per
// layer instead of ~15 per step (slices, activations, products, sums, each with its own buffers).

#include "nn/core/tensor.hpp"

namespace simrec::nn {

Tensor lstm_recurrence(const Tensor& xz, const Tensor& w_hh, const Tensor& b_hh, const Tensor& h0,
                       const Tensor& c0);

}  // namespace simrec::nn
