/* replay.h — `wsim replay TRACE`: run a recorded run again and check it
 * event by event against its trace (send contract M03).  See replay.c. */
#ifndef WSIM_TOOLS_REPLAY_H
#define WSIM_TOOLS_REPLAY_H

/* The command: argv are the arguments after "replay".  Exits 0 when the
 * replay reproduces the trace, 1 when it diverges (the divergence is
 * reported on stdout), 2 on bad input (not a trace, no scenario in it, a
 * module that cannot be found, an unknown option). */
int wsim_cmd_replay(int argc, char **argv);
extern const struct wsim_command wsim_replay_command;

#endif
