/* routine_client.c — threads.example_wsasend_routine: overlapped WSASend
 * with a completion routine, in the pattern the WSASend reference page
 * describes: the routine runs when the thread waits alertably (SleepEx), may
 * post the next send itself, and hEvent is free to carry the program's
 * context when a routine is given.
 *
 * Usage: routine_client [address [port]]   (default 127.0.0.1 27015)
 *
 * Sends eight 4096-byte buffers, one at a time: main posts the first, each
 * completion routine posts the next, and main sleeps alertably until the
 * last has completed.  SO_SNDBUF is 8192, so some sends complete at once and
 * some stay pending until the peer acknowledges data.  Prints the total and
 * exits 0, or prints the failing call and exits 1.  Plain Winsock C: it
 * builds with a Windows compiler as well as with `wsim cc`.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _MSC_VER
#pragma comment(lib, "Ws2_32.lib")
#endif

#define DATA_BUFSIZE 4096
#define SEND_COUNT 8

typedef struct _SEND_CONTEXT {
    WSAOVERLAPPED Overlapped;
    SOCKET Socket;
    WSABUF DataBuf;
    char Buffer[DATA_BUFSIZE];
    int SendsPosted;
    DWORD BytesSent;
    int Error;
    BOOL Done;
} SEND_CONTEXT;

static void CALLBACK SendCompletion(DWORD dwError, DWORD cbTransferred,
                                    LPWSAOVERLAPPED lpOverlapped, DWORD dwFlags);

/* Posts the next send; the overlapped structure is free again once the
 * previous send's routine runs. */
static void PostSend(SEND_CONTEXT *ctx)
{
    ZeroMemory(&ctx->Overlapped, sizeof(ctx->Overlapped));
    ctx->Overlapped.hEvent = (HANDLE)ctx;
    ctx->DataBuf.len = DATA_BUFSIZE;
    ctx->DataBuf.buf = ctx->Buffer;
    ctx->SendsPosted++;
    if (WSASend(ctx->Socket, &ctx->DataBuf, 1, NULL, 0, &ctx->Overlapped, SendCompletion) ==
        SOCKET_ERROR) {
        int err = WSAGetLastError();
        if (err != WSA_IO_PENDING) {
            printf("WSASend failed with error: %d\n", err);
            ctx->Error = err;
            ctx->Done = TRUE;
        }
    }
}

static void CALLBACK SendCompletion(DWORD dwError, DWORD cbTransferred,
                                    LPWSAOVERLAPPED lpOverlapped, DWORD dwFlags)
{
    SEND_CONTEXT *ctx = (SEND_CONTEXT *)lpOverlapped->hEvent;
    UNREFERENCED_PARAMETER(dwFlags);
    if (dwError != 0) {
        printf("Send completed with error: %lu\n", (unsigned long)dwError);
        ctx->Error = (int)dwError;
        ctx->Done = TRUE;
        return;
    }
    ctx->BytesSent += cbTransferred;
    if (ctx->SendsPosted < SEND_COUNT)
        PostSend(ctx);
    else
        ctx->Done = TRUE;
}

int __cdecl main(int argc, char **argv)
{
    WSADATA wsaData;
    static SEND_CONTEXT ctx;
    struct sockaddr_in server;
    const char *address = argc > 1 ? argv[1] : "127.0.0.1";
    int port = argc > 2 ? atoi(argv[2]) : 27015;
    int sndbuf = 8192;
    int i;

    if (WSAStartup(MAKEWORD(2, 2), &wsaData) != 0) {
        printf("WSAStartup failed\n");
        return 1;
    }
    ctx.Socket = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (ctx.Socket == INVALID_SOCKET) {
        printf("socket failed with error: %d\n", WSAGetLastError());
        WSACleanup();
        return 1;
    }
    memset(&server, 0, sizeof(server));
    server.sin_family = AF_INET;
    server.sin_port = htons((u_short)port);
    server.sin_addr.s_addr = inet_addr(address);
    if (connect(ctx.Socket, (SOCKADDR *)&server, sizeof(server)) == SOCKET_ERROR) {
        printf("connect failed with error: %d\n", WSAGetLastError());
        closesocket(ctx.Socket);
        WSACleanup();
        return 1;
    }
    setsockopt(ctx.Socket, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof(sndbuf));
    for (i = 0; i < DATA_BUFSIZE; i++)
        ctx.Buffer[i] = (char)('a' + i % 26);

    PostSend(&ctx);
    while (!ctx.Done) {
        DWORD rc = SleepEx(INFINITE, TRUE);
        if (rc != WAIT_IO_COMPLETION) {
            printf("SleepEx returned %lu\n", (unsigned long)rc);
            break;
        }
    }
    printf("Bytes Sent: %lu\n", (unsigned long)ctx.BytesSent);
    closesocket(ctx.Socket);
    WSACleanup();
    return ctx.Error == 0 && ctx.Done ? 0 : 1;
}
