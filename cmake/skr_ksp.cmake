# libskr-ksp: our KSP types (GCRO-DR "gcrodr", recycled CG "rcg") as a shared
# library that needs only PETSc and LAPACK, so any PETSc program can link it
# (pkg-config skr-ksp) or load it with -dll_append. skr-gen links it too.
file(GLOB SKR_KSP_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/src/solve/gcrodr*.cpp ${CMAKE_SOURCE_DIR}/src/solve/rcg*.cpp
  ${CMAKE_SOURCE_DIR}/src/solve/skr_ksp.cpp)
add_library(skr-ksp SHARED ${SKR_KSP_SOURCES})
set_target_properties(skr-ksp PROPERTIES VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR})
target_include_directories(skr-ksp PUBLIC ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(skr-ksp PUBLIC PkgConfig::PETSC MPI::MPI_C PRIVATE skr_options ${LAPACK_LIBRARIES})

# Relocatable: prefix is found from the .pc file's own directory, so the same
# file works for any `cmake --install --prefix` and for the .deb.
file(RELATIVE_PATH SKR_PC_TO_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" SKR_PC_TO_PREFIX "${SKR_PC_TO_PREFIX}")
configure_file(${CMAKE_SOURCE_DIR}/cmake/skr-ksp.pc.in ${CMAKE_BINARY_DIR}/skr-ksp.pc @ONLY)
