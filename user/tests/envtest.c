/*
 * envtest.c - the environment: getenv, setenv and unsetenv in a program,
 * and what posix_spawn hands a child (its envp, or environ). Builds for
 * Bower and for Linux.
 *
 *	envtest                  the checks
 *	envtest child WANT...    (spawned) is each NAME=value of WANT set, and
 *	                         NOT_SET unset?
 */
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "posix_check.h"

extern char **environ;

static int child(int argc, char **argv)
{
	check_prog = "envtest child";
	for (int i = 2; i < argc; i++) {
		char name[64];
		const char *eq = strchr(argv[i], '=');
		size_t len = eq ? (size_t)(eq - argv[i]) : 0;
		if (!eq || len >= sizeof(name))
			continue;
		memcpy(name, argv[i], len);
		name[len] = '\0';
		const char *got = getenv(name);
		expect(argv[i], got && strcmp(got, eq + 1) == 0, 1);
	}
	expect("NOT_SET is not set", getenv("NOT_SET") == NULL, 1);
	return check_summary();
}

/* Spawn the child with envp, expecting it to find what argv says. */
static void spawned(const char *what, char *const argv[], char *const envp[])
{
#ifdef __bower__
	const char *path = "envtest";
#else
	const char *path = "/proc/self/exe";
#endif
	pid_t pid;
	int status = -1;
	expect(what, posix_spawn(&pid, path, NULL, NULL, argv, envp), 0);
	waitpid(pid, &status, 0);
	expect("and the child found it", WIFEXITED(status) && WEXITSTATUS(status) == 0, 1);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return child(argc, argv);
	check_prog = "envtest";
	unsetenv("NOT_SET");
	expect("an unset name", getenv("ENVTEST_A") == NULL, 1);
	expect("setenv", setenv("ENVTEST_A", "one", 1), 0);
	expect("getenv finds it", strcmp(getenv("ENVTEST_A"), "one"), 0);
	expect("setenv without overwrite keeps it", setenv("ENVTEST_A", "two", 0), 0);
	expect("still one", strcmp(getenv("ENVTEST_A"), "one"), 0);
	expect("setenv with overwrite", setenv("ENVTEST_A", "three", 1), 0);
	expect("now three", strcmp(getenv("ENVTEST_A"), "three"), 0);
	expect_err("a name with '='", setenv("A=B", "x", 1), EINVAL);
	char *with_a[] = {"envtest", "child", "ENVTEST_A=three", NULL};
	spawned("a child gets environ", with_a, environ);
	char *mine[] = {"ENVTEST_B=given", "ENVTEST_C=", NULL};
	char *with_b[] = {"envtest", "child", "ENVTEST_B=given", "ENVTEST_C=", NULL};
	spawned("a child gets the envp it is given", with_b, mine);
	expect("unsetenv", unsetenv("ENVTEST_A"), 0);
	expect("and it is gone", getenv("ENVTEST_A") == NULL, 1);
	return check_summary();
}
