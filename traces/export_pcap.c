/* export_pcap.c — the simulated packets as a libpcap capture, for Wireshark
 * and tshark (wsim_export_pcap, export.h).
 *
 * Which packets:
 *  - everything (no filter): each packet once, as it left its source (the
 *    `send` rows), lost ones included;
 *  - --host H: what H's interfaces saw: its `send`, `forward` and `recv`
 *    rows; a packet H sent to itself (loopback) is written once, at its send;
 *  - --link L: what a tap on link L saw: every hop between L's two ends
 *    (export_hops.c), written as it began, lost ones included (they were on
 *    the wire), but not a packet dropped before it left (queue full, link
 *    down: the drop is at the node that sent it).
 * Each is stamped with the virtual time of its row, in nanoseconds, from the
 * epoch programs see (2025-01-01T00:00:00Z): the time the model handed the
 * packet to the link (a ` wait=N` in its detail says how long it then
 * queued) or took it off.
 *
 * How each packet is rebuilt (the trace's `segments` row and its `payloads`
 * row, SCHEMA.md):
 *  - Ethernet II; each address is 02:00 and the IPv4 address of the packet's
 *    source or destination (locally administered, so never a real vendor's);
 *  - IPv4 without options: TTL as recorded; TCP with DF and id 0 (as Linux
 *    sends), UDP and ICMP with their datagram's id and fragment offset;
 *  - TCP: ports, sequence and acknowledgement numbers, flags, window
 *    (at most 65535: the model has no window scaling, and advertises 65536
 *    with a 64 KiB buffer), urgent pointer, and the options the model counted
 *    in the header's size: on a SYN MSS, window scale (shift 0), SACK
 *    permitted and timestamps; else timestamps and SACK blocks; NOPs to align;
 *  - UDP with its length and checksum (0, "none", on a fragmented datagram,
 *    whose checksum would need every fragment); ICMP with type, code and the
 *    quote (whose IP header checksum is computed here: the model leaves it 0);
 *  - every IPv4, TCP, UDP and ICMP checksum computed.
 */
/* pcap.h uses the BSD names u_int, u_char … that strict POSIX hides. */
#define _DEFAULT_SOURCE
#include "traces/export.h"

#include <pcap/pcap.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "traces/compare.h"

/* 2025-01-01T00:00:00Z, the epoch of the programs' clocks (README). */
#define PCAP_EPOCH_S 1735689600LL
#define PCAP_SNAPLEN 262144
#define PCAP_MAX_PACKET (14 + 60 + 60 + 65536)

typedef struct capture {
    sqlite3 *db;
    pcap_t *pcap;
    pcap_dumper_t *dumper;
    unsigned char *frame;
    int64_t packets;
} capture;

/* ---- bytes ------------------------------------------------------------------ */

static void put16(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v);
}

static uint32_t sum16(const unsigned char *p, size_t n, uint32_t sum)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += ((uint32_t)p[i] << 8) | p[i + 1];
    if (n & 1)
        sum += (uint32_t)p[n - 1] << 8;
    return sum;
}

static uint16_t fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* The TCP/UDP checksum over the pseudo-header and the segment. */
static uint16_t transport_checksum(const unsigned char *ip, const unsigned char *seg, size_t n)
{
    unsigned char pseudo[12];
    memcpy(pseudo, ip + 12, 8);
    pseudo[8] = 0;
    pseudo[9] = ip[9];
    put16(pseudo + 10, (uint32_t)n);
    return fold(sum16(seg, n, sum16(pseudo, sizeof pseudo, 0)));
}

static uint32_t parse_ip(const char *text)
{
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!text || sscanf(text, "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
        return 0;
    return (a << 24) | (b << 16) | (c << 8) | d;
}

static uint8_t parse_flags(const char *text)
{
    static const struct {
        const char *name;
        uint8_t bit;
    } names[] = {{"FIN", 1}, {"SYN", 2}, {"RST", 4}, {"PSH", 8}, {"ACK", 16}, {"URG", 32}};
    uint8_t flags = 0;
    while (text && *text) {
        size_t n = strcspn(text, "|");
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (n == strlen(names[i].name) && strncmp(text, names[i].name, n) == 0)
                flags |= names[i].bit;
        if (n > 2 && text[0] == '0' && text[1] == 'x')
            flags |= (uint8_t)strtoul(text, NULL, 16);
        text += n + (text[n] == '|');
    }
    return flags;
}

/* The value of `key=` in a wire header ("proto=6 ttl=64 …"), or NULL. */
static const char *wire_value(const char *wire, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = wire; p && *p;) {
        if (strncmp(p, key, n) == 0 && p[n] == '=')
            return p + n + 1;
        p = strchr(p, ' ');
        if (p)
            p++;
    }
    return NULL;
}

