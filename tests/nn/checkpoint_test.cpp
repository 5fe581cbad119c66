// Checkpoint files: the documented byte layout, round trips, atomic replacement, and errors
// (corruption, truncation, wrong kind, missing / unexpected / mis-shaped tensors) that name the
// file and the tensor.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;
namespace fs = std::filesystem;

namespace {
// A fresh directory per test case under the system temp dir.
std::string temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("simrec_ckpt_" + name + "_" +
                                                    std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}
std::vector<char> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<char>(std::istreambuf_iterator<char>(in), {});
}
void write_bytes(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}
bool same_bits(const Tensor& a, const Tensor& b) {
  return a.dtype() == b.dtype() && a.shape() == b.shape() &&
         std::memcmp(a.raw(), b.raw(), a.numel() * dtype_size(a.dtype())) == 0;
}
}  // namespace

TEST_CASE("checkpoint: byte layout is the documented one", "[nn][checkpoint]") {
  const std::string path = temp_dir("layout") + "/a.ckpt";
  save_checkpoint(path, "module", {{"w", Tensor::from({2}, std::vector<float>{1.5f, -2.f})}});
  const std::vector<char> b = file_bytes(path);
  std::vector<char> expect;
  auto put = [&](const void* p, std::size_t n) {
    expect.insert(expect.end(), static_cast<const char*>(p), static_cast<const char*>(p) + n);
  };
  put("SIMRECCK", 8);
  const std::uint32_t version = 1, kind_len = 6, name_len = 1;
  const std::uint64_t count = 1;
  const std::uint8_t dtype = 0, rank = 1;
  const std::int64_t dim = 2;
  const float data[2] = {1.5f, -2.f};
  put(&version, 4);
  put(&kind_len, 4);
  put("module", 6);
  put(&count, 8);
  put(&name_len, 4);
  put("w", 1);
  put(&dtype, 1);
  put(&rank, 1);
  put(&dim, 8);
  put(data, 8);
  const std::uint64_t sum = checksum64(expect.data(), expect.size());
  put(&sum, 8);
  CHECK(b == expect);
}

TEST_CASE("checkpoint: round trip keeps names, dtypes, shapes and bits", "[nn][checkpoint]") {
  const std::string path = temp_dir("roundtrip") + "/t.ckpt";
  std::vector<NamedTensor> in = {
      {"scalar", Tensor::scalar(3.25, DType::F64)},
      {"a.b.weight", random_tensor({3, 5}, 1, -1, 1, DType::F32)},
      {"four_d", random_tensor({2, 1, 3, 2}, 2)},
      {"empty", Tensor::zeros({0, 4})}};
  save_checkpoint(path, "optimizer/Adam", in);
  const Checkpoint ck = read_checkpoint(path);
  CHECK(ck.kind == "optimizer/Adam");
  REQUIRE(ck.tensors.size() == in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    CHECK(ck.tensors[i].name == in[i].name);
    CHECK(same_bits(ck.tensors[i].value, in[i].value));
  }
  // load_checkpoint matches by name, in any order.
  std::vector<NamedTensor> dst = {{"four_d", Tensor::zeros({2, 1, 3, 2}, DType::F64)},
                                  {"scalar", Tensor::scalar(0, DType::F64)},
                                  {"empty", Tensor::zeros({0, 4})},
                                  {"a.b.weight", Tensor::zeros({3, 5})}};
  load_checkpoint(path, "optimizer/Adam", dst);
  CHECK(same_bits(dst[0].value, in[2].value));
  CHECK(dst[1].value.item() == 3.25);
  CHECK(same_bits(dst[3].value, in[1].value));
}

TEST_CASE("checkpoint: writes atomically and replaces an existing file", "[nn][checkpoint]") {
  const std::string dir = temp_dir("atomic"), path = dir + "/m.ckpt";
  save_checkpoint(path, "module", {{"x", Tensor::full({4}, 1.0)}});
  save_checkpoint(path, "module", {{"x", Tensor::full({4}, 2.0)}});
  CHECK(read_checkpoint(path).tensors[0].value.to_vector() == std::vector<double>{2, 2, 2, 2});
  int files = 0;
  for (auto& e : fs::directory_iterator(dir)) files += e.is_regular_file();
  CHECK(files == 1);  // no temp file left behind
  CHECK_THROWS_WITH(save_checkpoint(dir + "/no/such/dir/m.ckpt", "module", {}),
                    Catch::Contains("save_checkpoint") && Catch::Contains("no/such/dir"));
  CHECK_THROWS_WITH(save_checkpoint(path, "module", {{"x", Tensor::zeros({1})}, {"x", Tensor::zeros({1})}}),
                    Catch::Contains("duplicate") && Catch::Contains("'x'"));
  // The failed save above did not touch the existing file.
  CHECK(read_checkpoint(path).tensors[0].value.to_vector() == std::vector<double>{2, 2, 2, 2});
}

