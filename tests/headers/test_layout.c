/* test_layout.c — headers.layout: wsim's Windows headers against the Win64 SDK.
 *
 * Four kinds of checks:
 *
 *  1. Compile time (_Static_assert): the size, alignment and field offsets
 *     and widths of every structure a program shares with the simulator
 *     (WSABUF, WSAOVERLAPPED, WSADATA, sockaddr_in, sockaddr, in_addr,
 *     fd_set, timeval, linger, addrinfo, WSAPOLLFD, WSANETWORKEVENTS, and
 *     the others listed below) equal the Win64 SDK's.
 *  2. Run time: every constant the headers define has the SDK's value.
 *  3. Run time: the Win32 integer types keep their Windows widths on LP64,
 *     and the FD_* macros, MAKEWORD & co. and SecureZeroMemory behave as on
 *     Windows.
 *  4. Compile time (signatures.h): every declared function has the SDK's
 *     prototype.
 *
 * How the expected numbers were read (once, when this test was written):
 * a probe translation unit including mingw-w64's <winsock2.h>,
 * <ws2tcpip.h>, <windows.h> and <mswsock.h> (with _WIN32_WINNT=0x0A00)
 * defined one `const long long` per quantity, e.g.
 *     const long long o_WSADATA__lpVendorInfo = offsetof(WSADATA, lpVendorInfo);
 *     const long long v_FIONBIO = (long long)(FIONBIO);
 * and was compiled with `x86_64-w64-mingw32-gcc -std=c11 -S`; the numbers
 * below are the `.quad` values of the resulting assembly (mingw-w64 headers
 * as shipped in /usr/share/mingw-w64/include on Debian 12).  Constants
 * mingw-w64 lacks or gets wrong are marked where they are checked.
 *
 * headers.mingw_constants and headers.mingw_layouts (mingw_fidelity.sh)
 * compare every macro and structure with mingw-w64's at test time; this
 * file keeps the SDK's own values where mingw-w64 lacks or differs from
 * them, and checks how the macros behave.
 *
 * Structures holding WCHAR arrays (WSAPROTOCOL_INFOW) are not checked: WCHAR
 * is wchar_t, 4 bytes on Linux instead of 2.  ADDRINFOW only holds a WCHAR
 * pointer and is checked.
 *
 * Built with the program flags (-std=c11 -D_POSIX_C_SOURCE=200809L -fPIC,
 * wsapi/include on the include path) plus wsim's own warnings.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <mswsock.h>

#include <stddef.h>

#include "check.h"

/* Function prototypes against the SDK's (compile time). */
#include "signatures.h"

/* ---- 1. structure layouts (Win64 SDK values, read from mingw-w64) ------ */

