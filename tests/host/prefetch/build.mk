# tests/host/prefetch/build.mk - unit tests of the prefetch library.

PFTEST_DIR := $(BUILD)/host/prefetch
HOST_TESTS += $(PFTEST_DIR)/test_predictors $(PFTEST_DIR)/test_profile

$(PFTEST_DIR)/test_%: tests/host/prefetch/test_%.c tests/host/prefetch/drive.h $(PF_LIB) tests/host/check.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -I$(PF_INC) -Itests/host $< $(PF_LIB) -o $@
