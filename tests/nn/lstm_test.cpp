// LSTM: a hand-computed two-step case (gate order i, f, g, o; the numbers also agree with
// torch.nn.LSTM to 1e-10), state passing, a float64 finite-difference gradient check through the
// input, the initial state and every parameter of a two-layer LSTM (step 1e-6,
// |a - n| <= 1e-7 + 1e-5 |n|; sigmoid and tanh are smooth, no kinks), a float32 cross-check of
// output, final states and all gradients against torch.nn.LSTM (SKIPPED, saying so, without
// torch; |d| <= 1e-5 + 1e-4 |torch|), misuse errors, and the online-training resume: 5 steps +
// save + load into fresh objects + 5 steps == 10 steps, bit for bit.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>

#include "support/python_runner.hpp"
#include "support/torch_crosscheck.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

namespace {

void set_values(const Tensor& t, const std::vector<double>& v) {
  Tensor handle = t;
  handle.copy_from(Tensor::from(t.shape(), v).to(t.dtype()));
}

const Tensor& param(const Module& m, const std::string& name) {
  static std::vector<NamedTensor> keep;
  keep = m.named_parameters();
  for (const NamedTensor& p : keep)
    if (p.name == name) return p.value;
  FAIL("no parameter " << name);
  return keep.front().value;
}

// Output, then every layer's final h, then every layer's final c, flattened and joined.
Tensor flat_result(const LSTMOutput& r) {
  std::vector<Tensor> parts = {reshape(r.output, {-1})};
  for (const Tensor& h : r.final.h) parts.push_back(reshape(h, {-1}));
  for (const Tensor& c : r.final.c) parts.push_back(reshape(c, {-1}));
  return concat(parts, 0);
}

}  // namespace

