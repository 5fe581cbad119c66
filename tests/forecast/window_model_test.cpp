// The LSTM window model (algorithms/forecast/window_model.hpp): parameter names and shapes, and
// forward + backward against the same model built in PyTorch from identical weights (output,
// MSE loss, every parameter's gradient; |d| <= 1e-6 + 1e-4 |torch|, float32; SKIPPED, saying so,
// without python3-torch), with and without the holiday features.
#include <catch2/catch.hpp>

#include <fstream>

#include "algorithms/forecast/window_model.hpp"
#include "support/npy.hpp"
#include "support/nn_testing.hpp"
#include "support/python_runner.hpp"
#include "sim/random/philox.hpp"

using namespace simrec;
using namespace simrec::algorithms::forecast;
using namespace simrec::testing;

namespace {

WindowModelConfig small_config(bool holiday) {
  WindowModelConfig c;
  c.dim_sizes = {3, 2, 2, 4};
  c.holiday_horizon = 5;
  c.embedding_dim = 3;
  c.hidden_size = 6;
  c.num_layers = 2;
  c.holiday_features = holiday;
  return c;
}

WindowBatch random_batch(const WindowModelConfig& c, std::int64_t W, std::int64_t B, std::uint64_t seed) {
  WindowBatch b;
  b.window = W;
  b.batch = B;
  random::Rng rng(seed, "test/batch", 0);
  for (int f = 0; f < c.num_features(); ++f)
    for (std::int64_t i = 0; i < W * B; ++i) b.ids[std::size_t(f)].push_back(std::int64_t(rng.below(std::uint64_t(c.vocabulary(f)))));
  for (std::int64_t i = 0; i < W * B; ++i) b.label_z.push_back(float(2 * rng.uniform() - 1));
  for (std::int64_t i = 0; i < B; ++i) b.target_z.push_back(float(2 * rng.uniform() - 1));
  return b;
}

void cross_check(bool holiday) {
  const WindowModelConfig c = small_config(holiday);
  WindowModel model(c);
  model.init(3);
  const std::int64_t W = 7, B = 5;
  const WindowBatch b = random_batch(c, W, B, holiday ? 1 : 2);
  model.zero_grad();
  const Tensor out = model.forward(b);
  REQUIRE(out.shape() == nn::Shape{B, 1});
  const Tensor loss = nn::mse(out, Tensor::from(nn::Shape{B, 1}, b.target_z));
  loss.backward();
  if (!python_module_available("torch")) {
    WARN("SKIPPED: python3-torch is not installed (/usr/bin/python3 cannot import torch)");
    return;
  }
  const std::string dir = make_temp_dir("simrec_forecast_torch_");
  std::ofstream m(dir + "/manifest.json");
  m << "{\"embedding_dim\": " << c.embedding_dim << ", \"hidden\": " << c.hidden_size << ", \"layers\": " << c.num_layers
    << ", \"features\": [";
  for (int f = 0; f < c.num_features(); ++f) m << (f ? ", " : "") << "\"" << kFeatureNames[std::size_t(f)] << "\"";
  m << "], \"vocab\": [";
  for (int f = 0; f < c.num_features(); ++f) m << (f ? ", " : "") << c.vocabulary(f);
  m << "], \"params\": [";
  const auto params = model.named_parameters();
  for (std::size_t i = 0; i < params.size(); ++i) {
    m << (i ? ", " : "") << "\"" << params[i].name << "\"";
    write_npy(dir + "/param_" + params[i].name + ".npy", params[i].value);
  }
  m << "]}";
  m.close();
  for (int f = 0; f < c.num_features(); ++f)
    write_npy_i64(dir + "/ids_" + kFeatureNames[std::size_t(f)] + ".npy", b.ids[std::size_t(f)], {W, B});
  write_npy(dir + "/label.npy", Tensor::from(nn::Shape{W, B}, b.label_z));
  write_npy(dir + "/target.npy", Tensor::from(nn::Shape{B}, b.target_z));
  std::string log;
  const int rc = run_python(std::string(SIMREC_TEST_SCRIPTS_DIR) + "/torch_forecast.py", dir, log);
  INFO(log);
  REQUIRE(rc == 0);
  CHECK(compare_tensors("output", out, read_npy(dir + "/torch_out.npy"), 1e-4, 1e-6) == "");
  CHECK(compare_tensors("loss", loss, read_npy(dir + "/torch_loss.npy"), 1e-4, 1e-6) == "");
  for (const auto& p : params)
    CHECK(compare_tensors("grad " + p.name, p.value.grad(), read_npy(dir + "/torch_grad_" + p.name + ".npy"), 1e-4, 1e-6) == "");
}

}  // namespace

TEST_CASE("window model: parameter names follow the torch module", "[forecast][window_model]") {
  WindowModel model(small_config(true));
  std::vector<std::string> names;
  for (const auto& p : model.named_parameters()) names.push_back(p.name);
  REQUIRE(names.size() == 8 + 8 + 4);
  CHECK(names[0] == "emb.region.weight");
  CHECK(names[7] == "emb.days_after_holiday.weight");
  CHECK(names[8] == "lstm.weight_ih_l0");
  CHECK(names[16] == "head1.weight");
  CHECK(names[19] == "head2.bias");
  // Input width = 8 features x 3 + the label.
  CHECK(model.named_parameters()[8].value.shape() == nn::Shape{24, 25});
  WindowModel no_holiday(small_config(false));
  CHECK(no_holiday.named_parameters().size() == 5 + 8 + 4);
  CHECK(no_holiday.named_parameters()[5].value.shape() == nn::Shape{24, 16});
}

TEST_CASE("window model: forward and backward match PyTorch from identical weights", "[forecast][window_model][torch]") {
  SECTION("with holiday features") { cross_check(true); }
  SECTION("without holiday features") { cross_check(false); }
}
