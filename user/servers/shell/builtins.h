/* builtins.h - the commands the shell runs itself. */
#ifndef SHELL_BUILTINS_H
#define SHELL_BUILTINS_H

/* A built-in's words as typed, and where it reads and writes. */
struct cmd {
	int argc;
	char **argv;
	int in, out; /* descriptors */
};

/* Put NAME=value (word, left as it was) into the environment: 0, or -1
 * with errno (EINVAL: no name before the '='). */
int set_assignment(char *word);
/* Is name a built-in command? */
int is_builtin(const char *name);
/* Run the built-in c->argv[0] names: its status. */
int builtin_run(const struct cmd *c);
/* The name of the i-th command the shell runs itself, these and the ones
 * shell.c runs (for completion): NULL past the last. */
const char *builtin_name(unsigned i);

/* Built-ins of other files (procs.c, jobs.c): their status. */
int cmd_ps(const struct cmd *c);
int cmd_kill(const struct cmd *c);
int cmd_free(const struct cmd *c);
int cmd_jobs(const struct cmd *c);
int cmd_wait(const struct cmd *c);
/* Write s to fd. */
void say(int fd, const char *s);

#endif
