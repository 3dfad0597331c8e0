/*
 * abi.h - what the kernel and user programs agree on, besides the call
 * numbers (bower/syscall_nr.h, generated from tools/syscalls.tbl).
 *
 * A system call returns a value >= 0 on success or -E... on failure. The
 * error numbers are the ones picolibc uses, so the user-space layer can put
 * -ret in errno unchanged (user/libc-os checks this at compile time).
 */
#ifndef BOWER_ABI_H
#define BOWER_ABI_H

/* Error numbers (a small vocabulary: see docs/syscalls.md). */
#define BOWER_EPERM	   1
#define BOWER_ENOENT	   2
#define BOWER_ESRCH	   3
#define BOWER_EINTR	   4
#define BOWER_E2BIG	   7
#define BOWER_ENOEXEC	   8
#define BOWER_EBADF	   9
#define BOWER_ECHILD	   10
#define BOWER_EAGAIN	   11
#define BOWER_ENOMEM	   12
#define BOWER_EACCES	   13
#define BOWER_EFAULT	   14
#define BOWER_EBUSY	   16
#define BOWER_EEXIST	   17
#define BOWER_EINVAL	   22
#define BOWER_EMFILE	   24
#define BOWER_EPIPE	   32
#define BOWER_ERANGE	   34
#define BOWER_ENOSYS	   88
#define BOWER_ENAMETOOLONG 91
#define BOWER_ETIMEDOUT	   116
#define BOWER_ENOTSUP	   134

/* vm_map protection bits and flags. */
#define BOWER_PROT_READ	 0x1
#define BOWER_PROT_WRITE 0x2
#define BOWER_PROT_EXEC	 0x4
#define BOWER_MAP_FIXED	 0x10 /* map exactly at addr, replacing what is there (POSIX MAP_FIXED) */
#define BOWER_MAP_EAGER	 0x20 /* allocate every page now, not on first touch */
#define BOWER_MAP_LLM	 0x04 /* vm_map_pmo: a resident cap, batched prefetch (docs/llm.md) */
#define BOWER_MAP_PRIVATE 0x40 /* vm_map_pmo of a file: writes go to copies of its own */
#define BOWER_VM_LOCK	 0x1  /* vm_lock: lock the range (without it: unlock) */
#define BOWER_VM_LOCK_MAPPED 0x2 /* vm_lock: the mappings in the range, holes skipped (mlockall) */

/* User address space: [USER_BASE, USER_TOP). */
#define BOWER_USER_BASE 0x0000000000001000UL
#define BOWER_USER_TOP	0x0000800000000000UL

/* spawn limits. */
#define BOWER_ARG_MAX  16  /* arguments */
#define BOWER_ARGLEN   256 /* bytes per argument, with the NUL */
#define BOWER_PATH_MAX 128

/* Wait status, POSIX-style: exited with a code, or killed for a reason. */
#define BOWER_STATUS_EXITED(code) (((code)&0xff) << 8)
#define BOWER_STATUS_KILLED(sig)  ((sig)&0x7f)
#define BOWER_SIGINT		  2 /* Ctrl-C (console_foreground) */
#define BOWER_SIGILL		  4
#define BOWER_SIGTRAP		  5
#define BOWER_SIGBUS		  7
#define BOWER_SIGKILL		  9
#define BOWER_SIGSEGV		  11

/* Signals (docs/signals.md): Linux's numbers, 1 to BOWER_NSIG - 1; a set
 * of them is a 64-bit word with bit sig - 1 for signal sig. */
