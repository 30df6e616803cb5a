# mingw_macros.awk — part of headers.mingw_constants: turns every macro
# wsim's headers define into probes.
#
# Input: the wsim header files themselves (wsapi/include/*.h).  Every
# `#define NAME` names a macro, whatever #if it sits under (the driver
# probes each configuration separately); wsim's private names (wsim_*,
# WSIM_*) are left out.
#
# Output: probes in the format of mingw_layouts.awk ("subject TAB what TAB
# tag TAB declaration"; `@` is the object's name).  An object-like macro N
# gets
#   defined     what kind of name N is ("-": filled in from `-dM -E`)
#   class       __builtin_classify_type(N): integer, pointer, ...
#   value       (long long)(N), an address constant for a function name
#   size        sizeof(N): the width of the constant's type
#   signed      whether N's type is signed
#   expansion   N fully expanded ("-": filled in from `-E`), compared only
#               when N is no expression with either header set (CONST,
#               WINAPI, s_addr, ...)
# A function-like macro gets only `defined`.

/^[ \t]*#[ \t]*define[ \t]+[A-Za-z_][A-Za-z0-9_]*/ {
    line = $0
    sub(/^[ \t]*#[ \t]*define[ \t]+/, "", line)
    name = line
    sub(/[^A-Za-z0-9_].*$/, "", name)
    if (name ~ /^(wsim|WSIM)/ || (name in seen))
        next
    seen[name] = 1
    function_like = substr(line, length(name) + 1, 1) == "("
    printf "%s\tdefined\t-\t-\n", name
    if (function_like)
        next
    printf "%s\tclass\t-\tconst long long @ = __builtin_classify_type(%s);\n", name, name
    printf "%s\tvalue\t-\tconst long long @ = (long long)(%s);\n", name, name
    printf "%s\tsize\t-\tconst long long @ = (long long)sizeof(%s);\n", name, name
    printf "%s\tsigned\t-\tconst long long @ = (__typeof__(%s))-1 < 0;\n", name, name
    printf "%s\texpansion\t-\t-\n", name
}
