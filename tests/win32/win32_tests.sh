#!/bin/sh
# win32_tests.sh WSIM PROGRAMS_DIR CASE — Win32 and CRT programs run through
# `wsim run`, their output lines asserted.  Expected values come from the
# reference pages and wsim's documented model (virtual time from
# 2025-01-01T00:00:00Z, a Wednesday; GetSystemInfo's 4 processors):
#   basics       heaps, FormatMessage, strings, the secure CRT, Interlocked,
#                TLS, SRW locks, condition variables, an abandoned mutex,
#                the system time
#   worker_pool  a semaphore, a mutex-protected queue, Interlocked counters
#   thread_per_address  an SDK-style server (wspiapi.h's getaddrinfo, a
#                thread per bound address, HeapAlloc, StringCbPrintf,
#                FormatMessage on errors) and a client refused on another
#                port, printing the system message
#   unicode_wprintf  UNICODE/_UNICODE: _tmain, _T, wprintf, StringCch*,
#                FormatMessageW
set -eu
wsim=$1 programs=$2 case=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail=0
check() { # check DESCRIPTION ACTUAL EXPECTED
  if [ "$2" != "$3" ]; then printf 'FAIL: %s:\n  got      %s\n  expected %s\n' "$1" "$2" "$3"; fail=1; fi
}
q() { sqlite3 trace.db "$1"; }
run() { # run MODULE
  cat > s.json <<JSON
{ "hosts": [ { "name": "h", "address": "10.0.0.1",
  "programs": [ { "module": "$programs/$1" } ] } ] }
JSON
  rc=0; "$wsim" run s.json --trace trace.db > out.txt 2> err.txt || rc=$?
  check "exit status" "$rc" 0
}
# Output lines joined by '/', a carriage return shown as <CR>.
lines() { q "select group_concat(replace(line, char(13), '<CR>'), '/') from (select line from output order by seq)"; }

case "$case" in
basics)
  run basics.c
  # A line per check; the times: the helper thread sets g_ready after 5 ms
  # and 10 ms of Sleep; the 20 ms condition-variable time-out ends at 30 ms.
  expected="heap: zero=1 size=100/realloc: zero=1 size=200/free: 1"
  expected="$expected/destroy: 1, process heap: 0"
  expected="$expected/message 77: No connection could be made because the target machine actively refused it.|"
  expected="$expected/localfree: NULL/unknown: 0 error=317/inserts: port is 80/FAILED: 1 1"
  expected="$expected/stricmp: 0 strnicmp: 0 lstrlen: 5 lstrcmpi: -1"
  expected="$expected/strncpy_s truncate: 80 'truncat'/sprintf_s: 7 'abcd-42'/_snprintf_s: -1"
  expected="$expected/_itoa_s: -255 ff/sscanf_s: 2 port 8080/interlocked: 6 6 10 1 42"
  expected="$expected/tls index 0: mine/tls in new thread: NULL/srw woken at 5 ms/cs woken at 10 ms"
  expected="$expected/timed out: 0 error=1460 at 30 ms/tls free: 1, again: 0/abandoned: 1, then: 0"
  expected="$expected/processors: 4 page: 4096/date: 2025-01-01 00:00:00.030 dow=3"
  expected="$expected/filetime: 133801632000300000"
  check "output" "$(lines)" "$expected"
  # HeapAlloc 2, FormatMessageA 3, sscanf_s 1, one sleep on the SRW lock,
  # TlsGetValue 2 (two threads), GetSystemInfo 1.
  check "every call recorded" "$(q "select count(*) from calls where function in ('HeapAlloc','FormatMessageA','sscanf_s','SleepConditionVariableSRW','TlsGetValue','GetSystemInfo')")" 10
  check "no violation" "$(q "select count(*) from violations")" 0
  ;;
worker_pool)
  run worker_pool.c
  # Jobs 1..10 sum to 55; ReleaseSemaphore past the maximum fails with
  # ERROR_TOO_MANY_POSTS (298) and leaves *previous alone; releasing a
  # mutex not owned fails with ERROR_NOT_OWNER (288).
  check "output" "$(lines)" \
    "done=10 sum=55/too many posts: 0 error=298 previous=-1/not owner: 0 error=288"
  check "interlocked calls" "$(q "select count(*) from calls where function like 'Interlocked%'")" 20
  ;;
thread_per_address)
  cat > s.json <<JSON
{ "hosts": [
  { "name": "server", "address": "10.0.0.1",
    "programs": [ { "module": "$programs/thread_per_address_server.c" } ] },
  { "name": "client", "address": "10.0.0.2",
    "programs": [ { "module": "$programs/refused_client.c", "start": "1ms" } ] } ],
  "links": [ { "between": ["client", "server"], "latency": "5ms" } ] }
JSON
  rc=0; "$wsim" run s.json --trace trace.db > out.txt 2> err.txt || rc=$?
  check "exit status" "$rc" 0
  # getaddrinfo(NULL, AI_PASSIVE) gives one IPv4 address here; the second
  # bind fails with WSAEADDRINUSE, the refused connect with WSAECONNREFUSED:
  # FormatMessage's texts are Windows' ("\r\n"-terminated without the width
  # mask).
  check "server" "$(q "select group_concat(line, '/') from (select line from output where host = 0 order by seq)")" \
    "listening on 1 address(es)/bind failed: 10048: Only one usage of each socket address (protocol/network address/port) is normally permitted./served 5 bytes: hello"
  check "client" "$(q "select group_concat(replace(line, char(13), '<CR>'), '/') from (select line from output where host = 1 order by seq)")" \
    "connect to 9: error 10061: No connection could be made because the target machine actively refused it.<CR>/reply: echo(5): hello"
  check "recorded calls" "$(q "select group_concat(function, ' ') from (select distinct function from calls where function in ('getaddrinfo','HeapAlloc','FormatMessageA','LocalFree','CreateThread') order by function)")" \
    "CreateThread FormatMessageA HeapAlloc LocalFree getaddrinfo"
  ;;
unicode_wprintf)
  cat > s.json <<JSON
{ "hosts": [ { "name": "h", "address": "10.0.0.1",
  "programs": [ { "module": "$programs/unicode_wprintf.c", "args": ["wörld"] } ] } ] }
JSON
  rc=0; "$wsim" run s.json --trace trace.db > out.txt 2> err.txt || rc=$?
  check "exit status" "$rc" 0
  # argv[0] is the module's name; StringCchCopy into 6 characters keeps 5
  # and reports STRSAFE_E_INSUFFICIENT_BUFFER; ERROR_INVALID_HANDLE's text
  # is 22 characters plus "\r\n".
  check "output" "$(lines)" \
    "unicode_wprintf.c has 1 args (hr=0x00000000)/copy: trunc (insufficient=1)/cat: trunc+more len=10 lstrlen=10/message(24): The handle is invalid.<CR>/grüße wörld"
  ;;
*) echo "unknown case $case"; exit 2 ;;
esac
[ $fail -eq 0 ] || { echo "--- stdout"; cat out.txt; echo "--- stderr"; cat err.txt 2>/dev/null || true; }
exit $fail
