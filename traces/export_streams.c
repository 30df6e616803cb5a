/* export_streams.c — which stream send's bytes which receive read
 * (wsim_byte_flows, export.h).
 *
 * The trace gives every stream send and receive its socket and the offset in
 * the stream of its first byte (calls.stream_offset), but not which socket
 * is at the other end.  That is found from the handshake:
 *  - a `connect`/`WSAConnect` on host H to A:P sent a SYN from H to A:P
 *    before the call returned: that SYN's source is the socket's own end;
 *  - an `accept`/`WSAAccept` that returned socket s with peer=A:P answered
 *    with a SYN-ACK from H to A:P before it returned: its source is s's end.
 * A socket value is reused after it is closed, so the ends belong to the
 * latest connect or accept that named the socket in that process.
 *
 * A call's byte count is its return value for send/recv (and their "to" and
 * "from" forms), and the bytes of its successful completion for the
 * overlapped WSA calls.  A WSA call that finished at once without a
 * completion row, or a send on a socket whose handshake is not in the trace
 * (a socket of a connection cut before it was established), takes no part:
 * the matching is exact where it is made and says nothing where it cannot.
 * Sends and receives of one direction are then merged by byte range:
 * a pair overlaps when [send_off, send_off + n) meets [recv_off, recv_off + m).
 */
#include "traces/export.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

typedef struct endpoint_pair {
    uint64_t from, to;   /* (ipv4 << 16) | port of the sending and receiving end */
} endpoint_pair;

typedef struct socket_ends {
    int64_t process, socket;
    uint64_t local, remote;
} socket_ends;

typedef struct xfer {
    endpoint_pair dir;
    int64_t off, len, seq;
    int is_send;
} xfer;

typedef struct streams {
    sqlite3 *db;
    sqlite3_stmt *syn, *completion;
    socket_ends *ends;
    size_t n_ends, cap_ends;
    xfer *xfers;
    size_t n_xfers, cap_xfers;
    char *err;
    size_t err_size;
} streams;

static uint64_t pack_endpoint(const char *addr, int64_t port)
{
    unsigned a, b, c, d;
    if (!addr || sscanf(addr, "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
        return 0;
    return ((uint64_t)((a << 24) | (b << 16) | (c << 8) | d) << 16) | (uint64_t)(port & 0xffff);
}

/* "addr=1.2.3.4:80" (key "addr=") in args → address text and port. */
static int arg_endpoint(const char *args, const char *key, char *addr, size_t addr_size,
                        int64_t *port)
{
    const char *p = args ? strstr(args, key) : NULL;
    if (!p)
        return -1;
    p += strlen(key);
    const char *colon = strchr(p, ':');
    if (!colon || (size_t)(colon - p) >= addr_size)
        return -1;
    memcpy(addr, p, (size_t)(colon - p));
    addr[colon - p] = '\0';
    *port = strtoll(colon + 1, NULL, 10);
    return 0;
}

static socket_ends *find_ends(streams *st, int64_t process, int64_t socket)
{
    for (size_t i = st->n_ends; i-- > 0;)
        if (st->ends[i].process == process && st->ends[i].socket == socket)
            return &st->ends[i];
    return NULL;
}

static int set_ends(streams *st, int64_t process, int64_t socket, uint64_t local,
                    uint64_t remote)
{
    socket_ends *e = find_ends(st, process, socket);
    if (!e) {
        if (st->n_ends == st->cap_ends) {
            size_t cap = st->cap_ends ? st->cap_ends * 2 : 64;
            socket_ends *grown = realloc(st->ends, cap * sizeof *grown);
            if (!grown)
                return -1;
            st->ends = grown;
            st->cap_ends = cap;
        }
        e = &st->ends[st->n_ends++];
        e->process = process;
        e->socket = socket;
    }
    e->local = local;
    e->remote = remote;
    return 0;
}

/* The source of the latest segment sent by `host` to addr:port with exactly
 * `flags`, at or after start_ns and before the call record `seq`. */
static uint64_t handshake_source(streams *st, int64_t host, const char *addr, int64_t port,
                                 const char *flags, int64_t start_ns, int64_t seq)
{
    sqlite3_stmt *q = st->syn;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, host);
    sqlite3_bind_text(q, 2, addr, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 3, port);
    sqlite3_bind_text(q, 4, flags, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 5, start_ns);
    sqlite3_bind_int64(q, 6, seq);
    uint64_t source = 0;
    if (sqlite3_step(q) == SQLITE_ROW)
        source = pack_endpoint((const char *)sqlite3_column_text(q, 0), sqlite3_column_int64(q, 1));
    return source;
}

static int64_t completion_bytes(streams *st, int64_t call_seq)
{
    sqlite3_stmt *q = st->completion;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, call_seq);
    int64_t bytes = -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        bytes = sqlite3_column_int64(q, 0);
    return bytes;
}

