/* select.c — select, __WSAFDIsSet and WSAPoll, in virtual time.
 *
 * Both ask netevents.c what each socket is ready for (wsapi_readiness), and
 * wait on their process's io_changed queue, which every change of one of its
 * sockets wakes: however many sockets they watch, they wait on one queue,
 * and look again at every socket when woken.  Nothing wsim allocates is held
 * across the wait (the thread may be ended in it): the sets and the array
 * are read from the program again after each wait; the program, blocked in
 * the call, cannot have changed them.  The wait is alertable, as a blocking
 * Winsock call's is: an APC queued to the thread runs in it, and the call
 * goes on waiting (Wine's Windows-run test_select and test_WSAPoll).  A call
 * that may wait is the thread's blocking call (S06, calls.h), and
 * WSACancelBlockingCall ends it with WSAEINTR (S05).
 *
 * select (its reference page; Wine's Windows-run test_select):
 *   - nfds is ignored; each set is a count and an array of sockets, and may
 *     be NULL; all three NULL or empty: WSAEINVAL; a set or the time-out not
 *     wholly readable: WSAEFAULT; a time-out below zero: WSAEINVAL; a handle
 *     that is not an open socket: WSAENOTSOCK, the sets left as they were;
 *   - readfds: bytes to read, a connection to accept, the peer's FIN, a
 *     broken connection; writefds: a send would be taken (so a connect has
 *     succeeded); exceptfds: urgent data without SO_OOBINLINE, or a failed
 *     connect;
 *   - timeout NULL waits until a socket is ready, {0, 0} only looks, any
 *     other waits at most that long;
 *   - each set is rewritten to hold its ready sockets, in the order given,
 *     each once; the result counts a socket once per set it is ready in.
 *     Sets given at the same address are rewritten as one, their union
 *     (test_select: select(0, &fds, &fds, NULL, …) reports each socket
 *     once);
 *   - a socket closed by another thread while select waits is reported in
 *     readfds when it is in readfds; otherwise select fails with
 *     WSAENOTSOCK and the sets come back empty (test_select, "bug 38399").
 *
 * WSAPoll (its reference page; Wine's Windows-run test_WSAPoll):
 *   - fds 0: WSAEINVAL; fdArray not wholly readable: WSAEFAULT; every entry
 *     an invalid socket: WSAENOTSOCK, each revents POLLNVAL; otherwise an
 *     entry (whose fd is not INVALID_SOCKET) asking for anything but
 *     POLLRDNORM, POLLRDBAND and POLLWRNORM: WSAEINVAL, each revents 0;
 *   - revents: POLLRDNORM for bytes or a datagram to read or a connection to
 *     accept, POLLRDBAND for urgent data, POLLWRNORM when a send would be
 *     taken, and always, when they hold, POLLHUP (the peer's FIN, a broken
 *     connection) and POLLERR (a broken connection, a failed connect, which
 *     also reports POLLWRNORM); POLLNVAL for an invalid socket;
 *   - the result counts the entries with revents, but not the ones invalid
 *     from the start (test_WSAPoll: a listener and a bogus handle give 0); a
 *     socket closed while WSAPoll waits is reported POLLNVAL, counted, and
 *     ends the wait.  What each entry's revents says after a look is what
 *     the next look (after a wait) tells the two apart by;
 *   - timeout in milliseconds: below 0 waits until an entry is ready, 0 only
 *     looks.
 */
#include <stddef.h>
#include <stdlib.h>

#include <winsock2.h>

#include "sim/defaults.h"
#include "wsapi/netevents.h"
#include "wsapi/sockets.h"

/* The open socket a handle names, or NULL. */
static wsapi_socket *socket_of(wsapi_call *call, SOCKET fd)
{
    wsapi_handle *h = wsapi_handle_get(call->proc, (int64_t)fd);
    return h && h->kind == WSAPI_HANDLE_SOCKET && !h->u.socket->closed ? h->u.socket : NULL;
}

/* Waits, alertably, until one of the process's sockets changes or the
 * deadline (-1: none) passes: 0, or WSAEINTR when WSACancelBlockingCall
 * cancelled the call (S05). */
static int wait_for_change(wsapi_call *call, int64_t deadline)
{
    wsim_waitq *q = &call->proc->io_changed;
    wsapi_wait_alertable(call->thread, &q, 1, deadline, call->function);
    return call->cancelled ? WSAEINTR : 0;
}

/* ---- select -------------------------------------------------------------------- */

/* One of select's sets, as the program gave it, and its ready sockets. */
typedef struct sock_set {
    u_int count;
    SOCKET *fds;
    u_int ready_count;
    SOCKET *ready;
} sock_set;

