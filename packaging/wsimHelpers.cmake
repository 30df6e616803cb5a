# wsimHelpers.cmake — building Winsock programs and testing them under wsim
# from a user's CMake project (included by wsimConfig.cmake).
#
#   wsim_add_program(NAME SOURCES file.c... [OPTIONS compiler-option...])
#       Builds the sources into one program module, NAME.so, in the current
#       build folder, with `wsim cc` (C11 only: wsim cc does not compile C++
#       yet).  NAME becomes a target built by default; its WSIM_MODULE
#       property is the module's path.  OPTIONS go to the compiler
#       (single-dash, one word each: -DNAME=1, -Ifolder, -O2).
#
#   wsim_add_scenario_test(NAME SCENARIO file.json [SEEDS A..B | SEED N]
#                          [OPTIONS run-option...])
#       A CTest test that runs the scenario with `wsim run` (once with the
#       scenario's own seed, or once per seed from A to B) and fails on the
#       first run that does not exit 0, printing that run's output and the
#       command that reproduces it.  The scenario is copied into the current
#       build folder, next to the modules wsim_add_program builds, so its
#       module paths name them ("module": "server.so").  Traces are kept in
#       <build folder>/wsim-traces/NAME/.

set(_WSIM_HELPERS_DIR "${CMAKE_CURRENT_LIST_DIR}")

function(wsim_add_program name)
  cmake_parse_arguments(PARSE_ARGV 1 P "" "" "SOURCES;OPTIONS")
  if(P_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "wsim_add_program(${name}): unexpected arguments: ${P_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT P_SOURCES)
    message(FATAL_ERROR "wsim_add_program(${name}): no SOURCES given")
  endif()
  set(sources "")
  foreach(source IN LISTS P_SOURCES)
    get_filename_component(source "${source}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(source MATCHES "\\.(cc|cp|cpp|cxx|c\\+\\+|C|CPP)$")
      message(FATAL_ERROR "wsim_add_program(${name}): ${source} is C++; "
                          "wsim cc builds C programs only (for now)")
    endif()
    list(APPEND sources "${source}")
  endforeach()
  set(module "${CMAKE_CURRENT_BINARY_DIR}/${name}.so")
  add_custom_command(OUTPUT "${module}"
    COMMAND "${WSIM_EXECUTABLE}" cc -o "${module}" ${P_OPTIONS} ${sources}
    DEPENDS ${sources} "${WSIM_EXECUTABLE}"
    IMPLICIT_DEPENDS C ${sources}
    COMMENT "wsim cc: building program module ${name}.so"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS "${module}")
  set_target_properties(${name} PROPERTIES WSIM_MODULE "${module}")
endfunction()

function(wsim_add_scenario_test name)
  cmake_parse_arguments(PARSE_ARGV 1 T "" "SCENARIO;SEEDS;SEED" "OPTIONS")
  if(T_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "wsim_add_scenario_test(${name}): unexpected arguments: ${T_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT T_SCENARIO)
    message(FATAL_ERROR "wsim_add_scenario_test(${name}): no SCENARIO given")
  endif()
  set(first "")
  set(last "")
  if(DEFINED T_SEED)
    if(NOT T_SEED MATCHES "^[0-9]+$")
      message(FATAL_ERROR "wsim_add_scenario_test(${name}): SEED ${T_SEED}: expected an unsigned integer")
    endif()
    set(first ${T_SEED})
    set(last ${T_SEED})
  elseif(DEFINED T_SEEDS)
    if(NOT T_SEEDS MATCHES "^([0-9]+)\\.\\.([0-9]+)$")
      message(FATAL_ERROR "wsim_add_scenario_test(${name}): SEEDS ${T_SEEDS}: expected FIRST..LAST, e.g. 1..20")
    endif()
    set(first ${CMAKE_MATCH_1})
    set(last ${CMAKE_MATCH_2})
    if(first GREATER last)
      message(FATAL_ERROR "wsim_add_scenario_test(${name}): SEEDS ${T_SEEDS}: the first seed is after the last")
    endif()
  endif()
  get_filename_component(source "${T_SCENARIO}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  get_filename_component(file_name "${source}" NAME)
  set(scenario "${CMAKE_CURRENT_BINARY_DIR}/${file_name}")
  configure_file("${source}" "${scenario}" COPYONLY)
  string(REPLACE ";" "\\;" options "${T_OPTIONS}")
  add_test(NAME ${name}
    COMMAND "${CMAKE_COMMAND}"
            "-DWSIM_EXECUTABLE=${WSIM_EXECUTABLE}"
            "-DWSIM_SCENARIO=${scenario}"
            "-DWSIM_SEED_FIRST=${first}"
            "-DWSIM_SEED_LAST=${last}"
            "-DWSIM_RUN_OPTIONS=${options}"
            "-DWSIM_TRACE_DIR=${CMAKE_CURRENT_BINARY_DIR}/wsim-traces/${name}"
            -P "${_WSIM_HELPERS_DIR}/wsimScenarioTest.cmake"
    WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
endfunction()
