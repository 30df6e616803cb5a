# wsimScenarioTest.cmake — the test wsim_add_scenario_test() registers
# (cmake -P): runs a scenario once, or once per seed of a range, and stops
# at the first run that does not exit 0 with its output and the command
# that reproduces it.
#
# -D WSIM_EXECUTABLE, WSIM_SCENARIO, WSIM_TRACE_DIR; WSIM_SEED_FIRST and
#    WSIM_SEED_LAST (both empty: the scenario's own seed); WSIM_RUN_OPTIONS
#    (a list of further `wsim run` options).

file(MAKE_DIRECTORY "${WSIM_TRACE_DIR}")
if(WSIM_SEED_FIRST STREQUAL "")
  set(seeds "scenario")
else()
  set(seeds "")
  foreach(seed RANGE ${WSIM_SEED_FIRST} ${WSIM_SEED_LAST})
    list(APPEND seeds ${seed})
  endforeach()
endif()

set(runs 0)
foreach(seed IN LISTS seeds)
  set(command "${WSIM_EXECUTABLE}" run "${WSIM_SCENARIO}")
  if(seed STREQUAL "scenario")
    set(trace "${WSIM_TRACE_DIR}/run.wsimtrace")
  else()
    list(APPEND command --seed ${seed})
    set(trace "${WSIM_TRACE_DIR}/seed-${seed}.wsimtrace")
  endif()
  list(APPEND command --trace "${trace}" ${WSIM_RUN_OPTIONS})
  execute_process(COMMAND ${command} RESULT_VARIABLE status
                  OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT status EQUAL 0)
    list(JOIN command " " shown)
    message("${output}")
    message(FATAL_ERROR "wsim run failed (exit status ${status}).\n"
                        "Reproduce it with:\n  ${shown}\n"
                        "Its trace: ${trace}")
  endif()
  file(REMOVE "${trace}")
  math(EXPR runs "${runs} + 1")
endforeach()
message(STATUS "${runs} run(s) of ${WSIM_SCENARIO} passed")
