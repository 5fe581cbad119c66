#include "algorithms/factorization/als_solver.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace simrec::algorithms::factorization {

namespace {

double dot(const double* a, const double* b, std::size_t k) {
  double s = 0;
  for (std::size_t d = 0; d < k; ++d) s += a[d] * b[d];
  return s;
}

// out = A_u d without forming A_u.
void apply_a(const std::vector<double>& G, const Factors& Y, std::span<const std::uint32_t> cols, std::span<const float> counts,
             const AlsOptions& o, const double* d, double* out) {
  const std::size_t k = Y.k;
  const double reg = row_reg(o, cols.size());
  for (std::size_t a = 0; a < k; ++a) out[a] = dot(G.data() + a * k, d, k) + reg * d[a];
  for (std::size_t e = 0; e < cols.size(); ++e) {
    const double* y = Y.row(cols[e]);
    const double w = o.alpha * counts[e] * dot(y, d, k);
    for (std::size_t a = 0; a < k; ++a) out[a] += w * y[a];
  }
}

void solve_cholesky(const std::vector<double>& G, const Factors& Y, std::span<const std::uint32_t> cols,
                    std::span<const float> counts, const AlsOptions& o, double* x) {
  const std::size_t k = Y.k;
  std::vector<double> A(G), b(k, 0.0);
  const double reg = row_reg(o, cols.size());
  for (std::size_t a = 0; a < k; ++a) A[a * k + a] += reg;
  for (std::size_t e = 0; e < cols.size(); ++e) {
    const double* y = Y.row(cols[e]);
    const double extra = o.alpha * counts[e];  // c - 1
    for (std::size_t a = 0; a < k; ++a) {
      b[a] += (1.0 + extra) * y[a];
      const double ya = extra * y[a];
      for (std::size_t c = 0; c <= a; ++c) A[a * k + c] += ya * y[c];  // lower triangle only
    }
  }
  // A = L L^T in place (lower triangle).
  for (std::size_t j = 0; j < k; ++j) {
    double diag = A[j * k + j];
    for (std::size_t c = 0; c < j; ++c) diag -= A[j * k + c] * A[j * k + c];
    if (!(diag > 0)) throw std::runtime_error("wals: the normal equations are not positive definite (reg = " + std::to_string(reg) + ")");
    const double l = std::sqrt(diag);
    A[j * k + j] = l;
    for (std::size_t i = j + 1; i < k; ++i) {
      double v = A[i * k + j];
      for (std::size_t c = 0; c < j; ++c) v -= A[i * k + c] * A[j * k + c];
      A[i * k + j] = v / l;
    }
  }
  for (std::size_t i = 0; i < k; ++i) {  // L z = b
    double v = b[i];
    for (std::size_t c = 0; c < i; ++c) v -= A[i * k + c] * x[c];
    x[i] = v / A[i * k + i];
  }
  for (std::size_t i = k; i-- > 0;) {  // L^T x = z
    double v = x[i];
    for (std::size_t c = i + 1; c < k; ++c) v -= A[c * k + i] * x[c];
    x[i] = v / A[i * k + i];
  }
}

void solve_cg(const std::vector<double>& G, const Factors& Y, std::span<const std::uint32_t> cols, std::span<const float> counts,
              const AlsOptions& o, double* x) {
  const std::size_t k = Y.k;
  std::vector<double> r(k, 0.0), p(k), ap(k);
  for (std::size_t e = 0; e < cols.size(); ++e) {  // r = b - A x
    const double* y = Y.row(cols[e]);
    for (std::size_t a = 0; a < k; ++a) r[a] += (1.0 + o.alpha * counts[e]) * y[a];
  }
  apply_a(G, Y, cols, counts, o, x, ap.data());
  for (std::size_t a = 0; a < k; ++a) r[a] -= ap[a];
  p = r;
  double rr = dot(r.data(), r.data(), k);
  for (int step = 0; step < o.cg_steps && rr > 1e-20; ++step) {
    apply_a(G, Y, cols, counts, o, p.data(), ap.data());
    const double step_size = rr / dot(p.data(), ap.data(), k);
    for (std::size_t a = 0; a < k; ++a) {
      x[a] += step_size * p[a];
      r[a] -= step_size * ap[a];
    }
    const double rr_new = dot(r.data(), r.data(), k);
    for (std::size_t a = 0; a < k; ++a) p[a] = r[a] + (rr_new / rr) * p[a];
    rr = rr_new;
  }
}

}  // namespace

std::vector<double> gram(const Factors& Y) {
  const std::size_t k = Y.k;
  std::vector<double> G(k * k, 0.0);
#pragma omp parallel for schedule(static)
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t i = 0; i < Y.rows; ++i) {
      const double* y = Y.row(i);
      for (std::size_t c = 0; c < k; ++c) G[a * k + c] += y[a] * y[c];
    }
  return G;
}

void solve_row(const std::vector<double>& G, const Factors& Y, std::span<const std::uint32_t> cols, std::span<const float> counts,
               const AlsOptions& options, double* x) {
  if (options.solver == AlsSolver::Cholesky)
    solve_cholesky(G, Y, cols, counts, options, x);
  else
    solve_cg(G, Y, cols, counts, options, x);
}

void als_sweep(const SparseCounts& R, const Factors& Y, Factors& X, const AlsOptions& options) {
  const std::vector<double> G = gram(Y);
  const std::int64_t rows = std::int64_t(R.rows());
#pragma omp parallel for schedule(dynamic, 16)
  for (std::int64_t u = 0; u < rows; ++u) solve_row(G, Y, R.columns_of(std::size_t(u)), R.counts_of(std::size_t(u)), options, X.row(std::size_t(u)));
}

double als_objective(const SparseCounts& R, const Factors& X, const Factors& Y, const AlsOptions& options) {
  const std::vector<double> G = gram(Y);
  const std::size_t k = Y.k;
  std::vector<double> per_user(R.rows(), 0.0);
  const std::int64_t rows = std::int64_t(R.rows());
#pragma omp parallel for schedule(static)
  for (std::int64_t u = 0; u < rows; ++u) {
    const double* x = X.row(std::size_t(u));
    double s = 0;
    for (std::size_t a = 0; a < k; ++a) s += x[a] * dot(G.data() + a * k, x, k);
    const auto cols = R.columns_of(std::size_t(u));
    const auto counts = R.counts_of(std::size_t(u));
    for (std::size_t e = 0; e < cols.size(); ++e) {
      const double sui = dot(x, Y.row(cols[e]), k);
      const double c = 1.0 + options.alpha * counts[e];
      s += c * (1.0 - sui) * (1.0 - sui) - sui * sui;
    }
    per_user[std::size_t(u)] = s + row_reg(options, cols.size()) * dot(x, x, k);
  }
  double total = 0;
  for (double v : per_user) total += v;
  std::vector<std::size_t> item_observed(Y.rows, 0);  // n_i: observed cells per item (column)
  for (std::uint32_t c : R.columns) ++item_observed[c];
  for (std::size_t i = 0; i < Y.rows; ++i) total += row_reg(options, item_observed[i]) * dot(Y.row(i), Y.row(i), k);
  return total;
}

}  // namespace simrec::algorithms::factorization
