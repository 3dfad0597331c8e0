# The fuzzer checks results against the errors docs/syscalls.md documents:
# tools/generrors.py turns that table into a header it includes.
$(GEN)/fuzz_errors.h: docs/syscalls.md tools/syscalls.tbl tools/generrors.py include/bower/abi.h
	@mkdir -p $(@D)
	$(Q)python3 tools/generrors.py tools/syscalls.tbl docs/syscalls.md $@

$(USER_BIN)/fuzz: $(GEN)/fuzz_errors.h
