# Test-only: installs the SARIF 2.1.0 schema (npm @microsoft/jest-sarif) and
# the ajv JSON-schema validator, pinned with their sha512 in
# tests/tools/sarif/package-lock.json, into the build tree (never the source
# tree). tests/transcript/sarif_test.cpp validates `check --format sarif`
# output with them through tests/tools/sarif/validate.js.

set(FW_SARIF_SRC_DIR "${PROJECT_SOURCE_DIR}/tests/tools/sarif")
set(FW_SARIF_DIR "${CMAKE_BINARY_DIR}/_sarif")
file(SHA256 "${FW_SARIF_SRC_DIR}/package-lock.json" _fw_sarif_hash)
set(_fw_sarif_stamp "${FW_SARIF_DIR}/.installed-${_fw_sarif_hash}")

if(NOT EXISTS "${_fw_sarif_stamp}")
  find_program(NPM_EXECUTABLE npm)
  if(NOT NPM_EXECUTABLE)
    message(FATAL_ERROR "npm is needed for the SARIF validator of the tests; run scripts/setup.sh")
  endif()
  file(REMOVE_RECURSE "${FW_SARIF_DIR}")
  file(MAKE_DIRECTORY "${FW_SARIF_DIR}")
  configure_file("${FW_SARIF_SRC_DIR}/package.json" "${FW_SARIF_DIR}/package.json" COPYONLY)
  configure_file("${FW_SARIF_SRC_DIR}/package-lock.json" "${FW_SARIF_DIR}/package-lock.json" COPYONLY)
  message(STATUS "Fetching the SARIF schema and validator from the npm registry (npm ci, integrity checked)")
  execute_process(
    COMMAND "${NPM_EXECUTABLE}" ci --ignore-scripts --no-audit --no-fund --loglevel=error
    WORKING_DIRECTORY "${FW_SARIF_DIR}"
    RESULT_VARIABLE _fw_sarif_rc)
  if(NOT _fw_sarif_rc EQUAL 0)
    message(FATAL_ERROR "npm ci for the SARIF validator failed (${_fw_sarif_rc})")
  endif()
  file(TOUCH "${_fw_sarif_stamp}")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${FW_SARIF_SRC_DIR}/package-lock.json")
set(FW_SARIF_NODE_MODULES "${FW_SARIF_DIR}/node_modules")