static unsigned long wire_num(const char *wire, const char *key, unsigned long absent)
{
    const char *v = wire_value(wire, key);
    return v ? strtoul(v, NULL, 10) : absent;
}

/* ---- one packet ---------------------------------------------------------- */

typedef struct packet_row {
    int64_t time_ns;
    const char *src, *dst, *flags, *wire;
    int64_t src_port, dst_port, seqno, ackno;
    const unsigned char *bytes;
    size_t len;
} packet_row;

/* TCP options as the model counted them (sim/stream.c header_bytes). */
static size_t tcp_options(const char *wire, uint8_t flags, unsigned char *o)
{
    size_t n = 0;
    const char *ts = wire_value(wire, "ts");
    unsigned long ts_val = 0, ts_ecr = 0;
    if (ts)
        sscanf(ts, "%lu,%lu", &ts_val, &ts_ecr);
    if (flags & 0x02) {
        unsigned long mss = wire_num(wire, "mss", 0);
        if (mss) {
            o[n++] = 2, o[n++] = 4;
            put16(o + n, (uint32_t)mss), n += 2;
        }
        o[n++] = 1, o[n++] = 3, o[n++] = 3, o[n++] = 0;   /* NOP, window scale 0 */
        int sackok = wire_num(wire, "sackok", 0) != 0;
        if (sackok && ts) {
            o[n++] = 4, o[n++] = 2;
        } else if (sackok) {
            o[n++] = 1, o[n++] = 1, o[n++] = 4, o[n++] = 2;
        } else if (ts) {
            o[n++] = 1, o[n++] = 1;
        }
        if (ts) {
            o[n++] = 8, o[n++] = 10;
            put32(o + n, (uint32_t)ts_val), n += 4;
            put32(o + n, (uint32_t)ts_ecr), n += 4;
        }
        return n;
    }
    if (ts) {
        o[n++] = 1, o[n++] = 1, o[n++] = 8, o[n++] = 10;
        put32(o + n, (uint32_t)ts_val), n += 4;
        put32(o + n, (uint32_t)ts_ecr), n += 4;
    }
    const char *sack = wire_value(wire, "sack");
    if (sack) {
        unsigned long blocks[8];
        int count = 0;
        while (count < 4 && sscanf(sack, "%lu-%lu", &blocks[2 * count], &blocks[2 * count + 1]) == 2) {
            count++;
            sack = strchr(sack, ',');
            if (!sack)
                break;
            sack++;
        }
        o[n++] = 1, o[n++] = 1, o[n++] = 5, o[n++] = (unsigned char)(2 + 8 * count);
        for (int b = 0; b < 2 * count; b++)
            put32(o + n, (uint32_t)blocks[b]), n += 4;
    }
    while (n % 4)
        o[n++] = 1;
    return n;
}

/* The total IP payload length of the datagram a first fragment starts: its
 * last fragment's offset plus length. */
static size_t datagram_total(capture *c, const packet_row *row, unsigned long id)
{
    sqlite3_stmt *q = NULL;
    size_t total = 0;
    char pattern[96];
    snprintf(pattern, sizeof pattern, "%% id=%lu frag=%%,0%%", id);
    if (sqlite3_prepare_v2(c->db,
                           "SELECT p.wire, s.len FROM segments s JOIN payloads p USING (seq) "
                           "WHERE s.src_addr = ?1 AND s.dst_addr = ?2 AND p.wire LIKE ?3 "
                           "AND s.time_ns >= ?4 ORDER BY s.seq LIMIT 1",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, row->src, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, row->dst, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, pattern, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 4, row->time_ns);
        if (sqlite3_step(q) == SQLITE_ROW) {
            const char *frag = wire_value((const char *)sqlite3_column_text(q, 0), "frag");
            total = (frag ? strtoul(frag, NULL, 10) : 0) + (size_t)sqlite3_column_int64(q, 1);
        }
    }
    sqlite3_finalize(q);
    return total;
}