#define BOWER_NSIG	    64
#define BOWER_SIGRTMIN	    32 /* realtime signals, which queue: 32 to BOWER_NSIG - 1 */
#define BOWER_SIGQUEUE_MAX  32 /* realtime signals queued in a process at most */
#define BOWER_SIGSTOP	    19
#define BOWER_SIG_DFL	    0 /* bower_sigaction.handler: the default action */
#define BOWER_SIG_IGN	    1 /* ignore it */
#define BOWER_SA_SIGINFO    0x00000004u /* flags: the handler takes (sig, info, context) */
#define BOWER_SA_ONSTACK    0x08000000u /* runs on the thread's alternate stack */
#define BOWER_SA_RESTART    0x10000000u /* an interrupted wait that may start again does */
#define BOWER_SA_NODEFER    0x40000000u /* the signal is not blocked in its handler */
#define BOWER_SA_RESETHAND  0x80000000u /* the action goes back to the default once taken */
#define BOWER_SIG_BLOCK	    0 /* sig_mask's how */
#define BOWER_SIG_UNBLOCK   1
#define BOWER_SIG_SETMASK   2
#define BOWER_SS_ONSTACK    1 /* bower_sigstack.flags: running on it now (reported) */
#define BOWER_SS_DISABLE    2 /* no alternate stack */
#define BOWER_MINSIGSTKSZ   2048
/* bower_siginfo.code */
#define BOWER_SI_USER	    0	 /* sent by sig_send (kill) */
#define BOWER_SI_TKILL	    (-6) /* sent by sig_raise (raise) */
#define BOWER_SI_QUEUE	    (-1) /* sent by sig_queue (sigqueue), with a value */
#define BOWER_SEGV_MAPERR   1	 /* SIGSEGV: nothing mapped there */
#define BOWER_SEGV_ACCERR   2	 /* SIGSEGV: mapped, but not for this access */
#define BOWER_BUS_ADRALN    1	 /* SIGBUS: misaligned */
#define BOWER_BUS_ADRERR    2	 /* SIGBUS: no such page of the file */
#define BOWER_ILL_ILLOPC    1	 /* SIGILL: an instruction that is not one */
#define BOWER_TRAP_BRKPT    1	 /* SIGTRAP: a breakpoint instruction */
#define BOWER_SI_TIMER	    (-2) /* sent by a timer (timer_create) */
#define BOWER_CLD_EXITED    1	 /* SIGCHLD: the child exited (status: its code) */
#define BOWER_CLD_KILLED    2	 /* SIGCHLD: a signal ended it (status: the signal) */
#define BOWER_SIGCHLD	    17

struct bower_sigaction {
	unsigned long handler;  /* BOWER_SIG_DFL, BOWER_SIG_IGN or a function */
	unsigned long mask;	   /* blocked as well while the handler runs */
	unsigned long flags;	   /* BOWER_SA_* */
	unsigned long restorer; /* where the handler returns to: it calls sig_return */
};

/* Timers that signal (timer_create; docs/signals.md): a process has at
 * most BOWER_TIMERS_MAX, numbered from 1; timer 0 is its interval timer
 * (alarm, setitimer's ITIMER_REAL), which sends SIGALRM. */
#define BOWER_TIMERS_MAX 32
#define BOWER_SIGALRM	 14
/* What a timer measures (timer_create's clock): the counter, or CPU time,
 * the calling thread's (BOWER_CPU_THREAD) or its process's
 * (BOWER_CPU_PROCESS), which the kernel counts in timer ticks but times
 * in counter ticks too (a timer tick is 1 / BOWER_TICK_HZ of a second's). */
#define BOWER_TIMER_COUNTER 3
struct bower_timer_state {
	unsigned long left;	/* counter ticks (of its clock) until it expires; 0: disarmed */
	unsigned long interval; /* ticks between expiries after that; 0: once */
};

struct bower_sigstack {
	unsigned long sp; /* the lowest address */
	int flags;
	int pad;
	unsigned long size;
};

/* What a handler's second argument points at. */
struct bower_siginfo {
	int signo;
	int err;
	int code;
	int pid;	  /* the sender's */
	unsigned long addr;	  /* the faulting address (SIGSEGV, SIGBUS, SIGILL) */
	int status;
	int pad;
	unsigned long value;
};

/* The interrupted state, what the third argument points at; sig_return
 * puts it back (the registers, the mask, the stack flags). */
struct bower_mcontext {
	unsigned long fault_address;
	unsigned long regs[31];
	unsigned long sp;
	unsigned long pc;
	unsigned long pstate;
	unsigned long fpsr, fpcr;
	__uint128_t vregs[32];
};

struct bower_ucontext {
	unsigned long flags;
	unsigned long link;
	struct bower_sigstack stack;
	unsigned long sigmask;
	unsigned long pad;
	struct bower_mcontext mcontext;
};

/* cpu_ticks: CPU time, in timer ticks (BOWER_TICK_HZ a second), of the
 * calling thread, its process (every thread, those ended too), or the
 * children it has waited for (and theirs). Counted by sampling: each tick
 * goes to the thread it finds running. */
