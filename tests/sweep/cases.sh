#!/usr/bin/env bash
# cases.sh — end-to-end cases of scenario assertions, `wsim sweep`,
# `wsim shrink` and the sharding recipe.  One CTest entry per case:
#
#   cases.sh CASE WSIM SRC_DIR
#
# Each case works in a fresh temporary folder, writes the scenarios it runs
# there (with absolute module paths into programs/), and fails with a line
# saying what was expected.  Expected values come from the scenarios and
# the model (README), never from a recorded run.
set -uo pipefail
case_name=$1 wsim=$2 src=$3
programs=$src/programs
work=$(mktemp -d /tmp/wsim-sweep-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
export XDG_CACHE_HOME=$work/cache

fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_rc WANT CMD...: runs CMD (output in out.txt, err.txt), checks its code.
expect_rc() {
  local want=$1; shift
  "$@" >out.txt 2>err.txt
  local rc=$?
  [[ $rc == "$want" ]] || { cat out.txt err.txt >&2; fail "$* exited $rc, expected $want"; }
}
expect_in() { # expect_in FILE TEXT
  grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 does not contain: $2"; }
}

# one_program NAME ARGS_JSON ASSERT_JSON: a scenario running exits_with.c.
one_program() {
  cat >"$1.json" <<JSON
{ "hosts": [ { "name": "a", "address": "10.0.0.1", "programs": [
    { "module": "$programs/exits_with.c", "args": $2 } ] } ],
  "assert": $3 }
JSON
}

# fragile NAME LATITUDE: fragile_recv.c's server and client on one host.
fragile() {
  cat >"$1.json" <<JSON
{ "stop_time": "10s", "latitude": "$2",
  "hosts": [ { "name": "a", "address": "10.0.0.1", "programs": [
      { "module": "$programs/fragile_recv.c", "args": ["server", "7000"] },
      { "module": "$programs/fragile_recv.c", "args": ["client", "127.0.0.1", "7000"],
        "start": "1ms" } ] } ],
  "assert": { "received": [ { "host": "a", "program": 0, "bytes": 2000 } ] } }
JSON
}

# counter NAME EXPLORE_JSON [LATITUDE]: replicated_counter.c's client,
# primary and replica on one switch; the client must print "final 10".
counter() {
  cat >"$1.json" <<JSON
{ "stop_time": "120s", "latitude": "${3:-profile}",
  "hosts": [
    { "name": "client", "address": "10.0.0.1", "programs": [
        { "module": "$programs/replicated_counter.c", "args": ["client", "10.0.0.2", "7000", "10"],
          "start": "100ms" } ] },
    { "name": "primary", "address": "10.0.0.2", "programs": [
        { "module": "$programs/replicated_counter.c", "args": ["primary", "7000", "10.0.0.3", "7001"] } ] },
    { "name": "replica", "address": "10.0.0.3", "programs": [
        { "module": "$programs/replicated_counter.c", "args": ["replica", "7001"] } ] } ],
  "switches": [ { "name": "lan", "hosts": ["client", "primary", "replica"] } ],
  "explore": $2,
  "assert": { "output": [ { "host": "client", "contains": "final 10" } ] } }
JSON
}
partitions='{ "kind": "partition", "count": [0, 2], "at": ["0s", "12s"], "duration": ["1s", "5s"] }'
crash='{ "kind": "crash-restart", "hosts": ["primary"], "at": ["0s", "12s"], "duration": ["1s", "3s"] }'

case $case_name in
assert_exit_code)
  # An exit_codes assertion replaces the rule that every program returns 0.
  one_program exit3 '["3"]' '{ "exit_codes": [ { "host": "a", "code": 3 } ] }'
  expect_rc 0 "$wsim" run exit3.json --quiet --trace t.db
  one_program exit3b '["3"]' '{ "exit_codes": [ { "host": "a", "program": 0, "code": 0 } ] }'
  expect_rc 1 "$wsim" run exit3b.json --quiet --trace t.db
  expect_in err.txt 'the run failed (exit): $.assert.exit_codes[0]: process 0 on host a exited with 3 (return), expected 0'
  ;;