TEST_CASE("checkpoint: corrupt, truncated or foreign files are refused naming the file", "[nn][checkpoint][errors]") {
  const std::string dir = temp_dir("corrupt"), path = dir + "/c.ckpt";
  save_checkpoint(path, "module", {{"w", random_tensor({8, 8}, 3, -1, 1, DType::F32)}});
  const std::vector<char> good = file_bytes(path);

  std::vector<char> flipped = good;
  flipped[good.size() / 2] ^= 0x10;
  write_bytes(path, flipped);
  CHECK_THROWS_WITH(read_checkpoint(path), Catch::Contains(path) && Catch::Contains("checksum"));

  write_bytes(path, std::vector<char>(good.begin(), good.begin() + 20));
  CHECK_THROWS_WITH(read_checkpoint(path), Catch::Contains(path) && Catch::Contains("short"));

  std::vector<char> cut(good.begin(), good.end() - 40);  // checksum no longer matches either
  write_bytes(path, cut);
  CHECK_THROWS_WITH(read_checkpoint(path), Catch::Contains(path));

  std::vector<char> magic = good;
  magic[0] = 'X';
  write_bytes(path, magic);
  CHECK_THROWS_WITH(read_checkpoint(path), Catch::Contains(path) && Catch::Contains("magic"));

  CHECK_THROWS_WITH(read_checkpoint(dir + "/missing.ckpt"),
                    Catch::Contains("missing.ckpt") && Catch::Contains("cannot open"));
}

TEST_CASE("checkpoint: loading checks kind, names, dtypes and shapes", "[nn][checkpoint][errors]") {
  const std::string path = temp_dir("mismatch") + "/m.ckpt";
  save_checkpoint(path, "module", {{"a", Tensor::zeros({2, 3})}, {"b", Tensor::zeros({4})}});
  const Tensor a = Tensor::full({2, 3}, 7.0), b = Tensor::full({4}, 7.0);
  CHECK_THROWS_WITH(load_checkpoint(path, "optimizer/SGD", {{"a", a}, {"b", b}}),
                    Catch::Contains(path) && Catch::Contains("'module'") && Catch::Contains("optimizer/SGD"));
  CHECK_THROWS_WITH(load_checkpoint(path, "module", {{"a", a}, {"b", b}, {"c", Tensor::zeros({1})}}),
                    Catch::Contains(path) && Catch::Contains("no tensor 'c'"));
  CHECK_THROWS_WITH(load_checkpoint(path, "module", {{"a", a}}),
                    Catch::Contains(path) && Catch::Contains("unexpected tensor 'b'"));
  CHECK_THROWS_WITH(load_checkpoint(path, "module", {{"a", Tensor::zeros({3, 2})}, {"b", b}}),
                    Catch::Contains(path) && Catch::Contains("'a'") && Catch::Contains("f32[2, 3]") &&
                        Catch::Contains("f32[3, 2]"));
  CHECK_THROWS_WITH(load_checkpoint(path, "module", {{"a", Tensor::zeros({2, 3}, DType::F64)}, {"b", b}}),
                    Catch::Contains("'a'") && Catch::Contains("f64[2, 3]"));
  // Nothing was modified by the failed loads.
  CHECK(a.to_vector() == std::vector<double>(6, 7.0));
  CHECK(b.to_vector() == std::vector<double>(4, 7.0));
}

