/* sys/sysinfo.h - Linux's overall system statistics, which programs ask
 * to size their work by the machine's memory and CPUs (sysinfo.c). */
#ifndef BOWER_SYS_SYSINFO_H
#define BOWER_SYS_SYSINFO_H

/* Linux's layout on a 64-bit machine. Bower has no swap, no high memory
 * and no load average: those fields are 0. */
struct sysinfo {
	long uptime;		 /* seconds since boot */
	unsigned long loads[3];	 /* 0: no load average is kept */
	unsigned long totalram;	 /* in units of mem_unit bytes */
	unsigned long freeram;
	unsigned long sharedram; /* 0 */
	unsigned long bufferram; /* 0 */
	unsigned long totalswap; /* 0 */
	unsigned long freeswap;	 /* 0 */
	unsigned short procs;	 /* processes */
	unsigned short pad;
	unsigned long totalhigh; /* 0 */
	unsigned long freehigh;	 /* 0 */
	unsigned int mem_unit;	 /* the page: 4096 */
};

int sysinfo(struct sysinfo *info); /* 0, or -1 EFAULT for NULL */
int get_nprocs(void);		   /* CPUs online */
int get_nprocs_conf(void);	   /* CPUs configured: those that came up */
long get_phys_pages(void);
long get_avphys_pages(void);

#endif