assert_output)
  one_program out '["0"]' '{ "output": [ { "host": "a", "contains": "with 0" } ] }'
  expect_rc 0 "$wsim" run out.json --quiet --trace t.db
  one_program out2 '["0"]' '{ "output": [ { "host": "a", "contains": "with 7" } ] }'
  expect_rc 1 "$wsim" run out2.json --quiet --trace t.db
  expect_in err.txt 'the run failed (assertion): $.assert.output[0]: the programs of host a printed no line containing "with 7"'
  ;;
assert_max_duration)
  # exits_with.c sleeps 5 ms of virtual time before it exits.
  one_program d1 '["0"]' '{ "max_duration": "5ms" }'
  expect_rc 0 "$wsim" run d1.json --quiet --trace t.db
  one_program d2 '["0"]' '{ "max_duration": "4999999ns" }'
  expect_rc 1 "$wsim" run d2.json --quiet --trace t.db
  expect_in err.txt 'the run failed (assertion): $.assert.max_duration: the run ended at 5000000 ns, after 4999999 ns'
  ;;
assert_received)
  # The client sends 2000 bytes; under the profile latitude one recv takes them all.
  fragile fr profile
  expect_rc 0 "$wsim" run fr.json --quiet --trace t.db
  sed 's/"bytes": 2000/"bytes": 2001/' fr.json >fr2.json
  expect_rc 1 "$wsim" run fr2.json --quiet --trace t.db
  expect_in err.txt 'the run failed (assertion): $.assert.received[0]: program 0 of host a received 2000 bytes, expected 2001'
  ;;
assert_violation_default)
  # Every rule but concurrent-send fails a run by default.
  cat >v.json <<JSON
{ "hosts": [ { "name": "a", "address": "10.0.0.1", "programs": [
    { "module": "$programs/closes_socket_handle.c" } ] } ] }
JSON
  expect_rc 1 "$wsim" run v.json --quiet --trace t.db
  expect_in err.txt 'the run failed (violation): violation CloseHandle-socket at'
  ;;
assert_violation_listed)
  # Only the listed rules fail a run; an empty list makes every one informative.
  cat >v.json <<JSON
{ "hosts": [ { "name": "a", "address": "10.0.0.1", "programs": [
    { "module": "$programs/closes_socket_handle.c" } ] } ],
  "assert": { "violations": ["W19", "interleaved"] } }
JSON
  expect_rc 0 "$wsim" run v.json --quiet --trace t.db
  [[ $(sqlite3 t.db "select count(*) from violations where rule = 'CloseHandle-socket'") == 1 ]] ||
    fail "the violation is still recorded"
  ;;
assert_malformed)
  one_program m1 '["0"]' '{ "exit_codes": [ { "host": "b", "code": 0 } ] }'
  expect_rc 2 "$wsim" run m1.json --quiet --trace t.db
  expect_in err.txt 'm1.json: $.assert.exit_codes[0].host: unknown host "b" (expected one of: a)'
  one_program m2 '["0"]' '{ "output": [ { "host": "a", "program": 1, "contains": "x" } ] }'
  expect_rc 2 "$wsim" run m2.json --quiet --trace t.db
  expect_in err.txt 'm2.json: $.assert.output[0].program: expected an integer from 0 to 0, got 1'
  one_program m3 '["0"]' '{ "max_duration": "0s" }'
  expect_rc 2 "$wsim" run m3.json --quiet --trace t.db
  expect_in err.txt 'm3.json: $.assert.max_duration: expected a positive duration such as "5s", got "0s"'
  one_program m4 '["0"]' '{ "violations": ["W 19"] }'
  expect_rc 2 "$wsim" run m4.json --quiet --trace t.db
  expect_in err.txt 'm4.json: $.assert.violations[0]: expected a rule id such as "W19" or "interleaved", got "W 19"'
  one_program m5 '["0"]' '{ "colour": 1 }'
  expect_rc 2 "$wsim" run m5.json --quiet --trace t.db
  expect_in err.txt 'm5.json: $.assert.colour: unknown field (expected one of: exit_codes, output, received, violations, max_duration)'
  one_program m6 '["0"]' '{ "received": [ { "host": "a" } ] }'
  expect_rc 2 "$wsim" run m6.json --quiet --trace t.db
  expect_in err.txt 'm6.json: $.assert.received[0].bytes: missing required field (expected an integer from 0 to 9007199254740991)'
  ;;