TEST_CASE("LSTM: parameter names and shapes follow torch.nn.LSTM", "[nn][layer:LSTM]") {
  LSTM lstm(3, 4, 2);
  std::vector<std::string> names;
  std::vector<Shape> shapes;
  for (const auto& p : lstm.named_parameters()) {
    names.push_back(p.name);
    shapes.push_back(p.value.shape());
  }
  CHECK(names == std::vector<std::string>{"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                                          "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"});
  CHECK(shapes == std::vector<Shape>{{16, 3}, {16, 4}, {16}, {16}, {16, 4}, {16, 4}, {16}, {16}});
  lstm.init(1);
  for (const Tensor& p : lstm.parameters())
    for (double v : p.to_vector()) CHECK(std::fabs(v) <= 0.5);  // U(-1/sqrt(4), 1/sqrt(4))
}

TEST_CASE("LSTM: hand-computed values, gates in the order i, f, g, o", "[nn][layer:LSTM]") {
  LSTM lstm(1, 1);
  lstm.to(DType::F64);
  lstm.init(1);
  // Rows of the stacked gates: i, f, g, o.
  const std::vector<double> w_ih = {0.5, -0.25, 1.0, 0.75}, w_hh = {0.1, 0.2, -0.3, 0.4};
  const std::vector<double> b_ih = {0.05, 0.1, -0.05, 0.0}, b_hh = {0.0, 0.2, 0.1, -0.1};
  set_values(param(lstm, "weight_ih_l0"), w_ih);
  set_values(param(lstm, "weight_hh_l0"), w_hh);
  set_values(param(lstm, "bias_ih_l0"), b_ih);
  set_values(param(lstm, "bias_hh_l0"), b_hh);
  const Tensor x = Tensor::from({2, 1, 1}, std::vector<double>{1.0, -2.0});
  const LSTMOutput r = lstm(x);
  // The formula step by step (z_k = w_ih[k] x + b_ih[k] + w_hh[k] h + b_hh[k]).
  const auto sig = [](double z) { return 1 / (1 + std::exp(-z)); };
  double h = 0, c = 0;
  std::vector<double> outs;
  for (double xt : {1.0, -2.0}) {
    double z[4];
    for (int k = 0; k < 4; ++k) z[k] = w_ih[k] * xt + b_ih[k] + w_hh[k] * h + b_hh[k];
    c = sig(z[1]) * c + sig(z[0]) * std::tanh(z[2]);
    h = sig(z[3]) * std::tanh(c);
    outs.push_back(h);
  }
  // The same numbers written out (torch.nn.LSTM gives 0.3014265215, 0.0134945278, c 0.0728701473).
  CHECK(outs[0] == Approx(0.30142652149448956).epsilon(1e-12));
  CHECK(outs[1] == Approx(0.013494527726228864).epsilon(1e-12));
  CHECK(c == Approx(0.0728701467768017).epsilon(1e-12));
  const auto out = r.output.to_vector();
  CHECK(r.output.shape() == Shape{2, 1, 1});
  CHECK(out[0] == Approx(outs[0]).epsilon(1e-13));
  CHECK(out[1] == Approx(outs[1]).epsilon(1e-13));
  CHECK(r.final.h[0].item() == Approx(h).epsilon(1e-13));
  CHECK(r.final.c[0].item() == Approx(c).epsilon(1e-13));
}

TEST_CASE("LSTM: running a sequence in pieces, passing the state, gives the same result", "[nn][layer:LSTM]") {
  LSTM lstm(3, 4, 2);
  lstm.to(DType::F64);
  lstm.init(2);
  const Tensor x = random_tensor({5, 2, 3}, 1);
  const LSTMOutput whole = lstm(x);
  CHECK(whole.output.shape() == Shape{5, 2, 4});
  REQUIRE(whole.final.h.size() == 2);
  CHECK(whole.final.c[1].shape() == Shape{2, 4});
  // The last layer's final h is the last output step.
  CHECK(slice(whole.output, 0, 4, 1).to_vector() == whole.final.h[1].to_vector());
  const LSTMOutput first = lstm(slice(x, 0, 0, 2));
  const LSTMOutput rest = lstm(slice(x, 0, 2, 3), first.final);
  const auto a = whole.output.to_vector(), b = concat({first.output, rest.output}, 0).to_vector();
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(b[i] == Approx(a[i]).epsilon(1e-12));
  for (int k = 0; k < 2; ++k) {
    CHECK(compare_tensors("h", rest.final.h[k], whole.final.h[k], 1e-12, 1e-14) == "");
    CHECK(compare_tensors("c", rest.final.c[k], whole.final.c[k], 1e-12, 1e-14) == "");
  }
}

TEST_CASE("LSTM: finite-difference gradients through input, initial state and parameters", "[nn][gradcheck][layer:LSTM]") {
  LSTM lstm(3, 2, 2);
  lstm.to(DType::F64);
  lstm.init(3);
  std::vector<Tensor> in = {random_tensor({3, 2, 3}, 4).set_requires_grad(true)};
  for (int k = 0; k < 4; ++k) in.push_back(random_tensor({2, 2}, 5 + k, -0.5, 0.5).set_requires_grad(true));
  for (const Tensor& p : lstm.parameters()) in.push_back(p);
  const auto f = [&](const std::vector<Tensor>& v) {
    return flat_result(lstm(v[0], LSTMState{{v[1], v[2]}, {v[3], v[4]}}));
  };
  CHECK(gradcheck("LSTM", f, in) == "");
}

TEST_CASE("LSTM: matches torch.nn.LSTM (outputs, final states, every gradient)", "[nn][layer:LSTM][torch]") {
  LSTM lstm(5, 4, 2);
  lstm.init(7);
  std::vector<Tensor> inputs = {random_tensor({4, 3, 5}, 8, -1, 1, DType::F32).set_requires_grad(true)};
  std::string names = "[";
  for (const auto& p : lstm.named_parameters()) {
    inputs.push_back(p.value);
    names += (names.size() > 1 ? ", \"" : "\"") + p.name + "\"";
  }
  names += "]";
  TorchCase c{"lstm", "lstm", inputs, R"({"layers": 2, "hidden": 4, "names": )" + names + "}",
              [](const std::vector<Tensor>& v) {
                std::vector<LSTMWeights> w;
                for (std::size_t k = 0; k < 2; ++k) w.push_back({v[1 + 4 * k], v[2 + 4 * k], v[3 + 4 * k], v[4 + 4 * k]});
                return flat_result(lstm_forward(v[0], w));
              }};
  std::string why;
  const auto results = run_torch_cases({c}, why);
  if (results.empty()) {
    WARN("SKIPPED: " << why);
    return;
  }
  CHECK(compare_with_torch(c, results.at("lstm"), 1e-4, 1e-5) == "");
}

TEST_CASE("LSTM: misuse is refused with a message", "[nn][layer:LSTM][errors]") {
  LSTM lstm(3, 2, 2);
  CHECK_THROWS_WITH(lstm(Tensor::zeros({4, 1, 3})), Catch::Contains("LSTM") && Catch::Contains("not initialised"));
  lstm.init(1);
  CHECK_THROWS_WITH(lstm(Tensor::zeros({4, 3})), Catch::Contains("LSTM") && Catch::Contains("[4, 3]") && Catch::Contains("seq-first"));
  CHECK_THROWS_WITH(lstm(Tensor::zeros({4, 1, 5})), Catch::Contains("LSTM") && Catch::Contains("[4, 1, 5]"));
  const LSTMState bad{{Tensor::zeros({1, 2}), Tensor::zeros({1, 2})}, {Tensor::zeros({1, 2}), Tensor::zeros({2, 2})}};
  CHECK_THROWS_WITH(lstm(Tensor::zeros({4, 1, 3}), bad), Catch::Contains("layer 1") && Catch::Contains("[2, 2]"));
  CHECK_THROWS_WITH(LSTM(3, 0), Catch::Contains("LSTM") && Catch::Contains("positive"));
}

namespace {

// The forecasting shape: LSTM over a window, dense head on the last step.
struct Forecaster : Module {
  LSTM lstm{2, 6, 2};
  Linear head{6, 1};
  Forecaster() {
    register_module("lstm", lstm);
    register_module("head", head);
  }
  Tensor operator()(const Tensor& window) const {
    const LSTMOutput r = lstm(window);
    return head(r.final.h.back());
  }
};

void forecast_step(Forecaster& m, Optimizer& opt, int step) {
  opt.zero_grad();
  const Tensor x = random_tensor({7, 4, 2}, 500 + step, -1, 1, DType::F32);
  const Tensor y = random_tensor({4, 1}, 600 + step, -1, 1, DType::F32);
  const Tensor err = sub(m(x), y);
  mean_all(mul(err, err)).backward();
  opt.step();
}

}  // namespace

TEST_CASE("LSTM: online training resumes from model + optimizer state bit for bit", "[nn][layer:LSTM][checkpoint][resume]") {
  const std::string dir = make_temp_dir("simrec_lstm_resume_");
  Forecaster straight;
  straight.init(21);
  Adam opt_straight(straight.named_parameters(), AdamOptions{.lr = 0.01});
  for (int s = 0; s < 10; ++s) forecast_step(straight, opt_straight, s);
  {
    Forecaster offline;
    offline.init(21);
    Adam opt(offline.named_parameters(), AdamOptions{.lr = 0.01});
    for (int s = 0; s < 5; ++s) forecast_step(offline, opt, s);
    offline.save(dir + "/model.ckpt");
    opt.save_state(dir + "/optim.ckpt");
  }
  Forecaster online;
  online.load(dir + "/model.ckpt");
  Adam opt(online.named_parameters(), AdamOptions{.lr = 0.01});
  opt.load_state(dir + "/optim.ckpt");
  for (int s = 5; s < 10; ++s) forecast_step(online, opt, s);
  const auto a = straight.named_parameters(), b = online.named_parameters();
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO(a[i].name);
    CHECK(std::memcmp(a[i].value.raw(), b[i].value.raw(), a[i].value.numel() * 4) == 0);
  }
  std::filesystem::remove_all(dir);
}
