/* host.h — what the Winsock provider of a host is set to: its profile and
 * its limit on pending overlapped requests.
 *
 * Owns: the per-host settings of the socket floor, kept beside the host
 * (wsim_host.user, freed with the host), never in sim/'s own fields.  A
 * host nobody set reads as the defaults: the windows profile, no limit.
 * Set them before the host's programs start (tools/world.c does, from the
 * scenario; tests do it directly).  No Windows header is needed here.
 */
#ifndef WSIM_WSAPI_HOST_H
#define WSIM_WSAPI_HOST_H

#include <stdint.h>

#include "sim/net.h"

/* What the Winsock provider on a host does where Windows releases differ
 * (send contract, Profiles; wsapi/profile.h decides by it).  The order is
 * FORMAT.md's names': windows, win9x, wince. */
typedef enum wsapi_profile {
    WSAPI_PROFILE_WINDOWS = 0,         /* current desktop Windows, the default */
    WSAPI_PROFILE_WIN9X,               /* Windows 95/98/Me */
    WSAPI_PROFILE_WINCE,               /* Windows CE / Windows Mobile */
} wsapi_profile;

typedef struct wsapi_host {
    wsapi_profile profile;             /* [WINDOWS] */
    /* Overlapped requests one of its sockets may have pending at once;
     * one more fails with WSAEWOULDBLOCK (W04).  0: no limit, the default:
     * Windows documents no such count; what bounds it there is the memory
     * the pending requests lock (wsapi/overlapped.c). */
    uint32_t max_overlapped;
    /* Other names the host answers to (the scenario's `aliases`), besides
     * its own: gethostbyname, getaddrinfo … resolve them (wsapi/names.c). */
    char **aliases;
    size_t alias_count;
} wsapi_host;

/* The host's settings; the defaults when none were set.  Never allocates. */
const wsapi_host *wsapi_host_of(const wsim_host *host);

/* Set one setting: 0, or -1 when out of memory (nothing changed). */
int wsapi_host_set_profile(wsim_host *host, wsapi_profile profile);
int wsapi_host_set_max_overlapped(wsim_host *host, uint32_t max_overlapped);
/* Adds a name the host answers to (copied): 0, or -1 when out of memory. */
int wsapi_host_add_alias(wsim_host *host, const char *alias);

#endif
