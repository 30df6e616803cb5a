#!/usr/bin/env bash
# install.sh — wsim as a user's project sees it, installed.
#
# Usage: install.sh CASE BUILD_DIR SOURCE_DIR
#   example_project  `cmake --install` into a temporary prefix, then
#                    examples/project built against it twice: with CMake
#                    (find_package(wsim), wsim_add_program, and its scenario
#                    tests run through CTest) and with its Makefile
#                    (pkg-config wsim)
#   deb              `cpack -G DEB`, the package unpacked with dpkg -x into
#                    a temporary root (never installed), its control file's
#                    dependencies, and `wsim --version`, pkg-config and one
#                    scenario (programs compiled on the fly against the
#                    unpacked headers) run from that root
#
# Everything happens in a temporary folder outside the build tree, so the
# installed wsim must find its headers relative to itself (tools/paths.c).
set -u
case_name=$1 build=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
version=$(sed -n 's/^project(wsim VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")

# quietly CMD...: runs CMD, showing its output only when it fails.
quietly() {
  "$@" >"$tmp/log" 2>&1 && return 0
  local status=$?
  cat "$tmp/log" >&2
  fail "$* (exit $status)"
  return $status
}

check_example_project() {
  local prefix=$tmp/prefix
  quietly cmake --install "$build" --prefix "$prefix" || return
  [ -x "$prefix/bin/wsim" ] || fail "no bin/wsim installed"
  [ -f "$prefix/include/wsim/winsock2.h" ] || fail "no include/wsim/winsock2.h installed"
  [ ! -e "$prefix/include/winsock2.h" ] || fail "a Windows header installed next to the system's"

  # CMake: configure, build the two modules, run the scenario tests.
  quietly cmake -S "$src/examples/project" -B "$tmp/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" || return
  quietly cmake --build "$tmp/cmake-build" || return
  [ -f "$tmp/cmake-build/echo_server.so" ] || fail "wsim_add_program built no echo_server.so"
  (cd "$tmp/cmake-build" && ctest --output-on-failure) >"$tmp/ctest.log" 2>&1 ||
    { cat "$tmp/ctest.log" >&2; fail "the example's scenario tests failed"; }
  # The project registers echo.default and echo.seeds (SEEDS 1..5).
  grep -q "100% tests passed, 0 tests failed out of 2" "$tmp/ctest.log" ||
    { cat "$tmp/ctest.log" >&2; fail "the example's CTest did not run its 2 tests"; }

  # A failing scenario test prints the command that reproduces it.
  mkdir -p "$tmp/failing"
  cp "$src/examples/project/"*.[ch] "$tmp/failing/"
  # Its client connects to an address no host has: every seed fails.
  sed 's/"10.0.0.1", "ping/"10.0.0.9", "ping/' "$src/examples/project/echo.json" >"$tmp/failing/bad.json"
  cat >"$tmp/failing/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.18)
project(failing LANGUAGES NONE)
find_package(wsim REQUIRED)
enable_testing()
wsim_add_program(echo_server SOURCES server.c echo_protocol.c)
wsim_add_program(echo_client SOURCES client.c echo_protocol.c)
wsim_add_scenario_test(bad SCENARIO bad.json SEEDS 4..6)
CMAKE
  quietly cmake -S "$tmp/failing" -B "$tmp/failing-build" -DCMAKE_PREFIX_PATH="$prefix" &&
    quietly cmake --build "$tmp/failing-build" || return
  if (cd "$tmp/failing-build" && ctest --output-on-failure) >"$tmp/failing.log" 2>&1; then
    fail "a scenario whose client has no server to reach passed"
  fi
  grep -q "Reproduce it with:" "$tmp/failing.log" &&
    grep -q "wsim run $tmp/failing-build/bad.json --seed 4 --trace" "$tmp/failing.log" ||
    { cat "$tmp/failing.log" >&2; fail "the failing test does not print the run that reproduces it (seed 4)"; }

  # Make: pkg-config finds wsim in the prefix.
  PKG_CONFIG_PATH="$prefix/share/pkgconfig" quietly make -C "$src/examples/project" check \
    BUILD="$tmp/make-build" SEEDS="1 2 3" || return
  grep -q "echo: 3 seeds passed" "$tmp/log" || { cat "$tmp/log" >&2; fail "make check ran no seeds"; }
}

check_deb() {
  quietly cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" || return
  local deb=("$tmp/out"/wsim_"$version"_*.deb)
  [ -f "${deb[0]}" ] || { fail "no wsim_${version}_*.deb in $(ls "$tmp/out")"; return; }
  local depends
  depends=$(dpkg-deb -f "${deb[0]}" Depends)
  for p in libsqlite3-0 libcjson1 gcc libc6-dev; do
    [[ ", $depends," == *", $p"[\ ,]* ]] || fail "the package does not depend on $p: $depends"
  done
  local root=$tmp/root
  quietly dpkg -x "${deb[0]}" "$root" || return
  local wsim=$root/usr/bin/wsim
  [ "$("$wsim" --version)" = "wsim $version" ] || fail "wsim --version: $("$wsim" --version)"
  [ -f "$root/usr/share/cmake/wsim/wsimConfig.cmake" ] || fail "no CMake package in the .deb"
  local pc_wsim
  pc_wsim=$(PKG_CONFIG_PATH="$root/usr/share/pkgconfig" pkg-config --variable=wsim wsim)
  [ "$(realpath "$pc_wsim")" = "$(realpath "$wsim")" ] || fail "pkg-config --variable=wsim: $pc_wsim"

  # One scenario from the unpacked root: its .c programs are compiled by
  # the unpacked wsim cc, against the unpacked headers.
  mkdir -p "$tmp/run"
  cp "$src/scenarios/examples/two-hosts.json" "$src/scenarios/examples/client.c" \
     "$src/scenarios/examples/server.c" "$tmp/run/"
  (cd "$tmp/run" && "$wsim" run two-hosts.json --quiet) >"$tmp/run.log" 2>&1 ||
    { cat "$tmp/run.log" >&2; fail "the unpacked wsim could not run two-hosts.json"; }
  [ ! -s "$tmp/run.log" ] || { cat "$tmp/run.log" >&2; fail "wsim run --quiet printed something"; }
  "$wsim" trace summary "$tmp/run/two-hosts.wsimtrace" >"$tmp/summary.log" 2>&1 ||
    { cat "$tmp/summary.log" >&2; fail "the unpacked wsim cannot read the trace it wrote"; }
}

case "$case_name" in
  example_project) check_example_project ;;
  deb) check_deb ;;
  *) echo "unknown case $case_name" >&2; exit 2 ;;
esac
[ "$failures" -eq 0 ] || { echo "$failures check(s) failed" >&2; exit 1; }
echo "ok: $case_name"
