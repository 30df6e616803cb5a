# mingw_layouts.awk — part of headers.mingw_layouts: turns the debug
# information of wsim's headers into probes, one per quantity a program
# depends on.
#
# Input: `readelf --debug-dump=line` then `readelf --debug-dump=info` of an
# object compiled (with -g -fno-eliminate-unused-debug-types) from a file
# that includes every wsim header; -v inc=<the wsapi/include directory as
# given to -I>.  The debug information is the compiler's own account of the
# declarations, so no C is parsed here; it only names what to probe.  The
# values themselves come from compiling the probes (mingw_fidelity.sh),
# with wsim's headers and with mingw-w64's alike.
#
# Output: one probe a line, "subject TAB what TAB tag TAB declaration",
# where the declaration defines the object `@` (renamed by the driver).
# Subjects are every typedef T and every struct/union tag (`struct S`)
# declared in a file of inc, except wsim's private names (wsim_*, WSIM_*):
#
#   exists        sizeof(T *): the name is there (all an opaque type shares)
#   size, align   sizeof and _Alignof
#   class         __builtin_classify_type: integer, pointer, struct, ...
#   signed        for integer types
#   pointee size  for pointers to complete object types
#   a.b offset, a.b size, a.b signed
#                 for every member a program can name (a.b), through
#                 anonymous members and members of unnamed type; a.b bits
#                 for a bit-field: the object with only that field set to
#                 all ones, compared byte for byte
#
# tag is "wchar" when the quantity holds a WCHAR (wchar_t) by value: 4
# bytes on Linux, 2 on Windows, a deliberate difference (mingw_differences.txt).

function value_of(line) {
    # "<off>   DW_AT_x : value" or ": (indirect string, offset: 0x..): value"
    if (line ~ /\(indirect (line )?string, offset: [0-9a-fx]+\): /)
        sub(/.*\(indirect (line )?string, offset: [0-9a-fx]+\): /, "", line)
    else
        sub(/^[^:]*: */, "", line)
    sub(/[ \t]+$/, "", line)
    return line
}

function ref_of(line) {
    sub(/.*<0x/, "", line)
    sub(/>.*/, "", line)
    return line
}

# The type a typedef, const or volatile stands for ("" for void).
function resolve(t) {
    while (t != "" && (tag[t] == "typedef" || tag[t] == "const_type" || tag[t] == "volatile_type"))
        t = type[t]
    return t
}

function is_integer(t) {
    t = resolve(t)
    return t != "" && (tag[t] == "enumeration_type" || (tag[t] == "base_type" && enc[t] != "float"))
}

function is_record(t) {
    t = resolve(t)
    return t != "" && (tag[t] == "structure_type" || tag[t] == "union_type")
}

function is_complete(t) {
    t = resolve(t)
    if (t == "" || tag[t] == "subroutine_type")
        return 0
    return !(is_record(t) && declaration[t])
}

function holds_wchar(t,    i, r) {
    if (t == "")
        return 0
    if (t in wchar_memo)
        return wchar_memo[t]
    r = 0
    if (tag[t] == "typedef" && name[t] == "wchar_t")
        r = 1
    else if (tag[t] == "typedef" || tag[t] == "const_type" || tag[t] == "volatile_type" || tag[t] == "array_type")
        r = holds_wchar(type[t])
    else if (tag[t] == "structure_type" || tag[t] == "union_type")
        for (i = 1; i <= nchild[t]; i++)
            if (tag[child[t, i]] == "member" && holds_wchar(type[child[t, i]]))
                r = 1
    wchar_memo[t] = r
    return r
}

function probe(subject, what, wchar, decl) {
    printf "%s\t%s\t%s\t%s\n", subject, what, wchar ? "wchar" : "-", decl
}