#define LAYOUT_SIZE(T, size, align)                                              \
    _Static_assert(sizeof(T) == (size) && _Alignof(T) == (align),                \
                   #T ": Win64 size " #size ", alignment " #align)
#define LAYOUT_FIELD(T, f, off, width)                                           \
    _Static_assert(offsetof(T, f) == (off) && sizeof(((T *)0)->f) == (width),    \
                   #T "." #f ": Win64 offset " #off ", " #width " bytes")

LAYOUT_SIZE(WSABUF, 16, 8);
LAYOUT_FIELD(WSABUF, len, 0, 4);
LAYOUT_FIELD(WSABUF, buf, 8, 8);

LAYOUT_SIZE(WSAOVERLAPPED, 32, 8);
LAYOUT_FIELD(WSAOVERLAPPED, Internal, 0, 8);
LAYOUT_FIELD(WSAOVERLAPPED, InternalHigh, 8, 8);
LAYOUT_FIELD(WSAOVERLAPPED, Offset, 16, 4);
LAYOUT_FIELD(WSAOVERLAPPED, OffsetHigh, 20, 4);
LAYOUT_FIELD(WSAOVERLAPPED, Pointer, 16, 8);
LAYOUT_FIELD(WSAOVERLAPPED, hEvent, 24, 8);

LAYOUT_SIZE(OVERLAPPED, 32, 8);
LAYOUT_FIELD(OVERLAPPED, Internal, 0, 8);
LAYOUT_FIELD(OVERLAPPED, InternalHigh, 8, 8);
LAYOUT_FIELD(OVERLAPPED, Offset, 16, 4);
LAYOUT_FIELD(OVERLAPPED, OffsetHigh, 20, 4);
LAYOUT_FIELD(OVERLAPPED, Pointer, 16, 8);
LAYOUT_FIELD(OVERLAPPED, hEvent, 24, 8);

LAYOUT_SIZE(WSADATA, 408, 8);
LAYOUT_FIELD(WSADATA, wVersion, 0, 2);
LAYOUT_FIELD(WSADATA, wHighVersion, 2, 2);
LAYOUT_FIELD(WSADATA, iMaxSockets, 4, 2);
LAYOUT_FIELD(WSADATA, iMaxUdpDg, 6, 2);
LAYOUT_FIELD(WSADATA, lpVendorInfo, 8, 8);
LAYOUT_FIELD(WSADATA, szDescription, 16, 257);
LAYOUT_FIELD(WSADATA, szSystemStatus, 273, 129);

LAYOUT_SIZE(struct sockaddr_in, 16, 4);
LAYOUT_FIELD(struct sockaddr_in, sin_family, 0, 2);
LAYOUT_FIELD(struct sockaddr_in, sin_port, 2, 2);
LAYOUT_FIELD(struct sockaddr_in, sin_addr, 4, 4);
LAYOUT_FIELD(struct sockaddr_in, sin_zero, 8, 8);

LAYOUT_SIZE(struct sockaddr, 16, 2);
LAYOUT_FIELD(struct sockaddr, sa_family, 0, 2);
LAYOUT_FIELD(struct sockaddr, sa_data, 2, 14);

LAYOUT_SIZE(struct in_addr, 4, 4);
LAYOUT_FIELD(struct in_addr, S_un, 0, 4);
LAYOUT_FIELD(struct in_addr, S_un.S_addr, 0, 4);
LAYOUT_FIELD(struct in_addr, S_un.S_un_b.s_b1, 0, 1);
LAYOUT_FIELD(struct in_addr, S_un.S_un_b.s_b4, 3, 1);
LAYOUT_FIELD(struct in_addr, S_un.S_un_w.s_w2, 2, 2);

LAYOUT_SIZE(fd_set, 520, 8);
LAYOUT_FIELD(fd_set, fd_count, 0, 4);
LAYOUT_FIELD(fd_set, fd_array, 8, 512);

LAYOUT_SIZE(struct timeval, 8, 4);
LAYOUT_FIELD(struct timeval, tv_sec, 0, 4);
LAYOUT_FIELD(struct timeval, tv_usec, 4, 4);

LAYOUT_SIZE(struct linger, 4, 2);
LAYOUT_FIELD(struct linger, l_onoff, 0, 2);
LAYOUT_FIELD(struct linger, l_linger, 2, 2);

LAYOUT_SIZE(struct addrinfo, 48, 8);
LAYOUT_FIELD(struct addrinfo, ai_flags, 0, 4);
LAYOUT_FIELD(struct addrinfo, ai_family, 4, 4);
LAYOUT_FIELD(struct addrinfo, ai_socktype, 8, 4);
LAYOUT_FIELD(struct addrinfo, ai_protocol, 12, 4);
LAYOUT_FIELD(struct addrinfo, ai_addrlen, 16, 8);
LAYOUT_FIELD(struct addrinfo, ai_canonname, 24, 8);
LAYOUT_FIELD(struct addrinfo, ai_addr, 32, 8);
LAYOUT_FIELD(struct addrinfo, ai_next, 40, 8);

LAYOUT_SIZE(ADDRINFOW, 48, 8);
LAYOUT_FIELD(ADDRINFOW, ai_flags, 0, 4);
LAYOUT_FIELD(ADDRINFOW, ai_family, 4, 4);
LAYOUT_FIELD(ADDRINFOW, ai_socktype, 8, 4);
LAYOUT_FIELD(ADDRINFOW, ai_protocol, 12, 4);
LAYOUT_FIELD(ADDRINFOW, ai_addrlen, 16, 8);
LAYOUT_FIELD(ADDRINFOW, ai_canonname, 24, 8);
LAYOUT_FIELD(ADDRINFOW, ai_addr, 32, 8);
LAYOUT_FIELD(ADDRINFOW, ai_next, 40, 8);

LAYOUT_SIZE(WSAPOLLFD, 16, 8);
LAYOUT_FIELD(WSAPOLLFD, fd, 0, 8);
LAYOUT_FIELD(WSAPOLLFD, events, 8, 2);
LAYOUT_FIELD(WSAPOLLFD, revents, 10, 2);

LAYOUT_SIZE(WSANETWORKEVENTS, 44, 4);
LAYOUT_FIELD(WSANETWORKEVENTS, lNetworkEvents, 0, 4);
LAYOUT_FIELD(WSANETWORKEVENTS, iErrorCode, 4, 40);

LAYOUT_SIZE(struct sockaddr_in6, 28, 4);
LAYOUT_FIELD(struct sockaddr_in6, sin6_family, 0, 2);
LAYOUT_FIELD(struct sockaddr_in6, sin6_port, 2, 2);
LAYOUT_FIELD(struct sockaddr_in6, sin6_flowinfo, 4, 4);
LAYOUT_FIELD(struct sockaddr_in6, sin6_addr, 8, 16);
LAYOUT_FIELD(struct sockaddr_in6, sin6_scope_id, 24, 4);

LAYOUT_SIZE(struct in6_addr, 16, 2);
LAYOUT_FIELD(struct in6_addr, u, 0, 16);

LAYOUT_SIZE(SOCKADDR_STORAGE, 128, 8);
LAYOUT_FIELD(SOCKADDR_STORAGE, ss_family, 0, 2);
LAYOUT_FIELD(SOCKADDR_STORAGE, __ss_pad1, 2, 6);
LAYOUT_FIELD(SOCKADDR_STORAGE, __ss_align, 8, 8);
LAYOUT_FIELD(SOCKADDR_STORAGE, __ss_pad2, 16, 112);

LAYOUT_SIZE(struct hostent, 32, 8);
LAYOUT_FIELD(struct hostent, h_name, 0, 8);
LAYOUT_FIELD(struct hostent, h_aliases, 8, 8);
LAYOUT_FIELD(struct hostent, h_addrtype, 16, 2);
LAYOUT_FIELD(struct hostent, h_length, 18, 2);
LAYOUT_FIELD(struct hostent, h_addr_list, 24, 8);

LAYOUT_SIZE(struct servent, 32, 8);
LAYOUT_FIELD(struct servent, s_name, 0, 8);
LAYOUT_FIELD(struct servent, s_aliases, 8, 8);
LAYOUT_FIELD(struct servent, s_proto, 16, 8);
LAYOUT_FIELD(struct servent, s_port, 24, 2);

LAYOUT_SIZE(struct protoent, 24, 8);
LAYOUT_FIELD(struct protoent, p_name, 0, 8);
LAYOUT_FIELD(struct protoent, p_aliases, 8, 8);
LAYOUT_FIELD(struct protoent, p_proto, 16, 2);

LAYOUT_SIZE(WSAPROTOCOLCHAIN, 32, 4);
LAYOUT_FIELD(WSAPROTOCOLCHAIN, ChainLen, 0, 4);
LAYOUT_FIELD(WSAPROTOCOLCHAIN, ChainEntries, 4, 28);

LAYOUT_SIZE(GUID, 16, 4);
LAYOUT_FIELD(GUID, Data1, 0, 4);
LAYOUT_FIELD(GUID, Data2, 4, 2);
LAYOUT_FIELD(GUID, Data3, 6, 2);
LAYOUT_FIELD(GUID, Data4, 8, 8);

LAYOUT_SIZE(WSAPROTOCOL_INFOA, 372, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, dwServiceFlags1, 0, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, dwServiceFlags4, 12, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, dwProviderFlags, 16, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, ProviderId, 20, 16);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, dwCatalogEntryId, 36, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, ProtocolChain, 40, 32);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, iVersion, 72, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, iAddressFamily, 76, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, iMaxSockAddr, 80, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, iMinSockAddr, 84, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, iSocketType, 88, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, iProtocol, 92, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, iProtocolMaxOffset, 96, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, iNetworkByteOrder, 100, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, iSecurityScheme, 104, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, dwMessageSize, 108, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, dwProviderReserved, 112, 4);
LAYOUT_FIELD(WSAPROTOCOL_INFOA, szProtocol, 116, 256);

LAYOUT_SIZE(CRITICAL_SECTION, 40, 8);

LAYOUT_SIZE(SECURITY_ATTRIBUTES, 24, 8);
LAYOUT_FIELD(SECURITY_ATTRIBUTES, nLength, 0, 4);
LAYOUT_FIELD(SECURITY_ATTRIBUTES, lpSecurityDescriptor, 8, 8);
LAYOUT_FIELD(SECURITY_ATTRIBUTES, bInheritHandle, 16, 4);

LAYOUT_SIZE(LARGE_INTEGER, 8, 8);
LAYOUT_FIELD(LARGE_INTEGER, LowPart, 0, 4);
LAYOUT_FIELD(LARGE_INTEGER, HighPart, 4, 4);
LAYOUT_FIELD(LARGE_INTEGER, QuadPart, 0, 8);

LAYOUT_SIZE(ULARGE_INTEGER, 8, 8);
LAYOUT_FIELD(ULARGE_INTEGER, LowPart, 0, 4);
LAYOUT_FIELD(ULARGE_INTEGER, HighPart, 4, 4);
LAYOUT_FIELD(ULARGE_INTEGER, QuadPart, 0, 8);

LAYOUT_SIZE(struct ip_mreq, 8, 4);
LAYOUT_FIELD(struct ip_mreq, imr_multiaddr, 0, 4);
LAYOUT_FIELD(struct ip_mreq, imr_interface, 4, 4);

LAYOUT_SIZE(struct ipv6_mreq, 20, 4);
LAYOUT_FIELD(struct ipv6_mreq, ipv6mr_multiaddr, 0, 16);
LAYOUT_FIELD(struct ipv6_mreq, ipv6mr_interface, 16, 4);

/* ---- 2. constants ----------------------------------------------------- */

