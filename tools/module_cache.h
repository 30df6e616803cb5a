/* module_cache.h — modules built from .c sources, kept across runs.
 *
 * Owns: the cache folder ($WSIM_CACHE_DIR, else $XDG_CACHE_HOME/wsim, else
 * ~/.cache/wsim) and its keys.  A module is built once per key and then
 * loaded from <cache>/modules/<key>/<stem>.so (the file name the trace
 * shows stays <stem>.so).  The key hashes what the build depends on: the
 * source's bytes, the compiler (WSIM_CC or the configured one) and the
 * sanitizer flags, the include folder, and the wsim executable itself (its
 * version, size and modification time: a rebuilt wsim may have new headers
 * or a new policy).  Headers a program includes from its own folder are not
 * part of the key; a program split across such headers should be built with
 * `wsim cc` and named as a .so.  A build goes to a temporary name and is
 * renamed into place, so concurrent sweeps (GNU parallel on one machine)
 * never load half a file.
 */
#ifndef WSIM_TOOLS_MODULE_CACHE_H
#define WSIM_TOOLS_MODULE_CACHE_H

#include <stddef.h>

/* Puts the path of source's built module into out, building it first when
 * the cache has none.  0; -1 with err when the source cannot be read or
 * does not build (the compiler's diagnostics are on stderr); -2 with err
 * when there is no usable cache folder (the caller then builds it itself). */
int wsim_module_cache_get(const char *source, char *out, size_t out_size, char *err,
                          size_t err_size);

#endif
