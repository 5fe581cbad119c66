#include "algorithms/forecast/lstm_forecaster.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "algorithms/forecast/early_stopping.hpp"
#include "algorithms/forecast/forecast.hpp"
#include "algorithms/forecast/kmeans.hpp"
#include "sim/random/philox.hpp"

namespace simrec::algorithms::forecast {

namespace {

// (index of the series within its group, target day)
using Window = std::pair<std::size_t, std::size_t>;

std::string fmt_exact(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", v);
  return buf;
}

}  // namespace

struct LstmForecaster::Group {
  std::vector<std::size_t> series;  // series indices, ascending
  std::vector<double> mean, sd;     // z-score per series of the group
  std::unique_ptr<WindowModel> model;
  std::unique_ptr<nn::Adam> adam;
};

std::vector<OptionSpec> lstm_forecast_options() {
  return {
      int_option("window", 7, 1, 365, "W: days in the input window (the article: 7 -> day 8)"),
      int_option("hidden_size", 32, 1, 4096, "H: LSTM hidden width (also the head's hidden width)"),
      int_option("num_layers", 1, 1, 8, "stacked LSTM layers"),
      int_option("embedding_dim", 4, 1, 256, "E: width of each categorical feature's entity embedding"),
      bool_option("holiday_features", true, "embed holiday type and days to / after holiday (false: cross dimensions and weekday only)"),
      int_option("num_groups", 0, 0, 1000, "scale groups, one model each: 0 = K-means with the article's elbow rule; 1 = no clustering"),
      int_option("max_k", 9, 1, 100, "elbow rule: SSE curve over k = 1..max_k (the article: 9)"),
      choice_option("cluster_feature", "log_mean", {"log_mean", "mean"}, "series scale clustered by K-means: log of the mean requests, or the raw mean"),
      choice_option("normalisation", "group", {"group", "series"}, "z-score of the label: over the group's training labels (the article), or per series"),
      real_option("learning_rate", 0.01, 1e-9, 10, "Adam learning rate (the article: 1e-2)"),
      int_option("batch_size", 256, 1, 1000000, "windows per training step"),
      int_option("max_epochs", 30, 1, 100000, "most training epochs per group"),
      int_option("patience", 5, 0, 100000, "early stopping: epochs without a lower loss, once below stop_threshold (0: never stop early)"),
      real_option("stop_threshold", 0.05, 0, 1e9, "early stopping threshold x on the epoch's mean training loss (z units)"),
      int_option("epoch_windows", 8192, 0, 1000000000, "windows drawn per epoch without replacement (0: every window)"),
      int_option("train_days", 0, 0, 100000, "offline training uses windows ending in the last N history days (0: all)"),
      bool_option("online", true, "daily online incremental training after each observed day (false: frozen offline model)"),
      int_option("online_steps", 1, 1, 10000, "Adam steps on the newest window per observed day"),
      int_option("online_replay_days", 1, 1, 3650,
                 "each online step trains on the windows ending on the newest R observed days of every series (1: the newest day only, the article)"),
      real_option("online_learning_rate", 0.001, 1e-9, 10, "Adam learning rate of the online steps (the article reuses its offline 1e-2)"),
      bool_option("online_checkpoint", true, "online training loads model + optimizer state from the checkpoint and saves it back each day"),
      string_option("checkpoint_dir", "", "directory of the checkpoints ('' = a temporary directory removed afterwards)"),
  };
}

LstmForecastOptions LstmForecastOptions::from(const OptionValues& v) {
  LstmForecastOptions o;
  o.window = v.get_int("window");
  o.hidden_size = v.get_int("hidden_size");
  o.num_layers = v.get_int("num_layers");
  o.embedding_dim = v.get_int("embedding_dim");
  o.holiday_features = v.get_bool("holiday_features");
  o.num_groups = v.get_int("num_groups");
  o.max_k = v.get_int("max_k");
  o.cluster_feature = v.get_text("cluster_feature");
  o.normalisation = v.get_text("normalisation");
  o.learning_rate = v.get_real("learning_rate");
  o.batch_size = v.get_int("batch_size");
  o.max_epochs = v.get_int("max_epochs");
  o.patience = v.get_int("patience");
  o.stop_threshold = v.get_real("stop_threshold");
  o.epoch_windows = v.get_int("epoch_windows");
  o.train_days = v.get_int("train_days");
  o.online = v.get_bool("online");
  o.online_steps = v.get_int("online_steps");
  o.online_replay_days = v.get_int("online_replay_days");
  o.online_learning_rate = v.get_real("online_learning_rate");
  o.online_checkpoint = v.get_bool("online_checkpoint");
  o.checkpoint_dir = v.get_text("checkpoint_dir");
  return o;
}

LstmForecaster::LstmForecaster(LstmForecastOptions options) : opt_(std::move(options)) {
  if (opt_.checkpoint_dir.empty()) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "simrec_forecast_XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("lstm_forecast: cannot create a temporary checkpoint directory");
    dir_ = tmpl;
    own_dir_ = true;
  } else {
    dir_ = opt_.checkpoint_dir;
    std::filesystem::create_directories(dir_);
  }
}