static int add_xfer(streams *st, const xfer *x)
{
    if (st->n_xfers == st->cap_xfers) {
        size_t cap = st->cap_xfers ? st->cap_xfers * 2 : 256;
        xfer *grown = realloc(st->xfers, cap * sizeof *grown);
        if (!grown)
            return -1;
        st->xfers = grown;
        st->cap_xfers = cap;
    }
    st->xfers[st->n_xfers++] = *x;
    return 0;
}

static int is_one_of(const char *name, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(name, *names) == 0)
            return 1;
    return 0;
}

static const char *const plain_sends[] = {"send", "sendto", NULL};
static const char *const wsa_sends[] = {"WSASend", "WSASendTo", NULL};
static const char *const plain_recvs[] = {"recv", "recvfrom", NULL};
static const char *const wsa_recvs[] = {"WSARecv", "WSARecvFrom", NULL};

/* One call row: learn a socket's ends, or note a transfer. */
static int visit_call(streams *st, sqlite3_stmt *row)
{
    int64_t seq = sqlite3_column_int64(row, 0);
    int64_t start_ns = sqlite3_column_int64(row, 1);
    int64_t host = sqlite3_column_int64(row, 2);
    int64_t process = sqlite3_column_int64(row, 3);
    const char *function = (const char *)sqlite3_column_text(row, 4);
    int has_socket = sqlite3_column_type(row, 5) != SQLITE_NULL;
    int64_t socket = sqlite3_column_int64(row, 5);
    const char *args = (const char *)sqlite3_column_text(row, 6);
    int64_t ret = sqlite3_column_int64(row, 7);
    int has_offset = sqlite3_column_type(row, 8) != SQLITE_NULL;
    int64_t offset = sqlite3_column_int64(row, 8);
    if (!function || !has_socket)
        return 0;
    char addr[64];
    int64_t port;
    if (strcmp(function, "connect") == 0 || strcmp(function, "WSAConnect") == 0) {
        if (arg_endpoint(args, "addr=", addr, sizeof addr, &port) != 0)
            return 0;
        uint64_t local = handshake_source(st, host, addr, port, "SYN", start_ns, seq);
        return local ? set_ends(st, process, socket, local, pack_endpoint(addr, port)) : 0;
    }
    if (strcmp(function, "accept") == 0 || strcmp(function, "WSAAccept") == 0) {
        if (ret < 0 || arg_endpoint(args, "peer=", addr, sizeof addr, &port) != 0)
            return 0;
        uint64_t local = handshake_source(st, host, addr, port, "SYN|ACK", start_ns, seq);
        return local ? set_ends(st, process, ret, local, pack_endpoint(addr, port)) : 0;
    }
    if (!has_offset)
        return 0;
    int is_send = is_one_of(function, plain_sends) || is_one_of(function, wsa_sends);
    int is_recv = is_one_of(function, plain_recvs) || is_one_of(function, wsa_recvs);
    if (!is_send && !is_recv)
        return 0;
    int64_t len = is_one_of(function, plain_sends) || is_one_of(function, plain_recvs)
                      ? ret
                      : completion_bytes(st, seq);
    const socket_ends *e = find_ends(st, process, socket);
    if (len <= 0 || !e)
        return 0;
    xfer x = {.off = offset, .len = len, .seq = seq, .is_send = is_send};
    x.dir = is_send ? (endpoint_pair){e->local, e->remote} : (endpoint_pair){e->remote, e->local};
    return add_xfer(st, &x);
}

