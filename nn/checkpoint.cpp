#include "nn/checkpoint.hpp"

#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <unordered_map>

namespace simrec::nn {

static_assert(std::endian::native == std::endian::little,
              "the checkpoint writer stores the host's bytes and assumes a little-endian host");

namespace {

constexpr char kMagic[8] = {'S', 'I', 'M', 'R', 'E', 'C', 'C', 'K'};

// Streaming form of checksum64: whole 8-byte words are mixed as they complete.
class Checksum {
 public:
  void update(const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    total_ += bytes;
    while (bytes > 0 && fill_ > 0 && fill_ < 8) {
      pending_[fill_++] = *p++;
      --bytes;
      if (fill_ == 8) mix_pending();
    }
    while (bytes >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      mix(w);
      p += 8;
      bytes -= 8;
    }
    for (; bytes > 0; --bytes) pending_[fill_++] = *p++;
  }
  std::uint64_t finish() {
    if (fill_ > 0) {
      std::memset(pending_ + fill_, 0, 8 - fill_);
      mix_pending();
    }
    return h_ ^ total_;
  }

 private:
  void mix(std::uint64_t w) {
    h_ = (h_ ^ w) * 0x100000001b3ull;
    h_ ^= h_ >> 32;
  }
  void mix_pending() {
    std::uint64_t w;
    std::memcpy(&w, pending_, 8);
    mix(w);
    fill_ = 0;
  }
  std::uint64_t h_ = 0xcbf29ce484222325ull;
  std::uint64_t total_ = 0;
  unsigned char pending_[8] = {};
  std::size_t fill_ = 0;
};

class Writer {
 public:
  Writer(const std::string& path, std::FILE* f) : path_(path), f_(f) {}
  void bytes(const void* p, std::size_t n) {
    if (n > 0 && std::fwrite(p, 1, n, f_) != n)
      fail("save_checkpoint", "writing '", path_, "' failed (disk full?)");
    sum_.update(p, n);
  }
  template <class Int>
  void integer(Int v) { bytes(&v, sizeof v); }
  void string(std::string_view s) {
    integer(std::uint32_t(s.size()));
    bytes(s.data(), s.size());
  }
  std::uint64_t checksum() { return sum_.finish(); }

 private:
  const std::string& path_;
  std::FILE* f_;
  Checksum sum_;
};

class Reader {
 public:
  Reader(const std::string& path, const std::vector<char>& buf, std::size_t end)
      : path_(path), buf_(buf), end_(end) {}
  const char* take(std::size_t n, const char* what) {
    if (n > end_ - pos_)
      fail("read_checkpoint", "'", path_, "' is truncated or corrupt: ", what, " runs past the end");
    const char* p = buf_.data() + pos_;
    pos_ += n;
    return p;
  }
  template <class Int>
  Int integer(const char* what) {
    Int v;
    std::memcpy(&v, take(sizeof v, what), sizeof v);
    return v;
  }
  std::string string(const char* what) {
    const auto n = integer<std::uint32_t>(what);
    return std::string(take(n, what), n);
  }
  bool at_end() const { return pos_ == end_; }

 private:
  const std::string& path_;
  const std::vector<char>& buf_;
  std::size_t end_;
  std::size_t pos_ = 0;
};

}  // namespace

std::uint64_t checksum64(const void* data, std::size_t bytes) {
  Checksum c;
  c.update(data, bytes);
  return c.finish();
}

void save_checkpoint(const std::string& path, std::string_view kind,
                     const std::vector<NamedTensor>& tensors) {
  std::set<std::string_view> names;
  for (const NamedTensor& t : tensors) {
    if (!t.value.defined()) fail("save_checkpoint", "tensor '", t.name, "' is undefined");
    if (!names.insert(t.name).second)
      fail("save_checkpoint", "duplicate tensor name '", t.name, "' writing '", path, "'");
  }
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) fail("save_checkpoint", "cannot open '", tmp, "' for writing: ", std::strerror(errno));
  try {
    Writer w(tmp, f);
    w.bytes(kMagic, sizeof kMagic);
    w.integer(kCheckpointVersion);
    w.string(kind);
    w.integer(std::uint64_t(tensors.size()));
    for (const NamedTensor& t : tensors) {
      w.string(t.name);
      w.integer(std::uint8_t(t.value.dtype() == DType::F32 ? 0 : 1));
      w.integer(std::uint8_t(t.value.rank()));
      for (std::int64_t d : t.value.shape()) w.integer(std::int64_t(d));
      w.bytes(t.value.raw(), std::size_t(t.value.numel()) * dtype_size(t.value.dtype()));
    }
    const std::uint64_t sum = w.checksum();
    if (std::fwrite(&sum, 1, 8, f) != 8 || std::fflush(f) != 0 || ::fsync(::fileno(f)) != 0)
      fail("save_checkpoint", "writing '", tmp, "' failed: ", std::strerror(errno));
  } catch (...) {
    std::fclose(f);
    std::remove(tmp.c_str());
    throw;
  }
  if (std::fclose(f) != 0) {
    std::remove(tmp.c_str());
    fail("save_checkpoint", "closing '", tmp, "' failed: ", std::strerror(errno));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    fail("save_checkpoint", "renaming '", tmp, "' to '", path, "' failed: ", std::strerror(err));
  }
}