static void check_constants(void)
{
    /* Sentinels, booleans, waits and kernel32 errors (windows.h / winbase.h / winerror.h) */
    CHECK_INT_EQ(INVALID_SOCKET, -1);
    CHECK_INT_EQ(SOCKET_ERROR, -1);
    CHECK_INT_EQ(INVALID_HANDLE_VALUE, -1);
    CHECK_INT_EQ(NO_ERROR, 0);
    CHECK_INT_EQ(TRUE, 1);
    CHECK_INT_EQ(FALSE, 0);
    CHECK_INT_EQ(INFINITE, 0xFFFFFFFF);
    CHECK_INT_EQ(WSA_INFINITE, 0xFFFFFFFF);
    CHECK_INT_EQ(WAIT_OBJECT_0, 0x0);
    CHECK_INT_EQ(WAIT_ABANDONED, 0x80);
    CHECK_INT_EQ(WAIT_ABANDONED_0, 0x80);
    CHECK_INT_EQ(WAIT_TIMEOUT, 258);
    CHECK_INT_EQ(WAIT_FAILED, 0xFFFFFFFF);
    CHECK_INT_EQ(WAIT_IO_COMPLETION, 0xC0);
    CHECK_INT_EQ(MAXIMUM_WAIT_OBJECTS, 64);
    CHECK_INT_EQ(WSA_WAIT_EVENT_0, 0x0);
    CHECK_INT_EQ(WSA_WAIT_FAILED, 0xFFFFFFFF);
    CHECK_INT_EQ(WSA_WAIT_TIMEOUT, 258);
    CHECK_INT_EQ(WSA_WAIT_IO_COMPLETION, 0xC0);
    CHECK_INT_EQ(WSA_IO_PENDING, 997);
    CHECK_INT_EQ(WSA_IO_INCOMPLETE, 996);
    CHECK_INT_EQ(WSA_OPERATION_ABORTED, 995);
    CHECK_INT_EQ(WSA_INVALID_HANDLE, 6);
    CHECK_INT_EQ(WSA_INVALID_PARAMETER, 87);
    CHECK_INT_EQ(WSA_NOT_ENOUGH_MEMORY, 8);
    CHECK_INT_EQ(WSA_INVALID_EVENT, 0);
    CHECK_INT_EQ(WSA_MAXIMUM_WAIT_EVENTS, 64);
    CHECK_INT_EQ(ERROR_SUCCESS, 0);
    CHECK_INT_EQ(ERROR_INVALID_FUNCTION, 1);
    CHECK_INT_EQ(ERROR_FILE_NOT_FOUND, 2);
    CHECK_INT_EQ(ERROR_ACCESS_DENIED, 5);
    CHECK_INT_EQ(ERROR_INVALID_HANDLE, 6);
    CHECK_INT_EQ(ERROR_NOT_ENOUGH_MEMORY, 8);
    CHECK_INT_EQ(ERROR_OUTOFMEMORY, 14);
    CHECK_INT_EQ(ERROR_HANDLE_EOF, 38);
    CHECK_INT_EQ(ERROR_NOT_SUPPORTED, 50);
    CHECK_INT_EQ(ERROR_NETNAME_DELETED, 64);
    CHECK_INT_EQ(ERROR_INVALID_PARAMETER, 87);
    CHECK_INT_EQ(ERROR_INSUFFICIENT_BUFFER, 122);
    CHECK_INT_EQ(ERROR_SEM_TIMEOUT, 121);
    CHECK_INT_EQ(ERROR_ALREADY_EXISTS, 183);
    CHECK_INT_EQ(ERROR_MORE_DATA, 234);
    CHECK_INT_EQ(ERROR_NO_MORE_ITEMS, 259);
    CHECK_INT_EQ(ERROR_OPERATION_ABORTED, 995);
    CHECK_INT_EQ(ERROR_IO_INCOMPLETE, 996);
    CHECK_INT_EQ(ERROR_IO_PENDING, 997);
    CHECK_INT_EQ(ERROR_NOACCESS, 998);
    CHECK_INT_EQ(ERROR_CONNECTION_REFUSED, 1225);
    CHECK_INT_EQ(ERROR_NETWORK_UNREACHABLE, 1231);
    CHECK_INT_EQ(ERROR_HOST_UNREACHABLE, 1232);
    CHECK_INT_EQ(ERROR_PORT_UNREACHABLE, 1234);
    CHECK_INT_EQ(ERROR_CONNECTION_ABORTED, 1236);
    CHECK_INT_EQ(ERROR_NOT_FOUND, 1168);
    CHECK_INT_EQ(ERROR_TIMEOUT, 1460);

    /* Winsock error codes (winsock2.h / winerror.h) */
    CHECK_INT_EQ(WSABASEERR, 10000);
    CHECK_INT_EQ(WSAEINTR, 10004);
    CHECK_INT_EQ(WSAEBADF, 10009);
    CHECK_INT_EQ(WSAEACCES, 10013);
    CHECK_INT_EQ(WSAEFAULT, 10014);
    CHECK_INT_EQ(WSAEINVAL, 10022);
    CHECK_INT_EQ(WSAEMFILE, 10024);
    CHECK_INT_EQ(WSAEWOULDBLOCK, 10035);
    CHECK_INT_EQ(WSAEINPROGRESS, 10036);
    CHECK_INT_EQ(WSAEALREADY, 10037);
    CHECK_INT_EQ(WSAENOTSOCK, 10038);
    CHECK_INT_EQ(WSAEDESTADDRREQ, 10039);
    CHECK_INT_EQ(WSAEMSGSIZE, 10040);
    CHECK_INT_EQ(WSAEPROTOTYPE, 10041);
    CHECK_INT_EQ(WSAENOPROTOOPT, 10042);
    CHECK_INT_EQ(WSAEPROTONOSUPPORT, 10043);
    CHECK_INT_EQ(WSAESOCKTNOSUPPORT, 10044);
    CHECK_INT_EQ(WSAEOPNOTSUPP, 10045);
    CHECK_INT_EQ(WSAEPFNOSUPPORT, 10046);
    CHECK_INT_EQ(WSAEAFNOSUPPORT, 10047);
    CHECK_INT_EQ(WSAEADDRINUSE, 10048);
    CHECK_INT_EQ(WSAEADDRNOTAVAIL, 10049);
    CHECK_INT_EQ(WSAENETDOWN, 10050);
    CHECK_INT_EQ(WSAENETUNREACH, 10051);
    CHECK_INT_EQ(WSAENETRESET, 10052);
    CHECK_INT_EQ(WSAECONNABORTED, 10053);
    CHECK_INT_EQ(WSAECONNRESET, 10054);
    CHECK_INT_EQ(WSAENOBUFS, 10055);
    CHECK_INT_EQ(WSAEISCONN, 10056);
    CHECK_INT_EQ(WSAENOTCONN, 10057);
    CHECK_INT_EQ(WSAESHUTDOWN, 10058);
    CHECK_INT_EQ(WSAETOOMANYREFS, 10059);
    CHECK_INT_EQ(WSAETIMEDOUT, 10060);
    CHECK_INT_EQ(WSAECONNREFUSED, 10061);
    CHECK_INT_EQ(WSAELOOP, 10062);
    CHECK_INT_EQ(WSAENAMETOOLONG, 10063);
    CHECK_INT_EQ(WSAEHOSTDOWN, 10064);
    CHECK_INT_EQ(WSAEHOSTUNREACH, 10065);
    CHECK_INT_EQ(WSAENOTEMPTY, 10066);
    CHECK_INT_EQ(WSAEPROCLIM, 10067);
    CHECK_INT_EQ(WSAEUSERS, 10068);
    CHECK_INT_EQ(WSAEDQUOT, 10069);
    CHECK_INT_EQ(WSAESTALE, 10070);
    CHECK_INT_EQ(WSAEREMOTE, 10071);
    CHECK_INT_EQ(WSASYSNOTREADY, 10091);
    CHECK_INT_EQ(WSAVERNOTSUPPORTED, 10092);
    CHECK_INT_EQ(WSANOTINITIALISED, 10093);
    CHECK_INT_EQ(WSAEDISCON, 10101);
    CHECK_INT_EQ(WSAENOMORE, 10102);
    CHECK_INT_EQ(WSAECANCELLED, 10103);
    CHECK_INT_EQ(WSAEINVALIDPROCTABLE, 10104);
    CHECK_INT_EQ(WSAEINVALIDPROVIDER, 10105);
    CHECK_INT_EQ(WSAEPROVIDERFAILEDINIT, 10106);
    CHECK_INT_EQ(WSASYSCALLFAILURE, 10107);
    CHECK_INT_EQ(WSASERVICE_NOT_FOUND, 10108);
    CHECK_INT_EQ(WSATYPE_NOT_FOUND, 10109);
    CHECK_INT_EQ(WSA_E_NO_MORE, 10110);
    CHECK_INT_EQ(WSA_E_CANCELLED, 10111);
    CHECK_INT_EQ(WSAEREFUSED, 10112);
    CHECK_INT_EQ(WSAHOST_NOT_FOUND, 11001);
    CHECK_INT_EQ(WSATRY_AGAIN, 11002);
    CHECK_INT_EQ(WSANO_RECOVERY, 11003);
    CHECK_INT_EQ(WSANO_DATA, 11004);
    CHECK_INT_EQ(WSANO_ADDRESS, 11004);

    /* getaddrinfo error codes (ws2tcpip.h); EAI_NODATA is checked separately below */
    CHECK_INT_EQ(EAI_AGAIN, 11002);
    CHECK_INT_EQ(EAI_BADFLAGS, 10022);
    CHECK_INT_EQ(EAI_FAIL, 11003);
    CHECK_INT_EQ(EAI_FAMILY, 10047);
    CHECK_INT_EQ(EAI_MEMORY, 8);
    CHECK_INT_EQ(EAI_NONAME, 11001);
    CHECK_INT_EQ(EAI_SERVICE, 10109);
    CHECK_INT_EQ(EAI_SOCKTYPE, 10044);

    /* Address and protocol families */
    CHECK_INT_EQ(AF_UNSPEC, 0);
    CHECK_INT_EQ(AF_UNIX, 1);
    CHECK_INT_EQ(AF_INET, 2);
    CHECK_INT_EQ(AF_IMPLINK, 3);
    CHECK_INT_EQ(AF_PUP, 4);
    CHECK_INT_EQ(AF_CHAOS, 5);
    CHECK_INT_EQ(AF_NS, 6);
    CHECK_INT_EQ(AF_IPX, 6);
    CHECK_INT_EQ(AF_ISO, 7);
    CHECK_INT_EQ(AF_OSI, 7);
    CHECK_INT_EQ(AF_ECMA, 8);
    CHECK_INT_EQ(AF_DATAKIT, 9);
    CHECK_INT_EQ(AF_CCITT, 10);
    CHECK_INT_EQ(AF_SNA, 11);
    CHECK_INT_EQ(AF_DECnet, 12);
    CHECK_INT_EQ(AF_DLI, 13);
    CHECK_INT_EQ(AF_LAT, 14);
    CHECK_INT_EQ(AF_HYLINK, 15);
    CHECK_INT_EQ(AF_APPLETALK, 16);
    CHECK_INT_EQ(AF_NETBIOS, 17);
    CHECK_INT_EQ(AF_VOICEVIEW, 18);
    CHECK_INT_EQ(AF_FIREFOX, 19);
    CHECK_INT_EQ(AF_UNKNOWN1, 20);
    CHECK_INT_EQ(AF_BAN, 21);
    CHECK_INT_EQ(AF_ATM, 22);
    CHECK_INT_EQ(AF_INET6, 23);
    CHECK_INT_EQ(AF_CLUSTER, 24);
    CHECK_INT_EQ(AF_12844, 25);
    CHECK_INT_EQ(AF_IRDA, 26);
    CHECK_INT_EQ(AF_NETDES, 28);
    CHECK_INT_EQ(AF_TCNPROCESS, 29);
    CHECK_INT_EQ(AF_TCNMESSAGE, 30);
    CHECK_INT_EQ(AF_ICLFXBM, 31);
    CHECK_INT_EQ(AF_BTH, 32);
    CHECK_INT_EQ(PF_UNSPEC, 0);
    CHECK_INT_EQ(PF_UNIX, 1);
    CHECK_INT_EQ(PF_INET, 2);
    CHECK_INT_EQ(PF_INET6, 23);
    CHECK_INT_EQ(PF_IPX, 6);
    CHECK_INT_EQ(PF_APPLETALK, 16);
    CHECK_INT_EQ(PF_ATM, 22);
    CHECK_INT_EQ(PF_BTH, 32);

    /* Socket types */
    CHECK_INT_EQ(SOCK_STREAM, 1);
    CHECK_INT_EQ(SOCK_DGRAM, 2);
    CHECK_INT_EQ(SOCK_RAW, 3);
    CHECK_INT_EQ(SOCK_RDM, 4);
    CHECK_INT_EQ(SOCK_SEQPACKET, 5);

    /* Protocols */
    CHECK_INT_EQ(IPPROTO_IP, 0);
    CHECK_INT_EQ(IPPROTO_HOPOPTS, 0);
    CHECK_INT_EQ(IPPROTO_ICMP, 1);
    CHECK_INT_EQ(IPPROTO_IGMP, 2);
    CHECK_INT_EQ(IPPROTO_GGP, 3);
    CHECK_INT_EQ(IPPROTO_IPV4, 4);
    CHECK_INT_EQ(IPPROTO_ST, 5);
    CHECK_INT_EQ(IPPROTO_TCP, 6);
    CHECK_INT_EQ(IPPROTO_CBT, 7);
    CHECK_INT_EQ(IPPROTO_EGP, 8);
    CHECK_INT_EQ(IPPROTO_IGP, 9);
    CHECK_INT_EQ(IPPROTO_PUP, 12);
    CHECK_INT_EQ(IPPROTO_UDP, 17);
    CHECK_INT_EQ(IPPROTO_IDP, 22);
    CHECK_INT_EQ(IPPROTO_RDP, 27);
    CHECK_INT_EQ(IPPROTO_IPV6, 41);
    CHECK_INT_EQ(IPPROTO_ROUTING, 43);
    CHECK_INT_EQ(IPPROTO_FRAGMENT, 44);
    CHECK_INT_EQ(IPPROTO_ESP, 50);
    CHECK_INT_EQ(IPPROTO_AH, 51);
    CHECK_INT_EQ(IPPROTO_ICMPV6, 58);
    CHECK_INT_EQ(IPPROTO_NONE, 59);
    CHECK_INT_EQ(IPPROTO_DSTOPTS, 60);
    CHECK_INT_EQ(IPPROTO_ND, 77);
    CHECK_INT_EQ(IPPROTO_ICLFXBM, 78);
    CHECK_INT_EQ(IPPROTO_PIM, 103);
    CHECK_INT_EQ(IPPROTO_PGM, 113);
    CHECK_INT_EQ(IPPROTO_L2TP, 115);
    CHECK_INT_EQ(IPPROTO_SCTP, 132);
    CHECK_INT_EQ(IPPROTO_RAW, 255);
    CHECK_INT_EQ(IPPROTO_MAX, 256);

    /* Well-known IPv4 addresses */
    CHECK_INT_EQ(INADDR_ANY, 0x0);
    CHECK_INT_EQ(INADDR_LOOPBACK, 0x7F000001);
    CHECK_INT_EQ(INADDR_BROADCAST, 0xFFFFFFFF);
    CHECK_INT_EQ(INADDR_NONE, 0xFFFFFFFF);

    /* SOL_SOCKET options */
    CHECK_INT_EQ(SOL_SOCKET, 0xFFFF);
    CHECK_INT_EQ(SO_DEBUG, 0x1);
    CHECK_INT_EQ(SO_ACCEPTCONN, 0x2);
    CHECK_INT_EQ(SO_REUSEADDR, 0x4);
    CHECK_INT_EQ(SO_KEEPALIVE, 0x8);
    CHECK_INT_EQ(SO_DONTROUTE, 0x10);
    CHECK_INT_EQ(SO_BROADCAST, 0x20);
    CHECK_INT_EQ(SO_USELOOPBACK, 0x40);
    CHECK_INT_EQ(SO_LINGER, 0x80);
    CHECK_INT_EQ(SO_OOBINLINE, 0x100);
    CHECK_INT_EQ(SO_DONTLINGER, -129);
    CHECK_INT_EQ(SO_EXCLUSIVEADDRUSE, -5);
    CHECK_INT_EQ(SO_SNDBUF, 0x1001);
    CHECK_INT_EQ(SO_RCVBUF, 0x1002);
    CHECK_INT_EQ(SO_SNDLOWAT, 0x1003);
    CHECK_INT_EQ(SO_RCVLOWAT, 0x1004);
    CHECK_INT_EQ(SO_SNDTIMEO, 0x1005);
    CHECK_INT_EQ(SO_RCVTIMEO, 0x1006);
    CHECK_INT_EQ(SO_ERROR, 0x1007);
    CHECK_INT_EQ(SO_TYPE, 0x1008);
    CHECK_INT_EQ(SO_GROUP_ID, 0x2001);
    CHECK_INT_EQ(SO_GROUP_PRIORITY, 0x2002);
    CHECK_INT_EQ(SO_MAX_MSG_SIZE, 0x2003);
    CHECK_INT_EQ(SO_PROTOCOL_INFOA, 0x2004);
    CHECK_INT_EQ(SO_PROTOCOL_INFOW, 0x2005);
    CHECK_INT_EQ(SO_PROTOCOL_INFO, 0x2004);
    CHECK_INT_EQ(SO_CONDITIONAL_ACCEPT, 0x3002);
    CHECK_INT_EQ(PVD_CONFIG, 0x3001);

    /* IPPROTO_TCP, IPPROTO_IP and IPPROTO_IPV6 options */
    CHECK_INT_EQ(TCP_NODELAY, 1);
    CHECK_INT_EQ(TCP_EXPEDITED_1122, 2);
    CHECK_INT_EQ(IP_OPTIONS, 1);
    CHECK_INT_EQ(IP_HDRINCL, 2);
    CHECK_INT_EQ(IP_TOS, 3);
    CHECK_INT_EQ(IP_TTL, 4);
    CHECK_INT_EQ(IP_MULTICAST_IF, 9);
    CHECK_INT_EQ(IP_MULTICAST_TTL, 10);
    CHECK_INT_EQ(IP_MULTICAST_LOOP, 11);
    CHECK_INT_EQ(IP_ADD_MEMBERSHIP, 12);
    CHECK_INT_EQ(IP_DROP_MEMBERSHIP, 13);
    CHECK_INT_EQ(IP_DONTFRAGMENT, 14);
    CHECK_INT_EQ(IP_PKTINFO, 19);
    CHECK_INT_EQ(IP_RECVTTL, 21);
    CHECK_INT_EQ(IP_RECEIVE_BROADCAST, 22);
    CHECK_INT_EQ(IP_RECVIF, 24);
    CHECK_INT_EQ(IP_UNICAST_IF, 31);
    CHECK_INT_EQ(IP_MTU_DISCOVER, 71);
    CHECK_INT_EQ(IP_MTU, 73);
    CHECK_INT_EQ(IPV6_HOPOPTS, 1);
    CHECK_INT_EQ(IPV6_HDRINCL, 2);
    CHECK_INT_EQ(IPV6_UNICAST_HOPS, 4);
    CHECK_INT_EQ(IPV6_MULTICAST_IF, 9);
    CHECK_INT_EQ(IPV6_MULTICAST_HOPS, 10);
    CHECK_INT_EQ(IPV6_MULTICAST_LOOP, 11);
    CHECK_INT_EQ(IPV6_ADD_MEMBERSHIP, 12);
    CHECK_INT_EQ(IPV6_JOIN_GROUP, 12);
    CHECK_INT_EQ(IPV6_DROP_MEMBERSHIP, 13);
    CHECK_INT_EQ(IPV6_LEAVE_GROUP, 13);
    CHECK_INT_EQ(IPV6_DONTFRAG, 14);
    CHECK_INT_EQ(IPV6_PKTINFO, 19);
    CHECK_INT_EQ(IPV6_HOPLIMIT, 21);
    CHECK_INT_EQ(IPV6_PROTECTION_LEVEL, 23);
    CHECK_INT_EQ(IPV6_RECVIF, 24);
    CHECK_INT_EQ(IPV6_V6ONLY, 27);
    CHECK_INT_EQ(IPV6_UNICAST_IF, 31);
    CHECK_INT_EQ(IPV6_MTU_DISCOVER, 71);
    CHECK_INT_EQ(IPV6_MTU, 72);

    /* send/recv flags and shutdown */
    CHECK_INT_EQ(MSG_OOB, 0x1);
    CHECK_INT_EQ(MSG_PEEK, 0x2);
    CHECK_INT_EQ(MSG_DONTROUTE, 0x4);
    CHECK_INT_EQ(MSG_WAITALL, 0x8);
    CHECK_INT_EQ(MSG_PUSH_IMMEDIATE, 0x20);
    CHECK_INT_EQ(MSG_PARTIAL, 0x8000);
    CHECK_INT_EQ(MSG_INTERRUPT, 0x10);
    CHECK_INT_EQ(MSG_MAXIOVLEN, 0x10);
    CHECK_INT_EQ(MSG_TRUNC, 0x100);
    CHECK_INT_EQ(MSG_CTRUNC, 0x200);
    CHECK_INT_EQ(MSG_BCAST, 0x400);
    CHECK_INT_EQ(MSG_MCAST, 0x800);
    CHECK_INT_EQ(SD_RECEIVE, 0);
    CHECK_INT_EQ(SD_SEND, 1);
    CHECK_INT_EQ(SD_BOTH, 2);

    /* ioctl encodings, ioctlsocket and WSAIoctl codes */
    CHECK_INT_EQ(IOCPARM_MASK, 0x7F);
    CHECK_INT_EQ(IOC_VOID, 0x20000000);
    CHECK_INT_EQ(IOC_OUT, 0x40000000);
    CHECK_INT_EQ(IOC_IN, 0x80000000);
    CHECK_INT_EQ(IOC_INOUT, 0xC0000000);
    CHECK_INT_EQ(IOC_UNIX, 0x0);
    CHECK_INT_EQ(IOC_WS2, 0x8000000);
    CHECK_INT_EQ(IOC_PROTOCOL, 0x10000000);
    CHECK_INT_EQ(IOC_VENDOR, 0x18000000);
    CHECK_INT_EQ(FIONBIO, 0x8004667E);
    CHECK_INT_EQ(FIONREAD, 0x4004667F);
    CHECK_INT_EQ(FIOASYNC, 0x8004667D);
    CHECK_INT_EQ(SIOCSHIWAT, 0x80047300);
    CHECK_INT_EQ(SIOCGHIWAT, 0x40047301);
    CHECK_INT_EQ(SIOCSLOWAT, 0x80047302);
    CHECK_INT_EQ(SIOCGLOWAT, 0x40047303);
    CHECK_INT_EQ(SIOCATMARK, 0x40047307);
    CHECK_INT_EQ(SIO_ASSOCIATE_HANDLE, 0x88000001);
    CHECK_INT_EQ(SIO_ENABLE_CIRCULAR_QUEUEING, 0x28000002);
    CHECK_INT_EQ(SIO_FIND_ROUTE, 0x48000003);
    CHECK_INT_EQ(SIO_FLUSH, 0x28000004);
    CHECK_INT_EQ(SIO_GET_BROADCAST_ADDRESS, 0x48000005);
    CHECK_INT_EQ(SIO_GET_EXTENSION_FUNCTION_POINTER, 0xC8000006);
    CHECK_INT_EQ(SIO_GET_QOS, 0xC8000007);
    CHECK_INT_EQ(SIO_GET_GROUP_QOS, 0xC8000008);
    CHECK_INT_EQ(SIO_MULTIPOINT_LOOPBACK, 0x88000009);
    CHECK_INT_EQ(SIO_MULTICAST_SCOPE, 0x8800000A);
    CHECK_INT_EQ(SIO_SET_QOS, 0x8800000B);
    CHECK_INT_EQ(SIO_SET_GROUP_QOS, 0x8800000C);
    CHECK_INT_EQ(SIO_TRANSLATE_HANDLE, 0xC800000D);
    CHECK_INT_EQ(SIO_ROUTING_INTERFACE_QUERY, 0xC8000014);
    CHECK_INT_EQ(SIO_ROUTING_INTERFACE_CHANGE, 0x88000015);
    CHECK_INT_EQ(SIO_ADDRESS_LIST_QUERY, 0x48000016);
    CHECK_INT_EQ(SIO_ADDRESS_LIST_CHANGE, 0x28000017);
    CHECK_INT_EQ(SIO_QUERY_TARGET_PNP_HANDLE, 0x48000018);
    CHECK_INT_EQ(SIO_ADDRESS_LIST_SORT, 0xC8000019);
    CHECK_INT_EQ(SIO_UDP_CONNRESET, 0x9800000C);

    /* select and WSAEventSelect */
    CHECK_INT_EQ(FD_SETSIZE, 64);
    CHECK_INT_EQ(FD_READ_BIT, 0);
    CHECK_INT_EQ(FD_READ, 0x1);
    CHECK_INT_EQ(FD_WRITE_BIT, 1);
    CHECK_INT_EQ(FD_WRITE, 0x2);
    CHECK_INT_EQ(FD_OOB_BIT, 2);
    CHECK_INT_EQ(FD_OOB, 0x4);
    CHECK_INT_EQ(FD_ACCEPT_BIT, 3);
    CHECK_INT_EQ(FD_ACCEPT, 0x8);
    CHECK_INT_EQ(FD_CONNECT_BIT, 4);
    CHECK_INT_EQ(FD_CONNECT, 0x10);
    CHECK_INT_EQ(FD_CLOSE_BIT, 5);
    CHECK_INT_EQ(FD_CLOSE, 0x20);
    CHECK_INT_EQ(FD_QOS_BIT, 6);
    CHECK_INT_EQ(FD_QOS, 0x40);
    CHECK_INT_EQ(FD_GROUP_QOS_BIT, 7);
    CHECK_INT_EQ(FD_GROUP_QOS, 0x80);
    CHECK_INT_EQ(FD_ROUTING_INTERFACE_CHANGE_BIT, 8);
    CHECK_INT_EQ(FD_ROUTING_INTERFACE_CHANGE, 0x100);
    CHECK_INT_EQ(FD_ADDRESS_LIST_CHANGE_BIT, 9);
    CHECK_INT_EQ(FD_ADDRESS_LIST_CHANGE, 0x200);
    CHECK_INT_EQ(FD_MAX_EVENTS, 10);
    CHECK_INT_EQ(FD_ALL_EVENTS, 0x3FF);

    /* WSASocket flags */
    CHECK_INT_EQ(WSA_FLAG_OVERLAPPED, 0x1);
    CHECK_INT_EQ(WSA_FLAG_MULTIPOINT_C_ROOT, 0x2);
    CHECK_INT_EQ(WSA_FLAG_MULTIPOINT_C_LEAF, 0x4);
    CHECK_INT_EQ(WSA_FLAG_MULTIPOINT_D_ROOT, 0x8);
    CHECK_INT_EQ(WSA_FLAG_MULTIPOINT_D_LEAF, 0x10);
    CHECK_INT_EQ(WSA_FLAG_ACCESS_SYSTEM_SECURITY, 0x40);
    CHECK_INT_EQ(WSA_FLAG_NO_HANDLE_INHERIT, 0x80);
    CHECK_INT_EQ(WSA_FLAG_REGISTERED_IO, 0x100);

    /* getaddrinfo/getnameinfo flags */
    CHECK_INT_EQ(AI_PASSIVE, 0x1);
    CHECK_INT_EQ(AI_CANONNAME, 0x2);
    CHECK_INT_EQ(AI_NUMERICHOST, 0x4);
    CHECK_INT_EQ(AI_NUMERICSERV, 0x8);
    CHECK_INT_EQ(AI_ALL, 0x100);
    CHECK_INT_EQ(AI_ADDRCONFIG, 0x400);
    CHECK_INT_EQ(AI_V4MAPPED, 0x800);
    CHECK_INT_EQ(AI_NON_AUTHORITATIVE, 0x4000);
    CHECK_INT_EQ(AI_SECURE, 0x8000);
    CHECK_INT_EQ(AI_RETURN_PREFERRED_NAMES, 0x10000);
    CHECK_INT_EQ(AI_FQDN, 0x20000);
    CHECK_INT_EQ(AI_FILESERVER, 0x40000);
    CHECK_INT_EQ(AI_DISABLE_IDN_ENCODING, 0x80000);
    CHECK_INT_EQ(NI_NOFQDN, 1);
    CHECK_INT_EQ(NI_NUMERICHOST, 2);
    CHECK_INT_EQ(NI_NAMEREQD, 4);
    CHECK_INT_EQ(NI_NUMERICSERV, 8);
    CHECK_INT_EQ(NI_DGRAM, 16);
    CHECK_INT_EQ(NI_MAXHOST, 1025);
    CHECK_INT_EQ(NI_MAXSERV, 32);

    /* Lengths */
    CHECK_INT_EQ(WSADESCRIPTION_LEN, 256);
    CHECK_INT_EQ(WSASYS_STATUS_LEN, 128);
    CHECK_INT_EQ(WSAPROTOCOL_LEN, 255);
    CHECK_INT_EQ(MAX_PROTOCOL_CHAIN, 7);
    CHECK_INT_EQ(SOMAXCONN, 0x7FFFFFFF);
    CHECK_INT_EQ(INET_ADDRSTRLEN, 22);
    CHECK_INT_EQ(INET6_ADDRSTRLEN, 65);

    /* WSAPoll events */
    CHECK_INT_EQ(POLLRDNORM, 0x100);
    CHECK_INT_EQ(POLLRDBAND, 0x200);
    CHECK_INT_EQ(POLLIN, 0x300);
    CHECK_INT_EQ(POLLPRI, 0x400);
    CHECK_INT_EQ(POLLWRNORM, 0x10);
    CHECK_INT_EQ(POLLOUT, 0x10);
    CHECK_INT_EQ(POLLWRBAND, 0x20);
    CHECK_INT_EQ(POLLERR, 0x1);
    CHECK_INT_EQ(POLLHUP, 0x2);
    CHECK_INT_EQ(POLLNVAL, 0x4);

    /* mswsock.h options and thread creation */
    CHECK_INT_EQ(SO_CONNECT_TIME, 0x700C);
    CHECK_INT_EQ(SO_UPDATE_ACCEPT_CONTEXT, 0x700B);
    CHECK_INT_EQ(SO_UPDATE_CONNECT_CONTEXT, 0x7010);
    CHECK_INT_EQ(CREATE_SUSPENDED, 4);
    CHECK_INT_EQ(STILL_ACTIVE, 0x103);

    /* mswsock.h options (continued) */
    CHECK_INT_EQ(SO_CONNDATA, 0x7000);
    CHECK_INT_EQ(SO_CONNOPT, 0x7001);
    CHECK_INT_EQ(SO_DISCDATA, 0x7002);
    CHECK_INT_EQ(SO_DISCOPT, 0x7003);
    CHECK_INT_EQ(SO_CONNDATALEN, 0x7004);
    CHECK_INT_EQ(SO_CONNOPTLEN, 0x7005);
    CHECK_INT_EQ(SO_DISCDATALEN, 0x7006);
    CHECK_INT_EQ(SO_DISCOPTLEN, 0x7007);
    CHECK_INT_EQ(SO_OPENTYPE, 0x7008);
    CHECK_INT_EQ(SO_SYNCHRONOUS_ALERT, 0x10);
    CHECK_INT_EQ(SO_SYNCHRONOUS_NONALERT, 0x20);
    CHECK_INT_EQ(SO_MAXDG, 0x7009);
    CHECK_INT_EQ(SO_MAXPATHDG, 0x700A);
    CHECK_INT_EQ(TCP_BSDURGENT, 0x7000);

    /* Resolver aliases, protocol-chain and misc constants */
    CHECK_INT_EQ(HOST_NOT_FOUND, 11001);
    CHECK_INT_EQ(TRY_AGAIN, 11002);
    CHECK_INT_EQ(NO_RECOVERY, 11003);
    CHECK_INT_EQ(NO_DATA, 11004);
    CHECK_INT_EQ(NO_ADDRESS, 11004);
    CHECK_INT_EQ(BASE_PROTOCOL, 1);
    CHECK_INT_EQ(LAYERED_PROTOCOL, 0);
    CHECK_INT_EQ(MAX_PATH, 260);
    CHECK_INT_EQ(WINSOCK_VERSION, 0x202);
    CHECK_INT_EQ(_SS_MAXSIZE, 128);

    /* PF_* aliases */
    CHECK_INT_EQ(PF_IMPLINK, 3);
    CHECK_INT_EQ(PF_PUP, 4);
    CHECK_INT_EQ(PF_CHAOS, 5);
    CHECK_INT_EQ(PF_NS, 6);
    CHECK_INT_EQ(PF_ISO, 7);
    CHECK_INT_EQ(PF_OSI, 7);
    CHECK_INT_EQ(PF_ECMA, 8);
    CHECK_INT_EQ(PF_DATAKIT, 9);
    CHECK_INT_EQ(PF_CCITT, 10);
    CHECK_INT_EQ(PF_SNA, 11);
    CHECK_INT_EQ(PF_DECnet, 12);
    CHECK_INT_EQ(PF_DLI, 13);
    CHECK_INT_EQ(PF_LAT, 14);
    CHECK_INT_EQ(PF_HYLINK, 15);
    CHECK_INT_EQ(PF_VOICEVIEW, 18);
    CHECK_INT_EQ(PF_FIREFOX, 19);
    CHECK_INT_EQ(PF_UNKNOWN1, 20);
    CHECK_INT_EQ(PF_BAN, 21);

    /* The Windows SDK's ws2tcpip.h defines EAI_NODATA as EAI_NONAME
     * (WSAHOST_NOT_FOUND, 11001), as transcribed by winapi-rs; mingw-w64
     * says 11004 (WSANO_DATA).  The SDK wins. */
    CHECK_INT_EQ(EAI_NODATA, 11001);

    /* Not in mingw-w64's headers; values from the Windows SDK as published
     * in Microsoft's documentation and the Windows API metadata
     * (windows-sys / windows-rs constants). */
    CHECK_INT_EQ(SO_BSP_STATE, 0x1009);
    CHECK_INT_EQ(SO_RANDOMIZE_PORT, 0x3005);
    CHECK_INT_EQ(SO_PORT_SCALABILITY, 0x3006);
    CHECK_INT_EQ(SO_REUSE_UNICASTPORT, 0x3007);
    CHECK_INT_EQ(SO_REUSE_MULTICASTPORT, 0x3008);
    CHECK_INT_EQ(TCP_KEEPALIVE, 3);
    CHECK_INT_EQ(TCP_KEEPIDLE, 3);
    CHECK_INT_EQ(TCP_MAXSEG, 4);
    CHECK_INT_EQ(TCP_MAXRT, 5);
    CHECK_INT_EQ(TCP_MAXRTMS, 14);
    CHECK_INT_EQ(TCP_FASTOPEN, 15);
    CHECK_INT_EQ(TCP_KEEPCNT, 16);
    CHECK_INT_EQ(TCP_KEEPINTVL, 17);
    CHECK_INT_EQ(SOMAXCONN_HINT(200), -200);

    /* Constants that are 32-bit unsigned on Windows stay 32-bit here. */
    CHECK_INT_EQ(sizeof(FIONBIO), 4);
    CHECK_INT_EQ(sizeof(SIO_GET_EXTENSION_FUNCTION_POINTER), 4);
    CHECK_INT_EQ(sizeof(INFINITE), 4);
    CHECK_INT_EQ(sizeof(WAIT_FAILED), 4);
    CHECK_INT_EQ(sizeof(INADDR_NONE), 4);
    CHECK_INT_EQ(sizeof(INVALID_SOCKET), 8);
}