sweep_fixed_latitude_passes)
  # Under fifo every choice takes its simplest value: one recv, one message.
  fragile fixed fifo
  expect_rc 0 "$wsim" sweep fixed.json --seeds 1..20 --jobs 2 --out fixed
  [[ $(sqlite3 fixed/summary.db "select count(*) from seeds where outcome = 'pass'") == 20 ]] ||
    fail "every seed passes at fixed latitude"
  [[ -z $(ls fixed | grep wsimtrace) ]] || fail "no trace kept for a passing seed"
  expect_in out.txt '20 seeds (1..20)'
  ;;
sweep_documented_finds_fragile)
  # Under documented a blocking send may be taken in pieces: some seeds
  # split the message, and each of those reproduces and replays.
  fragile doc documented
  expect_rc 1 "$wsim" sweep doc.json --seeds 1..200 --jobs 2 --out doc
  [[ $(sqlite3 doc/summary.db "select count(*) from seeds") == 200 ]] || fail "200 rows"
  failing=$(sqlite3 doc/summary.db "select seed from seeds where outcome != 'pass' order by seed")
  [[ -n $failing ]] || fail "a 200-seed sweep under documented finds the fragile recv"
  [[ $(sqlite3 doc/summary.db "select count(*) from seeds where outcome not in ('pass', 'exit')") == 0 ]] ||
    fail "the only failure is the server's exit code"
  [[ $(ls doc/*.wsimtrace | wc -l) == $(echo "$failing" | wc -l) ]] ||
    fail "traces are kept for the failing seeds only"
  cp out.txt sweep.txt
  for seed in $(echo "$failing" | head -3); do
    expect_in sweep.txt " run doc.json --seed $seed"
    reason=$(sqlite3 doc/summary.db "select reason from seeds where seed = $seed")
    expect_rc 1 "$wsim" run doc.json --seed "$seed" --quiet --trace "r$seed.db"
    expect_in err.txt "the run failed (exit): $reason"
    expect_rc 0 "$wsim" replay "doc/seed-$seed.wsimtrace"
    expect_rc 0 "$wsim" trace compare "doc/seed-$seed.wsimtrace" "r$seed.db"
  done
  ;;
sweep_worker_crash)
  cat >crash.json <<JSON
{ "hosts": [ { "name": "a", "address": "10.0.0.1", "programs": [
    { "module": "$programs/crashes_sometimes.c" } ] } ] }
JSON
  expect_rc 1 "$wsim" sweep crash.json --seeds 1..16 --jobs 2 --out crash
  [[ $(sqlite3 crash/summary.db "select count(*) from seeds") == 16 ]] || fail "every seed has a row"
  crashes=$(sqlite3 crash/summary.db "select count(*) from seeds where outcome = 'crash'")
  passes=$(sqlite3 crash/summary.db "select count(*) from seeds where outcome = 'pass'")
  [[ $crashes -ge 1 && $passes -ge 1 && $((crashes + passes)) == 16 ]] ||
    fail "seeds crash or pass ($crashes crashed, $passes passed)"
  # A sanitizer build reports the bad access itself (README, Crashes).
  [[ $(sqlite3 crash/summary.db "select count(*) from seeds where outcome = 'crash'
        and (reason like '%SIGSEGV in process 0%' or reason like '%sanitizer in process 0%')") == "$crashes" ]] ||
    fail "a crash names its signal and process"
  expect_in out.txt 'crash      the run ended: crash'
  ;;
sweep_keep_traces_and_cache)
  fragile keep fifo
  expect_rc 0 "$wsim" sweep keep.json --seeds 5..7 --keep-traces --out keep
  [[ $(sqlite3 keep/summary.db "select group_concat(trace, ' ') from seeds order by seed") == \
     "seed-5.wsimtrace seed-6.wsimtrace seed-7.wsimtrace" ]] || fail "--keep-traces keeps every trace"
  # One module, built once, cached by content; wsim run finds it there.
  [[ $(ls "$XDG_CACHE_HOME"/wsim/modules/*/fragile_recv.so | wc -l) == 1 ]] || fail "one cached module"
  expect_rc 0 "$wsim" run keep.json --quiet --trace t.db
  [[ $(ls "$XDG_CACHE_HOME"/wsim/modules | wc -l) == 1 ]] || fail "wsim run reuses the cached module"
  ;;
