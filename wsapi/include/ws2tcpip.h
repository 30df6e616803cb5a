/* ws2tcpip.h — wsim's Windows SDK subset: the TCP/IP additions to Winsock.
 *
 * Owns what the SDK spreads over ws2tcpip.h, ws2ipdef.h and in6addr.h:
 * in6_addr and sockaddr_in6, INET_ADDRSTRLEN/INET6_ADDRSTRLEN, the
 * IPPROTO_IP/IPPROTO_IPV6 option names (IP_TTL, IP_HDRINCL, IPV6_V6ONLY,
 * ...), the TCP options beyond TCP_NODELAY (TCP_KEEPIDLE, ...), ip_mreq,
 * socklen_t, the EAI_* codes (Winsock error values), and the prototypes of
 * getaddrinfo/freeaddrinfo, GetAddrInfoW/FreeAddrInfoW,
 * GetAddrInfoExW/FreeAddrInfoExW (and ADDRINFOEXW), gai_strerrorA/W,
 * getnameinfo/GetNameInfoW, inet_pton/inet_ntop and InetPtonW/InetNtopW.
 * The W forms' WCHAR is wchar_t: 4 bytes here, 2 on Windows
 * (wsim_win_types.h, README "Wide characters").  addrinfo, ADDRINFOW and the AI_* flags live in
 * winsock2.h, as in the SDK's ws2def.h.
 *
 * Includes winsock2.h.  Layouts are the Win64 SDK's; no implementation lives
 * here.
 */
#ifndef WSIM_WS2TCPIP_H
#define WSIM_WS2TCPIP_H

#ifndef _WS2TCPIP_H_
#define _WS2TCPIP_H_
#endif

#include "winsock2.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- IPv6 addresses ------------------------------------------------------ */

typedef struct in6_addr {
    union {
        UCHAR Byte[16];
        USHORT Word[8];
    } u;
} IN6_ADDR, *PIN6_ADDR, *LPIN6_ADDR;

#define in_addr6 in6_addr
#define _S6_un u
#define _S6_u8 Byte
#define s6_addr _S6_un._S6_u8
#define s6_bytes u.Byte
#define s6_words u.Word

#define IN6ADDR_ANY_INIT { { { 0 } } }
#define IN6ADDR_LOOPBACK_INIT { { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } } }

typedef struct sockaddr_in6 {
    ADDRESS_FAMILY sin6_family;
    USHORT sin6_port;
    ULONG sin6_flowinfo;
    IN6_ADDR sin6_addr;
    union {
        ULONG sin6_scope_id;
        SCOPE_ID sin6_scope_struct;
    };
} SOCKADDR_IN6, SOCKADDR_IN6_LH, *PSOCKADDR_IN6, *LPSOCKADDR_IN6;

#define INET_ADDRSTRLEN 22
#define INET6_ADDRSTRLEN 65

/* ---- IPPROTO_IP options -------------------------------------------------- */

#define IP_OPTIONS 1
#define IP_HDRINCL 2
#define IP_TOS 3
#define IP_TTL 4
#define IP_MULTICAST_IF 9
#define IP_MULTICAST_TTL 10
#define IP_MULTICAST_LOOP 11
#define IP_ADD_MEMBERSHIP 12
#define IP_DROP_MEMBERSHIP 13
#define IP_DONTFRAGMENT 14
#define IP_PKTINFO 19
#define IP_RECVTTL 21
#define IP_RECEIVE_BROADCAST 22
#define IP_RECVIF 24
#define IP_UNICAST_IF 31
#define IP_MTU_DISCOVER 71
#define IP_MTU 73

/* ---- IPPROTO_IPV6 options ------------------------------------------------ */

#define IPV6_HOPOPTS 1
#define IPV6_HDRINCL 2
#define IPV6_UNICAST_HOPS 4
#define IPV6_MULTICAST_IF 9
#define IPV6_MULTICAST_HOPS 10
#define IPV6_MULTICAST_LOOP 11
#define IPV6_ADD_MEMBERSHIP 12
#define IPV6_JOIN_GROUP IPV6_ADD_MEMBERSHIP
#define IPV6_DROP_MEMBERSHIP 13
#define IPV6_LEAVE_GROUP IPV6_DROP_MEMBERSHIP
#define IPV6_DONTFRAG 14
#define IPV6_PKTINFO 19
#define IPV6_HOPLIMIT 21
#define IPV6_PROTECTION_LEVEL 23
#define IPV6_RECVIF 24
#define IPV6_V6ONLY 27
#define IPV6_UNICAST_IF 31
#define IPV6_MTU_DISCOVER 71
#define IPV6_MTU 72

/* ---- IPPROTO_TCP options beyond TCP_NODELAY ------------------------------ */

#define TCP_EXPEDITED_1122 0x0002
#define TCP_KEEPALIVE 3
#define TCP_MAXSEG 4
#define TCP_MAXRT 5
#define TCP_MAXRTMS 14
#define TCP_FASTOPEN 15
#define TCP_KEEPCNT 16
#define TCP_KEEPIDLE TCP_KEEPALIVE
#define TCP_KEEPINTVL 17

/* ---- multicast requests -------------------------------------------------- */

typedef struct ip_mreq {
    IN_ADDR imr_multiaddr;
    IN_ADDR imr_interface;
} IP_MREQ, *PIP_MREQ;

