# Run by the build after `svcgen generate`: the files svcgen wrote (its manifest) must be exactly
# the ones svcgen_add_service() declared, or the build would compile a stale or partial service.
# Usage: cmake -D OUTPUT_DIR=<dir> -D EXPECTED=<file listing the declared outputs> -P <this file>
cmake_minimum_required(VERSION 3.25)

file(STRINGS "${OUTPUT_DIR}/.svcgen-manifest" written REGEX "^[^#]")
list(APPEND written .svcgen-manifest)
file(STRINGS "${EXPECTED}" declared)

set(undeclared ${written})
list(REMOVE_ITEM undeclared ${declared})
set(missing ${declared})
list(REMOVE_ITEM missing ${written})
if(undeclared OR missing)
  list(JOIN undeclared ", " undeclared)
  list(JOIN missing ", " missing)
  message(FATAL_ERROR
    "svcgen_add_service: the generated files in ${OUTPUT_DIR} differ from the ones the build "
    "declared (written but not declared: ${undeclared}; declared but not written: ${missing}). "
    "Re-run CMake; if they still differ, the svcgen package and this CMake module do not match.")
endif()