LstmForecaster::~LstmForecaster() {
  if (own_dir_) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

void LstmForecaster::check_history(const datasets::InventorySeries& h, const char* what) const {
  h.validate();
  if (h.num_series == 0) throw std::invalid_argument(std::string("lstm_forecast ") + what + ": no series");
  if (std::int64_t(h.num_days) < opt_.window + 1)
    throw std::invalid_argument(std::string("lstm_forecast ") + what + ": a window of " + std::to_string(opt_.window) +
                                " days needs at least " + std::to_string(opt_.window + 1) + " days of history, got " +
                                std::to_string(h.num_days));
}

void LstmForecaster::build_groups(const datasets::InventorySeries& h, std::uint64_t seed, TrainingLogger& log) {
  const std::size_t n = h.num_series, T = h.num_days;
  std::vector<double> scale(n);
  for (std::size_t s = 0; s < n; ++s) {
    double sum = 0;
    for (std::size_t t = 0; t < T; ++t) sum += h.series(s)[t];
    if (!(sum > 0))
      throw std::invalid_argument("lstm_forecast: series '" + h.names[s] + "' has no requests in its " + std::to_string(T) +
                                  " history days: an empty cross cannot be scaled or forecast (drop it)");
    scale[s] = opt_.cluster_feature == "log_mean" ? std::log(sum / double(T)) : sum / double(T);
  }
  int k = int(opt_.num_groups);
  sse_.clear();
  if (k == 0) {
    sse_ = sse_curve(scale, 1, int(opt_.max_k), seed);
    k = elbow_k(sse_);
    for (std::size_t i = 0; i < sse_.size(); ++i) log.log(std::int64_t(i + 1), "elbow_sse", sse_[i]);
  } else if (std::size_t(k) > n) {
    throw std::invalid_argument("lstm_forecast: num_groups = " + std::to_string(k) + " is more than the " + std::to_string(n) + " series");
  }
  group_of_ = kmeans(scale, 1, k, seed).labels;
  groups_.clear();
  for (int g = 0; g < k; ++g) groups_.push_back(std::make_unique<Group>());
  for (std::size_t s = 0; s < n; ++s) groups_[std::size_t(group_of_[s])]->series.push_back(s);
  // Normalisation over the training labels.
  for (auto& gp : groups_) {
    Group& g = *gp;
    double sum = 0, sq = 0, count = 0;
    for (std::size_t s : g.series)
      for (std::size_t t = 0; t < T; ++t) sum += h.series(s)[t], ++count;
    const double gmean = sum / count;
    for (std::size_t s : g.series)
      for (std::size_t t = 0; t < T; ++t) sq += (h.series(s)[t] - gmean) * (h.series(s)[t] - gmean);
    const double gsd = std::sqrt(sq / count);
    for (std::size_t s : g.series) {
      if (opt_.normalisation == "group") {
        g.mean.push_back(gmean);
        g.sd.push_back(gsd > 0 ? gsd : 1.0);
      } else {
        double m = 0, v = 0;
        for (std::size_t t = 0; t < T; ++t) m += h.series(s)[t];
        m /= double(T);
        for (std::size_t t = 0; t < T; ++t) v += (h.series(s)[t] - m) * (h.series(s)[t] - m);
        const double sd = std::sqrt(v / double(T));
        g.mean.push_back(m);
        g.sd.push_back(sd > 0 ? sd : 1.0);
      }
    }
  }
}

void LstmForecaster::make_models(const datasets::InventorySeries& h) {
  WindowModelConfig c;
  c.dim_sizes = h.dim_sizes;
  c.holiday_horizon = h.holiday_horizon;
  c.embedding_dim = opt_.embedding_dim;
  c.hidden_size = opt_.hidden_size;
  c.num_layers = opt_.num_layers;
  c.holiday_features = opt_.holiday_features;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    Group& gr = *groups_[g];
    gr.model = std::make_unique<WindowModel>(c);
    gr.model->init(random::mix64(seed_ + g));
    gr.adam = std::make_unique<nn::Adam>(gr.model->named_parameters(), nn::AdamOptions{.lr = opt_.learning_rate});
  }
}

