/* jobs.h - programs running in the background (jobs.c). */
#ifndef SHELL_JOBS_H
#define SHELL_JOBS_H

/* A pipeline started with &: its processes, and the line that started it.
 * Prints "[N] PID". 0, or -1 (and a message) if the table is full. */
int jobs_add(const int *pids, int n, const char *text);
/* Say which jobs have ended since the last time, reaping them (before
 * each prompt). */
void jobs_reap(void);
/* End every process of job %N: 0, or -1 after saying there is no such job. */
int jobs_kill(const char *spec);
/* How one process ended, as a shell says it ("exited with status 3"). */
const char *status_text(int status, char *buf, unsigned size);

#endif
