// MostPop: recommend the videos watched most often in training (labels of the training rows,
// i.e. training-window watches), counting only the last `window_days` days when > 0.
// segment != none: popularity within the query user's demographic segment (region, age bucket,
// gender or device), mixed with the overall popularity as
//   score(v) = w share_segment(v) + (1 - w) share_all(v),   w = segment_weight,
// shares being each count over its total (a segment never seen in training: share_all alone).
// The classic cold-start reference for demographic features: how much of a demographic signal
// simple counting can estimate from the data.
#include <map>

#include "algorithms/baselines/baselines.hpp"
#include "algorithms/common/shares.hpp"
#include "algorithms/common/top_k.hpp"

namespace simrec::algorithms::baselines {

namespace {

// The row's key for a segment column; 0 for "none".
std::uint32_t segment_key(const datasets::RetrievalSamples& s, std::size_t r, const std::string& segment) {
  if (segment == "region") return s.region[r];
  if (segment == "age_bucket") return s.age_bucket[r];
  if (segment == "gender") return s.gender[r];
  if (segment == "device") return s.device[r];
  return 0;
}

class MostPop : public RetrievalAlgorithm {
 public:
  explicit MostPop(const OptionValues& o)
      : window_days_(o.get_real("window_days")), reverse_(o.get_bool("reverse")), segment_(o.get_text("segment")),
        segment_weight_(o.get_real("segment_weight")) {}

  void fit(const VideoTrainView& train, TrainingLogger& log) override {
    const std::size_t V = train.video_buckets - 1;  // no score for the OOV bucket
    counts_.assign(V, 0.0);
    by_segment_.clear();
    const auto& rows = train.retrieval_train;
    const double since = window_days_ > 0 ? train.t_max_seconds - window_days_ * 86400.0 : -1e300;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (rows.time_seconds[r] < since || rows.label[r] >= V) continue;
      counts_[rows.label[r]] += 1;
      if (segment_ != "none") {
        auto& c = by_segment_[segment_key(rows, r, segment_)];
        if (c.empty()) c.assign(V, 0.0);
        c[rows.label[r]] += 1;
      }
    }
    if (segment_ != "none") {
      const std::vector<double> all = to_shares(counts_);
      for (auto& [key, c] : by_segment_) {
        c = to_shares(std::move(c));
        for (std::size_t v = 0; v < V; ++v) c[v] = segment_weight_ * c[v] + (1 - segment_weight_) * all[v];
      }
      counts_ = all;
    }
    if (reverse_) {  // a deliberately broken variant: least popular first (tests the regression gate)
      for (double& c : counts_) c = -c;
      for (auto& [key, c] : by_segment_)
        for (double& x : c) x = -x;
    }
    log.progress(1.0);
  }

  void recommend(const datasets::RetrievalSamples& q, int k, bool exclude_history, RankedLists& out) override {
    out.clear();
    const std::vector<std::int64_t> none;
    for (std::size_t r = 0; r < q.size(); ++r) {
      const auto excluded = exclude_history ? sorted_unique(q.history_of(r)) : none;
      const std::vector<double>* scores = &counts_;
      if (segment_ != "none")
        if (const auto it = by_segment_.find(segment_key(q, r, segment_)); it != by_segment_.end()) scores = &it->second;
      append_top_k<double>(*scores, k, excluded, out.items);
      out.offsets.push_back(std::int64_t(out.items.size()));
    }
  }

 private:
  double window_days_;
  bool reverse_;
  std::string segment_;
  double segment_weight_;
  std::vector<double> counts_;  // counts, or overall shares when segmented
  std::map<std::uint32_t, std::vector<double>> by_segment_;  // mixed scores per segment key
};

}  // namespace

AlgorithmInfo mostpop_info() {
  return {"mostpop", Task::Retrieval, "most watched training videos (optionally in a recent window, or within the user's demographic segment)",
          {real_option("window_days", 0, 0, 1e6, "count only watches in the last N training days (0 = all)"),
           bool_option("reverse", false, "rank least popular first (a deliberately broken variant for gate tests)"),
           choice_option("segment", "none", {"none", "region", "age_bucket", "gender", "device"},
                         "popularity within the query user's demographic segment, mixed with the overall one"),
           real_option("segment_weight", 0.7, 0, 1, "w in w share_segment + (1 - w) share_all (segment != none)")},
          [](const OptionValues& o) { return std::make_unique<MostPop>(o); }};
}

}  // namespace simrec::algorithms::baselines
