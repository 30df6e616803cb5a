/* test_scenarios.c — unit tests of the scenario loader (scenarios/).
 *
 * Usage: scenarios_test <case>      runs one case (CTest runs each once)
 *        scenarios_test --count N   checks that N cases were registered
 *
 * Every case runs in a fresh temporary folder that is its working directory,
 * holding empty modules "server.c" and "client.c" and a folder "sub".  An
 * error case writes its JSON there as "scen.json", loads it and compares the
 * whole error line; "{dir}" in an expected line stands for the folder's
 * absolute path.  JSON in this file is written with ' for " to stay
 * readable; it is swapped before writing.
 *
 * The case names are read out of this file by tests/scenarios/CMakeLists.txt
 * (every line starting with four spaces and {"name", in the two tables), so
 * keep one case per line start.
 */
#include "scenarios/scenario.h"
#include "scenarios/units.h"
#include "tests/support/cases.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The smallest valid "hosts" member, and two hosts for the link cases. */
#define HOST_A "{'name': 'a', 'address': '10.0.0.1'}"
#define HOST_B "{'name': 'b', 'address': '10.0.0.2'}"
#define HOSTS_A "'hosts': [" HOST_A "]"
#define HOSTS_AB "'hosts': [" HOST_A ", " HOST_B "]"
#define WITH_LINK(link) "{" HOSTS_AB ", 'links': [" link "]}"
#define WITH_PROGRAM(program)                                                   \
    "{'hosts': [{'name': 'a', 'address': '10.0.0.1', 'programs': [" program "]}]}"
#define DURATION_EXPECTED "expected a non-negative duration such as \"10ms\", got "
#define HOST_NAME_EXPECTED                                                      \
    "expected a host name of letters, digits, '_', '.' and '-' such as \"server\", got "
#define ADDRESS_EXPECTED "expected a dotted-quad IPv4 address such as \"10.0.0.1\", got "
#define LINK_FIELDS                                                             \
    "between, name, latency, bandwidth, queue, queue_bytes, framing_bytes, jitter, loss, "  \
    "duplicate, reorder, reorder_delay"
#define HOSTS_ABC "'hosts': [" HOST_A ", " HOST_B ", {'name': 'c', 'address': '10.0.0.3'}]"
#define WITH_SWITCH(fields) "{" HOSTS_AB ", 'switches': [{" fields "}]}"
#define WITH_FAULT(faults) "{" HOSTS_AB ", 'links': [{'between': ['a', 'b']}], 'faults': [" faults "]}"
#define PROBABILITY_EXPECTED "expected a probability from 0 to 1 such as 0.01, got "
#define SWITCH_FIELDS                                                            \
    "name, hosts, latency, bandwidth, queue, queue_bytes, framing_bytes, jitter, loss, "  \
    "duplicate, reorder, reorder_delay"
#define KINDS_EXPECTED                                                            \
    "a fault kind (one of: link-down, link-up, partition, heal, host-crash, host-restart, " \
    "network-down, network-up, buffers-exhausted, buffers-available, link-loss, link-jitter)"
#define LINK_REF_EXPECTED "a link's name, or its two ends such as [\"a\", \"b\"]"
#define TOP_FIELDS "seed, stop_time, latitude, trace_payloads, tcp, loopback, hosts, links, switches, faults, budgets, assert, explore"

/* 16 levels of arrays: four make the 64 a scenario may nest, plus the top. */
#define DEEP16 "[[[[[[[[[[[[[[[["

typedef struct error_case {
    const char *name;
    const char *json;
    const char *expected;   /* without the "scen.json: " prefix */
} error_case;

