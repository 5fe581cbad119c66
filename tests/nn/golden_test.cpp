// Golden end-to-end test against PyTorch: a tiny MLP (and, once the layer exists, an LSTM model)
// from identical weights — outputs, loss, every parameter gradient, and the parameters after 5
// Adam steps on the same batch must match PyTorch within 1e-5 relative (float32; plus 1e-6
// absolute for values near zero). SKIPPED, saying so, without python3-torch.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "nn/nn.hpp"
#include "support/npy.hpp"
#include "support/python_runner.hpp"
#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

namespace {

constexpr double kRtol = 1e-5, kAtol = 1e-6;

// Writes the manifest, parameters and batch; runs torch_golden.py; returns the directory.
std::string run_torch(const std::string& model, const std::vector<NamedTensor>& params, const Tensor& x,
                      const Tensor& y, double lr, const std::string& extra_json) {
  const std::string dir = make_temp_dir("simrec_golden_");
  std::ofstream m(dir + "/manifest.json");
  m << "{\"lr\": " << lr << ", \"params\": [";
  for (std::size_t i = 0; i < params.size(); ++i) {
    m << (i ? ", " : "") << "\"" << params[i].name << "\"";
    write_npy(dir + "/param_" + params[i].name + ".npy", params[i].value);
  }
  m << "]" << extra_json << "}";
  m.close();
  write_npy(dir + "/x.npy", x);
  write_npy(dir + "/y.npy", y);
  std::string out;
  const int rc = run_python(std::string(SIMREC_TEST_SCRIPTS_DIR) + "/torch_golden.py", dir + " " + model, out);
  INFO(out);
  REQUIRE(rc == 0);
  return dir;
}

// Forward, loss, gradients, then 5 Adam steps; every value compared with torch's.
template <class Forward, class Loss>
void check_against_torch(const std::string& model_name, Module& model, const Tensor& x, const Tensor& y,
                         Forward forward, Loss loss_fn, const std::string& extra_json) {
  const double lr = 1e-2;
  const auto params = model.named_parameters();
  const std::string dir = run_torch(model_name, params, x, y, lr, extra_json);

  Tensor out = forward();
  Tensor loss = loss_fn(out);
  loss.backward();
  CHECK(compare_tensors(model_name + " output", out, read_npy(dir + "/torch_out.npy"), kRtol, kAtol) == "");
  CHECK(compare_tensors(model_name + " loss", loss, read_npy(dir + "/torch_loss.npy"), kRtol, kAtol) == "");
  for (const auto& p : params)
    CHECK(compare_tensors(model_name + " grad " + p.name, p.value.grad(),
                          read_npy(dir + "/torch_grad_" + p.name + ".npy"), kRtol, kAtol) == "");

  AdamOptions o;
  o.lr = lr;
  Adam adam(params, o);
  for (int step = 0; step < 5; ++step) {
    adam.zero_grad();
    loss_fn(forward()).backward();
    adam.step();
  }
  for (const auto& p : params)
    CHECK(compare_tensors(model_name + " after 5 Adam steps " + p.name, p.value,
                          read_npy(dir + "/torch_step5_" + p.name + ".npy"), kRtol, kAtol) == "");
  std::filesystem::remove_all(dir);
}

// The LSTM golden model: a 2-layer seq-first LSTM over a window, a linear head on the last step.
class LstmRegressor : public Module {
 public:
  LstmRegressor() {
    register_module("lstm", lstm);
    register_module("head", head);
  }
  Tensor forward(const Tensor& x) const {
    const Tensor out = lstm(x).output;  // [T, B, H]
    const std::int64_t T = out.dim(0), B = out.dim(1), H = out.dim(2);
    return reshape(head(reshape(slice(out, 0, T - 1, 1), {B, H})), {B});
  }
  LSTM lstm{4, 8, 2};
  Linear head{8, 1};
};

}  // namespace

TEST_CASE("golden: LSTM model outputs, loss, gradients and 5 Adam steps match PyTorch", "[nn][torch][golden]") {
  if (!python_module_available("torch")) {
    WARN("SKIPPED: PyTorch is not available under /usr/bin/python3 (install python3-torch via scripts/setup)");
    return;
  }
  LstmRegressor model;
  model.init(77);
  const Tensor x = random_tensor({6, 5, 4}, 3, -1, 1, DType::F32);  // T = 6, B = 5, C = 4
  const Tensor y = random_tensor({5}, 4, -1, 1, DType::F32);
  check_against_torch(
      "lstm", model, x, y, [&] { return model.forward(x); }, [&](const Tensor& out) { return mse(out, y); },
      R"(, "lstm": {"input": 4, "hidden": 8, "layers": 2})");
}

TEST_CASE("golden: MLP outputs, loss, gradients and 5 Adam steps match PyTorch", "[nn][torch][golden]") {
  if (!python_module_available("torch")) {
    WARN("SKIPPED: PyTorch is not available under /usr/bin/python3 (install python3-torch via scripts/setup)");
    return;
  }
  MLP mlp({10, 32, 16, 1});
  mlp.init(2024);
  const Tensor x = random_tensor({64, 10}, 1, -2, 2, DType::F32);
  Tensor y = Tensor::empty({64}, DType::F32);
  for (int i = 0; i < 64; ++i) y.data<float>()[i] = x.data<float>()[i * 10] + x.data<float>()[i * 10 + 1] > 0 ? 1.f : 0.f;
  check_against_torch(
      "mlp", mlp, x, y, [&] { return reshape(mlp(x), {64}); },
      [&](const Tensor& out) { return bce_with_logits(out, y); }, "");
}
