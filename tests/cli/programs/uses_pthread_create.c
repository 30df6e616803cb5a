/* uses_pthread_create.c — cli.refused_functions: a program that starts an
 * OS thread with pthread_create, which `wsim cc` must refuse by name.
 * pthread.h is not included (it clashes with the Windows headers); the
 * function is declared here with an equivalent prototype. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>

int pthread_create(unsigned long *thread, const void *attr, void *(*start)(void *), void *arg);

static void *worker(void *arg)
{
    return arg;
}

int main(void)
{
    unsigned long thread = 0;
    int rc = pthread_create(&thread, NULL, worker, NULL);
    printf("pthread_create returned %d\n", rc);
    return 0;
}
