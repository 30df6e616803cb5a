/* error_names.h — Winsock error codes in words, for people reading a trace.
 *
 * Owns: the display names of the error codes a trace stores as numbers and
 * a one-line meaning for each (after Microsoft's "Windows Sockets Error
 * Codes" page).  Display only: traces/ may not depend on wsapi/ (DESIGN.md).
 */
#ifndef WSIM_TRACES_ERROR_NAMES_H
#define WSIM_TRACES_ERROR_NAMES_H

/* "WSAEWOULDBLOCK" for 10035; NULL for a code not in the table. */
const char *wsim_error_name(long long code);
/* "Resource temporarily unavailable." for 10035; NULL when unknown. */
const char *wsim_error_meaning(long long code);

#endif