static void write_packet(capture *c, const packet_row *row)
{
    unsigned char *f = c->frame;
    uint32_t src = parse_ip(row->src), dst = parse_ip(row->dst);
    /* Ethernet II */
    f[0] = 0x02, f[1] = 0x00;
    put32(f + 2, dst);
    f[6] = 0x02, f[7] = 0x00;
    put32(f + 8, src);
    put16(f + 12, 0x0800);
    unsigned char *ip = f + 14, *l4 = ip + 20;
    unsigned proto = (unsigned)wire_num(row->wire, "proto", 6);
    size_t len = row->len, l4_len = 0;
    memset(ip, 0, 20);
    ip[0] = 0x45;
    ip[8] = (unsigned char)wire_num(row->wire, "ttl", 128);
    ip[9] = (unsigned char)proto;
    put32(ip + 12, src);
    put32(ip + 16, dst);
    if (proto == 6) {
        uint8_t flags = parse_flags(row->flags);
        put16(ip + 6, 0x4000);   /* DF */
        size_t opt = tcp_options(row->wire, flags, l4 + 20);
        size_t hdr = 20 + opt;
        put16(l4, (uint32_t)row->src_port);
        put16(l4 + 2, (uint32_t)row->dst_port);
        put32(l4 + 4, (uint32_t)row->seqno);
        put32(l4 + 8, (uint32_t)row->ackno);
        l4[12] = (unsigned char)((hdr / 4) << 4);
        l4[13] = flags;
        unsigned long win = wire_num(row->wire, "win", 0);
        put16(l4 + 14, (uint32_t)(win > 65535 ? 65535 : win));
        put16(l4 + 16, 0);
        put16(l4 + 18, (uint32_t)wire_num(row->wire, "urp", 0));
        memcpy(l4 + hdr, row->bytes, len);
        l4_len = hdr + len;
        put16(l4 + 16, transport_checksum(ip, l4, l4_len));
    } else {
        unsigned long id = wire_num(row->wire, "id", 0), offset = 0, more = 0;
        const char *frag = wire_value(row->wire, "frag");
        if (frag)
            sscanf(frag, "%lu,%lu", &offset, &more);
        put16(ip + 4, (uint32_t)id);
        put16(ip + 6, (uint32_t)((more ? 0x2000 : 0) | ((offset / 8) & 0x1fff)));
        if (offset != 0) {   /* a later fragment: raw IP payload */
            memcpy(l4, row->bytes, len);
            l4_len = len;
        } else if (proto == 17) {
            size_t total = more ? datagram_total(c, row, id) : 8 + len;
            put16(l4, (uint32_t)row->src_port);
            put16(l4 + 2, (uint32_t)row->dst_port);
            put16(l4 + 4, (uint32_t)(total ? total : 8 + len));
            put16(l4 + 6, 0);
            memcpy(l4 + 8, row->bytes, len);
            l4_len = 8 + len;
            if (!more) {
                uint16_t sum = transport_checksum(ip, l4, l4_len);
                put16(l4 + 6, sum ? sum : 0xffff);
            }
        } else {   /* ICMP: type, code, checksum, unused, then the quote */
            unsigned long type = 3, code = 3;
            const char *icmp = wire_value(row->wire, "icmp");
            if (icmp)
                sscanf(icmp, "%lu,%lu", &type, &code);
            memset(l4, 0, 8);
            l4[0] = (unsigned char)type;
            l4[1] = (unsigned char)code;
            memcpy(l4 + 8, row->bytes, len);
            if (len >= 20 && (l4[8] >> 4) == 4) {   /* the quoted IP header's checksum */
                put16(l4 + 8 + 10, 0);
                put16(l4 + 8 + 10, fold(sum16(l4 + 8, 20, 0)));
            }
            l4_len = 8 + len;
            if (!more)
                put16(l4 + 2, fold(sum16(l4, l4_len, 0)));
        }
    }
    put16(ip + 2, (uint32_t)(20 + l4_len));
    put16(ip + 10, fold(sum16(ip, 20, 0)));
    struct pcap_pkthdr h;
    memset(&h, 0, sizeof h);
    int64_t t = row->time_ns;
    h.ts.tv_sec = (time_t)(PCAP_EPOCH_S + t / 1000000000);
    h.ts.tv_usec = (suseconds_t)(t % 1000000000);   /* nanoseconds: the dump's precision */
    h.caplen = h.len = (bpf_u_int32)(14 + 20 + l4_len);
    pcap_dump((u_char *)c->dumper, &h, f);
    c->packets++;
}

