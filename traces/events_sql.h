/* events_sql.h — the `events` view's query, shared by the recorder (which
 * creates the view) and the readers (which run the query on the tables
 * themselves: a trace's views are not trusted, traces/compare.h).
 *
 * The whole run as one timeline.  The kind names are those of
 * wsim_record_kind_name().  Every piece of a summary is wrapped so a NULL
 * column cannot turn the whole summary into NULL.  Columns, in order: seq,
 * time_ns, kind, host, process, thread, summary.  Keep the text as it is:
 * it is stored in every trace's schema, which trace compare compares.
 */
#ifndef WSIM_TRACES_EVENTS_SQL_H
#define WSIM_TRACES_EVENTS_SQL_H

#define WSIM_TRACE_EVENTS_SELECT \
    "  SELECT start_seq, start_ns, 'program_start', host, process, NULL,\n" \
    "         ifnull(module, '?') || ifnull(' ' || args, '')\n" \
    "    FROM programs WHERE start_seq IS NOT NULL\n" \
    "  UNION ALL\n" \
    "  SELECT exit_seq, exit_ns, 'program_exit', host, process, NULL,\n" \
    "         ifnull(exit_how, '?') || ' ' || ifnull(exit_code, '?')\n" \
    "    FROM programs WHERE exit_seq IS NOT NULL\n" \
    "  UNION ALL\n" \
    "  SELECT seq, time_ns, 'thread_start', host, process, thread, ifnull(entry, '?')\n" \
    "    FROM threads\n" \
    "  UNION ALL\n" \
    "  SELECT seq, time_ns, 'call', host, process, thread,\n" \
    "         ifnull(function, '?') || '(' || ifnull(args, '') || ') = ' || ifnull(ret, '?')\n" \
    "         || CASE WHEN error != 0 THEN ' error ' || error ELSE '' END\n" \
    "    FROM calls\n" \
    "  UNION ALL\n" \
    "  SELECT seq, time_ns, 'completion', host, process, thread,\n" \
    "         ifnull(function, '?') || ' of call ' || ifnull(call_seq, '?') || ': '\n" \
    "         || ifnull(bytes, '?') || ' bytes'\n" \
    "         || CASE WHEN error != 0 THEN ' error ' || error ELSE '' END\n" \
    "         || ifnull(' by ' || delivery, '')\n" \
    "    FROM completions\n" \
    "  UNION ALL\n" \
    "  SELECT seq, time_ns, 'segment', host, NULL, NULL,\n" \
    "         ifnull(event, '?') || ' ' || ifnull(src_addr, '?') || ':' || ifnull(src_port, '?')\n" \
    "         || ' > ' || ifnull(dst_addr, '?') || ':' || ifnull(dst_port, '?')\n" \
    "         || ' [' || ifnull(flags, '') || '] seq ' || ifnull(seqno, '?')\n" \
    "         || ' ack ' || ifnull(ackno, '?') || ' len ' || ifnull(len, '?')\n" \
    "         || ifnull(': ' || detail, '')\n" \
    "    FROM segments\n" \
    "  UNION ALL\n" \
    "  SELECT seq, time_ns, 'output', host, process, NULL,\n" \
    "         ifnull(stream, '?') || ': ' || ifnull(line, '')\n" \
    "    FROM output\n" \
    "  UNION ALL\n" \
    "  SELECT seq, time_ns, 'crash', host, process, thread,\n" \
    "         ifnull(signal_name, 'signal ' || signal) || ifnull(': ' || description, '')\n" \
    "    FROM crashes\n" \
    "  UNION ALL\n" \
    "  SELECT seq, time_ns, 'violation', host, process, thread,\n" \
    "         ifnull(rule, '?') || ifnull(': ' || description, '')\n" \
    "    FROM violations\n" \
    "  UNION ALL\n" \
    "  SELECT seq, time_ns, 'fault', host, NULL, NULL,\n" \
    "         ifnull(kind, '?') || ifnull(' ' || target, '')\n" \
    "    FROM faults\n" \
    "  UNION ALL\n" \
    "  SELECT seq, time_ns, 'choice', host, process, thread,\n" \
    "         ifnull(what, '?') || ' = ' || ifnull(value, '?') || ifnull(': ' || detail, '')\n" \
    "    FROM choices\n" \
    "  ORDER BY 1"

#endif
