/* child.h — running part of a test in a child process, to observe an
 * abort() instead of suffering it.  Kept apart from test_tcp.c because the
 * POSIX headers it needs clash with the Windows headers the tests use. */
#ifndef WSIM_TESTS_TCP_CHILD_H
#define WSIM_TESTS_TCP_CHILD_H

#include <stddef.h>

/* Runs fn in a child process, its stderr captured into message (size bytes,
 * NUL-terminated).  Returns the signal that ended the child, or 0 when it
 * exited. */
int run_in_child(void (*fn)(void), char *message, size_t size);

#endif
