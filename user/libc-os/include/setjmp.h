/*
 * setjmp.h - picolibc's, with POSIX's sigsetjmp and siglongjmp (which
 * picolibc has only for other systems): a jump that puts the signal mask
 * back, as a handler that leaves by a jump needs (docs/signals.md).
 */
#ifndef BOWER_SETJMP_H
#define BOWER_SETJMP_H

#include_next <setjmp.h>
#include <signal.h>

typedef struct {
	jmp_buf __env;
	int __saved; /* whether __mask is to be put back */
	sigset_t __mask;
} sigjmp_buf[1];

/* A macro, since setjmp must run in its caller's frame. */
#define sigsetjmp(env, savemask)                                                                   \
	((env)->__saved = (savemask),                                                              \
	 (env)->__saved ? (void)sigprocmask(SIG_BLOCK, NULL, &(env)->__mask) : (void)0,            \
	 setjmp((env)->__env))

void siglongjmp(sigjmp_buf env, int val) __attribute__((__noreturn__));

#endif
