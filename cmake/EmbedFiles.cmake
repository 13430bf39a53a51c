# svcgen_embed_files(<target> NAMESPACE <ns> BASE_DIR <dir> FILES <f>...)
# Compiles the given files into <target> as a sorted table of {relative name, bytes}, so the
# generator binary carries its templates and never depends on where it was installed from.
set(SVCGEN_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/EmbedFilesScript.cmake")

function(svcgen_embed_files target)
  cmake_parse_arguments(ARG "" "NAMESPACE;BASE_DIR" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cpp")
  list(SORT ARG_FILES)
  string(REPLACE ";" "|" files_arg "${ARG_FILES}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND "${CMAKE_COMMAND}" -DOUT=${out} -DNAMESPACE=${ARG_NAMESPACE}
            -DBASE_DIR=${ARG_BASE_DIR} "-DFILES=${files_arg}" -P "${SVCGEN_EMBED_SCRIPT}"
    DEPENDS ${ARG_FILES} "${SVCGEN_EMBED_SCRIPT}"
    COMMENT "Embedding ${target} files"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
