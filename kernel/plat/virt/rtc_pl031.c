/*
 * rtc_pl031.c - the wall clock: the virt machine's PL031 real-time clock.
 *
 * The PL031 counts seconds since 1970 in its data register (QEMU starts it
 * at the host's time). It is read once, at boot, together with the generic
 * counter; from then on wall time is that second plus the counter's
 * progress, so reading the time needs no device access and never goes
 * backwards with the counter. user/libc-os/time.c asks for this pair once
 * (rtc_epoch) and computes CLOCK_REALTIME itself.
 */
#include <rtc.h>
#include <arch/cpu.h>
#include <mmio.h>
#include "plat.h"

#define RTC_DR	  0x000 /* data: seconds */
#define RTC_PID0  0xfe0 /* peripheral id: 0x31 for a PL031 */

static struct rtc_epoch epoch;

void rtc_init(void)
{
	volatile uint32_t *rtc = (volatile uint32_t *)KDEV(PLAT_RTC_BASE);
	if ((rtc[RTC_PID0 / 4] & 0xff) != 0x31)
		return; /* no PL031: wall time counts from boot */
	epoch.seconds = rtc[RTC_DR / 4];
	epoch.counter = arch_counter();
}

struct rtc_epoch rtc_epoch(void)
{
	return epoch;
}