sweep_bad_input)
  fragile b fifo
  expect_rc 2 "$wsim" sweep b.json --seeds 5..1
  expect_in err.txt 'wsim sweep: --seeds: expected a range A..B of unsigned integers with A <= B, got "5..1"'
  expect_rc 2 "$wsim" sweep b.json --seeds 1..5 --shard 0/3
  expect_in err.txt 'wsim sweep: --shard: expected K/N with 1 <= K <= N, got "0/3"'
  expect_rc 2 "$wsim" sweep b.json
  expect_in err.txt 'wsim sweep: --seeds A..B is required'
  expect_rc 2 "$wsim" sweep nope.json --seeds 1..2
  expect_in err.txt 'nope.json: cannot read'
  ;;
sweep_shards_merge)
  # The documented GNU parallel recipe, with local workers (":"), gives
  # the summary of one unsharded sweep in every column but wall_ms.
  fragile sh documented
  "$src/../../tools/cluster/sweep-parallel" -S :,: -n 3 -w "$wsim" par sh.json 1..30 >par.txt 2>&1
  [[ -f par/summary.db ]] || { cat par.txt >&2; fail "the recipe merged the shards"; }
  expect_rc 1 "$wsim" sweep sh.json --seeds 1..30 --out one
  query="select seed, outcome, reason, virtual_ns, events, trace from seeds order by seed;
         select key, value from sweep where key != 'wsim_version' order by key"
  diff <(sqlite3 one/summary.db "$query") <(sqlite3 par/summary.db "$query") ||
    fail "merged shards equal the unsharded sweep"
  for k in 1 2 3; do
    [[ $(sqlite3 "par/shard-$k/summary.db" "select count(*) from seeds where (seed - 1) % 3 != $k - 1") == 0 ]] ||
      fail "shard $k/3 holds its own seeds only"
  done
  expect_rc 2 "$wsim" sweep merge par/shard-1/summary.db par/shard-1/summary.db -o twice.db
  expect_in err.txt 'par/shard-1/summary.db: seed 1 is in an earlier input too'
  [[ ! -e twice.db ]] || fail "a refused merge writes nothing"
  ;;
