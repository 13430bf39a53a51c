# `cmake --install` puts the svcgen command, the runtime library with its headers and a CMake
# package under the prefix: find_package(svcgen) gives svcgen::svcgen, svcgen::runtime and
# svcgen_add_service().
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(package_dir ${CMAKE_INSTALL_LIBDIR}/cmake/svcgen)
set_target_properties(svcgen_runtime PROPERTIES EXPORT_NAME runtime)
set_target_properties(svcgen_types PROPERTIES EXPORT_NAME types)
set_target_properties(svcgen_schema_check PROPERTIES EXPORT_NAME schema_check)
install(TARGETS svcgen svcgen_runtime svcgen_types svcgen_schema_check EXPORT svcgenTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT svcgenTargets NAMESPACE svcgen:: DESTINATION ${package_dir})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/svcgenConfig.cmake.in
  ${PROJECT_BINARY_DIR}/svcgenConfig.cmake INSTALL_DESTINATION ${package_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/svcgenConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/svcgenConfig.cmake ${PROJECT_BINARY_DIR}/svcgenConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/svcgenAddService.cmake ${CMAKE_CURRENT_LIST_DIR}/svcgenCheckOutputs.cmake
  DESTINATION ${package_dir})