namespace {

// Windows of group members -> a seq-first batch. `label` gives the z value of (member, day) (the
// observed label, or a rolled forecast).
template <class LabelFn>
WindowBatch make_batch(const datasets::InventorySeries& h, const std::vector<std::size_t>& members,
                       const std::vector<Window>& windows, std::int64_t W, int num_features, LabelFn label, bool with_target) {
  WindowBatch b;
  b.window = W;
  b.batch = std::int64_t(windows.size());
  const std::size_t B = windows.size();
  for (int f = 0; f < num_features; ++f) b.ids[std::size_t(f)].resize(std::size_t(W) * B);
  b.label_z.resize(std::size_t(W) * B);
  for (std::size_t j = 0; j < B; ++j) {
    const auto [i, target] = windows[j];
    const std::size_t s = members[i];
    for (std::int64_t w = 0; w < W; ++w) {
      const std::size_t day = target - std::size_t(W) + std::size_t(w), at = std::size_t(w) * B + j;
      for (int d = 0; d < 4; ++d) b.ids[std::size_t(d)][at] = h.cross_ids[s][std::size_t(d)];
      b.ids[4][at] = h.weekday[day];
      if (num_features > 5) {
        b.ids[5][at] = h.holiday_type[day];
        b.ids[6][at] = h.days_to_holiday[day];
        b.ids[7][at] = h.days_after_holiday[day];
      }
      b.label_z[at] = float(label(i, day));
    }
    if (with_target) b.target_z.push_back(float(label(i, target)));
  }
  return b;
}

}  // namespace

double LstmForecaster::train_step(Group& g, const datasets::InventorySeries& h, const std::vector<Window>& windows) {
  const auto z = [&](std::size_t i, std::size_t day) { return (h.series(g.series[i])[day] - g.mean[i]) / g.sd[i]; };
  const WindowBatch b = make_batch(h, g.series, windows, opt_.window, g.model->config().num_features(), z, true);
  g.adam->zero_grad();
  const nn::Tensor pred = g.model->forward(b);
  const nn::Tensor loss = nn::mse(pred, nn::Tensor::from(nn::Shape{b.batch, 1}, b.target_z));
  loss.backward();
  g.adam->step();
  return loss.item();
}

