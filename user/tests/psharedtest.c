/*
 * psharedtest.c - waiting across processes: a semaphore, a mutex and a
 * condition variable made PTHREAD_PROCESS_SHARED in a shared memory
 * object, and a named semaphore, are posted, signalled and taken by a
 * child process, and a waiter in one process is woken by the other
 * (each wait has a deadline, so a wake that never crosses fails rather
 * than hangs). A recursive mutex held by the parent is not the child's,
 * though its threads' records are at the same addresses. Builds for
 * Bower and for Linux.
 *
 *	psharedtest              the checks
 *	psharedtest child NAME   (spawned) does the other side, on object NAME
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "posix_check.h"
#include "spawn_self.h"

struct shared {
	sem_t posted;		 /* the child posts it */
	pthread_mutex_t lock;	 /* guards flag */
	pthread_cond_t changed;	 /* flag changed */
	pthread_mutex_t mine;	 /* recursive: the parent holds it */
	int flag;
	int child_trylock;	 /* what the child's trylock of `mine` said */
};

static struct shared *map_shared(const char *name, int create)
{
	int fd = shm_open(name, O_RDWR | (create ? O_CREAT | O_EXCL : 0), 0600);
	if (fd < 0 || (create && ftruncate(fd, sizeof(struct shared)) < 0))
		return NULL;
	void *m = mmap(NULL, sizeof(struct shared), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return m == MAP_FAILED ? NULL : m;
}

static struct timespec in_seconds(int s)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += s;
	return ts;
}

static int child(const char *name)
{
	struct shared *s = map_shared(name, 0);
	char named[80];
	snprintf(named, sizeof(named), "%s-named", name);
	sem_t *n = sem_open(named, 0);
	if (!s || n == SEM_FAILED)
		return 2;
	s->child_trylock = pthread_mutex_trylock(&s->mine);
	usleep(50000); /* the parent is waiting by now, most likely */
	sem_post(&s->posted);
	usleep(50000);
	pthread_mutex_lock(&s->lock);
	s->flag = 1;
	pthread_cond_signal(&s->changed);
	pthread_mutex_unlock(&s->lock);
	usleep(50000);
	sem_post(n);
	sem_close(n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "child") == 0)
		return child(argv[2]);
	check_prog = "psharedtest";
	char name[64], named[80];
	snprintf(name, sizeof(name), "/psharedtest-%d", (int)getpid());
	snprintf(named, sizeof(named), "%s-named", name);
	struct shared *s = map_shared(name, 1);
	expect("a shared memory object", s != NULL, 1);
	if (!s)
		return check_summary();
	expect("a process-shared semaphore", sem_init(&s->posted, 1, 0), 0);
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	expect("process-shared mutexes",
	       pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED), 0);
	int shared = -1;
	expect("say so", pthread_mutexattr_getpshared(&ma, &shared) == 0 && shared == PTHREAD_PROCESS_SHARED,
	       1);
	pthread_mutex_init(&s->lock, &ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&s->mine, &ma);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	expect("and condition variables", pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED), 0);
	pthread_cond_init(&s->changed, &ca);
	expect("a pshared value that is neither", pthread_condattr_setpshared(&ca, 7), EINVAL);
	sem_t *n = sem_open(named, O_CREAT | O_EXCL, 0600, 0);
	expect("a named semaphore", n != SEM_FAILED, 1);
	expect_err("a semaphore past SEM_VALUE_MAX", sem_init(&s->posted, 1, (unsigned)SEM_VALUE_MAX + 1),
		   EINVAL);
	pthread_mutex_lock(&s->mine);
	s->child_trylock = -1;

	char *args[] = {"psharedtest", "child", name, NULL};
	pid_t pid = spawn_self("psharedtest", args);
	expect("a child", pid > 0, 1);
	struct timespec t = in_seconds(10);
	expect("the child's post wakes this process's wait", sem_timedwait(&s->posted, &t), 0);
	t = in_seconds(10);
	pthread_mutex_lock(&s->lock);
	int err = 0;
	while (!s->flag && err == 0)
		err = pthread_cond_timedwait(&s->changed, &s->lock, &t);
	pthread_mutex_unlock(&s->lock);
	expect("its signal wakes this process's condition wait", err == 0 && s->flag == 1, 1);
	t = in_seconds(10);
	expect("and a named semaphore's post too", n != SEM_FAILED && sem_timedwait(n, &t) == 0, 1);
	int status = -1;
	waitpid(pid, &status, 0);
	expect("the child did its part", WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
	expect("a recursive mutex held here is not the child's", s->child_trylock, EBUSY);
	expect("and is this thread's to unlock", pthread_mutex_unlock(&s->mine), 0);

	sem_close(n);
	sem_unlink(named);
	shm_unlink(name);
	munmap(s, sizeof(*s));
	return check_summary();
}
