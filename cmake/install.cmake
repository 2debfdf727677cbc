# Install layout (cmake --install build --prefix P, and the .deb with P=/usr).
# An installed skr-gen reads nothing from the source tree: presets are found
# relative to the executable (apps/command.cpp: preset_directory).

# The build tree mirrors the installed share/ next to build/skr-gen, so the
# same lookup works there (tests run the built binary).
file(GLOB SKR_PRESETS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/problems/presets/*.ini)
foreach(preset ${SKR_PRESETS})
  get_filename_component(name ${preset} NAME)
  configure_file(${preset} ${CMAKE_BINARY_DIR}/share/skr-gen/presets/${name} COPYONLY)
endforeach()

install(TARGETS skr-gen RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${SKR_PRESETS} DESTINATION ${CMAKE_INSTALL_DATADIR}/skr-gen/presets)
install(FILES ${CMAKE_SOURCE_DIR}/scripts/completion/skr-gen.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME skr-gen)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/scripts/slurm DESTINATION ${CMAKE_INSTALL_DATADIR}/skr-gen)
file(GLOB SKR_PYTHON_SCRIPTS ${CMAKE_SOURCE_DIR}/scripts/python/*.py)
install(PROGRAMS ${SKR_PYTHON_SCRIPTS} DESTINATION ${CMAKE_INSTALL_DATADIR}/skr-gen/python)

# libskr-ksp for other PETSc programs: library, headers, pkg-config file.
install(TARGETS skr-ksp LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${CMAKE_SOURCE_DIR}/src/solve/skr_ksp.h ${CMAKE_SOURCE_DIR}/src/solve/gcrodr.hpp
  ${CMAKE_SOURCE_DIR}/src/solve/rcg.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/skr-ksp)
install(FILES ${CMAKE_BINARY_DIR}/skr-ksp.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The dataset loader as an importable module, in the directory Python
# searches for this prefix (decided at install time: --prefix may differ).
# Debian's Python: the one with python3-h5py (a pyenv python3 on PATH is not).
find_program(SKR_INSTALL_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)
install(CODE "
  execute_process(COMMAND ${SKR_INSTALL_PYTHON3} ${CMAKE_SOURCE_DIR}/cmake/python_sitedir.py
    \"\${CMAKE_INSTALL_PREFIX}\" OUTPUT_VARIABLE sitedir OUTPUT_STRIP_TRAILING_WHITESPACE
    COMMAND_ERROR_IS_FATAL ANY)
  file(INSTALL ${CMAKE_SOURCE_DIR}/scripts/python/skr_dataset.py
    DESTINATION \"\${CMAKE_INSTALL_PREFIX}/\${sitedir}\")")

if(SKR_MAN_PAGES)
  install(DIRECTORY ${SKR_MAN_DIR}/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()
