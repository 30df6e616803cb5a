/* test_links.c — the link and routing model of sim/net.h, packet by packet.
 *
 * Usage: network_links <case>   (CTest runs each case as network.<case>)
 *
 * Each case builds a small network with the embedding API, injects packets
 * at chosen virtual times (TCP RST segments: a host that owns no connection
 * drops them silently, RFC 793, so they disturb nothing) and reads the
 * SEGMENT records the run emitted.  Every expected time is computed here
 * from the documented model (sim/net.h): a packet of B payload bytes
 * occupies a link for ceil((B + header_bytes + framing_bytes) × 8e9 /
 * bandwidth) ns and arrives one latency later; routers and switches store
 * and forward.  Expected counts of random events are bounds from the
 * binomial distribution, never numbers taken from an earlier run.
 */
#include <windows.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/defaults.h"
#include "sim/net.h"
#include "tests/support/cases.h"
#include "tests/support/world.h"

#define US 1000LL
#define HEADER 40u
#define CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

/* ceil(bytes × 8e9 / bps), computed apart from sim/net.c. */
static int64_t ser(uint64_t bytes, uint64_t bps)
{
    return (int64_t)((bytes * 8u * 1000000000u + bps - 1) / bps);
}

/* ---- injecting packets ---------------------------------------------------- */

typedef struct inject {
    wsim_timer timer;
    wsim_host *from;
    uint32_t dst;
    uint32_t len;
    uint32_t seq;
    uint8_t ttl;
} inject;

static inject injects[20000];
static size_t inject_count;

static void inject_fire(wsim_timer *timer)
{
    inject *in = CONTAINER_OF(timer, inject, timer);
    wsim_packet *p = wsim_packet_new(in->len);
    if (!p)
        abort();
    p->protocol = WSIM_PROTO_TCP;
    p->header_bytes = HEADER;
    p->src_ip = in->from->address;
    p->src_port = 1;
    p->dst_ip = in->dst;
    p->dst_port = 2;
    p->seq = in->seq;
    p->flags = WSIM_TCP_RST;
    p->ttl = in->ttl;
    wsim_packet_send(in->from, p);
}

/* Sends a packet of len payload bytes from `from` to `to` at time at; its
 * TCP sequence number `seq` identifies it in the records. */
static void send_at(int64_t at, wsim_host *from, const wsim_host *to, uint32_t len, uint32_t seq)
{
    inject *in = &injects[inject_count++];
    memset(in, 0, sizeof *in);
    in->from = from;
    in->dst = to->address;
    in->len = len;
    in->seq = seq;
    wsim_timer_init(&in->timer, inject_fire);
    wsim_queue_schedule(&world->sim->queue, &in->timer, at);
}

/* Keeps the run alive until `until` (a run ends when its programs have). */
static int64_t sleeper_until;
static int sleeper(int argc, char **argv)
{
    (void)argc, (void)argv;
    Sleep((DWORD)(sleeper_until / MS));
    return 0;
}

