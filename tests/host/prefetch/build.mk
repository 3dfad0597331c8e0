# tests/host/prefetch/build.mk - unit tests of the prefetch library.

PFTEST_DIR := $(BUILD)/host/prefetch
HOST_TESTS += $(PFTEST_DIR)/test_predictors $(PFTEST_DIR)/test_profile $(PFTEST_DIR)/test_generalize \
	      $(PFTEST_DIR)/test_learn_later $(PFTEST_DIR)/test_resfit

$(PFTEST_DIR)/test_%: tests/host/prefetch/test_%.c tests/host/prefetch/drive.h lib/rset/rset.c lib/rset/rset.h $(PF_LIB) tests/host/check.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -I$(PF_INC) -I$(PF_SRC_INC) -Ilib/rset -Itests/host $< lib/rset/rset.c $(PF_LIB) -o $@
