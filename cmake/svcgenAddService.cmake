# svcgen_add_service(<target> SERVICE <service.json> [OUTPUT_DIR <dir>] [TEMPLATES <dir>])
#
# Generates the service at build time and builds it as the executable <target>, linked with
# svcgen::runtime. Editing a model, the service file or a migration regenerates; svcgen rewrites
# only files whose content changed, so only what they feed is recompiled, and a build with
# nothing changed does no work.
#
#   SERVICE     the service file.
#   OUTPUT_DIR  where the generated files go; relative paths are under the current binary dir.
#               Default: ${CMAKE_CURRENT_BINARY_DIR}/<target>_generated.
#   TEMPLATES   a folder of templates replacing built-in ones of the same name.
#
# Your own code (hooks, routes: see the generated src/extensions.hpp) joins the target with
# target_sources(<target> PRIVATE ...); the generated headers are on its include path.
#
# A build system must know every output before the first build, so the file names are worked
# out here from the service and model files (the rule below); the build checks them against
# what svcgen wrote and stops with a message if they ever differ.

set(_svcgen_cmake_dir "${CMAKE_CURRENT_LIST_DIR}")

# Files `svcgen generate --runtime external` writes whatever the models say.
set(_svcgen_fixed_outputs
  .svcgen-manifest
  CMakeLists.txt
  README.md
  docker-compose.yml
  k8s/contract-job.yaml
  k8s/deployment.yaml
  k8s/migrate-job.yaml
  k8s/service.yaml
  openapi.json
  src/extensions.hpp
  src/main.cpp
  src/migrations.cpp
  src/openapi.cpp
  src/service.cpp
  src/service.hpp)

# The generator's snake_case of a PascalCase model name: "BookReview" -> "book_review",
# "HTTPLog" -> "http_log", "Sha256Sum" -> "sha256_sum".
function(_svcgen_snake_case name out_var)
  string(REGEX REPLACE "([A-Z])([A-Z][a-z])" "\\1_\\2" name "${name}")
  string(REGEX REPLACE "([a-z0-9])([A-Z])" "\\1_\\2" name "${name}")
  string(TOLOWER "${name}" name)
  set(${out_var} "${name}" PARENT_SCOPE)
endfunction()

function(_svcgen_read_json file member out_var)
  if(NOT EXISTS "${file}")
    message(FATAL_ERROR "svcgen: ${file}: no such file")
  endif()
  file(READ "${file}" text)
  string(JSON value ERROR_VARIABLE problem GET "${text}" ${member})
  if(problem)
    message(FATAL_ERROR "svcgen: ${file}: cannot read \"${member}\" (${problem}); "
                        "`svcgen validate` on the service file explains what is wrong")
  endif()
  set(${out_var} "${value}" PARENT_SCOPE)
endfunction()

# The inputs a service is generated from and the files generated from them (relative to the
# output folder, sorted).
function(svcgen_service_files service_file inputs_var outputs_var)
  get_filename_component(service_file "${service_file}" ABSOLUTE)
  get_filename_component(service_dir "${service_file}" DIRECTORY)
  file(READ "${service_file}" service_text)
  string(JSON model_count ERROR_VARIABLE problem LENGTH "${service_text}" models)
  if(problem)
    message(FATAL_ERROR "svcgen: ${service_file}: cannot read \"models\" (${problem}); "
                        "`svcgen validate` on it explains what is wrong")
  endif()
  string(JSON migrations_dir ERROR_VARIABLE no_migrations GET "${service_text}" migrations)
  if(no_migrations)
    set(migrations_dir migrations)
  endif()

  set(inputs "${service_file}")
  set(outputs ${_svcgen_fixed_outputs})
  if(model_count GREATER 0)
    math(EXPR last "${model_count} - 1")
    foreach(index RANGE ${last})
      string(JSON model_path GET "${service_text}" models ${index})
      get_filename_component(model_file "${model_path}" ABSOLUTE BASE_DIR "${service_dir}")
      _svcgen_read_json("${model_file}" name model_name)
      _svcgen_snake_case("${model_name}" snake)
      list(APPEND inputs "${model_file}")
      list(APPEND outputs src/models/${snake}.hpp src/models/${snake}.cpp
           src/models/${snake}_routes.cpp)
    endforeach()
  endif()
  # The service embeds its migrations. A folder's time changes when a file is added to it, so
  # depending on the folder (or, before it exists, on the service's folder) notices a new
  # migration; a CONFIGURE_DEPENDS glob would too, but would make every build re-check it.
  set(migrations_dir "${service_dir}/${migrations_dir}")
  if(IS_DIRECTORY "${migrations_dir}")
    file(GLOB migration_files "${migrations_dir}/*.sql")
    list(APPEND inputs "${migrations_dir}" ${migration_files})
  else()
    list(APPEND inputs "${service_dir}")
  endif()
  list(SORT outputs)
  set(${inputs_var} "${inputs}" PARENT_SCOPE)
  set(${outputs_var} "${outputs}" PARENT_SCOPE)
