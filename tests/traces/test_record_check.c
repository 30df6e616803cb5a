/* test_record_check.c — the parent's checks on each record from the child
 * (traces/record_check.h): each rule, broken once, is refused with a
 * message naming the record; well-formed records pass. */
#include <string.h>

#include "tests/check.h"
#include "traces/record_check.h"

static wsim_record output(uint64_t seq, int64_t time_ns)
{
    wsim_record r;
    memset(&r, 0, sizeof r);
    r.kind = WSIM_REC_OUTPUT;
    r.seq = seq;
    r.time_ns = time_ns;
    r.host = 0;
    r.process = 0;
    r.thread = -1;
    r.socket = -1;
    r.name = "stdout";
    r.text = "hello";
    return r;
}

static void refused(const wsim_record *r, uint64_t last_seq, int64_t last_time, const char *expected)
{
    char why[256] = "";
    CHECK_INT_EQ(wsim_record_check(r, last_seq, last_time, why, sizeof why), -1);
    CHECK_STR_EQ(why, expected);
}

int main(void)
{
    char why[256];
    wsim_record r = output(5, 100);
    CHECK_INT_EQ(wsim_record_check(&r, 4, 100, why, sizeof why), 0);
    CHECK_INT_EQ(wsim_record_check(&r, 0, 0, why, sizeof why), 0);

    refused(&r, 5, 0, "output record seq 5 does not follow seq 5");
    refused(&r, 4, 101, "output record seq 5 goes back in time (100 ns after 101 ns)");
    r.kind = (wsim_record_kind)99;
    refused(&r, 4, 0, "kind 99 is not a record kind");
    r = output(5, 100);
    r.host = WSIM_RECORD_MAX_ID;
    refused(&r, 4, 0, "output record seq 5 has an impossible id (host 1048576, process 0, thread -1)");
    r = output(5, 100);
    r.name = "stdin";
    refused(&r, 4, 0, "output record seq 5 has no stream (stdout or stderr)");
    r.name = "stderr";
    r.text = NULL;
    refused(&r, 4, 0, "output record seq 5 has no line");
    r = output(5, 100);
    r.kind = WSIM_REC_HOST;
    r.name = NULL;
    refused(&r, 4, 0, "host record seq 5 has no name");
    r.kind = WSIM_REC_RUN_END;
    refused(&r, 4, 0, "run_end record seq 5 has no end reason");
    return wsim_check_exit_code();
}
