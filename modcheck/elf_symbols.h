/* elf_symbols.h — lists the functions and data a program module needs from
 * outside itself.
 *
 * Owns the ELF reading half of the module checker: given an ELF64
 * little-endian x86-64 shared object (what `wsim cc` produces), it finds the
 * dynamic symbol table and reports every undefined symbol, so that
 * module_policy.c can decide whether wsim provides, allows or refuses each
 * one.  It never maps or runs the file: it reads it into memory and checks
 * every offset and size against the file before using it, because a module
 * that fails the check must be refused with a message, not crash the
 * simulator.
 *
 * Where the symbols come from: the section headers (.dynsym and the string
 * table its sh_link names).  A file without section headers (e_shoff 0, as
 * left by sstrip and similar tools) or without a SHT_DYNSYM section is still
 * loadable by the dynamic linker, so it is read the way the linker reads it:
 * PT_DYNAMIC's DT_SYMTAB/DT_STRTAB/DT_STRSZ, with the symbol count taken from
 * DT_HASH or, failing that, DT_GNU_HASH.
 *
 * Which symbols are reported: every symbol with st_shndx == SHN_UNDEF, a
 * non-empty name and binding STB_GLOBAL or STB_WEAK, in symbol-table order.
 * Weak undefined references are reported too, on purpose: the dynamic linker
 * binds a weak reference whenever any loaded object defines the name, and
 * the simulator process always has libc loaded, so a weak reference to
 * pthread_create would bind and run.  The weak hooks every gcc/glibc-built
 * object carries (__gmon_start__, _ITM_*, __cxa_finalize) are the policy's
 * business; module_policy.c allows them by name.
 *
 * Names in .dynstr carry no "@VERSION" (versions live in .gnu.version, which
 * is ignored); should a name contain '@' anyway, the suffix is cut off
 * before it is reported.
 *
 * This is a checker against mistakes, not a security boundary: a module can
 * always reach the kernel with an inline `syscall` instruction.
 */
#ifndef WSIM_MODCHECK_ELF_SYMBOLS_H
#define WSIM_MODCHECK_ELF_SYMBOLS_H

#include <stddef.h>

/* Files larger than this are refused before they are read. */
#define WSIM_ELF_MAX_FILE_SIZE ((size_t)512 << 20)

/* Called once per undefined symbol.  Return 0 to go on; any other value
 * stops the walk and becomes the walk's result (use a positive value, so it
 * cannot be mistaken for the walk's own -1). */
typedef int (*wsim_elf_symbol_visitor)(void *ctx, const char *name);

/* Reads the shared object at `path` and calls visit(ctx, name) for each
 * undefined symbol, in symbol-table order.
 *
 * Returns 0 when the walk finished, -1 when the file cannot be read or is not
 * a well-formed ELF64 little-endian x86-64 ET_DYN (err then holds a one-line
 * message starting with "<path>: ", e.g. "prog.so: not an ELF file"), or the
 * nonzero value a visit returned.  A malformed file is detected before the
 * first visit, so a visitor never sees part of a file that is then refused.
 * visit may be NULL, to check the file without listing anything.
 * err may be NULL or err_size 0; otherwise it always ends up NUL-terminated
 * (empty unless -1 was returned). */
int wsim_elf_undefined_symbols(const char *path, wsim_elf_symbol_visitor visit,
                               void *ctx, char *err, size_t err_size);

/* The same walk over a file image already in memory; `name` is what error
 * messages are prefixed with.  The image is only read, never written, and no
 * byte outside data[0, size) is touched. */
int wsim_elf_undefined_symbols_buffer(const void *data, size_t size,
                                      const char *name,
                                      wsim_elf_symbol_visitor visit, void *ctx,
                                      char *err, size_t err_size);

#endif
