/* test_elf.c — modules.elf: modcheck/elf_symbols.c lists a real module's
 * undefined symbols, finds the same list through the dynamic segment when
 * the section headers are gone, and answers every truncated, corrupted or
 * non-ELF input with -1 and a message (never a crash: CI runs this under
 * ASan, and every image is handed over in an exact-size heap block so any
 * overread is caught).
 *
 * Usage: modules_elf_test <clean.so> <clean-sysv.so>
 * (the same fixture linked with DT_GNU_HASH only and with DT_HASH only).
 * Temporary files are created in the working directory and removed.
 */
#include "tests/check.h"
#include "modcheck/elf_symbols.h"

#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- collecting names ---------------------------------------------------- */

typedef struct {
    char **names;
    size_t count, capacity;
    size_t stop_after; /* nonzero: return stop_value after this many */
    int stop_value;
} name_list;

static int collect(void *ctx, const char *name)
{
    name_list *l = ctx;
    if (l->count == l->capacity) {
        size_t cap = l->capacity ? l->capacity * 2 : 16;
        char **bigger = realloc(l->names, cap * sizeof *bigger);
        if (!bigger)
            return 99;
        l->names = bigger;
        l->capacity = cap;
    }
    size_t len = strlen(name);
    char *copy = malloc(len + 1);
    if (!copy)
        return 99;
    memcpy(copy, name, len + 1);
    l->names[l->count++] = copy;
    if (l->stop_after && l->count == l->stop_after)
        return l->stop_value;
    return 0;
}

static void names_free(name_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->names[i]);
    free(l->names);
    memset(l, 0, sizeof *l);
}

static int names_has(const name_list *l, const char *name)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->names[i], name) == 0)
            return 1;
    return 0;
}

static int names_equal(const name_list *a, const name_list *b)
{
    if (a->count != b->count)
        return 0;
    for (size_t i = 0; i < a->count; i++)
        if (strcmp(a->names[i], b->names[i]) != 0)
            return 0;
    return 1;
}

/* ---- images -------------------------------------------------------------- */

typedef struct {
    unsigned char *data;
    size_t size;
} image;

