# tests/host/posix/build.mk - the POSIX tests of user/tests/, built for the
# machine that builds Bower and run against its C library and kernel: the
# same program must pass on Linux and on Bower.

POSIXTEST_DIR := $(BUILD)/host/posix
POSIXTESTS    := emptypath devfiles cputimer spawnattr affinity memlimit statfstest polltest psharedtest msynctest fdlimit sleeptest cwdtest killtest pipeio unlinkmap duptest envtest munmaptest mprotecttest sysconftest privatemap pthreadtest shmtest filetimes sigtest
HOST_TESTS    += $(foreach t,$(POSIXTESTS),$(POSIXTEST_DIR)/$(t))
POSIX_HOST_CFLAGS = $(HOST_CFLAGS)

# These run under the undefined-behaviour sanitizer alone: memlimit limits
# its own address space, in which AddressSanitizer's shadow memory cannot
# fit, and psharedtest's semaphores wait across processes, which glibc's
# semaphores as AddressSanitizer wraps them do not wake (a post in one
# process leaves the other's wait to time out).
POSIX_UBSAN_ONLY := memlimit psharedtest
$(foreach t,$(POSIX_UBSAN_ONLY),$(POSIXTEST_DIR)/$(t)): \
	POSIX_HOST_CFLAGS = $(filter-out -fsanitize=%,$(HOST_CFLAGS)) -fsanitize=undefined

$(POSIXTEST_DIR)/%: user/tests/%.c user/tests/posix_check.h user/tests/spawn_self.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(POSIX_HOST_CFLAGS) -pthread -D_DEFAULT_SOURCE -DSCRATCH_DIR='"$(POSIXTEST_DIR)"' $< -o $@