/* ---- 3. types and helper macros ---------------------------------------- */

static void check_types(void)
{
    /* Win32 widths on LP64. */
    CHECK_INT_EQ(sizeof(DWORD), 4);
    CHECK_INT_EQ(sizeof(u_long), 4);
    CHECK_INT_EQ(sizeof(LONG), 4);
    CHECK_INT_EQ(sizeof(ULONG), 4);
    CHECK_INT_EQ(sizeof(BOOL), 4);
    CHECK_INT_EQ(sizeof(INT), 4);
    CHECK_INT_EQ(sizeof(UINT), 4);
    CHECK_INT_EQ(sizeof(u_int), 4);
    CHECK_INT_EQ(sizeof(WORD), 2);
    CHECK_INT_EQ(sizeof(SHORT), 2);
    CHECK_INT_EQ(sizeof(USHORT), 2);
    CHECK_INT_EQ(sizeof(u_short), 2);
    CHECK_INT_EQ(sizeof(BYTE), 1);
    CHECK_INT_EQ(sizeof(CHAR), 1);
    CHECK_INT_EQ(sizeof(u_char), 1);
    CHECK_INT_EQ(sizeof(LONGLONG), 8);
    CHECK_INT_EQ(sizeof(ULONGLONG), 8);
    /* Pointer-sized, as on Win64. */
    CHECK_INT_EQ(sizeof(SOCKET), 8);
    CHECK_INT_EQ(sizeof(HANDLE), 8);
    CHECK_INT_EQ(sizeof(WSAEVENT), 8);
    CHECK_INT_EQ(sizeof(ULONG_PTR), 8);
    CHECK_INT_EQ(sizeof(DWORD_PTR), 8);
    CHECK_INT_EQ(sizeof(UINT_PTR), 8);
    CHECK_INT_EQ(sizeof(INT_PTR), 8);
    CHECK_INT_EQ(sizeof(LONG_PTR), 8);
    CHECK_INT_EQ(sizeof(SIZE_T), 8);
    CHECK_INT_EQ(sizeof(LPVOID), 8);
    /* WCHAR is wchar_t on Linux (4 bytes, 2 on Windows): documented exemption. */
    CHECK_INT_EQ(sizeof(WCHAR), sizeof(wchar_t));
    /* Signedness. */
    CHECK((DWORD)-1 > 0);
    CHECK((ULONG)-1 > 0);
    CHECK((u_long)-1 > 0);
    CHECK((SOCKET)-1 > 0);
    CHECK((LONG)-1 < 0);
    CHECK((BOOL)-1 < 0);
    CHECK((LONG_PTR)-1 < 0);
    /* Without UNICODE, TCHAR and TEXT() are narrow. */
    CHECK_INT_EQ(sizeof(TCHAR), 1);
    CHECK_INT_EQ(sizeof(TEXT("x")[0]), 1);

    CHECK_INT_EQ(MAKEWORD(2, 2), 0x0202);
    CHECK_INT_EQ(MAKEWORD(1, 2), 0x0201);
    CHECK_INT_EQ(LOBYTE(0x0201), 1);
    CHECK_INT_EQ(HIBYTE(0x0201), 2);
    CHECK_INT_EQ(LOWORD(0x12345678), 0x5678);
    CHECK_INT_EQ(HIWORD(0x12345678), 0x1234);
    CHECK_INT_EQ(MAKELONG(0x5678, 0x1234), 0x12345678);
}