static image load(const char *path)
{
    image im = {NULL, 0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return im;
    size_t cap = 1 << 16;
    im.data = malloc(cap);
    size_t n;
    while (im.data && (n = fread(im.data + im.size, 1, cap - im.size, f)) > 0) {
        im.size += n;
        if (im.size == cap) {
            cap *= 2;
            unsigned char *bigger = realloc(im.data, cap);
            if (!bigger)
                free(im.data);
            im.data = bigger;
        }
    }
    fclose(f);
    return im;
}

static image clone(const image *src)
{
    image im = {malloc(src->size ? src->size : 1), src->size};
    if (im.data)
        memcpy(im.data, src->data, src->size);
    return im;
}

static Elf64_Ehdr get_ehdr(const image *im)
{
    Elf64_Ehdr eh;
    memcpy(&eh, im->data, sizeof eh);
    return eh;
}

static void put_ehdr(image *im, const Elf64_Ehdr *eh)
{
    memcpy(im->data, eh, sizeof *eh);
}

static Elf64_Shdr get_shdr(const image *im, size_t i)
{
    Elf64_Ehdr eh = get_ehdr(im);
    Elf64_Shdr sh;
    memcpy(&sh, im->data + eh.e_shoff + i * sizeof sh, sizeof sh);
    return sh;
}

static void put_shdr(image *im, size_t i, const Elf64_Shdr *sh)
{
    Elf64_Ehdr eh = get_ehdr(im);
    memcpy(im->data + eh.e_shoff + i * sizeof *sh, sh, sizeof *sh);
}

static Elf64_Phdr get_phdr(const image *im, size_t i)
{
    Elf64_Ehdr eh = get_ehdr(im);
    Elf64_Phdr ph;
    memcpy(&ph, im->data + eh.e_phoff + i * sizeof ph, sizeof ph);
    return ph;
}

static void put_phdr(image *im, size_t i, const Elf64_Phdr *ph)
{
    Elf64_Ehdr eh = get_ehdr(im);
    memcpy(im->data + eh.e_phoff + i * sizeof *ph, ph, sizeof *ph);
}

/* Index of the first section of a type (the fixtures are trusted), or
 * SIZE_MAX. */
static size_t find_section(const image *im, uint32_t type)
{
    Elf64_Ehdr eh = get_ehdr(im);
    for (size_t i = 0; i < eh.e_shnum; i++)
        if (get_shdr(im, i).sh_type == type)
            return i;
    return SIZE_MAX;
}

static size_t find_segment(const image *im, uint32_t type)
{
    Elf64_Ehdr eh = get_ehdr(im);
    for (size_t i = 0; i < eh.e_phnum; i++)
        if (get_phdr(im, i).p_type == type)
            return i;
    return SIZE_MAX;
}

/* File offset of the first dynamic entry with `tag` before DT_NULL, or
 * SIZE_MAX. */
static size_t dynamic_entry(const image *im, int64_t tag)
{
    Elf64_Phdr dyn = get_phdr(im, find_segment(im, PT_DYNAMIC));
    for (size_t k = 0; k < dyn.p_filesz / sizeof(Elf64_Dyn); k++) {
        Elf64_Dyn d;
        size_t at = dyn.p_offset + k * sizeof d;
        memcpy(&d, im->data + at, sizeof d);
        if (d.d_tag == DT_NULL)
            break;
        if (d.d_tag == tag)
            return at;
    }
    return SIZE_MAX;
}

/* Turns a dynamic tag into DT_DEBUG, which the reader ignores. */
static void drop_dynamic(image *im, int64_t tag)
{
    size_t at;
    while ((at = dynamic_entry(im, tag)) != SIZE_MAX) {
        int64_t debug = DT_DEBUG;
        memcpy(im->data + at, &debug, sizeof debug);
    }
}

static void set_dynamic(image *im, int64_t tag, uint64_t value)
{
    size_t at = dynamic_entry(im, tag);
    CHECK(at != SIZE_MAX);
    if (at != SIZE_MAX)
        memcpy(im->data + at + 8, &value, sizeof value);
}

/* What sstrip does, as far as the reader can tell: no section headers. */
static void drop_section_headers(image *im)
{
    Elf64_Ehdr eh = get_ehdr(im);
    eh.e_shoff = 0;
    eh.e_shnum = 0;
    eh.e_shstrndx = 0;
    put_ehdr(im, &eh);
}

/* ---- running the reader --------------------------------------------------- */

/* Walks an exact-size heap copy of data[0, size). */
static int walk(const unsigned char *data, size_t size, name_list *names,
                char *err, size_t err_size)
{
    unsigned char *copy = malloc(size ? size : 1);
    if (!copy)
        return 98;
    if (size)
        memcpy(copy, data, size);
    int rc = wsim_elf_undefined_symbols_buffer(copy, size, "prog.so", collect,
                                               names, err, err_size);
    free(copy);
    return rc;
}

/* Expects -1, a message "prog.so: ..." containing `expect` (when not NULL)
 * and no visits. */
static void expect_failure(const image *im, size_t size, const char *expect,
                           const char *what)
{
    name_list names = {0};
    char err[512];
    int rc = walk(im->data, size, &names, err, sizeof err);
    int ok = rc == -1 && names.count == 0 && strncmp(err, "prog.so: ", 9) == 0 &&
             (!expect || strstr(err, expect));
    if (!ok) {
        fprintf(stderr, "%s: rc %d, %zu names, err \"%s\", expected \"%s\"\n", what, rc,
                names.count, err, expect ? expect : "(any message)");
        CHECK(ok);
    }
    names_free(&names);
}

/* Either a clean walk or -1 with a message; never anything else. */
static void expect_no_crash(const image *im, size_t size, const char *what)
{
    name_list names = {0};
    char err[512];
    int rc = walk(im->data, size, &names, err, sizeof err);
    int ok = (rc == 0 && err[0] == '\0') ||
             (rc == -1 && names.count == 0 && strncmp(err, "prog.so: ", 9) == 0);
    if (!ok) {
        fprintf(stderr, "%s: rc %d, %zu names, err \"%s\"\n", what, rc, names.count, err);
        CHECK(ok);
    }
    names_free(&names);
}

static name_list list_of(const image *im)
{
    name_list names = {0};
    char err[512];
    int rc = walk(im->data, im->size, &names, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "walk failed: %s\n", err);
    CHECK_INT_EQ(rc, 0);
    return names;
}

/* ---- the tests ------------------------------------------------------------ */

static void test_listing(const char *path, const image *orig)
{
    name_list names = {0};
    char err[256] = "not cleared";
    CHECK_INT_EQ(wsim_elf_undefined_symbols(path, collect, &names, err, sizeof err), 0);
    CHECK_STR_EQ(err, "");
    /* What clean.c calls, under the names glibc's headers give them. */
    const char *const used[] = {"strlen", "malloc", "free", "snprintf", "__isoc99_sscanf"};
    for (size_t i = 0; i < sizeof used / sizeof used[0]; i++) {
        if (!names_has(&names, used[i]))
            fprintf(stderr, "%s: \"%s\" not listed\n", path, used[i]);
        CHECK(names_has(&names, used[i]));
    }
    /* Weak references are reported; defined symbols are not. */
    CHECK(names_has(&names, "__cxa_finalize"));
    CHECK(!names_has(&names, "modfix_clean_run"));
    for (size_t i = 0; i < names.count; i++) {
        CHECK(names.names[i][0] != '\0');
        CHECK(!strchr(names.names[i], '@'));
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(names.names[i], names.names[j]) != 0);
    }

    /* Deterministic, and the same from memory as from the file. */
    name_list again = list_of(orig);
    CHECK(names_equal(&names, &again));
    names_free(&again);

    /* A visitor's nonzero value stops the walk and comes back. */
    name_list stopped = {0};
    stopped.stop_after = 2;
    stopped.stop_value = 7;
    CHECK_INT_EQ(wsim_elf_undefined_symbols(path, collect, &stopped, err, sizeof err), 7);
    CHECK_INT_EQ(stopped.count, 2);
    CHECK_STR_EQ(err, "");
    names_free(&stopped);

    /* No visitor: only validates; no error buffer: still answers. */
    CHECK_INT_EQ(wsim_elf_undefined_symbols(path, NULL, NULL, err, sizeof err), 0);
    CHECK_INT_EQ(wsim_elf_undefined_symbols(path, NULL, NULL, NULL, 0), 0);
    names_free(&names);
}

