# order.cmake — headers.order: wsim's Windows headers must compile whatever
# C library header comes before or after them.
#
# Run as: cmake -DCC=<C compiler> -DINC=<wsapi/include> -DWORK=<scratch dir>
#               -P order.cmake
#
# For each wsim header (winsock2.h, ws2tcpip.h, windows.h) and each C library
# header (stdlib.h, stdio.h, string.h, wchar.h, time.h, sys/types.h), one
# translation unit includes the C header before the wsim header and one after
# it; both use SOCKET, fd_set (with FD_ZERO/FD_SET/FD_CLR), struct timeval,
# WSABUF and u_long, and must compile in program mode
#   -std=c11 -D_POSIX_C_SOURCE=200809L -I <INC> -fPIC
# with -Wall -Wextra -Werror.  A few more combinations cover the spelling
# aliases, mswsock.h, WIN32_LEAN_AND_MEAN and the windows.h/winsock2.h
# orders.  If the compiler can also compile C++, every wsim header is checked
# once as C++ (extern "C" blocks, no C-only constructs).
#
# Every failing combination is reported by name with the compiler's output;
# the script fails if any did.

foreach(var CC INC WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "order.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

set(program_flags -std=c11 -D_POSIX_C_SOURCE=200809L -I "${INC}" -fPIC)
set(warning_flags -Wall -Wextra -Werror)

set(uses [=[
int wsim_order_probe(void);
int wsim_order_probe(void)
{
    SOCKET s = INVALID_SOCKET;
    fd_set fds;
    struct timeval tv = { 1, 0 };
    WSABUF buf;
    u_long mode = 1;
    char data[4] = { 0 };

    FD_ZERO(&fds);
    FD_SET(s, &fds);
    FD_CLR(s, &fds);
    buf.len = (ULONG)sizeof data;
    buf.buf = data;
    return (int)fds.fd_count + (int)tv.tv_sec + (int)buf.len + (int)mode +
           (s == INVALID_SOCKET);
}
]=])

set(total 0)
set(failed "")

# check_tu(<name> <source text> <flags...>)
function(check_tu name text)
  string(MAKE_C_IDENTIFIER "${name}" stem)
  set(src "${WORK}/${stem}.c")
  file(WRITE "${src}" "/* headers.order: ${name} */\n${text}")
  execute_process(
    COMMAND "${CC}" ${ARGN} -c "${src}" -o "${WORK}/${stem}.o"
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE out)
  math(EXPR n "${total} + 1")
  set(total ${n} PARENT_SCOPE)
  if(NOT rc EQUAL 0)
    message("FAILED: ${name}\n${out}")
    set(failed ${failed} "${name}" PARENT_SCOPE)
  endif()
endfunction()

# The matrix the brief asks for: wsim header x C header x before/after.
foreach(wsim winsock2.h ws2tcpip.h windows.h)
  foreach(libc stdlib.h stdio.h string.h wchar.h time.h sys/types.h)
    check_tu("<${libc}> before <${wsim}>"
      "#include <${libc}>\n#include <${wsim}>\n${uses}"
      ${program_flags} ${warning_flags})
    check_tu("<${libc}> after <${wsim}>"
      "#include <${wsim}>\n#include <${libc}>\n${uses}"
      ${program_flags} ${warning_flags})
  endforeach()
endforeach()

# Every C header after all wsim headers at once, and before them.
set(all_libc "#include <stdlib.h>\n#include <stdio.h>\n#include <string.h>\n#include <wchar.h>\n#include <time.h>\n#include <sys/types.h>\n")
set(all_wsim "#include <windows.h>\n#include <winsock2.h>\n#include <ws2tcpip.h>\n#include <mswsock.h>\n")
check_tu("all C headers before all wsim headers"
  "${all_libc}${all_wsim}${uses}" ${program_flags} ${warning_flags})
check_tu("all C headers after all wsim headers"
  "${all_wsim}${all_libc}${uses}" ${program_flags} ${warning_flags})

# Spelling aliases and mswsock.h, alone.
foreach(alias Windows.h WinSock2.h Winsock2.h Ws2tcpip.h WS2tcpip.h mswsock.h)
  check_tu("<${alias}> alone" "#include <${alias}>\n${uses}"
    ${program_flags} ${warning_flags})
endforeach()

# The orders programs use between windows.h and winsock2.h.
check_tu("WIN32_LEAN_AND_MEAN <windows.h> then <winsock2.h>"
  "#define WIN32_LEAN_AND_MEAN\n#include <windows.h>\n#include <winsock2.h>\n#include <ws2tcpip.h>\n${uses}"
  ${program_flags} ${warning_flags})
check_tu("<winsock2.h> then <windows.h>"
  "#include <winsock2.h>\n#include <windows.h>\n${uses}"
  ${program_flags} ${warning_flags})
check_tu("<ws2tcpip.h> then <winsock2.h> then <windows.h>"
  "#include <ws2tcpip.h>\n#include <winsock2.h>\n#include <windows.h>\n${uses}"
  ${program_flags} ${warning_flags})
check_tu("_WINSOCKAPI_ <windows.h> then <winsock2.h>"
  "#define _WINSOCKAPI_\n#include <windows.h>\n#include <winsock2.h>\n${uses}"
  ${program_flags} ${warning_flags})
check_tu("UNICODE <windows.h> <ws2tcpip.h>"
  "#define UNICODE\n#include <windows.h>\n#include <ws2tcpip.h>\n${uses}"
  ${program_flags} ${warning_flags})
# A program may enlarge fd_set, as on Windows.
check_tu("FD_SETSIZE 1024 before <winsock2.h>"
  "#define FD_SETSIZE 1024\n#include <winsock2.h>\n_Static_assert(sizeof(fd_set) == 8 + 1024 * 8, \"fd_set grows with FD_SETSIZE\");\n${uses}"
  ${program_flags} ${warning_flags})
# The MSVC pragma is silent under -Wall.
check_tu("#pragma comment(lib) after <winsock2.h>"
  "#include <winsock2.h>\n#pragma comment(lib, \"ws2_32.lib\")\n${uses}"
  ${program_flags} ${warning_flags})

# C++: only when this compiler driver can compile C++ at all.  g++ defines
# _GNU_SOURCE itself, which would bring glibc's own fd_set; undefine it so
# C++ gets the same program mode as C.
file(WRITE "${WORK}/cxx_probe.cc" "int main() { return 0; }\n")
execute_process(
  COMMAND "${CC}" -x c++ -fsyntax-only "${WORK}/cxx_probe.cc"
  RESULT_VARIABLE cxx_rc OUTPUT_QUIET ERROR_QUIET)
if(cxx_rc EQUAL 0)
  check_tu("C++: all wsim headers then <cstdio>"
    "${all_wsim}#include <cstdio>\n${uses}"
    -x c++ -std=c++11 -U_GNU_SOURCE -D_POSIX_C_SOURCE=200809L -I "${INC}" -fPIC
    ${warning_flags})
else()
  message("note: ${CC} cannot compile C++ here; C++ combination not checked")
endif()

list(LENGTH failed nfailed)
if(nfailed GREATER 0)
  list(JOIN failed "\n  " names)
  message(FATAL_ERROR "${nfailed} of ${total} combinations failed:\n  ${names}")
endif()
message("all ${total} combinations compiled")
