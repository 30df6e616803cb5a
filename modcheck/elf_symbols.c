/* elf_symbols.c — finds the undefined symbols of an ELF64 x86-64 shared
 * object (see elf_symbols.h for what is reported and why).
 *
 * The file is read whole into memory and treated as untrusted: every header,
 * table and string is located by offsets that are checked against the image
 * size before the first byte is read, with arithmetic written so that it
 * cannot overflow.  Structures are copied out with memcpy, because the
 * offsets in a corrupt file need not be aligned and the sanitizer builds
 * trap misaligned loads.  A walk first validates the whole symbol table
 * without calling the visitor, then visits, so a caller never acts on half a
 * file.
 */
#include "modcheck/elf_symbols.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The file image being checked, and where its error message goes. */
typedef struct {
    const unsigned char *data;
    size_t size;
    const char *name;
    char *err;
    size_t err_size;
} elf_image;

/* Where the dynamic symbol table and its strings lie in the image, already
 * checked to be inside it. */
typedef struct {
    uint64_t sym_off;
    uint64_t sym_count;
    uint64_t str_off;
    uint64_t str_size;
} symtab_location;

static int fail(const elf_image *im, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes "<name>: <message>" to the caller's buffer; returns -1 so that error
 * paths read `return fail(...)`. */
static int fail(const elf_image *im, const char *fmt, ...)
{
    if (im->err && im->err_size) {
        int n = snprintf(im->err, im->err_size, "%s: ", im->name);
        if (n >= 0 && (size_t)n < im->err_size) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(im->err + n, im->err_size - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return -1;
}

/* True when [off, off + len) lies inside the image.  Compares against what
 * is left after off rather than adding, so huge values cannot wrap. */
static int in_file(const elf_image *im, uint64_t off, uint64_t len)
{
    return off <= im->size && len <= im->size - off;
}

/* True when a table of count entries of entry_size bytes at off fits. */
static int table_in_file(const elf_image *im, uint64_t off, uint64_t count,
                         uint64_t entry_size)
{
    if (entry_size && count > UINT64_MAX / entry_size)
        return 0;
    return in_file(im, off, count * entry_size);
}

/* *sum = a + b; returns 0 instead when the sum would wrap, which only a
 * corrupt file can ask for. */
static int add_u64(uint64_t a, uint64_t b, uint64_t *sum)
{
    if (a > UINT64_MAX - b)
        return 0;
    *sum = a + b;
    return 1;
}

static uint32_t read_u32(const elf_image *im, uint64_t off)
{
    uint32_t v;
    memcpy(&v, im->data + off, sizeof v);
    return v;
}

/* ---- through the section headers ------------------------------------- */

/* Finds .dynsym and its string table.  Returns 1 when found, 0 when the file
 * has no section headers or no SHT_DYNSYM section (the caller then falls back
 * to the dynamic segment, as the dynamic linker would), -1 on a corrupt
 * table. */
static int locate_by_sections(const elf_image *im, const Elf64_Ehdr *eh,
                              symtab_location *loc)
{
    if (eh->e_shoff == 0)
        return 0; /* gABI: e_shoff 0 means there is no section header table */
    if (eh->e_shentsize != sizeof(Elf64_Shdr))
        return fail(im, "section header entry size is %u bytes, expected %zu",
                    (unsigned)eh->e_shentsize, sizeof(Elf64_Shdr));

    uint64_t shnum = eh->e_shnum;
    if (shnum == 0) {
        /* Extended numbering: with 0xff00 or more sections the count moves
         * to section 0's sh_size. */
        if (!in_file(im, eh->e_shoff, sizeof(Elf64_Shdr)))
            return fail(im,
                        "section header table lies outside the file "
                        "(offset %" PRIu64 ", file is %zu bytes)",
                        (uint64_t)eh->e_shoff, im->size);
        Elf64_Shdr first;
        memcpy(&first, im->data + eh->e_shoff, sizeof first);
        shnum = first.sh_size;
        if (shnum == 0)
            return 0;
    }
    if (!table_in_file(im, eh->e_shoff, shnum, sizeof(Elf64_Shdr)))
        return fail(im,
                    "section header table lies outside the file "
                    "(%" PRIu64 " entries at offset %" PRIu64 ", file is %zu bytes)",
                    shnum, (uint64_t)eh->e_shoff, im->size);

    Elf64_Shdr sym;
    uint64_t sym_index = 0;
    for (; sym_index < shnum; sym_index++) {
        memcpy(&sym, im->data + eh->e_shoff + sym_index * sizeof sym, sizeof sym);
        if (sym.sh_type == SHT_DYNSYM)
            break;
    }
    if (sym_index == shnum)
        return 0;

    if (sym.sh_entsize != sizeof(Elf64_Sym))
        return fail(im,
                    "dynamic symbol table (section %" PRIu64 ") has entry size "
                    "%" PRIu64 ", expected %zu",
                    sym_index, (uint64_t)sym.sh_entsize, sizeof(Elf64_Sym));
    if (sym.sh_size % sizeof(Elf64_Sym) != 0)
        return fail(im,
                    "dynamic symbol table (section %" PRIu64 ") size %" PRIu64
                    " is not a multiple of %zu",
                    sym_index, (uint64_t)sym.sh_size, sizeof(Elf64_Sym));
    if (!in_file(im, sym.sh_offset, sym.sh_size))
        return fail(im,
                    "dynamic symbol table (section %" PRIu64 ") lies outside the "
                    "file (offset %" PRIu64 ", size %" PRIu64 ", file is %zu bytes)",
                    sym_index, (uint64_t)sym.sh_offset, (uint64_t)sym.sh_size,
                    im->size);
    if (sym.sh_link >= shnum)
        return fail(im,
                    "dynamic symbol table (section %" PRIu64 ") links to string "
                    "table section %u, which does not exist",
                    sym_index, (unsigned)sym.sh_link);

    Elf64_Shdr str;
    memcpy(&str, im->data + eh->e_shoff + (uint64_t)sym.sh_link * sizeof str,
           sizeof str);
    if (str.sh_type != SHT_STRTAB)
        return fail(im,
                    "dynamic symbol table (section %" PRIu64 ") links to section "
                    "%u, which is not a string table (type %u)",
                    sym_index, (unsigned)sym.sh_link, (unsigned)str.sh_type);
    if (!in_file(im, str.sh_offset, str.sh_size))
        return fail(im,
                    "dynamic string table (section %u) lies outside the file "
                    "(offset %" PRIu64 ", size %" PRIu64 ", file is %zu bytes)",
                    (unsigned)sym.sh_link, (uint64_t)str.sh_offset,
                    (uint64_t)str.sh_size, im->size);

    loc->sym_off = sym.sh_offset;
    loc->sym_count = sym.sh_size / sizeof(Elf64_Sym);
    loc->str_off = str.sh_offset;
    loc->str_size = str.sh_size;
    return 1;
}

/* ---- through the dynamic segment -------------------------------------- */

/* Translates a run of len bytes at virtual address vaddr to a file offset,
 * using the PT_LOAD segment that holds it (only its file-backed part: the
 * tables read here are never in .bss).  Returns 0 when no segment does. */
static int vaddr_to_offset(const elf_image *im, const Elf64_Ehdr *eh,
                           uint64_t vaddr, uint64_t len, uint64_t *off)
{
    for (uint64_t i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, im->data + eh->e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type != PT_LOAD || !in_file(im, ph.p_offset, ph.p_filesz))
            continue;
        if (vaddr < ph.p_vaddr)
            continue;
        uint64_t delta = vaddr - ph.p_vaddr;
        if (delta > ph.p_filesz || len > ph.p_filesz - delta)
            continue;
        *off = ph.p_offset + delta; /* <= p_offset + p_filesz <= size */
        return 1;
    }
    return 0;
}

/* The number of dynamic symbols per DT_GNU_HASH: symbols below symoffset
 * are unhashed (the undefined ones among them), the rest are chained; the
 * last symbol is the end of the chain that starts at the highest bucket. */
static int gnu_hash_count(const elf_image *im, const Elf64_Ehdr *eh,
                          uint64_t table, uint64_t *count)
{
    uint64_t off;
    if (!vaddr_to_offset(im, eh, table, 16, &off))
        return fail(im, "DT_GNU_HASH table lies outside the file");
    uint32_t nbuckets = read_u32(im, off);
    uint32_t symoffset = read_u32(im, off + 4);
    uint32_t bloom_size = read_u32(im, off + 8);

    uint64_t buckets, chains;
    if (!add_u64(table, 16 + (uint64_t)bloom_size * 8, &buckets) ||
        !add_u64(buckets, (uint64_t)nbuckets * 4, &chains) ||
        !vaddr_to_offset(im, eh, buckets, (uint64_t)nbuckets * 4, &off))
        return fail(im, "DT_GNU_HASH buckets lie outside the file");

    uint32_t last = 0;
    for (uint32_t b = 0; b < nbuckets; b++) {
        uint32_t v = read_u32(im, off + (uint64_t)b * 4);
        if (v > last)
            last = v;
    }
    if (last < symoffset) {
        *count = symoffset;
        return 0;
    }
    /* Each step moves 4 bytes further; the walk ends at the first word with
     * its low bit set or when the chain leaves the file, whichever is first. */
    for (uint64_t i = last;; i++) {
        uint64_t at;
        if (!add_u64(chains, (i - symoffset) * 4, &at) ||
            !vaddr_to_offset(im, eh, at, 4, &off))
            return fail(im, "DT_GNU_HASH chain runs outside the file");
        if (read_u32(im, off) & 1) {
            *count = i + 1;
            return 0;
        }
    }
}

/* Finds the symbol table the way the dynamic linker does, for files without
 * section headers or without a SHT_DYNSYM section.  Returns 1 or -1. */
static int locate_by_dynamic(const elf_image *im, const Elf64_Ehdr *eh,
                             symtab_location *loc)
{
    if (eh->e_phoff == 0 || eh->e_phnum == 0)
        return fail(im, "has no dynamic symbol table "
                        "(no .dynsym section and no program headers)");
    if (eh->e_phentsize != sizeof(Elf64_Phdr))
        return fail(im, "program header entry size is %u bytes, expected %zu",
                    (unsigned)eh->e_phentsize, sizeof(Elf64_Phdr));
    if (!table_in_file(im, eh->e_phoff, eh->e_phnum, sizeof(Elf64_Phdr)))
        return fail(im,
                    "program header table lies outside the file "
                    "(%u entries at offset %" PRIu64 ", file is %zu bytes)",
                    (unsigned)eh->e_phnum, (uint64_t)eh->e_phoff, im->size);

    Elf64_Phdr dyn;
    uint64_t i = 0;
    for (; i < eh->e_phnum; i++) {
        memcpy(&dyn, im->data + eh->e_phoff + i * sizeof dyn, sizeof dyn);
        if (dyn.p_type == PT_DYNAMIC)
            break;
    }
    if (i == eh->e_phnum)
        return fail(im, "has no dynamic symbol table "
                        "(no .dynsym section and no PT_DYNAMIC segment)");
    if (!in_file(im, dyn.p_offset, dyn.p_filesz))
        return fail(im,
                    "dynamic segment lies outside the file (offset %" PRIu64
                    ", size %" PRIu64 ", file is %zu bytes)",
                    (uint64_t)dyn.p_offset, (uint64_t)dyn.p_filesz, im->size);

    uint64_t symtab = 0, strtab = 0, strsz = 0, syment = 0, hash = 0, gnu_hash = 0;
    int have_symtab = 0, have_strtab = 0, have_strsz = 0, have_syment = 0;
    int have_hash = 0, have_gnu_hash = 0;
    uint64_t n = dyn.p_filesz / sizeof(Elf64_Dyn);
    for (uint64_t k = 0; k < n; k++) {
        Elf64_Dyn d;
        memcpy(&d, im->data + dyn.p_offset + k * sizeof d, sizeof d);
        if (d.d_tag == DT_NULL)
            break;
        switch (d.d_tag) {
        case DT_SYMTAB: symtab = d.d_un.d_ptr; have_symtab = 1; break;
        case DT_STRTAB: strtab = d.d_un.d_ptr; have_strtab = 1; break;
        case DT_STRSZ: strsz = d.d_un.d_val; have_strsz = 1; break;
        case DT_SYMENT: syment = d.d_un.d_val; have_syment = 1; break;
        case DT_HASH: hash = d.d_un.d_ptr; have_hash = 1; break;
        case DT_GNU_HASH: gnu_hash = d.d_un.d_ptr; have_gnu_hash = 1; break;
        default: break;
        }
    }
    if (!have_symtab)
        return fail(im, "dynamic segment has no DT_SYMTAB");
    if (!have_strtab || !have_strsz)
        return fail(im, "dynamic segment has no %s",
                    have_strtab ? "DT_STRSZ" : "DT_STRTAB");
    if (have_syment && syment != sizeof(Elf64_Sym))
        return fail(im, "DT_SYMENT is %" PRIu64 ", expected %zu", syment,
                    sizeof(Elf64_Sym));

    /* The dynamic segment does not say how many symbols there are; the hash
     * tables do.  DT_HASH states it outright (nchain), so it wins. */
    uint64_t count = 0;
    uint64_t off;
    if (have_hash) {
        if (!vaddr_to_offset(im, eh, hash, 8, &off))
            return fail(im, "DT_HASH table lies outside the file");
        count = read_u32(im, off + 4);
    } else if (have_gnu_hash) {
        if (gnu_hash_count(im, eh, gnu_hash, &count) < 0)
            return -1;
    } else {
        return fail(im, "dynamic segment has neither DT_HASH nor DT_GNU_HASH, "
                        "so its symbol count is unknown");
    }

    if (count > UINT64_MAX / sizeof(Elf64_Sym) ||
        !vaddr_to_offset(im, eh, symtab, count * sizeof(Elf64_Sym), &off))
        return fail(im,
                    "dynamic symbol table (DT_SYMTAB, %" PRIu64 " entries) lies "
                    "outside the file",
                    count);
    loc->sym_off = off;
    loc->sym_count = count;
    if (!vaddr_to_offset(im, eh, strtab, strsz, &off))
        return fail(im,
                    "dynamic string table (DT_STRTAB, %" PRIu64 " bytes) lies "
                    "outside the file",
                    strsz);
    loc->str_off = off;
    loc->str_size = strsz;
    return 1;
}

/* ---- the walk ---------------------------------------------------------- */

/* Goes through the symbol table in order.  With visit NULL it only checks
 * that every reported name is a NUL-terminated string inside the string
 * table; with a visitor it reports.  Returns 0, -1 or a visitor's value. */
static int walk(const elf_image *im, const symtab_location *loc,
                wsim_elf_symbol_visitor visit, void *ctx)
{
    const char *strings = (const char *)im->data + loc->str_off;
    char *scratch = NULL; /* for names that need their "@VERSION" cut off */
    size_t scratch_size = 0;
    int rc = 0;

    for (uint64_t i = 0; i < loc->sym_count && rc == 0; i++) {
        Elf64_Sym sym;
        memcpy(&sym, im->data + loc->sym_off + i * sizeof sym, sizeof sym);
        if (sym.st_shndx != SHN_UNDEF)
            continue;
        unsigned bind = ELF64_ST_BIND(sym.st_info);
        if (bind != STB_GLOBAL && bind != STB_WEAK)
            continue; /* the null symbol at index 0 is LOCAL */
        if (sym.st_name >= loc->str_size) {
            rc = fail(im,
                      "symbol %" PRIu64 " has its name at offset %u, outside the "
                      "dynamic string table (%" PRIu64 " bytes)",
                      i, (unsigned)sym.st_name, loc->str_size);
            break;
        }
        const char *name = strings + sym.st_name;
        const char *end = memchr(name, '\0', loc->str_size - sym.st_name);
        if (!end) {
            rc = fail(im,
                      "symbol %" PRIu64 " has a name that runs past the end of "
                      "the dynamic string table",
                      i);
            break;
        }
        size_t len = (size_t)(end - name);
        const char *at = memchr(name, '@', len);
        if (at)
            len = (size_t)(at - name);
        if (len == 0 || !visit)
            continue;
        if (at) {
            if (len + 1 > scratch_size) {
                char *bigger = realloc(scratch, len + 1);
                if (!bigger) {
                    rc = fail(im, "out of memory");
                    break;
                }
                scratch = bigger;
                scratch_size = len + 1;
            }
            memcpy(scratch, name, len);
            scratch[len] = '\0';
            name = scratch;
        }
        rc = visit(ctx, name);
    }
    free(scratch);
    return rc;
}

int wsim_elf_undefined_symbols_buffer(const void *data, size_t size,
                                      const char *name,
                                      wsim_elf_symbol_visitor visit, void *ctx,
                                      char *err, size_t err_size)
{
    elf_image im = {data, data ? size : 0, name ? name : "(module)", err, err_size};
    if (err && err_size)
        err[0] = '\0';

    if (im.size == 0)
        return fail(&im, "not an ELF file (the file is empty)");
    if (im.size < SELFMAG || memcmp(im.data, ELFMAG, SELFMAG) != 0)
        return fail(&im, "not an ELF file");
    if (im.size < sizeof(Elf64_Ehdr))
        return fail(&im, "ELF header is truncated (%zu of %zu bytes)", im.size,
                    sizeof(Elf64_Ehdr));
    if (im.data[EI_CLASS] != ELFCLASS64)
        return fail(&im, "not an x86-64 shared object (%s)",
                    im.data[EI_CLASS] == ELFCLASS32 ? "32-bit ELF"
                                                    : "unknown ELF class");
    if (im.data[EI_DATA] != ELFDATA2LSB)
        return fail(&im, "not an x86-64 shared object (%s)",
                    im.data[EI_DATA] == ELFDATA2MSB ? "big-endian ELF"
                                                    : "unknown ELF byte order");
    if (im.data[EI_VERSION] != EV_CURRENT)
        return fail(&im, "unsupported ELF version %u", (unsigned)im.data[EI_VERSION]);

    Elf64_Ehdr eh;
    memcpy(&eh, im.data, sizeof eh);
    if (eh.e_machine != EM_X86_64)
        return fail(&im, "not an x86-64 shared object (e_machine %u)",
                    (unsigned)eh.e_machine);
    if (eh.e_type != ET_DYN)
        return fail(&im, "not an x86-64 shared object (e_type %u)",
                    (unsigned)eh.e_type);

    symtab_location loc;
    int found = locate_by_sections(&im, &eh, &loc);
    if (found < 0)
        return -1;
    if (found == 0 && locate_by_dynamic(&im, &eh, &loc) < 0)
        return -1;

    int rc = walk(&im, &loc, NULL, NULL);
    if (rc != 0 || !visit)
        return rc;
    return walk(&im, &loc, visit, ctx);
}

int wsim_elf_undefined_symbols(const char *path, wsim_elf_symbol_visitor visit,
                               void *ctx, char *err, size_t err_size)
{
    elf_image im = {NULL, 0, path ? path : "(module)", err, err_size};
    if (err && err_size)
        err[0] = '\0';
    if (!path)
        return fail(&im, "no file name given");

    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(&im, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return fail(&im, "cannot read: %s", strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return fail(&im, "not a regular file");
    }
    if (st.st_size < 0 || (uint64_t)st.st_size > WSIM_ELF_MAX_FILE_SIZE) {
        close(fd);
        return fail(&im, "file is larger than 512 MiB (%lld bytes)",
                    (long long)st.st_size);
    }

    size_t want = (size_t)st.st_size;
    unsigned char *buf = malloc(want ? want : 1);
    if (!buf) {
        close(fd);
        return fail(&im, "out of memory reading %zu bytes", want);
    }
    /* The file may shrink while being read; what was read is what is
     * checked (and is then most likely refused as truncated). */
    size_t got = 0;
    while (got < want) {
        ssize_t n = read(fd, buf + got, want - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return fail(&im, "cannot read: %s", strerror(e));
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    close(fd);

    int rc = wsim_elf_undefined_symbols_buffer(buf, got, path, visit, ctx, err,
                                               err_size);
    free(buf);
    return rc;
}