/* ---- selection ------------------------------------------------------------- */

#define ROW_COLUMNS                                                                          \
    "s.time_ns, s.src_addr, s.src_port, s.dst_addr, s.dst_port, s.seqno, s.ackno, s.flags, " \
    "p.wire, p.bytes, s.len"

static int write_row(capture *c, sqlite3_stmt *q, int first_col)
{
    packet_row row = {
        .time_ns = sqlite3_column_int64(q, first_col),
        .src = (const char *)sqlite3_column_text(q, first_col + 1),
        .src_port = sqlite3_column_int64(q, first_col + 2),
        .dst = (const char *)sqlite3_column_text(q, first_col + 3),
        .dst_port = sqlite3_column_int64(q, first_col + 4),
        .seqno = sqlite3_column_int64(q, first_col + 5),
        .ackno = sqlite3_column_int64(q, first_col + 6),
        .flags = (const char *)sqlite3_column_text(q, first_col + 7),
        .wire = (const char *)sqlite3_column_text(q, first_col + 8),
        .bytes = sqlite3_column_blob(q, first_col + 9),
        .len = (size_t)sqlite3_column_bytes(q, first_col + 9),
    };
    if (row.len > 65535 || !row.src || !row.dst || !row.wire)
        return 0;   /* not a packet this exporter can rebuild */
    static const unsigned char none[1];
    if (!row.bytes)
        row.bytes = none;   /* SQLite gives NULL for an empty blob */
    write_packet(c, &row);
    return 0;
}

static int lookup_host(sqlite3 *db, const char *name, int64_t *host, char *err, size_t err_size)
{
    sqlite3_stmt *q = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(db, "SELECT host FROM hosts WHERE name = ?1", -1, &q, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW) {
            *host = sqlite3_column_int64(q, 0);
            found = 1;
        }
    }
    sqlite3_finalize(q);
    if (!found) {
        char names[512] = "";
        if (sqlite3_prepare_v2(db, "SELECT name FROM hosts ORDER BY host", -1, &q, NULL) ==
            SQLITE_OK)
            while (sqlite3_step(q) == SQLITE_ROW) {
                size_t n = strlen(names);
                snprintf(names + n, sizeof names - n, "%s%s", n ? ", " : "",
                         (const char *)sqlite3_column_text(q, 0));
            }
        sqlite3_finalize(q);
        snprintf(err, err_size, "no host or switch named \"%s\" in the trace (it has: %s)", name,
                 names);
    }
    return found ? 0 : -1;
}

/* The names of link L's two ends, from the scenario the trace holds:
 * a link's "name", or "a-b" for an unnamed one between a and b (the
 * `faults` table's convention), or "SWITCH-HOST" for a switch's port. */
static int link_ends(sqlite3 *db, const char *link, char *a, char *b, size_t size, char *err,
                     size_t err_size)
{
    sqlite3_stmt *q = NULL;
    char *text = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'scenario'", -1, &q, NULL) ==
            SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        text = strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    free(text);
    int found = 0;
    char names[512] = "";
    const cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(root, "links")) {
        const cJSON *between = cJSON_GetObjectItemCaseSensitive(l, "between");
        const cJSON *x = cJSON_GetArrayItem(between, 0), *y = cJSON_GetArrayItem(between, 1);
        if (!cJSON_IsString(x) || !cJSON_IsString(y))
            continue;
        const cJSON *named = cJSON_GetObjectItemCaseSensitive(l, "name");
        char name[256];
        if (cJSON_IsString(named))
            snprintf(name, sizeof name, "%s", named->valuestring);
        else
            snprintf(name, sizeof name, "%s-%s", x->valuestring, y->valuestring);
        size_t n = strlen(names);
        snprintf(names + n, sizeof names - n, "%s%s", n ? ", " : "", name);
        if (!found && strcmp(name, link) == 0) {
            snprintf(a, size, "%s", x->valuestring);
            snprintf(b, size, "%s", y->valuestring);
            found = 1;
        }
    }
    const cJSON *sw;
    cJSON_ArrayForEach(sw, cJSON_GetObjectItemCaseSensitive(root, "switches")) {
        const cJSON *swname = cJSON_GetObjectItemCaseSensitive(sw, "name"), *h;
        if (!cJSON_IsString(swname))
            continue;
        cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(sw, "hosts")) {
            if (!cJSON_IsString(h))
                continue;
            char name[256];
            snprintf(name, sizeof name, "%s-%s", swname->valuestring, h->valuestring);
            size_t n = strlen(names);
            snprintf(names + n, sizeof names - n, "%s%s", n ? ", " : "", name);
            if (!found && strcmp(name, link) == 0) {
                snprintf(a, size, "%s", swname->valuestring);
                snprintf(b, size, "%s", h->valuestring);
                found = 1;
            }
        }
    }
    cJSON_Delete(root);
    if (!found)
        snprintf(err, err_size, "no link named \"%s\" in the trace's scenario (it has: %s)", link,
                 names[0] ? names : "none");
    return found ? 0 : -1;
}