static int read_set(const fd_set *program, sock_set *set)
{
    if (!program)
        return 0;
    /* A set may sit at any address (x86-64 does not mind): its fields are
     * reached by byte offset and copied, never through a misaligned
     * fd_set lvalue. */
    if (wsapi_read_program(&set->count, (const char *)program + offsetof(fd_set, fd_count),
                           sizeof set->count) != 0)
        return WSAEFAULT;
    if (set->count == 0)
        return 0;
    set->fds = malloc((size_t)set->count * sizeof *set->fds);
    if (!set->fds)
        return WSAENOBUFS;
    if (wsapi_read_program(set->fds, (const char *)program + offsetof(fd_set, fd_array),
                           (size_t)set->count * sizeof *set->fds) != 0)
        return WSAEFAULT;
    return 0;
}

static int in_set(const SOCKET *fds, u_int count, SOCKET fd)
{
    for (u_int i = 0; i < count; i++)
        if (fds[i] == fd)
            return 1;
    return 0;
}

static void add_once(sock_set *set, SOCKET fd)
{
    if (!in_set(set->ready, set->ready_count, fd))
        set->ready[set->ready_count++] = fd;
}

static int write_set(fd_set *program, const sock_set *set)
{
    if (wsapi_write_program((char *)program + offsetof(fd_set, fd_count), &set->ready_count,
                            sizeof set->ready_count) != 0 ||
        wsapi_write_program((char *)program + offsetof(fd_set, fd_array), set->ready,
                            (size_t)set->ready_count * sizeof *set->ready) != 0)
        return WSAEFAULT;
    return 0;
}

/* One look at the sets (the header's rules).  0 with *done and *ready, the
 * sets rewritten when done (something is ready, or `last`); or the error
 * (WSAENOTSOCK with the sets emptied when a socket vanished meanwhile). */
static int select_pass(wsapi_call *call, fd_set *const given[3], int first, int last,
                       int *done, long long *ready)
{
    static const unsigned wanted[3] = {
        WSAPI_READY_READ,
        WSAPI_READY_WRITE,
        WSAPI_READY_OOB | WSAPI_READY_CONNECT_FAILED,
    };
    sock_set sets[3] = {{0}};
    int owner[3];
    u_int all = 0;
    int error = 0, vanished = 0;
    SOCKET *ready_space = NULL;
    for (int i = 0; i < 3 && !error; i++) {
        error = read_set(given[i], &sets[i]);
        all += sets[i].count;
    }
    if (!error && all == 0)
        error = WSAEINVAL;
    if (!error && !(ready_space = malloc(3 * (size_t)all * sizeof *ready_space)))
        error = WSAENOBUFS;
    for (int i = 0; i < 3 && !error; i++) {
        sets[i].ready = ready_space + (size_t)i * all;
        owner[i] = i;
        for (int j = 0; j < i; j++)
            if (given[i] && given[j] == given[i] && owner[i] == i)
                owner[i] = j;
        for (u_int k = 0; k < sets[i].count; k++) {
            SOCKET fd = sets[i].fds[k];
            wsapi_socket *sock = socket_of(call, fd);
            if (!sock && first) {
                error = WSAENOTSOCK;
                break;
            }
            if (!sock && i != 0) {
                /* Closed while select waited: reported in readfds only. */
                if (!in_set(sets[0].fds, sets[0].count, fd))
                    vanished = 1;
                continue;
            }
            if (!sock || (wsapi_readiness(sock) & wanted[i]))
                add_once(&sets[owner[i]], fd);
        }
    }
    *ready = 0;
    *done = !error && (vanished || last);
    for (int i = 0; i < 3 && !error; i++) {
        if (vanished)
            sets[i].ready_count = 0;
        if (owner[i] == i)
            *ready += sets[i].ready_count;
    }
    if (*ready > 0)
        *done = 1;
    for (int i = 0; i < 3 && *done; i++)
        if (given[i] && owner[i] == i && !error)
            error = write_set(given[i], &sets[i]);
    for (int i = 0; i < 3; i++)
        free(sets[i].fds);
    free(ready_space);
    return !error && vanished ? WSAENOTSOCK : error;
}

int WSAAPI select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
                  const struct timeval *timeout)
{
    (void)nfds;   /* Winsock's sets are counted arrays: nfds means nothing */
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_select, -1) != 0)
        return SOCKET_ERROR;
    fd_set *const given[3] = {readfds, writefds, exceptfds};
    int64_t wait_ns = -1;
    TIMEVAL tv;
    int error = wsapi_check_started(&call);
    if (!error && timeout && wsapi_read_program(&tv, timeout, sizeof tv) != 0)
        error = WSAEFAULT;
    if (!error && timeout && (tv.tv_sec < 0 || tv.tv_usec < 0))
        error = WSAEINVAL;
    if (!error && timeout)
        wait_ns = (int64_t)tv.tv_sec * WSIM_NS_PER_S + (int64_t)tv.tv_usec * WSIM_NS_PER_US;
    wsapi_call_args(&call, "read=%d write=%d except=%d timeout_ns=%lld", readfds != NULL,
                    writefds != NULL, exceptfds != NULL, (long long)wait_ns);
    if (!error)
        error = wsapi_blocking_call(&call, wait_ns != 0);   /* S06 */
    int64_t deadline = wait_ns < 0 ? -1 : call.sim->now_ns + wait_ns;
    long long ready = 0;
    for (int first = 1; !error; first = 0) {
        int done;
        int last = deadline >= 0 && call.sim->now_ns >= deadline;
        error = select_pass(&call, given, first, last, &done, &ready);
        if (error || done)
            break;
        error = wait_for_change(&call, deadline);
    }
    return (int)wsapi_call_end(&call, error ? SOCKET_ERROR : ready, error);
}

