# mingw_asm.awk — part of headers.mingw_*: reads the probe objects back out
# of the assembly the compiler wrote (`-S`), so that nothing has to run: a
# Windows program cannot run here.
#
# Input: assembly with objects wsim_p<ID> (ELF from the host compiler, PE
# from mingw-w64).  Output: "ID TAB value" per object, the value being the
# object's data directives.  A `long long` probe is one `.quad N` (printed
# as N) or all zero bytes (printed as 0); a bit-field probe is a sequence
# of `.byte`, `.value`, `.long`, `.quad` and `.zero` directives.  The two
# compilers are the same GCC for the same processor, so equal data gives
# equal directives; `.space` (PE) and `.zero` (ELF) are the same directive.

function flush() {
    if (id == "")
        return
    v = data
    sub(/^ /, "", v)
    if (v ~ /^\.quad -?[0-9]+$/)
        sub(/^\.quad /, "", v)
    else if (v == ".zero 8")
        v = "0"
    printf "%s\t%s\n", id, v
    id = ""
}

/^wsim_p[0-9]+(\.[0-9]+)?:/ {
    flush()
    id = $0
    sub(/^wsim_p/, "", id)
    sub(/[.:].*/, "", id)
    data = ""
    next
}

id != "" && $1 ~ /^\.(byte|value|short|long|quad|zero|space)$/ {
    d = ($1 == ".space") ? ".zero" : $1
    data = data " " d " " $2
    next
}

{ flush() }

END { flush() }
