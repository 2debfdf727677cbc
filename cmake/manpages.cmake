# Man pages, generated at build time by help2man from the built binary's own
# --help text, so they cannot drift from it: skr-gen(1) and one
# skr-gen-<command>(1) per command. The sanitized build is never installed.
find_program(SKR_HELP2MAN help2man)
if(SKR_HELP2MAN AND NOT SKR_SANITIZE)
  set(SKR_MAN_PAGES ON)
else()
  set(SKR_MAN_PAGES OFF)
  if(NOT SKR_SANITIZE)
    message(WARNING "help2man not found: no man pages (scripts/install_deps.sh installs it)")
  endif()
  return()
endif()
set(SKR_MAN_DIR ${CMAKE_BINARY_DIR}/share/man/man1)
add_custom_command(OUTPUT ${SKR_MAN_DIR}/skr-gen.1
  COMMAND ${CMAKE_COMMAND} -E env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    bash ${CMAKE_SOURCE_DIR}/cmake/make_manpages.sh ${SKR_HELP2MAN} $<TARGET_FILE:skr-gen> ${SKR_MAN_DIR}
  DEPENDS skr-gen ${CMAKE_SOURCE_DIR}/cmake/make_manpages.sh
  COMMENT "Generating man pages with help2man" VERBATIM)
add_custom_target(manpages ALL DEPENDS ${SKR_MAN_DIR}/skr-gen.1)
