/* test_summary.c — the human summary of a trace (traces/summary.h).
 *
 * The sample run (fixture.h) has known counts; the summary must show each
 * of them, how the run ended and how every program exited.  A bad file
 * gives -1, a message naming it, and no output.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/check.h"
#include "tests/traces/fixture.h"
#include "traces/summary.h"

int main(void)
{
    char *dir = fixture_tempdir();
    if (!dir)
        return 1;
    char path[512], err[512];
    fixture_path(path, sizeof path, dir, "summary.wsimtrace");
    wsim_record recs[FIXTURE_SAMPLE_MAX + 4];
    size_t n = fixture_sample(recs);
    /* Two more failed calls with one code, so the error ranking shows. */
    for (int i = 0; i < 2; i++) {
        wsim_record r = fixture_record(WSIM_REC_CALL, 100 + (uint64_t)i, 20000 + i);
        r.host = 0, r.process = 0, r.thread = 0, r.name = "connect", r.a[0] = -1, r.a[1] = 10061;
        recs[n++] = r;
    }
    CHECK_INT_EQ(fixture_write_trace(path, recs, n, "0.1.0"), 0);

    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    CHECK_INT_EQ(wsim_trace_summary(path, out, err, sizeof err), 0);
    fclose(out);
    fputs(text, stderr); /* shown by ctest --output-on-failure */
    CHECK_CONTAINS(text, "wsim 0.1.0");
    CHECK_CONTAINS(text, "run: crash: process 1 crashed at 1.500000000 s virtual time, exit status 1");
    CHECK_CONTAINS(text, "seed: 18446744073709551615");
    CHECK_CONTAINS(text, "hosts: 2\n");
    CHECK_CONTAINS(text, "programs: 2\n");
    CHECK_CONTAINS(text, "process 0 on alpha: server.so: return, exit code 0, at 0.000014000 s");
    CHECK_CONTAINS(text, "process 1 on beta: client.so: abort, exit code 3, at 0.000013000 s");
    CHECK_CONTAINS(text, "calls: 5\n");
    CHECK_CONTAINS(text, "failed calls: 3\n  WSAECONNREFUSED (10061): 2\n  WSAEWOULDBLOCK (10035): 1\n");
    CHECK_CONTAINS(text, "completions: 1\n");
    CHECK_CONTAINS(text, "segments: 4 (send 1, recv 1, drop 1, deliver 1)");
    CHECK_CONTAINS(text, "injected faults: 0\n");
    CHECK_CONTAINS(text, "output lines: 2 (stdout 1, stderr 1)");
    CHECK_CONTAINS(text, "crashes: 2\n");
    CHECK_CONTAINS(text, "SIGSEGV (signal 11) in process 1 thread 0: write to 0x0");
    CHECK_CONTAINS(text, "violations: 2\n  S06: 1\n  W19: 1\n");
    free(text);

    /* A program that never exited, and a run that never ended. */
    char path2[512];
    fixture_path(path2, sizeof path2, dir, "unfinished.wsimtrace");
    CHECK_INT_EQ(fixture_write_trace(path2, recs, 6, "0.1.0"), 0);
    text = NULL;
    out = open_memstream(&text, &size);
    CHECK_INT_EQ(wsim_trace_summary(path2, out, err, sizeof err), 0);
    fclose(out);
    /* The cut is at the last record written: the sixth, a program start. */
    char cut[64];
    snprintf(cut, sizeof cut, "run: cut at record %llu ", (unsigned long long)recs[5].seq);
    CHECK_CONTAINS(text, cut);
    CHECK_CONTAINS(text, "server.so: did not exit");
    CHECK_CONTAINS(text, "calls: 0\n");
    free(text);

    /* Not a trace: -1, the file named, nothing written. */
    char bad[512];
    fixture_path(bad, sizeof bad, dir, "not-a-trace.txt");
    FILE *f = fopen(bad, "w");
    if (f) {
        fputs("hello\n", f);
        fclose(f);
    }
    text = NULL;
    out = open_memstream(&text, &size);
    CHECK_INT_EQ(wsim_trace_summary(bad, out, err, sizeof err), -1);
    fclose(out);
    CHECK_STR_EQ(text, "");
    CHECK_CONTAINS(err, bad);
    free(text);

    fixture_remove_dir(dir);
    return wsim_check_exit_code();
}
