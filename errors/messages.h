/* messages.h — the system message text Windows' FormatMessage gives (with
 * FORMAT_MESSAGE_FROM_SYSTEM, in English) for every code wsim reports: each
 * Winsock code of errors.h and each Win32 code the runtime sets.
 *
 * Owns the texts (messages.c).  The wording column of errors.h is the
 * Windows Sockets Error Codes page's short description; programs print the
 * system message instead, so it is a table of its own.  A test checks that
 * every code of errors.h has one.
 */
#ifndef WSIM_ERRORS_MESSAGES_H
#define WSIM_ERRORS_MESSAGES_H

/* The message without its trailing "\r\n" (FormatMessage adds it), or NULL
 * when wsim has no message for the code (FormatMessage then fails with
 * ERROR_MR_MID_NOT_FOUND, as Windows does for an unknown code). */
const char *wsim_error_system_message(long long code);

#endif