#define BOWER_TICK_HZ	       100
#define BOWER_CPU_THREAD       0
#define BOWER_CPU_PROCESS      1
#define BOWER_CPU_CHILDREN     2

/* Capability types (what bower_cap_identify reports). */
#define BOWER_CAP_NOTIFICATION 1
#define BOWER_CAP_PORT	       2
#define BOWER_CAP_CONNECTION   3
#define BOWER_CAP_PMO	       4
#define BOWER_CAP_PAGER	       5
#define BOWER_CAP_PROCESS      6
#define BOWER_CAP_THREAD       7
#define BOWER_CAP_VMSPACE      8
#define BOWER_CAP_IRQ	       9 /* a device's interrupt (docs/devices.md) */
#define BOWER_CAP_PIPE	       10 /* READ: its read end; WRITE: its write end */

/* How notify_wait waits when no signal is pending: it returns -EAGAIN at
 * once (POLL), sleeps until one comes (BLOCK), or sleeps until one comes
 * or the CPU has nothing else to run, then -EAGAIN (OR_IDLE: for work that
 * can wait, done in time no other thread wanted; docs/ipc.md). */
#define BOWER_WAIT_POLL	   0
#define BOWER_WAIT_BLOCK   1
#define BOWER_WAIT_OR_IDLE 2

/* Rights a capability can carry. A copy can only have fewer. */
#define BOWER_RIGHT_SIGNAL  0x01  /* notification: signal */
#define BOWER_RIGHT_WAIT    0x02  /* notification: wait, poll */
#define BOWER_RIGHT_CONNECT 0x04  /* port: open a connection to it */
#define BOWER_RIGHT_RECEIVE 0x08  /* port: receive calls (its server) */
#define BOWER_RIGHT_CALL    0x10  /* connection: call */
#define BOWER_RIGHT_GRANT   0x20  /* may be passed to another process */
#define BOWER_RIGHT_READ    0x40  /* memory object: map readable */
#define BOWER_RIGHT_WRITE   0x80  /* memory object: map writable */
#define BOWER_RIGHT_PAGER   0x100 /* pager: serve faults, make file objects */
#define BOWER_RIGHT_KILL    0x200 /* process: end it */
#define BOWER_RIGHT_MAP	    0x400 /* process: get its address space; address space: map into it */
#define BOWER_RIGHT_ALL	    0x7ff

/* IPC: a call sends up to BOWER_IPC_MAX bytes from the connection's buffer
 * and at most one capability; the reply comes back the same way. Two
 * pages: a 4 KiB write and its request fit one message. */
#define BOWER_IPC_MAX 8192
#define BOWER_NO_CAP  (-1)

struct bower_ipc_call {
	unsigned long len; /* in: request bytes in the buffer; out: reply bytes */
	int cap;	   /* in: slot to pass, or BOWER_NO_CAP; out: slot received */
	long ret;	   /* out: the server's reply value */
};

struct bower_ipc_recv {
	unsigned long badge; /* which connection: set by the kernel, unforgeable */
	unsigned long len;   /* request bytes copied into the receive buffer */
	int cap;	     /* slot of the capability received, or BOWER_NO_CAP */
	unsigned flags;	     /* BOWER_IPC_CLOSED: not a call, see below */
};

/* ipc_reply_recv: a server's loop in one call (docs/ipc.md). */
struct bower_ipc_reply_recv {
	long ret;		    /* in: the reply's value, */
	const void *reply;	    /* its bytes, */
	unsigned long reply_len;    /* their length, */
	int reply_cap;		    /* a capability to pass, or BOWER_NO_CAP */
	int pad;
	void *buf;		    /* in: where the next request goes, */
	unsigned long buflen;	    /* and its size */
	struct bower_ipc_recv info; /* out: what was received, as ipc_recv says */
};

/* ipc_call_bulk: besides its message, a call may name a bulk buffer in the
 * caller's memory, which the server holding the call copies to
 * (ipc_caller_write) or from (ipc_caller_read) directly, as far as the
 * rights allow, instead of the data going through the message
 * (docs/ipc.md). len 0 names none. */
struct bower_ipc_bulk {
	void *addr;	   /* in the caller's address space */
	unsigned long len; /* bytes */
	unsigned rights;   /* BOWER_BULK_READ and/or BOWER_BULK_WRITE */
	unsigned pad;
};

