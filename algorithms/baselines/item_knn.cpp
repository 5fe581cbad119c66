// Item-kNN on co-watch cosine.
//
// Each training user's watch sequence is the history of their last training row followed by its
// label (most recent last). Two videos co-occur when they are watched within `window` positions
// of each other; with c_ab the co-occurrence count and n_a the number of sequence positions of a,
//   sim(a, b) = c_ab / sqrt(n_a n_b)   (cosine of the binary co-watch vectors)
// and each video keeps its `neighbors` most similar videos. A query's candidate j scores
//   s(j) = sum over the last `history_items` watches h of sim(h, j),
// and lists are topped up with the most popular videos when fewer than k candidates score > 0.
#include <cmath>

#include "algorithms/baselines/baselines.hpp"
#include "algorithms/common/top_k.hpp"

namespace simrec::algorithms::baselines {

namespace {

class ItemKnn : public RetrievalAlgorithm {
 public:
  explicit ItemKnn(const OptionValues& o)
      : neighbors_(o.get_int("neighbors")), window_(o.get_int("window")), history_items_(o.get_int("history_items")) {}

  void fit(const VideoTrainView& train, TrainingLogger& log) override {
    const auto& rows = train.retrieval_train;
    videos_ = train.video_buckets - 1;
    std::vector<double> occurrences(videos_, 0.0);
    popularity_.assign(videos_, 0.0);
    std::vector<std::uint64_t> pairs;  // (a << 32) | b, both orders
    std::vector<std::uint32_t> seq;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (rows.label[r] < videos_) popularity_[rows.label[r]] += 1;
      const bool last_of_user = r + 1 == rows.size() || rows.user_id[r + 1] != rows.user_id[r];
      if (!last_of_user) continue;
      seq.clear();
      for (auto v : rows.history_of(r)) seq.push_back(v);
      seq.push_back(rows.label[r]);
      for (std::size_t i = 0; i < seq.size(); ++i) {
        if (seq[i] >= videos_) continue;
        occurrences[seq[i]] += 1;
        for (std::size_t j = i + 1; j < seq.size() && j <= i + std::size_t(window_); ++j) {
          if (seq[j] >= videos_ || seq[j] == seq[i]) continue;
          pairs.push_back((std::uint64_t(seq[i]) << 32) | seq[j]);
          pairs.push_back((std::uint64_t(seq[j]) << 32) | seq[i]);
        }
      }
    }
    std::sort(pairs.begin(), pairs.end());
    offsets_.assign(videos_ + 1, 0);
    ids_.clear();
    sims_.clear();
    std::vector<std::pair<double, std::uint32_t>> row;  // (-sim, b): sorted = best first, ties by id
    std::size_t i = 0;
    for (std::uint32_t a = 0; a < videos_; ++a) {
      row.clear();
      while (i < pairs.size() && (pairs[i] >> 32) == a) {
        std::size_t j = i;
        while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
        const std::uint32_t b = std::uint32_t(pairs[i]);
        row.emplace_back(-double(j - i) / std::sqrt(occurrences[a] * occurrences[b]), b);
        i = j;
      }
      const std::size_t keep = std::min<std::size_t>(row.size(), std::size_t(neighbors_));
      std::partial_sort(row.begin(), row.begin() + keep, row.end());
      for (std::size_t k = 0; k < keep; ++k) {
        ids_.push_back(row[k].second);
        sims_.push_back(-row[k].first);
      }
      offsets_[a + 1] = ids_.size();
    }
    log.progress(1.0);
  }

  void recommend(const datasets::RetrievalSamples& q, int k, bool exclude_history, RankedLists& out) override {
    out.clear();
    std::vector<double> score(videos_, 0.0);
    std::vector<std::int64_t> touched, ranked;
    for (std::size_t r = 0; r < q.size(); ++r) {
      const auto history = q.history_of(r);
      const std::size_t from = history.size() > std::size_t(history_items_) ? history.size() - history_items_ : 0;
      for (std::size_t h = from; h < history.size(); ++h) {
        const std::uint32_t a = history[h];
        if (a >= videos_) continue;
        for (std::size_t e = offsets_[a]; e < offsets_[a + 1]; ++e) {
          if (score[ids_[e]] == 0.0) touched.push_back(ids_[e]);
          score[ids_[e]] += sims_[e];
        }
      }
      std::vector<std::int64_t> excluded = exclude_history ? sorted_unique(history) : std::vector<std::int64_t>{};
      std::sort(touched.begin(), touched.end());
      std::vector<double> cand_scores;
      for (auto j : touched) cand_scores.push_back(score[j]);
      std::vector<std::int64_t> local_excl;  // positions in `touched` that are excluded
      for (std::size_t t = 0; t < touched.size(); ++t)
        if (std::binary_search(excluded.begin(), excluded.end(), touched[t])) local_excl.push_back(std::int64_t(t));
      ranked.clear();
      append_top_k<double>(cand_scores, k, local_excl, ranked);
      for (auto& pos : ranked) pos = touched[pos];
      if (int(ranked.size()) < k) {  // top up with popular videos not already listed or excluded
        std::vector<std::int64_t> skip = excluded;
        skip.insert(skip.end(), ranked.begin(), ranked.end());
        std::sort(skip.begin(), skip.end());
        append_top_k<double>(popularity_, k - int(ranked.size()), skip, ranked);
      }
      out.items.insert(out.items.end(), ranked.begin(), ranked.end());
      out.offsets.push_back(std::int64_t(out.items.size()));
      for (auto j : touched) score[j] = 0.0;
      touched.clear();
    }
  }

 private:
  std::int64_t neighbors_, window_, history_items_;
  std::uint32_t videos_ = 0;
  std::vector<std::size_t> offsets_;
  std::vector<std::uint32_t> ids_;
  std::vector<double> sims_, popularity_;
};

}  // namespace

AlgorithmInfo item_knn_info() {
  return {"itemknn", Task::Retrieval, "item-to-item co-watch cosine neighbours",
          {int_option("neighbors", 100, 1, 100000, "similar videos kept per video"),
           int_option("window", 5, 1, 1000, "co-watch window: positions apart in a user's watch sequence"),
           int_option("history_items", 20, 1, 1000, "most recent watches of the query used for scoring")},
          [](const OptionValues& o) { return std::make_unique<ItemKnn>(o); }};
}

}  // namespace simrec::algorithms::baselines
