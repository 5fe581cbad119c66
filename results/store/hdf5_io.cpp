#include "results/store/hdf5_io.hpp"

#include <algorithm>

namespace simrec::results {

namespace {
// Silence HDF5's automatic error printing once; we report errors ourselves.
void quiet() {
  static const bool done = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

[[noreturn]] void fail(const std::string& what) { throw StoreError(what); }

std::string object_name(hid_t obj) {
  char buf[512];
  const ssize_t n = H5Iget_name(obj, buf, sizeof buf);
  return n > 0 ? std::string(buf) : std::string("?");
}

std::string file_name(hid_t obj) {
  char buf[1024];
  const ssize_t n = H5Fget_name(obj, buf, sizeof buf);
  return n > 0 ? std::string(buf) : std::string("?");
}

std::string where(hid_t obj) { return file_name(obj) + ":" + object_name(obj); }

H5Handle string_type() {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return H5Handle(t, H5Tclose);
}
}  // namespace

H5Handle& H5Handle::operator=(H5Handle&& o) noexcept {
  if (this != &o) {
    reset();
    id_ = o.id_;
    closer_ = o.closer_;
    o.id_ = -1;
  }
  return *this;
}

void H5Handle::reset() {
  if (id_ >= 0 && closer_) closer_(id_);
  id_ = -1;
}

H5Handle create_file(const std::string& path) {
  quiet();
  const hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (f < 0) fail("cannot create HDF5 file '" + path + "'");
  return H5Handle(f, H5Fclose);
}

H5Handle open_file_readonly(const std::string& path) {
  quiet();
  if (H5Fis_hdf5(path.c_str()) <= 0)
    fail("'" + path + "' is not a readable HDF5 file (missing, truncated or corrupt)");
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) fail("cannot open HDF5 file '" + path + "' (truncated or corrupt)");
  return H5Handle(f, H5Fclose);
}

H5Handle open_file_readwrite(const std::string& path) {
  quiet();
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (f < 0) fail("cannot open HDF5 file '" + path + "' for writing");
  return H5Handle(f, H5Fclose);
}

void flush(hid_t file) { H5Fflush(file, H5F_SCOPE_GLOBAL); }

H5Handle create_group(hid_t loc, const std::string& name) {
  H5Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.id(), 1);
  const hid_t g = H5Gcreate2(loc, name.c_str(), lcpl.id(), H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0) fail("cannot create group '" + name + "' in " + where(loc));
  return H5Handle(g, H5Gclose);
}

H5Handle open_group(hid_t loc, const std::string& name, const std::string& context) {
  if (!has_child(loc, name)) fail(context + ": missing group '" + name + "' in " + where(loc));
  const hid_t g = H5Gopen2(loc, name.c_str(), H5P_DEFAULT);
  if (g < 0) fail(context + ": cannot open group '" + name + "' in " + where(loc));
  return H5Handle(g, H5Gclose);
}

bool has_child(hid_t loc, const std::string& name) {
  // Check each path component so "a/b" works when "a" is missing.
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = name.find('/', start);
    const std::string prefix = name.substr(0, slash);
    if (H5Lexists(loc, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) return true;
    start = slash + 1;
  }
}

std::vector<std::string> children(hid_t loc) {
  std::vector<std::string> names;
  H5Literate(
      loc, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->push_back(name);
        return 0;
      },
      &names);
  std::sort(names.begin(), names.end());
  return names;
}

