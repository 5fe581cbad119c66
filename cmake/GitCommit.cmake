# Run at build time (cmake -P): writes OUT with the source tree's commit, so a run file records the
# commit the binary was built from, not the one CMake was configured at. "-dirty" marks a build
# with uncommitted changes to tracked files. The file is rewritten only when its text changes, so
# an unchanged commit recompiles nothing. Inputs: -DSRC=<source dir> -DOUT=<header path>.
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${SRC}
  OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT commit)
  set(commit "unknown")
else()
  execute_process(COMMAND git diff --quiet HEAD -- WORKING_DIRECTORY ${SRC} RESULT_VARIABLE dirty ERROR_QUIET)
  if(NOT dirty EQUAL 0)
    string(APPEND commit "-dirty")
  endif()
endif()
set(text "// Generated at build time by cmake/GitCommit.cmake; do not edit.\n#pragma once\n#define SIMREC_GIT_COMMIT \"${commit}\"\n")
set(old "")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT old STREQUAL text)
  file(WRITE ${OUT} "${text}")
endif()
