# linux/tests/tests.mk - the Linux pager's tests, run by make test.
#
# test_pager links the pager's code under the sanitizers and drives it
# through bp_map; test_launcher runs programs under bower-pager (the
# preloaded library is the optimized one: AddressSanitizer cannot be
# preloaded into a program that was not built with it).

BPL_TEST_DIR := $(BPL_DIR)/tests
BPL_SCRATCH  := $(abspath $(BPL_TEST_DIR)/scratch)
HOST_TESTS += $(BPL_TEST_DIR)/test_pager

$(BPL_TEST_DIR)/test_pager: linux/tests/test_pager.c linux/tests/harness.h linux/tests/files.h $(BPL_A_SAN)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(BPL_CFLAGS) -DSCRATCH_DIR='"$(BPL_SCRATCH)/pager"' $< $(BPL_A_SAN) -o $@

HOST_TESTS += $(BPL_TEST_DIR)/test_launcher

$(BPL_TEST_DIR)/mapper: linux/tests/mapper.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_TOOL_CFLAGS) $< -o $@

$(BPL_TEST_DIR)/test_launcher: linux/tests/test_launcher.c linux/tests/harness.h linux/tests/files.h \
		$(BPL_A_SAN) $(BPL_TEST_DIR)/mapper $(BPL_SO) $(BPL_LAUNCHER) $(SIM_BIN)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(BPL_CFLAGS) -DSCRATCH_DIR='"$(BPL_SCRATCH)/launcher"' \
		-DLAUNCHER='"$(abspath $(BPL_LAUNCHER))"' -DMAPPER='"$(abspath $(BPL_TEST_DIR)/mapper)"' \
		-DSIM='"$(abspath $(SIM_BIN))"' $< $(BPL_A_SAN) -o $@
