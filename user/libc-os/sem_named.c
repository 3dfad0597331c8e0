/*
 * sem_named.c - named semaphores: sem_open, sem_close, sem_unlink.
 *
 * A named semaphore is a shared memory object (shm.c) called "sem.NAME",
 * as on Linux, holding one sem_t and mapped shared: every process that
 * opens the name maps the same page. A process that opens one name twice
 * gets the same address (POSIX), so what it has open is kept here, by the
 * object's inode, with a count of opens; the last sem_close unmaps it.
 * sem_unlink removes the name; the semaphore lives on while it is open.
 *
 * The semaphore waits on a futex, which the kernel keys by the shared
 * object and the word's place in it: a sem_post in one process wakes the
 * waiters of every process that has it open.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

struct named {
	struct named *next;
	ino_t ino;
	sem_t *sem;
	unsigned opens;
};

static struct named *opened;
static pthread_mutex_t opened_lock = PTHREAD_MUTEX_INITIALIZER;

/* The shared memory object's name of the semaphore name: -1 EINVAL for
 * what is no name (shm_open checks the rest), ENAMETOOLONG. */
static int object_name(const char *name, char *out, size_t size)
{
	if (!name) {
		errno = EINVAL;
		return -1;
	}
	if (name[0] == '/')
		name++;
	if ((size_t)snprintf(out, size, "/sem.%s", name) >= size || strlen(name) > NAME_MAX - 4) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* The object open on fd, mapped; a new one gets its value first. */
static sem_t *map_object(int fd, int created, unsigned value)
{
	if (created && ftruncate(fd, sizeof(sem_t)) < 0)
		return SEM_FAILED;
	struct stat st;
	/* An object another process has just made may not have its size yet:
	 * wait for it rather than map a page past the end. */
	for (int tries = 0; !created; tries++) {
		if (fstat(fd, &st) < 0)
			return SEM_FAILED;
		if (st.st_size >= (off_t)sizeof(sem_t))
			break;
		if (tries == 1000) {
			errno = EINVAL;
			return SEM_FAILED;
		}
		sched_yield();
	}
	void *p = mmap(NULL, sizeof(sem_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return SEM_FAILED;
	if (created)
		sem_init(p, 0, value);
	return p;
}

sem_t *sem_open(const char *name, int oflag, ...)
{
	mode_t mode = 0;
	unsigned value = 0;
	if (oflag & O_CREAT) {
		va_list ap;
		va_start(ap, oflag);
		mode = (mode_t)va_arg(ap, int);
		value = va_arg(ap, unsigned);
		va_end(ap);
		if (value > SEM_VALUE_MAX) {
			errno = EINVAL;
			return SEM_FAILED;
		}
	}
	char object[NAME_MAX + 2];
	if (object_name(name, object, sizeof(object)) < 0)
		return SEM_FAILED;
	pthread_mutex_lock(&opened_lock);
	int created = 0, fd = -1;
	if (oflag & O_CREAT) {
		fd = shm_open(object, O_RDWR | O_CREAT | O_EXCL, mode);
		created = fd >= 0;
		if (fd < 0 && (errno != EEXIST || (oflag & O_EXCL)))
			goto fail;
	}
	if (fd < 0 && (fd = shm_open(object, O_RDWR, 0)) < 0)
		goto fail;
	struct stat st;
	sem_t *sem = fstat(fd, &st) == 0 ? map_object(fd, created, value) : SEM_FAILED;
	close(fd);
	if (sem == SEM_FAILED)
		goto fail;
	for (struct named *n = opened; n; n = n->next)
		if (n->ino == st.st_ino) { /* open here already: the same address */
			munmap(sem, sizeof(sem_t));
			n->opens++;
			pthread_mutex_unlock(&opened_lock);
			return n->sem;
		}
	struct named *n = malloc(sizeof(*n));
	if (!n) {
		munmap(sem, sizeof(sem_t));
		errno = ENOMEM;
		goto fail;
	}
	*n = (struct named){opened, st.st_ino, sem, 1};
	opened = n;
	pthread_mutex_unlock(&opened_lock);
	return sem;
fail:
	pthread_mutex_unlock(&opened_lock);
	return SEM_FAILED;
}

int sem_close(sem_t *sem)
{
	pthread_mutex_lock(&opened_lock);
	for (struct named **at = &opened; *at; at = &(*at)->next) {
		struct named *n = *at;
		if (n->sem != sem)
			continue;
		if (--n->opens == 0) {
			*at = n->next;
			munmap(n->sem, sizeof(sem_t));
			free(n);
		}
		pthread_mutex_unlock(&opened_lock);
		return 0;
	}
	pthread_mutex_unlock(&opened_lock);
	errno = EINVAL; /* not a named semaphore this process has open */
	return -1;
}

int sem_unlink(const char *name)
{
	char object[NAME_MAX + 2];
	if (object_name(name, object, sizeof(object)) < 0)
		return -1;
	return shm_unlink(object);
}
