#pragma once
// Implicit-feedback alternating least squares (Hu, Koren & Volinsky 2008), the solver behind the
// `wals` algorithm. With counts r_ui, preference p_ui = [r_ui > 0] and confidence
// c_ui = 1 + alpha r_ui, the objective over ALL user x item cells is
//
//   L(X, Y) = sum_{u,i} c_ui (p_ui - x_u . y_i)^2 + reg (sum_u |x_u|^2 + sum_i |y_i|^2).
//
// With Y fixed each user's row has the closed form (and symmetrically for items with X fixed)
//
//   A_u = G + sum_{i in R(u)} (c_ui - 1) y_i y_i^T + reg I,   b_u = sum_{i in R(u)} c_ui y_i,
//   x_u = A_u^{-1} b_u,                                         G = Y^T Y = sum_i y_i y_i^T,
//
// since unobserved cells have c = 1, p = 0 and fold into G (the trick that makes implicit ALS
// linear in the number of observed cells). Two solvers:
//   cholesky  exact: A_u = L L^T, forward then backward substitution; O(n_u k^2 + k^3) per row;
//   cg        `cg_steps` conjugate-gradient steps warm-started from the row's previous value
//             (Takacs, Pilaszy & Tikk 2011); A_u is never formed: A_u d = G d + sum_i (c_ui - 1)
//             (y_i . d) y_i + reg d, O(cg_steps (n_u k + k^2)) per row.
// A sweep is parallel over rows (OpenMP); each row reads only G, the fixed side and its own
// entries, and every sum runs in index order, so the result is identical for any thread count.
// The objective is evaluated in the same observed-cells-only form:
//   L = sum_u [x_u^T G x_u + sum_{i in R(u)} (c_ui (1 - s_ui)^2 - s_ui^2)] + reg (|X|^2 + |Y|^2),
//   s_ui = x_u . y_i  (per-user partials summed in user order).
//
// Frequency-scaled regularisation (`frequency_scaled_reg`; the weighted-lambda rule of ALS-WR,
// Zhou, Wilkinson, Schreiber & Pan 2008): row r's penalty is reg n_r |x_r|^2 with n_r the number of
// its observed cells (at least 1, so an empty row stays well posed), i.e. reg I in A_u becomes
// reg n_u I, and the objective's penalty is reg (sum_u n_u |x_u|^2 + sum_i n_i |y_i|^2). Heavy users
// and popular videos are shrunk more, in proportion to the evidence that pulls them.

#include <cstdint>
#include <span>
#include <vector>

#include "algorithms/factorization/interactions.hpp"

namespace simrec::algorithms::factorization {

// A dense row-major [rows, k] matrix of factors, in double.
struct Factors {
  std::size_t rows = 0, k = 0;
  std::vector<double> values;

  Factors() = default;
  Factors(std::size_t rows_, std::size_t k_) : rows(rows_), k(k_), values(rows_ * k_, 0.0) {}
  double* row(std::size_t r) { return values.data() + r * k; }
  const double* row(std::size_t r) const { return values.data() + r * k; }
};

enum class AlsSolver { Cholesky, ConjugateGradient };

struct AlsOptions {
  double alpha = 10.0;  // confidence weight: c = 1 + alpha r
  double reg = 0.1;     // L2 regularisation
  AlsSolver solver = AlsSolver::Cholesky;
  int cg_steps = 3;
  bool frequency_scaled_reg = false;  // reg x (observed cells of the row), ALS-WR
};

// The regularisation of a row with `observed` observed cells.
inline double row_reg(const AlsOptions& o, std::size_t observed) {
  return o.frequency_scaled_reg ? o.reg * double(observed > 0 ? observed : 1) : o.reg;
}

// G = Y^T Y, [k, k] row-major.
std::vector<double> gram(const Factors& Y);

// x = A^{-1} b for one row with observed columns `cols` (counts `counts`) against the fixed side Y.
// Cholesky ignores the incoming x; CG starts from it.
void solve_row(const std::vector<double>& G, const Factors& Y, std::span<const std::uint32_t> cols,
               std::span<const float> counts, const AlsOptions& options, double* x);

// Every row of X (rows of R) from Y.
void als_sweep(const SparseCounts& R, const Factors& Y, Factors& X, const AlsOptions& options);

// L(X, Y) for R with users on the rows of X.
double als_objective(const SparseCounts& R, const Factors& X, const Factors& Y, const AlsOptions& options);

}  // namespace simrec::algorithms::factorization
