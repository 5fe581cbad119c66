// youtube_rank: the YouTube DNN ranker (ranker_model.hpp; SPEC §6; article 000 §4) as a
// RankingAlgorithm.
//
// Fit: table rows from the training view (video / channel vocabularies without the OOV bucket;
// the small id spaces from the largest training id), the output bias at the training rows'
// constant log-odds, then `epochs` passes of Adam (lazy row-sparse updates of the tables) over
// the training impressions in a fresh order each epoch (Philox stream "youtube_rank/shuffle",
// epoch index) in batches of batch_size, minimising weighted_logistic_loss. Logs "train_loss"
// (sum_i w_i BCE_i / N over the epoch's batches) and, when validation rows exist,
// "validation_loss" (the same quantity on them, eval mode) per epoch; with patience > 0 it stops
// after that many epochs without a lower validation loss and keeps the best epoch's parameters.
// Score: eval mode, no gradients, blocks of rows; weighted: e^z (expected watch seconds per
// impression, ScoreKind::ExpectedWatchTime); unweighted: sigmoid(z) (ClickProbability).
// Deterministic: the same seed gives bit-identical scores for any OpenMP thread count (the
// engine's fixed reduction order; the shuffle depends on (seed, epoch) only).
#include <algorithm>
#include <cmath>
#include <limits>

#include "algorithms/youtube_dnn/ranker_model.hpp"
#include "algorithms/youtube_dnn/youtube_dnn.hpp"
#include "nn/core/autograd.hpp"
#include "nn/optim/adam.hpp"
#include "sim/random/philox.hpp"

namespace simrec::algorithms::youtube_dnn {

namespace {

constexpr std::size_t kScoreBlock = 4096;

class Ranker : public RankingAlgorithm {
 public:
  explicit Ranker(const OptionValues& o) : o_(o) {
    shape_.tower = o.get_int_list("tower");
    shape_.powers = o.get_bool("powers");
    shape_.position = o.get_bool("position");
    shape_.embedding_scale = o.get_real("embedding_scale");
    shape_.max_embedding_dim = o.get_int("max_embedding_dim");
    shape_.video_embedding_dim = o.get_int("video_embedding_dim");
    shape_.embedding_init_std = o.get_real("embedding_init_std");
    weighted_ = o.get_bool("weighted");
    max_recent_ = std::size_t(o.get_int("max_recent_watches"));
  }

  ScoreKind score_kind() const override { return weighted_ ? ScoreKind::ExpectedWatchTime : ScoreKind::ClickProbability; }

  void fit(const VideoTrainView& train, TrainingLogger& log) override {
    const auto& rows = train.ranking_train;
    if (rows.size() == 0) throw std::invalid_argument("youtube_rank: no training impressions");
    shape_.videos = std::int64_t(train.video_buckets) - 1;
    shape_.field_rows.fill(1);
    shape_.field_rows[std::size_t(RankField::Channel)] = std::max<std::int64_t>(1, std::int64_t(train.channel_buckets) - 1);
    for (std::size_t f = 0; f < kRankFields; ++f) {
      if (RankField(f) == RankField::Channel) continue;
      for (std::size_t r = 0; r < rows.size(); ++r)
        shape_.field_rows[f] = std::max(shape_.field_rows[f], rank_field_value(rows, r, RankField(f)) + 1);
    }
    model_ = std::make_unique<RankerModel>(shape_);
    model_->init(train.seed);
    model_->set_output_bias(constant_log_odds(rows, weighted_));
    nn::AdamOptions ao;
    ao.lr = o_.get_real("learning_rate");
    ao.weight_decay = o_.get_real("weight_decay");
    nn::Adam adam(model_->named_parameters(), ao);

    const std::size_t batch_size = std::size_t(o_.get_int("batch_size"));
    const std::int64_t epochs = o_.get_int("epochs");
    const std::int64_t patience = o_.get_int("patience");
    const bool validate = train.ranking_validation.size() > 0;
    std::vector<nn::Tensor> params = model_->parameters(), best;
    if (validate && patience > 0)
      for (const auto& p : params) best.push_back(p.clone());
    double best_loss = std::numeric_limits<double>::infinity();
    std::int64_t best_epoch = 0;
    std::vector<std::size_t> order(rows.size()), batch_rows;
    for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
    model_->train();
    for (std::int64_t epoch = 1; epoch <= epochs; ++epoch) {
      random::Rng rng(train.seed, "youtube_rank/shuffle", std::uint64_t(epoch));
      for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
      double loss_sum = 0;
      for (std::size_t first = 0; first < order.size(); first += batch_size) {
        batch_rows.assign(order.begin() + std::ptrdiff_t(first), order.begin() + std::ptrdiff_t(std::min(order.size(), first + batch_size)));
        const RankerBatch b = make_ranker_batch(rows, batch_rows, shape_, max_recent_, weighted_);
        const nn::Tensor loss = weighted_logistic_loss(model_->logits(b), b.targets, b.weights);
        loss_sum += loss.item() * double(b.size);
        loss.backward();
        adam.step();
        adam.zero_grad();
        log.progress((double(epoch - 1) + double(first + b.size) / double(order.size())) / double(epochs));
      }
      log.log(epoch, "train_loss", loss_sum / double(order.size()));
      if (!validate) continue;
      const double held_out = mean_loss(train.ranking_validation);
      log.log(epoch, "validation_loss", held_out);
      if (patience == 0) continue;
      if (held_out < best_loss) {
        best_loss = held_out;
        best_epoch = epoch;
        for (std::size_t p = 0; p < params.size(); ++p) best[p].copy_from(params[p]);
      } else if (epoch - best_epoch >= patience) {
        break;
      }
    }
    if (validate && patience > 0) {
      for (std::size_t p = 0; p < params.size(); ++p) params[p].copy_from(best[p]);
      log.log(best_epoch, "best_epoch", double(best_epoch));
    }
    model_->eval();
    log.progress(1.0);
  }

