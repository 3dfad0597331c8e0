# tests/host/posix/build.mk - the POSIX tests of user/tests/, built for the
# machine that builds Bower and run against its C library and kernel: the
# same program must pass on Linux and on Bower.

POSIXTEST_DIR := $(BUILD)/host/posix
POSIXTESTS    := emptypath devfiles msynctest fdlimit sleeptest cwdtest killtest pipeio unlinkmap duptest envtest munmaptest mprotecttest sysconftest privatemap pthreadtest shmtest filetimes sigtest
HOST_TESTS    += $(foreach t,$(POSIXTESTS),$(POSIXTEST_DIR)/$(t))

$(POSIXTEST_DIR)/%: user/tests/%.c user/tests/posix_check.h user/tests/spawn_self.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -pthread -D_DEFAULT_SOURCE -DSCRATCH_DIR='"$(POSIXTEST_DIR)"' $< -o $@
