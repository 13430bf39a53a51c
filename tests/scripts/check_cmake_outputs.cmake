# svcgen_add_service() declares its outputs before anything is generated, by a rule of its own;
# for every valid service here and for model names chosen to trip the snake_case rule, that
# declaration must be exactly what `svcgen generate --runtime external` writes.
# Usage: cmake -D SVCGEN=<svcgen> -D SOURCE_DIR=<svcgen source tree> -D WORK=<scratch dir, emptied first> -P <this>
cmake_minimum_required(VERSION 3.25)
include("${SOURCE_DIR}/cmake/svcgenAddService.cmake")

set(tricky_names A HTTPLog Sha256Sum ABTest XMLHttpRequest2 Order V2Api OAuthToken ID)
file(REMOVE_RECURSE "${WORK}")
set(tricky_dir "${WORK}/tricky")
file(MAKE_DIRECTORY "${tricky_dir}/models")
set(model_paths "")
foreach(name IN LISTS tricky_names)
  # Each table is set, so names whose snake_case plurals collide stay valid together.
  string(TOLOWER "${name}" table)
  file(WRITE "${tricky_dir}/models/${name}.json"
    "{\"name\": \"${name}\", \"table\": \"t_${table}\", "
    "\"fields\": [{\"name\": \"label\", \"type\": \"string\"}]}\n")
  list(APPEND model_paths "\"models/${name}.json\"")
endforeach()
list(JOIN model_paths ", " model_paths)
file(WRITE "${tricky_dir}/service.json" "{\"service\": \"tricky\", \"models\": [${model_paths}]}\n")

set(services "")
file(GLOB golden_dirs LIST_DIRECTORIES true "${SOURCE_DIR}/tests/golden/*")
foreach(dir IN LISTS golden_dirs)
  if(EXISTS "${dir}/expected/CMakeLists.txt")  # the cases svcgen accepts
    list(APPEND services "${dir}/service.json")
  endif()
endforeach()
list(APPEND services "${SOURCE_DIR}/examples/bookstore/service.json" "${tricky_dir}/service.json")

set(index 0)
foreach(service IN LISTS services)
  math(EXPR index "${index} + 1")
  set(OUTPUT_DIR "${WORK}/out${index}")
  execute_process(COMMAND "${SVCGEN}" generate "${service}" -o "${OUTPUT_DIR}" --runtime external
                  RESULT_VARIABLE status OUTPUT_QUIET)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "svcgen generate ${service} failed")
  endif()
  svcgen_service_files("${service}" inputs outputs)
  set(EXPECTED "${WORK}/expected${index}")
  list(JOIN outputs "\n" text)
  file(WRITE "${EXPECTED}" "${text}\n")
  include("${SOURCE_DIR}/cmake/svcgenCheckOutputs.cmake")
  list(LENGTH outputs count)
  message(STATUS "${service}: the ${count} declared outputs are the generated files")
endforeach()