int WSAAPI __WSAFDIsSet(SOCKET fd, fd_set *set)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN___WSAFDIsSet, (int64_t)fd) != 0)
        return 0;
    sock_set s = {0};
    int found = read_set(set, &s) == 0 && in_set(s.fds, s.count, fd);
    free(s.fds);
    return (int)wsapi_call_end(&call, found, 0);
}

/* ---- WSAPoll ------------------------------------------------------------------- */

#define POLL_ASKABLE (POLLRDNORM | POLLRDBAND | POLLWRNORM)

static SHORT poll_events_of(unsigned r)
{
    SHORT ev = 0;
    if (r & WSAPI_READY_DATA)
        ev |= POLLRDNORM;
    if (r & WSAPI_READY_OOB)
        ev |= POLLRDBAND;
    if (r & (WSAPI_READY_WRITE | WSAPI_READY_CONNECT_FAILED))
        ev |= POLLWRNORM;
    if (r & WSAPI_READY_HUP)
        ev |= POLLHUP;
    if (r & WSAPI_READY_ERROR)
        ev |= POLLERR;
    return ev;
}

/* One look at the entries (the header's rules): 0 with *done and *count,
 * every revents written; or the error. */
static int poll_pass(wsapi_call *call, LPWSAPOLLFD program, ULONG n, int first, int last,
                     int *done, long long *count)
{
    WSAPOLLFD *fds = malloc((size_t)n * sizeof *fds);
    if (!fds)
        return WSAENOBUFS;
    int error = wsapi_read_program(fds, program, (size_t)n * sizeof *fds) != 0 ? WSAEFAULT : 0;
    ULONG valid = 0;
    int bad_flags = 0;
    for (ULONG i = 0; i < n && !error; i++) {
        if (socket_of(call, fds[i].fd))
            valid++;
        if (fds[i].fd != INVALID_SOCKET && (fds[i].events & ~POLL_ASKABLE))
            bad_flags = 1;
    }
    if (!error && first && valid == 0)
        error = WSAENOTSOCK;
    else if (!error && first && bad_flags)
        error = WSAEINVAL;
    *count = 0;
    for (ULONG i = 0; i < n && (!error || error == WSAENOTSOCK || error == WSAEINVAL); i++) {
        wsapi_socket *sock = socket_of(call, fds[i].fd);
        SHORT was = fds[i].revents;
        if (error == WSAEINVAL) {
            fds[i].revents = 0;
        } else if (!sock) {
            fds[i].revents = POLLNVAL;
            if (!first && was != POLLNVAL)
                (*count)++;                /* closed while WSAPoll waited */
        } else {
            SHORT ev = poll_events_of(wsapi_readiness(sock));
            fds[i].revents = (SHORT)(ev & (fds[i].events | POLLHUP | POLLERR));
            if (fds[i].revents)
                (*count)++;
        }
    }
    if ((!error || error == WSAENOTSOCK || error == WSAEINVAL) &&
        wsapi_write_program(program, fds, (size_t)n * sizeof *fds) != 0)
        error = WSAEFAULT;
    free(fds);
    *done = error || *count > 0 || last;
    return error;
}

int WSAAPI WSAPoll(LPWSAPOLLFD fdArray, ULONG fds, INT timeout)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_WSAPoll, -1) != 0)
        return SOCKET_ERROR;
    wsapi_call_args(&call, "fds=%lu timeout=%d", (unsigned long)fds, (int)timeout);
    int error = wsapi_check_started(&call);
    if (!error)
        error = wsapi_blocking_call(&call, timeout != 0);   /* S06 */
    if (!error && fds == 0)
        error = WSAEINVAL;
    if (!error && (!fdArray || wsapi_program_readable(fdArray, (size_t)fds * sizeof *fdArray) != 0))
        error = WSAEFAULT;
    int64_t deadline = timeout < 0 ? -1 : call.sim->now_ns + (int64_t)timeout * WSIM_NS_PER_MS;
    long long count = 0;
    for (int first = 1; !error; first = 0) {
        int done;
        int last = deadline >= 0 && call.sim->now_ns >= deadline;
        error = poll_pass(&call, fdArray, fds, first, last, &done, &count);
        if (error || done)
            break;
        error = wait_for_change(&call, deadline);
    }
    return (int)wsapi_call_end(&call, error ? SOCKET_ERROR : count, error);
}
