#include <atomic>
#include <cstdlib>
#include <string>

#include "nn/kernels/kernel_table.hpp"

namespace simrec::nn {

namespace {
KernelPath initial_path() {
  const char* env = std::getenv("SIMREC_KERNELS");
  if (env == nullptr || *env == '\0') return KernelPath::Optimized;
  const std::string v(env);
  if (v == "reference") return KernelPath::Reference;
  if (v == "optimized") return KernelPath::Optimized;
  fail("SIMREC_KERNELS", "unknown value '", v, "' (allowed: reference, optimized)");
}
std::atomic<KernelPath>& path_slot() {
  static std::atomic<KernelPath> p{initial_path()};
  return p;
}
}  // namespace

KernelPath kernel_path() { return path_slot().load(std::memory_order_relaxed); }
void set_kernel_path(KernelPath p) { path_slot().store(p, std::memory_order_relaxed); }

template <class T>
const KernelTable<T>& kernels(Device device) {
  if (device != Device::CPU) fail("kernels", "the cuda backend is not part of this build");
  return kernel_path() == KernelPath::Reference ? reference_kernels<T>() : cpu_kernels<T>();
}
template const KernelTable<float>& kernels<float>(Device);
template const KernelTable<double>& kernels<double>(Device);

}  // namespace simrec::nn
