#pragma once
// The LSTM window model of article 003 (§5.1): entity embeddings of the categorical features of
// each day, concatenated with the day's z-scored label, run through a seq-first LSTM over a W-day
// window; the last step's hidden state goes through a dense head Linear(H, H) - tanh - Linear(H, 1)
// to the z-scored label of day W + 1.
//
// Shape letters: W window days, B batch (windows), E embedding width, H hidden width,
// C = F E + 1 input width with F categorical features.
// Features per day (ids as in datasets::InventorySeries): region, age, gender, member (level + 1,
// 0 = any; the cross), weekday, and with holiday features on: holiday type, days to holiday, days
// after holiday. Without them (the ablation) F = 5.
//
//   x[w, b, :] = concat(emb_1[id_1], ..., emb_F[id_F], z[w, b])        [W, B, C]
//   h = LSTM(x).final.h[last layer]                                      [B, H]
//   y = Linear_2(tanh(Linear_1(h)))                                      [B, 1]
//
// Parameter names (PyTorch's: the cross-check builds the same model in torch):
// emb.<feature>.weight, lstm.weight_ih_l0, ..., head1.weight/bias, head2.weight/bias.
// Embedding tables have dense gradients (they are tiny; Adam updates them as torch does).

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nn/nn.hpp"

namespace simrec::algorithms::forecast {

inline constexpr int kMaxFeatures = 8;
// Feature names in input order (the first num_features() are used).
extern const std::array<const char*, kMaxFeatures> kFeatureNames;

struct WindowModelConfig {
  std::array<std::int64_t, 4> dim_sizes{};  // levels per cross dimension
  std::int64_t holiday_horizon = 14;
  std::int64_t embedding_dim = 4;
  std::int64_t hidden_size = 32;
  std::int64_t num_layers = 1;
  bool holiday_features = true;
  int num_features() const { return holiday_features ? 8 : 5; }
  std::int64_t vocabulary(int feature) const;  // rows of feature's table
};

// A batch of B windows, seq-first: element (w, b) of a feature's ids / of label_z is at w B + b.
struct WindowBatch {
  std::int64_t window = 0, batch = 0;
  std::array<std::vector<std::int64_t>, kMaxFeatures> ids;
  std::vector<float> label_z;   // W x B
  std::vector<float> target_z;  // B (empty when forecasting)
};

// A parameterless module that only names its children ("emb.<feature>").
struct ModuleGroup : nn::Module {
  template <class M>
  M& add(const std::string& name, M& child) {
    return register_module(name, child);
  }
};

class WindowModel : public nn::Module {
 public:
  explicit WindowModel(const WindowModelConfig& config);
  nn::Tensor forward(const WindowBatch& batch) const;  // [B, 1]
  const WindowModelConfig& config() const { return config_; }

 private:
  WindowModelConfig config_;
  std::vector<std::unique_ptr<nn::Embedding>> embeddings_;
  ModuleGroup emb_root_;
  nn::LSTM lstm_;
  nn::Linear head1_, head2_;
};

}  // namespace simrec::algorithms::forecast