void LstmForecaster::fit(const ForecastTrainView& train, TrainingLogger& log) {
  const auto& h = train.history;
  check_history(h, "fit");
  seed_ = train.seed;
  online_days_ = 0;
  build_groups(h, train.seed, log);
  make_models(h);
  const std::size_t T = h.num_days, W = std::size_t(opt_.window);
  const std::size_t first_target = opt_.train_days > 0 ? std::max(W, T - std::min(T, std::size_t(opt_.train_days))) : W;
  for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
    Group& g = *groups_[gi];
    std::vector<Window> all;
    for (std::size_t i = 0; i < g.series.size(); ++i)
      for (std::size_t t = first_target; t < T; ++t) all.emplace_back(i, t);
    const std::size_t per_epoch = opt_.epoch_windows > 0 ? std::min(all.size(), std::size_t(opt_.epoch_windows)) : all.size();
    EarlyStopping stopper(opt_.patience, opt_.stop_threshold);
    for (std::int64_t epoch = 1; epoch <= opt_.max_epochs; ++epoch) {
      // Partial Fisher-Yates: the epoch's windows, shuffled, drawn without replacement.
      random::Rng rng(seed_, "forecast/epoch", (std::uint64_t(gi) << 32) + std::uint64_t(epoch));
      std::vector<Window> order = all;
      for (std::size_t j = 0; j < per_epoch; ++j) std::swap(order[j], order[j + std::size_t(rng.below(order.size() - j))]);
      double loss_sum = 0;
      for (std::size_t start = 0; start < per_epoch; start += std::size_t(opt_.batch_size)) {
        const std::size_t end = std::min(per_epoch, start + std::size_t(opt_.batch_size));
        const std::vector<Window> batch(order.begin() + std::ptrdiff_t(start), order.begin() + std::ptrdiff_t(end));
        loss_sum += train_step(g, h, batch) * double(end - start);
      }
      const double epoch_loss = loss_sum / double(per_epoch);
      log.log(epoch, "train_loss_group_" + std::to_string(gi), epoch_loss);
      log.progress((double(gi) + double(epoch) / double(opt_.max_epochs)) / double(groups_.size()));
      if (stopper.step(epoch_loss)) break;
    }
  }
  if (opt_.online && opt_.online_checkpoint) save_checkpoint();
}

void LstmForecaster::save_checkpoint() const {
  if (groups_.empty()) throw std::logic_error("lstm_forecast: nothing to save before fit");
  std::ostringstream meta;
  meta << "simrec lstm_forecast 1\n" << group_of_.size() << " " << groups_.size() << " " << seed_ << "\n";
  for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
    const Group& g = *groups_[gi];
    for (std::size_t i = 0; i < g.series.size(); ++i)
      meta << g.series[i] << " " << gi << " " << fmt_exact(g.mean[i]) << " " << fmt_exact(g.sd[i]) << "\n";
    g.model->save(dir_ + "/group_" + std::to_string(gi) + ".model");
    g.adam->save_state(dir_ + "/group_" + std::to_string(gi) + ".adam");
  }
  const std::string path = dir_ + "/meta.txt", tmp = path + ".tmp";
  {
    std::ofstream f(tmp);
    f << meta.str();
    if (!f) throw std::runtime_error("lstm_forecast: cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path);
}

void LstmForecaster::load_meta(const datasets::InventorySeries& h) {
  const std::string path = dir_ + "/meta.txt";
  std::ifstream f(path);
  if (!f) throw std::runtime_error("lstm_forecast: online training needs a fitted model: cannot read " + path);
  std::string magic, name, version;
  std::size_t n = 0, k = 0;
  f >> magic >> name >> version >> n >> k >> seed_;
  if (magic != "simrec" || name != "lstm_forecast" || version != "1" || !f)
    throw std::runtime_error("lstm_forecast: " + path + " is not a forecaster checkpoint");
  if (n != h.num_series)
    throw std::runtime_error("lstm_forecast: " + path + " holds " + std::to_string(n) + " series, the history " + std::to_string(h.num_series));
  group_of_.assign(n, -1);
  groups_.clear();
  for (std::size_t g = 0; g < k; ++g) groups_.push_back(std::make_unique<Group>());
  for (std::size_t r = 0; r < n; ++r) {
    std::size_t s = 0, g = 0;
    std::string m, sd;
    f >> s >> g >> m >> sd;
    if (!f || s >= n || g >= k) throw std::runtime_error("lstm_forecast: " + path + " is corrupt at series row " + std::to_string(r));
    group_of_[s] = int(g);
    groups_[g]->series.push_back(s);
    groups_[g]->mean.push_back(std::strtod(m.c_str(), nullptr));
    groups_[g]->sd.push_back(std::strtod(sd.c_str(), nullptr));
  }
  make_models(h);
}

void LstmForecaster::observe_day(const datasets::InventorySeries& h, TrainingLogger& log) {
  if (!opt_.online) return;
  check_history(h, "online training");
  if (groups_.empty()) load_meta(h);  // a fresh process: everything comes from the checkpoint
  ++online_days_;
  const std::size_t newest = h.num_days - 1;
  for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
    Group& g = *groups_[gi];
    const std::string base = dir_ + "/group_" + std::to_string(gi);
    if (opt_.online_checkpoint) {
      g.model->load(base + ".model");
      g.adam->load_state(base + ".adam");
    }
    g.adam->set_lr(opt_.online_learning_rate);
    // Targets: the newest R observed days (never before the first full window).
    const std::size_t replay = std::min(std::size_t(opt_.online_replay_days), h.num_days - std::size_t(opt_.window));
    std::vector<Window> windows;
    for (std::size_t i = 0; i < g.series.size(); ++i)
      for (std::size_t r = 0; r < replay; ++r) windows.emplace_back(i, newest - r);
    double loss = 0;
    for (std::int64_t s = 0; s < opt_.online_steps; ++s) loss = train_step(g, h, windows);
    log.log(online_days_, "online_loss_group_" + std::to_string(gi), loss);
    if (opt_.online_checkpoint) {
      g.model->save(base + ".model");
      g.adam->save_state(base + ".adam");
    }
  }
}