namespace {

// A small model: a shared table (row-sparse gradients) read by an Embedding and an EmbeddingBag
// feature, and a dense tower on their concatenation.
struct ResumeModel : Module {
  SharedTable table{10, 4};
  Embedding item{table};
  EmbeddingBag history{table, BagMode::Mean};
  MLP tower{{8, 8, 1}, MLPOptions{.activation = Activation::Tanh}};
  ResumeModel() {
    register_module("table", table);
    register_module("item", item);
    register_module("history", history);
    register_module("tower", tower);
  }
};

void train_step(ResumeModel& m, Optimizer& opt, int step) {
  opt.zero_grad();
  std::vector<std::int64_t> ids, bag_ids, offsets = {0};
  for (int b = 0; b < 6; ++b) {
    ids.push_back((step * 7 + b * 3) % 10);
    for (int k = 0; k <= (b + step) % 3; ++k) bag_ids.push_back((step + b + 4 * k) % 10);
    offsets.push_back(std::int64_t(bag_ids.size()));
  }
  const Tensor x = concat({m.item(ids), m.history(bag_ids, offsets)}, 1);
  const Tensor y = random_tensor({6, 1}, 200 + step, -1, 1, DType::F32);
  const Tensor err = sub(m.tower(x), y);
  mean_all(mul(err, err)).backward();
  opt.step();
}

using OptMaker = std::function<std::unique_ptr<Optimizer>(std::vector<NamedTensor>)>;

void check_resume(const OptMaker& make) {
  const std::string dir = temp_dir("resume");
  // 20 steps straight.
  ResumeModel straight;
  straight.init(11);
  auto opt_straight = make(straight.named_parameters());
  for (int s = 0; s < 20; ++s) train_step(straight, *opt_straight, s);
  // 10 steps, save, then fresh objects loaded from the files, 10 more steps.
  {
    ResumeModel first;
    first.init(11);
    auto opt_first = make(first.named_parameters());
    for (int s = 0; s < 10; ++s) train_step(first, *opt_first, s);
    first.save(dir + "/model.ckpt");
    opt_first->save_state(dir + "/optim.ckpt");
  }
  ResumeModel resumed;  // never initialised: everything comes from the files
  resumed.load(dir + "/model.ckpt");
  auto opt_resumed = make(resumed.named_parameters());
  opt_resumed->load_state(dir + "/optim.ckpt");
  CHECK(opt_resumed->step_count() == 10);
  for (int s = 10; s < 20; ++s) train_step(resumed, *opt_resumed, s);

  const auto a = straight.named_parameters(), b = resumed.named_parameters();
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO(a[i].name);
    CHECK(same_bits(a[i].value, b[i].value));
  }
  // The optimizer state matches too: saving both gives identical files.
  opt_straight->save_state(dir + "/a.ckpt");
  opt_resumed->save_state(dir + "/b.ckpt");
  CHECK(file_bytes(dir + "/a.ckpt") == file_bytes(dir + "/b.ckpt"));
}

}  // namespace

TEST_CASE("checkpoint: 10 steps + save + load into fresh objects + 10 steps == 20 steps, bit for bit", "[nn][checkpoint][optim][resume]") {
  SECTION("SGD nesterov") {
    check_resume([](auto p) { return std::make_unique<SGD>(p, SGDOptions{.lr = 0.05, .momentum = 0.9, .nesterov = true, .weight_decay = 1e-3}); });
  }
  SECTION("Adagrad") {
    check_resume([](auto p) { return std::make_unique<Adagrad>(p, AdagradOptions{.lr = 0.05, .initial_accumulator_value = 0.1}); });
  }
  SECTION("Adam") {
    check_resume([](auto p) { return std::make_unique<Adam>(p, AdamOptions{.lr = 0.01, .weight_decay = 1e-3}); });
  }
  SECTION("AdamW") { check_resume([](auto p) { return std::make_unique<AdamW>(p, AdamWOptions{.lr = 0.01}); }); }
}

TEST_CASE("checkpoint: optimizer state of another kind or other parameters is refused", "[nn][checkpoint][optim][errors]") {
  const std::string dir = temp_dir("optmismatch");
  ResumeModel m;
  m.init(1);
  Adam adam(m.named_parameters(), AdamOptions{});
  adam.save_state(dir + "/adam.ckpt");
  SGD sgd(m.named_parameters(), SGDOptions{.momentum = 0.9});
  CHECK_THROWS_WITH(sgd.load_state(dir + "/adam.ckpt"),
                    Catch::Contains("adam.ckpt") && Catch::Contains("optimizer/Adam") && Catch::Contains("optimizer/SGD"));
  auto params = m.named_parameters();
  params.erase(params.begin());  // drop the table (own parameters come first)
  Adam fewer(params, AdamOptions{});
  CHECK_THROWS_WITH(fewer.load_state(dir + "/adam.ckpt"),
                    Catch::Contains("adam.ckpt") && Catch::Contains("unexpected tensor 'table.weight/"));
  // A module checkpoint is not an optimizer checkpoint.
  m.save(dir + "/model.ckpt");
  CHECK_THROWS_WITH(adam.load_state(dir + "/model.ckpt"), Catch::Contains("'module'"));
}