typedef struct ipv6_mreq {
    IN6_ADDR ipv6mr_multiaddr;
    ULONG ipv6mr_interface;
} IPV6_MREQ, *PIPV6_MREQ;

typedef int socklen_t;

/* ---- getaddrinfo --------------------------------------------------------- */

/* The EAI_* codes are Winsock error numbers on Windows. */
#define EAI_AGAIN WSATRY_AGAIN
#define EAI_BADFLAGS WSAEINVAL
#define EAI_FAIL WSANO_RECOVERY
#define EAI_FAMILY WSAEAFNOSUPPORT
#define EAI_MEMORY WSA_NOT_ENOUGH_MEMORY
#define EAI_NONAME WSAHOST_NOT_FOUND
#define EAI_NODATA EAI_NONAME
#define EAI_SERVICE WSATYPE_NOT_FOUND
#define EAI_SOCKTYPE WSAESOCKTNOSUPPORT

INT WSAAPI getaddrinfo(PCSTR pNodeName, PCSTR pServiceName, const ADDRINFOA *pHints,
                       PADDRINFOA *ppResult);
VOID WSAAPI freeaddrinfo(PADDRINFOA pAddrInfo);
INT WSAAPI GetAddrInfoW(PCWSTR pNodeName, PCWSTR pServiceName, const ADDRINFOW *pHints,
                        PADDRINFOW *ppResult);
VOID WSAAPI FreeAddrInfoW(PADDRINFOW pAddrInfo);

#define GetAddrInfoA getaddrinfo
#define FreeAddrInfoA freeaddrinfo
#ifdef UNICODE
#define GetAddrInfo GetAddrInfoW
#define FreeAddrInfo FreeAddrInfoW
typedef ADDRINFOW ADDRINFOT, *PADDRINFOT;
#else
#define GetAddrInfo GetAddrInfoA
#define FreeAddrInfo FreeAddrInfoA
typedef ADDRINFOA ADDRINFOT, *PADDRINFOT;
#endif

/* The extended form's result (the SDK's ws2def.h), and its lookup; wsim
 * answers it synchronously only (wsapi/resolve.c). */
typedef struct addrinfoexW {
    int ai_flags;
    int ai_family;
    int ai_socktype;
    int ai_protocol;
    size_t ai_addrlen;
    PWSTR ai_canonname;
    struct sockaddr *ai_addr;
    void *ai_blob;
    size_t ai_bloblen;
    LPGUID ai_provider;
    struct addrinfoexW *ai_next;
} ADDRINFOEXW, *PADDRINFOEXW, *LPADDRINFOEXW;

typedef PVOID LPLOOKUPSERVICE_COMPLETION_ROUTINE; /* reserved (as mingw-w64 declares it) */

INT WSAAPI GetAddrInfoExW(PCWSTR pName, PCWSTR pServiceName, DWORD dwNameSpace, LPGUID lpNspId,
                          const ADDRINFOEXW *hints, PADDRINFOEXW *ppResult,
                          struct timeval *timeout, LPOVERLAPPED lpOverlapped,
                          LPLOOKUPSERVICE_COMPLETION_ROUTINE lpCompletionRoutine,
                          LPHANDLE lpHandle);
void WSAAPI FreeAddrInfoExW(PADDRINFOEXW pAddrInfoEx);
#ifdef UNICODE
#define GetAddrInfoEx GetAddrInfoExW
#define FreeAddrInfoEx FreeAddrInfoExW
#endif

#define GAI_STRERROR_BUFFER_SIZE 1024
char *WSAAPI gai_strerrorA(int ecode);
WCHAR *WSAAPI gai_strerrorW(int ecode);
#ifdef UNICODE
#define gai_strerror gai_strerrorW
#else
#define gai_strerror gai_strerrorA
#endif

/* ---- getnameinfo --------------------------------------------------------- */

INT WSAAPI getnameinfo(const SOCKADDR *pSockaddr, socklen_t SockaddrLength, PCHAR pNodeBuffer,
                       DWORD NodeBufferSize, PCHAR pServiceBuffer, DWORD ServiceBufferSize,
                       INT Flags);
INT WSAAPI GetNameInfoW(const SOCKADDR *pSockaddr, socklen_t SockaddrLength, PWCHAR pNodeBuffer,
                        DWORD NodeBufferSize, PWCHAR pServiceBuffer, DWORD ServiceBufferSize,
                        INT Flags);
#define GetNameInfoA getnameinfo
#ifdef UNICODE
#define GetNameInfo GetNameInfoW
#else
#define GetNameInfo GetNameInfoA
#endif

/* ---- address text conversion --------------------------------------------- */

INT WSAAPI inet_pton(INT Family, PCSTR pszAddrString, PVOID pAddrBuf);
PCSTR WSAAPI inet_ntop(INT Family, const VOID *pAddr, PSTR pStringBuf, size_t StringBufSize);
INT WSAAPI InetPtonW(INT Family, PCWSTR pszAddrString, PVOID pAddrBuf);
PCWSTR WSAAPI InetNtopW(INT Family, const VOID *pAddr, PWSTR pStringBuf, size_t StringBufSize);
#define InetPtonA inet_pton
#define InetNtopA inet_ntop
#ifdef UNICODE
#define InetPton InetPtonW
#define InetNtop InetNtopW
#else
#define InetPton InetPtonA
#define InetNtop InetNtopA
#endif

#ifdef __cplusplus
}
#endif

#endif /* WSIM_WS2TCPIP_H */
