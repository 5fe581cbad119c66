#include "datasets/hdf5_cache.hpp"

#include <H5Cpp.h>

#include <cstdio>
#include <stdexcept>

namespace simrec::datasets {

namespace {

constexpr const char* kFormat = "simrec.video_datasets.v1";

template <class T>
const H5::PredType& pred() {
  if constexpr (std::is_same_v<T, std::uint8_t>) return H5::PredType::NATIVE_UINT8;
  else if constexpr (std::is_same_v<T, std::uint16_t>) return H5::PredType::NATIVE_UINT16;
  else if constexpr (std::is_same_v<T, std::uint32_t>) return H5::PredType::NATIVE_UINT32;
  else if constexpr (std::is_same_v<T, std::uint64_t>) return H5::PredType::NATIVE_UINT64;
  else if constexpr (std::is_same_v<T, float>) return H5::PredType::NATIVE_FLOAT;
  else if constexpr (std::is_same_v<T, double>) return H5::PredType::NATIVE_DOUBLE;
  else static_assert(sizeof(T) == 0, "unsupported column type");
}

template <class T>
void write_vector(H5::Group& g, const std::string& name, const std::vector<T>& v, hsize_t columns = 1) {
  const hsize_t dims[2] = {hsize_t(v.size()) / columns, columns};
  H5::DataSpace space(columns == 1 ? 1 : 2, dims);
  H5::DataSet ds = g.createDataSet(name, pred<T>(), space);
  if (!v.empty()) ds.write(v.data(), pred<T>());
}

template <class T>
void read_vector(const H5::Group& g, const std::string& name, std::vector<T>& v) {
  H5::DataSet ds = g.openDataSet(name);
  H5::DataSpace space = ds.getSpace();
  hsize_t dims[2] = {0, 1};
  const int rank = space.getSimpleExtentNdims();
  space.getSimpleExtentDims(dims);
  v.resize(std::size_t(dims[0] * (rank == 2 ? dims[1] : 1)));
  if (!v.empty()) ds.read(v.data(), pred<T>());
}

template <class T>
void write_attr(H5::H5Object& o, const std::string& name, T value) {
  H5::Attribute a = o.createAttribute(name, pred<T>(), H5::DataSpace(H5S_SCALAR));
  a.write(pred<T>(), &value);
}
void write_attr(H5::H5Object& o, const std::string& name, const std::string& value) {
  H5::StrType type(H5::PredType::C_S1, value.empty() ? 1 : value.size());
  H5::Attribute a = o.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  a.write(type, value);
}
template <class T>
T read_attr(const H5::H5Object& o, const std::string& name) {
  T value{};
  o.openAttribute(name).read(pred<T>(), &value);
  return value;
}
std::string read_string_attr(const H5::H5Object& o, const std::string& name) {
  H5::Attribute a = o.openAttribute(name);
  std::string s;
  a.read(a.getStrType(), s);
  return s;
}

std::string hex(std::uint64_t h) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

const char* const kSplits[3] = {"train", "validation", "test"};

}  // namespace

std::filesystem::path cache_path(const std::filesystem::path& dir, std::uint64_t config_hash, std::uint64_t seed) {
  return dir / ("video_datasets_" + hex(config_hash) + "_seed" + std::to_string(seed) + ".h5");
}

void save_video_datasets(const VideoDatasets& cds, const std::filesystem::path& path) {
  VideoDatasets& ds = const_cast<VideoDatasets&>(cds);  // visit_columns is non-const; nothing is modified
  const std::filesystem::path tmp = path.string() + ".tmp";
  try {
    H5::Exception::dontPrint();
    {
      H5::H5File f(tmp.string(), H5F_ACC_TRUNC);
      H5::Group root = f.openGroup("/");
      write_attr(root, "format", std::string(kFormat));
      write_attr<std::uint64_t>(root, "seed", ds.seed);
      write_attr<std::uint64_t>(root, "world_config_hash", ds.world_config_hash);
      write_attr<std::uint64_t>(root, "data_config_hash", ds.data_config_hash);
      write_attr<std::uint64_t>(root, "event_stream_hash", ds.event_stream_hash);
      write_attr(root, "config_hash", hex(ds.config_hash()));
      write_attr(root, "event_stream_hash_hex", hex(ds.event_stream_hash));
      write_attr<double>(root, "t_max_seconds", ds.t_max_seconds);
      write_attr<std::uint64_t>(root, "train_end_day", std::uint64_t(ds.split.train_end_day));
      write_attr<std::uint64_t>(root, "validation_end_day", std::uint64_t(ds.split.validation_end_day));
      write_attr<std::uint64_t>(root, "test_end_day", std::uint64_t(ds.split.test_end_day));
      write_attr(root, "world_config", ds.world_config_text);
      write_attr(root, "data_config", ds.data_config_text);

      H5::Group retrieval = f.createGroup("/retrieval"), ranking = f.createGroup("/ranking");
      RetrievalSamples* rt[3] = {&ds.retrieval_train, &ds.retrieval_validation, &ds.retrieval_test};
      RankingSamples* rk[3] = {&ds.ranking_train, &ds.ranking_validation, &ds.ranking_test};
      for (int i = 0; i < 3; ++i) {
        H5::Group g = retrieval.createGroup(kSplits[i]);
        rt[i]->visit_columns([&](const char* name, auto& col) { write_vector(g, name, col); });
        H5::Group h = ranking.createGroup(kSplits[i]);
        rk[i]->visit_columns([&](const char* name, auto& col) {
          const bool matrix = std::string(name) == "continuous" || std::string(name) == "continuous_quantile";
          write_vector(h, name, col, matrix ? kNumContinuous : 1);
        });
      }
      H5::Group vocab = f.createGroup("/vocab");
      const auto write_vocab = [&](const char* name, const auto& v) {
        H5::Group g = vocab.createGroup(name);
        write_vector(g, "keys", std::vector(v.keys().begin(), v.keys().end()));
        write_vector(g, "counts", std::vector<std::uint64_t>(v.counts().begin(), v.counts().end()));
      };
      write_vocab("video", ds.video_vocab);
      write_vocab("channel", ds.channel_vocab);
      write_vocab("token", ds.token_vocab);

      H5::Group norm = f.createGroup("/normalisers");
      std::vector<float> knots;
      std::size_t num_knots = ds.ranking_quantiles.empty() ? 0 : ds.ranking_quantiles[0].knots().size();
      for (const auto& q : ds.ranking_quantiles) {
        if (q.knots().size() != num_knots) num_knots = 0;
        knots.insert(knots.end(), q.knots().begin(), q.knots().end());
      }
      write_vector(norm, "quantile_knots", num_knots ? knots : std::vector<float>{}, num_knots ? num_knots : 1);
      std::vector<double> z;
      for (const auto& s : ds.ranking_zscores) {
        z.push_back(s.mean());
        z.push_back(s.sd());
      }
      write_vector(norm, "zscore", z, 2);

      H5::Group filters = f.createGroup("/filters");
      write_attr<std::uint64_t>(filters, "events_in", ds.filter_report.events_in);
      write_attr<std::uint64_t>(filters, "events_out", ds.filter_report.events_out);
      for (std::size_t i = 0; i < ds.filter_report.steps.size(); ++i) {
        const FilterStep& s = ds.filter_report.steps[i];
        H5::Group g = filters.createGroup(std::to_string(i) + "_" + s.name);
        write_attr(g, "name", s.name);
        write_attr<std::uint8_t>(g, "enabled", s.enabled);
        write_attr<std::uint64_t>(g, "events_removed", s.events_removed);
        write_attr<std::uint64_t>(g, "users_removed", s.users_removed);
        write_attr<std::uint64_t>(g, "videos_removed", s.videos_removed);
      }
    }
    std::filesystem::rename(tmp, path);
  } catch (const H5::Exception& e) {
    std::filesystem::remove(tmp);
    throw std::runtime_error("cannot write datasets cache " + path.string() + ": " + e.getDetailMsg());
  }
}

VideoDatasets load_video_datasets(const std::filesystem::path& path) {
  VideoDatasets ds;
  try {
    H5::Exception::dontPrint();
    H5::H5File f(path.string(), H5F_ACC_RDONLY);
    H5::Group root = f.openGroup("/");
    if (!root.attrExists("format") || read_string_attr(root, "format") != kFormat)
      throw std::runtime_error("cannot load datasets cache " + path.string() + ": not a " + kFormat + " file");
    ds.seed = read_attr<std::uint64_t>(root, "seed");
    ds.world_config_hash = read_attr<std::uint64_t>(root, "world_config_hash");
    ds.data_config_hash = read_attr<std::uint64_t>(root, "data_config_hash");
    ds.event_stream_hash = read_attr<std::uint64_t>(root, "event_stream_hash");
    ds.t_max_seconds = read_attr<double>(root, "t_max_seconds");
    ds.split.train_end_day = std::int64_t(read_attr<std::uint64_t>(root, "train_end_day"));
    ds.split.validation_end_day = std::int64_t(read_attr<std::uint64_t>(root, "validation_end_day"));
    ds.split.test_end_day = std::int64_t(read_attr<std::uint64_t>(root, "test_end_day"));
    ds.world_config_text = read_string_attr(root, "world_config");
    ds.data_config_text = read_string_attr(root, "data_config");

    RetrievalSamples* rt[3] = {&ds.retrieval_train, &ds.retrieval_validation, &ds.retrieval_test};
    RankingSamples* rk[3] = {&ds.ranking_train, &ds.ranking_validation, &ds.ranking_test};
    for (int i = 0; i < 3; ++i) {
      H5::Group g = f.openGroup(std::string("/retrieval/") + kSplits[i]);
      rt[i]->visit_columns([&](const char* name, auto& col) { read_vector(g, name, col); });
      H5::Group h = f.openGroup(std::string("/ranking/") + kSplits[i]);
      rk[i]->visit_columns([&](const char* name, auto& col) { read_vector(h, name, col); });
    }
    const auto read_vocab = [&](const char* name, auto& v) {
      H5::Group g = f.openGroup(std::string("/vocab/") + name);
      std::vector<std::remove_cvref_t<decltype(v.keys()[0])>> keys;
      std::vector<std::uint64_t> counts;
      read_vector(g, "keys", keys);
      read_vector(g, "counts", counts);
      v = std::remove_cvref_t<decltype(v)>::from_keys(std::move(keys), std::move(counts));
    };
    read_vocab("video", ds.video_vocab);
    read_vocab("channel", ds.channel_vocab);
    read_vocab("token", ds.token_vocab);

    H5::Group norm = f.openGroup("/normalisers");
    std::vector<float> knots;
    read_vector(norm, "quantile_knots", knots);
    std::vector<double> z;
    read_vector(norm, "zscore", z);
    const std::size_t features = z.size() / 2;
    const std::size_t per = features ? knots.size() / features : 0;
    for (std::size_t k = 0; k < features; ++k) {
      ds.ranking_quantiles.push_back(QuantileNormaliser::from_knots(
          std::vector<float>(knots.begin() + std::ptrdiff_t(k * per), knots.begin() + std::ptrdiff_t((k + 1) * per))));
      ds.ranking_zscores.push_back(ZScoreNormaliser::from_moments(z[2 * k], z[2 * k + 1]));
    }
    H5::Group filters = f.openGroup("/filters");
    ds.filter_report.events_in = read_attr<std::uint64_t>(filters, "events_in");
    ds.filter_report.events_out = read_attr<std::uint64_t>(filters, "events_out");
    for (hsize_t i = 0; i < filters.getNumObjs(); ++i) {
      // Group names are "<index>_<name>": iterate by index to keep the application order.
      const std::string prefix = std::to_string(i) + "_";
      for (hsize_t j = 0; j < filters.getNumObjs(); ++j) {
        const std::string child = filters.getObjnameByIdx(j);
        if (child.rfind(prefix, 0) != 0) continue;
        H5::Group g = filters.openGroup(child);
        FilterStep s;
        s.name = read_string_attr(g, "name");
        s.enabled = read_attr<std::uint8_t>(g, "enabled") != 0;
        s.events_removed = read_attr<std::uint64_t>(g, "events_removed");
        s.users_removed = read_attr<std::uint64_t>(g, "users_removed");
        s.videos_removed = read_attr<std::uint64_t>(g, "videos_removed");
        ds.filter_report.steps.push_back(s);
      }
    }
  } catch (const H5::Exception& e) {
    throw std::runtime_error("cannot load datasets cache " + path.string() + ": " + e.getDetailMsg());
  }
  return ds;
}

VideoDatasets load_or_build_video_datasets(const sim::World& world, const DatasetConfig& config, const std::filesystem::path& dir,
                                           bool* loaded, const sim::GenerationOptions& generation) {
  config.validate(world.config().num_days);
  VideoDatasets probe;
  probe.world_config_hash = world.config_hash();
  probe.data_config_hash = config.hash();
  const std::filesystem::path path = cache_path(dir, probe.config_hash(), world.seed());
  if (std::filesystem::exists(path)) {
    VideoDatasets ds = load_video_datasets(path);
    if (ds.world_config_hash == probe.world_config_hash && ds.data_config_hash == probe.data_config_hash &&
        ds.seed == world.seed() && ds.world_config_text == world.config().to_text() && ds.data_config_text == config.to_text()) {
      if (loaded) *loaded = true;
      return ds;
    }
  }
  VideoDatasets ds = build_video_datasets(world, config, generation);
  std::filesystem::create_directories(dir);
  save_video_datasets(ds, path);
  if (loaded) *loaded = false;
  return ds;
}

}  // namespace simrec::datasets
