/* mstcpip.h — wsim's Windows SDK subset: the address helpers of the SDK's
 * mstcpip.h.
 *
 * Owns the inline helpers that read and set a SOCKADDR of either family
 * (INETADDR_ISANY, INETADDR_ISLOOPBACK, INETADDR_SETANY,
 * INETADDR_SETLOOPBACK, INETADDR_PORT, INETADDR_ADDRESS), their one-family
 * forms (IN4ADDR_*, IN6ADDR_*) and SS_PORT, with the SDK's names and
 * meaning: ports in network order; SETANY and SETLOOPBACK keep the family
 * and clear the port and the rest.  They only touch memory: no call is
 * made, nothing is recorded.  (wsim's sockets are IPv4 for now; these
 * helpers already serve IPv6 addresses a program builds.)  mingw-w64's
 * mstcpip.h has none of them.
 */
#ifndef WSIM_MSTCPIP_H
#define WSIM_MSTCPIP_H

#ifndef _MSTCPIP_
#define _MSTCPIP_
#endif

#include "winsock2.h"
#include "ws2tcpip.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Zeroes n bytes (without <string.h>, which programs need not include). */
static inline void wsim_zero_bytes_(void *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ((UCHAR *)p)[i] = 0;
}

/* The port of a SOCKADDR_STORAGE (or any SOCKADDR) of either family: both
 * keep it at the same place. */
#define SS_PORT(ssp) (((PSOCKADDR_IN)(ssp))->sin_port)

static inline BOOLEAN IN4ADDR_ISANY(const SOCKADDR_IN *a) { return a->sin_addr.s_addr == 0; }

static inline BOOLEAN IN4ADDR_ISLOOPBACK(const SOCKADDR_IN *a)
{
    return ((const UCHAR *)&a->sin_addr)[0] == 127;   /* 127.0.0.0/8 */
}

static inline void IN4ADDR_SETANY(SOCKADDR_IN *a)
{
    wsim_zero_bytes_(a, sizeof *a);
    a->sin_family = AF_INET;
}

static inline void IN4ADDR_SETLOOPBACK(SOCKADDR_IN *a)
{
    wsim_zero_bytes_(a, sizeof *a);
    a->sin_family = AF_INET;
    ((UCHAR *)&a->sin_addr)[0] = 127;
    ((UCHAR *)&a->sin_addr)[3] = 1;
}

static inline BOOLEAN IN6ADDR_ISANY(const SOCKADDR_IN6 *a)
{
    for (int i = 0; i < 16; i++)
        if (a->sin6_addr.u.Byte[i])
            return 0;
    return 1;
}

static inline BOOLEAN IN6ADDR_ISLOOPBACK(const SOCKADDR_IN6 *a)
{
    for (int i = 0; i < 15; i++)
        if (a->sin6_addr.u.Byte[i])
            return 0;
    return a->sin6_addr.u.Byte[15] == 1;
}

static inline void IN6ADDR_SETANY(SOCKADDR_IN6 *a)
{
    wsim_zero_bytes_(a, sizeof *a);
    a->sin6_family = AF_INET6;
}

static inline void IN6ADDR_SETLOOPBACK(SOCKADDR_IN6 *a)
{
    wsim_zero_bytes_(a, sizeof *a);
    a->sin6_family = AF_INET6;
    a->sin6_addr.u.Byte[15] = 1;
}

static inline BOOLEAN INETADDR_ISANY(const SOCKADDR *a)
{
    return a->sa_family == AF_INET6 ? IN6ADDR_ISANY((const SOCKADDR_IN6 *)a)
                                    : IN4ADDR_ISANY((const SOCKADDR_IN *)a);
}

static inline BOOLEAN INETADDR_ISLOOPBACK(const SOCKADDR *a)
{
    return a->sa_family == AF_INET6 ? IN6ADDR_ISLOOPBACK((const SOCKADDR_IN6 *)a)
                                    : IN4ADDR_ISLOOPBACK((const SOCKADDR_IN *)a);
}

static inline void INETADDR_SETANY(SOCKADDR *a)
{
    if (a->sa_family == AF_INET6)
        IN6ADDR_SETANY((SOCKADDR_IN6 *)a);
    else
        IN4ADDR_SETANY((SOCKADDR_IN *)a);
}

static inline void INETADDR_SETLOOPBACK(SOCKADDR *a)
{
    if (a->sa_family == AF_INET6)
        IN6ADDR_SETLOOPBACK((SOCKADDR_IN6 *)a);
    else
        IN4ADDR_SETLOOPBACK((SOCKADDR_IN *)a);
}

static inline USHORT INETADDR_PORT(const SOCKADDR *a) { return SS_PORT(a); }

static inline const UCHAR *INETADDR_ADDRESS(const SOCKADDR *a)
{
    return a->sa_family == AF_INET6 ? ((const SOCKADDR_IN6 *)a)->sin6_addr.u.Byte
                                    : (const UCHAR *)&((const SOCKADDR_IN *)a)->sin_addr;
}

#ifdef __cplusplus
}
#endif

#endif /* WSIM_MSTCPIP_H */
