#include "datasets/multitask_samples.hpp"

#include <stdexcept>

namespace simrec::datasets {

MultiTaskSamples make_multitask_samples(const RankingSamples& rk, const std::vector<std::string>& tasks, bool clicked_only) {
  MultiTaskSamples mt;
  mt.task_names = tasks;
  std::vector<int> which;
  for (const std::string& t : tasks) {
    static const char* const kNames[] = {"click", "watch_seconds", "completion_ratio", "finish", "skip", "like", "share"};
    int k = -1;
    for (int i = 0; i < 7; ++i)
      if (t == kNames[i]) k = i;
    if (k < 0)
      throw std::invalid_argument("unknown multi-task label '" + t +
                                  "': allowed click, watch_seconds, completion_ratio, finish, skip, like, share");
    which.push_back(k);
    mt.task_is_binary.push_back(k == 1 || k == 2 ? 0 : 1);
  }
  for (std::size_t r = 0; r < rk.size(); ++r) {
    if (clicked_only && !rk.click[r]) continue;
    mt.row.push_back(std::uint32_t(r));
    mt.user_group.push_back(rk.user_group[r]);
    for (int k : which) {
      float v = 0;
      switch (k) {
        case 0: v = rk.click[r]; break;
        case 1: v = rk.watch_seconds[r]; break;
        case 2: v = rk.completion_ratio[r]; break;
        case 3: v = rk.finish[r]; break;
        case 4: v = rk.skip[r]; break;
        case 5: v = rk.like[r]; break;
        default: v = rk.share[r]; break;
      }
      mt.labels.push_back(v);
    }
  }
  return mt;
}

}  // namespace simrec::datasets