static const error_case error_cases[] = {
    /* Not JSON at all. */
    {"bad_json", "{\n  'seed': 1,\n  'hosts': [,]\n}", "line 3, column 13: invalid JSON"},
    {"bad_json_empty", "", "line 1, column 1: invalid JSON"},
    {"bad_json_trailing", "{" HOSTS_A "}\n\n  x", "line 3, column 3: invalid JSON"},
    {"bad_json_unterminated", "{\n 'hosts': [\n", "line 3, column 1: invalid JSON"},
    /* Accepted by cJSON, refused by the strict check (scenarios/json_strict.h). */
    {"strict_nul_escape", "{'hosts': [{'name': 'a\\u0000b', 'address': '10.0.0.1'}]}",
     "line 1, column 23: \\u0000 (a NUL character) inside a string is not allowed"},
    {"strict_leading_zero", "{'seed': 007, " HOSTS_A "}",
     "line 1, column 10: a number with a leading zero (JSON numbers do not start with 0)"},
    {"strict_negative_leading_zero", "{'seed': -01, " HOSTS_A "}",
     "line 1, column 10: a number with a leading zero (JSON numbers do not start with 0)"},
    {"strict_control_in_string", "{'hosts': [{'name': 'a\tb', 'address': '10.0.0.1'}]}",
     "line 1, column 23: raw control byte 0x09 inside a string (write it as \\u0009)"},
    {"strict_control_outside", "{\x01" HOSTS_A "}",
     "line 1, column 2: raw control byte 0x01 outside a string"},
    {"strict_second_bom", "\xEF\xBB\xBF\xEF\xBB\xBF{" HOSTS_A "}",
     "line 1, column 1: a second byte order mark (at most one may start the file)"},
    {"strict_too_deep", "{'tcp': " DEEP16 DEEP16 DEEP16 DEEP16 "}",
     "line 1, column 72: nesting deeper than 64 arrays and objects"},
    {"budget_zero_cpu", "{" HOSTS_A ", 'budgets': {'cpu_without_yield': 0}}",
     "$.budgets.cpu_without_yield: expected a positive duration such as \"10s\", got 0"},
    {"budget_unknown", "{" HOSTS_A ", 'budgets': {'disk': 1}}",
     "$.budgets.disk: unknown field (expected one of: cpu_without_yield, wall_clock,"
     " memory_per_program, memory_per_run, output_per_program, trace)"},
    {"root_not_object", "[]", "$: expected an object, got an empty array"},

    /* Unknown and repeated fields. */
    {"unknown_top", "{'colour': 1, " HOSTS_A "}",
     "$.colour: unknown field (expected one of: " TOP_FIELDS ")"},
    {"unknown_top_case", "{'Seed': 1, " HOSTS_A "}",
     "$.Seed: unknown field (expected one of: " TOP_FIELDS ")"},
    {"unknown_odd_key", "{'my key': 1, " HOSTS_A "}",
     "$[\"my key\"]: unknown field (expected one of: " TOP_FIELDS ")"},
    {"unknown_host", "{'hosts': [" HOST_A ", {'name': 'b', 'colour': 'red'}]}",
     "$.hosts[1].colour: unknown field (expected one of: name, address, mtu, profile, max_overlapped, programs)"},
    {"unknown_link", WITH_LINK("{'between': ['a', 'b'], 'mtu': 0}"),
     "$.links[0].mtu: unknown field (expected one of: " LINK_FIELDS ")"},
    {"unknown_tcp", "{'tcp': {'mss': 1000, 'ecn': false}, " HOSTS_A "}",
     "$.tcp.ecn: unknown field (expected one of: mss, header_bytes, sndbuf, rcvbuf, "
     "delayed_ack, delayed_ack_timeout, delayed_ack_segments, congestion_control, initial_cwnd, "
     "min_rto, sack, timestamps, nagle, dupack_threshold, max_retransmissions, "
     "max_syn_retransmissions, keepalive_time, keepalive_interval, keepalive_probes, "
     "time_wait)"},
    {"tcp_sack_number", "{'tcp': {'sack': 1}, " HOSTS_A "}", "$.tcp.sack: expected true or false, got 1"},
    {"tcp_max_retransmissions_zero", "{'tcp': {'max_retransmissions': 0}, " HOSTS_A "}",
     "$.tcp.max_retransmissions: expected a positive integer such as 5, got 0"},
    {"tcp_keepalive_time_zero", "{'tcp': {'keepalive_time': '0s'}, " HOSTS_A "}",
     "$.tcp.keepalive_time: expected a positive duration such as \"7200s\", got \"0s\""},
    {"tcp_keepalive_probes_fraction", "{'tcp': {'keepalive_probes': 2.5}, " HOSTS_A "}",
     "$.tcp.keepalive_probes: expected a positive integer such as 10, got 2.5"},
    {"unknown_loopback", "{'loopback': {'mtu': 1500, 'queue': 5}, " HOSTS_A "}",
     "$.loopback.queue: unknown field (expected one of: latency, bandwidth, mtu)"},
    {"unknown_program", WITH_PROGRAM("{'module': 'server.c', 'argv': []}"),
     "$.hosts[0].programs[0].argv: unknown field (expected one of: module, args, start)"},
    {"duplicate_field", "{'seed': 1, 'seed': 2, " HOSTS_A "}",
     "$.seed: duplicate field (each field may appear once)"},

    /* Top-level scalars. */
    {"seed_fraction", "{'seed': 1.5, " HOSTS_A "}",
     "$.seed: expected a non-negative integer such as 42, got 1.5"},
    {"seed_string", "{'seed': '42', " HOSTS_A "}",
     "$.seed: expected a non-negative integer such as 42, got \"42\""},
    {"seed_negative", "{'seed': -1, " HOSTS_A "}",
     "$.seed: expected a non-negative integer such as 42, got -1"},
    {"seed_imprecise", "{'seed': 9007199254740993, " HOSTS_A "}",
     "$.seed: expected a non-negative integer such as 42, got 9007199254740992 "
     "(JSON numbers above 9007199254740991 are not exact)"},
    {"seed_null", "{'seed': null, " HOSTS_A "}",
     "$.seed: expected a non-negative integer such as 42, got null"},
    {"stop_time_zero", "{'stop_time': '0s', " HOSTS_A "}",
     "$.stop_time: expected a positive duration such as \"60s\", got \"0s\""},

    /* Durations, all as a link latency. */
    {"duration_negative", WITH_LINK("{'between': ['a', 'b'], 'latency': '-5ms'}"),
     "$.links[0].latency: " DURATION_EXPECTED "\"-5ms\""},
    {"duration_negative_number", WITH_LINK("{'between': ['a', 'b'], 'latency': -5}"),
     "$.links[0].latency: " DURATION_EXPECTED "-5"},
    {"duration_no_unit", WITH_LINK("{'between': ['a', 'b'], 'latency': '10'}"),
     "$.links[0].latency: " DURATION_EXPECTED "\"10\" (missing unit: ns, us, ms, s)"},
    {"duration_only_unit", WITH_LINK("{'between': ['a', 'b'], 'latency': 'ms'}"),
     "$.links[0].latency: " DURATION_EXPECTED "\"ms\""},
    {"duration_two_points", WITH_LINK("{'between': ['a', 'b'], 'latency': '1.2.3s'}"),
     "$.links[0].latency: " DURATION_EXPECTED "\"1.2.3s\""},
    {"duration_minus_seconds", WITH_LINK("{'between': ['a', 'b'], 'latency': '-1s'}"),
     "$.links[0].latency: " DURATION_EXPECTED "\"-1s\""},
    {"duration_overflow",
     WITH_LINK("{'between': ['a', 'b'], 'latency': '99999999999999999999s'}"),
     "$.links[0].latency: " DURATION_EXPECTED
     "\"99999999999999999999s\" (too large: at most 9223372036854775807ns)"},
    {"duration_overflow_just", WITH_LINK("{'between': ['a', 'b'], 'latency': '9223372036.854775808s'}"),
     "$.links[0].latency: " DURATION_EXPECTED
     "\"9223372036.854775808s\" (too large: at most 9223372036854775807ns)"},
    {"duration_sub_ns", WITH_LINK("{'between': ['a', 'b'], 'latency': '1.5ns'}"),
     "$.links[0].latency: " DURATION_EXPECTED "\"1.5ns\" (finer than 1ns)"},
    {"duration_unknown_unit", WITH_LINK("{'between': ['a', 'b'], 'latency': '10min'}"),
     "$.links[0].latency: " DURATION_EXPECTED
     "\"10min\" (unknown unit \"min\"; units: ns, us, ms, s)"},
    {"duration_space", WITH_LINK("{'between': ['a', 'b'], 'latency': '10 ms'}"),
     "$.links[0].latency: " DURATION_EXPECTED "\"10 ms\""},
    {"duration_fraction_number", WITH_LINK("{'between': ['a', 'b'], 'latency': 1.5}"),
     "$.links[0].latency: " DURATION_EXPECTED "1.5 (a number counts whole nanoseconds)"},
    {"duration_bool", WITH_LINK("{'between': ['a', 'b'], 'latency': true}"),
     "$.links[0].latency: " DURATION_EXPECTED "true"},

    /* Bandwidths and sizes. */
    {"bandwidth_zero", WITH_LINK("{'between': ['a', 'b'], 'bandwidth': '0Mbit/s'}"),
     "$.links[0].bandwidth: expected a positive bandwidth such as \"10Mbit/s\", got \"0Mbit/s\""},
    {"bandwidth_zero_number", WITH_LINK("{'between': ['a', 'b'], 'bandwidth': 0}"),
     "$.links[0].bandwidth: expected a positive bandwidth such as \"10Mbit/s\", got 0"},
    {"bandwidth_lowercase_m", WITH_LINK("{'between': ['a', 'b'], 'bandwidth': '10mbps'}"),
     "$.links[0].bandwidth: expected a positive bandwidth such as \"10Mbit/s\", got \"10mbps\" "
     "(unknown unit \"mbps\"; units: bit/s, kbit/s, Mbit/s, Gbit/s, bps, kbps, Mbps, Gbps)"},
    {"bandwidth_fractional_bit", WITH_LINK("{'between': ['a', 'b'], 'bandwidth': '1.5bps'}"),
     "$.links[0].bandwidth: expected a positive bandwidth such as \"10Mbit/s\", got \"1.5bps\" "
     "(finer than 1bit/s)"},
    {"queue_zero", WITH_LINK("{'between': ['a', 'b'], 'queue': 0}"),
     "$.links[0].queue: expected a positive integer such as 100, got 0"},
    {"queue_string", WITH_LINK("{'between': ['a', 'b'], 'queue': '100'}"),
     "$.links[0].queue: expected a positive integer such as 100, got \"100\""},
    {"size_too_large", "{'tcp': {'sndbuf': 4294967296}, " HOSTS_A "}",
     "$.tcp.sndbuf: expected a non-negative size in bytes such as 65536 or \"64KiB\", "
     "got 4294967296 (at most 4294967295)"},
    {"size_string_too_large", "{'tcp': {'rcvbuf': '4GiB'}, " HOSTS_A "}",
     "$.tcp.rcvbuf: expected a non-negative size in bytes such as 65536 or \"64KiB\", "
     "got \"4GiB\" (too large: at most 4294967295B)"},
    {"size_fraction", "{'tcp': {'sndbuf': '1.5KiB'}, " HOSTS_A "}",
     "$.tcp.sndbuf: expected a non-negative size in bytes such as 65536 or \"64KiB\", "
     "got \"1.5KiB\" (sizes take whole numbers)"},
    {"mss_zero", "{'tcp': {'mss': 0}, " HOSTS_A "}",
     "$.tcp.mss: expected a positive size in bytes such as 1460, got 0"},
    {"bool_as_number", "{'tcp': {'delayed_ack': 1}, " HOSTS_A "}",
     "$.tcp.delayed_ack: expected true or false, got 1"},
    {"min_rto_zero", "{'tcp': {'min_rto': 0}, " HOSTS_A "}",
     "$.tcp.min_rto: expected a positive duration such as \"300ms\", got 0"},
    {"tcp_not_object", "{'tcp': 5, " HOSTS_A "}", "$.tcp: expected an object, got 5"},
    {"mtu_below_headers", "{'loopback': {'mtu': 40}, " HOSTS_A "}",
     "$.loopback.mtu: expected more than tcp.header_bytes (40), got 40"},
    {"headers_above_mtu", "{'tcp': {'header_bytes': 65535}, " HOSTS_A "}",
     "$.tcp.header_bytes: expected less than loopback.mtu (65535), got 65535"},

    /* Hosts. */
    {"hosts_missing", "{'seed': 3}",
     "$.hosts: missing required field (expected a non-empty array of hosts)"},
    {"hosts_empty", "{'hosts': []}", "$.hosts: expected a non-empty array of hosts, got an empty array"},
    {"hosts_object", "{'hosts': {'name': 'a'}}",
     "$.hosts: expected a non-empty array of hosts, got an object"},
    {"host_not_object", "{'hosts': ['a']}", "$.hosts[0]: expected an object, got \"a\""},
    {"host_name_missing", "{'hosts': [{'address': '10.0.0.1'}]}",
     "$.hosts[0].name: missing required field (expected a host name of letters, digits, "
     "'_', '.' and '-' such as \"server\")"},
    {"host_name_number", "{'hosts': [{'name': 5, 'address': '10.0.0.1'}]}",
     "$.hosts[0].name: " HOST_NAME_EXPECTED "5"},
    {"host_name_empty", "{'hosts': [{'name': '', 'address': '10.0.0.1'}]}",
     "$.hosts[0].name: " HOST_NAME_EXPECTED "\"\""},
    {"host_name_space", "{'hosts': [{'name': 'a b', 'address': '10.0.0.1'}]}",
     "$.hosts[0].name: " HOST_NAME_EXPECTED "\"a b\""},
    {"host_name_duplicate", "{'hosts': [" HOST_A ", {'name': 'a', 'address': '10.0.0.2'}]}",
     "$.hosts[1].name: duplicate host name \"a\" (first at $.hosts[0].name)"},
    {"address_missing", "{'hosts': [{'name': 'a'}]}",
     "$.hosts[0].address: missing required field (expected a dotted-quad IPv4 address such as "
     "\"10.0.0.1\")"},
    {"address_duplicate", "{'hosts': [" HOST_A ", {'name': 'b', 'address': '10.0.0.1'}]}",
     "$.hosts[1].address: duplicate address \"10.0.0.1\" (first at $.hosts[0].address)"},
    {"address_three_parts", "{'hosts': [{'name': 'a', 'address': '10.0.0'}]}",
     "$.hosts[0].address: " ADDRESS_EXPECTED "\"10.0.0\""},
    {"address_part_too_big", "{'hosts': [{'name': 'a', 'address': '10.0.0.256'}]}",
     "$.hosts[0].address: " ADDRESS_EXPECTED "\"10.0.0.256\""},
    {"address_leading_zero", "{'hosts': [{'name': 'a', 'address': '010.0.0.1'}]}",
     "$.hosts[0].address: " ADDRESS_EXPECTED "\"010.0.0.1\""},
    {"address_trailing", "{'hosts': [{'name': 'a', 'address': '10.0.0.1 '}]}",
     "$.hosts[0].address: " ADDRESS_EXPECTED "\"10.0.0.1 \""},
    {"address_name", "{'hosts': [{'name': 'a', 'address': 'localhost'}]}",
     "$.hosts[0].address: " ADDRESS_EXPECTED "\"localhost\""},
    {"address_number", "{'hosts': [{'name': 'a', 'address': 167772161}]}",
     "$.hosts[0].address: " ADDRESS_EXPECTED "167772161"},
    {"address_unspecified", "{'hosts': [{'name': 'a', 'address': '0.0.0.0'}]}",
     "$.hosts[0].address: expected an address other than 0.0.0.0, got \"0.0.0.0\""},
    {"address_loopback", "{'hosts': [{'name': 'a', 'address': '127.0.0.2'}]}",
     "$.hosts[0].address: expected an address outside 127.0.0.0/8 (loopback is implicit on "
     "every host), got \"127.0.0.2\""},

    /* Programs. */
    {"programs_string", "{'hosts': [{'name': 'a', 'address': '10.0.0.1', 'programs': 'x'}]}",
     "$.hosts[0].programs: expected an array of programs, got \"x\""},
    {"module_missing_field", WITH_PROGRAM("{'start': '1ms'}"),
     "$.hosts[0].programs[0].module: missing required field (expected a module file such as "
     "\"server.c\")"},
    {"module_not_found", WITH_PROGRAM("{'module': 'server.c'}, {'module': 'nope.c'}"),
     "$.hosts[0].programs[1].module: file \"nope.c\" not found (looked in {dir}/nope.c)"},
    {"module_not_found_in_folder", WITH_PROGRAM("{'module': './sub/../sub/nope.c'}"),
     "$.hosts[0].programs[0].module: file \"./sub/../sub/nope.c\" not found "
     "(looked in {dir}/sub/../sub/nope.c)"},
    {"module_folder", WITH_PROGRAM("{'module': 'sub'}"),
     "$.hosts[0].programs[0].module: expected a regular file, got a folder ({dir}/sub)"},
    {"module_empty", WITH_PROGRAM("{'module': ''}"),
     "$.hosts[0].programs[0].module: expected a module file such as \"server.c\", got \"\""},
    {"args_object", WITH_PROGRAM("{'module': 'server.c', 'args': {'a': 1}}"),
     "$.hosts[0].programs[0].args: expected an array of strings, got an object"},
    {"args_number", WITH_PROGRAM("{'module': 'server.c', 'args': ['x', 5]}"),
     "$.hosts[0].programs[0].args[1]: expected a string, got 5"},
    {"start_negative", WITH_PROGRAM("{'module': 'server.c', 'start': '-1ms'}"),
     "$.hosts[0].programs[0].start: expected a non-negative duration such as \"1ms\", "
     "got \"-1ms\""},

    /* Links. */
    {"links_object", "{" HOSTS_AB ", 'links': {}}", "$.links: expected an array of links, got an object"},
    {"link_between_missing", WITH_LINK("{'latency': '1ms'}"),
     "$.links[0].between: missing required field (expected an array of two host names)"},
    {"link_between_three", WITH_LINK("{'between': ['a', 'b', 'a']}"),
     "$.links[0].between: expected an array of two host names, got an array of 3 elements"},
    {"link_between_string", WITH_LINK("{'between': 'a'}"),
     "$.links[0].between: expected an array of two host names, got \"a\""},
    {"link_between_number", WITH_LINK("{'between': ['a', 2]}"),
     "$.links[0].between[1]: expected a host name, got 2"},
    {"link_unknown_host", WITH_LINK("{'between': ['a', 'c']}"),
     "$.links[0].between[1]: unknown host \"c\" (expected one of: a, b)"},
    {"link_itself", WITH_LINK("{'between': ['a', 'a']}"),
     "$.links[0].between: expected two different hosts, got \"a\" twice"},
    {"link_duplicate", WITH_LINK("{'between': ['a', 'b']}, {'between': ['b', 'a']}"),
     "$.links[1].between: duplicate link between \"b\" and \"a\" (first at $.links[0].between)"},

    /* Link impairments, queues and names. */
    {"link_loss_above_one", WITH_LINK("{'between': ['a', 'b'], 'loss': 1.5}"),
     "$.links[0].loss: " PROBABILITY_EXPECTED "1.5"},
    {"link_loss_negative", WITH_LINK("{'between': ['a', 'b'], 'loss': -0.01}"),
     "$.links[0].loss: " PROBABILITY_EXPECTED "-0.01"},
    {"link_loss_percent", WITH_LINK("{'between': ['a', 'b'], 'loss': '1%'}"),
     "$.links[0].loss: " PROBABILITY_EXPECTED "\"1%\""},
    {"link_duplicate_above_one", WITH_LINK("{'between': ['a', 'b'], 'duplicate': 2}"),
     "$.links[0].duplicate: " PROBABILITY_EXPECTED "2"},
    {"link_reorder_negative", WITH_LINK("{'between': ['a', 'b'], 'reorder': -1}"),
     "$.links[0].reorder: " PROBABILITY_EXPECTED "-1"},
    {"link_jitter_negative", WITH_LINK("{'between': ['a', 'b'], 'jitter': '-1ms'}"),
     "$.links[0].jitter: expected a non-negative duration such as \"2ms\", got \"-1ms\""},
    {"link_reorder_delay_negative", WITH_LINK("{'between': ['a', 'b'], 'reorder_delay': -1}"),
     "$.links[0].reorder_delay: expected a non-negative duration such as \"1ms\", got -1"},
    {"link_framing_negative", WITH_LINK("{'between': ['a', 'b'], 'framing_bytes': -2}"),
     "$.links[0].framing_bytes: expected a non-negative size in bytes such as 2, got -2"},
    {"link_queue_bytes_zero", WITH_LINK("{'between': ['a', 'b'], 'queue_bytes': 0}"),
     "$.links[0].queue_bytes: expected a positive size in bytes such as 65536 or \"64KiB\", got 0"},
    {"link_queue_and_bytes", WITH_LINK("{'between': ['a', 'b'], 'queue': 10, 'queue_bytes': 3000}"),
     "$.links[0].queue_bytes: expected no queue_bytes beside queue (a queue counts packets or "
     "bytes), got 3000"},
    {"link_name_space", WITH_LINK("{'between': ['a', 'b'], 'name': 'w a n'}"),
     "$.links[0].name: expected a link name of letters, digits, '_', '.' and '-' such as "
     "\"wan\", got \"w a n\""},
    {"link_name_duplicate",
     "{" HOSTS_ABC ", 'links': [{'between': ['a', 'b'], 'name': 'x'}, "
     "{'between': ['b', 'c'], 'name': 'x'}]}",
     "$.links[1].name: duplicate link name \"x\" (first at $.links[0].name)"},
    {"host_mtu_small", "{'hosts': [{'name': 'a', 'address': '10.0.0.1', 'mtu': 67}]}",
     "$.hosts[0].mtu: expected at least 68 (the IPv4 minimum of 68, and more than "
     "tcp.header_bytes 40), got 67"},
    {"host_mtu_below_headers",
     "{'tcp': {'header_bytes': 100}, 'hosts': [{'name': 'a', 'address': '10.0.0.1', 'mtu': 100}]}",
     "$.hosts[0].mtu: expected at least 101 (the IPv4 minimum of 68, and more than "
     "tcp.header_bytes 100), got 100"},
    {"host_mtu_zero", "{'hosts': [{'name': 'a', 'address': '10.0.0.1', 'mtu': 0}]}",
     "$.hosts[0].mtu: expected a positive size in bytes such as 1500, got 0"},

    /* Profiles and latitudes (send contract, Profiles). */
    {"host_profile_unknown", "{'hosts': [{'name': 'a', 'address': '10.0.0.1', 'profile': 'win10'}]}",
     "$.hosts[0].profile: expected a profile (one of: windows, win9x, wince), got \"win10\""},
    {"host_profile_case", "{'hosts': [{'name': 'a', 'address': '10.0.0.1', 'profile': 'Windows'}]}",
     "$.hosts[0].profile: expected a profile (one of: windows, win9x, wince), got \"Windows\""},
    {"host_profile_number", "{'hosts': [" HOST_A ", {'name': 'b', 'address': '10.0.0.2', 'profile': 95}]}",
     "$.hosts[1].profile: expected a profile (one of: windows, win9x, wince), got 95"},
    {"host_profile_null", "{'hosts': [{'name': 'a', 'address': '10.0.0.1', 'profile': null}]}",
     "$.hosts[0].profile: expected a profile (one of: windows, win9x, wince), got null"},
    {"latitude_unknown", "{'latitude': 'random', " HOSTS_A "}",
     "$.latitude: expected a latitude (one of: profile, documented, fifo), got \"random\""},
    {"latitude_profile_name", "{'latitude': 'windows', " HOSTS_A "}",
     "$.latitude: expected a latitude (one of: profile, documented, fifo), got \"windows\""},
    {"latitude_not_string", "{'latitude': ['fifo'], " HOSTS_A "}",
     "$.latitude: expected a latitude (one of: profile, documented, fifo), got an array of 1 element"},
    {"latitude_duplicate", "{'latitude': 'fifo', 'latitude': 'fifo', " HOSTS_A "}",
     "$.latitude: duplicate field (each field may appear once)"},

    /* Switches. */
    {"switches_object", "{" HOSTS_AB ", 'switches': {}}",
     "$.switches: expected an array of switches, got an object"},
    {"switch_not_object", "{" HOSTS_AB ", 'switches': ['lan']}",
     "$.switches[0]: expected an object, got \"lan\""},
    {"switch_unknown_field", WITH_SWITCH("'name': 'lan', 'hosts': ['a'], 'address': '10.0.0.9'"),
     "$.switches[0].address: unknown field (expected one of: " SWITCH_FIELDS ")"},
    {"switch_name_missing", WITH_SWITCH("'hosts': ['a']"),
     "$.switches[0].name: missing required field (expected a switch name of letters, digits, "
     "'_', '.' and '-' such as \"lan\")"},
    {"switch_name_host", WITH_SWITCH("'name': 'b', 'hosts': ['a']"),
     "$.switches[0].name: duplicate name \"b\" (first at $.hosts[1].name; hosts and switches "
     "share names)"},
    {"switch_name_duplicate",
     "{" HOSTS_AB ", 'switches': [{'name': 's', 'hosts': ['a']}, {'name': 's', 'hosts': ['b']}]}",
     "$.switches[1].name: duplicate name \"s\" (first at $.switches[0].name; hosts and switches "
     "share names)"},
    {"switch_hosts_missing", WITH_SWITCH("'name': 'lan'"),
     "$.switches[0].hosts: missing required field (expected a non-empty array of host names)"},
    {"switch_hosts_empty", WITH_SWITCH("'name': 'lan', 'hosts': []"),
     "$.switches[0].hosts: expected a non-empty array of host names, got an empty array"},
    {"switch_host_unknown", WITH_SWITCH("'name': 'lan', 'hosts': ['a', 'z']"),
     "$.switches[0].hosts[1]: unknown host \"z\" (expected one of: a, b)"},
    {"switch_host_twice", WITH_SWITCH("'name': 'lan', 'hosts': ['a', 'b', 'a']"),
     "$.switches[0].hosts[2]: host \"a\" listed twice (first at $.switches[0].hosts[0])"},
    {"switch_loss_above_one", WITH_SWITCH("'name': 'lan', 'hosts': ['a'], 'loss': 1.01"),
     "$.switches[0].loss: " PROBABILITY_EXPECTED "1.01"},
    {"switch_bandwidth_zero", WITH_SWITCH("'name': 'lan', 'hosts': ['a'], 'bandwidth': 0"),
     "$.switches[0].bandwidth: expected a positive bandwidth such as \"10Mbit/s\", got 0"},
    {"switch_queue_and_bytes",
     WITH_SWITCH("'name': 'lan', 'hosts': ['a'], 'queue_bytes': '64KiB', 'queue': 5"),
     "$.switches[0].queue_bytes: expected no queue_bytes beside queue (a queue counts packets or "
     "bytes), got \"64KiB\""},

    /* Faults. */
    {"faults_object", "{" HOSTS_AB ", 'faults': {'at': '1s'}}",
     "$.faults: expected an array of faults, got an object"},
    {"fault_not_object", WITH_FAULT("'link-down'"), "$.faults[0]: expected an object, got \"link-down\""},
    {"fault_kind_missing", WITH_FAULT("{'at': '1s', 'link': ['a', 'b']}"),
     "$.faults[0].kind: missing required field (expected " KINDS_EXPECTED ")"},
    {"fault_kind_unknown", WITH_FAULT("{'at': '1s', 'kind': 'explode', 'host': 'a'}"),
     "$.faults[0].kind: expected " KINDS_EXPECTED ", got \"explode\""},
    {"fault_kind_case", WITH_FAULT("{'at': '1s', 'kind': 'Link-Down', 'link': ['a', 'b']}"),
     "$.faults[0].kind: expected " KINDS_EXPECTED ", got \"Link-Down\""},
    {"fault_kind_number", WITH_FAULT("{'at': '1s', 'kind': 1}"),
     "$.faults[0].kind: expected " KINDS_EXPECTED ", got 1"},
    {"fault_at_missing", WITH_FAULT("{'kind': 'host-crash', 'host': 'a'}"),
     "$.faults[0].at: missing required field (expected a non-negative duration such as \"2s\")"},
    {"fault_at_negative", WITH_FAULT("{'at': '-1s', 'kind': 'host-crash', 'host': 'a'}"),
     "$.faults[0].at: expected a non-negative duration such as \"2s\", got \"-1s\""},
    {"fault_field_of_other_kind", WITH_FAULT("{'at': '1s', 'kind': 'link-down', 'host': 'a'}"),
     "$.faults[0].host: unknown field (expected one of: at, kind, link)"},
    {"fault_host_field_on_heal",
     WITH_FAULT("{'at': '1s', 'kind': 'partition', 'name': 'p', 'links': [['a', 'b']]}, "
                "{'at': '2s', 'kind': 'heal', 'name': 'p', 'links': [['a', 'b']]}"),
     "$.faults[1].links: unknown field (expected one of: at, kind, name)"},
    {"fault_link_missing", WITH_FAULT("{'at': '1s', 'kind': 'link-up'}"),
     "$.faults[0].link: missing required field (expected " LINK_REF_EXPECTED ")"},
    {"fault_link_number", WITH_FAULT("{'at': '1s', 'kind': 'link-down', 'link': 0}"),
     "$.faults[0].link: expected " LINK_REF_EXPECTED ", got 0"},
    {"fault_link_three_ends", WITH_FAULT("{'at': '1s', 'kind': 'link-down', 'link': ['a', 'b', 'a']}"),
     "$.faults[0].link: expected " LINK_REF_EXPECTED ", got an array of 3 elements"},
    {"fault_link_unknown_name", WITH_FAULT("{'at': '1s', 'kind': 'link-down', 'link': 'wan'}"),
     "$.faults[0].link: unknown link \"wan\" (expected " LINK_REF_EXPECTED ")"},
    {"fault_link_unknown_end", WITH_FAULT("{'at': '1s', 'kind': 'link-down', 'link': ['a', 'c']}"),
     "$.faults[0].link[1]: unknown host or switch \"c\""},
    {"fault_link_end_number", WITH_FAULT("{'at': '1s', 'kind': 'link-down', 'link': [1, 'a']}"),
     "$.faults[0].link[0]: expected a host or switch name, got 1"},
    {"fault_link_not_joined",
     "{" HOSTS_ABC ", 'links': [{'between': ['a', 'b']}], "
     "'faults': [{'at': '1s', 'kind': 'link-down', 'link': ['a', 'c']}]}",
     "$.faults[0].link: no link between \"a\" and \"c\""},
    {"fault_port_not_joined",
     "{" HOSTS_ABC ", 'switches': [{'name': 'lan', 'hosts': ['a', 'b']}], "
     "'faults': [{'at': '1s', 'kind': 'link-down', 'link': ['lan', 'c']}]}",
     "$.faults[0].link: no link between \"lan\" and \"c\""},
    {"fault_partition_name_missing", WITH_FAULT("{'at': '1s', 'kind': 'partition', 'links': [['a', 'b']]}"),
     "$.faults[0].name: missing required field (expected a partition name such as \"split\")"},
    {"fault_partition_links_missing", WITH_FAULT("{'at': '1s', 'kind': 'partition', 'name': 'p'}"),
     "$.faults[0].links: missing required field (expected a non-empty array of links)"},
    {"fault_partition_links_empty",
     WITH_FAULT("{'at': '1s', 'kind': 'partition', 'name': 'p', 'links': []}"),
     "$.faults[0].links: expected a non-empty array of links, got an empty array"},
    {"fault_partition_link_unknown",
     WITH_FAULT("{'at': '1s', 'kind': 'partition', 'name': 'p', 'links': [['a', 'b'], 'x']}"),
     "$.faults[0].links[1]: unknown link \"x\" (expected " LINK_REF_EXPECTED ")"},
    {"fault_partition_link_twice",
     WITH_FAULT("{'at': '1s', 'kind': 'partition', 'name': 'p', 'links': [['a', 'b'], ['b', 'a']]}"),
     "$.faults[0].links[1]: link \"a-b\" listed twice (first at $.faults[0].links[0])"},
    {"fault_partition_duplicate",
     WITH_FAULT("{'at': '1s', 'kind': 'partition', 'name': 'p', 'links': [['a', 'b']]}, "
                "{'at': '2s', 'kind': 'partition', 'name': 'p', 'links': [['a', 'b']]}"),
     "$.faults[1].name: duplicate partition name \"p\" (first at $.faults[0].name)"},
    {"fault_heal_unknown", WITH_FAULT("{'at': '1s', 'kind': 'heal', 'name': 'p'}"),
     "$.faults[0].name: unknown partition \"p\" (a heal names a partition made earlier in $.faults)"},
    {"fault_heal_before_partition",
     WITH_FAULT("{'at': '3s', 'kind': 'heal', 'name': 'p'}, "
                "{'at': '1s', 'kind': 'partition', 'name': 'p', 'links': [['a', 'b']]}"),
     "$.faults[0].name: unknown partition \"p\" (a heal names a partition made earlier in $.faults)"},
    {"fault_host_missing", WITH_FAULT("{'at': '1s', 'kind': 'network-down'}"),
     "$.faults[0].host: missing required field (expected a host name)"},
    {"fault_host_unknown", WITH_FAULT("{'at': '1s', 'kind': 'host-crash', 'host': 'z'}"),
     "$.faults[0].host: unknown host \"z\" (expected one of: a, b)"},
    {"fault_host_is_switch",
     "{" HOSTS_AB ", 'switches': [{'name': 'lan', 'hosts': ['a', 'b']}], "
     "'faults': [{'at': '1s', 'kind': 'host-crash', 'host': 'lan'}]}",
     "$.faults[0].host: unknown host \"lan\" (expected one of: a, b)"},
    {"fault_buffers_link", WITH_FAULT("{'at': '1s', 'kind': 'buffers-exhausted', 'link': ['a', 'b']}"),
     "$.faults[0].link: unknown field (expected one of: at, kind, host)"},
};

