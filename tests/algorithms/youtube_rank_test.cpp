// The YouTube DNN ranker (youtube_rank; algorithms/youtube_dnn/ranker_model.hpp): the article's
// known answer for weighted logistic regression (fitted odds of a constant model = sum T / (N - k)),
// the embedding width rule, input layout and OOV handling, forward shape and gradient flow to every
// parameter, learning on a small simulated world (weighted per-user loss well below a random and a
// per-video click-rate scorer), thread-count determinism, and bad options.
#include <catch2/catch.hpp>
#include <cmath>
#include <omp.h>

#include "algorithms/youtube_dnn/ranker_model.hpp"
#include "nn/ops/reduce.hpp"
#include "nn/optim/sgd.hpp"
#include "ranking_fixture.hpp"
#include "results/metrics/watch_time_loss.hpp"
#include "sim/random/philox.hpp"

using namespace simrec;
using namespace simrec::algorithms::youtube_dnn;

namespace {
// Small, fast settings: about a second per fit on two cores.
std::map<std::string, std::string> fast(std::map<std::string, std::string> extra = {}) {
  std::map<std::string, std::string> o{{"tower", "64-32"}, {"epochs", "3"}, {"batch_size", "256"}, {"learning_rate", "0.003"}};
  for (const auto& [k, v] : extra) o[k] = v;
  return o;
}

// Ten impressions of one page, identical features; clicks on rows 0 and 1 with watch times 3 and 5.
datasets::RankingSamples ten_identical_rows() {
  datasets::RankingSamples s;
  for (int i = 0; i < 10; ++i) {
    s.user_id.push_back(0);
    s.video.push_back(0);
    s.video_raw.push_back(0);
    s.channel.push_back(0);
    s.genre.push_back(0);
    s.region.push_back(0);
    s.position.push_back(std::uint8_t(i + 1));
    for (auto* c : {&s.user_group, &s.age_bucket, &s.gender, &s.device, &s.logged_in}) c->push_back(0);
    s.page_key.push_back(0);
    s.time_seconds.push_back(0);
    for (std::size_t f = 0; f < datasets::kNumContinuous; ++f) {
      s.continuous.push_back(1);
      s.continuous_quantile.push_back(0.5f);
    }
    const bool click = i < 2;
    s.click.push_back(click);
    for (auto* c : {&s.finish, &s.skip, &s.like, &s.share}) c->push_back(0);
    s.watch_seconds.push_back(i == 0 ? 3.0f : i == 1 ? 5.0f : 0.0f);
    s.completion_ratio.push_back(0);
    s.weight.push_back(click ? s.watch_seconds.back() : 1.0f);
    s.propensity.push_back(1);
    s.recent_watches.push_back(0);
    s.recent_offsets.push_back(s.recent_watches.size());
  }
  return s;
}

RankerShape tiny_shape() {
  RankerShape s;
  s.videos = 6;
  s.field_rows = {4, 3, 3, 2, 6, 2, 2, 3, 8};
  s.tower = {8, 4};
  return s;
}
}  // namespace

TEST_CASE("youtube_rank: weighted LR odds of a constant model = sum T / (N - k) (article 000 §4.2)", "[algorithms][youtube_rank]") {
  // N = 10, k = 2 positives with watch times 3 and 5: odds = (3 + 5) / (10 - 2) = 1.
  const auto rows = ten_identical_rows();
  CHECK(std::exp(constant_log_odds(rows, true)) == Approx(1.0));
  CHECK(std::exp(constant_log_odds(rows, false)) == Approx(2.0 / 8.0));
  // The training loss itself: a bias-only model b, fitted by gradient descent from b = -2.
  nn::Tensor b = nn::Tensor::full({1}, -2.0);
  b.set_requires_grad(true);
  nn::SGDOptions so;
  so.lr = 1.0;
  nn::SGD sgd({{"b", b}}, so);
  std::vector<std::size_t> all(10);
  for (std::size_t i = 0; i < 10; ++i) all[i] = i;
  const RankerBatch batch = make_ranker_batch(rows, all, tiny_shape(), 50, true);
  for (int step = 0; step < 300; ++step) {
    nn::Tensor loss = weighted_logistic_loss(nn::broadcast_to(b, {10}), batch.targets, batch.weights);
    loss.backward();
    sgd.step();
    sgd.zero_grad();
  }
  CHECK(std::exp(b.item()) == Approx(1.0).margin(1e-3));
  // The whole algorithm on ten identical rows (a model that can only be constant on them): its
  // served score e^z is the fitted odds.
  for (const char* tower : {"none", "16"}) {
    auto algo = testing::make_ranking("youtube_rank", {{"tower", tower}, {"epochs", "400"}, {"batch_size", "10"}, {"learning_rate", "0.01"}});
    const datasets::RankingSamples no_validation;
    const datasets::RetrievalSamples no_retrieval;
    const algorithms::VideoTrainView view{no_retrieval, no_retrieval, rows, no_validation, 2, 2, 1, 0.0, 3, {}};
    algorithms::NullLogger log;
    algo->fit(view, log);
    CHECK(algo->score_kind() == algorithms::ScoreKind::ExpectedWatchTime);
    const auto scores = algo->score(rows);
    INFO("tower " << tower);
    CHECK(scores.front() == Approx(1.0).margin(1e-3));
    // Identical rows, identical scores up to rounding: OpenBLAS's AVX2 (Haswell / Zen) kernels
    // treat the rows of a block's edge with other code than its interior, so bit equality holds
    // only on some CPUs.
    CHECK(scores.back() == Approx(scores.front()).epsilon(1e-6));
  }
}