/* The fallback through PT_DYNAMIC gives the same list as .dynsym, with the
 * count from DT_GNU_HASH (gnu image) or DT_HASH (sysv image). */
static void test_dynamic_fallback(const image *orig, int64_t hash_tag, const char *label)
{
    name_list expected = list_of(orig);
    CHECK(dynamic_entry(orig, hash_tag) != SIZE_MAX);

    image im = clone(orig);
    drop_section_headers(&im);
    /* Keep only the hash table under test. */
    drop_dynamic(&im, hash_tag == DT_HASH ? DT_GNU_HASH : DT_HASH);
    name_list got = list_of(&im);
    if (!names_equal(&expected, &got))
        fprintf(stderr, "%s: fallback lists %zu names, sections %zu\n", label, got.count,
                expected.count);
    CHECK(names_equal(&expected, &got));
    names_free(&got);

    /* Section headers present but no SHT_DYNSYM: also the fallback. */
    image nodynsym = clone(orig);
    size_t ds = find_section(&nodynsym, SHT_DYNSYM);
    Elf64_Shdr sh = get_shdr(&nodynsym, ds);
    sh.sh_type = SHT_PROGBITS;
    put_shdr(&nodynsym, ds, &sh);
    got = list_of(&nodynsym);
    CHECK(names_equal(&expected, &got));
    names_free(&got);
    free(nodynsym.data);

    /* Corruptions the fallback must refuse. */
    image c = clone(&im);
    size_t dyn_index = find_segment(&c, PT_DYNAMIC);
    Elf64_Phdr dyn = get_phdr(&c, dyn_index);
    dyn.p_offset = c.size - 8;
    put_phdr(&c, dyn_index, &dyn);
    expect_failure(&c, c.size, "dynamic segment lies outside the file", "PT_DYNAMIC offset");
    dyn.p_offset = UINT64_MAX - 4;
    put_phdr(&c, dyn_index, &dyn);
    expect_failure(&c, c.size, "dynamic segment lies outside the file", "PT_DYNAMIC offset max");
    dyn.p_type = PT_NULL;
    put_phdr(&c, dyn_index, &dyn);
    expect_failure(&c, c.size, "no PT_DYNAMIC segment", "no PT_DYNAMIC");
    free(c.data);

    c = clone(&im);
    Elf64_Ehdr eh = get_ehdr(&c);
    eh.e_phoff = c.size - 40;
    put_ehdr(&c, &eh);
    expect_failure(&c, c.size, "program header table lies outside the file", "e_phoff");
    eh.e_phoff = UINT64_MAX - 100;
    put_ehdr(&c, &eh);
    expect_failure(&c, c.size, "program header table lies outside the file", "e_phoff max");
    eh = get_ehdr(&im);
    eh.e_phentsize = 32;
    put_ehdr(&c, &eh);
    expect_failure(&c, c.size, "program header entry size is 32 bytes", "e_phentsize");
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_phnum = 0;
    put_ehdr(&c, &eh);
    expect_failure(&c, c.size, "no program headers", "e_phnum 0");
    free(c.data);

    c = clone(&im);
    drop_dynamic(&c, DT_SYMTAB);
    expect_failure(&c, c.size, "has no DT_SYMTAB", "no DT_SYMTAB");
    free(c.data);
    c = clone(&im);
    drop_dynamic(&c, DT_STRSZ);
    expect_failure(&c, c.size, "has no DT_STRSZ", "no DT_STRSZ");
    free(c.data);
    c = clone(&im);
    drop_dynamic(&c, hash_tag);
    expect_failure(&c, c.size, "neither DT_HASH nor DT_GNU_HASH", "no hash table");
    free(c.data);
    c = clone(&im);
    set_dynamic(&c, DT_SYMENT, 16);
    expect_failure(&c, c.size, "DT_SYMENT is 16", "DT_SYMENT");
    free(c.data);
    c = clone(&im);
    set_dynamic(&c, DT_STRSZ, UINT64_MAX / 2);
    expect_failure(&c, c.size, "dynamic string table (DT_STRTAB", "DT_STRSZ huge");
    free(c.data);
    c = clone(&im);
    set_dynamic(&c, DT_SYMTAB, 0xdead0000000ull);
    expect_failure(&c, c.size, "dynamic symbol table (DT_SYMTAB", "DT_SYMTAB unmapped");
    free(c.data);
    c = clone(&im);
    set_dynamic(&c, DT_STRTAB, UINT64_MAX - 2);
    expect_failure(&c, c.size, "dynamic string table (DT_STRTAB", "DT_STRTAB max");
    free(c.data);

    /* The hash tables themselves, located through the original's sections. */
    size_t hs = find_section(orig, hash_tag == DT_HASH ? SHT_HASH : SHT_GNU_HASH);
    CHECK(hs != SIZE_MAX);
    if (hs != SIZE_MAX) {
        Elf64_Shdr h = get_shdr(orig, hs);
        c = clone(&im);
        if (hash_tag == DT_HASH) {
            uint32_t nchain = 0x0fffffff;
            memcpy(c.data + h.sh_offset + 4, &nchain, 4);
            expect_failure(&c, c.size, "dynamic symbol table (DT_SYMTAB", "DT_HASH nchain");
            set_dynamic(&c, DT_HASH, UINT64_MAX - 3);
            expect_failure(&c, c.size, "DT_HASH table lies outside the file", "DT_HASH addr");
        } else {
            uint32_t hdr[4];
            memcpy(hdr, c.data + h.sh_offset, sizeof hdr);
            uint32_t huge = 0x7fffffff;
            memcpy(c.data + h.sh_offset, &huge, 4);
            expect_failure(&c, c.size, "DT_GNU_HASH buckets lie outside the file", "nbuckets");
            memcpy(c.data + h.sh_offset, hdr, sizeof hdr);
            memcpy(c.data + h.sh_offset + 8, &huge, 4);
            expect_failure(&c, c.size, "DT_GNU_HASH buckets lie outside the file", "bloom size");
            memcpy(c.data + h.sh_offset, hdr, sizeof hdr);
            /* Every bucket pointing far past the symbols: the chain walk
             * must leave the file and say so. */
            uint32_t far = 0x70000000;
            for (uint32_t b = 0; b < hdr[0]; b++)
                memcpy(c.data + h.sh_offset + 16 + (uint64_t)hdr[2] * 8 + b * 4, &far, 4);
            expect_failure(&c, c.size, "DT_GNU_HASH chain runs outside the file", "buckets");
            set_dynamic(&c, DT_GNU_HASH, UINT64_MAX - 7);
            expect_failure(&c, c.size, "DT_GNU_HASH table lies outside the file", "gnu addr");
        }
        free(c.data);
    }

    names_free(&expected);
    free(im.data);
}

