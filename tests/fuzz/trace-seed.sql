-- A small wsim trace for fuzz_trace's corpus (tools/dev fuzz turns it into
-- build-fuzz/corpus/trace/seed.db): every table of schema version 1
-- (traces/SCHEMA.md), a few rows, one view.
PRAGMA user_version = 1;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO meta VALUES ('schema_version', '1'), ('wsim_version', '0.1.0'),
  ('wall_clock_start', '2025-01-01T00:00:00Z'), ('seed', '1'), ('scenario', '{}'),
  ('end_reason', 'completed'), ('end_detail', ''), ('end_time_ns', '1000'), ('exit_status', '0');
CREATE TABLE hosts (host INTEGER PRIMARY KEY, name TEXT, address TEXT);
INSERT INTO hosts VALUES (0, 'a', '10.0.0.1');
CREATE TABLE programs (process INTEGER PRIMARY KEY, host INTEGER, module TEXT, args TEXT,
  start_seq INTEGER, start_ns INTEGER, exit_seq INTEGER, exit_ns INTEGER, exit_how TEXT,
  exit_code INTEGER);
INSERT INTO programs VALUES (0, 0, 'p.so', '[]', 3, 0, 6, 1000, 'return', 0);
CREATE TABLE calls (seq INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL, start_ns INTEGER,
  host INTEGER, process INTEGER, thread INTEGER, function TEXT, socket INTEGER, args TEXT,
  ret INTEGER, error INTEGER, stream_offset INTEGER);
INSERT INTO calls VALUES (4, 0, 0, 0, 0, 0, 'socket', 1, 'af=2', 1, 0, NULL),
  (5, 10, 0, 0, 0, 0, 'connect', 1, '10.0.0.2:80', -1, 10061, NULL);
CREATE TABLE completions (seq INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL, host INTEGER,
  process INTEGER, thread INTEGER, call_seq INTEGER, function TEXT, bytes INTEGER,
  error INTEGER, delivery TEXT);
CREATE TABLE segments (seq INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL, host INTEGER,
  event TEXT, src_addr TEXT, src_port INTEGER, dst_addr TEXT, dst_port INTEGER,
  seqno INTEGER, ackno INTEGER, len INTEGER, flags TEXT, detail TEXT);
CREATE TABLE output (seq INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL, host INTEGER,
  process INTEGER, stream TEXT, line TEXT);
INSERT INTO output VALUES (7, 1000, 0, 0, 'stdout', 'hello');
CREATE TABLE crashes (seq INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL, host INTEGER,
  process INTEGER, thread INTEGER, signal INTEGER, signal_name TEXT, fault_in_guard INTEGER,
  description TEXT);
CREATE TABLE violations (seq INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL, host INTEGER,
  process INTEGER, thread INTEGER, rule TEXT, call_seq INTEGER, description TEXT);
CREATE TABLE threads (seq INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL, host INTEGER,
  process INTEGER, thread INTEGER, entry TEXT);
CREATE TABLE faults (seq INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL, kind TEXT,
  host INTEGER, target TEXT);
CREATE TABLE choices (seq INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL, host INTEGER,
  process INTEGER, thread INTEGER, socket INTEGER, what TEXT, value INTEGER, low INTEGER,
  high INTEGER, detail TEXT);
CREATE VIEW errors AS SELECT * FROM calls WHERE error != 0 ORDER BY seq;
