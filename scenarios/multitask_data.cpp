#include "scenarios/multitask_data.hpp"

#include <stdexcept>

#include "datasets/adult.hpp"
#include "datasets/hdf5_cache.hpp"
#include "datasets/multitask_facts.hpp"

namespace simrec::scenarios {

namespace {
template <class T>
std::uint64_t fnv(const std::vector<T>& v, std::uint64_t h) {
  const auto* p = reinterpret_cast<const unsigned char*>(v.data());
  for (std::size_t i = 0; i < v.size() * sizeof(T); ++i) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}
}  // namespace

std::uint64_t multitask_table_hash(const datasets::MultiTaskTable& t, std::uint64_t h) {
  h = fnv(t.categorical, h);
  h = fnv(t.dense, h);
  h = fnv(t.labels, h);
  h = fnv(t.mask, h);
  return fnv(t.group, h);
}

MultiTaskData build_multitask_data(const Scenario& sc, const VariantSpec& v, std::uint64_t seed, const sim::World* world,
                                   const std::string& cache_dir) {
  MultiTaskData out;
  const datasets::MultiTaskDataConfig config = sc.multitask_for(v);
  if (sc.data_source == "mmoe_synthetic") {
    out.splits = datasets::mmoe_synthetic_splits(sc.mmoe_for(v), seed, sc.tasks, config);
  } else if (sc.data_source.rfind("adult:", 0) == 0) {
    out.splits = datasets::adult_splits(sc.data_source.substr(6), seed, sc.tasks, config);
  } else {
    if (!world) throw std::logic_error("build_multitask_data: the video-world source needs the seed's world");
    const datasets::DatasetConfig data_config = sc.data_for(v);
    const datasets::VideoDatasets data = cache_dir.empty() ? datasets::build_video_datasets(*world, data_config)
                                                           : datasets::load_or_build_video_datasets(*world, data_config, cache_dir);
    out.splits = datasets::video_multitask_splits(data, sc.tasks, config);
  }
  datasets::add_split_facts(out.splits);
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const auto* t : {&out.splits.train, &out.splits.validation, &out.splits.test}) h = multitask_table_hash(*t, h);
  out.hash = h;
  return out;
}

}  // namespace simrec::scenarios