explore_finds_counter_bug)
  # Without faults, and under any drawn partitions, every increment counts;
  # a drawn crash and restart of the primary loses the ones before it.
  counter fixed '[]'
  expect_rc 0 "$wsim" run fixed.json --quiet --trace fixed.db
  counter parts "[ $partitions ]"
  expect_rc 0 "$wsim" sweep parts.json --seeds 1..10 --jobs 2 --out parts
  counter both "[ $partitions, $crash ]"
  expect_rc 1 "$wsim" sweep both.json --seeds 1..10 --jobs 2 --out both
  seed=$(sqlite3 both/summary.db "select seed from seeds where outcome = 'assertion' order by seed limit 1")
  [[ -n $seed ]] || fail "a drawn crash finds the recovery bug"
  t=both/seed-$seed.wsimtrace
  [[ $(sqlite3 "$t" "select count(*) from choices where what = 'explore-crash-restart' and host = 1") == 1 ]] ||
    fail "the drawn crash is a choices row on the primary"
  crash_at=$(sqlite3 "$t" "select value from choices where what = 'explore-crash-restart'")
  [[ $(sqlite3 "$t" "select count(*) from faults where kind = 'host-crash' and time_ns = $crash_at") == 1 ]] ||
    fail "the crash happens when the choices row says"
  [[ $crash_at -ge 0 && $crash_at -le 12000000000 ]] || fail "the crash is drawn within at"
  expect_rc 1 "$wsim" run both.json --seed "$seed" --quiet --trace r.db
  expect_in err.txt 'the run failed (assertion): $.assert.output[0]: the programs of host client printed no line containing "final 10"'
  expect_rc 0 "$wsim" replay "$t"
  ;;
explore_streams_and_pins)
  # A kind's draws do not move when an entry of another kind goes, and a
  # pinned value moves nothing else.
  counter both "[ $partitions, $crash ]"
  counter alone "[ $crash ]"
  for name in both alone; do
    expect_rc 1 "$wsim" run $name.json --seed 3 --quiet --trace $name.db
  done
  q="select value, low, high from choices where what = 'explore-crash-restart'"
  [[ $(sqlite3 both.db "$q") == $(sqlite3 alone.db "$q") ]] || fail "the crash's draw does not depend on the partitions"
  span="select (select time_ns from faults where kind = 'host-restart') - (select time_ns from faults where kind = 'host-crash')"
  counter pinned '[ { "kind": "crash-restart", "hosts": ["primary"], "at": ["0s", "12s"], "duration": ["1s", "3s"], "draws": [ { "at": "2500ms" } ] } ]'
  expect_rc 1 "$wsim" run pinned.json --seed 3 --quiet --trace pinned.db
  [[ $(sqlite3 pinned.db "select time_ns from faults where kind = 'host-crash'") == 2500000000 ]] || fail "the pinned time"
  [[ $(sqlite3 pinned.db "$span") == $(sqlite3 alone.db "$span") ]] || fail "the duration is still the drawn one"
  [[ $(sqlite3 alone.db "$span") -ge 1000000000 && $(sqlite3 alone.db "$span") -le 3000000000 ]] ||
    fail "the duration is drawn within its bounds"
  ;;
explore_malformed)
  counter m1 '[ { "kind": "meteor", "duration": "1s" } ]'
  expect_rc 2 "$wsim" run m1.json --quiet --trace t.db
  expect_in err.txt 'm1.json: $.explore[0].kind: expected an explore kind (one of: partition, crash-restart, network-down, buffers-exhausted, loss, jitter), got "meteor"'
  counter m2 '[ { "kind": "partition", "duration": ["1s", "0s"] } ]'
  expect_rc 2 "$wsim" run m2.json --quiet --trace t.db
  expect_in err.txt 'm2.json: $.explore[0].duration[1]: expected a positive duration such as "5s", got "0s"'
  counter m3 '[ { "kind": "partition", "duration": ["2s", "1s"] } ]'
  expect_rc 2 "$wsim" run m3.json --quiet --trace t.db
  expect_in err.txt 'm3.json: $.explore[0].duration: expected [min, max] with min <= max, got a larger min'
  counter m4 '[ { "kind": "crash-restart", "hosts": ["nobody"], "duration": "1s" } ]'
  expect_rc 2 "$wsim" run m4.json --quiet --trace t.db
  expect_in err.txt 'm4.json: $.explore[0].hosts[0]: unknown host "nobody" (expected one of: client, primary, replica)'
  counter m5 '[ { "kind": "partition", "count": [3, 1], "duration": "1s" } ]'
  expect_rc 2 "$wsim" run m5.json --quiet --trace t.db
  expect_in err.txt 'm5.json: $.explore[0].count: expected a count from 0 to 1000 or [min, max] such as [0, 2], got an array of 2 elements'
  counter m6 '[ { "kind": "partition" } ]'
  expect_rc 2 "$wsim" run m6.json --quiet --trace t.db
  expect_in err.txt 'm6.json: $.explore[0].duration: missing required field'
  ;;