TEST_CASE("youtube_rank: embedding widths grow with the log of the vocabulary", "[algorithms][youtube_rank]") {
  CHECK(log_embedding_dim(1, 4, 64) == 1);
  CHECK(log_embedding_dim(2, 4, 64) == 3);  // round(4 ln 2) = round(2.77)
  CHECK(log_embedding_dim(20, 4, 64) == 12);
  CHECK(log_embedding_dim(2500, 4, 64) == 31);
  CHECK(log_embedding_dim(1000000, 4, 32) == 32);  // clamped
  CHECK(log_embedding_dim(2500, 2, 64) == 16);
  RankerShape s = tiny_shape();
  CHECK(s.video_dim() == log_embedding_dim(6, 4, 64));
  s.video_embedding_dim = 10;
  CHECK(s.video_dim() == 10);
  // Input: video + recent bag (one shared table), 8 fields (no position), 18 reals.
  std::int64_t fields = 0;
  for (std::size_t f = 0; f + 1 < kRankFields; ++f) fields += s.field_dim(RankField(f));
  CHECK(RankerModel(s).input_width() == 2 * 10 + fields + 18);
  s.powers = false;
  CHECK(RankerModel(s).input_width() == 2 * 10 + fields + 6);
  s.position = true;
  CHECK(RankerModel(s).input_width() == 2 * 10 + fields + s.field_dim(RankField::Position) + 6);
}

TEST_CASE("youtube_rank: batch layout, x~ with x~^2 and sqrt(x~)", "[algorithms][youtube_rank]") {
  auto rows = ten_identical_rows();
  rows.continuous_quantile[0] = 0.25f;
  rows.recent_watches = {1, 2, 3};
  rows.recent_offsets.assign(11, 3);
  rows.recent_offsets[0] = 0;
  const RankerBatch b = make_ranker_batch(rows, {0, 5}, tiny_shape(), 2, true);
  CHECK(b.recent_ids == std::vector<std::int64_t>{2, 3});  // the 2 most recent of row 0; row 5 has none
  CHECK(b.recent_offsets == std::vector<std::int64_t>{0, 2, 2});
  CHECK(b.fields[std::size_t(RankField::Position)].empty());
  const auto x = b.reals.to_vector();
  REQUIRE(x.size() == 2 * 18);
  CHECK(x[0] == 0.25);
  CHECK(x[6] == 0.0625);
  CHECK(x[12] == 0.5);
  CHECK(x[18 + 1] == 0.5);
  CHECK(b.weights.to_vector() == std::vector<double>{3, 1});
  CHECK(make_ranker_batch(rows, {0, 5}, tiny_shape(), 2, false).weights.to_vector() == std::vector<double>{1, 1});
  CHECK(b.targets.to_vector() == std::vector<double>{1, 0});
}

TEST_CASE("youtube_rank: forward shape, OOV video reads zeros, every parameter gets a gradient", "[algorithms][youtube_rank]") {
  RankerShape s = tiny_shape();
  s.position = true;
  RankerModel model(s);
  model.init(4);
  model.set_output_bias(0.5);
  auto rows = ten_identical_rows();
  for (std::size_t r = 0; r < rows.size(); ++r) {  // vary every field
    rows.video[r] = std::uint32_t(r % 7);             // 6 = the OOV bucket (table rows 0..5)
    rows.channel[r] = std::uint32_t(r % 4);
    rows.genre[r] = std::uint16_t(r % 3);
    rows.region[r] = std::uint16_t(r % 3);
    rows.device[r] = std::uint8_t(r % 2);
    rows.age_bucket[r] = std::uint8_t(r % 6);
    rows.gender[r] = std::uint8_t(r % 2);
    rows.logged_in[r] = std::uint8_t((r + 1) % 2);
    rows.user_group[r] = std::uint8_t(r % 3);
    rows.position[r] = std::uint8_t(r % 8);
    for (std::size_t f = 0; f < datasets::kNumContinuous; ++f) rows.continuous_quantile[r * datasets::kNumContinuous + f] = float(r) / 10.0f;
  }
  std::vector<std::size_t> all(10);
  for (std::size_t i = 0; i < 10; ++i) all[i] = i;
  const RankerBatch b = make_ranker_batch(rows, all, s, 50, true);
  const nn::Tensor z = model.logits(b);
  REQUIRE(z.shape() == nn::Shape{10});
  const nn::Tensor loss = weighted_logistic_loss(z, b.targets, b.weights);
  loss.backward();
  for (const auto& p : model.named_parameters()) {
    INFO(p.name);
    if (p.value.sparse_grad().empty()) {
      const nn::Tensor g = p.value.grad();
      REQUIRE(g.defined());
      double norm = 0;
      for (double v : g.to_vector()) norm += v * v;
      CHECK(norm > 0);
    } else {
      for (auto row : p.value.sparse_grad().rows) CHECK(row < p.value.dim(0));
    }
  }
  // The video table has exactly the in-vocabulary rows; the OOV id 6 reads the zero vector, so
  // the video-id part of its input equals a row whose table entry is zeroed.
  const auto named = model.named_parameters();
  const auto video = std::find_if(named.begin(), named.end(), [](const nn::NamedTensor& n) { return n.name == "video_embedding"; });
  REQUIRE(video != named.end());
  CHECK(video->value.dim(0) == 6);
  const auto& touched = video->value.sparse_grad().rows;
  CHECK(std::find(touched.begin(), touched.end(), 6) == touched.end());
}

