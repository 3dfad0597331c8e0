/* builtins.h - the commands the shell runs itself. */
#ifndef SHELL_BUILTINS_H
#define SHELL_BUILTINS_H

/* Run argv[0] if it is a built-in command (output to out_fd): its status
 * in *status and 1, or 0 if argv[0] is not a built-in. */
int builtin_run(int argc, char **argv, int out_fd, int *status);
/* The name of the i-th command the shell runs itself, these and the ones
 * shell.c runs (for completion): NULL past the last. */
const char *builtin_name(unsigned i);

/* Each command: argc and argv as typed, output to out. Its status. */
int cmd_ps(int argc, char **argv, int out);
int cmd_kill(int argc, char **argv, int out);
int cmd_free(int argc, char **argv, int out);
/* Write s to fd. */
void say(int fd, const char *s);

#endif
