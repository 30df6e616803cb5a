/* test_select_misaligned.c — select takes an fd_set at any address.
 *
 * x86-64 reads and writes a misaligned fd_set without complaint, and a
 * Winsock program may well keep one inside a packed structure or a byte
 * buffer: select must accept it (its fields are copied, never read through
 * a misaligned pointer, which UndefinedBehaviorSanitizer would stop).  The
 * program here builds its sets with memcpy for the same reason.
 */
#include "tests/calls/common.h"

/* One writable UDP socket in a write set that starts 1 byte into a
 * buffer: select reports it ready (1) and leaves it in the set. */
static int misaligned_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in at = address("10.0.0.1", PORT);
    bind(s, (struct sockaddr *)&at, sizeof at);
    static unsigned char buffer[sizeof(fd_set) + 16];
    unsigned char *set = buffer + 1;
    u_int count = 1;
    memcpy(set + offsetof(fd_set, fd_count), &count, sizeof count);
    memcpy(set + offsetof(fd_set, fd_array), &s, sizeof s);
    struct timeval zero = {0, 0};
    seen.v[0] = select(0, NULL, (fd_set *)(void *)set, NULL, &zero);
    memcpy(&count, set + offsetof(fd_set, fd_count), sizeof count);
    seen.v[1] = count;
    SOCKET back = INVALID_SOCKET;
    memcpy(&back, set + offsetof(fd_set, fd_array), sizeof back);
    seen.v[2] = back == s;
    closesocket(s);
    WSACleanup();
    return 0;
}

static void test_select_misaligned_set(void)
{
    two_hosts();
    th_program(world, host_a, "misaligned", misaligned_program, 0);
    run_world();
    CHECK_INT_EQ(seen.v[0], 1);
    CHECK_INT_EQ(seen.v[1], 1);
    CHECK_INT_EQ(seen.v[2], 1);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        {"select_misaligned_set", test_select_misaligned_set},
    };
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], end_world);
}