static void run_until(int64_t until_ns, wsim_host *on)
{
    sleeper_until = until_ns;
    th_program(world, on, "sleeper", sleeper, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
}

/* ---- reading the records --------------------------------------------------- */

static int is_segment(const wsim_record *r, const char *event, const wsim_host *at)
{
    return r->kind == WSIM_REC_SEGMENT && strcmp(r->name, event) == 0 && (!at || r->host == at->id);
}

/* The n-th `event` record at node `at` (NULL: anywhere) of packet seq. */
static const wsim_record *event_of(const char *event, const wsim_host *at, uint32_t seq, int n)
{
    for (size_t i = 0; i < world->count; i++) {
        const wsim_record *r = &world->records[i];
        if (is_segment(r, event, at) && r->a[2] == seq && n-- == 0)
            return r;
    }
    return NULL;
}

static int count_events(const char *event, const wsim_host *at)
{
    int n = 0;
    for (size_t i = 0; i < world->count; i++)
        n += is_segment(&world->records[i], event, at);
    return n;
}

/* The reason at the end of a drop's description ("win=0 loss"). */
static const char *reason_of(const wsim_record *r)
{
    if (!r || !r->text)
        return "";
    const char *space = strrchr(r->text, ' ');
    return space ? space + 1 : r->text;
}

static int64_t arrival(uint32_t seq, const wsim_host *at)
{
    const wsim_record *r = event_of("recv", at, seq, 0);
    return r ? r->time_ns : -1;
}

/* ---- cases ----------------------------------------------------------------- */

/* Two hosts joined by one link; the link is returned for tuning. */
static wsim_host *a, *b;
static wsim_link *two_hosts(int64_t latency, uint64_t bps, uint32_t queue)
{
    new_world(7, 600 * SEC);
    link_two_hosts(latency, bps, queue);
    a = host_a;
    b = host_b;
    return link_ab;
}

/* Serialization counts payload, header and framing bytes, rounded up. */
static void case_serialization_framing(void)
{
    wsim_link *link = two_hosts(3 * MS, 1000000, 100);   /* 1 Mbit/s */
    link->framing_bytes = 7;
    send_at(0, a, b, 1000, 1);
    send_at(0, a, b, 1, 2);        /* queued behind the first */
    run_until(100 * MS, a);
    int64_t first = ser(1000 + HEADER + 7, 1000000);
    int64_t second = ser(1 + HEADER + 7, 1000000);
    CHECK_INT_EQ(first, 8376000);
    CHECK_INT_EQ(arrival(1, b), first + 3 * MS);
    CHECK_INT_EQ(arrival(2, b), first + second + 3 * MS);
    /* Rounding: 48 bytes at 7 bit/s take 54857142857.14… ns, so 54857142858. */
    CHECK_INT_EQ(wsim_serialization_ns(48, 7), 54857142858LL);
}

/* Jitter: every arrival within [tx end + latency, + jitter], in send order.
 * Packets `spacing` apart; returns the smallest and largest extra delay. */
static void jitter_run(int64_t spacing, int64_t *lowest, int64_t *highest)
{
    const int n = 2000;
    const int64_t jitter = 5 * MS;
    const uint64_t bps = 10000000;
    wsim_link *link = two_hosts(10 * MS, bps, 100);
    link->jitter_ns = jitter;
    for (int i = 0; i < n; i++)
        send_at(i * spacing, a, b, 100, (uint32_t)i);
    run_until(n * spacing + 100 * MS, a);
    int64_t previous = -1;
    *lowest = jitter;
    *highest = 0;
    int in_order = 1, within = 1, received = 0;
    for (size_t i = 0, next = 0; i < world->count; i++) {
        const wsim_record *r = &world->records[i];
        if (!is_segment(r, "recv", b))
            continue;
        received++;
        in_order &= r->a[2] == (int64_t)next++;
        int64_t base = (int64_t)r->a[2] * spacing + ser(100 + HEADER, bps) + 10 * MS;
        within &= r->time_ns >= base && r->time_ns <= base + jitter && r->time_ns >= previous;
        if (r->time_ns - base < *lowest)
            *lowest = r->time_ns - base;
        if (r->time_ns - base > *highest)
            *highest = r->time_ns - base;
        previous = r->time_ns;
    }
    CHECK_INT_EQ(received, n);
    CHECK(in_order);
    CHECK(within);
}

static void case_jitter_bounded_in_order(void)
{
    const int64_t jitter = 5 * MS;
    int64_t lowest, highest;
    /* Spaced wider than the jitter, the FIFO rule never binds: the extra
     * delays are 2000 uniform draws from [0, 5 ms], whose extremes lie
     * within 1% of the ends (each misses with probability 0.99^2000 <
     * 2e-9). */
    jitter_run(10 * MS, &lowest, &highest);
    CHECK(lowest < jitter / 100);
    CHECK(highest > jitter - jitter / 100);
    /* Spaced closer than the jitter: still bounded and in order. */
    th_free(world);
    inject_count = 0;
    jitter_run(200 * US, &lowest, &highest);
}

/* |k - np| ≤ 5 σ of a binomial(n, p): a correct model fails it with
 * probability below 1e-6; the seed is fixed, so the outcome never flips. */
static void check_binomial(int k, int n, double p, const char *what)
{
    double mean = n * p, sigma = sqrt(n * p * (1 - p));
    if (fabs(k - mean) > 5 * sigma) {
        fprintf(stderr, "%s: %d of %d, expected %.1f ± %.1f\n", what, k, n, mean, 5 * sigma);
        wsim_check_failures++;
    }
}

static void case_loss_rate(void)
{
    const int n = 10000;
    wsim_link *link = two_hosts(1 * MS, 100000000, 100);
    link->loss = 0.1;
    for (int i = 0; i < n; i++)
        send_at(i * 20 * US, a, b, 100, (uint32_t)i);
    run_until(1000 * MS, a);
    int lost = 0, received = count_events("recv", b);
    for (size_t i = 0; i < world->count; i++) {
        const wsim_record *r = &world->records[i];
        if (is_segment(r, "drop", b)) {
            CHECK_STR_EQ(reason_of(r), "loss");
            /* A lost packet is dropped when it would have arrived. */
            CHECK_INT_EQ(r->time_ns, r->a[2] * 20 * US + ser(100 + HEADER, 100000000) + 1 * MS);
            lost++;
        }
    }
    CHECK_INT_EQ(lost + received, n);
    check_binomial(lost, n, 0.1, "lost");
}

static void case_duplication(void)
{
    const int n = 4000;
    wsim_link *link = two_hosts(1 * MS, 100000000, 100);
    link->duplicate = 0.25;
    for (int i = 0; i < n; i++)
        send_at(i * 20 * US, a, b, 100, (uint32_t)i);
    run_until(200 * MS, a);
    int copies = count_events("duplicate", b);
    CHECK_INT_EQ(count_events("recv", b), n + copies);
    check_binomial(copies, n, 0.25, "duplicated");
    /* A copy arrives right after its original, at the same time. */
    for (int i = 0; i < n; i++) {
        const wsim_record *dup = event_of("duplicate", b, (uint32_t)i, 0);
        if (!dup)
            continue;
        const wsim_record *first = event_of("recv", b, (uint32_t)i, 0);
        const wsim_record *second = event_of("recv", b, (uint32_t)i, 1);
        CHECK(first && second && first->seq < dup->seq && dup->seq < second->seq);
        if (first && second)
            CHECK_INT_EQ(second->time_ns, first->time_ns);
    }
    /* Duplication 1: every packet twice. */
    th_free(world);
    inject_count = 0;
    link = two_hosts(1 * MS, 100000000, 100);
    link->duplicate = 1;
    for (int i = 0; i < 10; i++)
        send_at(i * MS, a, b, 10, (uint32_t)i);
    run_until(100 * MS, a);
    CHECK_INT_EQ(count_events("recv", b), 20);
    CHECK_INT_EQ(count_events("duplicate", b), 10);
}

/* Packets overtake one another only with reordering on: a held-back packet
 * arrives reorder_delay late, and the others keep the FIFO rule. */
static void case_reorder_only_when_asked(void)
{
    const int n = 2000;
    const uint64_t bps = 100000000;
    wsim_link *link = two_hosts(2 * MS, bps, 100);
    link->reorder = 0.2;
    link->reorder_delay_ns = 3 * MS;
    for (int i = 0; i < n; i++)
        send_at(i * 100 * US, a, b, 100, (uint32_t)i);
    run_until(1000 * MS, a);
    int held = 0, exact = 1;
    for (int i = 0; i < n; i++) {
        int64_t base = i * 100 * US + ser(100 + HEADER, bps) + 2 * MS;
        int64_t t = arrival((uint32_t)i, b);
        if (t == base + 3 * MS)
            held++;
        else
            exact &= t == base;
    }
    CHECK(exact);
    check_binomial(held, n, 0.2, "held back");
    /* Overtaken: a packet received before one sent earlier. */
    int overtaken = 0;
    uint32_t highest = 0;
    for (size_t i = 0; i < world->count; i++) {
        const wsim_record *r = &world->records[i];
        if (!is_segment(r, "recv", b))
            continue;
        if ((uint32_t)r->a[2] < highest)
            overtaken++;
        else
            highest = (uint32_t)r->a[2];
    }
    CHECK(overtaken > 0);

    /* No reordering asked: in order, even with jitter larger than the
     * spacing (case jitter_bounded_in_order checks the bounds). */
    th_free(world);
    inject_count = 0;
    link = two_hosts(2 * MS, bps, 100);
    link->jitter_ns = 10 * MS;
    for (int i = 0; i < n; i++)
        send_at(i * 100 * US, a, b, 100, (uint32_t)i);
    run_until(1000 * MS, a);
    uint32_t next = 0;
    int in_order = 1;
    for (size_t i = 0; i < world->count; i++)
        if (is_segment(&world->records[i], "recv", b))
            in_order &= world->records[i].a[2] == next++;
    CHECK(in_order);
    CHECK_INT_EQ(next, n);
}

/* Down: the packets on the link are lost at once, new ones are dropped at
 * the sender; the host's own route is gone (S16); up again: delivered. */
typedef struct toggle {
    wsim_timer timer;
    wsim_link *link;
    int up;
} toggle;

static toggle toggles[8];
static size_t toggle_count;

static void toggle_fire(wsim_timer *timer)
{
    toggle *t = CONTAINER_OF(timer, toggle, timer);
    wsim_link_set_up(t->link, t->up);
}

static void set_up_at(int64_t at, wsim_link *link, int up)
{
    toggle *t = &toggles[toggle_count++];
    t->link = link;
    t->up = up;
    wsim_timer_init(&t->timer, toggle_fire);
    wsim_queue_schedule(&world->sim->queue, &t->timer, at);
}

static void case_link_up_down(void)
{
    const uint64_t bps = 1000000;
    wsim_link *link = two_hosts(10 * MS, bps, 100);
    int64_t one = ser(1000 + HEADER, bps);               /* 8.32 ms */
    send_at(0, a, b, 1000, 1);                           /* in flight at 12 ms: lost */
    send_at(0, a, b, 1000, 2);                           /* in transmission at 12 ms: lost */
    send_at(0, b, a, 1000, 3);                           /* the other direction: lost */
    set_up_at(12 * MS, link, 0);
    send_at(20 * MS, a, b, 1000, 4);                     /* while down: dropped at a */
    set_up_at(30 * MS, link, 1);
    send_at(40 * MS, a, b, 1000, 5);                     /* delivered */
    run_until(200 * MS, a);
    for (uint32_t seq = 1; seq <= 3; seq++) {
        const wsim_record *d = event_of("drop", NULL, seq, 0);
        CHECK(d != NULL);
        if (d) {
            CHECK_STR_EQ(reason_of(d), "link-down");
            CHECK_INT_EQ(d->time_ns, 12 * MS);
            CHECK_INT_EQ(d->host, seq == 3 ? b->id : a->id);
        }
        CHECK(arrival(seq, NULL) == -1);
    }
    const wsim_record *d4 = event_of("drop", a, 4, 0);
    CHECK(d4 && d4->time_ns == 20 * MS && strcmp(reason_of(d4), "link-down") == 0);
    CHECK(event_of("send", a, 4, 0) == NULL);
    /* The transmitter was left idle when the link went down. */
    CHECK_INT_EQ(arrival(5, b), 40 * MS + one + 10 * MS);

    /* wsim_route: the host's own link down means no route. */
    CHECK(wsim_route(a, b->address) == &link->dir[0]);
    wsim_link_set_up(link, 0);
    CHECK(wsim_route(a, b->address) == NULL);
    CHECK(wsim_route(a, a->address) == &a->loopback->dir[0]);
}

/* A queue of 2 packets: one in transmission, two waiting, the rest dropped;
 * a transmitter found idle takes a packet without queueing it. */
static void case_queue_packets(void)
{
    const uint64_t bps = 1000000;
    two_hosts(1 * MS, bps, 2);
    for (uint32_t i = 0; i < 6; i++)
        send_at(0, a, b, 1000, i);
    send_at(4 * ser(1000 + HEADER, bps), a, b, 1000, 6);   /* the queue has drained */
    run_until(100 * MS, a);
    for (uint32_t i = 0; i < 3; i++)
        CHECK_INT_EQ(arrival(i, b), (int64_t)(i + 1) * ser(1000 + HEADER, bps) + 1 * MS);
    for (uint32_t i = 3; i < 6; i++) {
        const wsim_record *d = event_of("drop", a, i, 0);
        CHECK(d && d->time_ns == 0 && strcmp(reason_of(d), "queue-full") == 0);
    }
    CHECK_INT_EQ(arrival(6, b), 5 * ser(1000 + HEADER, bps) + 1 * MS);
    /* The send record says how long a packet waits for the transmitter. */
    char wait[64];
    snprintf(wait, sizeof wait, "win=0 wait=%lld", (long long)(2 * ser(1000 + HEADER, bps)));
    CHECK_STR_EQ(event_of("send", a, 2, 0)->text, wait);
    CHECK_STR_EQ(event_of("send", a, 0, 0)->text, "win=0");
}

/* A queue in bytes counts the IP packets waiting (payload + header): with
 * room for 2500 bytes, two 1040-byte packets wait, a third does not fit,
 * and a small one still does. */
static void case_queue_bytes(void)
{
    const uint64_t bps = 1000000;
    wsim_link *link = two_hosts(1 * MS, bps, 1);
    link->queue_bytes = 2500;          /* the packet limit no longer applies */
    send_at(0, a, b, 1000, 0);         /* transmitted at once: not queued */
    send_at(0, a, b, 1000, 1);         /* waits: 1040 */
    send_at(0, a, b, 1000, 2);         /* waits: 2080 */
    send_at(0, a, b, 1000, 3);         /* 3120 > 2500: dropped */
    send_at(0, a, b, 380, 4);          /* 2080 + 420 = 2500: waits */
    send_at(0, a, b, 1, 5);            /* 2541: dropped */
    run_until(100 * MS, a);
    int64_t big = ser(1000 + HEADER, bps);
    CHECK_INT_EQ(arrival(0, b), big + 1 * MS);
    CHECK_INT_EQ(arrival(1, b), 2 * big + 1 * MS);
    CHECK_INT_EQ(arrival(2, b), 3 * big + 1 * MS);
    CHECK_INT_EQ(arrival(4, b), 3 * big + ser(380 + HEADER, bps) + 1 * MS);
    CHECK_STR_EQ(reason_of(event_of("drop", a, 3, 0)), "queue-full");
    CHECK_STR_EQ(reason_of(event_of("drop", a, 5, 0)), "queue-full");
}

/* Store and forward across a - r1 - r2 - b: the arrival is the sum over the
 * hops of serialization and latency; each router forwards it. */
static void case_multi_hop_latency(void)
{
    new_world(7, 600 * SEC);
    a = th_host(world, "a", "10.0.0.1");
    wsim_host *r1 = th_host(world, "r1", "10.0.1.1");
    wsim_host *r2 = th_host(world, "r2", "10.0.2.1");
    b = th_host(world, "b", "10.0.0.2");
    th_link(world, a, r1, 1 * MS, 10000000, 100);
    wsim_link *middle = th_link(world, r1, r2, 20 * MS, 2000000, 100);
    middle->framing_bytes = 2;
    th_link(world, r2, b, 300 * US, 100000000, 100);
    send_at(5 * MS, a, b, 1200, 1);
    run_until(200 * MS, a);
    int64_t at_r1 = 5 * MS + ser(1240, 10000000) + 1 * MS;
    int64_t at_r2 = at_r1 + ser(1242, 2000000) + 20 * MS;
    int64_t at_b = at_r2 + ser(1240, 100000000) + 300 * US;
    CHECK_INT_EQ(arrival(1, b), at_b);
    const wsim_record *f1 = event_of("forward", r1, 1, 0);
    const wsim_record *f2 = event_of("forward", r2, 1, 0);
    CHECK(f1 && f1->time_ns == at_r1);
    CHECK(f2 && f2->time_ns == at_r2);
    CHECK(event_of("recv", r1, 1, 0) == NULL);
    /* The way back is routed too. */
    CHECK(wsim_route(b, a->address) == &world->sim->links[2]->dir[1]);
}

/* A switch: its ports are links, so a frame from a to c crosses two of
 * them (stored and forwarded at the switch); b sees nothing. */
static void case_switch(void)
{
    new_world(7, 600 * SEC);
    a = th_host(world, "a", "10.0.0.1");
    b = th_host(world, "b", "10.0.0.2");
    wsim_host *c = th_host(world, "c", "10.0.0.3");
    wsim_host *lan = wsim_switch_add(world->sim, "lan");
    CHECK(lan && lan->is_switch && lan->id == 3);
    wsim_host *members[] = {a, b, c};
    for (int i = 0; i < 3; i++)
        th_link(world, lan, members[i], 50 * US, 1000000000, 100);
    send_at(0, a, c, 1460, 1);
    send_at(0, a, b, 1460, 2);   /* queued behind 1 on a's port */
    run_until(100 * MS, a);
    int64_t hop = ser(1500, 1000000000) + 50 * US;
    CHECK_INT_EQ(arrival(1, c), 2 * hop);
    const wsim_record *f = event_of("forward", lan, 1, 0);
    CHECK(f && f->time_ns == hop);
    CHECK_INT_EQ(arrival(2, b), ser(1500, 1000000000) + 2 * hop);
    CHECK(event_of("recv", b, 1, 0) == NULL && event_of("recv", c, 2, 0) == NULL);
    CHECK(wsim_host_by_address(world->sim, 0) == NULL);
}

/* Fewest hops wins, whatever the latency; among equal paths, the one whose
 * link ids read from the source are smallest. */
static void case_routing_shortest_path(void)
{
    new_world(7, 600 * SEC);
    a = th_host(world, "a", "10.0.0.1");
    b = th_host(world, "b", "10.0.0.2");
    wsim_host *x = th_host(world, "x", "10.0.0.3");
    wsim_host *y = th_host(world, "y", "10.0.0.4");
    wsim_host *z = th_host(world, "z", "10.0.0.5");
    /* a-x-b and a-y-b (two hops each), a-z-?-b is longer; the direct
     * a-b link is added last but has one hop. */
    th_link(world, a, y, 1 * MS, 1000000000, 100);   /* id 0 */
    th_link(world, y, b, 1 * MS, 1000000000, 100);   /* id 1 */
    th_link(world, a, x, 1 * MS, 1000000000, 100);   /* id 2 */
    th_link(world, x, b, 1 * MS, 1000000000, 100);   /* id 3 */
    th_link(world, a, z, 1 * MS, 1000000000, 100);   /* id 4: leads nowhere */
    CHECK(wsim_route(a, b->address) == &world->sim->links[0]->dir[0]);   /* via y: ids 0,1 < 2,3 */
    CHECK(wsim_route(b, a->address) == &world->sim->links[1]->dir[1]);   /* via y: ids 1,0 < 3,2 */
    CHECK(wsim_route(x, y->address) == &world->sim->links[2]->dir[1]);   /* x-a-y: 2,0 < 3,1 */
    CHECK(wsim_route(z, b->address) == &world->sim->links[4]->dir[1]);
    wsim_link *direct = th_link(world, a, b, 50 * MS, 1000, 100);       /* id 5, slow */
    CHECK(wsim_route(a, b->address) == &direct->dir[0]);
    send_at(0, a, b, 0, 1);
    run_until(1000 * MS, a);
    CHECK_INT_EQ(arrival(1, b), ser(HEADER, 1000) + 50 * MS);
}

/* A disconnected graph: no route, dropped at once at the sender. */
static void case_no_route(void)
{
    new_world(7, 600 * SEC);
    a = th_host(world, "a", "10.0.0.1");
    b = th_host(world, "b", "10.0.0.2");
    wsim_host *c = th_host(world, "c", "10.0.0.3");
    th_link(world, a, b, 1 * MS, 1000000000, 100);
    CHECK(wsim_route(a, c->address) == NULL);
    CHECK(wsim_route(a, 0x0B000001) == NULL);   /* nobody's address */
    send_at(3 * MS, a, c, 10, 1);
    run_until(10 * MS, a);
    const wsim_record *d = event_of("drop", a, 1, 0);
    CHECK(d && d->time_ns == 3 * MS && strcmp(reason_of(d), "no-route") == 0);
}

/* The MTU: a packet larger than the sending node's MTU is dropped there;
 * a router with a smaller MTU drops what it cannot forward. */
static void case_mtu(void)
{
    new_world(7, 600 * SEC);
    a = th_host(world, "a", "10.0.0.1");
    wsim_host *r = th_host(world, "r", "10.0.1.1");
    b = th_host(world, "b", "10.0.0.2");
    CHECK_INT_EQ(a->mtu, WSIM_DEFAULT_MTU);
    r->mtu = 576;
    th_link(world, a, r, 1 * MS, 100000000, 100);
    th_link(world, r, b, 1 * MS, 100000000, 100);
    send_at(0, a, b, 1461, 1);    /* 1501 > 1500: dropped at a */
    send_at(0, a, b, 1460, 2);    /* 1500: leaves a, too big for r */
    send_at(0, a, b, 536, 3);     /* 576: through */
    run_until(100 * MS, a);
    CHECK_STR_EQ(reason_of(event_of("drop", a, 1, 0)), "mtu");
    CHECK_STR_EQ(reason_of(event_of("drop", r, 2, 0)), "mtu");
    CHECK(arrival(3, b) > 0);
}

/* A router decrements the TTL and drops a packet whose TTL runs out; a
 * switch leaves it alone. */
static void case_ttl(void)
{
    new_world(7, 600 * SEC);
    a = th_host(world, "a", "10.0.0.1");
    wsim_host *r1 = th_host(world, "r1", "10.0.1.1");
    wsim_host *lan = wsim_switch_add(world->sim, "lan");
    wsim_host *r2 = th_host(world, "r2", "10.0.2.1");
    b = th_host(world, "b", "10.0.0.2");
    th_link(world, a, r1, 1 * MS, 100000000, 100);
    th_link(world, r1, lan, 1 * MS, 100000000, 100);
    th_link(world, lan, r2, 1 * MS, 100000000, 100);
    th_link(world, r2, b, 1 * MS, 100000000, 100);
    send_at(0, a, b, 10, 1);
    injects[inject_count - 1].ttl = 3;   /* r1: 2, r2: 1, arrives */
    send_at(0, a, b, 10, 2);
    injects[inject_count - 1].ttl = 2;   /* r1: 1, r2: expired */
    run_until(100 * MS, a);
    CHECK(arrival(1, b) > 0);
    CHECK(arrival(2, b) == -1);
    CHECK(event_of("forward", lan, 2, 0) != NULL);
    /* datagram.c records the drop (without the TCP fields) and answers
     * with ICMP time exceeded. */
    int expired = 0;
    for (size_t i = 0; i < world->count; i++)
        expired += is_segment(&world->records[i], "drop", r2) &&
                   strcmp(reason_of(&world->records[i]), "ttl-expired") == 0;
    CHECK_INT_EQ(expired, 1);
    CHECK_INT_EQ(count_events("drop", NULL), 1);
}

static const test_case cases[] = {
    {"serialization_framing", case_serialization_framing},
    {"jitter_bounded_in_order", case_jitter_bounded_in_order},
    {"loss_rate", case_loss_rate},
    {"duplication", case_duplication},
    {"reorder_only_when_asked", case_reorder_only_when_asked},
    {"link_up_down", case_link_up_down},
    {"queue_packets", case_queue_packets},
    {"queue_bytes", case_queue_bytes},
    {"multi_hop_latency", case_multi_hop_latency},
    {"switch", case_switch},
    {"routing_shortest_path", case_routing_shortest_path},
    {"no_route", case_no_route},
    {"mtu", case_mtu},
    {"ttl", case_ttl},
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], end_world);
}
