# Fetches the tree-sitter Nix grammar from the npm registry (version and
# sha512 pinned in parser/grammar/package-lock.json) and compiles its
# generated parser.c/scanner.c into the static library `nix_grammar`.
# Nothing fetched is ever written into the source tree.

set(FW_GRAMMAR_SRC_DIR "${PROJECT_SOURCE_DIR}/parser/grammar")
set(FW_GRAMMAR_DIR "${CMAKE_BINARY_DIR}/_grammar")
set(FW_GRAMMAR_PKG "${FW_GRAMMAR_DIR}/node_modules/tree-sitter-nix")

file(SHA256 "${FW_GRAMMAR_SRC_DIR}/package-lock.json" _fw_lock_hash)
set(_fw_stamp "${FW_GRAMMAR_DIR}/.installed-${_fw_lock_hash}")

if(NOT EXISTS "${_fw_stamp}" OR NOT EXISTS "${FW_GRAMMAR_PKG}/src/parser.c")
  find_program(NPM_EXECUTABLE npm)
  if(NOT NPM_EXECUTABLE)
    message(FATAL_ERROR "npm is needed to fetch the tree-sitter-nix grammar; run scripts/setup.sh")
  endif()
  file(REMOVE_RECURSE "${FW_GRAMMAR_DIR}")
  file(MAKE_DIRECTORY "${FW_GRAMMAR_DIR}")
  configure_file("${FW_GRAMMAR_SRC_DIR}/package.json" "${FW_GRAMMAR_DIR}/package.json" COPYONLY)
  configure_file("${FW_GRAMMAR_SRC_DIR}/package-lock.json" "${FW_GRAMMAR_DIR}/package-lock.json" COPYONLY)
  message(STATUS "Fetching tree-sitter-nix from the npm registry (npm ci, integrity checked)")
  # --ignore-scripts: the package's node-gyp binding is not wanted; we only
  # compile its C sources.
  execute_process(
    COMMAND "${NPM_EXECUTABLE}" ci --ignore-scripts --no-audit --no-fund --loglevel=error
    WORKING_DIRECTORY "${FW_GRAMMAR_DIR}"
    RESULT_VARIABLE _fw_npm_rc)
  if(NOT _fw_npm_rc EQUAL 0 OR NOT EXISTS "${FW_GRAMMAR_PKG}/src/parser.c")
    message(FATAL_ERROR "npm ci for tree-sitter-nix failed (${_fw_npm_rc})")
  endif()
  file(TOUCH "${_fw_stamp}")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${FW_GRAMMAR_SRC_DIR}/package-lock.json")

add_library(nix_grammar STATIC
  "${FW_GRAMMAR_PKG}/src/parser.c"
  "${FW_GRAMMAR_PKG}/src/scanner.c")
target_include_directories(nix_grammar PRIVATE "${FW_GRAMMAR_PKG}/src")
set_target_properties(nix_grammar PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
# Generated code: its warnings are not ours to fix.
target_compile_options(nix_grammar PRIVATE -w)