TEST_CASE("youtube_rank learns on a small world: weighted per-user loss well below random and click-rate scorers",
          "[algorithms][youtube_rank]") {
  const auto& test = testing::small_ranking_data().ranking_test;
  std::vector<float> random_scores(test.size());
  random::Rng rng(3, "test/random_scores", 0);
  for (auto& s : random_scores) s = float(rng.uniform());
  std::vector<std::int64_t> pages(test.page_key.begin(), test.page_key.end());
  std::vector<float> clicks(test.click.begin(), test.click.end());
  const double random_loss = metrics::weighted_per_user_loss(pages, clicks, test.watch_seconds, random_scores);
  const auto rate = testing::fit_and_score_ranking("rate");
  const auto dnn = testing::fit_and_score_ranking("youtube_rank", fast());
  const double rate_loss = rate.metrics.at("weighted_per_user_loss"), dnn_loss = dnn.metrics.at("weighted_per_user_loss");
  INFO("random " << random_loss << " rate " << rate_loss << " youtube_rank " << dnn_loss << " (auc " << dnn.metrics.at("auc") << ")");
  // Measured: random ~0.51, rate ~0.34, trained ~0.18; with the optimizer step removed ~0.31.
  CHECK(dnn_loss < 0.8 * rate_loss);
  CHECK(dnn_loss < random_loss - 0.15);
  CHECK(dnn.metrics.at("auc") > 0.55);  // ranked by expected watch time, not clicks: its click AUC need not beat the rate's
  const auto& loss = dnn.log.curves.at("train_loss");
  REQUIRE(loss.size() == 3);
  CHECK(loss.back() < loss.front());
  CHECK(dnn.log.curves.at("validation_loss").size() == 3);
  for (float s : dnn.scores) CHECK(s > 0);  // e^z: expected watch seconds
}

TEST_CASE("youtube_rank gives the same scores for 1 and 2 threads", "[algorithms][youtube_rank][determinism]") {
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = testing::fit_and_score_ranking("youtube_rank", fast({{"epochs", "1"}}));
  omp_set_num_threads(2);
  const auto two = testing::fit_and_score_ranking("youtube_rank", fast({{"epochs", "1"}}));
  omp_set_num_threads(saved);
  CHECK(one.scores == two.scores);
  CHECK(one.log.curves.at("train_loss") == two.log.curves.at("train_loss"));
  // A different seed gives a different model.
  const auto other = testing::fit_and_score_ranking("youtube_rank", fast({{"epochs", "1"}}), 12);
  CHECK(other.scores != one.scores);
}

TEST_CASE("youtube_rank rejects bad options with clear messages", "[algorithms][youtube_rank][errors]") {
  CHECK_THROWS_WITH(testing::make_ranking("youtube_rank", {{"tower", "512--256"}}), Catch::Contains("tower = '512--256'") && Catch::Contains("empty element"));
  CHECK_THROWS_WITH(testing::make_ranking("youtube_rank", {{"tower", "0"}}), Catch::Contains("tower = '0'") && Catch::Contains("out of range"));
  CHECK_THROWS_WITH(testing::make_ranking("youtube_rank", {{"tower", "256-x"}}), Catch::Contains("tower") && Catch::Contains("'x' is not an integer"));
  CHECK_THROWS_WITH(testing::make_ranking("youtube_rank", {{"epochs", "-1"}}), Catch::Contains("epochs = '-1'") && Catch::Contains("[1, 100000]"));
  CHECK_THROWS_WITH(testing::make_ranking("youtube_rank", {{"weighted", "maybe"}}), Catch::Contains("weighted"));
  CHECK_THROWS_WITH(testing::make_ranking("youtube_rank", {{"towr", "3"}}), Catch::Contains("towr") && Catch::Contains("did you mean 'tower'"));
  // 'none' is logistic regression.
  CHECK_NOTHROW(testing::make_ranking("youtube_rank", {{"tower", "none"}}));
}
