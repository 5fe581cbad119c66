// Click-rate predictor for ranking: the global click rate of the training impressions, or per
// video p_v = (clicks_v + m * p) / (impressions_v + m), smoothed toward the global rate p with
// prior strength m (unseen videos get p).
#include "algorithms/baselines/baselines.hpp"

namespace simrec::algorithms::baselines {

namespace {

class RatePredictor : public RankingAlgorithm {
 public:
  explicit RatePredictor(const OptionValues& o) : per_video_(o.get_text("mode") == "video"), prior_(o.get_real("prior_strength")) {}

  void fit(const VideoTrainView& train, TrainingLogger& log) override {
    const auto& rows = train.ranking_train;
    double clicks = 0;
    clicks_.assign(train.video_buckets, 0.0);
    shows_.assign(train.video_buckets, 0.0);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      clicks += rows.click[r];
      if (rows.video[r] < clicks_.size()) {
        clicks_[rows.video[r]] += rows.click[r];
        shows_[rows.video[r]] += 1;
      }
    }
    global_ = rows.size() > 0 ? clicks / double(rows.size()) : 0.0;
    log.progress(1.0);
  }

  ScoreKind score_kind() const override { return ScoreKind::ClickProbability; }

  std::vector<float> score(const datasets::RankingSamples& rows) override {
    std::vector<float> s(rows.size(), float(global_));
    if (!per_video_) return s;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const auto v = rows.video[r];
      if (v < clicks_.size()) s[r] = float((clicks_[v] + prior_ * global_) / (shows_[v] + prior_));
    }
    return s;
  }

 private:
  bool per_video_;
  double prior_, global_ = 0;
  std::vector<double> clicks_, shows_;
};

}  // namespace

AlgorithmInfo rate_predictor_info() {
  return {"rate", Task::Ranking, "global or per-video click rate (smoothed toward the global rate)",
          {choice_option("mode", "video", {"global", "video"}, "one rate for all, or one per video"),
           real_option("prior_strength", 20, 0, 1e9, "pseudo-impressions pulling a video's rate toward the global rate")},
          [](const OptionValues& o) { return std::make_unique<RatePredictor>(o); }};
}

}  // namespace simrec::algorithms::baselines