Checkpoint read_checkpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) fail("read_checkpoint", "cannot open '", path, "'");
  const std::streamoff size = in.tellg();
  constexpr std::size_t kMinSize = 8 + 4 + 4 + 8 + 8;
  if (size < std::streamoff(kMinSize))
    fail("read_checkpoint", "'", path, "' is too short (", size, " bytes) to be a checkpoint");
  std::vector<char> buf(static_cast<std::size_t>(size));
  in.seekg(0);
  if (!in.read(buf.data(), size)) fail("read_checkpoint", "reading '", path, "' failed");
  if (std::memcmp(buf.data(), kMagic, 8) != 0)
    fail("read_checkpoint", "'", path, "' is not a simrec checkpoint (bad magic)");
  const std::size_t body = buf.size() - 8;
  std::uint64_t stored;
  std::memcpy(&stored, buf.data() + body, 8);
  if (checksum64(buf.data(), body) != stored)
    fail("read_checkpoint", "'", path, "' is corrupt: checksum mismatch");

  Reader r(path, buf, body);
  r.take(8, "magic");
  const auto version = r.integer<std::uint32_t>("version");
  if (version != kCheckpointVersion)
    fail("read_checkpoint", "'", path, "' has format version ", version, "; this build reads ",
         kCheckpointVersion);
  Checkpoint ck;
  ck.kind = r.string("kind");
  const auto count = r.integer<std::uint64_t>("tensor count");
  std::set<std::string> seen;
  for (std::uint64_t k = 0; k < count; ++k) {
    NamedTensor t;
    t.name = r.string("tensor name");
    if (!seen.insert(t.name).second)
      fail("read_checkpoint", "'", path, "' holds tensor '", t.name, "' twice");
    const auto code = r.integer<std::uint8_t>("dtype");
    const auto rank = r.integer<std::uint8_t>("rank");
    if (code > 1 || rank > Shape::kMaxRank)
      fail("read_checkpoint", "'", path, "': tensor '", t.name, "' has invalid dtype code ",
           int(code), " or rank ", int(rank));
    Shape shape;
    for (int d = 0; d < rank; ++d) {
      const auto dim = r.integer<std::int64_t>("dims");
      if (dim < 0) fail("read_checkpoint", "'", path, "': tensor '", t.name, "' has dim ", dim);
      shape.push_back(dim);
    }
    const DType dtype = code == 0 ? DType::F32 : DType::F64;
    const std::size_t bytes = std::size_t(shape.numel()) * dtype_size(dtype);
    const char* data = r.take(bytes, "tensor data");
    t.value = Tensor::empty(shape, dtype);
    std::memcpy(t.value.raw(), data, bytes);
    ck.tensors.push_back(std::move(t));
  }
  if (!r.at_end()) fail("read_checkpoint", "'", path, "' has trailing bytes after the last tensor");
  return ck;
}

void load_checkpoint(const std::string& path, std::string_view kind,
                     const std::vector<NamedTensor>& into) {
  Checkpoint ck = read_checkpoint(path);
  if (ck.kind != kind)
    fail("load_checkpoint", "'", path, "' holds a '", ck.kind, "' checkpoint, expected '", kind, "'");
  std::unordered_map<std::string_view, const Tensor*> stored;
  for (const NamedTensor& t : ck.tensors) stored.emplace(t.name, &t.value);
  for (const NamedTensor& dst : into) {
    auto it = stored.find(dst.name);
    if (it == stored.end())
      fail("load_checkpoint", "'", path, "' has no tensor '", dst.name, "' (expected ",
           describe(dst.value), ")");
    const Tensor& src = *it->second;
    if (src.dtype() != dst.value.dtype() || src.shape() != dst.value.shape())
      fail("load_checkpoint", "'", path, "': tensor '", dst.name, "' is ", describe(src),
           " in the file but ", describe(dst.value), " here");
  }
  if (ck.tensors.size() != into.size()) {
    std::set<std::string_view> wanted;
    for (const NamedTensor& dst : into) wanted.insert(dst.name);
    for (const NamedTensor& t : ck.tensors)
      if (!wanted.count(t.name))
        fail("load_checkpoint", "'", path, "' has unexpected tensor '", t.name, "' ",
             describe(t.value), " (not present here)");
  }
  for (const NamedTensor& dst : into) {
    Tensor handle = dst.value;
    handle.copy_from(*stored.at(dst.name));
  }
}

}  // namespace simrec::nn
