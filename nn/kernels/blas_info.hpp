#pragma once
// Which BLAS kernels this process runs. Debian's OpenBLAS selects a kernel set per CPU at run time
// (or as OPENBLAS_CORETYPE says), and GEMMs sum in a kernel-specific order, so two machines give
// bit-identical results only with the same kernel set (README, "Reproducibility"). Run files
// record this next to the CPU model.
#include <string>

namespace simrec::nn {

// OpenBLAS's name of its kernel set, e.g. "Haswell", "Prescott", "Cooperlake".
std::string blas_kernels();

}  // namespace simrec::nn