endfunction()

function(svcgen_add_service target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "SERVICE;OUTPUT_DIR;TEMPLATES" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "svcgen_add_service: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_SERVICE)
    message(FATAL_ERROR "svcgen_add_service(${target}): SERVICE <service.json> is required")
  endif()
  if(NOT TARGET svcgen::svcgen OR NOT TARGET svcgen::runtime)
    message(FATAL_ERROR "svcgen_add_service: svcgen::svcgen and svcgen::runtime are needed: "
                        "find_package(svcgen) first")
  endif()
  get_filename_component(service_file "${arg_SERVICE}" ABSOLUTE)
  if(NOT arg_OUTPUT_DIR)
    set(arg_OUTPUT_DIR "${target}_generated")
  endif()
  get_filename_component(output_dir "${arg_OUTPUT_DIR}" ABSOLUTE
                         BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")

  svcgen_service_files("${service_file}" inputs outputs)
  # A renamed or added model changes the list of outputs, which only a configure can take in.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${inputs})

  set(template_args "")
  if(arg_TEMPLATES)
    get_filename_component(templates_dir "${arg_TEMPLATES}" ABSOLUTE)
    file(GLOB_RECURSE template_files CONFIGURE_DEPENDS "${templates_dir}/*")
    list(APPEND inputs ${template_files})
    set(template_args --templates "${templates_dir}")
  endif()

  set(expected_file "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/${target}.svcgen-outputs")
  list(JOIN outputs "\n" expected_text)
  file(CONFIGURE OUTPUT "${expected_file}" CONTENT "${expected_text}\n" @ONLY)

  list(TRANSFORM outputs PREPEND "${output_dir}/" OUTPUT_VARIABLE output_paths)
  # svcgen names the service file in headers as it was given, relative to where it runs: run
  # beside it and give only its name, so the output is the same on every machine and is what
  # `svcgen generate service.json` writes when run by hand in that folder.
  get_filename_component(service_dir "${service_file}" DIRECTORY)
  get_filename_component(service_name "${service_file}" NAME)
  add_custom_command(
    OUTPUT ${output_paths}
    COMMAND svcgen::svcgen generate "${service_name}" -o "${output_dir}" --runtime external
            ${template_args}
    COMMAND "${CMAKE_COMMAND}" -D "OUTPUT_DIR=${output_dir}" -D "EXPECTED=${expected_file}"
            -P "${_svcgen_cmake_dir}/svcgenCheckOutputs.cmake"
    DEPENDS ${inputs} "${expected_file}" svcgen::svcgen
            "${_svcgen_cmake_dir}/svcgenCheckOutputs.cmake"
    WORKING_DIRECTORY "${service_dir}"
    COMMENT "Generating ${target} from ${arg_SERVICE}"
    VERBATIM)

  set(sources ${output_paths})
  list(FILTER sources INCLUDE REGEX "\\.(cpp|hpp)$")
  add_executable(${target} ${sources})
  target_include_directories(${target} PRIVATE "${output_dir}/src")
  target_compile_features(${target} PRIVATE cxx_std_20)
  target_link_libraries(${target} PRIVATE svcgen::runtime)
endfunction()
