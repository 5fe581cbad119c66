// bpr: Bayesian personalised ranking (Rendle et al. 2009) on the training watch matrix
// (interactions.hpp), by plain SGD.
//
//   x_uij = p_u . (q_i - q_j) + b_i - b_j      (b = item bias, option item_bias)
//   loss  = sum over triples softplus(-x_uij) + reg/2 (|p_u|^2 + |q_i|^2 + |q_j|^2 + b_i^2 + b_j^2)
//   with g = sigmoid(-x_uij):  p_u += lr (g (q_i - q_j) - reg p_u),  q_i += lr (g p_u - reg q_i),
//   q_j += lr (-g p_u - reg q_j),  b_i += lr (g - reg b_i),  b_j += lr (-g - reg b_j)
//   (all from the values before the step).
// An epoch draws nnz(R) positives (u, i) uniformly with replacement (LearnBPR's bootstrap) and
// `negatives` unwatched videos j per positive, uniform over the vocabulary with rejection of u's
// watched videos (at most 64 tries), all from the Philox stream "bpr/epoch" at the epoch index.
// SGD is sequential by design: the update order is part of the result, so it is the same for any
// thread count. Factors start N(0, init_std^2) (streams "bpr/user_init", "bpr/item_init"),
// biases 0. Logs the mean softplus(-x) of each epoch's triples ("bpr_loss", before each step).
// Serving: s(q, j) = p_u . q_j + b_j for the query's user u (p = 0 for users without training rows,
// leaving the bias: popularity), exact top-k (common/dot_product_top_k.hpp).
#include <algorithm>
#include <cmath>

#include "algorithms/common/dot_product_top_k.hpp"
#include "algorithms/factorization/factor_init.hpp"
#include "algorithms/factorization/factorization.hpp"

namespace simrec::algorithms::factorization {

namespace {

double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

class Bpr : public RetrievalAlgorithm {
 public:
  explicit Bpr(const OptionValues& o)
      : factors_(std::size_t(o.get_int("factors"))),
        epochs_(o.get_int("epochs")),
        negatives_(o.get_int("negatives")),
        lr_(o.get_real("lr")),
        reg_(o.get_real("reg")),
        init_std_(o.get_real("init_std")),
        item_bias_(o.get_bool("item_bias")) {}

  void fit(const VideoTrainView& train, TrainingLogger& log) override {
    data_ = build_interactions(train.retrieval_train, train.video_buckets - 1);
    const std::size_t items = data_.num_items, k = factors_;
    users_ = random_factors(data_.user_ids.size(), k, init_std_, train.seed, "bpr/user_init");
    items_ = random_factors(items, k, init_std_, train.seed, "bpr/item_init");
    bias_.assign(items, 0.0);
    const SparseCounts& R = data_.by_user;
    if (R.nnz() == 0 || items < 2) throw std::invalid_argument("bpr: the training data has no watches to learn from");
    std::vector<std::uint32_t> entry_user(R.nnz());
    for (std::size_t u = 0; u < R.rows(); ++u) std::fill(entry_user.begin() + R.offsets[u], entry_user.begin() + R.offsets[u + 1], std::uint32_t(u));
    std::vector<double> diff(k);
    for (std::int64_t epoch = 1; epoch <= epochs_; ++epoch) {
      random::Rng rng(train.seed, "bpr/epoch", std::uint64_t(epoch));
      double loss = 0;
      std::size_t triples = 0;
      for (std::size_t s = 0; s < R.nnz(); ++s) {
        const std::size_t e = rng.below(R.nnz());
        const std::uint32_t u = entry_user[e], i = R.columns[e];
        const auto watched = R.columns_of(u);
        for (std::int64_t n = 0; n < negatives_; ++n) {
          std::uint32_t j = std::uint32_t(rng.below(items));
          for (int tries = 1; tries < 64 && std::binary_search(watched.begin(), watched.end(), j); ++tries) j = std::uint32_t(rng.below(items));
          loss += step(u, i, j, diff);
          ++triples;
        }
      }
      log.log(epoch, "bpr_loss", loss / double(triples));
      log.progress(double(epoch) / double(epochs_));
    }
  }

  void recommend(const datasets::RetrievalSamples& q, int k, bool exclude_history, RankedLists& out) override {
    nn::Tensor items = nn::Tensor::empty({std::int64_t(items_.rows), std::int64_t(factors_)});
    for (std::size_t i = 0; i < items_.values.size(); ++i) items.data<float>()[i] = float(items_.values[i]);
    nn::Tensor bias = nn::Tensor::empty({std::int64_t(bias_.size())});
    for (std::size_t i = 0; i < bias_.size(); ++i) bias.data<float>()[i] = float(bias_[i]);
    const auto block = [&](std::size_t first, std::size_t count) {
      nn::Tensor t = nn::Tensor::zeros({std::int64_t(count), std::int64_t(factors_)});
      for (std::size_t r = 0; r < count; ++r)
        if (const std::int64_t u = data_.user_index(q.user_id[first + r]); u >= 0)
          for (std::size_t d = 0; d < factors_; ++d) t.data<float>()[r * factors_ + d] = float(users_.row(std::size_t(u))[d]);
      return t;
    };
    dot_product_top_k(block, q.size(), items, item_bias_ ? bias : nn::Tensor(), k, history_exclusion(q, exclude_history), out);
  }

 private:
  // One SGD step on (u, i, j); returns softplus(-x_uij) before the step.
  double step(std::uint32_t u, std::uint32_t i, std::uint32_t j, std::vector<double>& diff) {
    const std::size_t k = factors_;
    double* p = users_.row(u);
    double* qi = items_.row(i);
    double* qj = items_.row(j);
    double x = item_bias_ ? bias_[i] - bias_[j] : 0.0;
    for (std::size_t d = 0; d < k; ++d) {
      diff[d] = qi[d] - qj[d];
      x += p[d] * diff[d];
    }
    const double g = 1.0 / (1.0 + std::exp(x));  // sigmoid(-x)
    for (std::size_t d = 0; d < k; ++d) {
      const double pu = p[d];
      p[d] += lr_ * (g * diff[d] - reg_ * pu);
      qi[d] += lr_ * (g * pu - reg_ * qi[d]);
      qj[d] += lr_ * (-g * pu - reg_ * qj[d]);
    }
    if (item_bias_) {
      bias_[i] += lr_ * (g - reg_ * bias_[i]);
      bias_[j] += lr_ * (-g - reg_ * bias_[j]);
    }
    return softplus(-x);
  }

  std::size_t factors_;
  std::int64_t epochs_, negatives_;
  double lr_, reg_, init_std_;
  bool item_bias_;
  Interactions data_;
  Factors users_, items_;
  std::vector<double> bias_;
};

}  // namespace

AlgorithmInfo bpr_info() {
  return {"bpr", Task::Retrieval, "Bayesian personalised ranking by SGD with sampled unwatched negatives",
          {int_option("factors", 32, 1, 1024, "latent dimension k"),
           int_option("epochs", 20, 1, 10000, "passes of nnz(R) sampled positives each"),
           int_option("negatives", 1, 1, 1000, "unwatched videos sampled per positive (one triple each)"),
           real_option("lr", 0.05, 1e-9, 10, "SGD learning rate"),
           real_option("reg", 0.01, 0, 100, "L2 regularisation per step"),
           real_option("init_std", 0.1, 1e-9, 10, "standard deviation of the initial factors"),
           bool_option("item_bias", true, "learn a per-video bias b_j")},
          [](const OptionValues& o) { return std::make_unique<Bpr>(o); }};
}

}  // namespace simrec::algorithms::factorization
