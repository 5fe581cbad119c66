#include "support/nn_testing.hpp"

#include <cmath>
#include <sstream>

#include "sim/random/philox.hpp"

namespace simrec::testing {

using namespace simrec::nn;

Tensor random_tensor(const Shape& shape, std::uint64_t seed, double lo, double hi, DType dtype) {
  random::Rng rng(seed, "tests/random_tensor", 0);
  std::vector<double> v(shape.numel());
  for (double& x : v) x = lo + (hi - lo) * rng.uniform();
  Tensor t = Tensor::from(shape, v);
  return dtype == DType::F64 ? t : t.to(dtype);
}

Tensor random_tensor_avoiding(const Shape& shape, std::uint64_t seed, double lo, double hi,
                              const std::vector<double>& kinks, double gap) {
  random::Rng rng(seed, "tests/random_tensor_avoiding", 0);
  std::vector<double> v(shape.numel());
  for (double& x : v) {
    for (;;) {
      x = lo + (hi - lo) * rng.uniform();
      bool ok = true;
      for (double k : kinks) ok = ok && std::fabs(x - k) > gap;
      if (ok) break;
    }
  }
  return Tensor::from(shape, v);
}

namespace {
double weighted_loss(const TensorFn& f, const std::vector<Tensor>& inputs, const Tensor& r) {
  NoGradGuard no_grad;
  const Tensor out = f(inputs);
  const auto o = out.to_vector(), w = r.to_vector();
  double acc = 0;
  for (std::size_t i = 0; i < o.size(); ++i) acc += o[i] * w[i];
  return acc;
}
}  // namespace

std::string gradcheck(const std::string& op, const TensorFn& f, std::vector<Tensor> inputs,
                      GradCheck opts) {
  for (Tensor& t : inputs) {
    if (t.dtype() != DType::F64) return op + ": gradcheck inputs must be float64";
    t.zero_grad();
  }
  Tensor out = f(inputs);
  const Tensor r = random_tensor(out.shape(), 977, 0.5, 1.5);
  Tensor loss = sum_all(mul(out, r));
  loss.backward();

  std::ostringstream err;
  int mismatches = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    Tensor& x = inputs[i];
    if (!x.requires_grad()) continue;
    const Tensor analytic = x.grad();
    double* xv = x.data<double>();
    for (std::int64_t j = 0; j < x.numel(); ++j) {
      const double saved = xv[j];
      xv[j] = saved + opts.eps;
      const double up = weighted_loss(f, inputs, r);
      xv[j] = saved - opts.eps;
      const double down = weighted_loss(f, inputs, r);
      xv[j] = saved;
      const double numeric = (up - down) / (2 * opts.eps);
      const double a = analytic.defined() ? analytic.data<double>()[j] : 0.0;
      if (!(std::fabs(a - numeric) <= opts.atol + opts.rtol * std::fabs(numeric))) {
        if (mismatches++ < 5)
          err << op << ": input " << i << " element " << j << ": analytic " << a << " vs numeric "
              << numeric << "\n";
      }
    }
  }
  if (mismatches) err << op << ": " << mismatches << " gradient mismatches in total";
  return err.str();
}

std::string compare_tensors(const std::string& what, const Tensor& a, const Tensor& b, double rtol,
                            double atol) {
  if (!a.defined() || !b.defined())
    return a.defined() == b.defined() ? "" : what + ": one side is undefined";
  if (a.shape() != b.shape()) return what + ": shapes " + a.shape().str() + " vs " + b.shape().str();
  const auto x = a.to_vector(), y = b.to_vector();
  std::ostringstream err;
  int bad = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!(std::fabs(x[i] - y[i]) <= atol + rtol * std::fabs(y[i]))) {
      if (bad++ < 5) err << what << "[" << i << "]: " << x[i] << " vs " << y[i] << "\n";
    }
  }
  if (bad) err << what << ": " << bad << " of " << x.size() << " elements differ";
  return err.str();
}

std::string compare_kernel_paths(const std::string& op, const TensorFn& f,
                                 const std::vector<Tensor>& inputs, double rtol, double atol) {
  struct Result {
    Tensor out;
    std::vector<Tensor> grads;
  };
  const auto run = [&](KernelPath path) {
    KernelPathGuard guard(path);
    std::vector<Tensor> xs;
    for (const Tensor& t : inputs) {
      Tensor c = t.clone();
      if (t.requires_grad()) c.set_requires_grad(true);
      xs.push_back(c);
    }
    Result res;
    res.out = f(xs);
    if (res.out.requires_grad()) {
      const Tensor r = random_tensor(res.out.shape(), 977, 0.5, 1.5, res.out.dtype());
      sum_all(mul(res.out, r)).backward();
    }
    for (const Tensor& t : xs) res.grads.push_back(t.requires_grad() ? t.grad() : Tensor());
    return res;
  };
  const Result ref = run(KernelPath::Reference), opt = run(KernelPath::Optimized);
  std::string err = compare_tensors(op + " output", opt.out, ref.out, rtol, atol);
  for (std::size_t i = 0; i < inputs.size(); ++i)
    err += compare_tensors(op + " grad of input " + std::to_string(i), opt.grads[i], ref.grads[i],
                           rtol, atol);
  return err;
}

}  // namespace simrec::testing
