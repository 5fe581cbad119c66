#pragma once
// A thin RAII layer over the HDF5 C API: the few shapes of data the run store writes (string /
// number attributes, 1-D and 2-D float64 datasets, text datasets, groups). Every failure throws
// StoreError naming the file and the object, instead of HDF5's own stderr dump.

#include <hdf5.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace simrec::results {

class StoreError : public std::runtime_error {
 public:
  explicit StoreError(const std::string& what) : std::runtime_error(what) {}
};

// Owns one hid_t and closes it with the matching H5*close.
class H5Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  H5Handle() = default;
  H5Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~H5Handle() { reset(); }
  H5Handle(H5Handle&& o) noexcept : id_(o.id_), closer_(o.closer_) { o.id_ = -1; }
  H5Handle& operator=(H5Handle&& o) noexcept;
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;
  hid_t id() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset();

 private:
  hid_t id_ = -1;
  Closer closer_ = nullptr;
};

// Files. `path` is used in every error message.
H5Handle create_file(const std::string& path);           // truncates
H5Handle open_file_readonly(const std::string& path);    // throws StoreError if not HDF5 / truncated
H5Handle open_file_readwrite(const std::string& path);
void flush(hid_t file);

// Groups ("a/b" paths relative to loc). create_groups makes intermediate groups.
H5Handle create_group(hid_t loc, const std::string& name);
H5Handle open_group(hid_t loc, const std::string& name, const std::string& context);
bool has_child(hid_t loc, const std::string& name);
std::vector<std::string> children(hid_t loc);  // sorted by name

// Attributes on any object.
void write_attr(hid_t obj, const std::string& name, const std::string& value);
void write_attr(hid_t obj, const std::string& name, double value);
void write_attr(hid_t obj, const std::string& name, std::int64_t value);
std::string read_attr_string(hid_t obj, const std::string& name, const std::string& context);
double read_attr_double(hid_t obj, const std::string& name, const std::string& context);
std::int64_t read_attr_int(hid_t obj, const std::string& name, const std::string& context);
bool has_attr(hid_t obj, const std::string& name);

// Datasets of float64 (shape = dims, row-major) and text.
void write_array(hid_t loc, const std::string& name, const std::vector<double>& values,
                 const std::vector<std::int64_t>& dims);
std::vector<double> read_array(hid_t loc, const std::string& name, std::vector<std::int64_t>& dims,
                               const std::string& context);
void write_scalar(hid_t loc, const std::string& name, double value);
double read_scalar(hid_t loc, const std::string& name, const std::string& context);
void write_text(hid_t loc, const std::string& name, const std::string& text);
std::string read_text(hid_t loc, const std::string& name, const std::string& context);

// Copies object `src_name` under src_loc to `dst_name` under dst_loc (deep copy).
void copy_object(hid_t src_loc, const std::string& src_name, hid_t dst_loc,
                 const std::string& dst_name);

}  // namespace simrec::results