# Every member of record r reachable as `obj->path` with path beginning
# with prefix; anonymous members and members of unnamed record type are
# walked into, as a program would name their fields.  wsim's private
# members (wsim_opaque) stand for what a program must not touch.
function members(T, r, prefix,    i, m, f, ft, path) {
    for (i = 1; i <= nchild[r]; i++) {
        m = child[r, i]
        if (tag[m] != "member" || name[m] ~ /^wsim/)
            continue
        ft = type[m]
        if (name[m] == "") {
            members(T, resolve(ft), prefix)
            continue
        }
        path = prefix name[m]
        f = "((" T " *)0)->" path
        if (bitsize[m] != "") {
            probe(T, path " bits", 0, "const " T " @ = { ." path " = -1 };")
            continue
        }
        probe(T, path " offset", 0, "const long long @ = (long long)offsetof(" T ", " path ");")
        probe(T, path " size", holds_wchar(ft), "const long long @ = (long long)sizeof(" f ");")
        if (is_integer(ft))
            probe(T, path " signed", holds_wchar(ft), "const long long @ = (__typeof__(" f "))-1 < 0;")
        if (is_record(ft) && name[resolve(ft)] == "" && tag[ft] != "typedef")
            members(T, resolve(ft), path ".")
    }
}

function type_probes(T, t, typedef_name,    r, w) {
    r = resolve(t)
    w = holds_wchar(t)
    if (typedef_name)
        probe(T, "exists", 0, "const long long @ = (long long)sizeof(" T " *);")
    if (!is_complete(t))
        return # opaque on purpose (QOS, HWND__): only its name is shared
    probe(T, "size", w, "const long long @ = (long long)sizeof(" T ");")
    probe(T, "align", w, "const long long @ = (long long)_Alignof(" T ");")
    if (typedef_name)
        probe(T, "class", w, "const long long @ = __builtin_classify_type(*(" T " *)0);")
    if (is_integer(t))
        probe(T, "signed", w, "const long long @ = (" T ")-1 < 0;")
    if (r != "" && tag[r] == "pointer_type" && is_complete(type[r]))
        probe(T, "pointee size", holds_wchar(type[r]), "const long long @ = (long long)sizeof(*(" T ")0);")
    if (is_record(t))
        members(T, r, "")
}

# ---- the line table: which file numbers are wsim's headers -------------
FNR == NR {
    if ($0 ~ /The Directory Table/) { section = "dirs"; next }
    if ($0 ~ /The File Name Table/) { section = "files"; next }
    if ($0 ~ /^ *$/) { section = ""; next }
    if (section == "dirs" && $1 ~ /^[0-9]+$/)
        dir[$1] = value_of($0)
    else if (section == "files" && $1 ~ /^[0-9]+$/ && dir[$2] == inc)
        wsim_file[$1] = 1
    next
}

# ---- the debugging entries ---------------------------------------------
/^ *<[0-9]+><[0-9a-f]+>: Abbrev Number: / {
    split($0, a, /[<>]/)
    depth = a[2] + 0
    cur = a[4]
    if ($0 ~ /Abbrev Number: 0/) { cur = ""; next }
    t = $0
    sub(/.*\(DW_TAG_/, "", t)
    sub(/\).*/, "", t)
    tag[cur] = t
    order[++ndies] = cur
    level[cur] = depth
    open[depth] = cur
    if (depth > 0) {
        p = open[depth - 1]
        child[p, ++nchild[p]] = cur
    }
    next
}
cur != "" && /DW_AT_name/ { name[cur] = value_of($0); next }
cur != "" && /DW_AT_type/ { type[cur] = ref_of($0); next }
cur != "" && /DW_AT_decl_file/ { file[cur] = value_of($0); next }
cur != "" && /DW_AT_declaration/ { declaration[cur] = 1; next }
cur != "" && /DW_AT_bit_size/ { bitsize[cur] = value_of($0); next }
cur != "" && /DW_AT_encoding/ { enc[cur] = ($0 ~ /float/) ? "float" : "integer"; next }

END {
    for (i = 1; i <= ndies; i++) {
        d = order[i]
        if (level[d] != 1 || !(file[d] in wsim_file) || name[d] == "" || name[d] ~ /^(wsim|WSIM)/)
            continue
        if (tag[d] == "typedef")
            type_probes(name[d], d, 1)
        else if (tag[d] == "structure_type" && !declaration[d])
            type_probes("struct " name[d], d, 0)
        else if (tag[d] == "union_type" && !declaration[d])
            type_probes("union " name[d], d, 0)
    }
}