/* Every prefix of the file is refused with a message while the section
 * header table (the last thing in a linked .so) is incomplete; a stripped
 * image, which needs less of the file, must at least never crash. */
static void test_truncation(const image *orig)
{
    Elf64_Ehdr eh = get_ehdr(orig);
    uint64_t needed = eh.e_shoff + (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr);
    CHECK(needed <= orig->size);
    for (size_t len = 0; len < orig->size; len++) {
        char what[64];
        snprintf(what, sizeof what, "truncated to %zu bytes", len);
        if (len < needed)
            expect_failure(orig, len, NULL, what);
        else
            expect_no_crash(orig, len, what);
    }
    expect_failure(orig, 0, "not an ELF file (the file is empty)", "empty");
    expect_failure(orig, 3, "not an ELF file", "3 bytes");
    expect_failure(orig, 40, "ELF header is truncated (40 of 64 bytes)", "40 bytes");
    expect_failure(orig, 64, "section header table lies outside the file", "64 bytes");

    image stripped = clone(orig);
    drop_section_headers(&stripped);
    for (size_t len = 0; len < orig->size; len++) {
        char what[64];
        snprintf(what, sizeof what, "stripped, truncated to %zu bytes", len);
        if (len < sizeof(Elf64_Ehdr) + eh.e_phnum * sizeof(Elf64_Phdr))
            expect_failure(&stripped, len, NULL, what);
        else
            expect_no_crash(&stripped, len, what);
    }
    free(stripped.data);
}

