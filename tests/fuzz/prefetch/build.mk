# tests/fuzz/prefetch/build.mk - fuzzing the profile loader (not part of
# `make test`: it runs for a fixed time and reports what it found).
#
#   make fuzz-prefetch [FUZZ_SECONDS=30]

FUZZ_SECONDS ?= 30
FUZZ_DIR     := $(BUILD)/fuzz/prefetch

$(FUZZ_DIR)/fuzz_profile: tests/fuzz/prefetch/fuzz_profile.c $(PF_SRCS) $(PF_INC)/prefetch/prefetch.h
	@mkdir -p $(@D)
	@echo "  CLANG   $@"
	$(Q)clang -g -O1 -fsanitize=fuzzer,address,undefined -I$(PF_INC) -I$(PF_SRC_INC) \
		tests/fuzz/prefetch/fuzz_profile.c $(PF_SRCS) -o $@

.PHONY: fuzz-prefetch
fuzz-prefetch: deps $(FUZZ_DIR)/fuzz_profile
	@mkdir -p $(FUZZ_DIR)/corpus
	$(FUZZ_DIR)/fuzz_profile -max_total_time=$(FUZZ_SECONDS) $(FUZZ_DIR)/corpus
