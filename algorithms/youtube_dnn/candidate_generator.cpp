// youtube_dnn: the candidate generator (candidate_model.hpp) trained as extreme multiclass
// classification of the label watch over the video vocabulary (SPEC §6; article 000 §3.1).
//
// Loss per example, with u the user vector and y the label:
//   sampled (default): nn::sampled_softmax_loss over the positive and S = `negatives` ids drawn
//     per step (shared by the batch) from Q(j) ~ count_j^alpha, count = training watches of video
//     j (the vocabulary's counts); logits (u . v_j + c_j) / T - log Q(j) (log-Q correction, option
//     logq_correction), sampled ids equal to the label masked (remove_accidental_hits);
//   full: softmax cross-entropy over all V videos, logits (u . v + c) / T.
// The temperature T divides the raw logits before the log-Q correction (the correction belongs
// to the sampler, not to the score scale). Negatives must not exceed V (checked at fit time).
// Training examples are the dataset's training rows (a fixed number per user: the article's
// trick; rows whose label is out of vocabulary are skipped), shuffled each epoch from the Philox
// stream "youtube_dnn/shuffle" (epoch index); negatives from CandidateSampler under the run seed,
// indexed by the global step. Adam or Adagrad (lazy, row-sparse updates of the tables). Logs the
// mean training loss per epoch ("train_loss").
// Serving: the network in eval mode with example age = serving_example_age_days (0: "the end of
// the training window"), exact top-k of u . v_j + c_j over all videos by blocked GEMM + partial
// sort (common/dot_product_top_k.hpp), the query's history excluded when asked.
#include <algorithm>
#include <cmath>
#include <limits>

#include "algorithms/common/dot_product_top_k.hpp"
#include "algorithms/youtube_dnn/youtube_dnn.hpp"
#include "algorithms/youtube_dnn/candidate_losses.hpp"
#include "nn/core/autograd.hpp"
#include "nn/optim/adagrad.hpp"
#include "nn/optim/adam.hpp"
#include "sim/random/philox.hpp"

namespace simrec::algorithms::youtube_dnn {

namespace {

class CandidateGenerator : public RetrievalAlgorithm {
 public:
  explicit CandidateGenerator(const OptionValues& o) : o_(o) {
    shape_.features = FeatureSet::parse(o.get_text("features"));
    shape_.depth = int(o.get_int("depth"));
    shape_.embedding_dim = o.get_int("embedding_dim");
    shape_.context_dim = o.get_int("context_dim");
    shape_.output_dim = o.get_int("output_dim");
    shape_.tied = o.get_bool("tie_embeddings");
    shape_.output_bias = o.get_bool("output_bias");
    shape_.he_init = o.get_text("tower_init") == "he";
    shape_.embedding_init_std = o.get_real("embedding_init_std");
    if (shape_.tied && shape_.embedding_dim != shape_.output_dim)
      throw OptionError("youtube_dnn: tie_embeddings = true needs embedding_dim = output_dim, got embedding_dim = " +
                        std::to_string(shape_.embedding_dim) + " and output_dim = " + std::to_string(shape_.output_dim));
    limits_.max_watches = std::size_t(o.get_int("max_watches"));
    limits_.max_search_tokens = std::size_t(o.get_int("max_search_tokens"));
    full_softmax_ = o.get_text("loss") == "full";
    negatives_ = o.get_int("negatives");
    loss_options_.logq_correction = o.get_bool("logq_correction");
    loss_options_.remove_accidental_hits = o.get_bool("remove_accidental_hits");
    loss_options_.temperature = o.get_real("temperature");
    serving_age_ = o.get_real("serving_example_age_days");
  }

  void fit(const VideoTrainView& train, TrainingLogger& log) override {
    const auto& rows = train.retrieval_train;
    shape_.videos = std::int64_t(train.video_buckets) - 1;
    shape_.tokens = std::int64_t(train.token_buckets) - 1;
    shape_.regions = shape_.devices = 1;
    double max_age = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      shape_.regions = std::max<std::int64_t>(shape_.regions, std::int64_t(rows.region[r]) + 1);
      shape_.devices = std::max<std::int64_t>(shape_.devices, std::int64_t(rows.device[r]) + 1);
      max_age = std::max(max_age, double(rows.example_age_days[r]));
    }
    limits_.example_age_scale_days = std::max(max_age, 1e-6);
    if (!full_softmax_ && negatives_ > shape_.videos)
      throw std::invalid_argument("youtube_dnn: negatives = " + std::to_string(negatives_) + " exceeds the corpus size " +
                                  std::to_string(shape_.videos) + " (videos in the vocabulary); use at most " +
                                  std::to_string(shape_.videos) + " or loss = full");
    model_ = std::make_unique<CandidateModel>(shape_);
    model_->init(train.seed);
    const auto optimizer = make_optimizer();