/* ---- the temporary folder ------------------------------------------------- */

static char tmp_dir[4096];   /* absolute, as getcwd reports it */
static char old_cwd[4096];

static void write_file(const char *path, const char *text, size_t length)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(fwrite(text, 1, length, f) == length);
    CHECK(fclose(f) == 0);
}

/* Writes a JSON file, turning the ' of this file's notation into ". */
static void write_json(const char *path, const char *json)
{
    char *text = strdup(json);
    CHECK(text != NULL);
    if (!text)
        return;
    for (char *p = text; *p; p++) {
        if (*p == '\'')
            *p = '"';
    }
    write_file(path, text, strlen(text));
    free(text);
}

static int enter_tmp_dir(void)
{
    char template[] = "/tmp/wsim-scenarios-XXXXXX";
    if (!getcwd(old_cwd, sizeof old_cwd) || !mkdtemp(template) || chdir(template) != 0 ||
        !getcwd(tmp_dir, sizeof tmp_dir)) {
        perror("temporary folder");
        return -1;
    }
    write_file("server.c", "", 0);
    write_file("client.c", "", 0);
    CHECK(mkdir("sub", 0700) == 0);
    return 0;
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d))) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                char child[4096];
                snprintf(child, sizeof child, "%s/%s", path, e->d_name);
                remove_tree(child);
            }
            closedir(d);
        }
        CHECK(rmdir(path) == 0);
    } else {
        CHECK(unlink(path) == 0);
    }
}