shrink_to_the_crash)
  # A failing run with drawn partitions and a drawn crash shrinks to the
  # crash and its restart, pinned as faults, under fifo; it still fails.
  counter both "[ $partitions, $crash ]" documented
  expect_rc 1 "$wsim" sweep both.json --seeds 1..10 --jobs 2 --out both
  seed=$(sqlite3 both/summary.db "select seed from seeds where outcome = 'assertion' order by seed" |
    while read -r s; do
      echo "$(sqlite3 "both/seed-$s.wsimtrace" "select count(*) from choices where what = 'explore-partition'") $s"
    done | sort -n | tail -1 | cut -d' ' -f2)
  t=both/seed-$seed.wsimtrace
  [[ $(sqlite3 "$t" "select count(*) from choices where what = 'explore-partition'") -ge 1 ]] ||
    fail "the failing run has a drawn partition besides the crash"
  crash_at=$(sqlite3 "$t" "select value from choices where what = 'explore-crash-restart'")
  restart_at=$(sqlite3 "$t" "select time_ns from faults where kind = 'host-restart'")
  expect_rc 0 "$wsim" shrink "$t" -o small.json
  expect_in out.txt "reproduce: "
  expect_in out.txt " run small.json --seed $seed"
  j() { sqlite3 :memory: "select $1 from (select readfile('small.json') as s)"; }
  [[ $(j "json_type(s, '\$.explore') is null") == 1 ]] || fail "small.json: no explore section"
  [[ $(j "json_extract(s, '\$.latitude')") == fifo ]] || fail "small.json: the latitude lowered to fifo"
  [[ $(j "json(json_extract(s, '\$.faults'))") == \
     "[{\"at\":\"${crash_at}ns\",\"kind\":\"host-crash\",\"host\":\"primary\"},{\"at\":\"${restart_at}ns\",\"kind\":\"host-restart\",\"host\":\"primary\"}]" ]] ||
    fail "small.json: the crash and restart only: $(j "json_extract(s, '\$.faults')")"
  expect_rc 1 "$wsim" run small.json --seed "$seed" --quiet --trace small.db
  expect_in err.txt 'the run failed (assertion): $.assert.output[0]'
  ;;
shrink_keeps_needed_latitude)
  # The fragile recv fails only under documented: shrink keeps it.
  fragile doc documented
  for seed in $(seq 1 20); do
    "$wsim" run doc.json --seed "$seed" --quiet --trace f.db >/dev/null 2>&1 || break
  done
  expect_rc 0 "$wsim" shrink f.db -o small.json
  expect_in out.txt 'latitude: documented kept (under fifo: pass)'
  [[ $(sqlite3 :memory: "select json_extract(readfile('small.json'), '\$.latitude')") == documented ]] ||
    fail "documented kept"
  expect_rc 1 "$wsim" run small.json --seed "$seed" --quiet --trace s.db
  # A passing run has nothing to shrink.
  fragile ok fifo
  expect_rc 0 "$wsim" run ok.json --quiet --trace ok.db
  expect_rc 2 "$wsim" shrink ok.db
  expect_in err.txt 'ok.db: the run does not fail (pass): nothing to shrink'
  ;;
