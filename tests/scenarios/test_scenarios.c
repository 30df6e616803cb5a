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
#include "tests/check.h"

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
#define TOP_FIELDS "seed, stop_time, tcp, loopback, hosts, links"

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
    {"root_not_object", "[]", "$: expected an object, got an empty array"},

    /* Unknown and repeated fields. */
    {"unknown_top", "{'colour': 1, " HOSTS_A "}",
     "$.colour: unknown field (expected one of: " TOP_FIELDS ")"},
    {"unknown_top_case", "{'Seed': 1, " HOSTS_A "}",
     "$.Seed: unknown field (expected one of: " TOP_FIELDS ")"},
    {"unknown_odd_key", "{'my key': 1, " HOSTS_A "}",
     "$[\"my key\"]: unknown field (expected one of: " TOP_FIELDS ")"},
    {"unknown_host", "{'hosts': [" HOST_A ", {'name': 'b', 'colour': 'red'}]}",
     "$.hosts[1].colour: unknown field (expected one of: name, address, programs)"},
    {"unknown_link", WITH_LINK("{'between': ['a', 'b'], 'loss': 0}"),
     "$.links[0].loss: unknown field (expected one of: between, latency, bandwidth, queue)"},
    {"unknown_tcp", "{'tcp': {'mss': 1000, 'nagle': false}, " HOSTS_A "}",
     "$.tcp.nagle: unknown field (expected one of: mss, header_bytes, sndbuf, rcvbuf, "
     "delayed_ack, delayed_ack_timeout, congestion_control, initial_cwnd, min_rto)"},
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
    CHECK_INT_EQ(s.loopback.latency_ns, 10000);
    CHECK(s.loopback.bandwidth_bps == 10000000000ULL);
    CHECK_INT_EQ(s.loopback.mtu, 65535);
    CHECK_INT_EQ(s.host_count, 1);
    CHECK_STR_EQ(s.hosts[0].name, "a");
    CHECK_INT_EQ(s.hosts[0].address, 0x0A000001);
    CHECK_INT_EQ(s.hosts[0].program_count, 0);
    CHECK(s.hosts[0].programs == NULL);
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
                  "         'congestion_control': false, 'initial_cwnd': 4, 'min_rto': '1s'},\n"
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
        CHECK(s.seed == d.seed && s.stop_ns == d.stop_ns);
        CHECK(memcmp(&s.tcp, &d.tcp, sizeof d.tcp) == 0);
        CHECK(memcmp(&s.loopback, &d.loopback, sizeof d.loopback) == 0);
        for (size_t i = 0; i < s.link_count; i++) {
            CHECK_INT_EQ(s.links[i].latency_ns, 1000000);
            CHECK(s.links[i].bandwidth_bps == 100000000ULL);
            CHECK_INT_EQ(s.links[i].queue_packets, 100);
        }
        wsim_scenario_free(&s);
        blocks++;
        p = end + 3;
    }
    CHECK_INT_EQ(blocks, 2);
}

typedef struct special_case {
    const char *name;
    void (*run)(void);
} special_case;

static const special_case special_cases[] = {
    {"defaults", case_defaults},
    {"every_field", case_every_field},
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
    const special_case *sc = NULL;
    for (size_t i = 0; i < COUNT(error_cases); i++) {
        if (strcmp(argv[1], error_cases[i].name) == 0)
            ec = &error_cases[i];
    }
    for (size_t i = 0; i < COUNT(special_cases); i++) {
        if (strcmp(argv[1], special_cases[i].name) == 0)
            sc = &special_cases[i];
    }
    if (!ec && !sc) {
        fprintf(stderr, "unknown case \"%s\"\n", argv[1]);
        return 2;
    }
    if (enter_tmp_dir())
        return 1;
    if (ec)
        run_error_case(ec);
    else
        sc->run();
    leave_tmp_dir();
    return wsim_check_exit_code();
}
