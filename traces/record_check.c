/* record_check.c — the parent's checks on each record (record_check.h). */
#include "traces/record_check.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int bad(char *why, size_t why_size, const char *fmt, const char *what, long long value)
{
    snprintf(why, why_size, fmt, what, value);
    return -1;
}

static int id_ok(int32_t id)
{
    return id >= -1 && id < WSIM_RECORD_MAX_ID;
}

int wsim_record_check(const wsim_record *rec, uint64_t last_seq, int64_t last_time_ns, char *why,
                      size_t why_size)
{
    if (rec->kind < WSIM_REC_RUN_START || rec->kind > WSIM_REC_RUN_END)
        return bad(why, why_size, "%s %lld is not a record kind", "kind", (long long)rec->kind);
    const char *kind = wsim_record_kind_name(rec->kind);
    /* A PAYLOAD record shares the seq of the SEGMENT it follows (observer.h). */
    int follows = rec->kind == WSIM_REC_PAYLOAD ? rec->seq == last_seq && last_seq > 0
                                                : rec->seq > last_seq;
    if (!follows) {
        snprintf(why, why_size, "%s record seq %" PRIu64 " does not follow seq %" PRIu64, kind,
                 rec->seq, last_seq);
        return -1;
    }
    if (rec->time_ns < 0 || rec->time_ns < last_time_ns) {
        snprintf(why, why_size, "%s record seq %" PRIu64 " goes back in time (%" PRId64
                 " ns after %" PRId64 " ns)", kind, rec->seq, rec->time_ns, last_time_ns);
        return -1;
    }
    if (!id_ok(rec->host) || !id_ok(rec->process) || !id_ok(rec->thread)) {
        snprintf(why, why_size, "%s record seq %" PRIu64 " has an impossible id (host %d,"
                 " process %d, thread %d)", kind, rec->seq, (int)rec->host, (int)rec->process,
                 (int)rec->thread);
        return -1;
    }
    const char *missing = NULL;
    switch (rec->kind) {
    case WSIM_REC_HOST:
        if (rec->host < 0)
            missing = "host id";
        else if (!rec->name)
            missing = "name";
        break;
    case WSIM_REC_CALL:
        if (!rec->name)
            missing = "function name";
        break;
    case WSIM_REC_OUTPUT:
        if (!rec->name || (strcmp(rec->name, "stdout") != 0 && strcmp(rec->name, "stderr") != 0))
            missing = "stream (stdout or stderr)";
        else if (!rec->text)
            missing = "line";
        break;
    case WSIM_REC_RUN_END:
        if (!rec->name)
            missing = "end reason";
        break;
    case WSIM_REC_CRASH:
        if (!rec->name)
            missing = "signal name";
        break;
    default:
        break;
    }
    if (missing) {
        snprintf(why, why_size, "%s record seq %" PRIu64 " has no %s", kind, rec->seq, missing);
        return -1;
    }
    return 0;
}