    std::vector<double> weights(std::size_t(shape_.videos), 0.0);
    for (std::size_t j = 0; j < weights.size() && j < train.video_counts.size(); ++j) weights[j] = double(train.video_counts[j]);
    const nn::CandidateSampler sampler = nn::CandidateSampler::unigram(weights, o_.get_real("sampler_alpha"));

    std::vector<std::size_t> order;
    for (std::size_t r = 0; r < rows.size(); ++r)
      if (std::int64_t(rows.label[r]) < shape_.videos) order.push_back(r);
    if (order.empty()) throw std::invalid_argument("youtube_dnn: no training row has an in-vocabulary label");
    const std::size_t batch_size = std::size_t(o_.get_int("batch_size"));
    const std::int64_t epochs = o_.get_int("epochs");
    // Early stopping: keep the parameters of the epoch with the lowest validation loss.
    const std::int64_t patience = o_.get_int("patience");
    const bool validate = patience > 0 && train.retrieval_validation.size() > 0;
    std::vector<nn::Tensor> params = model_->parameters();
    std::vector<nn::Tensor> best;
    if (validate)
      for (const auto& p : params) best.push_back(p.clone());
    double best_loss = std::numeric_limits<double>::infinity();
    std::int64_t best_epoch = 0;
    std::uint64_t step = 0;
    std::vector<std::size_t> batch_rows;
    std::vector<std::int64_t> labels;
    model_->train();
    for (std::int64_t epoch = 1; epoch <= epochs; ++epoch) {
      random::Rng rng(train.seed, "youtube_dnn/shuffle", std::uint64_t(epoch));
      for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
      double loss_sum = 0;
      for (std::size_t first = 0; first < order.size(); first += batch_size) {
        batch_rows.assign(order.begin() + std::ptrdiff_t(first), order.begin() + std::ptrdiff_t(std::min(order.size(), first + batch_size)));
        labels.clear();
        for (std::size_t r : batch_rows) labels.push_back(rows.label[r]);
        const nn::Tensor u = model_->user_vectors(make_batch(rows, batch_rows, shape_.features, limits_, -1.0));
        const nn::Tensor loss = full_softmax_ ? full_loss(*model_, u, labels, loss_options_.temperature)
                                              : sampled_loss(*model_, u, labels, sampler.sample(negatives_, train.seed, step), sampler, loss_options_);
        loss_sum += loss.item() * double(labels.size());
        loss.backward();
        optimizer->step();
        optimizer->zero_grad();
        ++step;
      }
      log.log(epoch, "train_loss", loss_sum / double(order.size()));
      log.progress(double(epoch) / double(epochs));
      if (!validate) continue;
      model_->eval();
      const double held_out = held_out_loss(*model_, train.retrieval_validation, limits_, serving_age_, loss_options_.temperature);
      model_->train();
      log.log(epoch, "validation_loss", held_out);
      if (held_out < best_loss) {
        best_loss = held_out;
        best_epoch = epoch;
        for (std::size_t p = 0; p < params.size(); ++p) best[p].copy_from(params[p]);
      } else if (epoch - best_epoch >= patience) {
        break;
      }
    }
    if (validate) {
      for (std::size_t p = 0; p < params.size(); ++p) params[p].copy_from(best[p]);
      log.log(best_epoch, "best_epoch", double(best_epoch));
    }
    model_->eval();
  }

  void recommend(const datasets::RetrievalSamples& q, int k, bool exclude_history, RankedLists& out) override {
    if (!model_) throw std::logic_error("youtube_dnn: recommend before fit");
    const auto block = [&](std::size_t first, std::size_t count) {
      std::vector<std::size_t> rows(count);
      for (std::size_t i = 0; i < count; ++i) rows[i] = first + i;
      nn::NoGradGuard no_grad;
      return model_->user_vectors(make_batch(q, rows, shape_.features, limits_, serving_age_));
    };
    // (u . v + c) / T orders the videos as u . v + c does: the temperature plays no part here.
    const nn::Tensor& bias = model_->output_bias();
    dot_product_top_k(block, q.size(), model_->output_table().detach(), bias.defined() ? bias.detach() : nn::Tensor(),
                      k, history_exclusion(q, exclude_history), out);
  }

