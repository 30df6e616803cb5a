/* wspiapi.h — wsim's Windows SDK subset: the getaddrinfo shim old programs
 * include so that they run on Windows 2000, which lacked getaddrinfo.
 *
 * The SDK's header defines inline Wspiapi* functions that call the
 * system's getaddrinfo and freeaddrinfo when it has them (every Windows
 * since XP), and renames the program's calls to them.  Here the system
 * always has them (wsim's), so the shims call straight through: the
 * program's getaddrinfo is wsim's getaddrinfo, recorded as such.
 */
#ifndef WSIM_WSPIAPI_H
#define WSIM_WSPIAPI_H

#include "ws2tcpip.h"

static inline int WINAPI WspiapiGetAddrInfo(const char *nodename, const char *servname,
                                            const struct addrinfo *hints,
                                            struct addrinfo **res)
{
    return getaddrinfo(nodename, servname, hints, res);
}

static inline void WINAPI WspiapiFreeAddrInfo(struct addrinfo *ai)
{
    freeaddrinfo(ai);
}

#define getaddrinfo WspiapiGetAddrInfo
#define freeaddrinfo WspiapiFreeAddrInfo

#endif /* WSIM_WSPIAPI_H */