static void test_header_corruption(const image *orig)
{
    image c = clone(orig);
    Elf64_Ehdr good = get_ehdr(orig), eh;

    memcpy(c.data, "\177ELG", 4);
    expect_failure(&c, c.size, "not an ELF file", "magic");
    memcpy(c.data, orig->data, 64);
    c.data[EI_CLASS] = ELFCLASS32;
    expect_failure(&c, c.size, "not an x86-64 shared object (32-bit ELF)", "class");
    c.data[EI_CLASS] = 9;
    expect_failure(&c, c.size, "not an x86-64 shared object (unknown ELF class)", "class 9");
    c.data[EI_CLASS] = ELFCLASS64;
    c.data[EI_DATA] = ELFDATA2MSB;
    expect_failure(&c, c.size, "not an x86-64 shared object (big-endian ELF)", "data");
    c.data[EI_DATA] = ELFDATA2LSB;
    c.data[EI_VERSION] = 7;
    expect_failure(&c, c.size, "unsupported ELF version 7", "version");
    c.data[EI_VERSION] = EV_CURRENT;

    eh = good;
    eh.e_type = ET_EXEC;
    put_ehdr(&c, &eh);
    {
        name_list names = {0};
        char err[256];
        CHECK_INT_EQ(walk(c.data, c.size, &names, err, sizeof err), -1);
        CHECK_STR_EQ(err, "prog.so: not an x86-64 shared object (e_type 2)");
        names_free(&names);
    }
    eh.e_type = ET_REL;
    put_ehdr(&c, &eh);
    expect_failure(&c, c.size, "not an x86-64 shared object (e_type 1)", "ET_REL");
    eh = good;
    eh.e_machine = EM_386;
    put_ehdr(&c, &eh);
    expect_failure(&c, c.size, "not an x86-64 shared object (e_machine 3)", "e_machine");

    const uint64_t bad_shoff[] = {c.size, c.size - 10, c.size + 1000, UINT64_MAX,
                                  UINT64_MAX - 63, (uint64_t)1 << 63};
    for (size_t i = 0; i < sizeof bad_shoff / sizeof bad_shoff[0]; i++) {
        eh = good;
        eh.e_shoff = bad_shoff[i];
        put_ehdr(&c, &eh);
        expect_failure(&c, c.size, "section header table lies outside the file", "e_shoff");
    }
    eh = good;
    eh.e_shnum = 0xffff;
    put_ehdr(&c, &eh);
    expect_failure(&c, c.size, "section header table lies outside the file", "e_shnum");
    eh = good;
    eh.e_shentsize = 40;
    put_ehdr(&c, &eh);
    expect_failure(&c, c.size, "section header entry size is 40 bytes, expected 64",
                   "e_shentsize");
    /* Extended numbering: e_shnum 0 sends the reader to section 0's
     * sh_size, which must be bounds-checked in turn. */
    eh = good;
    eh.e_shnum = 0;
    put_ehdr(&c, &eh);
    Elf64_Shdr s0 = get_shdr(&c, 0);
    s0.sh_size = good.e_shnum;
    put_shdr(&c, 0, &s0);
    name_list expected = list_of(orig), got = list_of(&c);
    CHECK(names_equal(&expected, &got));
    names_free(&got);
    names_free(&expected);
    s0.sh_size = UINT64_MAX / 2;
    put_shdr(&c, 0, &s0);
    expect_failure(&c, c.size, "section header table lies outside the file", "extended");
    free(c.data);
}

