/*
 * signal.h - POSIX signals on Bower (sys/signal.h has the types and
 * numbers; docs/signals.md says what is provided).
 */
#ifndef _SIGNAL_H_
#define _SIGNAL_H_

#include <sys/signal.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int sig_atomic_t;
#if __GNU_VISIBLE
typedef _sig_func_ptr sighandler_t;
#endif
#if __BSD_VISIBLE
typedef _sig_func_ptr sig_t;
#endif

#define SIG_DFL	 ((_sig_func_ptr)BOWER_SIG_DFL)
#define SIG_IGN	 ((_sig_func_ptr)BOWER_SIG_IGN)
#define SIG_HOLD ((_sig_func_ptr)2)
#define SIG_ERR	 ((_sig_func_ptr)-1)

_sig_func_ptr signal(int, _sig_func_ptr);
int raise(int);
void psignal(int, const char *);
void psiginfo(const siginfo_t *, const char *);

#ifdef __cplusplus
}
#endif

#endif
