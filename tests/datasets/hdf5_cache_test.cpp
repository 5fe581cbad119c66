// HDF5 cache: a dataset survives save / load unchanged, keyed by (config hash, seed), with the
// event-stream hash; a second request loads instead of rebuilding; bad files fail by name.
#include <catch2/catch.hpp>

#include <filesystem>
#include <cstring>
#include <fstream>
#include <unistd.h>

#include "dataset_fixture.hpp"
#include "datasets/hdf5_cache.hpp"

using namespace simrec;
using namespace simrec::datasets;
using namespace simrec::datasets::testing;

namespace {
std::filesystem::path temp_dir(const char* name) {
  const auto dir = std::filesystem::temp_directory_path() / ("simrec_datasets_test_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}
template <class Table>
void require_same_columns(Table& a, Table& b) {
  std::vector<std::string> names;
  std::vector<std::uint64_t> hashes_a, hashes_b;
  const auto hash_columns = [](Table& t, std::vector<std::uint64_t>& out) {
    t.visit_columns([&](const char*, auto& col) {
      std::uint64_t h = col.size();
      for (const auto& x : col) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &x, sizeof(x));
        h = random::mix64(h ^ bits);
      }
      out.push_back(h);
    });
  };
  hash_columns(a, hashes_a);
  hash_columns(b, hashes_b);
  REQUIRE(hashes_a == hashes_b);
}
}  // namespace

TEST_CASE("video datasets round-trip through the HDF5 cache", "[datasets][hdf5]") {
  VideoDatasets ds = small_datasets();
  const auto dir = temp_dir("roundtrip");
  const auto path = cache_path(dir, ds.config_hash(), ds.seed);
  save_video_datasets(ds, path);
  REQUIRE(std::filesystem::exists(path));
  CHECK(!std::filesystem::exists(path.string() + ".tmp"));
  VideoDatasets back = load_video_datasets(path);
  CHECK(back.seed == ds.seed);
  CHECK(back.event_stream_hash == ds.event_stream_hash);
  CHECK(back.config_hash() == ds.config_hash());
  CHECK(back.world_config_text == ds.world_config_text);
  CHECK(back.split.test_end_day == ds.split.test_end_day);
  CHECK(back.t_max_seconds == ds.t_max_seconds);
  require_same_columns(back.retrieval_train, ds.retrieval_train);
  require_same_columns(back.retrieval_validation, ds.retrieval_validation);
  require_same_columns(back.retrieval_test, ds.retrieval_test);
  require_same_columns(back.ranking_train, ds.ranking_train);
  require_same_columns(back.ranking_test, ds.ranking_test);
  CHECK(back.video_vocab.size() == ds.video_vocab.size());
  CHECK(back.token_vocab.index(ds.token_vocab.keys()[3]) == 3);
  REQUIRE(back.ranking_quantiles.size() == ds.ranking_quantiles.size());
  CHECK(back.ranking_quantiles[2].transform(3.5f) == ds.ranking_quantiles[2].transform(3.5f));
  CHECK(back.ranking_zscores[0].sd() == ds.ranking_zscores[0].sd());
  REQUIRE(back.filter_report.steps.size() == 4);
  CHECK(back.filter_report.steps[2].videos_removed == ds.filter_report.steps[2].videos_removed);
  CHECK(back.filter_report.events_out == ds.filter_report.events_out);
  std::filesystem::remove_all(dir);
}

TEST_CASE("load_or_build builds once, then loads by (config hash, seed)", "[datasets][hdf5]") {
  const auto dir = temp_dir("cache");
  DatasetConfig c = small_data_config();
  c.retrieval_samples_per_user = 3;
  bool loaded = true;
  const VideoDatasets first = load_or_build_video_datasets(small_world(), c, dir, &loaded);
  CHECK(!loaded);
  const VideoDatasets second = load_or_build_video_datasets(small_world(), c, dir, &loaded);
  CHECK(loaded);
  CHECK(second.event_stream_hash == first.event_stream_hash);
  CHECK(second.retrieval_train.label == first.retrieval_train.label);
  // Same world, other data config: another key, another file.
  c.retrieval_samples_per_user = 4;
  load_or_build_video_datasets(small_world(), c, dir, &loaded);
  CHECK(!loaded);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files += entry.path().extension() == ".h5";
  CHECK(files == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("unreadable cache files are reported by name", "[datasets][hdf5]") {
  const auto dir = temp_dir("bad");
  const auto path = dir / "broken.h5";
  std::ofstream(path) << "not an hdf5 file";
  CHECK_THROWS_WITH(load_video_datasets(path), Catch::Matchers::Contains("broken.h5"));
  CHECK_THROWS_WITH(load_video_datasets(dir / "missing.h5"), Catch::Matchers::Contains("missing.h5"));
  std::filesystem::remove_all(dir);
}
