/* process.h — wsim's subset of the Microsoft C runtime's process.h: the CRT
 * thread start and end (_beginthreadex, _endthreadex).
 *
 * Declarations only, with the prototypes of the CRT reference pages
 * (learn.microsoft.com, "_beginthread, _beginthreadex", "_endthread,
 * _endthreadex"); the simulator implements both (runtime/threads.c).  Threads
 * are simulated threads, exactly as CreateThread's.  windows.h declares
 * _beginthreadex too, for programs that call it without including this
 * header; both declarations agree.
 */
#ifndef WSIM_PROCESS_H
#define WSIM_PROCESS_H

#include "wsim_win_types.h"

#ifdef __cplusplus
extern "C" {
#endif

uintptr_t __cdecl _beginthreadex(void *security, unsigned stack_size,
                                 unsigned (__stdcall *start_address)(void *), void *arglist,
                                 unsigned initflag, unsigned *thrdaddr);
void __cdecl _endthreadex(unsigned retval);

#ifdef __cplusplus
}
#endif

#endif /* WSIM_PROCESS_H */
