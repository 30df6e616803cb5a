/* child.c — see child.h. */
#include "tests/tcp/child.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int run_in_child(void (*fn)(void), char *message, size_t size)
{
    int out[2];
    message[0] = '\0';
    if (pipe(out) != 0)
        return -1;
    fflush(NULL);
    pid_t child = fork();
    if (child < 0)
        return -1;
    if (child == 0) {
        dup2(out[1], 2);
        close(out[0]);
        fn();
        _exit(0);
    }
    close(out[1]);
    size_t got = 0;
    ssize_t n;
    while (got + 1 < size && (n = read(out[0], message + got, size - 1 - got)) > 0)
        got += (size_t)n;
    message[got] = '\0';
    close(out[0]);
    int status = 0;
    waitpid(child, &status, 0);
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}
