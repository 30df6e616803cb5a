/* calls.c — recording calls, the last error, violations and completions,
 * and the blocking call in progress on a thread (S05, S06). */
#include "runtime/calls.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sim/net.h"

#include <winsock2.h>

int wsapi_call_begin(wsapi_call *call, wsim_fn fn, int64_t socket)
{
    memset(call, 0, sizeof *call);
    call->thread = wsapi_thread();
    if (!call->thread)
        return -1;
    call->sim = call->thread->sim;
    call->proc = wsapi_process_of(call->thread);
    call->fn = fn;
    call->function = wsim_fns[fn].name;
    call->start_ns = call->sim->now_ns;
    call->socket = socket;
    call->stream_offset = -1;
    return call->proc ? 0 : -1;
}

void wsapi_call_args(wsapi_call *call, const char *format, ...)
{
    if (!wsim_sim_wants_text(call->sim, WSIM_REC_CALL)) {
        call->args[0] = '\0';   /* read by nothing but the CALL record's text */
        return;
    }
    va_list args;
    va_start(args, format);
    vsnprintf(call->args, sizeof call->args, format, args);
    va_end(args);
}

static void in_progress_violation(const wsapi_call *call);

long long wsapi_call_end(wsapi_call *call, long long ret, int error)
{
    if (!call->thread)
        return ret;
    if (error)
        wsapi_set_last_error(call->thread, error);
    if (call->blocking) {
        wsapi_thread_state *ts = wsapi_thread_state_of(call->thread);
        if (ts && ts->blocking_call == call)
            ts->blocking_call = NULL;
        call->blocking = 0;
    }
    wsim_record rec;
    wsim_record_init(call->sim, &rec, WSIM_REC_CALL);
    rec.socket = call->socket;
    rec.name = call->function;
    rec.text = call->args;
    rec.call.ret = ret;
    rec.call.error = error;
    rec.call.start_ns = call->start_ns;
    rec.call.stream_offset = call->stream_offset;
    wsim_sim_emit(call->sim, &rec);
    call->seq = rec.seq;
    if (call->interrupted) {
        in_progress_violation(call);
        call->interrupted = NULL;
    }
    return ret;
}

/* ---- the blocking call in progress (S05, S06) ------------------------------ */

/* A thread has one blocking Winsock call at a time (Winsock 1.1's model,
 * which the S06 row keeps): the documents call a second one, made by an APC
 * that runs in the first one's alertable wait (S30, W15), undefined. */
int wsapi_blocking_call(wsapi_call *call, int blocking)
{
    if (!blocking)
        return 0;
    wsapi_thread_state *ts = wsapi_thread_state_of(call->thread);
    if (!ts)
        return 0;   /* no memory to keep track in: let it through */
    if (ts->blocking_call) {
        call->interrupted = ts->blocking_call;
        return WSAEINPROGRESS;
    }
    ts->blocking_call = call;
    call->blocking = 1;
    return 0;
}

static void in_progress_violation(const wsapi_call *call)
{
    const wsapi_call *outer = call->interrupted;
    char text[256];
    snprintf(text, sizeof text,
             "%s is a blocking call made inside an APC that interrupted the thread's blocking"
             " %s (entered at %lld ns): refused with WSAEINPROGRESS",
             call->function, outer->function, (long long)outer->start_ns);
    const char *rule = outer->fn == WSIM_FN_WSASend ? "W15" : "S06";
    wsapi_violation_for(call->thread, call->seq, rule, text);
}

void wsapi_violation_for(wsim_thread *thread, uint64_t call_seq, const char *rule,
                         const char *text)
{
    wsim_record rec;
    wsim_record_init(thread->sim, &rec, WSIM_REC_VIOLATION);
    rec.host = thread->process->host->id;
    rec.process = thread->process->id;
    rec.thread = thread->id;
    rec.name = rule;
    rec.text = text;
    rec.violation.call_seq = (int64_t)call_seq;
    wsim_sim_emit(thread->sim, &rec);
}

void wsapi_emit_completion(wsim_thread *thread, int64_t socket, uint64_t call_seq,
                           wsim_fn fn, uint64_t bytes, int error,
                           const char *delivery)
{
    wsim_sim *sim = thread->sim;
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_COMPLETION);
    rec.host = thread->process->host->id;
    rec.process = thread->process->id;
    rec.thread = thread->id;
    rec.socket = socket;
    rec.name = wsim_fns[fn].name;
    rec.text = delivery;
    rec.completion.call_seq = (int64_t)call_seq;
    rec.completion.bytes = (int64_t)bytes;
    rec.completion.error = error;
    wsim_sim_emit(sim, &rec);
}