static void leave_tmp_dir(void)
{
    CHECK(chdir(old_cwd) == 0);
    remove_tree(tmp_dir);
}

/* expected with every "{dir}" replaced by tmp_dir. */
static void expand(char *out, size_t n, const char *expected)
{
    size_t used = 0;
    for (const char *p = expected; *p && used + 1 < n;) {
        if (strncmp(p, "{dir}", 5) == 0) {
            used += (size_t)snprintf(out + used, n - used, "%s", tmp_dir);
            p += 5;
        } else {
            out[used++] = *p++;
        }
    }
    out[used < n ? used : n - 1] = '\0';
}

/* Loads path, which must fail with exactly expected (after expansion). */
static void check_load_error(const char *path, const char *expected)
{
    wsim_scenario s;
    char err[1024], want[1024];
    memset(err, 'x', sizeof err);
    expand(want, sizeof want, expected);
    CHECK_INT_EQ(wsim_scenario_load(path, &s, err, sizeof err), -1);
    CHECK_STR_EQ(err, want);
    /* A failed load leaves nothing to free, and freeing it again is safe. */
    CHECK(s.hosts == NULL && s.host_count == 0 && s.links == NULL && s.path == NULL);
    wsim_scenario_free(&s);
}

static void run_error_case(const error_case *c)
{
    char expected[1024];
    snprintf(expected, sizeof expected, "scen.json: %s", c->expected);
    write_json("scen.json", c->json);
    check_load_error("scen.json", expected);
}

