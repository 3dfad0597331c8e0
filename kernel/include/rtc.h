/* rtc.h - the wall clock at boot (kernel/plat/virt/rtc_pl031.c). */
#ifndef KERNEL_RTC_H
#define KERNEL_RTC_H

#include <types.h>

struct rtc_epoch {
	uint64_t seconds; /* since 1970, read from the real-time clock (0: none) */
	uint64_t counter; /* the generic counter at that moment */
};

/* Read the real-time clock once, at boot. */
void rtc_init(void);
struct rtc_epoch rtc_epoch(void);

#endif
