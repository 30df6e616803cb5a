/* record_kind.c — names of the record kinds declared in sim/observer.h.
 *
 * The spellings are WSIM_RECORD_KINDS' (sim/observer.h).  They are part of
 * the trace: the `kind` column of the events view (traces/SCHEMA.md), so
 * changing one changes the schema.
 */
#include "sim/observer.h"

const char *wsim_record_kind_name(wsim_record_kind kind)
{
    switch (kind) {
#define X(kind, spelling, name, text) \
    case WSIM_REC_##kind: return #spelling;
        WSIM_RECORD_KINDS(X)
#undef X
    }
    return "unknown";
}
