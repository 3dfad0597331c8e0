# tests/host/rset/build.mk - the resident set's eviction rule (lib/rset),
# checked against a plain model under the sanitizers.

RSET_TEST := $(BUILD)/host/rset/test_rset
HOST_TESTS += $(RSET_TEST)

$(RSET_TEST): tests/host/rset/test_rset.c lib/rset/rset.c lib/rset/rset.h tests/host/check.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -Ilib/rset -Itests/host $(filter %.c,$^) -o $@
