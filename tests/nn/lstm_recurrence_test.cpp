// lstm_recurrence (the fused LSTM layer recurrence on the lstm_cell kernels): float64
// finite-difference gradients for all five inputs (step 1e-6, |a - n| <= 1e-7 + 1e-5 |n|), with
// and without b_hh; agreement with the same recurrence composed of elementary ops (float64, 1e-12:
// only the order of a few additions differs); the optimised cell kernels against the reference
// kernels bit for bit (small cells and cells on the OpenMP path), forward and backward, with
// null dh / dc; the whole op reference vs optimised (GEMMs differ by float32 rounding);
// bit-identical results for 1 and 2 threads; shape errors.
#include <omp.h>

#include <catch2/catch.hpp>
#include <cstring>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

namespace {

// The recurrence as the layer computed it before the fused op: elementary ops per step.
Tensor composed(const Tensor& xz, const Tensor& w_hh, const Tensor& b_hh, const Tensor& h0,
                const Tensor& c0) {
  const std::int64_t T = xz.dim(0), B = xz.dim(1), H = w_hh.dim(1);
  Tensor h = h0, c = c0;
  std::vector<Tensor> rows;
  for (std::int64_t t = 0; t < T; ++t) {
    const Tensor z = add(reshape(slice(xz, 0, t, 1), {B, 4 * H}), linear(h, w_hh, b_hh));
    const std::vector<Tensor> g = split(z, 1, {H, H, H, H});
    c = add(mul(sigmoid(g[1]), c), mul(sigmoid(g[0]), tanh(g[2])));
    h = mul(sigmoid(g[3]), tanh(c));
    rows.push_back(reshape(h, {1, B, H}));
  }
  rows.push_back(reshape(c, {1, B, H}));
  return concat(rows, 0);
}

std::vector<Tensor> inputs(std::int64_t T, std::int64_t B, std::int64_t H, DType dt,
                           std::uint64_t seed) {
  const auto leaf = [&](Shape s, std::uint64_t k, double lo, double hi) {
    return random_tensor(s, seed + k, lo, hi, dt).set_requires_grad(true);
  };
  return {leaf({T, B, 4 * H}, 1, -2, 2), leaf({4 * H, H}, 2, -0.6, 0.6), leaf({4 * H}, 3, -0.5, 0.5),
          leaf({B, H}, 4, -1, 1), leaf({B, H}, 5, -1, 1)};
}

Tensor fused(const std::vector<Tensor>& v) { return lstm_recurrence(v[0], v[1], v[2], v[3], v[4]); }

}  // namespace

TEST_CASE("lstm_recurrence: finite-difference gradients", "[nn][gradcheck][op:lstm_recurrence]") {
  const std::vector<Tensor> v = inputs(3, 2, 3, DType::F64, 10);
  CHECK(gradcheck("lstm_recurrence", fused, v) == "");
  CHECK(gradcheck("lstm_recurrence, no b_hh",
                  [](auto& a) { return lstm_recurrence(a[0], a[1], Tensor(), a[2], a[3]); },
                  {v[0], v[1], v[3], v[4]}) == "");
  const std::vector<Tensor> one = inputs(1, 3, 2, DType::F64, 20);
  CHECK(gradcheck("lstm_recurrence, one step", fused, one) == "");
}

TEST_CASE("lstm_recurrence: equals the recurrence composed of elementary ops", "[nn][op:lstm_recurrence]") {
  const std::vector<Tensor> v = inputs(5, 4, 6, DType::F64, 30);
  const Tensor r = random_tensor({6, 4, 6}, 39);
  const auto run = [&](auto f) {
    for (const Tensor& t : v) const_cast<Tensor&>(t).zero_grad();
    const Tensor y = f(v);
    sum_all(mul(y, r)).backward();
    std::vector<Tensor> out{y.detach()};
    for (const Tensor& t : v) out.push_back(t.grad());
    return out;
  };
  const auto a = run(fused);
  const auto b = run([](auto& x) { return composed(x[0], x[1], x[2], x[3], x[4]); });
  const char* what[] = {"output", "d xz", "d w_hh", "d b_hh", "d h0", "d c0"};
  for (std::size_t i = 0; i < a.size(); ++i)
    CHECK(compare_tensors(what[i], a[i], b[i], 1e-12, 1e-12) == "");
}

