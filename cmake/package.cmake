# cpack -G DEB (in the build directory): skr-gen_<version>_<arch>.deb installing
# under /usr as cmake --install does. Library dependencies are derived from the
# linked binaries by dpkg-shlibdeps, so a new library (e.g. cairo) needs no
# edit here; Depends lists only what no binary links.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME skr-gen)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "training data for neural operators by Sorting Krylov Recycling (GCRO-DR on PETSc)")
set(CPACK_PACKAGE_CONTACT "skr-gen maintainers <skr-gen@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libskr-ksp ships in the package itself.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${CMAKE_BINARY_DIR})
# mpirun/orted for parallel runs; h5py and numpy for the Python loader.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "openmpi-bin, fonts-dejavu-core, python3, python3-h5py, python3-numpy")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "petsc-dev, python3-torch")
include(CPack)
