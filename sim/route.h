/* route.h — static routes between the nodes of a simulation.
 *
 * Owns: the choice of the first hop from every node (host or switch) towards
 * every other.  A route is a shortest path by hop count; among paths of
 * equal length, the one whose sequence of link ids, read from the source, is
 * lexicographically smallest wins.  Link ids count links in the order they
 * were added (a scenario's links, then each switch's ports: tools/world.c),
 * so the tie-break is the scenario's order.
 *
 * Routes follow the topology, not its state: a link that is down keeps its
 * routes, and packets sent along it are dropped there (net.c), as static
 * routes do.  They are computed the first time one is asked for after a node
 * or link was added (sim->routes_stale), by a breadth-first search from
 * every node that tries each node's links in id order, which yields exactly
 * the path above.  Cost: O(N · (N + E)) time once, N² pointers of memory
 * (100 hosts: 80 KB).
 */
#ifndef WSIM_SIM_ROUTE_H
#define WSIM_SIM_ROUTE_H

#include "sim/net.h"

/* Computes every node's routes (host->routes).  0, or -1 when out of memory
 * (routes stay stale, and every route is then missing). */
int wsim_routes_compute(wsim_sim *sim);

/* The first hop from `from` towards node `to`, whatever its links' state;
 * NULL when `to` cannot be reached or is `from` itself. */
wsim_link_dir *wsim_route_to_node(wsim_host *from, const wsim_host *to);

#endif