static int cmp_i64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return a < b ? -1 : a > b;
}

/* The seqs of the rows that began a hop between hosts a and b, sorted. */
static int link_hop_starts(sqlite3 *db, int64_t a, int64_t b, int64_t **out, size_t *count)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT seq, time_ns, host, event, detail, src_addr || ':' || src_port, "
                           "dst_addr || ':' || dst_port, seqno, ackno, len, flags FROM segments "
                           "ORDER BY seq",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    wsim_hop_walk *walk = wsim_hop_walk_new();
    int64_t *seqs = NULL;
    size_t n = 0, cap = 0;
    int rc = walk ? 0 : -1;
    while (rc == 0 && sqlite3_step(q) == SQLITE_ROW) {
        char id[200];
        const char *event = (const char *)sqlite3_column_text(q, 3);
        const char *detail = (const char *)sqlite3_column_text(q, 4);
        int64_t host = sqlite3_column_int64(q, 2);
        wsim_packet_identity(id, sizeof id, (const char *)sqlite3_column_text(q, 5),
                             (const char *)sqlite3_column_text(q, 6), sqlite3_column_int64(q, 7),
                             sqlite3_column_int64(q, 8), sqlite3_column_int64(q, 9),
                             (const char *)sqlite3_column_text(q, 10));
        wsim_hop hop;
        int ended = wsim_hop_walk_row(walk, id, event ? event : "", host,
                                      sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 0),
                                      detail && strstr(detail, "retransmit"), &hop);
        if (ended < 0) {
            rc = -1;
            break;
        }
        if (ended && hop.from_host != host &&
            ((hop.from_host == a && host == b) || (hop.from_host == b && host == a))) {
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                int64_t *grown = realloc(seqs, cap * sizeof *grown);
                if (!grown) {
                    rc = -1;
                    break;
                }
                seqs = grown;
            }
            seqs[n++] = hop.from_seq;
        }
    }
    sqlite3_finalize(q);
    wsim_hop_walk_free(walk);
    if (rc != 0) {
        free(seqs);
        return -1;
    }
    qsort(seqs, n, sizeof *seqs, cmp_i64);
    *out = seqs;
    *count = n;
    return 0;
}