static void test_section_corruption(const image *orig)
{
    size_t ds = find_section(orig, SHT_DYNSYM);
    CHECK(ds != SIZE_MAX);
    if (ds == SIZE_MAX)
        return;
    Elf64_Shdr good = get_shdr(orig, ds), sh;
    image c = clone(orig);

    const uint64_t bad_offset[] = {c.size, c.size - 8, UINT64_MAX, UINT64_MAX - 23};
    for (size_t i = 0; i < sizeof bad_offset / sizeof bad_offset[0]; i++) {
        sh = good;
        sh.sh_offset = bad_offset[i];
        put_shdr(&c, ds, &sh);
        expect_failure(&c, c.size, "dynamic symbol table (section", "dynsym sh_offset");
        expect_failure(&c, c.size, "lies outside the file", "dynsym sh_offset");
    }
    const uint64_t bad_size[] = {c.size / 24 * 24 + 24, UINT64_MAX / 24 * 24};
    for (size_t i = 0; i < sizeof bad_size / sizeof bad_size[0]; i++) {
        sh = good;
        sh.sh_size = bad_size[i];
        put_shdr(&c, ds, &sh);
        expect_failure(&c, c.size, "lies outside the file", "dynsym sh_size");
    }
    sh = good;
    sh.sh_size = good.sh_size + 1;
    put_shdr(&c, ds, &sh);
    expect_failure(&c, c.size, "is not a multiple of 24", "dynsym sh_size odd");
    sh = good;
    sh.sh_entsize = 0;
    put_shdr(&c, ds, &sh);
    expect_failure(&c, c.size, "has entry size 0, expected 24", "dynsym sh_entsize");
    sh = good;
    sh.sh_link = 0xffff;
    put_shdr(&c, ds, &sh);
    expect_failure(&c, c.size, "links to string table section 65535, which does not exist",
                   "sh_link out of range");
    sh.sh_link = 0;
    put_shdr(&c, ds, &sh);
    expect_failure(&c, c.size, "links to section 0, which is not a string table",
                   "sh_link 0");
    sh.sh_link = (uint32_t)ds;
    put_shdr(&c, ds, &sh);
    expect_failure(&c, c.size, "which is not a string table (type 11)", "sh_link self");
    put_shdr(&c, ds, &good);

    /* The linked string table. */
    Elf64_Shdr str_good = get_shdr(orig, good.sh_link), str;
    str = str_good;
    str.sh_offset = UINT64_MAX - 1;
    put_shdr(&c, good.sh_link, &str);
    expect_failure(&c, c.size, "dynamic string table (section", "dynstr sh_offset");
    str = str_good;
    str.sh_size = c.size;
    put_shdr(&c, good.sh_link, &str);
    expect_failure(&c, c.size, "dynamic string table (section", "dynstr sh_size");
    str = str_good;
    str.sh_size = 1;
    put_shdr(&c, good.sh_link, &str);
    expect_failure(&c, c.size, "outside the dynamic string table", "dynstr tiny");
    put_shdr(&c, good.sh_link, &str_good);

    /* A symbol whose name offset is out of range, and one whose name runs
     * off the end of a string table cut short just after its start. */
    for (size_t i = 1; i < good.sh_size / sizeof(Elf64_Sym); i++) {
        Elf64_Sym sym;
        size_t at = good.sh_offset + i * sizeof sym;
        memcpy(&sym, c.data + at, sizeof sym);
        if (sym.st_shndx != SHN_UNDEF || ELF64_ST_BIND(sym.st_info) != STB_GLOBAL)
            continue;
        Elf64_Sym bad = sym;
        bad.st_name = 0xfffffff0u;
        memcpy(c.data + at, &bad, sizeof bad);
        expect_failure(&c, c.size, "outside the dynamic string table", "st_name");
        memcpy(c.data + at, &sym, sizeof sym);
        /* Move the table's end to just inside this name and put this name
         * last by pointing every earlier symbol at the empty string. */
        image d = clone(&c);
        for (size_t j = 1; j < i; j++) {
            Elf64_Sym other;
            memcpy(&other, d.data + good.sh_offset + j * sizeof other, sizeof other);
            other.st_name = 0;
            memcpy(d.data + good.sh_offset + j * sizeof other, &other, sizeof other);
        }
        str = str_good;
        str.sh_size = sym.st_name + 1;
        put_shdr(&d, good.sh_link, &str);
        expect_failure(&d, d.size, "runs past the end of the dynamic string table",
                       "unterminated name");
        free(d.data);
        break;
    }

    /* Version-like suffixes are cut; a name that is all suffix is skipped. */
    const char *strings = (const char *)c.data + str_good.sh_offset;
    const char *malloc_name = NULL, *free_name = NULL;
    for (size_t off = 0; off + 7 <= str_good.sh_size; off++) {
        if (!malloc_name && memcmp(strings + off, "malloc", 7) == 0 &&
            (off == 0 || strings[off - 1] == '\0'))
            malloc_name = strings + off;
        if (!free_name && memcmp(strings + off, "free", 5) == 0 &&
            (off == 0 || strings[off - 1] == '\0'))
            free_name = strings + off;
    }
    CHECK(malloc_name && free_name);
    if (malloc_name && free_name) {
        c.data[(const unsigned char *)malloc_name - c.data + 2] = '@';
        c.data[(const unsigned char *)free_name - c.data] = '@';
        name_list names = list_of(&c);
        CHECK(names_has(&names, "ma"));
        CHECK(!names_has(&names, "malloc"));
        CHECK(!names_has(&names, "free"));
        CHECK(!names_has(&names, ""));
        CHECK(!names_has(&names, "@ree"));
        names_free(&names);
    }
    free(c.data);
}

