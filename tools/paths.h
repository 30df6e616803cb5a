/* paths.h — where wsim finds, at run time, what `wsim cc` needs: the
 * Windows headers and the C compiler.  Nothing here is a path fixed when
 * wsim was built unless wsim runs from its own build tree, so an installed
 * or unpacked wsim (a .deb extracted anywhere) works where it lies. */
#ifndef WSIM_TOOLS_PATHS_H
#define WSIM_TOOLS_PATHS_H

/* The folder holding winsock2.h and its siblings: the source tree's when
 * the running executable lies inside the build tree it was built in;
 * otherwise the installed folder, found relative to the executable
 * (bin/wsim → include/wsim).  Never NULL; the folder may be missing. */
const char *wsim_include_dir(void);

/* The compiler `wsim cc` runs: $WSIM_CC when set, else the one wsim was
 * built with when it is still there, else "cc" from PATH. */
const char *wsim_c_compiler(void);

#endif