/* ---- success cases -------------------------------------------------------- */

/* Loads JSON written to path (creating nothing else); the caller frees. */
static int load_json(const char *path, const char *json, wsim_scenario *s)
{
    char err[1024] = "";
    write_json(path, json);
    int rc = wsim_scenario_load(path, s, err, sizeof err);
    CHECK_STR_EQ(err, "");
    CHECK_INT_EQ(rc, 0);
    return rc;
}

static void case_defaults(void)
{
    wsim_scenario s;
    if (load_json("scen.json", "{" HOSTS_A "}", &s))
        return;
    /* The values FORMAT.md promises, written out rather than taken from
     * sim/defaults.h, so that the two cannot drift apart unnoticed. */
    CHECK_STR_EQ(s.path, "scen.json");
    CHECK_INT_EQ(s.seed, 1);
    CHECK_INT_EQ(s.stop_ns, 60000000000LL);
    CHECK_INT_EQ(s.tcp.mss, 1460);
    CHECK_INT_EQ(s.tcp.header_bytes, 40);
    CHECK_INT_EQ(s.tcp.sndbuf, 65536);
    CHECK_INT_EQ(s.tcp.rcvbuf, 65536);
    CHECK_INT_EQ(s.tcp.delayed_ack, 1);
    CHECK_INT_EQ(s.tcp.delayed_ack_ns, 200000000);
    CHECK_INT_EQ(s.tcp.congestion_control, 1);
    CHECK_INT_EQ(s.tcp.initial_cwnd, 10);
    CHECK_INT_EQ(s.tcp.min_rto_ns, 300000000);
    CHECK_INT_EQ(s.tcp.delayed_ack_segments, 2);
    CHECK_INT_EQ(s.tcp.sack, 1);
    CHECK_INT_EQ(s.tcp.timestamps, 0);
    CHECK_INT_EQ(s.tcp.nagle, 1);
    CHECK_INT_EQ(s.tcp.dupack_threshold, 3);
    CHECK_INT_EQ(s.tcp.max_retransmissions, 5);
    CHECK_INT_EQ(s.tcp.max_syn_retransmissions, 2);
    CHECK_INT_EQ(s.tcp.keepalive_time_ns, 7200000000000LL);
    CHECK_INT_EQ(s.tcp.keepalive_interval_ns, 1000000000);
    CHECK_INT_EQ(s.tcp.keepalive_probes, 10);
    CHECK_INT_EQ(s.tcp.time_wait_ns, 240000000000LL);
    CHECK_INT_EQ(s.loopback.latency_ns, 10000);
    CHECK(s.loopback.bandwidth_bps == 10000000000ULL);
    CHECK_INT_EQ(s.loopback.mtu, 65535);
    CHECK_INT_EQ(s.host_count, 1);
    CHECK_STR_EQ(s.hosts[0].name, "a");
    CHECK_INT_EQ(s.hosts[0].address, 0x0A000001);
    CHECK_INT_EQ(s.hosts[0].program_count, 0);
    CHECK(s.hosts[0].programs == NULL);
    CHECK_INT_EQ(s.latitude, WSIM_LATITUDE_PROFILE);
    CHECK_INT_EQ(s.hosts[0].profile, WSIM_SCENARIO_PROFILE_WINDOWS);
    CHECK_INT_EQ(s.link_count, 0);
    CHECK(s.links == NULL);
    wsim_scenario_free(&s);

    /* A link with nothing but its ends, and a program with only a module. */
    if (load_json("scen.json",
                  "{'hosts': [" HOST_A ", {'name': 'b', 'address': '10.0.0.2', "
                  "'programs': [{'module': 'server.c'}]}], 'links': [{'between': ['a', 'b']}]}",
                  &s))
        return;
    CHECK_INT_EQ(s.link_count, 1);
    CHECK_INT_EQ(s.links[0].a, 0);
    CHECK_INT_EQ(s.links[0].b, 1);
    CHECK_INT_EQ(s.links[0].latency_ns, 1000000);
    CHECK(s.links[0].bandwidth_bps == 100000000ULL);
    CHECK_INT_EQ(s.links[0].queue_packets, 100);
    CHECK_INT_EQ(s.hosts[1].program_count, 1);
    CHECK_INT_EQ(s.hosts[1].programs[0].start_ns, 0);
    CHECK_INT_EQ(s.hosts[1].programs[0].argc, 1);
    wsim_scenario_free(&s);

    /* wsim_scenario_defaults agrees with a loaded file. */
    wsim_scenario d;
    wsim_scenario_defaults(&d);
    CHECK_INT_EQ(d.seed, 1);
    CHECK_INT_EQ(d.stop_ns, 60000000000LL);
    CHECK_INT_EQ(d.tcp.min_rto_ns, 300000000);
    CHECK_INT_EQ(d.host_count, 0);
    CHECK(d.hosts == NULL && d.path == NULL && d.text == NULL);
    wsim_scenario_free(&d);
}

static void case_every_field(void)
{
    wsim_scenario s;
    if (load_json("scen.json",
                  "{'seed': 9007199254740991, 'stop_time': '2.5s',\n"
                  " 'tcp': {'mss': 536, 'header_bytes': 52, 'sndbuf': 0, 'rcvbuf': '64KiB',\n"
                  "         'delayed_ack': false, 'delayed_ack_timeout': '40ms',\n"
                  "         'congestion_control': false, 'initial_cwnd': 4, 'min_rto': '1s',\n"
                  "         'delayed_ack_segments': 3, 'sack': false, 'timestamps': true,\n"
                  "         'nagle': false, 'dupack_threshold': 2, 'max_retransmissions': 9,\n"
                  "         'max_syn_retransmissions': 4, 'keepalive_time': '10s',\n"
                  "         'keepalive_interval': '250ms', 'keepalive_probes': 3, 'time_wait': '1s'},\n"
                  " 'loopback': {'latency': 0, 'bandwidth': '1Gbps', 'mtu': '16KiB'},\n"
                  " " HOSTS_AB ",\n"
                  " 'links': [{'between': ['b', 'a'], 'latency': '1.5ms',\n"
                  "            'bandwidth': '10Mbit/s', 'queue': 4294967295}]}",
                  &s))
        return;
    CHECK(s.seed == 9007199254740991ULL);
    CHECK_INT_EQ(s.stop_ns, 2500000000LL);
    CHECK_INT_EQ(s.tcp.mss, 536);
    CHECK_INT_EQ(s.tcp.header_bytes, 52);
    CHECK_INT_EQ(s.tcp.sndbuf, 0);
    CHECK_INT_EQ(s.tcp.rcvbuf, 65536);
    CHECK_INT_EQ(s.tcp.delayed_ack, 0);
    CHECK_INT_EQ(s.tcp.delayed_ack_ns, 40000000);
    CHECK_INT_EQ(s.tcp.congestion_control, 0);
    CHECK_INT_EQ(s.tcp.initial_cwnd, 4);
    CHECK_INT_EQ(s.tcp.min_rto_ns, 1000000000);
    CHECK_INT_EQ(s.tcp.delayed_ack_segments, 3);
    CHECK_INT_EQ(s.tcp.sack, 0);
    CHECK_INT_EQ(s.tcp.timestamps, 1);
    CHECK_INT_EQ(s.tcp.nagle, 0);
    CHECK_INT_EQ(s.tcp.dupack_threshold, 2);
    CHECK_INT_EQ(s.tcp.max_retransmissions, 9);
    CHECK_INT_EQ(s.tcp.max_syn_retransmissions, 4);
    CHECK_INT_EQ(s.tcp.keepalive_time_ns, 10000000000LL);
    CHECK_INT_EQ(s.tcp.keepalive_interval_ns, 250000000);
    CHECK_INT_EQ(s.tcp.keepalive_probes, 3);
    CHECK_INT_EQ(s.tcp.time_wait_ns, 1000000000);
    CHECK_INT_EQ(s.loopback.latency_ns, 0);
    CHECK(s.loopback.bandwidth_bps == 1000000000ULL);
    CHECK_INT_EQ(s.loopback.mtu, 16384);
    CHECK_INT_EQ(s.links[0].a, 1);
    CHECK_INT_EQ(s.links[0].b, 0);
    CHECK_INT_EQ(s.links[0].latency_ns, 1500000);
    CHECK(s.links[0].bandwidth_bps == 10000000ULL);
    CHECK(s.links[0].queue_packets == 4294967295u);
    wsim_scenario_free(&s);
}

