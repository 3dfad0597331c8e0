/*
 * killtest.c - kill and waitpid's WNOHANG: a child still running is not
 * reaped, kill ends it, its status says which signal, and the errors POSIX
 * names (no such process, a bad signal, no child to wait for). Builds for
 * Bower and for Linux.
 *
 *	killtest            the checks
 *	killtest sleeper    (spawned) sleep until killed
 */
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include "posix_check.h"
#include "spawn_self.h"

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "sleeper") == 0) {
		for (;;)
			sleep(100);
	}
	check_prog = "killtest";
	int status = -1;
	expect_err("no child to wait for", waitpid(-1, &status, WNOHANG), ECHILD);
	char *args[] = {"killtest", "sleeper", NULL};
	pid_t pid = spawn_self("killtest", args);
	expect("spawn a sleeper", pid > 0, 1);
	expect("WNOHANG: still running", waitpid(pid, &status, WNOHANG), 0);
	expect("WNOHANG for any child: none has ended", waitpid(-1, &status, WNOHANG), 0);
	expect("signal 0 finds it", kill(pid, 0), 0);
	expect_err("a bad signal", kill(pid, -1), EINVAL);
	expect("kill it", kill(pid, SIGKILL), 0);
	pid_t got = -1;
	for (int i = 0; i < 100 && got == 0; i++) /* it ends at its next turn */
		got = waitpid(pid, &status, WNOHANG), usleep(10000);
	if (got != pid)
		got = waitpid(pid, &status, 0);
	expect("reaped", got, pid);
	expect("killed by a signal", WIFSIGNALED(status), 1);
	expect("SIGKILL", WTERMSIG(status), SIGKILL);
	expect_err("gone once reaped", kill(pid, 0), ESRCH);
	expect_err("nor can it be waited for again", waitpid(pid, &status, WNOHANG), ECHILD);
	expect_err("an unknown option", waitpid(-1, &status, 0x4000), EINVAL);
	return check_summary();
}