#define BOWER_BULK_READ	 0x1 /* the server may read the buffer (ipc_caller_read) */
#define BOWER_BULK_WRITE 0x2 /* the server may write the buffer (ipc_caller_write) */

/* The C library's calls with these descriptions (user/libc-os/ipc.c). The
 * system calls themselves take and return each field in a register
 * (tools/syscalls.tbl, docs/ipc.md): the kernel never reads or writes the
 * struct, so a bad pointer to one is the program's own fault. */
long bower_ipc_call(int conn, struct bower_ipc_call *msg);
long bower_ipc_call_bulk(int conn, struct bower_ipc_call *msg, const struct bower_ipc_bulk *bulk);
long bower_ipc_reply_recv(int port, struct bower_ipc_reply_recv *msg);

/* ipc_recv flag: the connection with this badge is gone (its last
 * capability was deleted, or its client ended). No reply is expected; the
 * server drops whatever it kept for that client. */
#define BOWER_IPC_CLOSED 0x1

/* The user-level pager (docs/pager.md). The pager registers a ring in its
 * own memory; the kernel writes one struct bower_pager_msg at
 * entries[head % slots] for each fault on a file mapping, and for news
 * about a MAP_LLM mapping (kind), advances head and, for a fault, signals
 * the pager's notification. The pager answers each fault by its token with
 * pager_map (a list of client page -> pager page entries) or pager_fail. */
/* vm_limit: a process's limits on its memory, in bytes (getrlimit and
 * setrlimit's RLIMIT_AS and RLIMIT_DATA), a soft one in force and a hard
 * one the soft may be raised to; a spawned child starts with its
 * parent's. */
#define BOWER_VM_LIMIT_AS   0 /* its mappings' bytes together: a map past it is ENOMEM */
#define BOWER_VM_LIMIT_DATA 1 /* its data segment's (the heap): kept for the C library's sbrk */
#define BOWER_VM_LIMITS	    2
#define BOWER_VM_UNLIMITED  (~0UL) /* no limit */
struct bower_vm_limit {
	unsigned long soft; /* in force */
	unsigned long hard; /* at least soft */
};

#define BOWER_PAGER_NEWS_MAX 10
struct bower_pager_msg {
	unsigned kind;	       /* BOWER_PAGER_MSG_* */
	unsigned count;	       /* NEWS: entries in news[] */
	unsigned long client;  /* the process concerned (its pid) */
	unsigned long file_id; /* the pager's name for the file (pmo_create_file) */
	union {
		struct {
			unsigned long token; /* FAULT: names it in pager_map / pager_fail */
			unsigned long page;  /* page index in the file (UNMAPPED: the mapping's first) */
			unsigned long va;    /* page-aligned address in the client */
			unsigned long cap;   /* MAP_LLM mappings: their resident cap (0: not MAP_LLM) */
			unsigned access;     /* FAULT: BOWER_PROT_READ, _WRITE or _EXEC */
			unsigned faults;     /* UNMAPPED: the faults the mapping took in all */
		};
		/* NEWS: what happened to pages of the file, oldest first: each a
		 * page index (BOWER_PAGER_NEWS_PAGE) with what happened to it
		 * (BOWER_PAGER_NEWS_WHAT). */
		unsigned news[BOWER_PAGER_NEWS_MAX];
	};
};

/* Message kinds. Only FAULT needs an answer; the others are news for a
 * pager that learns (MAP_LLM mappings). The kernel keeps a mapping's news
 * until its next fault, its end, or BOWER_PAGER_NEWS_MAX pieces, and posts
 * them then in one NEWS message before the fault: so news never wakes the
 * pager, and the pager reads what a program did before the fault that
 * follows it. UNMAPPED ends a run and wakes the pager; so does UNUSED, sent
 * when no mapping of a file object is left (a removed file's data can go
 * then, as POSIX wants: not before). News is dropped when
 * the ring is half full (faults always find room), and then ring.dropped
 * counts each lost piece. */
#define BOWER_PAGER_MSG_FAULT	 0 /* a page is wanted: answer it */
#define BOWER_PAGER_MSG_UNMAPPED 2 /* a MAP_LLM mapping went away (page, va, faults) */
#define BOWER_PAGER_MSG_NEWS	 4 /* count pieces of news in news[] */
#define BOWER_PAGER_MSG_UNUSED	 6 /* the file object's last mapping went away */

