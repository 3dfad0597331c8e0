/*
 * polltest.c - poll and select on pipes, files and the console: what is
 * ready is said at once, a wait ends when a pipe gets data or loses its
 * peer (a writer thread, a child killed), a timeout is never early, a
 * signal ends a wait with EINTR, ppoll and pselect wait with a mask of
 * their own and put the caller's back, and closed descriptors are POLLNVAL
 * (poll) or EBADF (select). On Bower also the system call's own hostile
 * cases. Builds for Bower and for Linux.
 *
 *	polltest         the checks
 *	polltest hold    (spawned) hold its stdout, a pipe's write end, until killed
 */
#define _GNU_SOURCE /* Linux's ppoll */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "posix_check.h"
#include "spawn_self.h"
#ifdef __bower__
#include <bower/syscall_nr.h>
#endif

static const char path[] = SCRATCH_DIR "/polltest.tmp";

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int poll_one(int fd, short events, int timeout, short *revents)
{
	struct pollfd p = {.fd = fd, .events = events};
	int r = poll(&p, 1, timeout);
	*revents = p.revents;
	return r;
}

static void *write_later(void *arg)
{
	usleep(50000);
	write(*(int *)arg, "late", 4);
	return NULL;
}

static void pipes(void)
{
	int p[2];
	expect("a pipe", pipe(p), 0);
	short rev;
	expect("an empty pipe is not readable", poll_one(p[0], POLLIN, 0, &rev), 0);
	expect("its write end is writable",
	       poll_one(p[1], POLLOUT, 0, &rev) == 1 && rev == POLLOUT, 1);
	write(p[1], "x", 1);
	expect("with a byte in it, readable at once",
	       poll_one(p[0], POLLIN, 1000, &rev) == 1 && rev == POLLIN, 1);
	char c[8];
	read(p[0], c, sizeof(c));
	double t0 = now_s();
	expect("a timeout with nothing to read", poll_one(p[0], POLLIN, 50, &rev), 0);
	expect("is never early", now_s() - t0 >= 0.05 - 1e-3, 1);
	pthread_t t;
	pthread_create(&t, NULL, write_later, &p[1]);
	expect("a wait ends when a thread writes",
	       poll_one(p[0], POLLIN, -1, &rev) == 1 && rev == POLLIN, 1);
	pthread_join(t, NULL);
	read(p[0], c, sizeof(c));
	/* Both at once: one ready, one not. */
	struct pollfd two[2] = {{.fd = p[0], .events = POLLIN}, {.fd = p[1], .events = POLLOUT}};
	expect("of two, the one ready", poll(two, 2, 0) == 1 && two[0].revents == 0 &&
					  two[1].revents == POLLOUT,
	       1);
	close(p[1]);
	expect("its writers gone, a read end hangs up",
	       poll_one(p[0], POLLIN, -1, &rev) == 1 && (rev & POLLHUP), 1);
	close(p[0]);
	expect("pipe again", pipe(p), 0);
	close(p[0]);
	expect("its readers gone, a write end is in error",
	       poll_one(p[1], POLLOUT, 0, &rev) == 1 && (rev & POLLERR), 1);
	close(p[1]);
}

/* A child holds a pipe's write end; killed, its end goes, and a wait for
 * the read end ends in a hang-up. */
static void *kill_later(void *arg)
{
	usleep(50000);
	kill(*(pid_t *)arg, SIGKILL);
	return NULL;
}

static void peer_killed(void)
{
	int p[2];
	pipe(p);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	char *argv[] = {"polltest", "hold", NULL};
	pid_t pid = spawn_self_with("polltest", argv, &fa);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	expect("a child holds the write end", pid > 0, 1);
	char c;
	expect("and says so", read(p[0], &c, 1), 1);
	short rev;
	expect("so the read end is not hung up", poll_one(p[0], POLLIN, 0, &rev), 0);
	pthread_t t;
	pthread_create(&t, NULL, kill_later, &pid);
	expect("a wait ends when the child is killed",
	       poll_one(p[0], POLLIN, -1, &rev) == 1 && (rev & POLLHUP), 1);
	pthread_join(t, NULL);
	int status;
	waitpid(pid, &status, 0);
	close(p[0]);
}

static void files(void)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	short rev;
	expect("a file is readable and writable at once",
	       poll_one(fd, POLLIN | POLLOUT, -1, &rev) == 1 && rev == (POLLIN | POLLOUT), 1);
	expect("standard output is writable", poll_one(1, POLLOUT, 0, &rev) == 1 && rev == POLLOUT, 1);
	close(fd);
	unlink(path);
	expect("a closed descriptor is POLLNVAL",
	       poll_one(fd, POLLIN, 0, &rev) == 1 && rev == POLLNVAL, 1);
	struct pollfd none = {.fd = -1, .events = POLLIN, .revents = 7};
	expect("a negative one is passed over", poll(&none, 1, 0) == 0 && none.revents == 0, 1);
	double t0 = now_s();
	expect("nothing to watch: a sleep", poll(NULL, 0, 30), 0);
	expect("of the time asked", now_s() - t0 >= 0.03 - 1e-3, 1);
}