void write_attr(hid_t obj, const std::string& name, const std::string& value) {
  H5Handle type = string_type();
  H5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
  H5Handle attr(H5Acreate2(obj, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  const char* p = value.c_str();
  if (!attr.valid() || H5Awrite(attr.id(), type.id(), &p) < 0)
    fail("cannot write attribute '" + name + "' on " + where(obj));
}

template <class T>
static void write_numeric_attr(hid_t obj, const std::string& name, T value, hid_t type) {
  H5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
  H5Handle attr(H5Acreate2(obj, name.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attr.valid() || H5Awrite(attr.id(), type, &value) < 0)
    fail("cannot write attribute '" + name + "' on " + where(obj));
}

void write_attr(hid_t obj, const std::string& name, double value) {
  write_numeric_attr(obj, name, value, H5T_NATIVE_DOUBLE);
}
void write_attr(hid_t obj, const std::string& name, std::int64_t value) {
  write_numeric_attr(obj, name, value, H5T_NATIVE_INT64);
}

bool has_attr(hid_t obj, const std::string& name) { return H5Aexists(obj, name.c_str()) > 0; }

std::string read_attr_string(hid_t obj, const std::string& name, const std::string& context) {
  if (!has_attr(obj, name)) fail(context + ": missing attribute '" + name + "' on " + where(obj));
  H5Handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
  H5Handle ftype(H5Aget_type(attr.id()), H5Tclose);
  if (H5Tget_class(ftype.id()) != H5T_STRING)
    fail(context + ": attribute '" + name + "' on " + where(obj) + " is not a string");
  if (H5Tis_variable_str(ftype.id()) > 0) {
    H5Handle type = string_type();
    char* p = nullptr;
    if (H5Aread(attr.id(), type.id(), &p) < 0 || p == nullptr)
      fail(context + ": cannot read attribute '" + name + "' on " + where(obj));
    std::string s(p);
    H5free_memory(p);
    return s;
  }
  const std::size_t n = H5Tget_size(ftype.id());
  std::string s(n, '\0');
  if (H5Aread(attr.id(), ftype.id(), s.data()) < 0)
    fail(context + ": cannot read attribute '" + name + "' on " + where(obj));
  s.erase(std::find(s.begin(), s.end(), '\0'), s.end());
  return s;
}

double read_attr_double(hid_t obj, const std::string& name, const std::string& context) {
  if (!has_attr(obj, name)) fail(context + ": missing attribute '" + name + "' on " + where(obj));
  H5Handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
  double v = 0;
  if (H5Aread(attr.id(), H5T_NATIVE_DOUBLE, &v) < 0)
    fail(context + ": attribute '" + name + "' on " + where(obj) + " is not a number");
  return v;
}

std::int64_t read_attr_int(hid_t obj, const std::string& name, const std::string& context) {
  if (!has_attr(obj, name)) fail(context + ": missing attribute '" + name + "' on " + where(obj));
  H5Handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
  std::int64_t v = 0;
  if (H5Aread(attr.id(), H5T_NATIVE_INT64, &v) < 0)
    fail(context + ": attribute '" + name + "' on " + where(obj) + " is not an integer");
  return v;
}

void write_array(hid_t loc, const std::string& name, const std::vector<double>& values,
                 const std::vector<std::int64_t>& dims) {
  std::vector<hsize_t> d(dims.begin(), dims.end());
  std::size_t n = 1;
  for (auto x : dims) n *= std::size_t(x);
  if (n != values.size()) fail("write_array '" + name + "': " + std::to_string(values.size()) + " values for the given shape");
  H5Handle space(H5Screate_simple(int(d.size()), d.data(), nullptr), H5Sclose);
  H5Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.id(), 1);
  H5Handle ds(H5Dcreate2(loc, name.c_str(), H5T_IEEE_F64LE, space.id(), lcpl.id(), H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
  if (!ds.valid() || H5Dwrite(ds.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    fail("cannot write dataset '" + name + "' in " + where(loc));
}

std::vector<double> read_array(hid_t loc, const std::string& name, std::vector<std::int64_t>& dims,
                               const std::string& context) {
  if (!has_child(loc, name)) fail(context + ": missing dataset '" + name + "' in " + where(loc));
  H5Handle ds(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!ds.valid()) fail(context + ": cannot open dataset '" + name + "' in " + where(loc));
  H5Handle space(H5Dget_space(ds.id()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.id());
  std::vector<hsize_t> d(rank > 0 ? rank : 0);
  if (rank > 0) H5Sget_simple_extent_dims(space.id(), d.data(), nullptr);
  dims.assign(d.begin(), d.end());
  std::size_t n = 1;
  for (auto x : d) n *= std::size_t(x);
  std::vector<double> values(n);
  if (n > 0 && H5Dread(ds.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    fail(context + ": cannot read dataset '" + name + "' in " + where(loc) + " (corrupt?)");
  return values;
}

void write_scalar(hid_t loc, const std::string& name, double value) {
  H5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  H5Handle ds(H5Dcreate2(loc, name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
  if (!ds.valid() || H5Dwrite(ds.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value) < 0)
    fail("cannot write dataset '" + name + "' in " + where(loc));
}

double read_scalar(hid_t loc, const std::string& name, const std::string& context) {
  std::vector<std::int64_t> dims;
  const auto v = read_array(loc, name, dims, context);
  if (v.size() != 1) fail(context + ": dataset '" + name + "' in " + where(loc) + " is not a scalar");
  return v[0];
}

void write_text(hid_t loc, const std::string& name, const std::string& text) {
  H5Handle type = string_type();
  H5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  H5Handle ds(H5Dcreate2(loc, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
  const char* p = text.c_str();
  if (!ds.valid() || H5Dwrite(ds.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &p) < 0)
    fail("cannot write text dataset '" + name + "' in " + where(loc));
}

std::string read_text(hid_t loc, const std::string& name, const std::string& context) {
  if (!has_child(loc, name)) fail(context + ": missing dataset '" + name + "' in " + where(loc));
  H5Handle ds(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose);
  H5Handle type = string_type();
  char* p = nullptr;
  if (!ds.valid() || H5Dread(ds.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &p) < 0 || p == nullptr)
    fail(context + ": cannot read text dataset '" + name + "' in " + where(loc));
  std::string s(p);
  H5free_memory(p);
  return s;
}

void copy_object(hid_t src_loc, const std::string& src_name, hid_t dst_loc,
                 const std::string& dst_name) {
  H5Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.id(), 1);
  if (H5Ocopy(src_loc, src_name.c_str(), dst_loc, dst_name.c_str(), H5P_DEFAULT, lcpl.id()) < 0)
    fail("cannot copy '" + src_name + "' from " + where(src_loc) + " to " + where(dst_loc));
}

}  // namespace simrec::results