#define BOWER_PAGER_NEWS_PAGE	  0x0fffffffu /* the page index (files have < 2^28 pages) */
#define BOWER_PAGER_NEWS_WHAT	  0xf0000000u
#define BOWER_PAGER_NEWS_USED	  0x10000000u /* a prefetched page's first use */
#define BOWER_PAGER_NEWS_EVICTED  0x20000000u /* a page left the mapping, never used */
#define BOWER_PAGER_NEWS_EVICTED_USED 0x30000000u /* a page left the mapping after use */
/* A fault the kernel answered by itself with the pages the pager's last
 * answer held past its batch (docs/llm.md), and each page that answer
 * mapped. */
#define BOWER_PAGER_NEWS_HELD_FAULT 0x40000000u
#define BOWER_PAGER_NEWS_MAPPED	    0x50000000u

struct bower_pager_ring {
	unsigned long head;    /* written by the kernel: entries posted so far */
	unsigned long tail;    /* written by the pager: entries it has read */
	unsigned long slots;   /* set by the pager before registering */
	unsigned long dropped; /* written by the kernel: news it could not post */
	struct bower_pager_msg entries[];
};

struct bower_pager_entry {
	unsigned long client_va; /* page in the faulting mapping */
	unsigned long pager_va;	 /* the pager's page holding its contents */
};

#define BOWER_PAGER_MAX_BATCH 64
#define BOWER_PAGER_MAX_SLOTS 1024

/* pager_map_wait (tools/syscalls.tbl, docs/pager.md): pager_map's result;
 * *waited is the wait's (0, -BOWER_EAGAIN, -BOWER_EINTR), or 1 when the
 * map failed and nothing was waited for. The C library's call
 * (user/libc-os/ipc.c). */
long bower_pager_map_wait(int pager, unsigned long token, const struct bower_pager_entry *entries,
			  unsigned long n, int prot, int notify, int how, long *waited);

/* pager_fail reasons. */
#define BOWER_PAGER_BEYOND_EOF 1 /* the client gets a bus error */
#define BOWER_PAGER_IO_ERROR   2

/* Counters of a MAP_LLM mapping (vm_llm_stats). */
struct bower_llm_stats {
	unsigned long faults;		 /* page faults (pager_map answered them, or held pages) */
	unsigned long mapped;		 /* pages mapped in */
	unsigned long prefetched;	 /* of which not the faulting page */
	unsigned long prefetched_used;	 /* prefetched pages then touched */
	unsigned long prefetched_unused; /* prefetched pages evicted untouched */
	unsigned long evictions;	 /* pages unmapped to respect the cap */
	unsigned long cap;		 /* resident pages at most */
	unsigned long resident;		 /* resident now, by the kernel's count */
	unsigned long resident_in_table; /* resident now, counted in the page table */
	unsigned long map_calls;	 /* pager_map calls that answered its faults */
	unsigned long ahead_calls;	 /* pager_map_ahead calls that mapped pages */
	unsigned long held_faults;	 /* faults answered with held pages, by the kernel alone */
};

#define BOWER_LLM_CAP_DEFAULT 16
#define BOWER_LLM_CAP_MAX     1024

/* rtc_epoch: the wall clock at one moment, from which the generic counter
 * tells the time since (user/libc-os/time.c). */
struct bower_rtc_epoch {
	unsigned long seconds; /* since 1970 (0: the machine has no clock) */
	unsigned long counter; /* the generic counter (cntvct) at that second */
};

/* Devices (docs/devices.md). A device's registers are a memory object
 * (BOWER_CAP_PMO) mapped uncached; its interrupt is an object of its own
 * (BOWER_CAP_IRQ); memory it reads and writes is a DMA memory object, pages
 * contiguous in physical memory. dev_info says which a capability is. */
#define BOWER_DEV_MMIO 1
#define BOWER_DEV_IRQ  2
#define BOWER_DEV_DMA  3

#define BOWER_DMA_MAX_PAGES 1024 /* dma_create: 4 MiB at most */

#define BOWER_IRQ_BOUND	  0x1 /* a live process has bound it to a notification */
#define BOWER_IRQ_PENDING 0x2 /* it came and is masked until acknowledged */

