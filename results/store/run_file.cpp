#include "results/store/run_file.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "results/store/hdf5_io.hpp"

namespace simrec::results {

namespace fs = std::filesystem;

namespace {

std::string read_whole(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_unit(hid_t file, const UnitResult& u) {
  H5Handle g = create_group(file, "variants/" + u.variant + "/" + seed_group(u.seed));
  write_attr(g.id(), "algorithm", u.algorithm);
  write_attr(g.id(), "options", u.options);
  write_attr(g.id(), "status", u.status);
  write_attr(g.id(), "data_hash", u.data_hash);
  write_attr(g.id(), "seed", u.seed);
  H5Handle m = create_group(g.id(), "metrics");
  for (const auto& [name, v] : u.metrics) write_scalar(m.id(), name, v);
  H5Handle c = create_group(g.id(), "curves");
  for (const auto& [name, curve] : u.curves) {
    std::vector<double> flat;
    for (std::size_t i = 0; i < curve.x.size(); ++i) {
      flat.push_back(curve.x[i]);
      flat.push_back(curve.y[i]);
    }
    write_array(c.id(), name, flat, {std::int64_t(curve.x.size()), 2});
  }
  H5Handle t = create_group(g.id(), "timing");
  write_scalar(t.id(), "fit_seconds", u.timing.fit_seconds);
  write_scalar(t.id(), "predict_seconds", u.timing.predict_seconds);
  write_scalar(t.id(), "samples_per_second", u.timing.samples_per_second);
  write_scalar(t.id(), "peak_rss_bytes", u.timing.peak_rss_bytes);
  H5Handle a = create_group(g.id(), "arrays");
  for (const auto& [name, arr] : u.arrays) write_array(a.id(), name, arr.values, arr.dims);
}

UnitResult read_unit(hid_t seed_grp, const std::string& variant, const std::string& context) {
  UnitResult u;
  u.variant = variant;
  u.seed = read_attr_int(seed_grp, "seed", context);
  u.algorithm = read_attr_string(seed_grp, "algorithm", context);
  u.options = read_attr_string(seed_grp, "options", context);
  u.status = read_attr_string(seed_grp, "status", context);
  u.data_hash = read_attr_string(seed_grp, "data_hash", context);
  H5Handle m = open_group(seed_grp, "metrics", context);
  for (const auto& name : children(m.id())) u.metrics[name] = read_scalar(m.id(), name, context);
  H5Handle c = open_group(seed_grp, "curves", context);
  for (const auto& name : children(c.id())) {
    std::vector<std::int64_t> dims;
    const auto flat = read_array(c.id(), name, dims, context);
    Curve curve;
    for (std::size_t i = 0; i + 1 < flat.size(); i += 2) {
      curve.x.push_back(flat[i]);
      curve.y.push_back(flat[i + 1]);
    }
    u.curves[name] = curve;
  }
  H5Handle t = open_group(seed_grp, "timing", context);
  u.timing.fit_seconds = read_scalar(t.id(), "fit_seconds", context);
  u.timing.predict_seconds = read_scalar(t.id(), "predict_seconds", context);
  u.timing.samples_per_second = read_scalar(t.id(), "samples_per_second", context);
  u.timing.peak_rss_bytes = read_scalar(t.id(), "peak_rss_bytes", context);
  if (has_child(seed_grp, "arrays")) {
    H5Handle a = open_group(seed_grp, "arrays", context);
    for (const auto& name : children(a.id())) {
      NamedArray arr;
      arr.values = read_array(a.id(), name, arr.dims, context);
      u.arrays[name] = arr;
    }
  }
  return u;
}

void write_info(hid_t file, const RunInfo& i) {
  write_attr(file, "schema_version", kSchemaVersion);
  write_attr(file, "simrec_version", i.simrec_version);
  write_attr(file, "git_commit", i.git_commit);
  write_attr(file, "build_type", i.build_type);
  write_attr(file, "build_flags", i.build_flags);
  write_attr(file, "compiler", i.compiler);
  write_attr(file, "cpu_model", i.cpu_model);
  write_attr(file, "blas_kernels", i.blas_kernels);
  write_attr(file, "hostname", i.hostname);
  write_attr(file, "threads", i.threads);
  write_attr(file, "scenario", i.scenario);
  write_attr(file, "scale", i.scale);
  write_attr(file, "command_line", i.command_line);
  write_attr(file, "start_time", i.start_time);
  write_attr(file, "end_time", i.end_time);
  write_attr(file, "exit_status", i.exit_status);
}

RunInfo read_info(hid_t file, const std::string& ctx) {
  RunInfo i;
  const std::int64_t version = read_attr_int(file, "schema_version", ctx);
  if (version != kSchemaVersion)
    throw StoreError(ctx + ": schema version " + std::to_string(version) + ", this simrec reads " +
                     std::to_string(kSchemaVersion));
  i.simrec_version = read_attr_string(file, "simrec_version", ctx);
  i.git_commit = read_attr_string(file, "git_commit", ctx);
  i.build_type = read_attr_string(file, "build_type", ctx);
  i.build_flags = read_attr_string(file, "build_flags", ctx);
  i.compiler = read_attr_string(file, "compiler", ctx);
  i.cpu_model = read_attr_string(file, "cpu_model", ctx);
  if (has_attr(file, "blas_kernels")) i.blas_kernels = read_attr_string(file, "blas_kernels", ctx);  // optional: added after schema 1
  i.hostname = read_attr_string(file, "hostname", ctx);
  i.threads = read_attr_int(file, "threads", ctx);
  i.scenario = read_attr_string(file, "scenario", ctx);
  i.scale = read_attr_string(file, "scale", ctx);
  i.command_line = read_attr_string(file, "command_line", ctx);
  i.start_time = read_attr_string(file, "start_time", ctx);
  i.end_time = read_attr_string(file, "end_time", ctx);
  i.exit_status = read_attr_int(file, "exit_status", ctx);
  return i;
}

}  // namespace

std::string seed_group(std::int64_t seed) { return "seed_" + std::to_string(seed); }

const UnitResult* Run::find(const std::string& variant, std::int64_t seed) const {
  for (const auto& u : units)
    if (u.variant == variant && u.seed == seed) return &u;
  return nullptr;
}

RunWriter::RunWriter(std::string final_path, std::string config, bool force, bool resume)
    : final_(std::move(final_path)), partial_(final_ + ".partial"), config_(std::move(config)) {
  if (fs::exists(final_) && !force)
    throw StoreError("run file '" + final_ + "' already exists; pass --force to overwrite it");
  if (fs::exists(partial_)) {
    if (force && !resume) {
      fs::remove_all(partial_);
    } else if (!resume) {
      throw StoreError("an interrupted run exists at '" + partial_ +
                       "'; pass --resume to finish it (or --force to start over)");
    } else if (read_whole(partial_ + "/config.ini") != config_) {
      throw StoreError("cannot resume '" + partial_ +
                       "': its scenario configuration differs from this one (pass --force to start over)");
    }
  }
  fs::create_directories(partial_);
  const std::string cfg = partial_ + "/config.ini";
  if (!fs::exists(cfg)) {
    std::ofstream(cfg + ".tmp") << config_;
    fs::rename(cfg + ".tmp", cfg);
  }
}

std::string RunWriter::piece_path(const std::string& variant, std::int64_t seed) const {
  return partial_ + "/" + variant + "." + seed_group(seed) + ".h5";
}

bool RunWriter::has_unit(const std::string& variant, std::int64_t seed) const {
  return fs::exists(piece_path(variant, seed));
}

void RunWriter::add_unit(const UnitResult& unit) {
  const std::string path = piece_path(unit.variant, unit.seed);
  const std::string tmp = path + ".tmp";
  {
    H5Handle f = create_file(tmp);
    write_unit(f.id(), unit);
  }
  fs::rename(tmp, path);
}

std::string RunWriter::finish(const RunInfo& info) {
  const std::string tmp = final_ + ".tmp";
  {
    H5Handle out = create_file(tmp);
    write_info(out.id(), info);
    write_text(out.id(), "config", config_);
    create_group(out.id(), "variants");
    std::vector<std::string> pieces;
    for (const auto& e : fs::directory_iterator(partial_))
      if (e.path().extension() == ".h5") pieces.push_back(e.path().string());
    std::sort(pieces.begin(), pieces.end());
    for (const auto& p : pieces) {
      H5Handle in = open_file_readonly(p);
      H5Handle vars = open_group(in.id(), "variants", p);
      for (const auto& v : children(vars.id())) {
        H5Handle vg = open_group(vars.id(), v, p);
        for (const auto& s : children(vg.id())) copy_object(vg.id(), s, out.id(), "variants/" + v + "/" + s);
      }
    }
  }
  fs::rename(tmp, final_);
  fs::remove_all(partial_);
  return final_;
}

Run read_run(const std::string& path) {
  Run run;
  run.path = path;
  const std::string ctx = "run file '" + path + "'";
  H5Handle f = open_file_readonly(path);
  run.info = read_info(f.id(), ctx);
  run.config = read_text(f.id(), "config", ctx);
  H5Handle vars = open_group(f.id(), "variants", ctx);
  for (const auto& v : children(vars.id())) {
    H5Handle vg = open_group(vars.id(), v, ctx);
    for (const auto& s : children(vg.id())) {
      H5Handle sg = open_group(vg.id(), s, ctx);
      run.units.push_back(read_unit(sg.id(), v, ctx));
    }
  }
  std::stable_sort(run.units.begin(), run.units.end(), [](const UnitResult& a, const UnitResult& b) {
    return a.variant < b.variant || (a.variant == b.variant && a.seed < b.seed);
  });
  return run;
}

}  // namespace simrec::results
