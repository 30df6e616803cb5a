/* route.c — shortest-path routes by hop count (see route.h). */
#include "sim/route.h"

#include <stdlib.h>
#include <string.h>

int wsim_routes_compute(wsim_sim *sim)
{
    size_t n = sim->host_count;
    /* Each node's outgoing directions, in link id order: links are walked
     * in id order and each direction appended to its node's slice. */
    size_t *start = calloc(n + 1, sizeof *start);
    wsim_link_dir **adjacent = malloc((2 * sim->link_count + 1) * sizeof *adjacent);
    size_t *queue = malloc((n + 1) * sizeof *queue);
    unsigned char *seen = malloc(n + 1);
    int rc = -1;
    if (!start || !adjacent || !queue || !seen)
        goto done;
    for (size_t i = 0; i < sim->link_count; i++)
        for (int d = 0; d < 2; d++)
            start[sim->links[i]->dir[d].from->id + 1]++;
    for (size_t v = 0; v < n; v++)
        start[v + 1] += start[v];
    size_t *fill = queue;   /* borrowed as the per-node fill position */
    memcpy(fill, start, n * sizeof *fill);
    for (size_t i = 0; i < sim->link_count; i++)
        for (int d = 0; d < 2; d++) {
            wsim_link_dir *dir = &sim->links[i]->dir[d];
            adjacent[fill[dir->from->id]++] = dir;
        }

    for (size_t s = 0; s < n; s++) {
        wsim_host *src = sim->hosts[s];
        wsim_link_dir **routes = realloc(src->routes, n * sizeof *routes);
        if (!routes)
            goto done;
        src->routes = routes;
        memset(routes, 0, n * sizeof *routes);
        memset(seen, 0, n);
        size_t head = 0, tail = 0;
        queue[tail++] = s;
        seen[s] = 1;
        while (head < tail) {
            size_t u = queue[head++];
            for (size_t k = start[u]; k < start[u + 1]; k++) {
                size_t v = (size_t)adjacent[k]->to->id;
                if (seen[v])
                    continue;
                seen[v] = 1;
                routes[v] = u == s ? adjacent[k] : routes[u];
                queue[tail++] = v;
            }
        }
    }
    sim->routes_stale = 0;
    rc = 0;
done:
    free(start);
    free(adjacent);
    free(queue);
    free(seen);
    return rc;
}

wsim_link_dir *wsim_route_to_node(wsim_host *from, const wsim_host *to)
{
    wsim_sim *sim = from->sim;
    if (sim->routes_stale && wsim_routes_compute(sim) != 0)
        return NULL;
    return from->routes ? from->routes[to->id] : NULL;
}
