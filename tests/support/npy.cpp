#include "support/npy.hpp"

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace simrec::testing {

namespace {
void write_header(std::ofstream& f, const std::string& descr, const std::vector<std::int64_t>& shape) {
  std::ostringstream dict;
  dict << "{'descr': '" << descr << "', 'fortran_order': False, 'shape': (";
  for (std::size_t i = 0; i < shape.size(); ++i) dict << shape[i] << (shape.size() == 1 ? "," : (i + 1 < shape.size() ? ", " : ""));
  dict << "), }";
  std::string h = dict.str();
  const std::size_t total = 10 + h.size() + 1;
  h.append((64 - total % 64) % 64, ' ');
  h.push_back('\n');
  const std::uint16_t len = std::uint16_t(h.size());
  f.write("\x93NUMPY\x01\x00", 8);
  f.write(reinterpret_cast<const char*>(&len), 2);
  f.write(h.data(), std::streamsize(h.size()));
}
}  // namespace

void write_npy(const std::string& path, const nn::Tensor& t) {
  std::ofstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("write_npy: cannot open " + path);
  std::vector<std::int64_t> shape(t.shape().begin(), t.shape().end());
  write_header(f, t.dtype() == nn::DType::F32 ? "<f4" : "<f8", shape);
  f.write(static_cast<const char*>(t.raw()), std::streamsize(t.numel() * nn::dtype_size(t.dtype())));
}

void write_npy_i64(const std::string& path, const std::vector<std::int64_t>& values,
                   const std::vector<std::int64_t>& shape) {
  std::ofstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("write_npy_i64: cannot open " + path);
  write_header(f, "<i8", shape);
  f.write(reinterpret_cast<const char*>(values.data()), std::streamsize(values.size() * 8));
}

nn::Tensor read_npy(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("read_npy: cannot open " + path);
  char magic[8];
  f.read(magic, 8);
  if (std::memcmp(magic, "\x93NUMPY", 6) != 0) throw std::runtime_error("read_npy: not an npy file: " + path);
  std::uint32_t len = 0;
  if (magic[6] == 1) {
    std::uint16_t l16;
    f.read(reinterpret_cast<char*>(&l16), 2);
    len = l16;
  } else {
    f.read(reinterpret_cast<char*>(&len), 4);
  }
  std::string header(len, '\0');
  f.read(header.data(), len);
  const bool f32 = header.find("'<f4'") != std::string::npos;
  const bool f64 = header.find("'<f8'") != std::string::npos;
  if (!f32 && !f64) throw std::runtime_error("read_npy: unsupported dtype in " + path + ": " + header);
  if (header.find("'fortran_order': False") == std::string::npos)
    throw std::runtime_error("read_npy: Fortran order not supported: " + path);
  const auto open = header.find('('), close = header.find(')');
  nn::Shape shape;
  std::stringstream dims(header.substr(open + 1, close - open - 1));
  std::string item;
  while (std::getline(dims, item, ',')) {
    if (item.find_first_not_of(' ') == std::string::npos) continue;
    shape.push_back(std::stoll(item));
  }
  nn::Tensor t = nn::Tensor::empty(shape, f32 ? nn::DType::F32 : nn::DType::F64);
  f.read(static_cast<char*>(t.raw()), std::streamsize(t.numel() * nn::dtype_size(t.dtype())));
  if (!f) throw std::runtime_error("read_npy: truncated data in " + path);
  return t;
}

}  // namespace simrec::testing
