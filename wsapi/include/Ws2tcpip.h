/* Ws2tcpip.h — spelling alias of ws2tcpip.h, for programs written on a
 * case-insensitive file system.  Owns nothing; see ws2tcpip.h. */
#include "ws2tcpip.h"