/* A deterministic generator for the fuzz loop. */
typedef struct {
    uint64_t s;
} rng;

static uint64_t next(rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return r->s;
}

typedef struct {
    uint64_t off, len;
} range;

/* Random damage to the parts of the file the reader interprets. */
static void test_fuzz(const image *orig, int strip, uint64_t seed)
{
    Elf64_Ehdr eh = get_ehdr(orig);
    range ranges[16];
    size_t nr = 0;
    ranges[nr++] = (range){0, sizeof(Elf64_Ehdr)};
    ranges[nr++] = (range){eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr)};
    if (!strip)
        ranges[nr++] = (range){eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr)};
    const uint32_t types[] = {SHT_DYNSYM, SHT_STRTAB, SHT_DYNAMIC, SHT_GNU_HASH, SHT_HASH};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t s = find_section(orig, types[i]);
        if (s != SIZE_MAX)
            ranges[nr++] = (range){get_shdr(orig, s).sh_offset, get_shdr(orig, s).sh_size};
    }
    const uint64_t values[] = {0, 1, 24, 64, orig->size - 1, orig->size, orig->size + 1,
                               0x7fffffff, 0xffffffff, UINT64_MAX / 2, UINT64_MAX - 1,
                               UINT64_MAX};

    rng r = {seed};
    image base = clone(orig);
    if (strip)
        drop_section_headers(&base);
    image c = clone(&base);
    for (int iter = 0; iter < 20000; iter++) {
        memcpy(c.data, base.data, base.size);
        int edits = 1 + (int)(next(&r) % 4);
        for (int e = 0; e < edits; e++) {
            range rg = ranges[next(&r) % nr];
            if (rg.len == 0)
                continue;
            uint64_t at = rg.off + next(&r) % rg.len;
            uint64_t kind = next(&r) % 3;
            if (kind == 0) {
                c.data[at] = (unsigned char)next(&r);
            } else {
                /* A whole field: most header fields are 4 or 8 bytes wide
                 * and aligned within their structure. */
                size_t width = kind == 1 ? 4 : 8;
                at &= ~(uint64_t)(width - 1);
                if (at + width > c.size)
                    continue;
                uint64_t v = next(&r) % 2 ? values[next(&r) % (sizeof values / sizeof values[0])]
                                          : next(&r);
                memcpy(c.data + at, &v, width);
            }
        }
        char what[64];
        snprintf(what, sizeof what, "fuzz %s iteration %d", strip ? "stripped" : "full", iter);
        expect_no_crash(&c, c.size, what);
    }
    free(c.data);
    free(base.data);
}

/* ---- through files ---------------------------------------------------------- */

