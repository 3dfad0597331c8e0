# tests/host/prefetch-sim/build.mk - unit tests of the simulator's parts.

SIMTEST_DIR := $(BUILD)/host/prefetch-sim
HOST_TESTS += $(SIMTEST_DIR)/test_sim

$(SIMTEST_DIR)/test_sim: tests/host/prefetch-sim/test_sim.c $(SIM_SRCS) $(wildcard tools/prefetch-sim/*.h) $(PF_LIB) tests/host/check.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -D_POSIX_C_SOURCE=200809L -I$(PF_INC) -Ilib/rset -Itools/prefetch-sim -Itests/host \
		$< $(SIM_SRCS) $(PF_LIB) -o $@