/* Every field of the network model: link impairments, names, a host's MTU,
 * switches, and faults naming links by name, by ends and by switch port;
 * links are numbered links first, then each switch's ports. */
static void case_network_fields(void)
{
    wsim_scenario s;
    if (load_json("scen.json",
                  "{'hosts': [" HOST_A ", " HOST_B ", {'name': 'c', 'address': '10.0.0.3', 'mtu': 9000},"
                  "           {'name': 'd', 'address': '10.0.0.4', 'mtu': '1KiB'}],\n"
                  " 'links': [{'between': ['a', 'b'], 'name': 'wan', 'queue_bytes': '64KiB',\n"
                  "            'framing_bytes': 2, 'jitter': '3ms', 'loss': 0.25, 'duplicate': 1,\n"
                  "            'reorder': 0, 'reorder_delay': '5ms'},\n"
                  "           {'between': ['c', 'b'], 'loss': 0}],\n"
                  " 'switches': [{'name': 'lan', 'hosts': ['b', 'd'], 'latency': '10us'},\n"
                  "              {'name': 'lan2', 'hosts': ['d', 'c', 'a'], 'queue_bytes': 3000}],\n"
                  " 'faults': [{'at': '1s', 'kind': 'link-down', 'link': 'wan'},\n"
                  "            {'at': 0, 'kind': 'link-up', 'link': ['b', 'c']},\n"
                  "            {'at': '2s', 'kind': 'partition', 'name': 'p',\n"
                  "             'links': [['d', 'lan'], ['lan2', 'a'], 'wan']},\n"
                  "            {'at': '3s', 'kind': 'heal', 'name': 'p'},\n"
                  "            {'at': '4s', 'kind': 'host-crash', 'host': 'd'},\n"
                  "            {'at': '5s', 'kind': 'buffers-available', 'host': 'a'}]}",
                  &s))
        return;
    CHECK_INT_EQ(s.hosts[0].mtu, 1500);
    CHECK_INT_EQ(s.hosts[2].mtu, 9000);
    CHECK_INT_EQ(s.hosts[3].mtu, 1024);
    const wsim_scenario_link *wan = &s.links[0];
    CHECK_STR_EQ(wan->name, "wan");
    CHECK_INT_EQ(wan->queue_bytes, 65536);
    CHECK_INT_EQ(wan->queue_packets, 100);
    CHECK_INT_EQ(wan->framing_bytes, 2);
    CHECK_INT_EQ(wan->jitter_ns, 3000000);
    CHECK(wan->loss == 0.25 && wan->duplicate == 1 && wan->reorder == 0);
    CHECK_INT_EQ(wan->reorder_delay_ns, 5000000);
    /* An unnamed link keeps every default. */
    const wsim_scenario_link *plain = &s.links[1];
    CHECK(plain->name == NULL);
    CHECK_INT_EQ(plain->queue_bytes, 0);
    CHECK_INT_EQ(plain->framing_bytes, 0);
    CHECK_INT_EQ(plain->jitter_ns, 0);
    CHECK(plain->loss == 0 && plain->duplicate == 0 && plain->reorder == 0);
    CHECK_INT_EQ(plain->reorder_delay_ns, 1000000);
    CHECK_INT_EQ(s.switch_count, 2);
    CHECK_STR_EQ(s.switches[0].name, "lan");
    CHECK_INT_EQ(s.switches[0].host_count, 2);
    CHECK_INT_EQ(s.switches[0].hosts[0], 1);
    CHECK_INT_EQ(s.switches[0].hosts[1], 3);
    CHECK_INT_EQ(s.switches[0].port.latency_ns, 10000);
    CHECK(s.switches[0].port.bandwidth_bps == 100000000ULL);
    CHECK_INT_EQ(s.switches[1].port.queue_bytes, 3000);
    CHECK_INT_EQ(s.switches[1].hosts[2], 0);

    /* Link numbers: wan 0, c-b 1, lan's ports 2 (b) and 3 (d), lan2's
     * ports 4 (d), 5 (c) and 6 (a). */
    CHECK_INT_EQ(s.fault_count, 6);
    const wsim_scenario_fault *f = s.faults;
    CHECK_INT_EQ(f[0].kind, WSIM_FAULT_LINK_DOWN);
    CHECK_INT_EQ(f[0].at_ns, 1000000000);
    CHECK_INT_EQ(f[0].link_count, 1);
    CHECK_INT_EQ(f[0].links[0], 0);
    CHECK_INT_EQ(f[1].kind, WSIM_FAULT_LINK_UP);
    CHECK_INT_EQ(f[1].at_ns, 0);
    CHECK_INT_EQ(f[1].links[0], 1);
    CHECK_INT_EQ(f[2].kind, WSIM_FAULT_PARTITION);
    CHECK_STR_EQ(f[2].name, "p");
    CHECK_INT_EQ(f[2].link_count, 3);
    CHECK_INT_EQ(f[2].links[0], 3);
    CHECK_INT_EQ(f[2].links[1], 6);
    CHECK_INT_EQ(f[2].links[2], 0);
    CHECK_INT_EQ(f[3].kind, WSIM_FAULT_HEAL);
    CHECK_STR_EQ(f[3].name, "p");
    CHECK_INT_EQ(f[3].link_count, 3);
    CHECK_INT_EQ(f[3].links[1], 6);
    CHECK_INT_EQ(f[4].kind, WSIM_FAULT_HOST_CRASH);
    CHECK_INT_EQ(f[4].host, 3);
    CHECK_INT_EQ(f[4].link_count, 0);
    CHECK_INT_EQ(f[5].kind, WSIM_FAULT_BUFFERS_AVAILABLE);
    CHECK_INT_EQ(f[5].host, 0);

    /* How the trace names them. */
    static const char *const labels[] = {"wan", "c-b", "lan-b", "lan-d", "lan2-d", "lan2-c", "lan2-a", "?"};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        char label[64];
        wsim_scenario_link_label(&s, i, label, sizeof label);
        CHECK_STR_EQ(label, labels[i]);
    }
    wsim_scenario_free(&s);
}