explore_loss)
  # Every packet on the client's port is lost from 2 s to 5 s; the
  # requests are retried, so the run passes; shrink would pin both faults.
  counter lossy '[ { "kind": "loss", "links": ["lan-client"], "loss": 1, "at": "2s", "duration": "3s" } ]'
  expect_rc 0 "$wsim" run lossy.json --seed 4 --quiet --trace l.db
  [[ $(sqlite3 l.db "select group_concat(time_ns || ' ' || target, ', ') from faults where kind = 'link-loss'") == \
     "2000000000 lan-client loss=1, 5000000000 lan-client loss=0" ]] || fail "two link-loss faults"
  [[ $(sqlite3 l.db "select value || ' ' || low || ' ' || high from choices where what = 'explore-loss'") == \
     "2000000000 2000000000 2000000000" ]] || fail "the draw is a choices row"
  drops=$(sqlite3 l.db "select count(*) from segments where event = 'drop' and detail like '%loss'")
  [[ $drops -ge 1 ]] || fail "packets are lost on the link"
  # A lost packet is dropped when it would have arrived: sent while the loss
  # lasted, it arrives at most a latency (1 ms) plus serialization later.
  [[ $(sqlite3 l.db "select count(*) from segments where event = 'drop' and detail like '%loss'
                      and (time_ns < 2000000000 or time_ns > 5002000000)") == 0 ]] ||
    fail "packets are lost only while the loss lasts"
  # The same schedule written as faults (as wsim shrink pins it) runs alike.
  counter written '[]'
  sed 's#"explore": \[\]#"faults": [ { "at": "2s", "kind": "link-loss", "link": ["lan", "client"], "loss": 1 }, { "at": "5s", "kind": "link-loss", "link": ["lan", "client"], "loss": 0 } ]#'     written.json >written2.json
  expect_rc 0 "$wsim" run written2.json --seed 4 --quiet --trace w.db
  q="select time_ns, host, event, detail from segments order by seq"
  [[ $(sqlite3 w.db "$q" | md5sum) == $(sqlite3 l.db "$q" | md5sum) ]] || fail "written link-loss faults run alike"
  counter m '[ { "kind": "loss", "links": ["lan-nobody"], "loss": 1, "duration": "1s" } ]'
  expect_rc 2 "$wsim" run m.json --quiet --trace t.db
  expect_in err.txt 'm.json: $.explore[0].links[0]: unknown link "lan-nobody"'
  counter m2 '[ { "kind": "loss", "duration": "1s" } ]'
  expect_rc 2 "$wsim" run m2.json --quiet --trace t.db
  expect_in err.txt 'm2.json: $.explore[0].loss: missing required field (expected a probability from 0 to 1 such as 0.01)'
  ;;
explore_jitter)
  # 5 ms of jitter on the client's port from 1 s to 3 s: the run is the
  # unjittered one up to 1 s and differs within the window.
  counter plain '[]'
  expect_rc 0 "$wsim" run plain.json --seed 2 --quiet --trace p.db
  counter jit '[ { "kind": "jitter", "links": ["lan-client"], "jitter": "5ms", "at": "1s", "duration": "2s" } ]'
  expect_rc 0 "$wsim" run jit.json --seed 2 --quiet --trace j.db
  [[ $(sqlite3 j.db "select group_concat(time_ns || ' ' || target, ', ') from faults where kind = 'link-jitter'") == \
     "1000000000 lan-client jitter=5000000ns, 3000000000 lan-client jitter=0ns" ]] || fail "two link-jitter faults"
  [[ $(sqlite3 j.db "select detail from choices where what = 'explore-jitter'") == \
     '$.explore[0] occurrence 0 of 1: jitter 5000000 ns on link lan-client at 1000000000 ns for 2000000000 ns' ]] ||
    fail "the draw is a choices row"
  q="select time_ns, host, event, detail from segments where time_ns < 1000000000 order by seq"
  [[ $(sqlite3 j.db "$q" | md5sum) == $(sqlite3 p.db "$q" | md5sum) ]] || fail "nothing changes before the jitter"
  q="select time_ns, host, event from segments where time_ns between 1000000000 and 3000000000 order by seq"
  [[ $(sqlite3 j.db "$q" | md5sum) != $(sqlite3 p.db "$q" | md5sum) ]] || fail "the jitter delays packets"
  ;;
*)
  fail "unknown case $case_name"
  ;;
esac
exit 0
