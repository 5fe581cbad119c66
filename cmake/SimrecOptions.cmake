# Compiler flags, sanitizers and the optional CUDA toolchain, shared by every target.

add_library(simrec_flags INTERFACE)
target_compile_options(simrec_flags INTERFACE
  -Wall -Wextra -Wno-unused-parameter
  $<$<CONFIG:Release>:-O3>)
# GCC 12 at -O3 reports impossible overlaps inside libstdc++'s own std::string copies
# (-Wrestrict on char_traits' __builtin_memcpy; a known false positive of that release, GCC bug
# 105651), which buried real warnings in every build log.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(simrec_flags INTERFACE -Wno-restrict)
endif()
# Native tuning makes kernels fast but the binary machine-specific; on by default for a
# research testbed that is built where it runs. Results stay bit-identical for a given binary.
option(SIMREC_NATIVE "Compile with -march=native" ON)
# The CPU that -march=native resolved to, for the run files' build_flags (results/CMakeLists.txt):
# two machines' "native" builds can differ in vector width and therefore in their last bits.
set(SIMREC_NATIVE_ARCH "")
if(SIMREC_NATIVE)
  target_compile_options(simrec_flags INTERFACE -march=native)
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -march=native -Q --help=target
                  OUTPUT_VARIABLE _simrec_target_help ERROR_QUIET)
  if(_simrec_target_help MATCHES "-march=[ \t]*([A-Za-z0-9_.-]+)")
    set(SIMREC_NATIVE_ARCH ${CMAKE_MATCH_1})
  endif()
endif()
# Extra flags of the optimised CPU kernels (nn/kernels/cpu; why in nn/CMakeLists.txt).
set(SIMREC_NN_KERNEL_FLAGS -fno-math-errno -fno-trapping-math)
# No -ffast-math: reductions must keep the order we write, for bit-exact determinism.
target_compile_options(simrec_flags INTERFACE -ffp-contract=off)

if(SIMREC_SANITIZE)
  target_compile_options(simrec_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(simrec_flags INTERFACE -fsanitize=address,undefined)
endif()

set(SIMREC_HAVE_CUDA OFF)
if(NOT SIMREC_CUDA STREQUAL "OFF")
  include(CheckLanguage)
  if(NOT CMAKE_CUDA_COMPILER AND EXISTS /usr/local/cuda/bin/nvcc)
    set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc)
  endif()
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    set(SIMREC_HAVE_CUDA ON)
  elseif(SIMREC_CUDA STREQUAL "ON")
    message(FATAL_ERROR "SIMREC_CUDA=ON but no nvcc was found (looked on PATH and /usr/local/cuda/bin)")
  endif()
endif()
message(STATUS "simrec: CUDA backend ${SIMREC_HAVE_CUDA} (SIMREC_CUDA=${SIMREC_CUDA})")

# Build provenance recorded by every run (SPEC §5): the commit is read at BUILD time (every build
# runs cmake/GitCommit.cmake, which rewrites generated/simrec_git_commit.hpp only when it changes),
# so a rebuild after a commit records the new commit without re-configuring.
set(SIMREC_GENERATED_DIR ${CMAKE_BINARY_DIR}/generated)
add_custom_target(simrec_git_commit
  COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_SOURCE_DIR} -DOUT=${SIMREC_GENERATED_DIR}/simrec_git_commit.hpp
          -P ${CMAKE_SOURCE_DIR}/cmake/GitCommit.cmake
  BYPRODUCTS ${SIMREC_GENERATED_DIR}/simrec_git_commit.hpp
  COMMENT "simrec: recording the git commit")