/* wsim_parse_quantity on its own: every unit, the edges of each range. */
static void case_units(void)
{
    static const struct {
        const wsim_quantity *q;
        const char *text;
        wsim_unit_status status;
        uint64_t value;
    } cases[] = {
        {&wsim_duration_quantity, "1.5ms", WSIM_UNIT_OK, 1500000},
        {&wsim_duration_quantity, "250us", WSIM_UNIT_OK, 250000},
        {&wsim_duration_quantity, "40ns", WSIM_UNIT_OK, 40},
        {&wsim_duration_quantity, "0s", WSIM_UNIT_OK, 0},
        {&wsim_duration_quantity, "1.000000001s", WSIM_UNIT_OK, 1000000001},
        {&wsim_duration_quantity, "1.5000000000000ms", WSIM_UNIT_OK, 1500000},
        {&wsim_duration_quantity, "007ms", WSIM_UNIT_OK, 7000000},
        {&wsim_duration_quantity, "9223372036854775807ns", WSIM_UNIT_OK, 9223372036854775807ULL},
        {&wsim_duration_quantity, "9223372036.854775807s", WSIM_UNIT_OK, 9223372036854775807ULL},
        {&wsim_duration_quantity, "9223372036854775808ns", WSIM_UNIT_OVERFLOW, 0},
        {&wsim_duration_quantity, "9223372037s", WSIM_UNIT_OVERFLOW, 0},
        {&wsim_duration_quantity, "99999999999999999999s", WSIM_UNIT_OVERFLOW, 0},
        {&wsim_duration_quantity, "1.0000000001s", WSIM_UNIT_TOO_PRECISE, 0},
        {&wsim_duration_quantity, "10", WSIM_UNIT_NO_UNIT, 0},
        {&wsim_duration_quantity, "1.5", WSIM_UNIT_NO_UNIT, 0},
        {&wsim_duration_quantity, "10h", WSIM_UNIT_BAD_UNIT, 0},
        {&wsim_duration_quantity, "99999999999999999999h", WSIM_UNIT_BAD_UNIT, 0},
        {&wsim_duration_quantity, "-1s", WSIM_UNIT_NEGATIVE, 0},
        {&wsim_duration_quantity, "ms", WSIM_UNIT_SYNTAX, 0},
        {&wsim_duration_quantity, "", WSIM_UNIT_SYNTAX, 0},
        {&wsim_duration_quantity, "1.2.3s", WSIM_UNIT_SYNTAX, 0},
        {&wsim_duration_quantity, ".5s", WSIM_UNIT_SYNTAX, 0},
        {&wsim_duration_quantity, "5.s", WSIM_UNIT_SYNTAX, 0},
        {&wsim_duration_quantity, "+5s", WSIM_UNIT_SYNTAX, 0},
        {&wsim_duration_quantity, "1e3ms", WSIM_UNIT_SYNTAX, 0},
        {&wsim_duration_quantity, " 5s", WSIM_UNIT_SYNTAX, 0},
        {&wsim_duration_quantity, "5s ", WSIM_UNIT_SYNTAX, 0},
        {&wsim_bandwidth_quantity, "10Mbit/s", WSIM_UNIT_OK, 10000000},
        {&wsim_bandwidth_quantity, "1Gbps", WSIM_UNIT_OK, 1000000000},
        {&wsim_bandwidth_quantity, "64kbit/s", WSIM_UNIT_OK, 64000},
        {&wsim_bandwidth_quantity, "56kbps", WSIM_UNIT_OK, 56000},
        {&wsim_bandwidth_quantity, "1.5Mbps", WSIM_UNIT_OK, 1500000},
        {&wsim_bandwidth_quantity, "9600bps", WSIM_UNIT_OK, 9600},
        {&wsim_bandwidth_quantity, "300bit/s", WSIM_UNIT_OK, 300},
        {&wsim_bandwidth_quantity, "2.5Gbit/s", WSIM_UNIT_OK, 2500000000ULL},
        {&wsim_bandwidth_quantity, "18446744073709551615bps", WSIM_UNIT_OK, UINT64_MAX},
        {&wsim_bandwidth_quantity, "18446744073.709551615Gbps", WSIM_UNIT_OK, UINT64_MAX},
        {&wsim_bandwidth_quantity, "18446744073.709551616Gbps", WSIM_UNIT_OVERFLOW, 0},
        {&wsim_bandwidth_quantity, "0.0000000001Gbps", WSIM_UNIT_TOO_PRECISE, 0},
        {&wsim_bandwidth_quantity, "18446744073709551616bps", WSIM_UNIT_OVERFLOW, 0},
        {&wsim_bandwidth_quantity, "18446744074Gbps", WSIM_UNIT_OVERFLOW, 0},
        {&wsim_bandwidth_quantity, "10Mb/s", WSIM_UNIT_BAD_UNIT, 0},
        {&wsim_size_quantity, "64KiB", WSIM_UNIT_OK, 65536},
        {&wsim_size_quantity, "1MiB", WSIM_UNIT_OK, 1048576},
        {&wsim_size_quantity, "3GiB", WSIM_UNIT_OK, 3221225472ULL},
        {&wsim_size_quantity, "4294967295B", WSIM_UNIT_OK, 4294967295ULL},
        {&wsim_size_quantity, "4GiB", WSIM_UNIT_OVERFLOW, 0},
        {&wsim_size_quantity, "1.5KiB", WSIM_UNIT_TOO_PRECISE, 0},
        {&wsim_size_quantity, "1.0KiB", WSIM_UNIT_OK, 1024},
        {&wsim_size_quantity, "64KB", WSIM_UNIT_BAD_UNIT, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint64_t value = 0;
        const char *unit = NULL;
        wsim_unit_status status = wsim_parse_quantity(cases[i].q, cases[i].text, &value, &unit);
        if (status != cases[i].status || (status == WSIM_UNIT_OK && value != cases[i].value)) {
            fprintf(stderr, "\"%s\": status %d value %" PRIu64 ", expected status %d value %" PRIu64 "\n",
                    cases[i].text, (int)status, value, (int)cases[i].status, cases[i].value);
            wsim_check_failures++;
        }
        if (status == WSIM_UNIT_BAD_UNIT)
            CHECK(unit != NULL && unit > cases[i].text && strchr(cases[i].text, *unit));
    }
}

static void case_argv(void)
{
    wsim_scenario s;
    CHECK(mkdir("sub/bin", 0700) == 0);
    write_file("sub/bin/tool.c", "", 0);
    if (load_json("scen.json",
                  WITH_PROGRAM("{'module': 'server.c', 'args': ['x', 'y z', ''], 'start': 7},"
                               "{'module': 'sub/bin/tool.c', 'start': '2ms'}"),
                  &s))
        return;
    const wsim_scenario_program *p = s.hosts[0].programs;
    CHECK_INT_EQ(s.hosts[0].program_count, 2);
    CHECK_INT_EQ(p[0].argc, 4);
    CHECK_STR_EQ(p[0].argv[0], "server.c");
    CHECK_STR_EQ(p[0].argv[1], "x");
    CHECK_STR_EQ(p[0].argv[2], "y z");
    CHECK_STR_EQ(p[0].argv[3], "");
    CHECK(p[0].argv[4] == NULL);
    CHECK_INT_EQ(p[0].start_ns, 7);
    CHECK_INT_EQ(p[1].argc, 1);
    CHECK_STR_EQ(p[1].argv[0], "tool.c");
    CHECK(p[1].argv[1] == NULL);
    CHECK_INT_EQ(p[1].start_ns, 2000000);
    char want[4200];
    snprintf(want, sizeof want, "%s/sub/bin/tool.c", tmp_dir);
    CHECK_STR_EQ(p[1].module, want);
    wsim_scenario_free(&s);
}

/* Modules are found next to the scenario, not in the working directory, and
 * stored as absolute paths. */
static void case_module_paths(void)
{
    wsim_scenario s;
    write_file("sub/local.c", "", 0);
    char absolute[4200], json[8600], want[4200];
    snprintf(absolute, sizeof absolute, "%s/client.c", tmp_dir);
    snprintf(json, sizeof json,
             WITH_PROGRAM("{'module': 'local.c'}, {'module': './local.c'}, "
                          "{'module': '../server.c'}, {'module': '%s'}"),
             absolute);
    if (load_json("sub/scen.json", json, &s))
        return;
    const wsim_scenario_program *p = s.hosts[0].programs;
    snprintf(want, sizeof want, "%s/sub/local.c", tmp_dir);
    CHECK_STR_EQ(p[0].module, want);
    CHECK_STR_EQ(p[1].module, want);
    CHECK_STR_EQ(p[1].argv[0], "local.c");
    snprintf(want, sizeof want, "%s/sub/../server.c", tmp_dir);
    CHECK_STR_EQ(p[2].module, want);
    CHECK_STR_EQ(p[3].module, absolute);
    wsim_scenario_free(&s);

    /* "local.c" is not in the working directory, only next to the scenario. */
    write_json("scen.json", WITH_PROGRAM("{'module': 'local.c'}"));
    char expected[8600];
    snprintf(expected, sizeof expected,
             "scen.json: $.hosts[0].programs[0].module: file \"local.c\" not found "
             "(looked in %s/local.c)", tmp_dir);
    check_load_error("scen.json", expected);

    /* The same through an absolute scenario path. */
    char path[4200];
    snprintf(path, sizeof path, "%s/sub/scen.json", tmp_dir);
    if (load_json(path, WITH_PROGRAM("{'module': 'local.c'}"), &s))
        return;
    snprintf(want, sizeof want, "%s/sub/local.c", tmp_dir);
    CHECK_STR_EQ(s.hosts[0].programs[0].module, want);
    CHECK_STR_EQ(s.path, path);
    wsim_scenario_free(&s);
}

static void case_cannot_read(void)
{
    check_load_error("missing.json", "missing.json: cannot read: No such file or directory");
    check_load_error("sub", "sub: cannot read: Is a directory");
}

static void case_nul_byte(void)
{
    static const char text[] = "{\"hosts\": [\n  {\"name\": \"a\",\0 \"address\": \"10.0.0.1\"}]}";
    write_file("scen.json", text, sizeof text - 1);
    check_load_error("scen.json", "scen.json: line 2, column 16: invalid JSON");
}

/* Columns count characters: "é" is two bytes but one column. */
static void case_utf8_column(void)
{
    write_json("scen.json", "{'hosts': 'é' x}");
    check_load_error("scen.json", "scen.json: line 1, column 15: invalid JSON");
}

static void case_bom(void)
{
    wsim_scenario s;
    write_json("scen.json", "\xEF\xBB\xBF{" HOSTS_A "}");
    char err[256] = "";
    CHECK_INT_EQ(wsim_scenario_load("scen.json", &s, err, sizeof err), 0);
    CHECK_STR_EQ(err, "");
    CHECK_INT_EQ(s.host_count, 1);
    wsim_scenario_free(&s);
}

/* wsim_scenario_parse: text from memory, kept verbatim; the path only names
 * the file in messages and anchors module paths. */
static void case_parse_in_memory(void)
{
    wsim_scenario s;
    const char *text = "{\"hosts\": [{\"name\": \"a\", \"address\": \"10.0.0.1\","
                       " \"programs\": [{\"module\": \"server.c\"}]}]}";
    char err[256] = "";
    char path[4200], want[4200];
    snprintf(path, sizeof path, "%s/virtual.json", tmp_dir);
    CHECK_INT_EQ(wsim_scenario_parse(path, text, &s, err, sizeof err), 0);
    CHECK_STR_EQ(err, "");
    CHECK_STR_EQ(s.text, text);
    CHECK(s.text != text);
    CHECK_STR_EQ(s.path, path);
    snprintf(want, sizeof want, "%s/server.c", tmp_dir);
    CHECK_STR_EQ(s.hosts[0].programs[0].module, want);
    wsim_scenario_free(&s);
    wsim_scenario_free(&s); /* zeroed by the first call */

    CHECK_INT_EQ(wsim_scenario_parse("mem.json", "{\"hosts\": 1}", &s, err, sizeof err), -1);
    CHECK_STR_EQ(err, "mem.json: $.hosts: expected a non-empty array of hosts, got 1");
}

/* A short buffer gets a cut, terminated message; no buffer is fine too. */
static void case_small_error_buffer(void)
{
    wsim_scenario s;
    write_json("scen.json", "{'hosts': []}");
    char err[12];
    memset(err, 'x', sizeof err);
    CHECK_INT_EQ(wsim_scenario_load("scen.json", &s, err, sizeof err), -1);
    CHECK_STR_EQ(err, "scen.json: ");
    CHECK_INT_EQ(wsim_scenario_load("scen.json", &s, err, 5), -1);
    CHECK_STR_EQ(err, "scen");
    CHECK_INT_EQ(wsim_scenario_load("scen.json", &s, NULL, 0), -1);
    CHECK_INT_EQ(wsim_scenario_load("missing.json", &s, NULL, 0), -1);
}

/* Long strings are shortened in messages and control characters escaped. */
static void case_message_quoting(void)
{
    char json[512], expected[512];
    snprintf(json, sizeof json, "{'hosts': [{'name': '%s\\n', 'address': '10.0.0.1'}]}",
             "0123456789012345678901234567890123456789012345678901234567890123456789");
    write_json("scen.json", json);
    snprintf(expected, sizeof expected, "scen.json: $.hosts[0].name: %s\"%s...\"",
             HOST_NAME_EXPECTED, "0123456789012345678901234567890123456789012345678901234567890123");
    check_load_error("scen.json", expected);
    write_json("scen.json", "{'hosts': [{'name': 'a\\tb\\\\', 'address': '10.0.0.1'}]}");
    check_load_error("scen.json", "scen.json: $.hosts[0].name: " HOST_NAME_EXPECTED "\"a\\u0009b\\\\\"");
}

/* The shipped examples load, with their modules resolved in their folder. */
static void case_examples(void)
{
    const char *dir = WSIM_SOURCE_DIR "/scenarios/examples";
    char path[4200], want[4200];
    wsim_scenario s;
    char err[1024] = "";

    snprintf(path, sizeof path, "%s/loopback.json", dir);
    CHECK_INT_EQ(wsim_scenario_load(path, &s, err, sizeof err), 0);
    CHECK_STR_EQ(err, "");
    if (s.host_count == 1 && s.hosts[0].program_count == 2) {
        const wsim_scenario_program *p = s.hosts[0].programs;
        CHECK_INT_EQ(s.seed, 1);
        CHECK_STR_EQ(s.hosts[0].name, "alpha");
        CHECK_INT_EQ(s.hosts[0].address, 0x0A000001);
        snprintf(want, sizeof want, "%s/server.c", dir);
        CHECK_STR_EQ(p[0].module, want);
        CHECK_INT_EQ(p[0].argc, 1);
        CHECK_STR_EQ(p[0].argv[0], "server.c");
        CHECK_INT_EQ(p[0].start_ns, 0);
        snprintf(want, sizeof want, "%s/client.c", dir);
        CHECK_STR_EQ(p[1].module, want);
        CHECK_INT_EQ(p[1].argc, 3);
        CHECK_STR_EQ(p[1].argv[0], "client.c");
        CHECK_STR_EQ(p[1].argv[1], "127.0.0.1");
        CHECK_STR_EQ(p[1].argv[2], "27015");
        CHECK_INT_EQ(p[1].start_ns, 1000000);
        CHECK_INT_EQ(s.link_count, 0);
    } else {
        CHECK(!"loopback.json: one host with two programs");
    }
    wsim_scenario_free(&s);

    snprintf(path, sizeof path, "%s/two-hosts.json", dir);
    CHECK_INT_EQ(wsim_scenario_load(path, &s, err, sizeof err), 0);
    CHECK_STR_EQ(err, "");
    if (s.host_count == 2 && s.link_count == 1 && s.hosts[1].program_count == 1) {
        CHECK_STR_EQ(s.hosts[0].name, "server");
        CHECK_INT_EQ(s.hosts[0].address, 0x0A000001);
        CHECK_STR_EQ(s.hosts[1].name, "client");
        CHECK_INT_EQ(s.hosts[1].address, 0x0A000002);
        const wsim_scenario_program *p = s.hosts[1].programs;
        CHECK_INT_EQ(p[0].argc, 3);
        CHECK_STR_EQ(p[0].argv[1], "10.0.0.1");
        CHECK_STR_EQ(p[0].argv[2], "27015");
        CHECK_INT_EQ(p[0].start_ns, 1000000);
        CHECK_INT_EQ(s.links[0].a, 1);
        CHECK_INT_EQ(s.links[0].b, 0);
        CHECK_INT_EQ(s.links[0].latency_ns, 5000000);
        CHECK(s.links[0].bandwidth_bps == 10000000ULL);
        CHECK_INT_EQ(s.links[0].queue_packets, 100);
    } else {
        CHECK(!"two-hosts.json: two hosts, one link");
    }
    wsim_scenario_free(&s);
}

/* The JSON blocks of scenarios/FORMAT.md load, and the complete example
 * really does spell out the defaults. */
static void case_format_examples(void)
{
    FILE *f = fopen(WSIM_SOURCE_DIR "/scenarios/FORMAT.md", "rb");
    CHECK(f != NULL);
    if (!f)
        return;
    static char doc[65536];
    size_t length = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[length] = '\0';

    int blocks = 0;
    for (char *p = strstr(doc, "```json\n"); p; p = strstr(p, "```json\n")) {
        p += strlen("```json\n");
        char *end = strstr(p, "```");
        CHECK(end != NULL);
        if (!end)
            return;
        *end = '\0';
        write_file("scen.json", p, strlen(p));
        wsim_scenario s, d;
        char err[1024] = "";
        CHECK_INT_EQ(wsim_scenario_load("scen.json", &s, err, sizeof err), 0);
        CHECK_STR_EQ(err, "");
        wsim_scenario_defaults(&d);
        CHECK(s.seed == d.seed && s.stop_ns == d.stop_ns && s.latitude == d.latitude);
        CHECK(memcmp(&s.tcp, &d.tcp, sizeof d.tcp) == 0);
        CHECK(memcmp(&s.loopback, &d.loopback, sizeof d.loopback) == 0);
        for (size_t i = 0; i < s.host_count; i++)
            CHECK(s.hosts[i].mtu == 1500 && s.hosts[i].profile == WSIM_SCENARIO_PROFILE_WINDOWS);
        wsim_scenario_link clean;
        memset(&clean, 0, sizeof clean);
        clean.latency_ns = 1000000;
        clean.bandwidth_bps = 100000000ULL;
        clean.queue_packets = 100;
        clean.reorder_delay_ns = 1000000;
        for (size_t i = 0; i < s.link_count + s.switch_count; i++) {
            wsim_scenario_link l = i < s.link_count ? s.links[i] : s.switches[i - s.link_count].port;
            l.a = l.b = 0;
            l.name = NULL;
            CHECK(memcmp(&l, &clean, sizeof l) == 0);
        }
        wsim_scenario_free(&s);
        blocks++;
        p = end + 3;
    }
    CHECK_INT_EQ(blocks, 2);
}

/* Every profile and latitude by name (FORMAT.md, Profiles and latitudes). */
static void case_profiles_and_latitudes(void)
{
    static const struct {
        const char *latitude;
        wsim_latitude expected;
    } latitudes[] = {
        {"profile", WSIM_LATITUDE_PROFILE},
        {"documented", WSIM_LATITUDE_DOCUMENTED},
        {"fifo", WSIM_LATITUDE_FIFO},
    };
    for (size_t i = 0; i < sizeof latitudes / sizeof latitudes[0]; i++) {
        char json[512];
        snprintf(json, sizeof json,
                 "{'latitude': '%s', 'hosts': [{'name': 'a', 'address': '10.0.0.1', 'profile': "
                 "'windows'}, {'name': 'b', 'address': '10.0.0.2', 'profile': 'win9x'},"
                 " {'name': 'c', 'address': '10.0.0.3', 'profile': 'wince'},"
                 " {'name': 'd', 'address': '10.0.0.4'}]}",
                 latitudes[i].latitude);
        wsim_scenario s;
        if (load_json("scen.json", json, &s))
            return;
        CHECK_INT_EQ(s.latitude, latitudes[i].expected);
        CHECK_INT_EQ(s.hosts[0].profile, WSIM_SCENARIO_PROFILE_WINDOWS);
        CHECK_INT_EQ(s.hosts[1].profile, WSIM_SCENARIO_PROFILE_WIN9X);
        CHECK_INT_EQ(s.hosts[2].profile, WSIM_SCENARIO_PROFILE_WINCE);
        CHECK_INT_EQ(s.hosts[3].profile, WSIM_SCENARIO_PROFILE_WINDOWS);
        wsim_scenario_free(&s);
    }
}

static const test_case special_cases[] = {
    {"defaults", case_defaults},
    {"every_field", case_every_field},
    {"network_fields", case_network_fields},
    {"units", case_units},
    {"argv", case_argv},
    {"module_paths", case_module_paths},
    {"cannot_read", case_cannot_read},
    {"nul_byte", case_nul_byte},
    {"utf8_column", case_utf8_column},
    {"bom", case_bom},
    {"parse_in_memory", case_parse_in_memory},
    {"small_error_buffer", case_small_error_buffer},
    {"message_quoting", case_message_quoting},
    {"examples", case_examples},
    {"format_examples", case_format_examples},
    {"profiles_and_latitudes", case_profiles_and_latitudes},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--count") == 0) {
        /* CMake found the names by pattern; make sure it found all. */
        CHECK_INT_EQ(atoi(argv[2]), COUNT(error_cases) + COUNT(special_cases));
        return wsim_check_exit_code();
    }
    if (argc != 2) {
        fprintf(stderr, "usage: %s <case> | --count N\n", argv[0]);
        return 2;
    }
    const error_case *ec = NULL;
    for (size_t i = 0; i < COUNT(error_cases); i++) {
        if (strcmp(argv[1], error_cases[i].name) == 0)
            ec = &error_cases[i];
    }
    if (enter_tmp_dir())
        return 1;
    int status;
    if (ec) {
        run_error_case(ec);
        status = wsim_check_exit_code();
    } else {
        status = test_main(argc, argv, special_cases, COUNT(special_cases), NULL);
    }
    leave_tmp_dir();
    return status;
}
