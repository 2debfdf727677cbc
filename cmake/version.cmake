# cmake -DSOURCE_DIR=... -DOUT=... -DPROJECT_VERSION=... -P version.cmake
# Writes OUT from src/util/version.hpp.in with the current git commit; the file
# is only rewritten when the commit changed, so an unchanged build recompiles
# nothing.
execute_process(COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${SOURCE_DIR}
  OUTPUT_VARIABLE SKR_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT SKR_GIT_COMMIT)
  set(SKR_GIT_COMMIT "unknown")
endif()
configure_file(${SOURCE_DIR}/src/util/version.hpp.in ${OUT} @ONLY)
