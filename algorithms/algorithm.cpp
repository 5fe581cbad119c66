#include "algorithms/algorithm.hpp"

#include <cmath>

namespace simrec::algorithms {

const char* task_name(Task t) {
  switch (t) {
    case Task::Retrieval: return "retrieval";
    case Task::Ranking: return "ranking";
    case Task::MultiTask: return "multitask";
    case Task::MultiScenario: return "multiscenario";
    case Task::Forecast: return "forecast";
    case Task::Alignment: return "alignment";
  }
  return "?";
}

Task parse_task(const std::string& name) {
  for (Task t : {Task::Retrieval, Task::Ranking, Task::MultiTask, Task::MultiScenario, Task::Forecast, Task::Alignment})
    if (name == task_name(t)) return t;
  throw std::invalid_argument("unknown task '" + name +
                              "': allowed retrieval, ranking, multitask, multiscenario, forecast, alignment");
}

void NullLogger::log(std::int64_t epoch, const std::string& metric, double value) {
  if (!std::isfinite(value))
    throw NonFiniteError(metric + " is " + std::to_string(value) + " at epoch " + std::to_string(epoch));
}

VideoTrainView make_train_view(const datasets::VideoDatasets& d, std::uint64_t seed) {
  return VideoTrainView{d.retrieval_train,
                        d.retrieval_validation,
                        d.ranking_train,
                        d.ranking_validation,
                        d.video_vocab.num_buckets(),
                        d.channel_vocab.num_buckets(),
                        d.token_vocab.num_buckets(),
                        d.t_max_seconds,
                        seed,
                        d.video_vocab.counts()};
}

}  // namespace simrec::algorithms
