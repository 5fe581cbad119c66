#include "nn/kernels/blas_info.hpp"

#include <cblas.h>

namespace simrec::nn {

std::string blas_kernels() {
  const char* name = openblas_get_corename();
  return name != nullptr && *name != '\0' ? std::string("OpenBLAS ") + name : std::string("OpenBLAS (kernel set unknown)");
}

}  // namespace simrec::nn
