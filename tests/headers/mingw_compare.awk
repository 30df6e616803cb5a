# mingw_compare.awk — part of headers.mingw_*: compares each probe's value
# with wsim's headers and with mingw-w64's, subject by subject.
#
# Usage: awk -F '\t' -v config=NAME -v wsim=VALUES -v mingw=VALUES
#            -v notes=FILE -f mingw_compare.awk mingw_differences.txt probes.tsv
# VALUES files hold "ID TAB value" ("invalid" when the probe did not
# compile on that side); probes.tsv is "subject TAB what TAB tag TAB decl"
# with the probe's ID its line number.
#
# A subject that one side lacks is one difference ("absent"), not one per
# probe.  For a macro, a declared name on the other side (an enumerator,
# a function) counts as present: mingw-w64's IPPROTO_TCP is an enumerator.
# A macro that is no expression with either header set is compared by its
# expansion instead, spaces aside.
#
# Every difference is printed.  It fails the test unless its tag is wchar
# (the quantity holds a WCHAR: wchar_t is 4 bytes on Linux, 2 on Windows)
# or mingw_differences.txt has a line "subjects | what | config | reason"
# for it (subjects separated by commas; what and config may be *).  Each
# entry that applied to this run is written to `notes` as "applicable TAB
# entry", each that matched a difference as "used TAB entry", so that the
# driver can name the entries that no longer match anything.  A compiled
# probe missing from the assembly is a broken run and fails too.

function load(file, into,    line, id) {
    while ((getline line < file) > 0) {
        id = line
        sub(/\t.*/, "", id)
        sub(/^[^\t]*\t/, "", line)
        into[id] = line
    }
}

function trim(s) {
    gsub(/^[ \t]+|[ \t]+$/, "", s)
    return s
}

# Expansions are compared token for token: spacing is the writer's.
function squeeze(s) {
    gsub(/[ \t]/, "", s)
    return s
}

function shown(what, v) {
    if (v == "invalid")
        return "(does not compile)"
    if (what ~ /(^| )signed$/ && v ~ /^[01]$/)
        return v == 1 ? "signed" : "unsigned"
    if (what == "class" && (v in class_name))
        return class_name[v]
    return v
}

function difference(subject, what, w, m, tag,    i, label) {
    label = "[" config "] " subject " " what ": wsim " shown(what, w) ", mingw-w64 " shown(what, m)
    if (tag == "wchar") {
        print "deliberate: " label " (holds a WCHAR)"
        deliberate++
        return
    }
    for (i = 1; i <= nentries; i++) {
        if (entry_subject[i] == subject && (entry_what[i] == what || entry_what[i] == "*") &&
            (entry_config[i] == config || entry_config[i] == "*")) {
            print "deliberate: " label " (" entry_reason[i] ")"
            print "used\t" entry_line[i] >> notes
            deliberate++
            return
        }
    }
    print "DIFFERENT: " label
    different++
}

function valid(side, id) {
    return id != "" && side[id] != "invalid"
}

BEGIN {
    load(wsim, wv)
    load(mingw, mv)
    # GCC's type classes, as __builtin_classify_type numbers them.
    n = split("-1 (nothing) 0 void 1 integer 3 enum 4 bool 5 pointer 8 floating 10 function 12 struct 13 union 14 array", c, " ")
    for (i = 1; i < n; i += 2)
        class_name[c[i]] = c[i + 1]
}

# ---- mingw_differences.txt ----------------------------------------------
FNR == NR {
    if ($0 ~ /^[ \t]*(#|$)/)
        next
    n = split($0, f, /\|/)
    if (n < 4) {
        print "mingw_differences.txt:" FNR ": expected subject | what | config | reason"
        bad_list = 1
        next
    }
    # One entry per subject of a comma-separated list.
    ns = split(f[1], names, /,/)
    for (j = 1; j <= ns; j++) {
        nentries++
        entry_subject[nentries] = trim(names[j])
        entry_what[nentries] = trim(f[2])
        entry_config[nentries] = trim(f[3])
        entry_reason[nentries] = trim(substr($0, index($0, f[4])))
        entry_line[nentries] = entry_subject[nentries] " | " entry_what[nentries] " | " entry_config[nentries]
    }
    next
}

# ---- probes -------------------------------------------------------------
{
    if (!($1 in nprobes))
        subjects[++nsubjects] = $1
    k = ++nprobes[$1]
    probe_id[$1, k] = FNR
    probe_what[$1, k] = $2
    probe_tag[$1, k] = $3
    id_of[$1, $2] = FNR
    compiled[FNR] = $4 != "-"
}

END {
    for (i = 1; i <= nentries; i++)
        for (s = 1; s <= nsubjects; s++)
            if (subjects[s] == entry_subject[i] &&
                (entry_config[i] == config || entry_config[i] == "*"))
                print "applicable\t" entry_line[i] >> notes

    for (s = 1; s <= nsubjects; s++) {
        S = subjects[s]
        if ((S, "defined") in id_of) {
            # A macro: is the name there at all, and of which kind?
            d = id_of[S, "defined"]
            cl = id_of[S, "class"]
            wk = wv[d]
            mk = mv[d]
            if (wk == "not a macro" && valid(wv, cl))
                wk = "declared name"
            if (mk == "not a macro" && valid(mv, cl))
                mk = "declared name"
            if (wk == "not a macro" && mk == "not a macro")
                continue # in neither header set in this configuration
            if (wk == "declared name" && mk == "object-like macro")
                wk = mk
            if (mk == "declared name" && wk == "object-like macro")
                mk = wk
            if (wk != mk) {
                difference(S, "defined", wk, mk, "-")
                continue
            }
        } else {
            # A type: absent from mingw-w64 when no probe of it compiles there.
            any_w = any_m = 0
            for (k = 1; k <= nprobes[S]; k++) {
                any_w += valid(wv, probe_id[S, k])
                any_m += valid(mv, probe_id[S, k])
            }
            if (any_w && !any_m) {
                difference(S, "absent", "declared", "(absent)", "-")
                continue
            }
        }
        for (k = 1; k <= nprobes[S]; k++) {
            id = probe_id[S, k]
            what = probe_what[S, k]
            if (!compiled[id])
                continue
            if (!(id in wv) || !(id in mv)) {
                print "BROKEN: probe " id " (" S " " what ") is missing from the assembly"
                different++
                continue
            }
            if (wv[id] != mv[id])
                difference(S, what, wv[id], mv[id], probe_tag[S, k])
        }
        e = id_of[S, "expansion"]
        v = id_of[S, "value"]
        if (e != "" && !valid(wv, v) && !valid(mv, v) && squeeze(wv[e]) != squeeze(mv[e]))
            difference(S, "expansion", wv[e], mv[e], "-")
    }
    printf "[%s] %d subjects, %d probes: %d different, %d deliberately different\n",
        config, nsubjects, FNR, different, deliberate
    exit (different > 0 || bad_list) ? 1 : 0
}
