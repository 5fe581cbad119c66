// Random: k distinct uniformly random videos per query, from the stream ("baselines/random",
// seed, query row): reproducible and independent of thread count and query order.
#include "algorithms/baselines/baselines.hpp"
#include "algorithms/common/top_k.hpp"
#include "sim/random/philox.hpp"

namespace simrec::algorithms::baselines {

namespace {

class RandomRecommender : public RetrievalAlgorithm {
 public:
  explicit RandomRecommender(const OptionValues&) {}

  void fit(const VideoTrainView& train, TrainingLogger& log) override {
    videos_ = train.video_buckets - 1;
    seed_ = train.seed;
    log.progress(1.0);
  }

  void recommend(const datasets::RetrievalSamples& q, int k, bool exclude_history, RankedLists& out) override {
    out.clear();
    for (std::size_t r = 0; r < q.size(); ++r) {
      const auto excluded = exclude_history ? sorted_unique(q.history_of(r)) : std::vector<std::int64_t>{};
      random::Rng rng(seed_, "baselines/random", r);
      std::vector<std::int64_t> picked;
      const std::size_t want = std::min<std::size_t>(std::size_t(k), videos_ > excluded.size() ? videos_ - excluded.size() : 0);
      while (picked.size() < want) {
        const std::int64_t v = std::int64_t(rng.below(videos_));
        if (std::binary_search(excluded.begin(), excluded.end(), v)) continue;
        if (std::find(picked.begin(), picked.end(), v) != picked.end()) continue;
        picked.push_back(v);
      }
      out.items.insert(out.items.end(), picked.begin(), picked.end());
      out.offsets.push_back(std::int64_t(out.items.size()));
    }
  }

 private:
  std::size_t videos_ = 0;
  std::uint64_t seed_ = 0;
};

}  // namespace

AlgorithmInfo random_info() {
  return {"random", Task::Retrieval, "uniformly random videos (the floor every model must beat)", {},
          [](const OptionValues& o) { return std::make_unique<RandomRecommender>(o); }};
}

}  // namespace simrec::algorithms::baselines