TEST_CASE("lstm_cell kernels: optimised equal the reference bit for bit", "[nn][kernels][op:lstm_recurrence]") {
  // B * H = 96 (serial) and 4096 * 128 = 2^19 (above both OpenMP thresholds, 2^18 and 2^19).
  for (auto [B, H] : std::vector<std::pair<std::int64_t, std::int64_t>>{{4, 24}, {4096, 128}}) {
    INFO("B " << B << " H " << H);
    const auto vals = [&](Shape s, std::uint64_t seed, double lo, double hi) {
      return random_tensor(s, seed, lo, hi, DType::F32);
    };
    const Tensor xz = vals({B, 4 * H}, 1, -6, 6), hz = vals({B, 4 * H}, 2, -2, 2);
    const Tensor bias = vals({4 * H}, 3, -1, 1), c_prev = vals({B, H}, 4, -2, 2);
    const Tensor dh = vals({B, H}, 5, -1, 1), dc = vals({B, H}, 6, -1, 1);
    const KernelTable<float>& ref = reference_kernels<float>();
    const KernelTable<float>& opt = cpu_kernels<float>();
    const auto same = [](const Tensor& a, const Tensor& b) {
      return std::memcmp(a.raw(), b.raw(), a.numel() * sizeof(float)) == 0;
    };
    for (int variant = 0; variant < 3; ++variant) {
      const float* hzp = variant == 1 ? nullptr : hz.data<float>();
      const float* bp = variant == 2 ? nullptr : bias.data<float>();
      Tensor out[2][3];
      for (int k = 0; k < 2; ++k) {
        const KernelTable<float>& tab = k == 0 ? ref : opt;
        out[k][0] = Tensor::empty({B, H});
        out[k][1] = Tensor::empty({B, H});
        out[k][2] = Tensor::empty({B, 5 * H});
        tab.lstm_cell(B, H, xz.data<float>(), hzp, bp, c_prev.data<float>(), out[k][0].data<float>(),
                      out[k][1].data<float>(), out[k][2].data<float>());
      }
      for (int j = 0; j < 3; ++j) CHECK(same(out[0][j], out[1][j]));
      for (int grads = 0; grads < 3; ++grads) {
        const float* dhp = grads == 1 ? nullptr : dh.data<float>();
        const float* dcp = grads == 2 ? nullptr : dc.data<float>();
        Tensor dz[2], dcp_out[2];
        for (int k = 0; k < 2; ++k) {
          const KernelTable<float>& tab = k == 0 ? ref : opt;
          dz[k] = Tensor::empty({B, 4 * H});
          dcp_out[k] = Tensor::empty({B, H});
          tab.lstm_cell_backward(B, H, out[0][2].data<float>(), c_prev.data<float>(), dhp, dcp,
                                 dz[k].data<float>(), dcp_out[k].data<float>());
        }
        CHECK(same(dz[0], dz[1]));
        CHECK(same(dcp_out[0], dcp_out[1]));
      }
    }
  }
}

TEST_CASE("lstm_recurrence: optimised kernels match the reference", "[nn][kernels][op:lstm_recurrence]") {
  const std::vector<Tensor> v = inputs(6, 64, 32, DType::F32, 40);
  CHECK(compare_kernel_paths("lstm_recurrence", fused, v, 1e-4, 1e-5) == "");
}

TEST_CASE("lstm_recurrence: bit-identical for 1 and 2 threads", "[nn][determinism][op:lstm_recurrence]") {
  const auto run = [](int threads) {
    const int saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    // B * H = 4096 * 128 = 2^19: the cell kernels take their OpenMP paths.
    const std::vector<Tensor> v = inputs(2, 4096, 128, DType::F32, 50);
    const Tensor y = fused(v);
    sum_all(mul(y, random_tensor(y.shape(), 59, -1, 1, DType::F32))).backward();
    std::vector<std::vector<double>> out{y.to_vector()};
    for (const Tensor& t : v) out.push_back(t.grad().to_vector());
    omp_set_num_threads(saved);
    return out;
  };
  CHECK(run(1) == run(2));
}

TEST_CASE("lstm_recurrence: shape errors", "[nn][errors][op:lstm_recurrence]") {
  const std::vector<Tensor> v = inputs(2, 3, 4, DType::F64, 60);
  CHECK_THROWS_WITH(lstm_recurrence(v[0], v[1], v[2], v[4], Tensor::zeros({3, 5}, DType::F64)),
                    Catch::Contains("h0 and c0 must be [3, 4]"));
  CHECK_THROWS_WITH(lstm_recurrence(v[0], Tensor::zeros({12, 4}, DType::F64), v[2], v[3], v[4]),
                    Catch::Contains("xz must be [T, B, 4H]"));
  CHECK_THROWS_WITH(lstm_recurrence(v[0], v[1], Tensor::zeros({4}, DType::F64), v[3], v[4]),
                    Catch::Contains("b_hh must be [16]"));
}
