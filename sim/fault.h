/* fault.h — faults injected into a running simulation.
 *
 * Owns: the kinds of fault, their names (the scenario's "kind" and the
 * trace's), scheduling them at a virtual time, applying them, and the FAULT
 * record each one leaves in the trace (name = kind, text = target, host =
 * the host a host fault hits), emitted before the fault takes effect so the
 * drops it causes follow it.
 *
 *   link-down, partition   links go down: every packet on them is lost
 *                          (net.h wsim_link_set_up); a partition is a named
 *                          set of links
 *   link-up, heal          links come back up
 *   host-crash             the host's processes are killed (exit_how
 *                          "host-crash"), its sockets vanish without sending
 *                          anything (its streams are freed), packets it had
 *                          not finished transmitting are lost, and whatever
 *                          reaches it is dropped (host-down)
 *   host-restart           every program the crash killed starts again, as a
 *                          new instance of the same module (fresh globals),
 *                          at restart time + its start time (counted from
 *                          boot); a program that had ended before the crash
 *                          stays ended
 *   network-down / -up     the host's own calls fail with WSAENETDOWN (S03)
 *                          and nothing enters or leaves it
 *   buffers-exhausted /    the host's own calls that can fail for want of
 *   buffers-available      buffers fail with WSAENOBUFS (S09)
 *   link-loss              the link's loss probability becomes the fault's
 *                          (both directions), until another link-loss:
 *                          only through wsim_fault_schedule_loss
 *   link-jitter            the link's jitter bound becomes the fault's, the
 *                          same way (wsim_fault_schedule_jitter)
 *
 * State changes are absolute: bringing a link up that two partitions took
 * down brings it up.  A crash or restart does not change the network-down
 * or buffer state, nor does a repeated fault (a second crash of a crashed
 * host) do anything but leave its record.
 */
#ifndef WSIM_SIM_FAULT_H
#define WSIM_SIM_FAULT_H

#include <stddef.h>
#include <stdint.h>

#include "sim/net.h"

typedef enum wsim_fault_kind {
    WSIM_FAULT_LINK_DOWN,
    WSIM_FAULT_LINK_UP,
    WSIM_FAULT_PARTITION,
    WSIM_FAULT_HEAL,
    WSIM_FAULT_HOST_CRASH,
    WSIM_FAULT_HOST_RESTART,
    WSIM_FAULT_NETWORK_DOWN,
    WSIM_FAULT_NETWORK_UP,
    WSIM_FAULT_BUFFERS_EXHAUSTED,
    WSIM_FAULT_BUFFERS_AVAILABLE,
    WSIM_FAULT_LINK_LOSS,
    WSIM_FAULT_LINK_JITTER,
    WSIM_FAULT_KIND_COUNT
} wsim_fault_kind;

/* "link-down", "host-crash" …; NULL for a value out of range. */
const char *wsim_fault_kind_name(wsim_fault_kind kind);
/* 0 with *kind set, or -1 when name is no kind's name. */
int wsim_fault_kind_from_name(const char *name, wsim_fault_kind *kind);
/* 1 for the kinds that hit a host, 0 for those that hit links. */
int wsim_fault_hits_host(wsim_fault_kind kind);

/* Applies a fault now, from the kernel (an event, not a program's thread),
 * recording it first.  Link kinds use links[0 .. link_count), host kinds
 * use host; target names them in the record (NULL: the host's name). */
void wsim_fault_apply(wsim_sim *sim, wsim_fault_kind kind, const char *target,
                      wsim_link *const *links, size_t link_count, wsim_host *host);

/* Schedules the same for at_ns (copying links and target).  Faults due at
 * one instant apply in the order they were scheduled.  0, or -1 when out of
 * memory. */
int wsim_fault_schedule(wsim_sim *sim, int64_t at_ns, wsim_fault_kind kind, const char *target,
                        wsim_link *const *links, size_t link_count, wsim_host *host);

/* A link-loss fault: at at_ns, link's loss probability becomes loss
 * (target names it in the record).  0, or -1 when out of memory. */
int wsim_fault_schedule_loss(wsim_sim *sim, int64_t at_ns, const char *target, wsim_link *link,
                             double loss);

/* A link-jitter fault: at at_ns, link's jitter bound becomes jitter_ns. */
int wsim_fault_schedule_jitter(wsim_sim *sim, int64_t at_ns, const char *target, wsim_link *link,
                               int64_t jitter_ns);

/* 1 while a restart due by the stop time will start programs a crash
 * killed: the run is not over until it has (sim.c). */
int wsim_fault_restart_pending(const wsim_sim *sim);

/* Frees every scheduled fault (wsim_sim_free calls it). */
void wsim_fault_free_all(wsim_sim *sim);

#endif