static volatile int alarms;
static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void signals(void)
{
	struct sigaction act = {.sa_handler = on_alarm, .sa_flags = SA_RESTART};
	sigemptyset(&act.sa_mask);
	sigaction(SIGALRM, &act, NULL);
	int p[2];
	pipe(p);
	struct itimerval in30 = {.it_value = {.tv_usec = 30000}};
	setitimer(ITIMER_REAL, &in30, NULL);
	short rev;
	errno = 0;
	expect("a signal ends a wait, even with SA_RESTART", poll_one(p[0], POLLIN, -1, &rev), -1);
	expect("with EINTR", errno, EINTR);
	expect("its handler ran", alarms, 1);
	setitimer(ITIMER_REAL, &in30, NULL);
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	errno = 0;
	expect("select too", select(p[0] + 1, &rd, NULL, NULL, NULL) == -1 && errno == EINTR, 1);
	signal(SIGALRM, SIG_DFL);
	close(p[0]);
	close(p[1]);
}

static volatile int usr1s;
static void on_usr1(int sig)
{
	(void)sig;
	usr1s++;
}

/* ppoll and pselect wait with a mask of their own, put in and taken out
 * with the wait. */
static void masks(void)
{
	signal(SIGUSR1, on_usr1);
	sigset_t usr1, none, now;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	raise(SIGUSR1); /* pending, blocked */
	struct timespec second = {1, 0};
	errno = 0;
	expect("ppoll with a mask that lets a pending signal in is ended by it",
	       ppoll(NULL, 0, &second, &none) == -1 && errno == EINTR, 1);
	expect("whose handler ran", usr1s, 1);
	sigprocmask(SIG_BLOCK, NULL, &now);
	expect("and the caller's mask is back", sigismember(&now, SIGUSR1), 1);
	raise(SIGUSR1);
	errno = 0;
	expect("pselect too", pselect(0, NULL, NULL, NULL, &second, &none) == -1 && errno == EINTR, 1);
	expect("its handler ran", usr1s, 2);
	int p[2];
	pipe(p);
	write(p[1], "x", 1);
	raise(SIGUSR1);
	struct pollfd in = {.fd = p[0], .events = POLLIN};
	expect("ready at once, ppoll says so", ppoll(&in, 1, &second, &none), 1);
	sigset_t pending;
	sigpending(&pending);
	expect("and the signal waits, blocked again", usr1s == 2 && sigismember(&pending, SIGUSR1), 1);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	expect("until it is unblocked", usr1s, 3);
	struct timespec bad = {0, 1000000000L};
	expect_err("a bad timeout", ppoll(&in, 1, &bad, NULL), EINVAL);
	signal(SIGUSR1, SIG_DFL);
	close(p[0]);
	close(p[1]);
}

static void selects(void)
{
	int p[2];
	pipe(p);
	fd_set rd, wr;
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	struct timeval zero = {0, 0};
	expect("select: the write end only",
	       select(p[1] + 1, &rd, &wr, NULL, &zero) == 1 && !FD_ISSET(p[0], &rd) &&
		   FD_ISSET(p[1], &wr),
	       1);
	write(p[1], "x", 1);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	struct timeval second = {1, 0};
	expect("then the read end", select(p[0] + 1, &rd, NULL, NULL, &second) == 1 && FD_ISSET(p[0], &rd),
	       1);
	struct timeval in30 = {0, 30000};
	double t0 = now_s();
	expect("with no sets, a sleep", select(0, NULL, NULL, NULL, &in30), 0);
	expect("of the time asked", now_s() - t0 >= 0.03 - 1e-3, 1);
	int closed = p[1] + 10;
	FD_ZERO(&rd);
	FD_SET(closed, &rd);
	expect_err("a descriptor not open", select(closed + 1, &rd, NULL, NULL, &zero), EBADF);
#ifdef __bower__
	/* POSIX's errors; Linux takes both. */
	expect_err("more than FD_SETSIZE", select(FD_SETSIZE + 1, NULL, NULL, NULL, &zero), EINVAL);
	struct timeval bad = {0, 1000000};
	expect_err("a bad timeout", select(0, NULL, NULL, NULL, &bad), EINVAL);
#endif
	close(p[0]);
	close(p[1]);
}

#ifdef __bower__
static void hostile(void)
{
	struct bower_poll_item many[BOWER_POLL_MAX + 1];
	expect("more items than poll takes", bower_poll(many, BOWER_POLL_MAX + 1, BOWER_POLL_NOW, NULL),
	       -BOWER_EINVAL);
	expect("items from a bad pointer", bower_poll((void *)16, 1, BOWER_POLL_NOW, NULL), -BOWER_EFAULT);
	expect("in the kernel's memory",
	       bower_poll((void *)0xffff000040000000UL, 2, BOWER_POLL_NOW, NULL), -BOWER_EFAULT);
	struct bower_poll_item odd[3] = {{.slot = 4000, .events = BOWER_POLL_IN},
					 {.slot = -7, .events = BOWER_POLL_IN},
					 {.slot = 0, .events = BOWER_POLL_IN}};
	expect("slots without a pipe end", bower_poll(odd, 3, BOWER_POLL_NOW, NULL), 3);
	expect("are NVAL",
	       odd[0].revents == BOWER_POLL_NVAL && odd[1].revents == BOWER_POLL_NVAL &&
		   odd[2].revents == BOWER_POLL_NVAL,
	       1);
	expect("a deadline past is a look", bower_poll(NULL, 0, 1, NULL), 0);
	expect("a mask from a bad pointer", bower_poll(NULL, 0, BOWER_POLL_NOW, (void *)16), -BOWER_EFAULT);
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	expect("changes no mask", sigismember(&now, SIGUSR1), 0);
}
#endif

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "hold") == 0) {
		write(1, "h", 1);
		for (;;)
			pause();
	}
	check_prog = "polltest";
	pipes();
	peer_killed();
	files();
	signals();
	masks();
	selects();
#ifdef __bower__
	hostile();
#endif
	return check_summary();
}