struct bower_dev_info {
	unsigned kind;	      /* BOWER_DEV_* */
	unsigned irq;	      /* IRQ: its interrupt id; MMIO: the device's (0: none) */
	unsigned flags;	      /* IRQ: BOWER_IRQ_BOUND, BOWER_IRQ_PENDING */
	unsigned pad;
	unsigned long phys;   /* MMIO: the registers' physical address; DMA: the first page's */
	unsigned long size;   /* MMIO: the registers' bytes; DMA: the object's */
	unsigned long offset; /* MMIO: where the registers start in a mapping of the object */
	char compatible[32];  /* MMIO, IRQ: the device tree's name for the device ("virtio,mmio") */
};
/* poll: wait until one of several things is ready (the C library's poll
 * and select). Each item names a pipe end by its capability slot, or the
 * console (BOWER_POLL_CONSOLE), and what is wanted of it; the kernel
 * writes what it found in revents (Linux's poll bits). deadline: a value
 * of the counter, BOWER_POLL_NOW (look once) or BOWER_POLL_FOREVER. */
#define BOWER_POLL_MAX	   64
#define BOWER_POLL_CONSOLE (-2)
#define BOWER_POLL_NOW	   0UL
#define BOWER_POLL_FOREVER (~0UL)
#define BOWER_POLL_IN	   0x01 /* bytes to read (a pipe's read end, the console's input) */
#define BOWER_POLL_OUT	   0x04 /* room for a write of BOWER_PIPE_ATOMIC bytes */
#define BOWER_POLL_ERR	   0x08 /* a write end with no read end left */
#define BOWER_POLL_HUP	   0x10 /* a read end with no write end left */
#define BOWER_POLL_NVAL	   0x20 /* the slot holds no pipe end */
struct bower_poll_item {
	int slot;		/* a pipe end's capability slot, or BOWER_POLL_CONSOLE */
	unsigned short events;	/* BOWER_POLL_IN and/or BOWER_POLL_OUT */
	unsigned short revents; /* what is so: of events, and ERR, HUP, NVAL always */
};

/* Pipes (pipe_create): a ring of BOWER_PIPE_SIZE bytes; a write of up to
 * BOWER_PIPE_ATOMIC bytes goes in whole (POSIX's PIPE_BUF). pipe_read and
 * pipe_write with BOWER_PIPE_NONBLOCK say EAGAIN instead of waiting;
 * pipe_read with BOWER_PIPE_PEEK copies the bytes and leaves them there. */
#define BOWER_PIPE_SIZE	    4096
#define BOWER_PIPE_ATOMIC   512
#define BOWER_PIPE_NONBLOCK 0x1
#define BOWER_PIPE_PEEK	    0x2

/* console_foreground: at most this many programs at once (a pipeline's). */
#define BOWER_FOREGROUND_MAX 8

/* process_list: what the kernel can say of each process (the shell's ps). */
#define BOWER_PROC_RUNNING 1 /* a thread is running or ready to */
#define BOWER_PROC_WAITING 2 /* every thread waits (in waiting_in, the first one's call) */
#define BOWER_PROC_ENDING  3 /* ended; its threads are on their way out */
#define BOWER_PROC_ZOMBIE  4 /* ended and gone but for its status, until its parent waits */
struct bower_process_info {
	int pid;
	int parent;	      /* its pid, 0 for none (init's, and an orphan's) */
	unsigned state;	      /* BOWER_PROC_* */
	unsigned threads;     /* alive */
	unsigned cap_slots;   /* its capability table's size */
	unsigned pad;
	char name[32];	      /* the program's name, NUL-terminated */
	char waiting_in[24];  /* WAITING: the system call it waits in, NUL-terminated */
};

/* ramdisk_entry: one file of the initial ramdisk, the programs spawn
 * starts (the file server shows them as /bin). */
struct bower_ramdisk_entry {
	char name[BOWER_PATH_MAX]; /* NUL-terminated: what spawn takes */
	unsigned long size;	   /* bytes (ramdisk_read reads them) */
};

struct bower_memstat {
	unsigned long total_pages; /* pages the allocator manages */
	unsigned long free_pages;  /* of which free now */
};

/* cpu_info: one CPU's load since boot, counted at its timer ticks. */
struct bower_cpu_info {
	unsigned long busy_ticks; /* ticks that found a thread running */
	unsigned long idle_ticks; /* ticks that found it idle */
	int pid;		  /* the process it runs now, 0 if idle */
	int tid;		  /* its thread, 0 if idle */
	int pinned;		  /* threads pinned to it (thread_pin) */
	int pad;
};

#endif