/* Writes data to a new file in the working directory; returns its name in
 * `name` (a mkstemp template buffer). */
static int write_temp(char *name, const void *data, size_t size)
{
    int fd = mkstemp(name);
    if (fd < 0)
        return -1;
    const unsigned char *p = data;
    while (size > 0) {
        ssize_t n = write(fd, p, size);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        p += n;
        size -= (size_t)n;
    }
    return close(fd);
}

static void expect_file_message(const char *path, const char *message)
{
    char err[512];
    char expected[512];
    snprintf(expected, sizeof expected, "%s: %s", path, message);
    CHECK_INT_EQ(wsim_elf_undefined_symbols(path, NULL, NULL, err, sizeof err), -1);
    CHECK_STR_EQ(err, expected);
}

static void test_files(const image *orig)
{
    expect_file_message("modules_elf_no_such_file.so", "cannot open: No such file or directory");
    expect_file_message(".", "not a regular file");

    char empty[] = "modules_elf_empty_XXXXXX";
    CHECK_INT_EQ(write_temp(empty, "", 0), 0);
    expect_file_message(empty, "not an ELF file (the file is empty)");
    unlink(empty);

    char text[] = "modules_elf_text_XXXXXX";
    CHECK_INT_EQ(write_temp(text, "int main(void) { return 0; }\n", 29), 0);
    expect_file_message(text, "not an ELF file");
    unlink(text);

    char cut[] = "modules_elf_cut_XXXXXX";
    CHECK_INT_EQ(write_temp(cut, orig->data, 1000), 0);
    char err[512];
    CHECK_INT_EQ(wsim_elf_undefined_symbols(cut, NULL, NULL, err, sizeof err), -1);
    CHECK_CONTAINS(err, cut);
    CHECK_CONTAINS(err, ": section header table lies outside the file");
    unlink(cut);

    image exe = clone(orig);
    Elf64_Ehdr eh = get_ehdr(&exe);
    eh.e_type = ET_EXEC;
    put_ehdr(&exe, &eh);
    char exec_name[] = "modules_elf_exec_XXXXXX";
    CHECK_INT_EQ(write_temp(exec_name, exe.data, exe.size), 0);
    expect_file_message(exec_name, "not an x86-64 shared object (e_type 2)");
    unlink(exec_name);
    free(exe.data);

    /* A (sparse) file over the cap is refused before anything is read. */
    char big[] = "modules_elf_big_XXXXXX";
    CHECK_INT_EQ(write_temp(big, orig->data, 64), 0);
    if (truncate(big, (off_t)WSIM_ELF_MAX_FILE_SIZE + 1) == 0) {
        CHECK_INT_EQ(wsim_elf_undefined_symbols(big, NULL, NULL, err, sizeof err), -1);
        CHECK_CONTAINS(err, ": file is larger than 512 MiB");
    }
    unlink(big);

    /* A small error buffer still gets a terminated prefix. */
    char tiny[8];
    CHECK_INT_EQ(wsim_elf_undefined_symbols(".", NULL, NULL, tiny, sizeof tiny), -1);
    CHECK_STR_EQ(tiny, ".: not ");
    CHECK_INT_EQ(wsim_elf_undefined_symbols(NULL, NULL, NULL, err, sizeof err), -1);
    CHECK_CONTAINS(err, "no file name given");
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s <clean.so> <clean-sysv.so>\n", argv[0]);
        return 2;
    }
    image gnu = load(argv[1]), sysv = load(argv[2]);
    if (!gnu.data || !sysv.data || gnu.size < 64 || sysv.size < 64) {
        fprintf(stderr, "cannot read the fixtures\n");
        return 1;
    }

    test_listing(argv[1], &gnu);
    test_listing(argv[2], &sysv);
    test_dynamic_fallback(&gnu, DT_GNU_HASH, "gnu");
    test_dynamic_fallback(&sysv, DT_HASH, "sysv");
    test_truncation(&gnu);
    test_header_corruption(&gnu);
    test_section_corruption(&gnu);
    test_fuzz(&gnu, 0, 0x9e3779b97f4a7c15ull);
    test_fuzz(&gnu, 1, 0xd1b54a32d192ed03ull);
    test_fuzz(&sysv, 1, 0x8cb92ba72f3d8dd7ull);
    test_files(&gnu);

    free(gnu.data);
    free(sysv.data);
    return wsim_check_exit_code();
}
