/*
 * pthread_sched.c - the scheduling attributes of threads, as far as Bower
 * has them: one policy, SCHED_OTHER, whose only priority is 0, for every
 * thread of the system (PTHREAD_SCOPE_SYSTEM: each pthread is a kernel
 * thread, scheduled against all others). The kernel's scheduler is round
 * robin with no priorities, so the real-time policies (SCHED_FIFO,
 * SCHED_RR) and process scope are refused with ENOTSUP rather than
 * accepted and not honoured; _POSIX_THREAD_PRIORITY_SCHEDULING is not
 * defined, as sysconf says.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>

static int policy_known(int policy)
{
	return policy == SCHED_OTHER || policy == SCHED_FIFO || policy == SCHED_RR;
}

/* 0 if Bower runs threads so; ENOTSUP for a policy it does not have,
 * EINVAL for what is no policy or outside the policy's priorities. */
static int supported(int policy, int priority)
{
	if (!policy_known(policy))
		return EINVAL;
	if (policy != SCHED_OTHER)
		return ENOTSUP;
	return priority == 0 ? 0 : EINVAL;
}

int sched_get_priority_max(int policy)
{
	if (policy != SCHED_OTHER) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int sched_get_priority_min(int policy)
{
	return sched_get_priority_max(policy);
}

int pthread_attr_setinheritsched(pthread_attr_t *attr, int inherit)
{
	if (inherit != PTHREAD_INHERIT_SCHED && inherit != PTHREAD_EXPLICIT_SCHED)
		return EINVAL;
	attr->inheritsched = inherit; /* the same either way: there is one policy */
	return 0;
}

int pthread_attr_getinheritsched(const pthread_attr_t *attr, int *inherit)
{
	*inherit = attr->inheritsched;
	return 0;
}

int pthread_attr_setschedpolicy(pthread_attr_t *attr, int policy)
{
	int err = supported(policy, 0);
	if (!err)
		attr->schedpolicy = policy;
	return err;
}

int pthread_attr_getschedpolicy(const pthread_attr_t *attr, int *policy)
{
	*policy = attr->schedpolicy;
	return 0;
}

int pthread_attr_setschedparam(pthread_attr_t *attr, const struct sched_param *param)
{
	int err = supported(attr->schedpolicy, param->sched_priority);
	if (!err)
		attr->schedpriority = param->sched_priority;
	return err;
}

int pthread_attr_getschedparam(const pthread_attr_t *attr, struct sched_param *param)
{
	param->sched_priority = attr->schedpriority;
	return 0;
}

int pthread_attr_setscope(pthread_attr_t *attr, int scope)
{
	if (scope == PTHREAD_SCOPE_PROCESS)
		return ENOTSUP;
	if (scope != PTHREAD_SCOPE_SYSTEM)
		return EINVAL;
	attr->scope = scope;
	return 0;
}

int pthread_attr_getscope(const pthread_attr_t *attr, int *scope)
{
	*scope = attr->scope;
	return 0;
}

int pthread_setschedparam(pthread_t thread, int policy, const struct sched_param *param)
{
	(void)thread;
	return supported(policy, param->sched_priority);
}

int pthread_getschedparam(pthread_t thread, int *policy, struct sched_param *param)
{
	(void)thread;
	*policy = SCHED_OTHER;
	param->sched_priority = 0;
	return 0;
}

int pthread_setschedprio(pthread_t thread, int prio)
{
	return pthread_setschedparam(thread, SCHED_OTHER, &(struct sched_param){prio});
}
