#include "results/store/provenance.hpp"

#include <omp.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>

#include "simrec_git_commit.hpp"  // generated at build time (cmake/GitCommit.cmake)

#ifndef SIMREC_VERSION
#define SIMREC_VERSION "unknown"
#endif
#ifndef SIMREC_BUILD_TYPE
#define SIMREC_BUILD_TYPE "unknown"
#endif
#ifndef SIMREC_BUILD_FLAGS
#define SIMREC_BUILD_FLAGS ""
#endif

namespace simrec::results {

namespace {
std::string cpu_model() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  }
  return "unknown";
}

// The vector extensions this translation unit was compiled for (the same flags as every kernel):
// the part of -march that decides which code paths, and hence which last bits, a build has.
std::string vector_extensions() {
  std::string isa;
  auto add = [&isa](const char* name) { isa += isa.empty() ? name : std::string(",") + name; };
#ifdef __SSE4_2__
  add("sse4.2");
#endif
#ifdef __AVX__
  add("avx");
#endif
#ifdef __AVX2__
  add("avx2");
#endif
#ifdef __FMA__
  add("fma");
#endif
#ifdef __AVX512F__
  add("avx512f");
#endif
#ifdef __AVX512BW__
  add("avx512bw");
#endif
#ifdef __AVX512VL__
  add("avx512vl");
#endif
#ifdef __AVX512BF16__
  add("avx512bf16");
#endif
  return isa.empty() ? "baseline" : isa;
}
}  // namespace

RunInfo build_and_machine_info() {
  RunInfo info;
  info.simrec_version = SIMREC_VERSION;
  info.git_commit = SIMREC_GIT_COMMIT;
  info.build_type = SIMREC_BUILD_TYPE;
  info.build_flags = std::string(SIMREC_BUILD_FLAGS) + " | isa=" + vector_extensions();
  info.compiler = std::string("g++ ") + __VERSION__;
  info.cpu_model = cpu_model();
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  info.hostname = host;
  info.threads = omp_get_max_threads();
  return info;
}

std::string utc_now_iso8601() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

double peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) * 1024.0;  // Linux reports KiB
}

}  // namespace simrec::results
