#pragma once
// HDF5 cache of generated video datasets, keyed by (config hash, seed) (SPEC §4).
//
// File layout (readable by h5py / h5dump):
//   /                     attributes: format, seed, world_config_hash, data_config_hash,
//                         config_hash (hex strings for the 64-bit hashes), event_stream_hash,
//                         t_max_seconds, split days, world_config (text), data_config (text)
//   /retrieval/{train,validation,test}/<column>     RetrievalSamples columns
//   /ranking/{train,validation,test}/<column>       RankingSamples columns
//   /vocab/{video,channel,token}/{keys,counts}
//   /normalisers/quantile_knots (features x knots), /normalisers/zscore (features x 2: mean, sd)
//   /filters/{name, events_removed, users_removed, videos_removed}, events_in / events_out attrs
// The file is written to "<path>.tmp" and renamed, so a crash never leaves a half file under the
// final name. load() checks the format tag and throws std::runtime_error naming the file on
// unreadable or incomplete files.

#include <cstdint>
#include <filesystem>
#include <string>

#include "datasets/video_datasets.hpp"

namespace simrec::datasets {

// "<dir>/video_datasets_<config hash hex>_seed<seed>.h5"
std::filesystem::path cache_path(const std::filesystem::path& dir, std::uint64_t config_hash, std::uint64_t seed);

void save_video_datasets(const VideoDatasets& ds, const std::filesystem::path& path);
VideoDatasets load_video_datasets(const std::filesystem::path& path);

// Loads the cached datasets of (world config, data config, seed) from `dir` when present and
// matching, else builds them and writes the cache. *loaded tells which happened.
VideoDatasets load_or_build_video_datasets(const sim::World& world, const DatasetConfig& config,
                                           const std::filesystem::path& dir, bool* loaded = nullptr,
                                           const sim::GenerationOptions& generation = {});

}  // namespace simrec::datasets