static void check_in_addr(void)
{
    struct in_addr a;
    memset(&a, 0, sizeof a);
    a.S_un.S_un_b.s_b1 = 127;
    a.S_un.S_un_b.s_b4 = 1;
    /* The SDK's accessor macros name the union members. */
    CHECK_INT_EQ(a.s_net, 127);
    CHECK_INT_EQ(a.s_impno, 1);
    CHECK_INT_EQ(a.s_addr, a.S_un.S_addr);
    CHECK_INT_EQ(a.s_addr, 0x0100007F); /* little endian: 127.0.0.1 */

    struct in6_addr any = IN6ADDR_ANY_INIT;
    struct in6_addr loop = IN6ADDR_LOOPBACK_INIT;
    CHECK_INT_EQ(any.s6_addr[15], 0);
    CHECK_INT_EQ(loop.s6_addr[15], 1);
    CHECK_INT_EQ(loop.s6_words[7], 0x0100);

    char *list[] = { (char *)"first", NULL };
    struct hostent h;
    memset(&h, 0, sizeof h);
    h.h_addr_list = list;
    CHECK_STR_EQ(h.h_addr, "first");
}

static void check_fd_macros(void)
{
    fd_set set;
    u_int i;

    FD_ZERO(&set);
    CHECK_INT_EQ(set.fd_count, 0);

    /* FD_SET appends and ignores duplicates. */
    FD_SET(5, &set);
    FD_SET((SOCKET)7, &set);
    FD_SET(5, &set);
    CHECK_INT_EQ(set.fd_count, 2);
    CHECK_INT_EQ(set.fd_array[0], 5);
    CHECK_INT_EQ(set.fd_array[1], 7);

    /* FD_CLR removes and closes the gap, keeping the order. */
    FD_SET(9, &set);
    FD_CLR(5, &set);
    CHECK_INT_EQ(set.fd_count, 2);
    CHECK_INT_EQ(set.fd_array[0], 7);
    CHECK_INT_EQ(set.fd_array[1], 9);
    FD_CLR(42, &set); /* absent: no change */
    CHECK_INT_EQ(set.fd_count, 2);
    FD_CLR(9, &set);
    FD_CLR(7, &set);
    CHECK_INT_EQ(set.fd_count, 0);

    /* A full set ignores further sockets. */
    FD_ZERO(&set);
    for (i = 0; i < FD_SETSIZE + 5; i++)
        FD_SET(100 + i, &set);
    CHECK_INT_EQ(set.fd_count, FD_SETSIZE);
    CHECK_INT_EQ(set.fd_array[FD_SETSIZE - 1], 100 + FD_SETSIZE - 1);

    /* Usable as a statement in an unbraced if/else. */
    if (set.fd_count)
        FD_CLR(100, &set);
    else
        FD_SET(100, &set);
    CHECK_INT_EQ(set.fd_count, FD_SETSIZE - 1);
    CHECK_INT_EQ(set.fd_array[0], 101);

    struct timeval a = { 1, 5 }, b = { 1, 7 };
    CHECK(timercmp(&a, &b, <));
    CHECK(timerisset(&a));
    timerclear(&a);
    CHECK(!timerisset(&a));
}

static void check_memory_macros(void)
{
    unsigned char buf[16];
    unsigned char copy[16];
    size_t i;

    FillMemory(buf, sizeof buf, 0xAB);
    CHECK_INT_EQ(buf[15], 0xAB);
    CopyMemory(copy, buf, sizeof buf);
    CHECK_INT_EQ(copy[0], 0xAB);
    ZeroMemory(buf, 8);
    CHECK_INT_EQ(buf[7], 0);
    CHECK_INT_EQ(buf[8], 0xAB);
    CHECK(SecureZeroMemory(copy, sizeof copy) == (PVOID)copy);
    for (i = 0; i < sizeof copy; i++)
        CHECK_INT_EQ(copy[i], 0);
}

int main(void)
{
    check_constants();
    check_types();
    check_in_addr();
    check_fd_macros();
    check_memory_macros();
    return wsim_check_exit_code();
}
