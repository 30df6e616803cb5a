/* WinSock2.h — spelling alias of winsock2.h, for programs written on a
 * case-insensitive file system.  Owns nothing; see winsock2.h. */
#include "winsock2.h"
