// MostPop: recommend the videos watched most often in training (labels of the training rows,
// i.e. training-window watches), counting only the last `window_days` days when > 0.
#include "algorithms/baselines/baselines.hpp"
#include "algorithms/common/top_k.hpp"

namespace simrec::algorithms::baselines {

namespace {

class MostPop : public RetrievalAlgorithm {
 public:
  explicit MostPop(const OptionValues& o) : window_days_(o.get_real("window_days")), reverse_(o.get_bool("reverse")) {}

  void fit(const VideoTrainView& train, TrainingLogger& log) override {
    counts_.assign(train.video_buckets - 1, 0.0);  // no score for the OOV bucket
    const auto& rows = train.retrieval_train;
    const double since = window_days_ > 0 ? train.t_max_seconds - window_days_ * 86400.0 : -1e300;
    for (std::size_t r = 0; r < rows.size(); ++r)
      if (rows.time_seconds[r] >= since && rows.label[r] < counts_.size()) counts_[rows.label[r]] += 1;
    if (reverse_)  // a deliberately broken variant: least popular first (tests the regression gate)
      for (double& c : counts_) c = -c;
    log.progress(1.0);
  }

  void recommend(const datasets::RetrievalSamples& q, int k, bool exclude_history, RankedLists& out) override {
    out.clear();
    const std::vector<std::int64_t> none;
    for (std::size_t r = 0; r < q.size(); ++r) {
      const auto excluded = exclude_history ? sorted_unique(q.history_of(r)) : none;
      append_top_k<double>(counts_, k, excluded, out.items);
      out.offsets.push_back(std::int64_t(out.items.size()));
    }
  }

 private:
  double window_days_;
  bool reverse_;
  std::vector<double> counts_;
};

}  // namespace

AlgorithmInfo mostpop_info() {
  return {"mostpop", Task::Retrieval, "most watched training videos (optionally in a recent window)",
          {real_option("window_days", 0, 0, 1e6, "count only watches in the last N training days (0 = all)"),
           bool_option("reverse", false, "rank least popular first (a deliberately broken variant for gate tests)")},
          [](const OptionValues& o) { return std::make_unique<MostPop>(o); }};
}

}  // namespace simrec::algorithms::baselines
