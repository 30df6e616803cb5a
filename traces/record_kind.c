/* record_kind.c — names of the record kinds declared in sim/observer.h.
 *
 * Owns: the spelling of each kind.  These names are part of the trace: they
 * are the `kind` column of the events view (traces/SCHEMA.md), so changing
 * one changes the schema.
 */
#include "sim/observer.h"

const char *wsim_record_kind_name(wsim_record_kind kind)
{
    switch (kind) {
    case WSIM_REC_RUN_START: return "run_start";
    case WSIM_REC_HOST: return "host";
    case WSIM_REC_PROGRAM_START: return "program_start";
    case WSIM_REC_PROGRAM_EXIT: return "program_exit";
    case WSIM_REC_THREAD_START: return "thread_start";
    case WSIM_REC_CALL: return "call";
    case WSIM_REC_COMPLETION: return "completion";
    case WSIM_REC_SEGMENT: return "segment";
    case WSIM_REC_OUTPUT: return "output";
    case WSIM_REC_CRASH: return "crash";
    case WSIM_REC_VIOLATION: return "violation";
    case WSIM_REC_FAULT: return "fault";
    case WSIM_REC_CHOICE: return "choice";
    case WSIM_REC_PAYLOAD: return "payload";
    case WSIM_REC_RUN_END: return "run_end";
    }
    return "unknown";
}