std::vector<float> LstmForecaster::forecast(const datasets::InventorySeries& h, int horizon) {
  check_history(h, "forecast");
  if (groups_.empty()) throw std::logic_error("lstm_forecast: forecast before fit");
  if (horizon < 1) throw std::invalid_argument("lstm_forecast: horizon must be >= 1, got " + std::to_string(horizon));
  const std::size_t T = h.num_days, W = std::size_t(opt_.window);
  if (h.calendar_days() < T + std::size_t(horizon) - 1)
    throw std::invalid_argument("lstm_forecast: forecasting " + std::to_string(horizon) + " days needs the calendar up to day " +
                                std::to_string(T + std::size_t(horizon) - 2) + ", it ends at day " + std::to_string(h.calendar_days() - 1));
  std::vector<float> out(h.num_series * std::size_t(horizon));
  nn::NoGradGuard no_grad;
  for (auto& gp : groups_) {
    Group& g = *gp;
    const std::size_t m = g.series.size();
    // z values of the last W observed days, extended by the rolled forecasts (member x day).
    std::vector<std::vector<double>> z(m, std::vector<double>(W + std::size_t(horizon)));
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t w = 0; w < W; ++w) z[i][w] = (h.series(g.series[i])[T - W + w] - g.mean[i]) / g.sd[i];
    for (int step = 0; step < horizon; ++step) {
      const std::size_t target = T + std::size_t(step);
      std::vector<Window> windows;
      for (std::size_t i = 0; i < m; ++i) windows.emplace_back(i, target);
      const auto label = [&](std::size_t i, std::size_t day) { return z[i][day - (T - W)]; };
      const WindowBatch b = make_batch(h, g.series, windows, opt_.window, g.model->config().num_features(), label, false);
      const std::vector<double> pred = g.model->forward(b).to_vector();
      for (std::size_t i = 0; i < m; ++i) {
        z[i][W + std::size_t(step)] = pred[i];
        out[g.series[i] * std::size_t(horizon) + std::size_t(step)] = float(pred[i] * g.sd[i] + g.mean[i]);
      }
    }
  }
  return out;
}

std::vector<nn::NamedTensor> LstmForecaster::named_parameters() const {
  std::vector<nn::NamedTensor> out;
  for (std::size_t g = 0; g < groups_.size(); ++g)
    for (auto& p : groups_[g]->model->named_parameters()) out.push_back({"group_" + std::to_string(g) + "." + p.name, p.value});
  return out;
}

AlgorithmInfo lstm_forecast_info() {
  return {"lstm_forecast", Task::Forecast,
          "LSTM inventory forecaster (article 003): entity embeddings + z-scored label over a 7-day window -> LSTM -> "
          "Linear-tanh-Linear; K-means scale groups by the elbow rule; daily online training from checkpoints",
          lstm_forecast_options(),
          [](const OptionValues& o) { return std::make_unique<LstmForecaster>(LstmForecastOptions::from(o)); }};
}

}  // namespace simrec::algorithms::forecast