  std::vector<float> score(const datasets::RankingSamples& rows) override {
    if (!model_) throw std::logic_error("youtube_rank: score before fit");
    std::vector<float> out(rows.size());
    for_blocks(rows, [&](std::size_t first, const RankerBatch&, const nn::Tensor& z) {
      const float* zs = z.data<float>();
      for (std::size_t i = 0; i < std::size_t(z.numel()); ++i)
        out[first + i] = weighted_ ? std::exp(zs[i]) : float(1.0 / (1.0 + std::exp(-double(zs[i]))));
    });
    return out;
  }

 private:
  // f(first row, batch, logits) over consecutive blocks of rows, eval mode, no gradients.
  template <class F>
  void for_blocks(const datasets::RankingSamples& rows, F&& f) {
    nn::NoGradGuard no_grad;
    const bool was_training = model_->training();
    model_->eval();
    std::vector<std::size_t> block;
    for (std::size_t first = 0; first < rows.size(); first += kScoreBlock) {
      block.clear();
      for (std::size_t r = first; r < std::min(rows.size(), first + kScoreBlock); ++r) block.push_back(r);
      const RankerBatch b = make_ranker_batch(rows, block, shape_, max_recent_, weighted_);
      f(first, b, model_->logits(b));
    }
    model_->train(was_training);
  }

  // sum_i w_i BCE_i / N over `rows` (the training loss's quantity).
  double mean_loss(const datasets::RankingSamples& rows) {
    double total = 0;
    for_blocks(rows, [&](std::size_t, const RankerBatch& b, const nn::Tensor& z) {
      total += weighted_logistic_loss(z, b.targets, b.weights).item() * double(b.size);
    });
    return total / double(rows.size());
  }

  OptionValues o_;
  RankerShape shape_;
  bool weighted_ = true;
  std::size_t max_recent_ = 50;
  std::unique_ptr<RankerModel> model_;
};

}  // namespace

AlgorithmInfo ranker_info() {
  return {"youtube_rank", Task::Ranking,
          "YouTube DNN ranking: embedded ids (one shared video table) + quantile-normalised continuous features (x, x^2, sqrt x) "
          "-> ReLU tower -> weighted logistic regression (odds = expected watch time)",
          {int_list_option("tower", "1024-512-256", 1, 65536,
                           "ReLU hidden layer widths, bottom first, joined by '-' (the article's table 1: none, 256, 512, 1024, "
                           "512-256, 1024-512-256); 'none': logistic regression on the inputs"),
           bool_option("weighted", true,
                       "weighted logistic regression (clicks weighted by watch seconds, others 1; score e^logit = expected watch "
                       "time); false: plain click logistic regression (score = click probability)"),
           bool_option("powers", true, "feed x~^2 and sqrt(x~) next to each quantile-normalised continuous feature x~"),
           bool_option("position", false,
                       "embed the slate position as a feature (scored with each row's own position; the online policy scores every "
                       "candidate at position 1); off by default: the logged position is the logging policy's choice"),
           real_option("embedding_scale", 4.0, 0.01, 1000, "k in the embedding width rule E = clamp(round(k ln V), 1, max_embedding_dim)"),
           int_option("max_embedding_dim", 64, 1, 4096, "upper clamp of the embedding width rule"),
           int_option("video_embedding_dim", 0, 0, 4096, "width of the shared video-id table (0: the log rule)"),
           real_option("embedding_init_std", 0, 0, 10, "embedding tables start N(0, std^2); 0: std = 1/sqrt(width)"),
           int_option("max_recent_watches", 50, 1, 100000, "most recent watched ids averaged into the recent-watches input"),
           int_option("epochs", 4, 1, 100000, "passes over the training impressions"),
           int_option("batch_size", 512, 1, 1000000, "impressions per step"),
           real_option("learning_rate", 0.001, 1e-9, 10, "Adam learning rate"),
           real_option("weight_decay", 0, 0, 10, "L2 penalty folded into the gradients (touched table rows only)"),
           int_option("patience", 0, 0, 100000,
                      "early stopping on the validation rows: stop after this many epochs without a lower validation loss and keep "
                      "the best epoch's parameters (0: train every epoch, keep the last)")},
          [](const OptionValues& o) { return std::make_unique<Ranker>(o); }};
}

}  // namespace simrec::algorithms::youtube_dnn