static int cmp_xfer(const void *pa, const void *pb)
{
    const xfer *a = pa, *b = pb;
    if (a->dir.from != b->dir.from)
        return a->dir.from < b->dir.from ? -1 : 1;
    if (a->dir.to != b->dir.to)
        return a->dir.to < b->dir.to ? -1 : 1;
    if (a->off != b->off)
        return a->off < b->off ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmp_flow(const void *pa, const void *pb)
{
    const wsim_byte_flow *a = pa, *b = pb;
    if (a->send_seq != b->send_seq)
        return a->send_seq < b->send_seq ? -1 : 1;
    return a->recv_seq < b->recv_seq ? -1 : a->recv_seq > b->recv_seq;
}

static int same_dir(const xfer *a, const xfer *b)
{
    return a->dir.from == b->dir.from && a->dir.to == b->dir.to;
}

/* Per direction: every send against the receives whose ranges meet it.  The
 * receives of one direction never overlap each other (each byte is read once),
 * so a window over the receives sorted by offset suffices. */
static int pair_up(streams *st, wsim_byte_flow **flows, size_t *count)
{
    qsort(st->xfers, st->n_xfers, sizeof *st->xfers, cmp_xfer);
    size_t n = 0, cap = 0;
    wsim_byte_flow *out = NULL;
    for (size_t begin = 0; begin < st->n_xfers;) {
        size_t end = begin;
        while (end < st->n_xfers && same_dir(&st->xfers[begin], &st->xfers[end]))
            end++;
        size_t first_recv = begin;   /* no receive before it ends after the current send */
        for (size_t i = begin; i < end; i++) {
            const xfer *s = &st->xfers[i];
            if (!s->is_send)
                continue;
            while (first_recv < end &&
                   (st->xfers[first_recv].is_send ||
                    st->xfers[first_recv].off + st->xfers[first_recv].len <= s->off))
                first_recv++;
            for (size_t j = first_recv; j < end && st->xfers[j].off < s->off + s->len; j++) {
                const xfer *r = &st->xfers[j];
                if (r->is_send || r->off + r->len <= s->off)
                    continue;
                if (n == cap) {
                    cap = cap ? cap * 2 : 256;
                    wsim_byte_flow *grown = realloc(out, cap * sizeof *grown);
                    if (!grown) {
                        free(out);
                        return -1;
                    }
                    out = grown;
                }
                out[n++] = (wsim_byte_flow){s->seq, r->seq};
            }
        }
        begin = end;
    }
    qsort(out, n, sizeof *out, cmp_flow);
    *flows = out;
    *count = n;
    return 0;
}

int wsim_byte_flows(sqlite3 *db, wsim_byte_flow **flows, size_t *count, char *err,
                    size_t err_size)
{
    streams st = {.db = db, .err = err, .err_size = err_size};
    *flows = NULL;
    *count = 0;
    sqlite3_stmt *calls = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db,
                           "SELECT src_addr, src_port FROM segments WHERE host = ?1 AND "
                           "event = 'send' AND dst_addr = ?2 AND dst_port = ?3 AND flags = ?4 "
                           "AND time_ns >= ?5 AND seq < ?6 ORDER BY seq DESC LIMIT 1",
                           -1, &st.syn, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT bytes FROM completions WHERE call_seq = ?1 AND error = 0 "
                           "ORDER BY seq LIMIT 1",
                           -1, &st.completion, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT seq, start_ns, host, process, function, socket, args, ret, "
                           "stream_offset FROM calls WHERE socket IS NOT NULL ORDER BY seq",
                           -1, &calls, NULL) != SQLITE_OK) {
        snprintf(err, err_size, "reading streams: %s", sqlite3_errmsg(db));
        goto done;
    }
    int step;
    while ((step = sqlite3_step(calls)) == SQLITE_ROW)
        if (visit_call(&st, calls) != 0) {
            snprintf(err, err_size, "reading streams: out of memory");
            goto done;
        }
    if (step != SQLITE_DONE) {
        snprintf(err, err_size, "reading streams: %s", sqlite3_errmsg(db));
        goto done;
    }
    if (pair_up(&st, flows, count) != 0) {
        snprintf(err, err_size, "reading streams: out of memory");
        goto done;
    }
    rc = 0;
done:
    sqlite3_finalize(calls);
    sqlite3_finalize(st.syn);
    sqlite3_finalize(st.completion);
    free(st.ends);
    free(st.xfers);
    return rc;
}