 private:
  std::unique_ptr<nn::Optimizer> make_optimizer() const {
    const double lr = o_.get_real("learning_rate");
    if (o_.get_text("optimizer") == "adagrad") {
      nn::AdagradOptions a;
      a.lr = lr;
      a.weight_decay = o_.get_real("weight_decay");
      return std::make_unique<nn::Adagrad>(model_->named_parameters(), a);
    }
    nn::AdamOptions a;
    a.lr = lr;
    a.weight_decay = o_.get_real("weight_decay");
    return std::make_unique<nn::Adam>(model_->named_parameters(), a);
  }

  OptionValues o_;
  ModelShape shape_;
  BatchLimits limits_;
  bool full_softmax_ = false;
  std::int64_t negatives_ = 0;
  nn::SampledSoftmaxOptions loss_options_;
  double serving_age_ = 0;
  std::unique_ptr<CandidateModel> model_;
};

}  // namespace

AlgorithmInfo candidate_generator_info() {
  return {"youtube_dnn", Task::Retrieval,
          "YouTube DNN candidate generation: averaged watch / search embeddings + context -> ReLU tower -> softmax over videos",
          {choice_option("features", "watches+searches+example_age+demographics", FeatureSet::all_names(),
                         "input groups, '+'-joined in this order: watches, searches, example_age, demographics"),
           int_option("depth", 1, 0, 4, "tower depth: 0 linear; 1..4 ReLU layers of widths D 2^(d-1) .. D"),
           int_option("output_dim", 256, 1, 4096, "D: user and output video embedding width (the article: 256)"),
           int_option("embedding_dim", 64, 1, 4096, "E: input watch and search-token embedding width"),
           int_option("context_dim", 8, 1, 1024, "region and device embedding width"),
           bool_option("tie_embeddings", false, "one table for input watches and output videos (needs embedding_dim = output_dim)"),
           bool_option("output_bias", false, "learn a per-video logit bias c_j"),
           choice_option("tower_init", "he", {"he", "pytorch"}, "tower weights: He uniform (variance 2/fan_in) or PyTorch's Linear default"),
           real_option("embedding_init_std", 0, 0, 10, "input embeddings N(0, std^2); 0: std = 1/sqrt(dim)"),
           choice_option("loss", "sampled", {"sampled", "full"}, "sampled softmax, or full softmax over every video"),
           int_option("negatives", 1000, 1, 100000000, "sampled negatives per step, shared by the batch (at most the corpus size)"),
           real_option("sampler_alpha", 0.75, 0, 1, "negatives drawn from Q ~ watch count^alpha (0 uniform, 1 unigram)"),
           bool_option("logq_correction", true, "subtract log Q(j) from sampled-softmax logits"),
           bool_option("remove_accidental_hits", true, "mask sampled negatives equal to the label"),
           real_option("temperature", 1.0, 1e-6, 1e6, "logits divided by T (before the log-Q correction)"),
           int_option("epochs", 10, 1, 100000, "passes over the training rows"),
           int_option("batch_size", 256, 1, 1000000, "examples per step"),
           choice_option("optimizer", "adam", {"adam", "adagrad"}, "optimizer (lazy row-sparse updates of the tables)"),
           real_option("learning_rate", 0.002, 1e-9, 10, "optimizer learning rate"),
           real_option("weight_decay", 0, 0, 10, "L2 penalty folded into the gradients (touched table rows only)"),
           int_option("patience", 2, 0, 100000,
                      "early stopping: with validation rows, stop after this many epochs without a lower validation loss and "
                      "keep the best epoch's parameters (0: train every epoch, keep the last)"),
           int_option("max_watches", 50, 1, 100000, "most recent watches averaged (the article: 50)"),
           int_option("max_search_tokens", 50, 1, 100000, "most recent search tokens averaged (the article: 50)"),
           real_option("serving_example_age_days", 0, 0, 1e6, "example age fed at serving (0: the end of the training window)")},
          [](const OptionValues& o) { return std::make_unique<CandidateGenerator>(o); }};
}

}  // namespace simrec::algorithms::youtube_dnn