static int write_selection(capture *c, const char *host_name, const char *link, char *err,
                           size_t err_size)
{
    sqlite3_stmt *q = NULL;
    if (link) {
        char a_name[128], b_name[128];
        int64_t a, b;
        if (link_ends(c->db, link, a_name, b_name, sizeof a_name, err, err_size) != 0 ||
            lookup_host(c->db, a_name, &a, err, err_size) != 0 ||
            lookup_host(c->db, b_name, &b, err, err_size) != 0)
            return -1;
        int64_t *seqs = NULL;
        size_t n = 0;
        if (link_hop_starts(c->db, a, b, &seqs, &n) != 0 ||
            sqlite3_prepare_v2(c->db,
                               "SELECT " ROW_COLUMNS " FROM segments s JOIN payloads p "
                               "USING (seq) WHERE s.seq = ?1",
                               -1, &q, NULL) != SQLITE_OK) {
            free(seqs);
            snprintf(err, err_size, "%s", sqlite3_errmsg(c->db));
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            sqlite3_reset(q);
            sqlite3_bind_int64(q, 1, seqs[i]);
            if (sqlite3_step(q) == SQLITE_ROW)
                write_row(c, q, 0);
        }
        free(seqs);
        sqlite3_finalize(q);
        return 0;
    }
    if (host_name) {
        int64_t host;
        if (lookup_host(c->db, host_name, &host, err, err_size) != 0)
            return -1;
        /* A packet from this host to itself went over its loopback: its
         * send is the one row of it to show. */
        if (sqlite3_prepare_v2(
                c->db,
                "SELECT " ROW_COLUMNS " FROM segments s JOIN payloads p USING (seq) "
                "WHERE s.host = ?1 AND (s.event IN ('send', 'forward') OR (s.event = 'recv' AND "
                "NOT (s.src_addr LIKE '127.%' OR s.src_addr = (SELECT address FROM hosts "
                "WHERE host = ?1)))) ORDER BY s.seq",
                -1, &q, NULL) != SQLITE_OK) {
            snprintf(err, err_size, "%s", sqlite3_errmsg(c->db));
            return -1;
        }
        sqlite3_bind_int64(q, 1, host);
    } else if (sqlite3_prepare_v2(c->db,
                                  "SELECT " ROW_COLUMNS " FROM segments s JOIN payloads p "
                                  "USING (seq) WHERE s.event = 'send' ORDER BY s.seq",
                                  -1, &q, NULL) != SQLITE_OK) {
        snprintf(err, err_size, "%s", sqlite3_errmsg(c->db));
        return -1;
    }
    while (sqlite3_step(q) == SQLITE_ROW)
        write_row(c, q, 0);
    sqlite3_finalize(q);
    return 0;
}

/* A trace without payloads (recorded with "trace_payloads": false, or by a
 * wsim before they were recorded) cannot be turned into a capture. */
static int check_payloads(sqlite3 *db, const char *trace, char *err, size_t err_size)
{
    sqlite3_stmt *q = NULL;
    int has_table = sqlite3_prepare_v2(db, "SELECT count(*) FROM payloads", -1, &q, NULL) ==
                    SQLITE_OK;
    int64_t payloads = has_table && sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    int64_t segments = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM segments WHERE event = 'send'", -1, &q,
                           NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        segments = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (segments > 0 && payloads == 0) {
        snprintf(err, err_size,
                 "%s: the trace holds no packet bytes (its scenario set \"trace_payloads\": false, "
                 "or it was recorded by a wsim without them): run the scenario again with "
                 "payloads to export a capture",
                 trace);
        return -1;
    }
    return 0;
}

int wsim_export_pcap(const char *trace, const char *out_path, const char *host,
                     const char *link, char *err, size_t err_size)
{
    sqlite3 *db = NULL;
    if (wsim_export_open_trace(trace, &db, err, err_size) != 0)
        return -1;
    if (check_payloads(db, trace, err, err_size) != 0) {
        sqlite3_close(db);
        return -1;
    }
    wsim_export_file out;
    if (wsim_export_file_open(&out, out_path, err, err_size) != 0) {
        sqlite3_close(db);
        return -1;
    }
    capture c = {.db = db};
    c.frame = malloc(PCAP_MAX_PACKET);
    c.pcap = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, PCAP_SNAPLEN,
                                                  PCAP_TSTAMP_PRECISION_NANO);
    c.dumper = c.pcap && c.frame ? pcap_dump_fopen(c.pcap, out.f) : NULL;
    int ok = 0;
    if (!c.dumper) {
        snprintf(err, err_size, "%s: cannot start the capture: %s", out_path,
                 c.pcap ? pcap_geterr(c.pcap) : "out of memory");
    } else {
        char inner[512] = "";
        ok = write_selection(&c, host, link, inner, sizeof inner) == 0;
        if (!ok)
            snprintf(err, err_size, "%s: %s", trace, inner);
        pcap_dump_flush(c.dumper);
    }
    /* pcap_dump_close closes the FILE: the export file must not again. */
    if (c.dumper) {
        ok = ok && !ferror(out.f);
        pcap_dump_close(c.dumper);
        out.f = NULL;
        if (!ok && !err[0])
            snprintf(err, err_size, "%s: write error", out.partial);
    }
    if (c.pcap)
        pcap_close(c.pcap);
    free(c.frame);
    sqlite3_close(db);
    return wsim_export_file_finish(&out, ok, err, err_size) == 0 && ok ? 0 : -1;
}
